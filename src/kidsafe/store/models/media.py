"""Tables of the `media` capability."""

from __future__ import annotations
