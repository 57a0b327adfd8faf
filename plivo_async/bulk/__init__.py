"""Bulk dialing: many calls at the account's calls-per-second, with a crash-safe journal.

See ``docs/bulk-dialing.md``.
"""

from ._model import DialOutcome, DialRow, OutcomeStatus

__all__ = ["DialOutcome", "DialRow", "OutcomeStatus"]
