"""Every element renders to what Plivo reads: its tag, camelCase attributes, text, children, and
escaping done by the XML library (checked by parsing the output back)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

import plivo_async
from plivo_async import ValidationError
from plivo_async import xml as px

URL = "https://example.com/x"

#: One of every element, with attributes of each kind (string, integer, boolean, URL), and what
#: the parsed output must hold: tag, attributes, text.
EVERY_ELEMENT: list[tuple[Callable[[], px.Element], str, dict[str, str], str]] = [
    (lambda: px.Response(), "Response", {}, ""),
    (
        lambda: px.Speak("Hello", voice="Polly.Joanna", language="en-US", loop=0),
        "Speak",
        {"voice": "Polly.Joanna", "language": "en-US", "loop": "0"},
        "Hello",
    ),
    (lambda: px.Play(URL, loop=3), "Play", {"loop": "3"}, URL),
    (
        lambda: px.Wait(length=10, silence=True, min_silence=500),
        "Wait",
        {"length": "10", "silence": "true", "minSilence": "500"},
        "",
    ),
    (
        lambda: px.Hangup(reason="busy", schedule=30),
        "Hangup",
        {"reason": "busy", "schedule": "30"},
        "",
    ),
    (lambda: px.Redirect(URL, method="GET"), "Redirect", {"method": "GET"}, URL),
    (lambda: px.PreAnswer(), "PreAnswer", {}, ""),
    (lambda: px.DTMF("12w#", async_=False), "DTMF", {"async": "false"}, "12w#"),
    (
        lambda: px.GetDigits(
            action=URL, finish_on_key="*", num_digits=4, redirect=False, valid_digits="0123"
        ),
        "GetDigits",
        {
            "action": URL,
            "finishOnKey": "*",
            "numDigits": "4",
            "redirect": "false",
            "validDigits": "0123",
        },
        "",
    ),
    (
        lambda: px.GetInput(
            action=URL, input_type="dtmf speech", digit_end_timeout="auto", hints=["yes", "no"]
        ),
        "GetInput",
        {
            "action": URL,
            "inputType": "dtmf speech",
            "digitEndTimeout": "auto",
            "hints": "yes,no",
        },
        "",
    ),
    (
        lambda: px.Record(action=URL, max_length=30, record_session=True, file_format="wav"),
        "Record",
        {"action": URL, "maxLength": "30", "recordSession": "true", "fileFormat": "wav"},
        "",
    ),
    (
        lambda: px.Dial(caller_id="14155550100", digits_match_b_leg="*1", dial_music="real"),
        "Dial",
        {"callerId": "14155550100", "digitsMatchBLeg": "*1", "dialMusic": "real"},
        "",
    ),
    (
        lambda: px.Number("14155550101", send_digits="1w2", send_on_preanswer=True),
        "Number",
        {"sendDigits": "1w2", "sendOnPreanswer": "true"},
        "14155550101",
    ),
    (
        lambda: px.User("sip:alice@example.com", sip_headers="a=1,b=2"),
        "User",
        {"sipHeaders": "a=1,b=2"},
        "sip:alice@example.com",
    ),
    (
        lambda: px.Conference("room", enter_sound="beep:1", max_members=5, relay_dtmf=False),
        "Conference",
        {"enterSound": "beep:1", "maxMembers": "5", "relayDTMF": "false"},
        "room",
    ),
    (
        lambda: px.MultiPartyCall(
            "mpc", role="Customer", relay_dtmf_inputs=True, exit_sound="none"
        ),
        "MultiPartyCall",
        {"role": "customer", "relayDTMFInputs": "true", "exitSound": "none"},
        "mpc",
    ),
    (
        lambda: px.Stream("wss://media.example.com/s", audio_track="both", keep_call_alive=True),
        "Stream",
        {"audioTrack": "both", "keepCallAlive": "true"},
        "wss://media.example.com/s",
    ),
    (
        lambda: px.Message("Your code is 1234", src="14155550100", dst=["1415555", "1416555"]),
        "Message",
        {"src": "14155550100", "dst": "1415555<1416555"},
        "Your code is 1234",
    ),
    (
        lambda: px.Break(strength="strong", time="250ms"),
        "break",
        {"strength": "strong", "time": "250ms"},
        "",
    ),
    (lambda: px.Emphasis("really", level="reduced"), "emphasis", {"level": "reduced"}, "really"),
    (
        lambda: px.Lang("bonjour", xml_lang="fr-FR"),
        "lang",
        {"{http://www.w3.org/XML/1998/namespace}lang": "fr-FR"},
        "bonjour",
    ),
    (lambda: px.P("A paragraph."), "p", {}, "A paragraph."),
    (
        lambda: px.Phoneme("tomato", alphabet="ipa", ph="təˈmeɪtoʊ"),
        "phoneme",
        {"alphabet": "ipa", "ph": "təˈmeɪtoʊ"},
        "tomato",
    ),
    (
        lambda: px.Prosody("slowly", volume="-6dB", rate="80%", pitch="+5%"),
        "prosody",
        {"volume": "-6dB", "rate": "80%", "pitch": "+5%"},
        "slowly",
    ),
    (lambda: px.S("A sentence."), "s", {}, "A sentence."),
    (
        lambda: px.SayAs("12/25", interpret_as="date", format="md"),
        "say-as",
        {"interpret-as": "date", "format": "md"},
        "12/25",
    ),
    (
        lambda: px.Sub("W3C", alias="World Wide Web Consortium"),
        "sub",
        {"alias": "World Wide Web Consortium"},
        "W3C",
    ),
    (lambda: px.W("read", role="amazon:VBD"), "w", {"role": "amazon:VBD"}, "read"),
]


@pytest.mark.parametrize(
    ("build", "tag", "attributes", "text"), EVERY_ELEMENT, ids=[row[1] for row in EVERY_ELEMENT]
)
def test_every_element_renders_and_parses_back(
    build: Callable[[], px.Element], tag: str, attributes: dict[str, str], text: str
) -> None:
    element = build()
    if tag == "Dial":  # a Dial is complete with a destination only
        element.add(px.Number("14155550101"))
    parsed = ET.fromstring(element.to_xml())
    assert parsed.tag == tag
    assert parsed.attrib == attributes
    assert (parsed.text or "") == text
    assert element.tag == tag
    assert element.attributes == attributes


def test_the_table_covers_every_element_class() -> None:
    classes = {
        getattr(px, name).tag
        for name in px.__all__
        if isinstance(getattr(px, name), type)
        and issubclass(getattr(px, name), px.Element)
        and getattr(px, name) is not px.Element
    }
    assert classes - {"cont"} == {tag for _, tag, _, _ in EVERY_ELEMENT}


def test_attributes_not_given_are_not_written() -> None:
    assert px.GetDigits().to_xml() == "<GetDigits />"
    assert px.MultiPartyCall("m", role="agent").attributes == {"role": "agent"}


def test_text_and_attributes_are_escaped_by_the_xml_library() -> None:
    nasty = """<&>"' and ]]> too"""
    document = px.Response().add(
        px.Speak(nasty, language=nasty),
        px.Conference("room", digits_match=["*1", "*2"]),
    )
    rendered = document.to_xml()
    assert "<&>" not in rendered
    speak = ET.fromstring(rendered).find("Speak")
    assert speak is not None
    assert speak.text == nasty
    assert speak.get("language") == nasty


def test_unicode_is_kept_as_characters() -> None:
    text = "Grüße, 東京 — 📞"
    rendered = px.Speak(text, language="de-DE").to_xml()
    assert text in rendered  # not as character references
    assert ET.fromstring(rendered).text == text


def test_newlines_and_tabs_survive_in_attributes() -> None:
    value = "line one\nline\ttwo"
    parsed = ET.fromstring(px.Sub("x", alias=value).to_xml())
    assert parsed.get("alias") == value


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\ufffe"])
def test_control_characters_are_refused_wherever_they_are_given(char: str) -> None:
    with pytest.raises(ValidationError) as text:
        px.Speak(f"a{char}b")
    assert text.value.argument == "content"
    assert "control characters" in str(text.value)
    with pytest.raises(ValidationError) as attribute:
        px.Speak("hi", language=f"en{char}")
    assert attribute.value.argument == "language"
    assert "<Speak language>" in str(attribute.value)
    with pytest.raises(ValidationError) as run:
        px.Speak("hi", voice="Polly.Joey").add(px.Break(), f"then{char}")
    assert run.value.argument == "child"


def test_booleans_are_plivos_words_and_no_other_type_passes_for_them() -> None:
    assert px.GetDigits(redirect=True, log=False).attributes == {"redirect": "true", "log": "false"}
    with pytest.raises(ValidationError, match="must be a boolean"):
        px.GetDigits(redirect=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="must be an integer"):
        px.GetDigits(num_digits=True)
    with pytest.raises(ValidationError, match="must be an integer"):
        px.GetDigits(num_digits="4")  # type: ignore[arg-type]


def test_methods_in_any_case_are_written_upper_case() -> None:
    assert px.Redirect(URL, method="post").attributes == {"method": "POST"}  # type: ignore[arg-type]


def test_text_between_ssml_elements_is_placed_where_it_was_added() -> None:
    speak = px.Speak("Hello", voice="Polly.Joanna").add(
        px.Break(time="1s"), " big ", px.Emphasis("wide"), " world"
    )
    assert speak.to_xml() == (
        '<Speak voice="Polly.Joanna">Hello<break time="1s" /> big <emphasis>wide</emphasis>'
        " world</Speak>"
    )
    assert speak.to_text() == "Hello big wide world"


def test_cont_becomes_its_text_with_a_space_each_side_as_in_the_official_sdk() -> None:
    speak = px.Speak("A", voice="Polly.Joey").add(
        px.Break(), px.Cont("B").add(px.Cont("C"), px.S("D")), "E"
    )
    parsed = ET.fromstring(speak.to_xml())
    assert [child.tag for child in parsed] == ["break", "s"]
    assert parsed.text == "A"
    assert parsed[0].tail == " B C "
    assert parsed[1].text == "D"
    assert parsed[1].tail == " E"


def test_pretty_output_indents_the_verbs_and_never_the_spoken_text() -> None:
    document = px.Response().add(
        px.GetDigits(action=URL).add(
            px.Speak(" Press one ", voice="Polly.Joey").add(px.Break(), " or two ")
        ),
        px.Hangup(),
    )
    pretty = document.to_xml(pretty=True)
    assert pretty.splitlines()[1] == f'  <GetDigits action="{URL}">'
    compact, indented = ET.fromstring(document.to_xml()), ET.fromstring(pretty)
    for before, after in zip(compact.iter("Speak"), indented.iter("Speak"), strict=True):
        assert (
            (after.text, after[0].tail)
            == (before.text, before[0].tail)
            == (" Press one ", " or two ")
        )
    assert ET.canonicalize(pretty, strip_text=True) == ET.canonicalize(
        document.to_xml(), strip_text=True
    )


def test_reprs_name_the_element_and_never_show_a_url() -> None:
    secret = "https://user:hunter2@example.com/answer"
    text = repr(px.GetDigits(action=secret, num_digits=2).add(px.Play(secret)))
    assert text == "GetDigits(action=<url>, num_digits='2') +1 children"
    assert "hunter2" not in repr(px.Redirect(secret)) + repr(px.Dial(dial_music=secret))
    assert repr(px.Dial(dial_music="real")) == "Dial(dial_music='real')"


def test_the_document_response_is_not_the_sdks_http_response() -> None:
    assert px.Response is not plivo_async.Response
    assert "Response" in plivo_async.__all__
    assert not issubclass(plivo_async.Response, px.Element)


def test_importing_the_sdk_does_not_import_the_xml_builder() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import sys, plivo_async\n"
            "print(sorted(m for m in sys.modules if m.startswith('plivo_async.xml')))",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
