"""Models of the multi party calls family."""

from __future__ import annotations
