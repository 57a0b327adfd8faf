"""What every Plivo XML element shares: checked attributes, checked nesting, rendering.

An element's attributes are its ``__init__`` keyword parameters, declared once with the
project's one validation scheme (types, ``Literal`` choices, ``Annotated[..., Arg(...)]``); the
``Param`` of each is derived with ``param_from_annotation`` the first time the class is
instantiated, and every value is checked when the element is built. The wire name is the
camelCase of the Python name (``finish_on_key`` -> ``finishOnKey``) unless ``Arg(wire=...)``
says otherwise. A parameter named ``content`` is the element's text. Rules across attributes
are the class's ``checks=``; rules on a whole subtree (a ``Dial`` needs a destination) are
checked before rendering.

Rendering uses ``xml.etree.ElementTree``, which does every escape; characters XML cannot carry
at all (control characters) are refused when given, naming the attribute or the element.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from .._endpoint import param_from_annotation
from .._errors import ValidationError
from .._validation import Param
from ._attributes import Check, OrWords

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["MAX_DOCUMENT_BYTES", "Element"]

#: Plivo refuses an answer document over 100 KB; read as 100,000 bytes of UTF-8, the stricter.
MAX_DOCUMENT_BYTES = 100_000

#: Characters XML 1.0 cannot carry, even escaped (tab, newline and carriage return it can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"

_CLASSES: dict[str, type[Element]] = {}


def _xml_problem(value: str) -> str | None:
    found = _NOT_XML.search(value)
    if found is None:
        return None
    return (
        f"must not contain control characters (XML cannot carry them);"
        f" found {found.group()!r} at position {found.start()}"
    )


def _camel(name: str) -> str:
    first, *rest = name.rstrip("_").split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


@attrs.frozen
class _Attribute:
    """One declared attribute (or the text, ``wire`` empty) and how its value is rendered."""

    param: Param
    wire: str
    #: For an integer that also takes words: the words.
    words: frozenset[str] | None = None

    def render(self, value: Any) -> str:
        if self.words is not None and isinstance(value, str):
            if value not in self.words:
                allowed = ", ".join(repr(word) for word in sorted(self.words))
                raise ValidationError(
                    self.param.name, f"must be an integer or one of {allowed}; got {value!r}"
                )
            return value
        value = self.param.convert(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        text = str(value)
        problem = _xml_problem(text)
        if problem is not None:
            raise ValidationError(self.param.name, problem)
        return text


@attrs.frozen
class _Compiled:
    """An element class's attributes, derived from its ``__init__`` once."""

    text: _Attribute | None
    attributes: tuple[_Attribute, ...]

    @classmethod
    def of(cls, element: type[Element]) -> _Compiled:
        init = element.__init__
        hints = typing.get_type_hints(init, include_extras=True)
        text = None
        attributes = []
        for name, parameter in inspect.signature(init).parameters.items():
            if name == "self":
                continue
            required = parameter.default is inspect.Parameter.empty
            annotation = hints[name]
            words = _words(annotation)
            if words is not None:
                annotation = _without_words(annotation)
            param = param_from_annotation(name, annotation, required=required)
            if name == "content":
                text = _Attribute(param, "", words)
            else:
                attributes.append(_Attribute(param, param.wire or _camel(name), words))
        return cls(text, tuple(attributes))


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _union(members: Sequence[Any]) -> Any:
    return members[0] if len(members) == 1 else typing.Union[tuple(members)]  # noqa: UP007


def _words(annotation: Any) -> frozenset[str] | None:
    """The words of an ``OrWords`` in ``annotation`` (also inside ``... | None``)."""
    for member in _members(annotation):
        if typing.get_origin(member) is typing.Annotated:
            for extra in member.__metadata__:
                if isinstance(extra, OrWords):
                    return extra.words
    return None


def _without_words(annotation: Any) -> Any:
    """``Annotated[int | Literal[...], Arg, OrWords] | None`` as ``Annotated[int, Arg] | None``:
    what ``param_from_annotation`` derives the integer's checks from."""
    members = []
    for member in _members(annotation):
        if typing.get_origin(member) is typing.Annotated:
            base, *extras = typing.get_args(member)
            numbers = [x for x in _members(base) if typing.get_origin(x) is not Literal]
            kept = tuple(extra for extra in extras if not isinstance(extra, OrWords))
            arguments = (_union(numbers), *kept)
            member = typing.Annotated[arguments] if kept else _union(numbers)
        members.append(member)
    return _union(members)


class Element:
    """A Plivo XML element: its tag, its checked attributes, its text and its children.

    Build one with its class (``GetDigits(action=..., num_digits=4)``), attach children with
    ``add`` (elements, or plain strings between SSML elements), render with ``to_xml``.
    """

    __slots__ = ("_attributes", "_children", "_content")

    #: The element's tag as Plivo spells it (``GetDigits``, ``say-as``).
    tag: ClassVar[str]
    #: The tags that may be nested directly inside this element.
    allowed_children: ClassVar[frozenset[str]]
    #: Whether plain strings may sit between the children (SSML mixed content).
    mixed: ClassVar[bool]
    _checks: ClassVar[tuple[Check, ...]]
    _compiled: ClassVar[_Compiled | None]

    def __init_subclass__(
        cls,
        *,
        tag: str,
        children: Iterable[str] = (),
        mixed: bool = False,
        checks: Sequence[Check] = (),
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.tag = tag
        cls.allowed_children = frozenset(children)
        cls.mixed = mixed
        cls._checks = tuple(checks)
        cls._compiled = None
        _CLASSES[tag] = cls

    def _init(self, values: Mapping[str, Any]) -> None:
        """Check and keep the attributes given (the subclass's ``locals()``)."""
        cls = type(self)
        compiled = cls._compiled
        if compiled is None:
            compiled = cls._compiled = _Compiled.of(cls)
        try:
            content = ""
            if compiled.text is not None:
                given = values.get("content")
                if given is None:
                    if compiled.text.param.required:
                        raise ValidationError("content", "is required")
                else:
                    content = compiled.text.render(given)
            attributes: dict[str, str] = {}
            for attribute in compiled.attributes:
                name = attribute.param.name
                value = values.get(name)
                if value is None:
                    if attribute.param.required:
                        raise ValidationError(name, "is required")
                    continue
                attributes[attribute.wire] = attribute.render(value)
            for check in cls._checks:
                check(values)
        except ValidationError as error:
            raise self._located(error, compiled) from None
        self._content = content
        self._attributes = attributes
        self._children: list[Element | str] = []

    def _located(self, error: ValidationError, compiled: _Compiled) -> ValidationError:
        """The same error, saying which element (and XML attribute) it is about."""
        message = str(error).removeprefix(f"{error.argument}: ")
        wire = next((a.wire for a in compiled.attributes if a.param.name == error.argument), None)
        if wire:
            where = f"<{self.tag} {wire.replace(_XML_NAMESPACE, 'xml:')}>"
        else:
            where = f"the text of <{self.tag}>"
        return ValidationError(error.argument, f"{message} ({where})")

    # -- what it holds ----------------------------------------------------------------------

    @property
    def content(self) -> str:
        """The element's text ("" when it has none)."""
        return self._content

    @property
    def attributes(self) -> dict[str, str]:
        """The XML attributes given, by wire name, as they are rendered."""
        return dict(self._attributes)

    @property
    def children(self) -> tuple[Element | str, ...]:
        return tuple(self._children)

    def add(self, *children: Element | str) -> Self:
        """Nest ``children`` (in order) inside this element; returns the element, for chaining.

        A child is an element allowed here, or (inside ``Speak`` and the SSML elements that
        take text) a plain string: the text between SSML elements, ``Hello <break/> world``.
        """
        for child in children:
            self._check_child(child)
            self._children.append(child)
        return self

    def _check_child(self, child: object) -> None:
        tag = self.tag
        if isinstance(child, str):
            if not self.mixed:
                raise ValidationError(
                    "child", f"<{tag}> takes no text between its children; got {child[:40]!r}"
                )
            problem = _xml_problem(child)
            if problem is not None:
                raise ValidationError("child", f"text inside <{tag}> {problem}")
            return
        if not isinstance(child, Element):
            raise ValidationError(
                "child",
                f"must be a plivo_async.xml element or a string, got {type(child).__name__}",
            )
        if child.tag not in self.allowed_children:
            allowed = ", ".join(f"<{name}>" for name in sorted(self.allowed_children)) or "nothing"
            parents = sorted(
                name for name, cls in _CLASSES.items() if child.tag in cls.allowed_children
            )
            goes = ", ".join(f"<{name}>" for name in parents) or "no element"
            raise ValidationError(
                "child",
                f"<{child.tag}> cannot be nested in <{tag}>, which takes {allowed};"
                f" <{child.tag}> goes in {goes}",
            )
        if child is self or any(node is self for node in child._descendants()):
            raise ValidationError("child", f"<{tag}> cannot be nested inside itself")

    def _descendants(self) -> Iterator[Element]:
        for child in self._children:
            if isinstance(child, Element):
                yield child
                yield from child._descendants()

    # -- rendering --------------------------------------------------------------------------

    def validate(self) -> None:
        """Check the rules on the whole subtree (what ``to_xml`` checks before rendering)."""
        self._check_complete()
        for child in self._descendants():
            child._check_complete()

    def _check_complete(self) -> None:
        """Rules on this element's children, checked before rendering (overridden)."""

    def to_xml(self, *, pretty: bool = False) -> str:
        """The element and its children as an XML string (no XML declaration).

        ``pretty`` indents the verbs' structure; text and SSML are never re-spaced (the
        whitespace in a ``Speak`` is spoken).
        """
        self.validate()
        root = ET.Element(self.tag, self._attributes)
        self._fill(root, 0 if pretty else None)
        return ET.tostring(root, encoding="unicode")

    def _runs(self) -> Iterator[Element | str]:
        """The text and child elements in document order (``Cont`` children spliced in)."""
        if self._content:
            yield self._content
        for child in self._children:
            if isinstance(child, Element) and child.tag == "cont":
                # The SDK's pseudo-element: its text, one space each side, in the parent.
                yield " "
                yield from child._runs()
                yield " "
            else:
                yield child

    def _fill(self, node: ET.Element, level: int | None) -> None:
        last: ET.Element | None = None
        indent = level is not None and not self.mixed and bool(self._children)
        for run in self._runs():
            if isinstance(run, str):
                if last is None:
                    node.text = (node.text or "") + run
                else:
                    last.tail = (last.tail or "") + run
                continue
            if indent:
                assert level is not None
                spacing = "\n" + "  " * (level + 1)
                if last is None:
                    node.text = spacing
                else:
                    last.tail = spacing
            last = ET.SubElement(node, run.tag, run._attributes)
            run._fill(last, None if level is None else level + 1)
        if indent and last is not None:
            assert level is not None
            last.tail = "\n" + "  " * level

    def __repr__(self) -> str:
        # URLs are not shown: they may carry the credentials of the caller's server.
        compiled = type(self)._compiled
        shown = []
        if self._content:
            text = compiled.text if compiled else None
            shown.append("<url>" if text and text.param.url else repr(self._content))
        for attribute in compiled.attributes if compiled else ():
            value = self._attributes.get(attribute.wire)
            if value is not None:
                value = (
                    "<url>"
                    if attribute.param.url and value not in (attribute.param.keywords or ())
                    else repr(value)
                )
                shown.append(f"{attribute.param.name}={value}")
        children = f" +{len(self._children)} children" if self._children else ""
        return f"{type(self).__name__}({', '.join(shown)}){children}"
