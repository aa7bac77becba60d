"""Tables of the `conversation` capability."""

from __future__ import annotations
