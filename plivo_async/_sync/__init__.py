"""The blocking facade: ``Client`` and its generated resource classes."""

from ._client import Client
from ._paginator import SyncPaginator

__all__ = ["Client", "SyncPaginator"]
