"""docs/migration.md: the table covers every Voice method of the official ``plivo`` package, each
name it gives on our side exists on both clients, and the "after" snippets run as written
(against the simulator); the "before" ones are the official SDK's and are marked as not run."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import plivo_async
from plivo_async.testing import Simulator
from tests.conftest import AUTH_ID, AUTH_TOKEN

MIGRATION = Path(__file__).resolve().parents[2] / "docs" / "migration.md"
NOT_RUN = "# before: the official plivo SDK (not run here)"

#: Every Voice method of the official SDK (plivo 4.59-4.63: calls, live and queued calls,
#: conferences, multiparty calls, endpoints, recordings, verified caller ids, feedback, token).
OFFICIAL = {
    "calls": "create list get update transfer delete hangup cancel record start_recording "
    "record_stop stop_recording play start_playing play_stop stop_playing speak start_speaking "
    "speak_stop stop_speaking send_digits start_stream get_all_streams "
    "get_details_of_specific_stream delete_specific_stream delete_all_streams "
    "live_call_list_ids live_call_get queued_call_list_ids queued_call_get",
    "live_calls": "list_ids get",
    "queued_calls": "list_ids get",
    "conferences": "list get delete hangup delete_all hangup_all member_speak member_speak_stop "
    "member_play member_play_stop member_mute member_mute_stop member_deaf member_deaf_stop "
    "member_kick member_hangup record record_stop",
    "multi_party_calls": "list get add_participant start stop start_recording stop_recording "
    "pause_recording resume_recording list_participants update_participant kick_participant "
    "get_participant start_participant_recording stop_participant_recording "
    "pause_participant_recording resume_participant_recording start_play_audio stop_play_audio",
    "endpoints": "create list get update delete",
    "recordings": "list get delete",
    "verify_callerids": "initiate_verify verify_caller_id get_verified_caller_id "
    "update_verified_caller_id delete_verified_caller_id list_verified_caller_id",
    "call_feedback": "create",
    "token": "create",
}


def rows() -> list[tuple[str, str, str]]:
    """(official, ours, notes) of every table row; the cells' first backticked name."""
    found = []
    for line in MIGRATION.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0].startswith(("official", "---")):  # not the head
            continue
        found.append((cells[0], cells[1], cells[2]))
    return found


def first_name(cell: str) -> str:
    match = re.search(r"`([^`]+)`", cell)
    return match.group(1) if match else ""


def test_every_official_voice_method_is_in_the_table() -> None:
    official = {first_name(row[0]) for row in rows()}
    expected = {f"{group}.{name}" for group, names in OFFICIAL.items() for name in names.split()}
    assert expected - official == set()


def test_every_method_named_on_our_side_exists_on_both_clients() -> None:
    ours = [first_name(row[1]) for row in rows() if row[1] != "—"]
    assert len(ours) > 80
    async_client = plivo_async.AsyncClient(AUTH_ID, AUTH_TOKEN)
    client = plivo_async.Client(AUTH_ID, AUTH_TOKEN)
    try:
        for name in ours:
            for owner in (async_client, client):
                target: Any = owner
                for part in name.split("."):
                    target = getattr(target, part)
                assert callable(target), name
    finally:
        client.close()


def test_a_method_without_counterpart_says_why() -> None:
    missing = [row for row in rows() if row[1] == "—"]
    assert {first_name(row[0]) for row in missing} >= {"calls.cancel", "token.create"}
    assert all(len(notes) > 40 for _, _, notes in missing)


def snippets() -> list[str]:
    return re.findall(r"```python\n(.*?)```", MIGRATION.read_text(), flags=re.S)


def test_the_before_snippets_are_marked_and_the_after_ones_are_not() -> None:
    blocks = snippets()
    assert [block.startswith(NOT_RUN) for block in blocks] == [True, False, True, False]


@pytest.fixture
def pointed_at(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point ``Client()`` / ``AsyncClient()`` as the snippets write them at a simulator: the
    credentials through the environment, the base URLs through the constructor defaults."""

    def point(sim: Any) -> None:
        monkeypatch.setenv("PLIVO_AUTH_ID", sim.auth_id)
        monkeypatch.setenv("PLIVO_AUTH_TOKEN", sim.auth_token)
        urls = {"base_url": sim.base_url, "stats_base_url": sim.base_url}
        for name in ("Client", "AsyncClient"):
            cls = getattr(plivo_async, name)
            monkeypatch.setattr(plivo_async, name, functools.partial(cls, **urls))

    return point


def test_the_sync_script_places_a_call_and_hangs_up_every_live_call(
    pointed_at: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    script = snippets()[1]
    with Simulator.start_in_thread() as sim:
        sim.set_call_behavior(ring_seconds=0)
        pointed_at(sim)
        exec(compile(script, str(MIGRATION), "exec"), {"__name__": "migration_sync"})
        (call,) = sim.calls()
        assert call.hangup_source == "API Request"  # hung up by the script, while live
        assert call.call_state != "CANCEL"
    printed = capsys.readouterr().out.split()
    assert printed[0] == call.request_uuid
    assert "could not" not in printed


async def test_the_service_dials_through_one_client_per_application(pointed_at: Any) -> None:
    namespace: dict[str, Any] = {"__name__": "migration_service"}
    async with Simulator() as sim:
        pointed_at(sim)
        exec(compile(snippets()[3], str(MIGRATION), "exec"), namespace)
        app = namespace["make_app"]()
        async with TestClient(TestServer(app)) as http:
            answers = [await http.post("/dial", json={"to": f"1415555010{n}"}) for n in (1, 2)]
            bodies = [await answer.json() for answer in answers]
            client = app[namespace["PLIVO"]]
            assert not client.closed
        assert client.closed  # closed with the application
        assert [answer.status for answer in answers] == [200, 200]
        assert sorted(call.request_uuid for call in sim.calls()) == sorted(
            body["request_uuid"] for body in bodies
        )
