"""Bulk dialing: many calls at the account's calls-per-second, with a crash-safe journal.

```python
from plivo_async.bulk import BulkDialer, DialRow, Journal, file_digest

journal = Journal.open("job.db", input_hash=file_digest("numbers.csv"))
dialer = BulkDialer(client, defaults={"from_": "14155550100", "answer_url": URL},
                    journal=journal)
async for outcome in dialer.run(rows):      # one DialOutcome per row, as calls complete
    ...
```

See ``docs/bulk-dialing.md``.
"""

from ._blocking import BlockingBulkDialer
from ._dialer import BulkDialer, DialRun
from ._journal import JobInfo, Journal, JournalError, file_digest
from ._model import DialOutcome, DialRow, OutcomeStatus
from ._packing import MAX_PACK
from ._reconcile import Reconciliation, reconcile_unknown

__all__ = [
    "MAX_PACK",
    "BlockingBulkDialer",
    "BulkDialer",
    "DialOutcome",
    "DialRow",
    "DialRun",
    "JobInfo",
    "Journal",
    "JournalError",
    "OutcomeStatus",
    "Reconciliation",
    "file_digest",
    "reconcile_unknown",
]
