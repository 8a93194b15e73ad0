"""Text the user did not write (an imported file, a pasted curl, a payload to diagnose)
never acts on the terminal: every command's output shows escapes, and --json stays JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli import main
from app.cli.output import TerminalText

HOSTILE = "\x1b[2J\x1b]0;owned\x07\r\u202e\x9b31m"


def _assert_inert(text: str) -> None:
    for char in ("\x1b", "\x07", "\r", "\u202e", "\x9b"):
        assert char not in text, repr(char)


def test_a_pasted_curl_with_escapes_is_shown_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    curl = (
        f"curl -X POST 'https://example.com/hook{HOSTILE}' "
        f"-H 'X-Note: {HOSTILE}' -d '{{\"a\": \"{HOSTILE}\"}}'"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(curl))
    main(["import", "--curl", "-", "-o", str(tmp_path / "p.hooksmith.json"), "--no-store-secrets"])
    out, err = capsys.readouterr()
    _assert_inert(out + err)
    assert "\\x1b[2J" in out + err


def test_a_payload_to_diagnose_with_escapes_is_shown_inert_and_json_stays_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "payload.txt"
    payload.write_text('{"d": [{"identity": "' + HOSTILE + '", }]}')
    main(["diagnose", str(payload)])
    out, err = capsys.readouterr()
    _assert_inert(out + err)
    main(["diagnose", str(payload), "--json"])
    out, err = capsys.readouterr()
    _assert_inert(out + err)
    json.loads(out)


#: What a terminal may act on: C0 controls (but tab and line feed), DEL, C1 controls,
#: bidirectional marks, overrides and isolates, line/paragraph separators, surrogates.
ACTIVE = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}
ACTIVE |= set("\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e")
ACTIVE |= set("\u2066\u2067\u2068\u2069")


@settings(max_examples=300)
@given(st.lists(st.text(), max_size=5))
def test_terminal_text_lets_nothing_active_through(pieces: list[str]) -> None:
    sink = io.StringIO()
    stream = TerminalText(sink)
    for piece in pieces:
        stream.write(piece)
    shown = sink.getvalue()
    assert not ACTIVE & set(shown), repr(shown)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
