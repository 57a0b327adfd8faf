"""The Plivo XML verbs (``Response`` and what runs in it) and the nouns of ``Dial``.

Attribute values, ranges and nesting follow Plivo's XML reference; where the official SDK
accepts more than the documentation (``Wait`` inside ``GetDigits``, ``Redirect`` inside
``PreAnswer``), the documented nesting is what is accepted: Plivo may ignore the rest.
Attributes left out are left out of the document: Plivo then applies its documented default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from .._endpoint import Arg
from .._errors import ValidationError
from ._attributes import (
    HEADER_PAIRS,
    HEADER_PAIRS_WANTED,
    SEND_DIGITS,
    SEND_DIGITS_WANTED,
    ConfirmKey,
    DigitPatterns,
    FileFormat,
    FinishKey,
    HttpUrl,
    Loop,
    Method,
    OrWords,
    Seconds,
    Text,
    TranscriptionType,
    WsUrl,
    each_at_most,
    matches,
    only_with,
)
from ._element import MAX_DOCUMENT_BYTES, Element

__all__ = [
    "DTMF",
    "Conference",
    "Dial",
    "GetDigits",
    "GetInput",
    "Hangup",
    "Message",
    "MultiPartyCall",
    "Number",
    "Play",
    "PreAnswer",
    "Record",
    "Redirect",
    "Response",
    "Speak",
    "Stream",
    "User",
    "Wait",
]

_SSML = ("break", "cont", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub", "w")
#: The verbs a ``Response`` may hold (the simulator checks answer XML against the same list).
VERBS = (
    "Conference",
    "Dial",
    "DTMF",
    "GetDigits",
    "GetInput",
    "Hangup",
    "Message",
    "MultiPartyCall",
    "Play",
    "PreAnswer",
    "Record",
    "Redirect",
    "Speak",
    "Stream",
    "Wait",
)
#: The most characters one ``Speak`` may say with a Polly voice.
MAX_POLLY_SPEAK = 3000


class Response(Element, tag="Response", children=VERBS):
    """The document: its verbs run top to bottom; running out of them ends the call."""

    def __init__(self) -> None:
        self._init(locals())

    def to_xml(self, *, pretty: bool = False) -> str:
        """The document as Plivo reads it; refused when over Plivo's 100 KB limit."""
        document = super().to_xml(pretty=pretty)
        size = len(document.encode("utf-8"))
        if size > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                "document",
                f"is {size:,} bytes of UTF-8; Plivo accepts at most {MAX_DOCUMENT_BYTES:,}",
            )
        return document


# -- audio ---------------------------------------------------------------------------------------

#: ``WOMAN``, ``MAN`` or an Amazon Polly voice (``Polly.Joanna``, ``Polly.Joey-Neural``).
_VOICE = re.compile(r"WOMAN|MAN|Polly\.[A-Za-z][A-Za-z0-9-]*")


class Speak(
    Element,
    tag="Speak",
    children=_SSML,
    mixed=True,
    checks=[matches("voice", _VOICE, "'WOMAN', 'MAN' or 'Polly.<VoiceName>'")],
):
    """Text to speech. ``content`` is what is said; SSML elements (``Break``, ``Prosody``, ...)
    and the text between them are added with ``add`` and need a ``Polly.*`` voice."""

    def __init__(
        self,
        content: str = "",
        *,
        voice: str | None = None,
        language: Text | None = None,
        loop: Loop | None = None,
    ) -> None:
        self._init(locals())

    def _check_complete(self) -> None:
        if not self.content.strip() and not self.children:
            raise ValidationError("content", "<Speak> needs text to say or SSML children")
        ssml = any(isinstance(child, Element) and child.tag != "cont" for child in self.children)
        voice = self.attributes.get("voice", "WOMAN")
        if ssml and not voice.startswith("Polly."):
            raise ValidationError(
                "voice", f"SSML inside <Speak> needs a 'Polly.<VoiceName>' voice, not {voice!r}"
            )
        if voice.startswith("Polly."):
            said = len(self.to_text())
            if said > MAX_POLLY_SPEAK:
                raise ValidationError(
                    "content",
                    f"<Speak> with a Polly voice says at most {MAX_POLLY_SPEAK} characters,"
                    f" got {said}",
                )

    def to_text(self) -> str:
        """The words said (the text of the element and of its SSML children)."""
        parts: list[str] = []

        def walk(element: Element) -> None:
            for run in element._runs():
                if isinstance(run, str):
                    parts.append(run)
                else:
                    walk(run)

        walk(self)
        return "".join(parts)


class Play(Element, tag="Play"):
    """Plays an audio file (``content``: its http(s) URL, mp3 or wav)."""

    def __init__(self, content: HttpUrl, *, loop: Loop | None = None) -> None:
        self._init(locals())


def _beep_alone(given: Mapping[str, Any]) -> None:
    if given.get("beep") is True and (
        given.get("silence") is True or given.get("min_silence") is not None
    ):
        raise ValidationError("beep", "cannot be combined with silence or min_silence")


class Wait(
    Element,
    tag="Wait",
    checks=[only_with("min_silence", "silence", True), _beep_alone],
):
    """Pauses for ``length`` seconds (or until silence, or a voicemail beep)."""

    def __init__(
        self,
        *,
        length: Seconds | None = None,
        silence: bool | None = None,
        min_silence: Annotated[int, Arg(minimum=1)] | None = None,
        beep: bool | None = None,
    ) -> None:
        self._init(locals())


class DTMF(
    Element,
    tag="DTMF",
    checks=[matches("content", re.compile(r"[0-9*#wW]+"), "digits 0-9, '*', '#', 'w', 'W'")],
):
    """Sends DTMF tones (``content``: the digits; ``w`` waits 0.5 s, ``W`` 1 s)."""

    def __init__(self, content: str, *, async_: bool | None = None) -> None:
        self._init(locals())


# -- call control --------------------------------------------------------------------------------


class Hangup(Element, tag="Hangup"):
    """Ends the call (``reason`` plays a rejection tone or a busy signal first)."""

    def __init__(
        self,
        *,
        reason: Literal["rejected", "busy"] | None = None,
        schedule: Seconds | None = None,
    ) -> None:
        self._init(locals())


class Redirect(Element, tag="Redirect"):
    """Continues with the XML fetched from ``content`` (an http(s) URL)."""

    def __init__(self, content: HttpUrl, *, method: Method | None = None) -> None:
        self._init(locals())


class PreAnswer(Element, tag="PreAnswer", children=("Speak", "Play", "Wait")):
    """Early media: plays its children before the call is answered."""

    def __init__(self) -> None:
        self._init(locals())


class Message(Element, tag="Message"):
    """Sends an SMS (``content``: the body) from ``src`` to ``dst`` (several joined by ``<``)."""

    def __init__(
        self,
        content: str,
        *,
        src: Text,
        dst: Annotated[str | Sequence[str], Arg(join="<")],
        type: Literal["sms"] | None = None,
        callback_url: HttpUrl | None = None,
        callback_method: Method | None = None,
    ) -> None:
        self._init(locals())


# -- input ---------------------------------------------------------------------------------------


class GetDigits(
    Element,
    tag="GetDigits",
    children=("Speak", "Play"),
    checks=[matches("valid_digits", re.compile(r"[0-9*#]+"), "some of the keys 0-9, '*', '#'")],
):
    """Collects DTMF digits, posted to ``action``; nested ``Speak``/``Play`` prompt for them."""

    def __init__(
        self,
        *,
        action: HttpUrl | None = None,
        method: Method | None = None,
        timeout: Seconds | None = None,
        digit_timeout: Seconds | None = None,
        finish_on_key: FinishKey | None = None,
        num_digits: Annotated[int, Arg(minimum=1)] | None = None,
        retries: Annotated[int, Arg(minimum=1)] | None = None,
        redirect: bool | None = None,
        play_beep: bool | None = None,
        valid_digits: str | None = None,
        invalid_digits_sound: HttpUrl | None = None,
        log: bool | None = None,
    ) -> None:
        self._init(locals())


#: 2-10 seconds, or ``"auto"`` (Plivo decides).
EndTimeout = Annotated[
    int | Literal["auto"], Arg(minimum=2, maximum=10), OrWords(frozenset({"auto"}))
]


class GetInput(
    Element,
    tag="GetInput",
    children=("Speak", "Play"),
    checks=[each_at_most("hints", ",", 100, "hint")],
):
    """Collects speech and/or DTMF, posted to ``action``; nested ``Speak``/``Play`` prompt."""

    def __init__(
        self,
        *,
        action: HttpUrl,
        method: Method | None = None,
        input_type: Literal["dtmf", "speech", "dtmf speech"] | None = None,
        execution_timeout: Annotated[int, Arg(minimum=5, maximum=60)] | None = None,
        digit_end_timeout: EndTimeout | None = None,
        speech_end_timeout: EndTimeout | None = None,
        finish_on_key: FinishKey | None = None,
        num_digits: Annotated[int, Arg(minimum=1, maximum=32)] | None = None,
        speech_model: Literal["default", "command_and_search", "phone_call"] | None = None,
        hints: Annotated[str | Sequence[str], Arg(join=",", max_items=500, max_length=10_000)]
        | None = None,
        language: Text | None = None,
        interim_speech_results_callback: HttpUrl | None = None,
        interim_speech_results_callback_method: Method | None = None,
        log: bool | None = None,
        redirect: bool | None = None,
        profanity_filter: bool | None = None,
    ) -> None:
        self._init(locals())


class Record(Element, tag="Record"):
    """Records the caller (or, with ``record_session``, the whole call in the background)."""

    def __init__(
        self,
        *,
        action: HttpUrl | None = None,
        method: Method | None = None,
        file_format: FileFormat | None = None,
        redirect: bool | None = None,
        timeout: Seconds | None = None,
        max_length: Annotated[int, Arg(minimum=2)] | None = None,
        play_beep: bool | None = None,
        finish_on_key: FinishKey | None = None,
        record_session: bool | None = None,
        start_on_dial_answer: bool | None = None,
        transcription_type: TranscriptionType | None = None,
        transcription_url: HttpUrl | None = None,
        transcription_method: Method | None = None,
        transcription_report_type: Literal["full", "compact"] | None = None,
        callback_url: HttpUrl | None = None,
        callback_method: Method | None = None,
        record_channel_type: Literal["mono", "stereo"] | None = None,
    ) -> None:
        self._init(locals())


# -- connecting ----------------------------------------------------------------------------------

_SEND_DIGITS = matches("send_digits", SEND_DIGITS, SEND_DIGITS_WANTED)
_SIP_HEADERS = matches("sip_headers", HEADER_PAIRS, HEADER_PAIRS_WANTED)


class Dial(Element, tag="Dial", children=("Number", "User"), checks=[_SIP_HEADERS]):
    """Connects the caller to its ``Number`` and ``User`` children (rung together; the first to
    answer is connected)."""

    def __init__(
        self,
        *,
        action: HttpUrl | None = None,
        method: Method | None = None,
        hangup_on_star: bool | None = None,
        time_limit: Seconds | None = None,
        timeout: Seconds | None = None,
        caller_id: Text | None = None,
        caller_name: Annotated[str, Arg(max_length=50)] | None = None,
        confirm_sound: HttpUrl | None = None,
        confirm_timeout: Seconds | None = None,
        confirm_key: ConfirmKey | None = None,
        dial_music: Annotated[str, Arg(url="http", keywords=frozenset({"real"}))] | None = None,
        callback_url: HttpUrl | None = None,
        callback_method: Method | None = None,
        redirect: bool | None = None,
        digits_match: DigitPatterns | None = None,
        digits_match_b_leg: DigitPatterns | None = None,
        sip_headers: str | None = None,
    ) -> None:
        self._init(locals())

    def _check_complete(self) -> None:
        if not self.children:
            raise ValidationError("children", "<Dial> needs at least one <Number> or <User>")


class Number(Element, tag="Number", checks=[_SEND_DIGITS]):
    """A phone number to dial (``content``: country code and number), inside ``Dial``."""

    def __init__(
        self,
        content: str,
        *,
        send_digits: str | None = None,
        send_on_preanswer: bool | None = None,
        send_digits_mode: Literal["rfc2833"] | None = None,
    ) -> None:
        self._init(locals())


class User(
    Element,
    tag="User",
    checks=[
        matches("content", re.compile(r"sips?:\S+"), "a SIP URI (sip:name@host)"),
        _SEND_DIGITS,
        _SIP_HEADERS,
    ],
):
    """A SIP endpoint to dial (``content``: its ``sip:`` URI), inside ``Dial``."""

    def __init__(
        self,
        content: str,
        *,
        send_digits: str | None = None,
        send_on_preanswer: bool | None = None,
        sip_headers: str | None = None,
    ) -> None:
        self._init(locals())


#: ``""`` (silence), a beep, or an http(s) URL answering XML with Play, Speak or Wait.
ConferenceSound = Annotated[str, Arg(url="http", keywords=frozenset({"", "beep:1", "beep:2"}))]


class Conference(
    Element,
    tag="Conference",
    checks=[matches("send_digits", SEND_DIGITS, SEND_DIGITS_WANTED)],
):
    """Joins the conference room named ``content``."""

    def __init__(
        self,
        content: str,
        *,
        muted: bool | None = None,
        enter_sound: ConferenceSound | None = None,
        exit_sound: ConferenceSound | None = None,
        start_conference_on_enter: bool | None = None,
        end_conference_on_exit: bool | None = None,
        stay_alone: bool | None = None,
        wait_sound: HttpUrl | None = None,
        max_members: Annotated[int, Arg(minimum=1, maximum=20)] | None = None,
        record: bool | None = None,
        record_file_format: FileFormat | None = None,
        time_limit: Seconds | None = None,
        hangup_on_star: bool | None = None,
        action: HttpUrl | None = None,
        method: Method | None = None,
        callback_url: HttpUrl | None = None,
        callback_method: Method | None = None,
        digits_match: DigitPatterns | None = None,
        floor_event: bool | None = None,
        redirect: bool | None = None,
        relay_dtmf: Annotated[bool, Arg(wire="relayDTMF")] | None = None,
        send_digits: str | None = None,
        record_when_alone: bool | None = None,
        transcription_type: TranscriptionType | None = None,
        transcription_url: HttpUrl | None = None,
        transcription_method: Method | None = None,
    ) -> None:
        self._init(locals())


MpcRole = Annotated[Literal["agent", "supervisor", "customer", "ai-agent"], Arg(ignore_case=True)]
MpcEvent = Literal[
    "mpc-state-changes",
    "participant-state-changes",
    "participant-speak-events",
    "participant-digit-input-events",
    "add-participant-api-events",
    "participant-audio-events",
]
#: ``"none"``, a beep, or an http(s) URL answering XML with Play, Speak or Wait.
MpcSound = Annotated[str, Arg(url="http", keywords=frozenset({"none", "beep:1", "beep:2"}))]


class MultiPartyCall(Element, tag="MultiPartyCall"):
    """Starts or joins the multiparty call named ``content``, as ``role``.

    Unlike the official SDK's element, attributes not given are not written: Plivo's defaults
    (the same values the SDK writes) apply.
    """

    def __init__(
        self,
        content: str,
        *,
        role: MpcRole,
        max_duration: Annotated[int, Arg(minimum=300, maximum=28_800)] | None = None,
        max_participants: Annotated[int, Arg(minimum=2, maximum=10)] | None = None,
        record_min_member_count: Annotated[int, Arg(minimum=1, maximum=2)] | None = None,
        wait_music_url: HttpUrl | None = None,
        wait_music_method: Method | None = None,
        wait_time: Annotated[int, Arg(minimum=0, maximum=1800)] | None = None,
        agent_hold_music_url: HttpUrl | None = None,
        agent_hold_music_method: Method | None = None,
        customer_hold_music_url: HttpUrl | None = None,
        customer_hold_music_method: Method | None = None,
        record: bool | None = None,
        record_participant_track: bool | None = None,
        record_file_format: FileFormat | None = None,
        recording_callback_url: HttpUrl | None = None,
        recording_callback_method: Method | None = None,
        status_callback_events: Annotated[str | Sequence[MpcEvent], Arg(join=",", ignore_case=True)]
        | None = None,
        status_callback_url: HttpUrl | None = None,
        status_callback_method: Method | None = None,
        stay_alone: bool | None = None,
        coach_mode: bool | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        start_mpc_on_enter: bool | None = None,
        end_mpc_on_exit: bool | None = None,
        enter_sound: MpcSound | None = None,
        enter_sound_method: Method | None = None,
        exit_sound: MpcSound | None = None,
        exit_sound_method: Method | None = None,
        on_exit_action_url: HttpUrl | None = None,
        on_exit_action_method: Method | None = None,
        relay_dtmf_inputs: Annotated[bool, Arg(wire="relayDTMFInputs")] | None = None,
        start_recording_audio: HttpUrl | None = None,
        start_recording_audio_method: Method | None = None,
        stop_recording_audio: HttpUrl | None = None,
        stop_recording_audio_method: Method | None = None,
        transcript: bool | None = None,
        transcription_url: HttpUrl | None = None,
    ) -> None:
        self._init(locals())


def _inbound_when_bidirectional(given: Mapping[str, Any]) -> None:
    track = given.get("audio_track")
    if given.get("bidirectional") is True and track not in (None, "inbound"):
        raise ValidationError(
            "audio_track", f"must be 'inbound' when bidirectional is True, got {track!r}"
        )


class Stream(
    Element,
    tag="Stream",
    checks=[
        matches("extra_headers", HEADER_PAIRS, HEADER_PAIRS_WANTED),
        _inbound_when_bidirectional,
    ],
):
    """Streams the call's audio to the WebSocket service at ``content`` (``wss://...``)."""

    def __init__(
        self,
        content: WsUrl,
        *,
        bidirectional: bool | None = None,
        audio_track: Literal["inbound", "outbound", "both"] | None = None,
        stream_timeout: Seconds | None = None,
        status_callback_url: HttpUrl | None = None,
        status_callback_method: Method | None = None,
        content_type: Literal[
            "audio/x-l16;rate=8000", "audio/x-l16;rate=16000", "audio/x-mulaw;rate=8000"
        ]
        | None = None,
        extra_headers: Annotated[str, Arg(max_length=512)] | None = None,
        keep_call_alive: bool | None = None,
    ) -> None:
        self._init(locals())
