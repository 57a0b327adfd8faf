"""Models of the conferences family."""

from __future__ import annotations
