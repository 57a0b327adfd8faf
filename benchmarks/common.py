"""Values shared by the orchestrator, the servers and the worker processes.

Everything here is plain data so that it can cross a process boundary as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

BENCH_DIR: Final = Path(__file__).resolve().parent
REPO_DIR: Final = BENCH_DIR.parent
RESULTS_DIR: Final = BENCH_DIR / "results"

# The official SDK insists on a 20-character id starting with MA or SA.
AUTH_ID: Final = "MA" + "B" * 18
AUTH_TOKEN: Final = "bench-token-not-a-secret"
CALL_UUID: Final = "5607532d-5037-4066-befc-a8b40218dd4f"
FROM_NUMBER: Final = "14155550100"
ANSWER_URL: Final = "https://example.com/answer.xml"

CREATE_PATH: Final = f"/v1/Account/{AUTH_ID}/Call/"
#: Plain GET that every server answers at once (readiness probe, idle warm-up).
PING_PATH: Final = "/ping/"

CREATE_RESPONSE: Final[dict[str, Any]] = {
    "api_id": "97ceeb52-58b6-11e1-86da-77300b68f8bb",
    "message": "call fired",
    "request_uuid": "9834029e-58b6-11e1-b8b7-a5bd0e4e126f",
}

# `response_example` of `call.get` in the Voice API spec (a full CDR).
GET_RESPONSE: Final[dict[str, Any]] = {
    "answer_time": "2022-10-12 21:57:47+05:30",
    "api_id": "52cd2e1d-2bfd-11ec-a7bd-0242ac110005",
    "bill_duration": 1,
    "billed_duration": 1,
    "call_direction": "outbound",
    "call_duration": 1,
    "call_state": "ANSWER",
    "call_uuid": CALL_UUID,
    "conference_uuid": None,
    "end_time": "2022-10-12 21:57:47+05:30",
    "from_number": "+12025551111",
    "hangup_cause_code": 8011,
    "hangup_cause_name": "Invalid Answer XML",
    "hangup_source": "Error",
    "initiation_time": "2022-10-12 21:57:40+05:30",
    "parent_call_uuid": None,
    "resource_uri": f"/v1/Account/{AUTH_ID}/Call/{CALL_UUID}/",
    "stir_verification": "Not Applicable",
    "to_number": "sip:sam9461399937766203278@phone.plivo.com",
    "total_amount": "0.01667",
    "total_rate": "1.00000",
    "Stir_attestation": "A",
    "voice_network_group": "",
    "source_ip": "92.168.0.1",
}

CREATE_BODY: Final = json.dumps(CREATE_RESPONSE, separators=(",", ":"))
GET_BODY: Final = json.dumps(GET_RESPONSE, separators=(",", ":"))
NOT_FOUND_BODY: Final = '{"api_id":"00000000-0000-0000-0000-000000000000","error":"not found"}'


def to_number(i: int) -> str:
    """A distinct destination per request; never equal to FROM_NUMBER (the official SDK refuses)."""
    return f"1415556{i % 10_000:04d}"
