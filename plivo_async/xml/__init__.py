"""Plivo XML, typed: the documents a service returns from its ``answer_url`` (and other XML URLs).

```python
from plivo_async.xml import GetDigits, Redirect, Response, Speak

document = Response().add(
    GetDigits(action="https://example.com/menu", num_digits=1, timeout=7).add(
        Speak("Press 1 for sales, 2 for support.")
    ),
    Redirect("https://example.com/answer"),
)
body = document.to_xml()    # served with Content-Type: text/xml
```

One class per element, named as its tag (``break`` is ``Break``, ``say-as`` is ``SayAs``); the
text as the first argument; attributes as snake_case keywords (``finish_on_key="#"`` is written
``finishOnKey="#"``, ``redirect=False`` ``redirect="false"``), checked when the element is
built; nesting checked by ``add``, and the rules on a whole document before ``to_xml`` renders
it. Every refusal is a ``plivo_async.ValidationError`` naming the argument and the element.

This ``Response`` is a Plivo XML document, not an HTTP response: it is not exported from
``plivo_async``, whose ``Response`` is something else.
"""

from ._element import MAX_DOCUMENT_BYTES, Element
from ._ssml import Break, Cont, Emphasis, Lang, P, Phoneme, Prosody, S, SayAs, Sub, W
from ._verbs import (
    DTMF,
    Conference,
    Dial,
    GetDigits,
    GetInput,
    Hangup,
    Message,
    MultiPartyCall,
    Number,
    Play,
    PreAnswer,
    Record,
    Redirect,
    Response,
    Speak,
    Stream,
    User,
    Wait,
)

__all__ = [
    "DTMF",
    "MAX_DOCUMENT_BYTES",
    "Break",
    "Conference",
    "Cont",
    "Dial",
    "Element",
    "Emphasis",
    "GetDigits",
    "GetInput",
    "Hangup",
    "Lang",
    "Message",
    "MultiPartyCall",
    "Number",
    "P",
    "Phoneme",
    "Play",
    "PreAnswer",
    "Prosody",
    "Record",
    "Redirect",
    "Response",
    "S",
    "SayAs",
    "Speak",
    "Stream",
    "Sub",
    "User",
    "W",
    "Wait",
]
