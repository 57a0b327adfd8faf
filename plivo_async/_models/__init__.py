"""Response models (frozen attrs classes), grouped per API family."""

from ._base import Acknowledgement, Meta, Model, Page
from ._calls import (
    Call,
    CallCreated,
    CallDigitsSent,
    CallFeedback,
    CallInSession,
    CallPlayStarted,
    CallRecordingStarted,
    CallSpeakStarted,
    CallSpeakStopped,
    CallTransferred,
    CallUuids,
    LiveCall,
    QueuedCall,
)
from ._conferences import (
    Conference,
    ConferenceHungUp,
    ConferenceMember,
    ConferenceMemberAction,
    ConferenceNames,
    ConferenceRecordingStarted,
)
from ._endpoints import (
    Endpoint,
    EndpointCreated,
    EndpointUpdated,
)
from ._multi_party_calls import (
    MultiPartyCall,
    MultiPartyCallPlayStarted,
    MultiPartyCallRecordingStarted,
    Participant,
    ParticipantAdded,
    ParticipantCall,
    ParticipantUpdated,
)
from ._recordings import (
    Recording,
)
from ._streams import (
    Stream,
    StreamStarted,
)
from ._verified_caller_ids import (
    VerificationInitiated,
    VerifiedCallerId,
)

__all__ = [
    "Acknowledgement",
    "Call",
    "CallCreated",
    "CallDigitsSent",
    "CallFeedback",
    "CallInSession",
    "CallPlayStarted",
    "CallRecordingStarted",
    "CallSpeakStarted",
    "CallSpeakStopped",
    "CallTransferred",
    "CallUuids",
    "Conference",
    "ConferenceHungUp",
    "ConferenceMember",
    "ConferenceMemberAction",
    "ConferenceNames",
    "ConferenceRecordingStarted",
    "Endpoint",
    "EndpointCreated",
    "EndpointUpdated",
    "LiveCall",
    "Meta",
    "Model",
    "MultiPartyCall",
    "MultiPartyCallPlayStarted",
    "MultiPartyCallRecordingStarted",
    "Page",
    "Participant",
    "ParticipantAdded",
    "ParticipantCall",
    "ParticipantUpdated",
    "QueuedCall",
    "Recording",
    "Stream",
    "StreamStarted",
    "VerificationInitiated",
    "VerifiedCallerId",
]
