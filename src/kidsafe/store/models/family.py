"""Tables of the `family` capability."""

from __future__ import annotations
