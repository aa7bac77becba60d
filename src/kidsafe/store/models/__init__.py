"""All tables. Importing this package registers every model on ``Base.metadata``.

One module per capability keeps each one's tables beside its name.
"""

from kidsafe.store.models import cases, conversation, family, media, policy  # noqa: F401
from kidsafe.store.models.core import ApiKey, AuditEntry, Event, EventCursor, KeyValue, StaffUser

__all__ = ["ApiKey", "AuditEntry", "Event", "EventCursor", "KeyValue", "StaffUser"]
