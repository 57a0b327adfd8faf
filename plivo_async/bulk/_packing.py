"""Native bulk packing: rows that share every ``calls.create`` argument but ``to`` go out as
one ``POST Call/`` with up to 1000 ``<``-joined destinations.

A group never holds a destination twice (the reference promises nothing about repeats), and a
row carrying ``parent_call_uuid`` is never packed (Plivo ignores it on bulk calls).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import attrs

from ._model import DialRow

__all__ = ["MAX_PACK", "Group", "Packer", "pack_key"]

#: Plivo's limit on destinations in one bulk call.
MAX_PACK = 1000
#: Open groups (distinct argument sets) kept at once; the oldest is sent beyond this.
MAX_OPEN_GROUPS = 64


def pack_key(options: Mapping[str, Any]) -> Hashable | None:
    """What rows must share to be packed together, or None when this row must go alone."""
    if options.get("parent_call_uuid") is not None:
        return None
    key = tuple(sorted((k, v) for k, v in options.items() if k != "to" and v is not None))
    try:
        hash(key)
    except TypeError:  # an unhashable argument value: no way to compare it cheaply
        return None
    return key


@attrs.define(slots=True)
class Group:
    """Rows sent in one request: their shared arguments (without ``to``) and the rows."""

    options: dict[str, Any]
    rows: list[DialRow] = attrs.field(factory=list)
    destinations: set[str] = attrs.field(factory=set)
    born: float = 0.0


class Packer:
    """Collects rows into groups; returns each group once it must be sent."""

    __slots__ = ("_groups", "_size")

    def __init__(self, size: int) -> None:
        self._size = size
        self._groups: dict[Hashable, Group] = {}

    def add(self, key: Hashable, row: DialRow, options: dict[str, Any], now: float) -> list[Group]:
        """Add ``row`` to its group; the groups now ready to send (full, repeated, too many)."""
        ready: list[Group] = []
        group = self._groups.get(key)
        if group is not None and row.to in group.destinations:
            # The destination is already in this request: send it, start the next one.
            ready.append(self._groups.pop(key))
            group = None
        if group is None:
            if len(self._groups) >= MAX_OPEN_GROUPS:
                ready.append(self._groups.pop(next(iter(self._groups))))
            group = self._groups[key] = Group(options=options, born=now)
        group.rows.append(row)
        group.destinations.add(row.to)
        if len(group.rows) >= self._size:
            ready.append(self._groups.pop(key))
        return ready

    def due(self, before: float) -> list[Group]:
        """Open groups started before ``before`` (waited long enough for company)."""
        old = [key for key, group in self._groups.items() if group.born < before]
        return [self._groups.pop(key) for key in old]

    def drain(self) -> list[Group]:
        """Every open group."""
        groups = list(self._groups.values())
        self._groups.clear()
        return groups

    def __bool__(self) -> bool:
        return bool(self._groups)
