"""The attribute types the elements share, and the rules a type cannot say (as ``checks``).

Types are the project's one scheme (``Literal`` choices, ``Annotated[..., Arg(...)]``); the
element base derives each attribute's ``Param`` from them. What a ``Param`` cannot express (a
character set, a pattern, a rule between two attributes) is a check over the given values, as
an endpoint's ``checks=`` are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import attrs

from .._endpoint import Arg, Check
from .._errors import ValidationError
from .._validation import echo

__all__ = ["Check", "OrWords"]


@attrs.frozen
class OrWords:
    """An integer attribute that also takes these words (``digitEndTimeout``: 2-10 or ``auto``).

    Given beside an ``Arg`` in ``Annotated[int | Literal["auto"], Arg(...), OrWords(...)]``:
    integers get the ``Arg``'s checks, strings must be one of the words.
    """

    words: frozenset[str]


#: The verb Plivo uses to call a URL; given in any case, sent upper-case (as the SDK does).
Method = Annotated[Literal["GET", "POST"], Arg(ignore_case=True)]
HttpUrl = Annotated[str, Arg(url="http")]
WsUrl = Annotated[str, Arg(url="ws")]
#: A string that must say something ("" would be an empty attribute).
Text = Annotated[str, Arg(non_blank=True)]
Seconds = Annotated[int, Arg(minimum=1)]
Loop = Annotated[int, Arg(minimum=0)]
FileFormat = Annotated[Literal["mp3", "wav"], Arg(ignore_case=True)]
TranscriptionType = Literal["auto", "hybrid", "manual"]
#: One key that ends input; "" and "none" mean no key (input ends by timeout or count).
FinishKey = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "", "none"]
ConfirmKey = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"]
#: DTMF patterns joined with "," (``digitsMatch``).
DigitPatterns = Annotated[str | Sequence[str], Arg(join=",")]

#: What a sent digit string may hold: digits, * and #, ``w`` (0.5 s) and ``W`` (1 s) pauses,
#: and an optional ``@<ms>`` tone length.
SEND_DIGITS = re.compile(r"[0-9*#wW]+(?:@[0-9]+)?")
SEND_DIGITS_WANTED = "digits 0-9, '*', '#', 'w' or 'W' pauses, optionally '@<milliseconds>'"
#: ``k=v`` pairs joined with ",", letters and digits only (``sipHeaders``, ``extraHeaders``).
HEADER_PAIRS = re.compile(r"[A-Za-z0-9]+=[A-Za-z0-9]+(?:,[A-Za-z0-9]+=[A-Za-z0-9]+)*")
HEADER_PAIRS_WANTED = "key=value pairs joined with ',', keys and values of letters and digits"


def matches(name: str, pattern: re.Pattern[str], wanted: str) -> Check:
    """``name``, when given, must match ``pattern`` whole."""

    def check(given: Mapping[str, Any]) -> None:
        value = given.get(name)
        if value is not None and not pattern.fullmatch(value):
            raise ValidationError(name, f"must be {wanted}; got {echo(value)}")

    return check


def only_with(name: str, other: str, value: object) -> Check:
    """``name`` may be given only when ``other`` is ``value``."""

    def check(given: Mapping[str, Any]) -> None:
        if given.get(name) is not None and given.get(other) != value:
            raise ValidationError(name, f"applies only with {other}={value!r}")

    return check


def each_at_most(name: str, join: str, limit: int, what: str) -> Check:
    """Every ``join``-separated item of ``name`` is at most ``limit`` characters."""

    def check(given: Mapping[str, Any]) -> None:
        value = given.get(name)
        if value is None:
            return
        items = value.split(join) if isinstance(value, str) else list(value)
        for index, item in enumerate(items):
            if len(item) > limit:
                raise ValidationError(
                    name,
                    f"each {what} must be at most {limit} characters;"
                    f" item {index + 1} has {len(item)}",
                )

    return check
