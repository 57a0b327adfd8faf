"""Full documents, rendered exactly as the golden files under golden/ hold them.

After an intended change of the output, rewrite them with ``PLIVO_XML_WRITE_GOLDEN=1`` and
review the diff.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ._documents import BASE, GOLDEN

HERE = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_documents_render_as_their_golden_files(name: str) -> None:
    rendered = GOLDEN[name]().to_xml(pretty=True) + "\n"
    path = HERE / f"{name}.xml"
    if os.environ.get("PLIVO_XML_WRITE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")
    # Compact and pretty output mean the same document.
    assert ET.canonicalize(rendered, strip_text=True) == ET.canonicalize(
        GOLDEN[name]().to_xml(), strip_text=True
    )


def test_the_ivr_reads_as_plivo_will_run_it() -> None:
    root = ET.fromstring((HERE / "ivr.xml").read_text(encoding="utf-8"))
    assert [child.tag for child in root] == ["GetDigits", "Speak", "Redirect"]
    gather = root[0]
    assert gather.get("action") == f"{BASE}/menu?step=1&lang=en"
    assert gather.get("finishOnKey") == ""
    assert [child.tag for child in gather] == ["Speak", "Play"]
    prompt = gather[0]
    assert prompt.text is not None
    assert prompt.text.endswith("3 for <billing>.")
    assert prompt[0].tail == " Or stay on the line. "
    assert root[2].text == f"{BASE}/answer"


def test_the_dial_rings_every_destination() -> None:
    root = ET.fromstring((HERE / "dial.xml").read_text(encoding="utf-8"))
    (dial,) = root
    assert [(child.tag, child.text) for child in dial] == [
        ("Number", "14155550101"),
        ("Number", "14155550102"),
        ("User", "sip:agent007@phone.plivo.com"),
    ]
    assert dial.get("hangupOnStar") == "true"
    assert dial.get("redirect") == "false"
