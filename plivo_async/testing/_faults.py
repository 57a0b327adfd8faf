"""Fault injection: what a flaky network or an overloaded Plivo does to a request.

A test declares rules (per endpoint, method or path pattern, or global); every request that
reaches the server draws once from a seeded random generator, so a run is reproducible. The
"drop after" fault is the dangerous one for a client: the call was placed, the answer is lost.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

__all__ = ["Fault", "FaultAction", "FaultDecision", "FaultInjector"]

FaultAction = Literal["server_error", "too_many_requests", "drop_before", "drop_after", "hang"]

_FRACTIONS: tuple[FaultAction, ...] = (
    "drop_before",
    "server_error",
    "too_many_requests",
    "hang",
    "drop_after",
)


@dataclass
class Fault:
    """One rule. Fractions are probabilities in [0, 1] whose sum is at most 1.

    - ``endpoint``: a catalog id (``"call.create"``) or a prefix ending in ``*`` (``"mpc.*"``);
      ``method`` and ``path`` (a regular expression searched in the path) narrow it further.
      All three unset = every request.
    - ``latency``: real seconds added before answering (applies to every matching request).
    - ``server_error``: answer ``server_error_status`` (500 by default) without processing.
    - ``too_many_requests``: answer 429 without processing; ``Retry-After: retry_after`` if set.
    - ``drop_before`` / ``drop_after``: close the connection before / after the request is
      processed (after = the state changed, e.g. the call was placed, but no answer came back).
    - ``hang``: never answer (the client's read timeout has to fire).
    - ``times``: the rule applies to that many matching requests, then is spent.
    """

    endpoint: str | None = None
    method: str | None = None
    path: str | None = None
    latency: float = 0.0
    server_error: float = 0.0
    server_error_status: int = 500
    too_many_requests: float = 0.0
    retry_after: float | None = None
    drop_before: float = 0.0
    drop_after: float = 0.0
    hang: float = 0.0
    times: int | None = None
    id: int = field(default=0, compare=False)
    applied: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        total = 0.0
        for name in _FRACTIONS:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a fraction between 0 and 1, got {value!r}")
            total += value
        if total > 1.0 + 1e-9:
            raise ValueError(f"the fault fractions add up to {total:.3f}, more than 1")
        if self.latency < 0:
            raise ValueError("latency must not be negative")
        if not 500 <= self.server_error_status <= 599:
            raise ValueError("server_error_status must be a 5xx status")
        if self.path is not None:
            re.compile(self.path)

    def matches(self, method: str, path: str, endpoint_id: str | None) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.endpoint is not None:
            if endpoint_id is None:
                return False
            if self.endpoint.endswith("*"):
                if not endpoint_id.startswith(self.endpoint[:-1]):
                    return False
            elif self.endpoint != endpoint_id:
                return False
        return self.path is None or re.search(self.path, path) is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fault:
        names = {f.name for f in fields(cls)} - {"id", "applied"}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        return cls(**data)


@dataclass(frozen=True)
class FaultDecision:
    latency: float = 0.0
    action: FaultAction | None = None
    status: int | None = None
    retry_after: float | None = None
    rule_id: int | None = None


class FaultInjector:
    """The ordered rule set and its seeded generator (thread-safe: the HTTP API edits it too)."""

    def __init__(self, seed: int | None = 0) -> None:
        self._rng = random.Random(seed)
        self._rules: list[Fault] = []
        self._next_id = 1
        self._lock = threading.Lock()

    def add(self, fault: Fault | None = None, /, **kwargs: Any) -> Fault:
        """Add a rule (a ``Fault`` or its fields as keywords); returns it with its ``id``."""
        rule = fault if fault is not None else Fault(**kwargs)
        with self._lock:
            rule.id = self._next_id
            self._next_id += 1
            self._rules.append(rule)
        return rule

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def reseed(self, seed: int | None) -> None:
        with self._lock:
            self._rng.seed(seed)

    @property
    def rules(self) -> list[Fault]:
        with self._lock:
            return list(self._rules)

    def decide(self, method: str, path: str, endpoint_id: str | None) -> FaultDecision:
        latency = 0.0
        with self._lock:
            for rule in list(self._rules):
                if not rule.matches(method, path, endpoint_id):
                    continue
                rule.applied += 1
                if rule.times is not None and rule.applied >= rule.times:
                    self._rules.remove(rule)
                latency += rule.latency
                roll = self._rng.random()
                threshold = 0.0
                for action in _FRACTIONS:
                    threshold += getattr(rule, action)
                    if roll < threshold:
                        return FaultDecision(
                            latency=latency,
                            action=action,
                            status=(
                                rule.server_error_status
                                if action == "server_error"
                                else 429
                                if action == "too_many_requests"
                                else None
                            ),
                            retry_after=rule.retry_after if action == "too_many_requests" else None,
                            rule_id=rule.id,
                        )
        return FaultDecision(latency=latency)
