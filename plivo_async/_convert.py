"""The one cattrs converter that turns Plivo's JSON into frozen attrs models.

Unknown keys are ignored, so a new field at Plivo never breaks parsing; the strict converter
(used by the tests, or ``AsyncClient(strict_models=True)``) refuses them instead, which is how
our own omissions get caught. Models may declare ``__plivo_wire_names__`` (attribute -> wire
key, e.g. ``from_`` -> ``from``) and ``__plivo_aliases__`` (another spelling Plivo also sends ->
wire key, e.g. ``Stir_attestation`` -> ``stir_attestation``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    import cattrs

T = TypeVar("T")

_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_timestamp(value: object) -> datetime | None:
    """Plivo's timestamps as aware datetimes (no offset means UTC); ``""`` and None give None.

    Handles ``2022-06-28 19:39:05+05:30``, ``2024-02-07 13:55:28.141067`` and
    ``2024-02-09T03:52:22.880097813Z``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            # Older Pythons reject a "Z" suffix; every version rejects 9 fractional digits.
            text = value.strip()
            if text.endswith(("Z", "z")):
                text = text[:-1] + "+00:00"
            parsed = datetime.fromisoformat(_LONG_FRACTION.sub(r"\1", text))
    else:
        raise TypeError(f"expected a timestamp string, got {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def parse_decimal(value: object) -> Decimal | None:
    """Money strings (``"0.01667"``) as exact Decimals; ``""`` and None give None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise TypeError(f"expected a decimal string, got {type(value).__name__}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal: {value!r}") from exc


def _to_str(value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, (bool, dict, list)):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return str(value)


def _optional_str(value: object, _: object) -> str | None:
    # Most fields are strings already: answered without a further call.
    if value is None or type(value) is str:
        return value
    return _to_str(value)


def _optional_int(value: object, _: object) -> int | None:
    if value is None or type(value) is int:
        return value
    return _to_int(value)


def _to_int(value: object) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str, float)):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return int(value)


def parse_bool(value: object) -> bool:
    """JSON booleans, and the strings/integers Plivo sometimes sends instead."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"not a boolean: {value!r}")


def parse_str_or_list(value: object) -> str | list[str]:
    """``request_uuid``: one string for one destination, a list for a bulk call."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise TypeError(f"expected a string or a list of strings, got {value!r}")


def _structure_model_factory(converter: cattrs.Converter, strict: bool) -> Callable[[Any], Any]:
    from cattrs.gen import make_dict_structure_fn, override

    def factory(cls: type[Any]) -> Callable[[Any, Any], Any]:
        renames = getattr(cls, "__plivo_wire_names__", {})
        aliases: dict[str, str] = getattr(cls, "__plivo_aliases__", {})
        overrides: dict[str, Any] = {name: override(rename=wire) for name, wire in renames.items()}
        structure = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=strict,
            **overrides,
        )
        if not aliases:
            return structure

        def structure_with_aliases(data: Any, type_: Any) -> Any:
            if isinstance(data, dict):
                for alias, wire in aliases.items():
                    if alias in data:
                        data = dict(data)
                        data[wire] = data.pop(alias)
            return structure(data, type_)

        return structure_with_aliases

    return factory


@functools.cache
def get_converter(*, strict: bool = False) -> cattrs.Converter:
    """The shared converter (built on first use: cattrs is not imported with the package)."""
    import cattrs

    converter = cattrs.Converter(forbid_extra_keys=strict)
    converter.register_structure_hook(datetime | None, lambda v, _: parse_timestamp(v))
    converter.register_structure_hook(Decimal | None, lambda v, _: parse_decimal(v))
    converter.register_structure_hook(bool, lambda v, _: parse_bool(v))
    # The most common field types, structured without cattrs' generic Optional dispatch.
    converter.register_structure_hook(str | None, _optional_str)
    converter.register_structure_hook(int | None, _optional_int)
    converter.register_structure_hook(str | list[str], lambda v, _: parse_str_or_list(v))
    converter.register_structure_hook_factory(
        attrs.has, _structure_model_factory(converter, strict)
    )
    return converter


def structure(data: Any, model: type[T], *, strict: bool = False) -> T:
    """Structure ``data`` into ``model`` with the shared converter."""
    return get_converter(strict=strict).structure(data, model)
