"""``hooksmith fire`` and ``history`` against hostile loopback servers: nothing a server
sends acts on the terminal, an answer from another host is never green, and the
command's plumbing (a closed pipe, Ctrl+C, a huge body) stays quiet and bounded."""

from __future__ import annotations

import _thread
import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.cli.fire_cmd import print_result
from app.core.http.failures import FireError
from app.core.http.fire import FireResult, Hop
from app.core.http.request import PreparedRequest
from app.core.secrets.store import Redactor
from tests.helpers.servers import FaultServer, raw_server

PASSCODE = "cli-hostile-pc-93ad-SECRET"
UPLOAD = "/1/upload"
#: Any control character but LF (and TAB, which is kept in bodies) is a leak.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def other_host() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.2") as running:
        yield running


def _profile(tmp_path: Path, base: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ct.hooksmith.json"
    if not path.exists():
        assert main(["init", "clevertap", str(path), "--credential", "account_id=ACC-1"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
        assert main(["credentials", "set", str(path), "--stdin"]) == 0
    data = json.loads(path.read_text())
    data["custom_base"] = base
    path.write_text(json.dumps(data))
    return path


def _fire(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["fire", str(path), *flags])
    captured = capsys.readouterr()
    assert PASSCODE not in captured.out + captured.err
    return code, captured.out, captured.err


def _no_raw_controls(text: str) -> None:
    leaked = RAW_CONTROL.findall(text)
    assert not leaked, f"raw control characters reached the terminal: {leaked!r}"


# -- nothing a server sends acts on the terminal ------------------------------------


HOSTILE_ANSWER = (
    b"HTTP/1.1 200 \x1b[2JCleared\x07\rOK\r\n"
    b"Content-Type: application/json\r\n"
    b"X-Evil: one\rtwo \x1b]0;owned\x07\r\n"
    b"Content-Length: 2\r\nConnection: close\r\n\r\n{}"
)


def test_a_hostile_reason_and_header_are_shown_not_interpreted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with raw_server(HOSTILE_ANSWER) as base:
        path = _profile(tmp_path, base, monkeypatch)
        _code, out, err = _fire(path, capsys)
    assert "\\x1b[2JCleared" in out
    assert "\\r" in out
    _no_raw_controls(out + err)
    entry = re.search(r"history show (\S+)\)", out)
    assert entry is not None
    assert main(["history", "show", entry.group(1)]) == 0
    shown = capsys.readouterr().out
    assert "\\x1b[2JCleared" in shown
    _no_raw_controls(shown)
    assert main(["history", "list"]) == 0
    _no_raw_controls(capsys.readouterr().out)


def test_a_hostile_status_line_in_the_failure_is_shown_not_interpreted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with raw_server(b"HTTP/1.0 \x1b[2J\x9b31m garbage\r\n\r\n") as base:
        path = _profile(tmp_path, base, monkeypatch)
        code, out, err = _fire(path, capsys)
    assert code == 1
    assert "broke the HTTP protocol" in out and "credentials" not in out
    assert "\\x1b[2J" in out
    _no_raw_controls(out + err)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reason=_TEXT,
    headers=st.lists(st.tuples(_TEXT, _TEXT), max_size=4),
    body=st.binary(max_size=200),
    ctype=st.sampled_from(["application/json", "text/plain", "text/html; charset=latin-1", ""]),
    error=st.none() | st.tuples(_TEXT, _TEXT, _TEXT),
    location=_TEXT,
)
def test_no_server_text_reaches_the_terminal_raw(
    reason: str,
    headers: list[tuple[str, str]],
    body: bytes,
    ctype: str,
    error: tuple[str, str, str] | None,
    location: str,
) -> None:
    request = PreparedRequest(
        "POST", "http://127.0.0.1:9/1/upload", [], b"{}", set(), Redactor([PASSCODE])
    )
    result = FireResult(
        request,
        status=200,
        reason=reason,
        headers=[*headers, ("Content-Type", ctype)],
        body=body,
        size=len(body),
        complete=error is None,
        redirects=[Hop(302, request.url, "http://127.0.0.1:9/" + location, reason=reason)],
        url="http://127.0.0.1:9/" + location,
        error=FireError("protocol", *error) if error else None,
    )
    out = io.StringIO()
    print_result(result, None, out=out)
    _no_raw_controls(out.getvalue())
    out.getvalue().encode("utf-8")  # no lone surrogates either: a terminal must take it


# -- an answer from another host is not green ---------------------------------------


def test_an_answer_from_another_host_says_so_first_and_fails(
    tmp_path: Path,
    server: FaultServer,
    other_host: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _profile(tmp_path, server.base_url, monkeypatch)
    target = other_host.url("/status/200")
    server.aliases[UPLOAD] = f"/redirect?code=307&to={quote(target, safe='')}"
    code, out, _ = _fire(path, capsys)
    assert code == 1
    moved = (
        "The answer came from another host (127.0.0.2), not the one configured (127.0.0.1): "
        "it received no credentials; check the URL."
    )
    assert moved in out
    verdict = out.split("\n\n")[-1]  # after the body: the verdict comes first
    assert verdict.startswith(moved), verdict


def test_a_redirect_on_the_same_host_stays_green(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _profile(tmp_path, server.base_url, monkeypatch)
    server.aliases[UPLOAD] = "/redirect?code=307&to=/status/200"
    code, out, _ = _fire(path, capsys)
    assert code == 0 and "another host" not in out


def test_the_exit_codes_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["fire", "--help"])
    text = capsys.readouterr().out
    assert "exit status" in text.lower()
    assert "another host" in text and "130" in text


# -- plumbing: a closed pipe, Ctrl+C, a huge body ----------------------------------


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_quietly_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    code = main(["history", "list", "--json"])
    assert code == 1
    assert "Traceback" not in capsys.readouterr().err


def test_history_list_into_a_closed_pipe_prints_no_traceback() -> None:
    script = "import sys; from app.cli import main; sys.exit(main())"
    child = subprocess.Popen(
        [sys.executable, "-c", script, "history", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # like `| head` that has already exited
    with child.stderr:
        err = child.stderr.read().decode()
    assert child.wait(30) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "Exception ignored" not in err, err


def test_ctrl_c_in_a_command_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    class Interrupted:
        def entries(self, **_: object) -> list[object]:
            raise KeyboardInterrupt

    monkeypatch.setattr("app.cli.history_cmd.History", Interrupted)
    assert main(["history", "list"]) == 130


def test_ctrl_c_during_a_fire_exits_130(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _profile(tmp_path, server.base_url, monkeypatch)
    server.aliases[UPLOAD] = "/hang"
    threading.Timer(0.5, _thread.interrupt_main).start()
    code, out, _ = _fire(path, capsys)
    assert code == 130
    assert "cancelled" in out


def test_a_big_body_prints_a_screenful_and_says_how_to_see_more(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _profile(tmp_path, server.base_url, monkeypatch)
    server.aliases[UPLOAD] = "/big?size=2000000"
    code, out, _ = _fire(path, capsys)
    assert code == 0
    assert len(out) < 24_000
    assert "--body-limit" in out and "--save-body" in out
