"""Full documents, built with plivo_async.xml and (for the comparison) with the official SDK."""

from __future__ import annotations

from typing import Any

from plivo_async import xml as px

BASE = "https://ivr.example.com"


def ivr() -> px.Response:
    """A menu: prompt for one digit, say something if none came, start again."""
    return px.Response().add(
        px.GetDigits(
            action=f"{BASE}/menu?step=1&lang=en",
            method="POST",
            num_digits=1,
            timeout=7,
            finish_on_key="",
            valid_digits="123",
            retries=2,
            redirect=True,
        ).add(
            px.Speak(
                "Welcome to Example & Co. Press 1 for sales, 2 for support, 3 for <billing>.",
                voice="Polly.Joanna",
                language="en-US",
            ).add(px.Break(time="500ms"), " Or stay on the line. "),
            px.Play(f"{BASE}/hold.mp3", loop=1),
        ),
        px.Speak("We did not receive your choice.", voice="WOMAN", loop=1),
        px.Redirect(f"{BASE}/answer", method="GET"),
    )


def dial() -> px.Response:
    """Ring two numbers and a SIP user at once; the first to answer is connected."""
    return px.Response().add(
        px.Dial(
            action=f"{BASE}/dial-status",
            caller_id="14155550100",
            caller_name="Example Support",
            timeout=30,
            time_limit=3600,
            hangup_on_star=True,
            dial_music="real",
            confirm_sound=f"{BASE}/confirm.xml",
            confirm_key="5",
            callback_url=f"{BASE}/dial-events",
            redirect=False,
        ).add(
            px.Number("14155550101", send_digits="wwww1234", send_on_preanswer=False),
            px.Number("14155550102"),
            px.User("sip:agent007@phone.plivo.com", sip_headers="team=blue,tier=2"),
        ),
    )


def conference() -> px.Response:
    """Join a moderated room that starts when the host arrives."""
    return px.Response().add(
        px.Speak("Joining the conference."),
        px.Conference(
            "Weekly Sync",
            muted=False,
            enter_sound="beep:1",
            exit_sound="beep:2",
            start_conference_on_enter=False,
            end_conference_on_exit=True,
            wait_sound=f"{BASE}/wait.xml",
            max_members=10,
            record=True,
            record_file_format="wav",
            callback_url=f"{BASE}/conference-events",
            callback_method="POST",
            digits_match=["*1", "*2"],
            relay_dtmf=True,
        ),
    )


def mpc() -> px.Response:
    """A customer joins a supervised multiparty call."""
    return px.Response().add(
        px.MultiPartyCall(
            "order-4711",
            role="customer",
            max_duration=3600,
            max_participants=3,
            wait_music_url=f"{BASE}/wait-music.xml",
            record=True,
            record_file_format="mp3",
            recording_callback_url=f"{BASE}/mpc-recording",
            status_callback_url=f"{BASE}/mpc-status",
            status_callback_events=["mpc-state-changes", "participant-speak-events"],
            start_mpc_on_enter=False,
            end_mpc_on_exit=True,
            enter_sound="beep:2",
            exit_sound="none",
            on_exit_action_url=f"{BASE}/after-mpc",
            relay_dtmf_inputs=True,
        ),
    )


def stream() -> px.Response:
    """Stream the caller's audio to a bot, both ways, then keep talking."""
    return px.Response().add(
        px.Speak("Connecting you to our assistant."),
        px.Stream(
            "wss://bot.example.com/audio?session=1&codec=l16",
            bidirectional=True,
            audio_track="inbound",
            stream_timeout=600,
            status_callback_url=f"{BASE}/stream-status",
            content_type="audio/x-l16;rate=16000",
            extra_headers="tenant=acme,region=eu",
            keep_call_alive=True,
        ),
        px.Hangup(reason="busy"),
    )


GOLDEN = {"ivr": ivr, "dial": dial, "conference": conference, "mpc": mpc, "stream": stream}


def sdk_documents(plivoxml: Any) -> dict[str, Any]:
    """The same documents with the official SDK (``plivo.xml``), spelled its way."""
    x = plivoxml
    ivr = x.ResponseElement()
    gather = x.GetDigitsElement(
        action=f"{BASE}/menu?step=1&lang=en",
        method="POST",
        num_digits=1,
        timeout=7,
        finish_on_key="",
        valid_digits="123",
        retries=2,
        redirect=True,
    )
    speak = x.SpeakElement(
        "Welcome to Example & Co. Press 1 for sales, 2 for support, 3 for <billing>.",
        voice="Polly.Joanna",
        language="en-US",
    )
    speak.add(x.BreakElement(time="500ms")).add(x.ContElement("Or stay on the line."))
    gather.add(speak).add(x.PlayElement(f"{BASE}/hold.mp3", loop=1))
    ivr.add(gather)
    ivr.add(x.SpeakElement("We did not receive your choice.", voice="WOMAN", loop=1))
    ivr.add(x.RedirectElement(f"{BASE}/answer", method="GET"))

    dial = x.ResponseElement()
    dialing = x.DialElement(
        action=f"{BASE}/dial-status",
        caller_id="14155550100",
        caller_name="Example Support",
        timeout=30,
        time_limit=3600,
        hangup_on_star=True,
        dial_music="real",
        confirm_sound=f"{BASE}/confirm.xml",
        confirm_key="5",
        callback_url=f"{BASE}/dial-events",
        redirect=False,
    )
    dialing.add(x.NumberElement("14155550101", send_digits="wwww1234", send_on_preanswer=False))
    dialing.add(x.NumberElement("14155550102"))
    dialing.add(x.UserElement("sip:agent007@phone.plivo.com", sip_headers="team=blue,tier=2"))
    dial.add(dialing)

    conference = x.ResponseElement()
    conference.add(x.SpeakElement("Joining the conference."))
    conference.add(
        x.ConferenceElement(
            "Weekly Sync",
            muted=False,
            enter_sound="beep:1",
            exit_sound="beep:2",
            start_conference_on_enter=False,
            end_conference_on_exit=True,
            wait_sound=f"{BASE}/wait.xml",
            max_members=10,
            record=True,
            record_file_format="wav",
            callback_url=f"{BASE}/conference-events",
            callback_method="POST",
            digits_match="*1,*2",
            relay_dtmf=True,
        )
    )

    mpc = x.ResponseElement()
    mpc.add(
        x.MultiPartyCallElement(
            "order-4711",
            role="customer",
            max_duration=3600,
            max_participants=3,
            wait_music_url=f"{BASE}/wait-music.xml",
            record=True,
            record_file_format="mp3",
            recording_callback_url=f"{BASE}/mpc-recording",
            status_callback_url=f"{BASE}/mpc-status",
            status_callback_events="mpc-state-changes,participant-speak-events",
            start_mpc_on_enter=False,
            end_mpc_on_exit=True,
            enter_sound="beep:2",
            exit_sound="none",
            on_exit_action_url=f"{BASE}/after-mpc",
            relay_dtmf_inputs=True,
        )
    )

    stream = x.ResponseElement()
    stream.add(x.SpeakElement("Connecting you to our assistant."))
    stream.add(
        x.StreamElement(
            "wss://bot.example.com/audio?session=1&codec=l16",
            bidirectional=True,
            audioTrack="inbound",
            streamTimeout=600,
            statusCallbackUrl=f"{BASE}/stream-status",
            contentType="audio/x-l16;rate=16000",
            extraHeaders="tenant=acme,region=eu",
            keepCallAlive=True,
        )
    )
    stream.add(x.HangupElement(reason="busy"))
    return {"ivr": ivr, "dial": dial, "conference": conference, "mpc": mpc, "stream": stream}
