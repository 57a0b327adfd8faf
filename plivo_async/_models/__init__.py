"""Response models (frozen attrs classes), grouped per API family."""

from ._base import Acknowledgement, Meta, Model, Page
from ._calls import (
    Call,
    CallCreated,
    CallInSession,
    CallTransferred,
    CallUuids,
    LiveCall,
    QueuedCall,
)

__all__ = [
    "Acknowledgement",
    "Call",
    "CallCreated",
    "CallInSession",
    "CallTransferred",
    "CallUuids",
    "LiveCall",
    "Meta",
    "Model",
    "Page",
    "QueuedCall",
]
