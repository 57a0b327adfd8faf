"""Reading the Plivo XML a user's server answers with, as Plivo would refuse it.

Defensive: at most 100 KB (``MAX_XML_BYTES``), an XML content type, no DTD (so no entity can
be declared, let alone expanded), well-formed, ``<Response>`` at the root, only Plivo's
elements where Plivo allows them (plivo-xml.md §0), the text the elements need, and the
attributes the simulator acts on checked like API arguments, with the SDK's ``Param``. A
document that fails any of it ends the call ("Invalid Answer XML" and friends).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from plivo_async._errors import ValidationError
from plivo_async._validation import Param
from plivo_async.xml._verbs import VERBS

__all__ = ["MAX_XML_BYTES", "InvalidXml", "Step", "parse_document"]

#: Plivo reads at most 100 KB of XML from a URL (plivo-xml.md §20: 100,000 bytes).
MAX_XML_BYTES = 100_000
XML_CONTENT_TYPES = frozenset({"text/xml", "application/xml"})

_TOP = frozenset(VERBS)  # what a <Response> may hold, as the builder enforces it
_SSML = frozenset(
    {"break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w"}
)
_PROMPTS = frozenset({"Speak", "Play", "Wait"})
_CHILDREN: dict[str, frozenset[str]] = {
    "GetDigits": _PROMPTS,
    "GetInput": _PROMPTS,
    "PreAnswer": _PROMPTS | {"GetDigits", "Redirect", "Message", "DTMF"},
    "Dial": frozenset({"Number", "User"}),
    "Speak": _SSML,
    **dict.fromkeys(("emphasis", "lang", "p", "prosody", "s", "w"), _SSML),
}
#: Elements whose text is what they act on (a URL, a number, a room, digits).
_NEEDS_TEXT = frozenset(
    {"Play", "Redirect", "DTMF", "Number", "User", "Conference", "MultiPartyCall", "Stream"}
)
_KEYS = frozenset("0123456789*#")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


@dataclass(frozen=True)
class Step:
    """One element: its tag, its text (SSML text included), typed attributes, children."""

    tag: str
    text: str
    attrs: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[Step, ...] = ()


class InvalidXml(Exception):
    """The document is not Plivo XML the simulator (or Plivo) would run."""


def _methods(name: str) -> Param:
    return Param(name, choices=frozenset({"GET", "POST"}), ignore_case=True)


def _url(name: str) -> Param:
    return Param(name, url="http")


def _int(name: str, minimum: int | None = None, maximum: int | None = None) -> Param:
    return Param(name, int, minimum=minimum, maximum=maximum)


def _bool(name: str) -> Param:
    return Param(name, bool)


_FINISH_KEYS = Param("finishOnKey", choices=frozenset({*_KEYS, "", "none"}), ignore_case=True)

#: Per element: XML attribute -> (its check, Plivo's default). Attributes not listed are
#: accepted as they are (the simulator does not act on them).
_ATTRIBUTES: dict[str, dict[str, tuple[Param, Any]]] = {
    "Speak": {"loop": (_int("loop", 0), 1)},
    "Play": {"loop": (_int("loop", 0), 1)},
    "Wait": {
        "length": (_int("length", 1), 1),
        "silence": (_bool("silence"), False),
        "minSilence": (_int("minSilence", 1), 2000),
        "beep": (_bool("beep"), False),
    },
    "Hangup": {
        "reason": (Param("reason", choices=frozenset({"rejected", "busy"})), None),
        "schedule": (_int("schedule", 1), None),
    },
    "Redirect": {"method": (_methods("method"), "POST")},
    "DTMF": {"async": (_bool("async"), True)},
    "GetDigits": {
        "action": (_url("action"), None),
        "method": (_methods("method"), "POST"),
        "timeout": (_int("timeout", 1), 5),
        "digitTimeout": (_int("digitTimeout", 1), 2),
        "finishOnKey": (_FINISH_KEYS, "#"),
        "numDigits": (_int("numDigits", 1), 99),
        "retries": (_int("retries", 1), 1),
        "redirect": (_bool("redirect"), True),
        "playBeep": (_bool("playBeep"), False),
        "validDigits": (Param("validDigits"), "1234567890*#"),
        "invalidDigitsSound": (_url("invalidDigitsSound"), None),
        "log": (_bool("log"), True),
    },
    "GetInput": {
        "action": (_url("action"), None),
        "method": (_methods("method"), "POST"),
        "inputType": (
            Param("inputType", choices=frozenset({"dtmf", "speech", "dtmf speech", "speech dtmf"})),
            "dtmf speech",
        ),
        "executionTimeout": (_int("executionTimeout", 5, 60), 15),
        "digitEndTimeout": (Param("digitEndTimeout"), "auto"),
        "speechEndTimeout": (Param("speechEndTimeout"), "auto"),
        "finishOnKey": (_FINISH_KEYS, "#"),
        "numDigits": (_int("numDigits", 1, 32), 32),
        "retries": (_int("retries", 1), 1),
        "redirect": (_bool("redirect"), True),
        "log": (_bool("log"), True),
        "profanityFilter": (_bool("profanityFilter"), False),
        "interimSpeechResultsCallback": (_url("interimSpeechResultsCallback"), None),
        "interimSpeechResultsCallbackMethod": (
            _methods("interimSpeechResultsCallbackMethod"),
            "POST",
        ),
    },
    "Dial": {
        "action": (_url("action"), None),
        "method": (_methods("method"), "POST"),
        "timeout": (_int("timeout", 1), None),
        "timeLimit": (_int("timeLimit", 1), 14400),
        "callerId": (Param("callerId"), None),
        "callerName": (Param("callerName", max_length=50), None),
        "redirect": (_bool("redirect"), True),
        "hangupOnStar": (_bool("hangupOnStar"), False),
        "callbackUrl": (_url("callbackUrl"), None),
        "callbackMethod": (_methods("callbackMethod"), "POST"),
    },
}


def parse_document(body: bytes, content_type: str, *, too_large: bool = False) -> list[Step]:
    """The elements of a ``<Response>`` document, or ``InvalidXml`` saying what is wrong."""
    if too_large or len(body) > MAX_XML_BYTES:
        raise InvalidXml(f"the document is larger than {MAX_XML_BYTES} bytes")
    if content_type.lower() not in XML_CONTENT_TYPES:
        shown = content_type or "none"
        raise InvalidXml(f"Content-Type must be text/xml or application/xml, not {shown}")
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise InvalidXml("a DTD (<!DOCTYPE>, <!ENTITY>) is not allowed")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise InvalidXml(f"not well-formed XML: {exc}") from None
    if root.tag != "Response":
        raise InvalidXml(f"the root element must be <Response>, not <{root.tag}>")
    if (root.text or "").strip():
        raise InvalidXml("<Response> has text outside any element")
    return [_step(child, "Response", _TOP) for child in root]


def _step(element: ET.Element, parent: str, allowed: frozenset[str]) -> Step:
    tag = element.tag
    if not isinstance(tag, str) or tag not in allowed:
        shown = tag if isinstance(tag, str) else "a comment or processing instruction"
        raise InvalidXml(f"<{shown}> is not allowed inside <{parent}>")
    children_allowed = _CHILDREN.get(tag, frozenset())
    children = tuple(
        _step(child, tag, children_allowed)
        for child in element
        if isinstance(child.tag, str)  # comments are dropped by the default parser anyway
    )
    text = "".join(element.itertext()).strip()
    if tag in _NEEDS_TEXT and not text:
        raise InvalidXml(f"<{tag}> needs text content")
    if tag == "Speak" and not text and not children:
        raise InvalidXml("<Speak> needs text content")
    if tag == "Dial" and not children:
        raise InvalidXml("<Dial> needs at least one <Number> or <User>")
    if tag == "Redirect":
        _check(tag, _url("Redirect"), text)
    attrs = _attributes(tag, element.attrib)
    if tag == "GetDigits" and not set(attrs["validDigits"]) <= _KEYS:
        raise InvalidXml("<GetDigits> validDigits: must be made of 0-9, * and #")
    if tag == "GetInput":
        for name in ("digitEndTimeout", "speechEndTimeout"):
            value = attrs[name]
            if value != "auto" and not (value.isdigit() and 2 <= int(value) <= 10):
                raise InvalidXml(f"<GetInput> {name}: must be 'auto' or 2 to 10, got {value!r}")
    return Step(tag, text, attrs, children)


def _attributes(tag: str, given: Mapping[str, str]) -> dict[str, Any]:
    schema = _ATTRIBUTES.get(tag, {})
    attrs: dict[str, Any] = {name: default for name, (_, default) in schema.items()}
    for name, raw in given.items():
        entry = schema.get(name)
        if entry is None:
            attrs[name] = raw
            continue
        param = entry[0]
        value: Any = raw
        if param.kind is int:
            if not _INTEGER.fullmatch(raw.strip()):
                raise InvalidXml(f"<{tag}> {name}: must be an integer, got {raw!r}")
            value = int(raw)
        elif param.kind is bool:
            if raw.strip().lower() not in ("true", "false"):
                raise InvalidXml(f"<{tag}> {name}: must be true or false, got {raw!r}")
            value = raw.strip().lower() == "true"
        attrs[name] = _check(tag, param, value)
    return attrs


def _check(tag: str, param: Param, value: Any) -> Any:
    try:
        return param.convert(value)
    except ValidationError as exc:
        raise InvalidXml(f"<{tag}> {exc}") from None
