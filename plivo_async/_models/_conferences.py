"""Models of the conferences family: conferences, their members, member actions, recording."""

from __future__ import annotations

import re
from typing import ClassVar

import attrs

from ._base import Acknowledgement, Model


@attrs.frozen(kw_only=True)
class ConferenceMember(Model):
    """A member of a running conference, as listed by ``conferences.get``.

    ``join_time`` is the number of seconds since the member joined (Plivo sends it as a
    string). ``to`` is the conference bridge: a Plivo number or an application URL.
    """

    __plivo_wire_names__: ClassVar[dict[str, str]] = {"from_": "from"}

    member_id: str
    muted: bool | None = None
    deaf: bool | None = None
    from_: str | None = None
    to: str | None = None
    caller_name: str | None = None
    direction: str | None = None
    call_uuid: str | None = None
    join_time: int | None = None


@attrs.frozen(kw_only=True)
class Conference(Model):
    """A running conference (``conferences.get``).

    ``conference_run_time`` is the number of seconds since it started and
    ``conference_member_count`` the number of active members (both sent as strings by Plivo).
    """

    conference_name: str
    conference_run_time: int | None = None
    conference_member_count: int | None = None
    members: list[ConferenceMember] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class ConferenceNames(Model):
    """The names of the running conferences (``conferences.list``)."""

    conferences: list[str] = attrs.Factory(list)


# One item of Plivo's Python-repr echo: ``u'10'``, ``'10'``, ``"10"`` or a bare ``10``.
_REPR_ITEM = re.compile(r"""^[uUbB]?(?:'(.*)'|"(.*)")$""", re.DOTALL)


def parse_member_ids(value: str | list[str] | None) -> list[str]:
    """The member ids of an acknowledgement's ``member_id`` echo, as a list.

    Plivo echoes them as one id (``"10"``), a comma-separated list (``"10,11"``), the word
    ``"all"``, or the repr of a Python 2 list (``"[u'160005', u'160004']"``, ``"[u'all']"``);
    a JSON array is taken as it is.
    """
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    ids = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        quoted = _REPR_ITEM.match(item)
        if quoted is not None:
            item = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        ids.append(item)
    return ids


def _member_id_echo(value: object) -> str | list[str] | None:
    """``member_id`` as sent: a string (ids Plivo sends as numbers become strings) or a list."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(
        isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))
        for item in value
    ):
        return [str(item) for item in value]
    raise TypeError(f"expected member ids as a string or a list, got {type(value).__name__}")


@attrs.frozen(kw_only=True)
class ConferenceMemberAction(Acknowledgement):
    """Answer to a member action (kick, mute, deaf, play, speak, and stopping play or speak).

    ``message`` says what was done (``"muted"``, ``"play queued into conference"``, ...).
    ``member_id`` is Plivo's echo of the members acted on, exactly as sent: one id, ``"all"``, or
    for play and speak the repr of a Python list (``"[u'10', u'11']"``); ``member_ids`` is that
    echo as a list of ids (``["10", "11"]``, ``["all"]``). Stopping play or speak is documented
    as a 204 with this body; when Plivo sends no body every field is None.
    """

    # No hook in the shared converter for this union: cattrs hands the raw value to the
    # attrs converter, which keeps what Plivo sent and refuses anything but ids.
    member_id: str | list[str] | None = attrs.field(default=None, converter=_member_id_echo)

    @property
    def member_ids(self) -> list[str]:
        return parse_member_ids(self.member_id)


@attrs.frozen(kw_only=True)
class ConferenceRecordingStarted(Acknowledgement):
    """Answer to ``conferences.start_recording``: the recording's id and where its file will be.

    ``message`` is ``"conference recording started"``; the file at ``url`` is complete once the
    recording stops (``conferences.stop_recording``, or the end of the conference).
    """

    recording_id: str
    url: str


@attrs.frozen(kw_only=True)
class ConferenceHungUp(Acknowledgement):
    """Answer to ``conferences.hangup``: documented as a 204 that may carry ``{"message":
    "conference hung up", "api_id": ...}``; when Plivo sends no body both fields are None."""
