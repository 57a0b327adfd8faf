"""Models of the verified caller ids family."""

from __future__ import annotations
