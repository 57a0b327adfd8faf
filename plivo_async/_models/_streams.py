"""Models of the streams family."""

from __future__ import annotations
