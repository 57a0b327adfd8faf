"""The output means the same as the official SDK's (``plivo.xml``) for the same document:
canonical XML compared, attribute order and quoting aside. Skipped without ``plivo``
(``pip install plivo``; it is in the ``bench`` extra)."""

from __future__ import annotations

import inspect
import typing
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from plivo_async import xml as px
from plivo_async._endpoint import param_from_annotation

from ._documents import GOLDEN, sdk_documents

plivoxml: Any = pytest.importorskip(
    "plivo.xml", reason="the official SDK (pip install plivo) is not installed"
)

#: What the official MultiPartyCallElement always writes; Plivo applies the same values when
#: they are left out (its documented defaults), which is what plivo_async.xml does.
MPC_DEFAULTS = {
    "maxDuration": "14400",
    "maxParticipants": "10",
    "recordMinMemberCount": "1",
    "waitMusicMethod": "GET",
    "agentHoldMusicMethod": "GET",
    "customerHoldMusicMethod": "GET",
    "record": "false",
    "recordParticipantTrack": "false",
    "recordFileFormat": "mp3",
    "recordingCallbackMethod": "POST",
    "statusCallbackEvents": "mpc-state-changes,participant-state-changes",
    "statusCallbackMethod": "POST",
    "stayAlone": "false",
    "coachMode": "true",
    "mute": "false",
    "hold": "false",
    "startMpcOnEnter": "true",
    "endMpcOnExit": "false",
    "enterSound": "beep:1",
    "enterSoundMethod": "GET",
    "exitSound": "beep:2",
    "exitSoundMethod": "GET",
    "onExitActionMethod": "POST",
    "relayDTMFInputs": "false",
    "startRecordingAudioMethod": "GET",
    "stopRecordingAudioMethod": "GET",
    "transcript": "false",
}


def canonical(document: str) -> str:
    """The document with Plivo's documented MPC defaults filled in, canonicalised."""
    root = ET.fromstring(document)
    for mpc in root.iter("MultiPartyCall"):
        for name, value in MPC_DEFAULTS.items():
            mpc.attrib.setdefault(name, value)
    return ET.canonicalize(ET.tostring(root, encoding="unicode"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_full_documents_mean_the_same_as_the_official_sdks(name: str) -> None:
    ours = GOLDEN[name]().to_xml()
    theirs = sdk_documents(plivoxml)[name].to_string(False)
    assert canonical(ours) == canonical(theirs)


def test_an_mpc_left_at_its_defaults_means_what_the_sdks_writes() -> None:
    ours = px.Response().add(px.MultiPartyCall("m", role="agent")).to_xml()
    theirs = plivoxml.ResponseElement().add(plivoxml.MultiPartyCallElement("m", "agent"))
    assert ours == '<Response><MultiPartyCall role="agent">m</MultiPartyCall></Response>'
    assert canonical(ours) == canonical(theirs.to_string(False))


# -- every attribute of every element, under the SDK's name ---------------------------------

#: The official classes, and how their keyword names differ from ours (where they do).
SDK_CLASS = {
    "Response": "ResponseElement",
    "Speak": "SpeakElement",
    "Play": "PlayElement",
    "Wait": "WaitElement",
    "Hangup": "HangupElement",
    "Redirect": "RedirectElement",
    "PreAnswer": "PreAnswerElement",
    "DTMF": "DTMFElement",
    "GetDigits": "GetDigitsElement",
    "GetInput": "GetInputElement",
    "Record": "RecordElement",
    "Dial": "DialElement",
    "Number": "NumberElement",
    "User": "UserElement",
    "Conference": "ConferenceElement",
    "MultiPartyCall": "MultiPartyCallElement",
    "Stream": "StreamElement",
    "Message": "MessageElement",
    "break": "BreakElement",
    "cont": "ContElement",
    "emphasis": "EmphasisElement",
    "lang": "LangElement",
    "p": "PElement",
    "phoneme": "PhonemeElement",
    "prosody": "ProsodyElement",
    "s": "SElement",
    "say-as": "SayAsElement",
    "sub": "SubElement",
    "w": "WElement",
}
SDK_NAMES = {
    "lang": {"xml_lang": "xmllang"},
    "Stream": {
        "audio_track": "audioTrack",
        "stream_timeout": "streamTimeout",
        "status_callback_url": "statusCallbackUrl",
        "status_callback_method": "statusCallbackMethod",
        "content_type": "contentType",
        "extra_headers": "extraHeaders",
        "keep_call_alive": "keepCallAlive",
    },
}
#: Values for attributes whose type alone does not give a valid one.
SAMPLES: dict[str, Any] = {
    "content": "some text",
    "voice": "Polly.Joey",
    "valid_digits": "123",
    "send_digits": "1w2",
    "sip_headers": "a=1",
    "extra_headers": "a=1",
    "time": "300ms",
    "volume": "+2dB",
    "rate": "90%",
    "pitch": "-5%",
    "xml_lang": "it-IT",
    "hints": "yes,no",
    "digits_match": "*1,*2",
    "digits_match_b_leg": "#9",
    "status_callback_events": "mpc-state-changes,participant-speak-events",
    "dst": "14155550101<14155550102",
    # "auto" is ours only: the SDK types these as integers.
    "digit_end_timeout": 3,
    "speech_end_timeout": 5,
}
CONTENT = {
    "Play": "https://example.com/a.mp3",
    "Redirect": "https://example.com/next",
    "Stream": "wss://example.com/s",
    "DTMF": "12#",
    "User": "sip:a@example.com",
}
#: Where the SDK needs another spelling of the same value: it writes str(True) for this one.
SDK_VALUES: dict[tuple[str, str], Any] = {("Conference", "record_when_alone"): "true"}
#: Rules between attributes the table must respect.
OVERRIDES: dict[str, dict[str, Any]] = {
    "Wait": {"beep": False},
    "Stream": {"audio_track": "inbound"},
    "say-as": {"interpret_as": "date", "format": "dmy"},
}


def hints_of(element: type[px.Element]) -> dict[str, Any]:
    return typing.get_type_hints(element.__init__, include_extras=True)


def sample(element: type[px.Element], name: str) -> Any:
    if name in OVERRIDES.get(element.tag, {}):
        return OVERRIDES[element.tag][name]
    if name == "content":
        return CONTENT.get(element.tag, SAMPLES["content"])
    if name in SAMPLES:
        return SAMPLES[name]
    param = param_from_annotation(name, hints_of(element)[name], required=False)
    if param.kind is bool:
        return True
    if param.kind is int:
        return param.minimum if param.minimum is not None else 1
    if param.choices:
        return sorted(choice for choice in param.choices if choice)[0]
    if param.url == "ws":
        return "wss://example.com/ws"
    if param.url == "http":
        return "https://example.com/cb"
    return "value"


ELEMENTS = [
    getattr(px, name)
    for name in px.__all__
    if isinstance(getattr(px, name), type)
    and issubclass(getattr(px, name), px.Element)
    and getattr(px, name) is not px.Element
]


@pytest.mark.parametrize("element", ELEMENTS, ids=lambda element: element.tag)
def test_every_attribute_is_written_as_the_official_sdk_writes_it(
    element: type[px.Element],
) -> None:
    parameters = {
        name: parameter
        for name, parameter in inspect.signature(element.__init__).parameters.items()
        if name != "self"
    }
    values = {name: sample(element, name) for name in parameters}
    ours = element(**values)
    renamed = SDK_NAMES.get(element.tag, {})
    theirs = getattr(plivoxml, SDK_CLASS[element.tag])(
        **{
            renamed.get(name, name): SDK_VALUES.get((element.tag, name), value)
            for name, value in values.items()
        }
    )
    if element.tag == "Dial":  # complete only with a destination
        ours.add(px.Number("1"))
        theirs.add(plivoxml.NumberElement("1"))
    if element.tag == "cont":  # a text run: only meaningful inside a Speak
        ours = px.Speak("a", voice="Polly.Joey").add(ours)
        theirs = plivoxml.SpeakElement("a", voice="Polly.Joey").add(theirs)
    assert canonical(ours.to_xml()) == canonical(theirs.to_string(False))
    given = [name for name in parameters if name != "content"]
    assert len(element(**values).attributes) == len(given)
