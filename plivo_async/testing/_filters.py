"""List filters shared by calls, recordings and multiparty calls: the ``__gt/__gte/__lt/__lte``
suffixes, UTC filter times and the reference's 30-day window rule."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from ._core import ApiError, RequestContext

__all__ = ["COMPARISONS", "check_window", "matches_number_filters", "matches_time_filters"]

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "": operator.eq,
    "__gt": operator.gt,
    "__gte": operator.ge,
    "__lt": operator.lt,
    "__lte": operator.le,
}


def parse_filter_time(name: str, value: Any) -> datetime:
    """Filter values are UTC, ``YYYY-MM-DD HH:MM[:ss[.uuuuuu]]``."""
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(value), fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ApiError(400, f"{name} must be a UTC time formatted YYYY-MM-DD HH:MM[:ss[.uuuuuu]]")


def check_window(ctx: RequestContext, name: str) -> None:
    """Explicit ranges may span at most 30 days (400 otherwise), as the reference says."""
    lower = ctx.args.get(f"{name}__gt") or ctx.args.get(f"{name}__gte")
    upper = ctx.args.get(f"{name}__lt") or ctx.args.get(f"{name}__lte")
    if lower is not None and upper is not None:
        span = parse_filter_time(name, upper) - parse_filter_time(name, lower)
        if span > timedelta(days=30):
            raise ApiError(400, f"{name} range exceeds the 30-day search boundary")


def matches_time_filters(ctx: RequestContext, name: str, moment: datetime | None) -> bool:
    for suffix, compare in COMPARISONS.items():
        wanted = ctx.args.get(name + suffix)
        if wanted is None:
            continue
        if moment is None:
            return False
        if not compare(moment.replace(microsecond=0), parse_filter_time(name, wanted)):
            return False
    return True


def matches_number_filters(ctx: RequestContext, name: str, value: int | None) -> bool:
    for suffix, compare in COMPARISONS.items():
        wanted = ctx.args.get(name + suffix)
        if wanted is None:
            continue
        if value is None or not compare(value, int(wanted)):
            return False
    return True
