"""SSML inside ``Speak`` (Plivo's SSML is Amazon Polly's: it needs a ``Polly.*`` voice).

Values are the W3C/Polly ones Plivo's SSML page points to. Text between SSML elements is added
as a plain string (``Speak("Hello").add(Break(time="1s"), " world")``); ``Cont`` is kept for code
written against the official SDK, whose ``cont`` becomes its text with a space each side.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from .._endpoint import Arg
from ._attributes import Text, matches, only_with
from ._element import Element

__all__ = [
    "Break",
    "Cont",
    "Emphasis",
    "Lang",
    "P",
    "Phoneme",
    "Prosody",
    "S",
    "SayAs",
    "Sub",
    "W",
]

_ALL = ("break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w")
_INLINE = ("break", "emphasis", "lang", "phoneme", "prosody", "say-as", "sub", "w")
_SIGNED = r"[+-](?:\d+(?:\.\d+)?)"


class Break(
    Element,
    tag="break",
    checks=[matches("time", re.compile(r"\d+(?:\.\d+)?m?s"), "a duration like '500ms' or '2s'")],
):
    """A pause, of a ``strength`` or a ``time`` (``"500ms"``, ``"2s"``; Polly caps it at 10 s)."""

    def __init__(
        self,
        *,
        strength: Literal["none", "x-weak", "weak", "medium", "strong", "x-strong"] | None = None,
        time: str | None = None,
    ) -> None:
        self._init(locals())


class Cont(Element, tag="cont", children=(*_ALL, "cont"), mixed=True):
    """A run of text (and SSML) rendered in its parent with a space each side, as the SDK's."""

    def __init__(self, content: str = "") -> None:
        self._init(locals())


class Emphasis(Element, tag="emphasis", children=_INLINE, mixed=True):
    """Words said with emphasis (not available with Polly neural voices)."""

    def __init__(
        self, content: str = "", *, level: Literal["strong", "moderate", "reduced"] | None = None
    ) -> None:
        self._init(locals())


class Lang(
    Element,
    tag="lang",
    children=_ALL,
    mixed=True,
    checks=[
        matches(
            "xml_lang",
            re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"),
            "a language tag like 'fr-FR'",
        )
    ],
):
    """Words in another language (``xml_lang``: its tag, rendered ``xml:lang``)."""

    def __init__(
        self,
        content: str = "",
        *,
        xml_lang: Annotated[str, Arg(wire="{http://www.w3.org/XML/1998/namespace}lang")],
    ) -> None:
        self._init(locals())


class P(Element, tag="p", children=(*_INLINE, "s"), mixed=True):
    """A paragraph."""

    def __init__(self, content: str = "") -> None:
        self._init(locals())


class Phoneme(Element, tag="phoneme"):
    """A word (``content``) said as its phonetic spelling ``ph`` says (real Unicode, not
    ``&#x..;`` references: they would be escaped)."""

    def __init__(
        self, content: str, *, ph: str, alphabet: Literal["ipa", "x-sampa"] | None = None
    ) -> None:
        self._init(locals())


_VOLUME = re.compile(rf"default|silent|x-soft|soft|medium|loud|x-loud|{_SIGNED}dB")
_RATE = re.compile(r"x-slow|slow|medium|fast|x-fast|default|\d+(?:\.\d+)?%")
_PITCH = re.compile(rf"default|x-low|low|medium|high|x-high|{_SIGNED}%")


class Prosody(
    Element,
    tag="prosody",
    children=_ALL,
    mixed=True,
    checks=[
        matches("volume", _VOLUME, "silent, x-soft, soft, medium, loud, x-loud or '+ndB'/'-ndB'"),
        matches("rate", _RATE, "x-slow, slow, medium, fast, x-fast or 'n%'"),
        matches("pitch", _PITCH, "x-low, low, medium, high, x-high or '+n%'/'-n%'"),
    ],
):
    """Words said at another ``volume``, ``rate`` or ``pitch``."""

    def __init__(
        self,
        content: str = "",
        *,
        volume: str | None = None,
        rate: str | None = None,
        pitch: str | None = None,
    ) -> None:
        self._init(locals())


class S(Element, tag="s", children=_INLINE, mixed=True):
    """A sentence."""

    def __init__(self, content: str = "") -> None:
        self._init(locals())


class SayAs(Element, tag="say-as", checks=[only_with("format", "interpret_as", "date")]):
    """Text said as a kind of value (``interpret_as``: digits, date, telephone, ...)."""

    def __init__(
        self,
        content: str,
        *,
        interpret_as: Annotated[
            Literal[
                "characters",
                "spell-out",
                "cardinal",
                "number",
                "ordinal",
                "digits",
                "fraction",
                "unit",
                "date",
                "time",
                "address",
                "expletive",
                "telephone",
            ],
            Arg(wire="interpret-as"),
        ],
        format: Literal["mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"]
        | None = None,
    ) -> None:
        self._init(locals())


class Sub(Element, tag="sub"):
    """Written text (``content``) said as ``alias``."""

    def __init__(self, content: str, *, alias: Text) -> None:
        self._init(locals())


class W(
    Element,
    tag="w",
    children=("break", "emphasis", "phoneme", "prosody", "say-as", "sub"),
    mixed=True,
):
    """A word, said as the part of speech ``role`` names."""

    def __init__(
        self,
        content: str = "",
        *,
        role: Literal["amazon:VB", "amazon:VBD", "amazon:SENSE_1"] | None = None,
    ) -> None:
        self._init(locals())
