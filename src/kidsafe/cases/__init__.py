"""Reports, review queue, enforcement actions, statements of reasons, notices, appeals and audit."""
