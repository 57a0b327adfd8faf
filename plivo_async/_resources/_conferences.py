"""Conferences: inspect and end them; act on members; record them."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from .._endpoint import Segment, endpoint
from .._errors import ValidationError
from .._models._conferences import (
    Conference,
    ConferenceHungUp,
    ConferenceMemberAction,
    ConferenceNames,
    ConferenceRecordingStarted,
)
from .._validation import Param
from ._base import AsyncResource, CallbackUrl, HttpMethod

#: One member id, ``"all"``, or several ids (a sequence, or a string already joined with ``,``).
MemberIds = str | Sequence[str]

_MEMBER_IDS = Param("member_id", required=True, join=",")


def _member_ids(values: Mapping[str, Any]) -> str:
    """The ``member_id`` path segment: a sequence joined with ``,``, no item blank."""
    value = values["member_id"]
    if value is None:
        raise ValidationError("member_id", "is required")
    joined: str = _MEMBER_IDS.convert(value)
    return joined


#: For the member endpoints that take several ids (mute, deaf, play, speak and their stops).
# The ',' between several ids stays as it is, as the reference (and Plivo's own SDK) write it.
_SEVERAL = {"member_id": Segment(("member_id",), _member_ids, safe=",")}

_CONFERENCE = "Conference/{conference_name}/"
_MEMBER = _CONFERENCE + "Member/{member_id}/"


class AsyncConferences(AsyncResource):
    """``client.conferences``: conferences."""

    @endpoint("GET", _CONFERENCE, id="conference.get")
    async def get(self, conference_name: str) -> Conference:
        """A running conference and its members.

        Endpoint: ``GET /v1/Account/{auth_id}/Conference/{conference_name}/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).

        Returns:
            Conference: A running conference (``conferences.get``).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.get, locals())

    @endpoint("GET", "Conference/", id="conference.list")
    async def list(self) -> builtins.list[str]:
        """The names of the running conferences (one request: the API does not paginate them).

        Endpoint: ``GET /v1/Account/{auth_id}/Conference/``

        Returns:
            list[str]: The conference names; empty when there are none.

        Raises:
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        answer = await self._send_as(self.list, locals(), ConferenceNames)
        return answer.conferences

    @endpoint("DELETE", _CONFERENCE, id="conference.hangup")
    async def hangup(self, conference_name: str) -> ConferenceHungUp:
        """End a conference, hanging up every member.

        A blank name is refused (it would name ``DELETE …/Conference/``, which ends every
        conference): use ``hangup_all`` for that. The endpoint:
        ``DELETE /v1/Account/{auth_id}/Conference/{conference_name}/``.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Conference/{conference_name}/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).

        Returns:
            ConferenceHungUp: Answer to ``conferences.hangup``: documented as a 204 that may carry
                ``{"message": "conference hung up", "api_id": ...}``; when Plivo sends no body both
                fields are None.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.hangup, locals())

    @endpoint("DELETE", "Conference/", id="conference.hangup_all")
    async def hangup_all(self) -> None:
        """End every running conference of the account.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Conference/``

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.hangup_all, locals())

    @endpoint("DELETE", _MEMBER, id="conference.member.hangup")
    async def hangup_member(self, conference_name: str, member_id: str) -> None:
        """Hang up a member's call; ``member_id`` is one member id or ``"all"``.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.hangup_member, locals())

    @endpoint("POST", _MEMBER + "Kick/", id="conference.member.kick")
    async def kick_member(self, conference_name: str, member_id: str) -> ConferenceMemberAction:
        """Take a member out of the conference; the call goes on with the XML after its
        ``<Conference>``. ``member_id`` is one member id or ``"all"``.

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Kick/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.kick_member, locals())

    @endpoint("POST", _MEMBER + "Mute/", id="conference.member.mute", segments=_SEVERAL)
    async def mute_member(
        self, conference_name: str, member_id: MemberIds
    ) -> ConferenceMemberAction:
        """Mute members: the others no longer hear them.

        ``member_id`` is one member id, ``"all"``, or several ids (a sequence, sent joined with
        ``,``). The endpoint:
        ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/``.

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.mute_member, locals())

    @endpoint("DELETE", _MEMBER + "Mute/", id="conference.member.unmute", segments=_SEVERAL)
    async def unmute_member(self, conference_name: str, member_id: MemberIds) -> None:
        """Unmute members; ``member_id`` as for ``mute_member``.

        Endpoint: ``DELETE``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Mute/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.unmute_member, locals())

    @endpoint("POST", _MEMBER + "Deaf/", id="conference.member.deaf", segments=_SEVERAL)
    async def deaf_member(
        self, conference_name: str, member_id: MemberIds
    ) -> ConferenceMemberAction:
        """Make members deaf: they no longer hear the conference.

        ``member_id`` is one member id, ``"all"``, or several ids (a sequence, sent joined with
        ``,``). The endpoint:
        ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Deaf/``.

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Deaf/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.deaf_member, locals())

    @endpoint("DELETE", _MEMBER + "Deaf/", id="conference.member.undeaf", segments=_SEVERAL)
    async def undeaf_member(self, conference_name: str, member_id: MemberIds) -> None:
        """Let members hear the conference again; ``member_id`` as for ``deaf_member``.

        Endpoint: ``DELETE``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Deaf/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.undeaf_member, locals())

    @endpoint("POST", _MEMBER + "Play/", id="conference.member.play.start", segments=_SEVERAL)
    async def play_to_member(
        self, conference_name: str, member_id: MemberIds, *, url: CallbackUrl
    ) -> ConferenceMemberAction:
        """Play an .mp3 or .wav file to members.

        ``member_id`` is one member id, ``"all"``, or several ids (a sequence, sent joined with
        ``,``); ``url`` is the file's absolute http(s) URL. Stop it with the same ``member_id``
        (a play started for given ids is not stopped by ``"all"``). The endpoint:
        ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Play/``.

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Play/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.
            url: URL of the .mp3/.wav file to play. An absolute http(s) URL, sent as given.
                Required.

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.play_to_member, locals())

    @endpoint("DELETE", _MEMBER + "Play/", id="conference.member.play.stop", segments=_SEVERAL)
    async def stop_playing_to_member(
        self, conference_name: str, member_id: MemberIds
    ) -> ConferenceMemberAction:
        """Stop playing to members, named as when the play started.

        Endpoint: ``DELETE``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Play/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.stop_playing_to_member, locals())

    @endpoint("POST", _MEMBER + "Speak/", id="conference.member.speak.start", segments=_SEVERAL)
    async def speak_to_member(
        self,
        conference_name: str,
        member_id: MemberIds,
        *,
        text: str,
        voice: str | None = None,
        language: str | None = None,
    ) -> ConferenceMemberAction:
        """Speak text to members.

        ``member_id`` is one member id, ``"all"``, or several ids (a sequence, sent joined with
        ``,``). ``voice`` is ``"WOMAN"`` (Plivo's default) or ``"MAN"``; ``language`` a code such
        as ``"en-US"`` (the default), ``"en-GB"``, ``"fr-FR"`` or ``"de-DE"``; some languages
        have one voice only (``"da-DK"``: WOMAN, ``"pt-PT"``: MAN). Both are sent as given, for
        Plivo to judge. Stop it with the same ``member_id``. The endpoint:
        ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Speak/``.

        Endpoint: ``POST``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Speak/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.
            text: Text to speak to the member(s). Required.
            voice: Voice to use. Default: not sent (Plivo's default: ``"WOMAN"``).
            language: Language code of the text. Default: not sent (Plivo's default: ``"en-US"``).

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.speak_to_member, locals())

    @endpoint("DELETE", _MEMBER + "Speak/", id="conference.member.speak.stop", segments=_SEVERAL)
    async def stop_speaking_to_member(
        self, conference_name: str, member_id: MemberIds
    ) -> ConferenceMemberAction:
        """Stop speaking to members, named as when the speech started.

        Endpoint: ``DELETE``
        ``/v1/Account/{auth_id}/Conference/{conference_name}/Member/{member_id}/Speak/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            member_id: Conference/MPC member ID. Required; sent in the path (percent-encoded).
                Several ids: a sequence, or ``"all"``.

        Returns:
            ConferenceMemberAction: Answer to a member action (kick, mute, deaf, play, speak, and
                stopping play or speak).

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.stop_speaking_to_member, locals())

    @endpoint("POST", _CONFERENCE + "Record/", id="conference.record.start", async_capable=False)
    async def start_recording(
        self,
        conference_name: str,
        *,
        file_format: Literal["mp3", "wav"] | None = None,
        transcription_type: Literal["auto"] | None = None,
        transcription_url: CallbackUrl | None = None,
        callback_url: CallbackUrl | None = None,
        callback_method: HttpMethod | None = None,
    ) -> ConferenceRecordingStarted:
        """Start recording a conference.

        ``file_format`` is ``"mp3"`` (Plivo's default) or ``"wav"``. ``transcription_type="auto"``
        asks for an automated English transcription, POSTed to ``transcription_url``.
        ``callback_url`` is called (with ``callback_method``, default POST) when the recording
        ends; it is not Plivo's asynchronous mode here. Both URLs are absolute http(s) URLs, sent
        exactly as given. The endpoint:
        ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Record/``.

        Endpoint: ``POST /v1/Account/{auth_id}/Conference/{conference_name}/Record/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).
            file_format: Recording file format. One of ``"mp3"``, ``"wav"``. Default: not sent
                (Plivo's default: ``"mp3"``).
            transcription_type: 'auto' = automated transcription (< 5 min turnaround); English only,
                500 ms < duration < 4 h, file < 2 GB. One of ``"auto"``. Default: not sent.
            transcription_url: URL the transcription is POSTed to. An absolute http(s) URL, sent as
                given. Default: not sent.
            callback_url: URL invoked when the recording ends (see callbacks). An absolute http(s)
                URL, sent as given. Default: not sent.
            callback_method: HTTP verb used to invoke callback_url. One of ``"GET"``, ``"POST"``.
                Default: not sent (Plivo's default: ``"POST"``).

        Returns:
            ConferenceRecordingStarted: Answer to ``conferences.start_recording``: the recording's
                id and where its file will be.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``); ``outcome_unknown`` is true when
                the request may have taken effect, and it was not replayed.
        """
        return await self._send(self.start_recording, locals())

    @endpoint("DELETE", _CONFERENCE + "Record/", id="conference.record.stop")
    async def stop_recording(self, conference_name: str) -> None:
        """Stop recording a conference; the recording then appears in ``recordings``.

        Endpoint: ``DELETE /v1/Account/{auth_id}/Conference/{conference_name}/Record/``

        Args:
            conference_name: Name of the conference. Required; sent in the path (percent-encoded).

        Returns:
            None: Plivo's answer carries nothing more than its success.

        Raises:
            ValidationError: an argument is missing or not allowed (``argument`` names it); nothing
                was sent.
            NotFoundError: Plivo knows no such resource (404).
            RateLimitError: Plivo answered 429 and the retry policy gave up (``retry_after``).
            APIError: any other error status; the subclass names it (``BadRequestError``,
                ``AuthenticationError``, ``ServerError``, ...), with ``status`` and ``api_id``.
            TransportError: no answer (``ConnectError``, ``RequestTimeoutError``,
                ``ConnectionDroppedError``, ``ClientClosedError``) after the retries allowed.
        """
        return await self._send(self.stop_recording, locals())
