"""Answering Plivo: signature V3, typed callback models, and web framework glue.

``import plivo_async`` does not import this package; import it where your web service needs it.
The glue lives in submodules: ``plivo_async.webhooks.aiohttp`` and
``plivo_async.webhooks.starlette`` (the ``starlette`` extra; FastAPI too).
"""

from ._callbacks import (
    AnswerCallback,
    ApiRecordingCallback,
    Callback,
    CallCallback,
    ConferenceCallback,
    DialActionCallback,
    DialCallback,
    DigitsCallback,
    HangupCallback,
    InputCallback,
    InterimSpeechCallback,
    MachineDetectionCallback,
    MPCExitCallback,
    MPCParticipantCallCallback,
    MPCRecordingCallback,
    MPCStatusCallback,
    RecordingCallback,
    RingCallback,
    StreamStatusCallback,
    TranscriptionCallback,
    Wire,
    callback_model,
    parse_callback,
)
from ._receive import WebhookRejected, WebhookVerifier, XMLDocument, xml_text
from ._signature import (
    MAIN_ACCOUNT_SIGNATURE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    compute_v3_signature,
    validate_v3_signature,
)

__all__ = [
    "MAIN_ACCOUNT_SIGNATURE_HEADER",
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "AnswerCallback",
    "ApiRecordingCallback",
    "CallCallback",
    "Callback",
    "ConferenceCallback",
    "DialActionCallback",
    "DialCallback",
    "DigitsCallback",
    "HangupCallback",
    "InputCallback",
    "InterimSpeechCallback",
    "MPCExitCallback",
    "MPCParticipantCallCallback",
    "MPCRecordingCallback",
    "MPCStatusCallback",
    "MachineDetectionCallback",
    "RecordingCallback",
    "RingCallback",
    "StreamStatusCallback",
    "TranscriptionCallback",
    "WebhookRejected",
    "WebhookVerifier",
    "Wire",
    "XMLDocument",
    "callback_model",
    "compute_v3_signature",
    "parse_callback",
    "validate_v3_signature",
    "xml_text",
]
