"""The values a bulk job passes around: a row to dial, and the outcome of one row."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

#: What became of a row. ``unknown``: the request may have reached Plivo (never redialled
#: automatically); ``skipped``: refused before dialling (bad or repeated input);
#: ``pending``: not reached (the job was interrupted).
OutcomeStatus = Literal["placed", "failed", "unknown", "skipped", "pending"]


@attrs.frozen(kw_only=True)
class DialRow:
    """One destination to dial.

    ``key`` identifies the row for the journal and resume (the CLI uses its line number in the
    input file); ``options`` are per-row ``calls.create`` arguments (Python names: ``from_``,
    ``answer_url``, ...) overriding the job's defaults.
    """

    key: str
    to: str
    options: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class DialOutcome:
    """What became of one row."""

    key: str
    to: str
    status: OutcomeStatus
    #: Plivo's request UUID for this destination, when placed.
    request_uuid: str | None = None
    #: The error's message (failed, unknown, skipped); never a credential.
    error: str | None = None
    #: HTTP attempts made for this row's request (retries included; 0 if never sent).
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    #: True when this outcome was read from the journal (recorded by an earlier run of the job,
    #: or found by ``reconcile_unknown``) rather than produced by dialling in this run.
    resumed: bool = False
