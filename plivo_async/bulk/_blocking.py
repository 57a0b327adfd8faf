"""``BlockingBulkDialer``: the bulk dialer for the blocking ``Client``.

The async dialer runs on the client's own event-loop thread (its portal); outcomes cross to
the caller's thread in batches, one portal call per batch rather than per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .._errors import ValidationError
from ._dialer import CHUNK, BulkDialer, DialRun
from ._journal import Journal
from ._model import DialOutcome, DialRow
from ._packing import MAX_PACK

if TYPE_CHECKING:
    from .._sync import Client
    from ._reconcile import Reconciliation

__all__ = ["BlockingBulkDialer"]


class BlockingBulkDialer:
    """``BulkDialer`` for a blocking ``Client``: same arguments; ``run`` is a plain iterator.

    The input is read on the client's loop thread. Ctrl-C (``KeyboardInterrupt``) while
    iterating stops the job as ``stop()`` does: the remaining outcomes (cut off, pending) are
    still yielded, then the ``KeyboardInterrupt`` is raised again.
    """

    def __init__(
        self,
        client: Client,
        *,
        defaults: Mapping[str, Any] | None = None,
        concurrency: int = 64,
        pack: bool = False,
        pack_size: int = MAX_PACK,
        pack_linger: float = 0.05,
        journal: Journal | None = None,
        grace: float = 5.0,
        report_pending: bool = True,
    ) -> None:
        from .._sync import Client

        if not isinstance(client, Client):
            raise ValidationError("client", f"must be a plivo_async.Client, got {client!r}")
        self._portal = client._portal
        self._dialer = BulkDialer(
            client.async_client,
            defaults=defaults,
            concurrency=concurrency,
            pack=pack,
            pack_size=pack_size,
            pack_linger=pack_linger,
            journal=journal,
            grace=grace,
            report_pending=report_pending,
        )

    def __repr__(self) -> str:
        return repr(self._dialer).replace("BulkDialer", "BlockingBulkDialer", 1)

    @property
    def journal(self) -> Journal | None:
        return self._dialer.journal

    def run(
        self, rows: Iterable[DialRow], *, redial_unknown: bool = False
    ) -> Iterator[DialOutcome]:
        """Dial ``rows`` and yield each row's outcome as it completes (see ``BulkDialer.run``)."""
        if redial_unknown:
            self.reconcile_unknown()
        dialer = self._dialer

        async def start() -> DialRun:
            return dialer.start(rows)

        job = self._portal.call(start)
        interrupted: KeyboardInterrupt | None = None
        try:
            while True:
                try:
                    batch = self._portal.call(job.next_batch, CHUNK)
                except KeyboardInterrupt as exc:
                    interrupted = exc
                    dialer.stop()
                    continue
                if batch is None:
                    break
                yield from batch
        finally:
            self._portal.call(job.close)
        if interrupted is not None:
            raise interrupted

    def stop(self) -> None:
        """Stop issuing (thread-safe); see ``BulkDialer.stop``."""
        self._dialer.stop()

    def reconcile_unknown(self) -> Reconciliation:
        """See ``BulkDialer.reconcile_unknown``."""
        return self._portal.call(self._dialer.reconcile_unknown)
