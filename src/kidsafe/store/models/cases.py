"""Tables of the `cases` capability."""

from __future__ import annotations
