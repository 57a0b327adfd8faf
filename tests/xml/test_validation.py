"""Bad attributes are refused when the element is built, bad nesting when it is added, and an
incomplete document before it is rendered: each a ValidationError naming the argument and the
element."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from plivo_async import ValidationError
from plivo_async import xml as px

URL = "https://example.com/x"

#: (what is built, the argument named, words the message must hold)
REFUSED: list[tuple[Callable[[], Any], str, str]] = [
    # ranges
    (lambda: px.GetDigits(timeout=0), "timeout", "must be >= 1, got 0 (<GetDigits timeout>)"),
    (lambda: px.GetDigits(num_digits=0), "num_digits", "<GetDigits numDigits>"),
    (lambda: px.GetInput(action=URL, execution_timeout=61), "execution_timeout", "<= 60"),
    (lambda: px.GetInput(action=URL, num_digits=33), "num_digits", "<= 32"),
    (lambda: px.GetInput(action=URL, speech_end_timeout=11), "speech_end_timeout", "<= 10"),
    (lambda: px.Conference("r", max_members=21), "max_members", "<= 20"),
    (lambda: px.MultiPartyCall("m", role="agent", max_duration=299), "max_duration", ">= 300"),
    (
        lambda: px.MultiPartyCall("m", role="agent", max_participants=11),
        "max_participants",
        "<= 10",
    ),
    (lambda: px.MultiPartyCall("m", role="agent", wait_time=1801), "wait_time", "<= 1800"),
    (lambda: px.Speak("x", loop=-1), "loop", ">= 0"),
    (lambda: px.Record(max_length=1), "max_length", ">= 2"),
    (lambda: px.Dial(caller_name="x" * 51), "caller_name", "at most 50 characters"),
    (lambda: px.Stream("wss://s.example.com", extra_headers="a=1" * 200), "extra_headers", "512"),
    # allowed values
    (lambda: px.Hangup(reason="angry"), "reason", "must be one of 'busy', 'rejected'"),
    (lambda: px.Redirect(URL, method="PUT"), "method", "'GET', 'POST'"),
    (lambda: px.GetDigits(finish_on_key="##"), "finish_on_key", "<GetDigits finishOnKey>"),
    (lambda: px.GetInput(action=URL, input_type="voice"), "input_type", "'dtmf speech'"),
    (lambda: px.GetInput(action=URL, digit_end_timeout="soon"), "digit_end_timeout", "'auto'"),
    (lambda: px.Record(file_format="ogg"), "file_format", "'mp3', 'wav'"),
    (lambda: px.Stream("wss://s.example.com", content_type="audio/wav"), "content_type", "rate="),
    (lambda: px.MultiPartyCall("m", role="host"), "role", "'agent'"),
    (
        lambda: px.MultiPartyCall("m", role="agent", status_callback_events="mpc-state-changes,x"),
        "status_callback_events",
        "item 2 of 2",
    ),
    (lambda: px.Break(strength="loud"), "strength", "'x-strong'"),
    (lambda: px.SayAs("1", interpret_as="money"), "interpret_as", "<say-as interpret-as>"),
    (lambda: px.W("read", role="claws:VV0"), "role", "'amazon:VB'"),
    # URL kinds, and keyword-or-URL
    (lambda: px.Play("/relative.mp3"), "content", "a relative URL (the text of <Play>)"),
    (lambda: px.Stream("https://not-a-socket.example.com"), "content", "ws:// or wss://"),
    (lambda: px.GetDigits(action="ws://example.com"), "action", "http:// or https://"),
    (lambda: px.Conference("r", enter_sound="beep:3"), "enter_sound", "'beep:1', 'beep:2'"),
    (lambda: px.Dial(dial_music="ringing"), "dial_music", "'real' or an absolute http://"),
    (lambda: px.MultiPartyCall("m", role="agent", exit_sound=""), "exit_sound", "'none'"),
    # patterns
    (lambda: px.DTMF("12a"), "content", "the text of <DTMF>"),
    (lambda: px.GetDigits(valid_digits="12a"), "valid_digits", "0-9"),
    (lambda: px.Number("1", send_digits="1-2"), "send_digits", "'@<milliseconds>'"),
    (lambda: px.User("alice@example.com"), "content", "a SIP URI"),
    (lambda: px.Dial(sip_headers="a=1;b=2"), "sip_headers", "key=value pairs"),
    (lambda: px.Stream("wss://s.example.com", extra_headers="a b=1"), "extra_headers", "pairs"),
    (lambda: px.Speak("x", voice="Robot"), "voice", "'Polly.<VoiceName>'"),
    (lambda: px.Break(time="2 seconds"), "time", "'500ms'"),
    (lambda: px.Prosody("x", volume="+6"), "volume", "'+ndB'"),
    (lambda: px.Lang("x", xml_lang="french language"), "xml_lang", "<lang xml:lang>"),
    (lambda: px.GetInput(action=URL, hints=["ok", "x" * 101]), "hints", "item 2 has 101"),
    # required, blank, types
    (lambda: px.Play(None), "content", "is required"),  # type: ignore[arg-type]
    (lambda: px.Conference("  "), "content", "must not be blank"),
    (lambda: px.GetInput(action=None), "action", "is required"),  # type: ignore[arg-type]
    (lambda: px.Message("hi", src="", dst="1"), "src", "must not be blank"),
    (lambda: px.Sub("x", alias=""), "alias", "must not be blank"),
    (lambda: px.Speak(42), "content", "must be a string"),  # type: ignore[arg-type]
    # rules across attributes
    (lambda: px.Wait(min_silence=500), "min_silence", "only with silence=True"),
    (lambda: px.Wait(beep=True, silence=True), "beep", "cannot be combined"),
    (
        lambda: px.Stream("wss://s.example.com", bidirectional=True, audio_track="both"),
        "audio_track",
        "'inbound' when bidirectional",
    ),
    (lambda: px.SayAs("1", interpret_as="digits", format="dmy"), "format", "interpret_as='date'"),
]


@pytest.mark.parametrize(("build", "argument", "words"), REFUSED)
def test_bad_attributes_are_refused_when_the_element_is_built(
    build: Callable[[], Any], argument: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        build()
    assert refused.value.argument == argument
    assert words in str(refused.value)


def test_a_refused_url_is_never_echoed() -> None:
    with pytest.raises(ValidationError) as refused:
        px.Play("ftp://user:hunter2@example.com/a.mp3")
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize(
    ("parent", "child", "goes"),
    [
        (px.Response(), px.Number("1"), "<Dial>"),
        (px.Response(), px.User("sip:a@b"), "<Dial>"),
        (px.Response(), px.Break(), "<Speak>"),
        (px.Dial(), px.Play(URL), "<GetDigits>"),
        (px.GetDigits(), px.Wait(), "<PreAnswer>, <Response>"),
        (px.GetInput(action=URL), px.GetDigits(), "goes in <Response>"),
        (px.PreAnswer(), px.Redirect(URL), "<Response>"),
        (px.PreAnswer(), px.DTMF("1"), "<Response>"),
        (px.Speak("x"), px.Speak("y"), "<GetDigits>"),
        (px.Play(URL), px.Speak("x"), "<GetDigits>"),
        (px.S("x"), px.P("y"), "goes in <Speak>, <cont>, <lang>, <prosody>"),
        (px.W("x"), px.Lang("y", xml_lang="fr"), "<Speak>"),
        (px.SayAs("1", interpret_as="digits"), px.Break(), "<Speak>"),
    ],
)
def test_children_not_allowed_are_refused_when_added(
    parent: px.Element, child: px.Element, goes: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parent.add(child)
    assert refused.value.argument == "child"
    assert f"<{child.tag}> cannot be nested in <{parent.tag}>" in str(refused.value)
    assert goes in str(refused.value)
    assert parent.children == ()


def test_the_documented_nesting_is_accepted() -> None:
    document = px.Response().add(
        px.PreAnswer().add(px.Speak("ringing"), px.Play(URL), px.Wait(length=1)),
        px.GetDigits(action=URL).add(px.Speak("press"), px.Play(URL)),
        px.GetInput(action=URL).add(px.Speak("say"), px.Play(URL)),
        px.Dial().add(px.Number("1"), px.User("sip:a@example.com")),
        px.Speak("ssml", voice="Polly.Amy").add(
            px.P().add(px.S("one").add(px.W("two").add(px.SayAs("3", interpret_as="digits"))))
        ),
    )
    assert [child.tag for child in document.children] == [
        "PreAnswer",
        "GetDigits",
        "GetInput",
        "Dial",
        "Speak",
    ]
    document.to_xml()


def test_strings_are_children_only_where_text_runs_between_ssml() -> None:
    with pytest.raises(ValidationError, match="<Response> takes no text"):
        px.Response().add("hello")
    with pytest.raises(ValidationError, match="<GetDigits> takes no text"):
        px.GetDigits().add("hello")
    with pytest.raises(ValidationError, match=r"must be a plivo_async\.xml element or a string"):
        px.Response().add(b"<Speak/>")  # type: ignore[arg-type]
    for parent in (px.Speak("a"), px.P(), px.S(), px.Prosody(), px.Emphasis(), px.Cont()):
        parent.add("text")
        assert parent.children == ("text",)


def test_an_element_cannot_be_nested_inside_itself() -> None:
    outer = px.Prosody("a", rate="slow")
    inner = px.Prosody("b", rate="fast")
    outer.add(inner)
    with pytest.raises(ValidationError, match="inside itself"):
        inner.add(outer)
    with pytest.raises(ValidationError, match="inside itself"):
        outer.add(outer)


def test_a_dial_needs_a_destination_before_rendering() -> None:
    document = px.Response().add(px.Dial(action=URL))
    with pytest.raises(ValidationError) as refused:
        document.to_xml()
    assert refused.value.argument == "children"
    assert "<Dial> needs at least one <Number> or <User>" in str(refused.value)


def test_a_speak_needs_something_to_say() -> None:
    with pytest.raises(ValidationError, match="needs text to say"):
        px.Response().add(px.Speak()).to_xml()
    with pytest.raises(ValidationError, match="needs text to say"):
        px.Speak("   ").to_xml()
    assert px.Speak(voice="Polly.Joey").add(px.Prosody("hi", rate="slow")).to_xml()


def test_ssml_needs_a_polly_voice() -> None:
    speak = px.Speak("Hello").add(px.Break(time="1s"))
    with pytest.raises(ValidationError) as refused:
        px.Response().add(speak).to_xml()
    assert refused.value.argument == "voice"
    assert "needs a 'Polly.<VoiceName>' voice, not 'WOMAN'" in str(refused.value)
    # Text runs alone are not SSML.
    assert px.Speak("Hello", voice="MAN").add(" world").to_xml().endswith("Hello world</Speak>")


def test_a_polly_speak_says_at_most_3000_characters() -> None:
    px.Speak("x" * 3000, voice="Polly.Joey").to_xml()
    speak = px.Speak("x" * 2990, voice="Polly.Joey").add(px.S("y" * 11))
    with pytest.raises(ValidationError, match="at most 3000 characters, got 3001"):
        speak.to_xml()


def test_a_document_over_plivos_100_kb_limit_is_refused() -> None:
    document = px.Response()
    for _ in range(39):
        document.add(px.Speak("é" * 1250))  # 2,500 bytes of UTF-8 each
    size = len(document.to_xml().encode())
    assert size <= px.MAX_DOCUMENT_BYTES
    document.add(px.Speak("x" * (px.MAX_DOCUMENT_BYTES - size + 1 - len("<Speak></Speak>"))))
    with pytest.raises(ValidationError) as refused:
        document.to_xml()
    assert refused.value.argument == "document"
    assert "100,001 bytes" in str(refused.value)
