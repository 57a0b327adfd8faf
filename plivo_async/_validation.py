"""Client-side argument checks, built once per endpoint from the reference's rules.

Each endpoint declares its arguments as ``Param`` values; ``Params.build`` checks the values a
caller passed and turns them into the wire form (JSON body or query string), leaving out the
ones not given. Every refusal is a ``ValidationError`` naming the argument (its Python
spelling) and what is allowed, raised before anything is sent. Messages never echo a long
value whole, and never echo a URL at all (it may carry credentials of the caller's server).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, NoReturn
from urllib.parse import quote, urlsplit

import attrs

from ._errors import ValidationError

#: Plivo's ids are 36-character UUIDs (MPC ids add a ``uuid_``/``name_`` prefix) and no id or
#: name has a documented maximum; conference names are chosen by the caller. 256 leaves room
#: for any real name while keeping the request line bounded (at most 256 * 12 bytes encoded).
MAX_PATH_ID_LENGTH = 256

#: What both JSON backends can send: orjson refuses a larger int with a bare TypeError, the
#: stdlib would send any size. No Plivo argument documents a value outside this range.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

#: Echoes of a refused value are cut to this many characters.
_ECHO_LIMIT = 40

#: What ``str.isspace`` calls whitespace, in ASCII.
_ASCII_SPACE = " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"

UrlKind = Literal["http", "ws"]
_URL_SCHEMES: dict[str, frozenset[str]] = {
    "http": frozenset({"http", "https"}),
    "ws": frozenset({"ws", "wss"}),
}
_URL_WANTED = {
    "http": "an absolute http:// or https:// URL with a host",
    "ws": "an absolute ws:// or wss:// URL with a host",
}
#: URLs already accepted, per kind: bulk jobs pass the same callback URLs on every call, and a
#: dict lookup is about 20 times cheaper than parsing. Cleared when full, and only URLs of up
#: to 2 KiB are kept, so it stays small.
_ACCEPTED_URLS: dict[str, dict[str, None]] = {"http": {}, "ws": {}}
_ACCEPTED_URLS_MAX = 512
_ACCEPTED_URL_LENGTH = 2048


def accepted_urls(kind: UrlKind) -> Mapping[str, None]:
    """The URLs of ``kind`` already accepted (the same mapping for the whole process)."""
    return _ACCEPTED_URLS[kind]


def _kind_name(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "a boolean", float: "a number"}[kind]


def echo(value: object) -> str:
    """``repr(value)``, cut short when long (the 1,500-destination ``to`` is not repeated)."""
    if isinstance(value, int) and value.bit_length() > 128:
        # repr() of a huge int is slow, and raises past 4300 digits.
        return f"a {value.bit_length()}-bit integer"
    try:
        text = repr(value)
    except Exception:
        return f"a {type(value).__name__}"
    if len(text) <= _ECHO_LIMIT:
        return text
    size = f", {len(value)} characters" if isinstance(value, str) else ""
    return f"{text[: _ECHO_LIMIT - 1]}… (cut{size})"


def _text_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as UTF-8 (a lone surrogate), or None."""
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"must be valid Unicode text, found a lone surrogate at position {error.start}"
    return None


def url_problem(value: str, kind: str) -> str | None:
    """Why ``value`` is not an acceptable URL of ``kind``, or None. Never quotes the URL."""
    accepted = _ACCEPTED_URLS[kind]
    if value in accepted:
        return None
    wanted = _URL_WANTED[kind]
    if not value:
        return f"must be {wanted}; got an empty string"
    # urlsplit would silently drop tabs and newlines; a URL with them is refused instead.
    if " " in value or not value.isprintable():
        position, char = next(
            (i, c) for i, c in enumerate(value) if c == " " or not c.isprintable()
        )
        return (
            f"must be {wanted}, without whitespace or control characters; "
            f"found {char!r} at position {position}"
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return f"must be {wanted}; got a malformed URL"
    if parts.scheme not in _URL_SCHEMES[kind]:
        got = f"scheme {echo(parts.scheme)}" if parts.scheme else "a relative URL"
        return f"must be {wanted}; got {got}"
    if not host:
        return f"must be {wanted}; got no host"
    if len(value) <= _ACCEPTED_URL_LENGTH:
        if len(accepted) >= _ACCEPTED_URLS_MAX:
            accepted.clear()
        accepted[value] = None
    return None


@attrs.frozen
class Param:
    """One argument: its Python name, wire name, type and allowed values.

    Strings: ``required`` ones and ``non_blank`` ones must have a non-whitespace character;
    other optional strings may be ``""`` (an update can clear a field with it). ``url`` makes
    the value an absolute URL of that kind (``"http"``: http/https, ``"ws"``: ws/wss), sent
    byte for byte as given (query and fragment kept: Plivo reads callback-retry options from the
    fragment); with ``keywords`` the value is one of those words or such a URL. With ``join``
    the value is a sequence, or a string already joined with that delimiter; either way every
    item gets ``choices``/``url``/``keywords`` and must not be blank. An integer with ``join`` is
    one integer (sent as it is), or several (a sequence, or a string of integers joined with the
    delimiter, sent joined), each within ``minimum``/``maximum``. Integers must fit in a signed
    64-bit integer and numbers must be finite, whatever ``minimum``/``maximum`` say.
    """

    name: str
    kind: type = str
    wire: str = ""
    required: bool = False
    non_blank: bool = False
    choices: frozenset[str] | None = None
    #: Accept ``choices`` in any letter case; the catalog's spelling is what is sent.
    ignore_case: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    min_length: int | None = None
    #: Never echo the value in an error (a password).
    secret: bool = False
    url: UrlKind | None = None
    keywords: frozenset[str] | None = None
    #: Sequences are joined with this delimiter (``<`` for destinations, ``,`` for lists).
    join: str | None = None
    max_items: int | None = None
    #: Accept a datetime and send it as Plivo's UTC ``YYYY-MM-DD HH:MM:SS``.
    timestamp: bool = False
    #: With ``join``: send the items as a JSON array (a joined string is still accepted).
    array: bool = False

    def __attrs_post_init__(self) -> None:
        # Mistakes in an endpoint's table fail at import, not on a user's call.
        if (self.url or self.keywords or self.non_blank) and self.kind is not str:
            raise TypeError(f"{self.name}: url/keywords/non_blank apply to strings only")
        if self.join and self.kind not in (str, int):
            raise TypeError(f"{self.name}: join applies to strings and integers only")
        if self.url is not None and self.url not in _URL_SCHEMES:
            raise ValueError(f"{self.name}: url must be 'http' or 'ws', not {self.url!r}")
        if self.keywords is not None and self.url is None:
            raise ValueError(f"{self.name}: keywords are the alternative to a URL; set url")
        if self.ignore_case and self.choices is None:
            raise ValueError(f"{self.name}: ignore_case applies to choices")
        if self.array and self.join is None:
            raise ValueError(f"{self.name}: array applies to joined arguments")

    @property
    def wire_name(self) -> str:
        return self.wire or self.name.rstrip("_")

    def convert(self, value: Any) -> Any:
        """The wire value of ``value``, or a ValidationError."""
        kind = self.kind
        if kind is str:
            if self.join is not None:
                value = self._join(value)
                if self.array:
                    value = value.split(self.join) if value else []
            else:
                if self.timestamp and isinstance(value, datetime):
                    value = _format_timestamp(value)
                if not isinstance(value, str):
                    shown = "" if self.secret else f" {echo(value)}"
                    self._fail(f"must be a string, got {type(value).__name__}{shown}")
                # The cheap checks inline: this runs for every string of every call.
                if not value or value.isspace():
                    self._check_blank()
                if not value.isascii():
                    self._check_unicode(value)
                if self.choices is not None or self.url is not None:
                    value = self._check_allowed(value)
            if self.max_length is not None and len(value) > self.max_length:
                self._fail(f"must be at most {self.max_length} characters, got {len(value)}")
            if self.min_length is not None and len(value) < self.min_length:
                self._fail(f"must be at least {self.min_length} characters, got {len(value)}")
        elif kind is bool:
            if not isinstance(value, bool):
                self._fail(f"must be a boolean, got {type(value).__name__} {echo(value)}")
        elif self.join is not None and not (isinstance(value, int) and not isinstance(value, bool)):
            value = self._join_integers(value, self.join)
        else:
            # bool is an int subclass; True as a duration is a bug, not a number.
            if isinstance(value, bool) or not isinstance(
                value, (int, float) if kind is float else int
            ):
                self._fail(f"must be {_kind_name(kind)}, got {echo(value)}")
            if isinstance(value, int):
                if not INT64_MIN <= value <= INT64_MAX:
                    # Not echoed: repr() of a huge int is slow and may itself raise.
                    self._fail(
                        f"must fit in a signed 64-bit integer ({INT64_MIN} to {INT64_MAX}),"
                        f" got a {value.bit_length()}-bit one"
                    )
            elif not math.isfinite(value):
                self._fail(f"must be a finite number, got {value!r}")
            if self.minimum is not None and value < self.minimum:
                self._fail(f"must be >= {self.minimum}, got {value!r}")
            if self.maximum is not None and value > self.maximum:
                self._fail(f"must be <= {self.maximum}, got {value!r}")
        return value

    def _join_integers(self, value: Any, join: str) -> str:
        """Several integers (a sequence, or a string already joined with ``join``), joined."""
        if isinstance(value, str):
            items: list[Any] = value.split(join)
        elif isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
            items = list(value)
            if not items:
                self._fail("must not be empty")
        else:
            self._fail(
                f"must be an integer, a sequence of integers or integers joined with {join!r};"
                f" got {type(value).__name__} {echo(value)}"
            )
        count = len(items)
        if self.max_items is not None and count > self.max_items:
            self._fail(f"at most {self.max_items} items are allowed, got {count}")
        numbers = []
        for index, item in enumerate(items):
            where = _where(index, count) if count > 1 else ""
            if isinstance(item, str) and _INTEGER.fullmatch(item):
                item = int(item)
            if isinstance(item, bool) or not isinstance(item, int):
                self._fail(f"{where}must be an integer, got {echo(item)}")
            if not INT64_MIN <= item <= INT64_MAX:
                self._fail(f"{where}must fit in a signed 64-bit integer")
            if self.minimum is not None and item < self.minimum:
                self._fail(f"{where}must be >= {self.minimum}, got {item!r}")
            if self.maximum is not None and item > self.maximum:
                self._fail(f"{where}must be <= {self.maximum}, got {item!r}")
            numbers.append(item)
        return value if isinstance(value, str) else join.join(map(str, numbers))

    def _check_blank(self) -> None:
        """The whole value is blank: refused when required, non-blank or constrained."""
        if self.url is not None and self.keywords is None:
            self._fail(f"must not be blank; it must be {_URL_WANTED[self.url]}")
        if self.required or self.non_blank or (self.join and self.choices):
            self._fail("must not be blank")
        # Otherwise "" may clear a field; a choice or URL check still refuses it.

    def _check_unicode(self, value: str, where: str = "") -> None:
        problem = _text_problem(value)
        if problem is not None:
            self._fail(where + problem)

    def _check_allowed(self, value: str, where: str = "") -> str:
        """``choices``, or ``keywords`` and ``url``, for one string (or one item: ``where``);
        returns the value to send (the catalog's spelling of a choice given in another case)."""
        choices = self.choices
        if choices is not None and value not in choices:
            spelled = self._spelling(value, choices)
            if spelled is None:
                allowed = ", ".join(repr(choice) for choice in sorted(choices))
                self._fail(f"{where}must be one of {allowed}; got {echo(value)}")
            return spelled
        kind = self.url
        if kind is None or value in _ACCEPTED_URLS[kind]:
            return value
        keywords = self.keywords
        if keywords is not None and value in keywords:
            return value
        problem = url_problem(value, kind)
        if problem is not None:
            if keywords is not None:
                words = ", ".join(repr(word) for word in sorted(keywords))
                problem = f"must be one of {words} or {problem.removeprefix('must be ')}"
            self._fail(where + problem)
        return value

    def _spelling(self, value: str, choices: frozenset[str]) -> str | None:
        if not self.ignore_case:
            return None
        folded = value.casefold()
        return next((choice for choice in choices if choice.casefold() == folded), None)

    def _join(self, value: Any) -> str:
        join = self.join
        assert join is not None
        if isinstance(value, str):
            if not value or value.isspace():
                self._check_blank()
                return value
            if join not in value:  # one item, the common case: the plain-string checks
                if not value.isascii():
                    self._check_unicode(value)
                if self.choices is not None or self.url is not None:
                    return self._check_allowed(value)
                return value
            if self._plain_items(value, join):
                return value
            items = value.split(join)
            joined = value
        else:
            if not isinstance(value, Iterable) or isinstance(value, (bytes, Mapping)):
                self._fail(f"must be a string or a sequence of strings, got {type(value).__name__}")
            items = list(value)
            if not items:
                self._fail("must not be empty")
            try:
                joined = join.join(items)
            except TypeError:
                index, item = next((i, x) for i, x in enumerate(items) if not isinstance(x, str))
                where = _where(index, len(items))
                self._fail(f"{where}must be a string, got {type(item).__name__} {echo(item)}")
            if joined.count(join) != len(items) - 1:
                index, item = next((i, x) for i, x in enumerate(items) if join in x)
                where = _where(index, len(items))
                self._fail(f"{where}{echo(item)} must not contain the delimiter {join!r}")
        count = len(items)
        if self.max_items is not None and count > self.max_items:
            self._fail(f"at most {self.max_items} items are allowed, got {count}")
        # Whole-list checks in C first; the items are walked in Python only to name a culprit.
        # (str.strip returns the item itself when there is nothing to strip.)
        if not all(map(str.strip, items)):
            index = next(i for i, x in enumerate(items) if not x.strip())
            self._fail(f"{_where(index, count)}is blank; every item needs a non-space character")
        if not joined.isascii():
            for index, item in enumerate(items):
                self._check_unicode(item, _where(index, count))
        if self.choices is not None or self.url is not None:
            sent = []
            for index, item in enumerate(items):
                try:
                    sent.append(self._check_allowed(item))
                except ValidationError:  # label the culprit only: a label per item costs
                    self._check_allowed(item, _where(index, count))
            if self.ignore_case:
                joined = join.join(sent)
        return joined

    def _plain_items(self, value: str, join: str) -> bool:
        """Whether a joined string passes without splitting it (a bulk ``to`` of 1000 numbers
        costs ~20 µs here, ~55 µs split): ASCII, no whitespace, no empty item, no item rules."""
        if self.choices is not None or self.url is not None or not value.isascii():
            return False
        if any(space in value for space in _ASCII_SPACE):
            return False
        if value.startswith(join) or value.endswith(join) or join + join in value:
            return False
        count = value.count(join) + 1
        if self.max_items is not None and count > self.max_items:
            self._fail(f"at most {self.max_items} items are allowed, got {count}")
        return True

    def _fail(self, message: str) -> NoReturn:
        raise ValidationError(self.name, message)


#: An integer item of a joined string (at most 19 digits: the int64 check follows).
_INTEGER = re.compile(r"-?[0-9]{1,19}")


def _where(index: int, count: int) -> str:
    return f"item {index + 1} of {count} "


def _format_timestamp(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S")


class Params:
    """The arguments of one endpoint."""

    __slots__ = ("_params", "_plan", "_required")

    def __init__(self, *params: Param) -> None:
        names = [param.name for param in params]
        if len(set(names)) != len(names):
            raise TypeError(f"an argument is declared twice in {names}")
        self._params = params
        self._required = tuple(param.name for param in params if param.required)
        # What ``build`` reads per argument, looked up once (it runs on every call).
        self._plan = {param.name: (param.wire_name, param.convert) for param in params}

    def __iter__(self) -> Iterator[Param]:
        return iter(self._params)

    def build(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``values`` (Python names -> values, None meaning not given) for a JSON body.

        ``values`` may hold other names too (a method's ``locals()``: ``self``, path ids); only
        this endpoint's arguments are read.
        """
        get = values.get
        for name in self._required:
            if get(name) is None:
                raise ValidationError(name, "is required")
        plan = self._plan
        body: dict[str, Any] = {}
        # Most of a method's arguments are None: walk the values, look up only those given.
        for name, value in values.items():
            if value is not None:
                found = plan.get(name)
                if found is not None:
                    wire, convert = found
                    body[wire] = convert(value)
        return body

    def build_query(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Like ``build``, with every value as a query-string value."""
        return {key: query_value(value) for key, value in self.build(values).items()}


def query_value(value: Any) -> str:
    """A checked wire value as a query-string value (booleans as ``true``/``false``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _only_dots(value: str) -> bool:
    return not value.replace(".", "").strip()


def path_id(name: str, value: object, *, safe: str = "") -> str:
    """A path identifier as exactly one percent-encoded segment, or a ValidationError.

    Refused, because they would change which resource the URL names: an empty or blank id
    (``DELETE Call/`` hangs up every call), ``.`` and ``..`` and any id of only dots and
    whitespace (a URL library or server may fold them: ``GET Call/../`` is the account), also
    when Unicode compatibility folds it to dots (``．．``). Control characters (CR, LF, NUL, ...)
    are refused too rather than encoded: no Plivo id or name has one, so it is a bug upstream
    (typically a line read with its newline), better named here than answered with a 404.
    Everything else, ``/``, ``?``, ``#`` and ``%`` included, is percent-encoded as UTF-8.
    """
    if not isinstance(value, str):
        raise ValidationError(name, f"must be a string, got {type(value).__name__} {echo(value)}")
    if _only_dots(value):
        raise ValidationError(
            name, f"must not be blank, '.', '..' or only dots and whitespace; got {echo(value)}"
        )
    if len(value) > MAX_PATH_ID_LENGTH:
        raise ValidationError(
            name, f"must be at most {MAX_PATH_ID_LENGTH} characters, got {len(value)}"
        )
    if not value.isprintable():
        for position, char in enumerate(value):
            if unicodedata.category(char) == "Cc":
                raise ValidationError(
                    name,
                    f"must not contain control characters; found {char!r} at position {position}",
                )
    if not value.isascii():
        problem = _text_problem(value)
        if problem is not None:
            raise ValidationError(name, problem)
        if _only_dots(unicodedata.normalize("NFKC", value)):
            raise ValidationError(
                name, f"must not be a dot segment once Unicode-normalised; got {echo(value)}"
            )
    return quote(value, safe=safe)
