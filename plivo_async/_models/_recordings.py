"""Models of the recordings family."""

from __future__ import annotations
