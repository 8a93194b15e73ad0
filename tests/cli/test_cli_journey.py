"""The CLI renders the same journey model as the wizard: ``check`` prints the go-live
checklist, ``fire --ask-secrets`` asks only for what the chosen authentication uses, and
``history replay`` refuses a masked recording and can ask for secrets too."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.core.history import History
from tests.servers import FaultServer

TOKEN = "tok-cli-journey-7731"
BEARER = {"verb": "POST", "headers": ["Content-Type: application/json"], "auth": "bearer"}


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as running:
        yield running


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def _edit(path: Path, **changes: object) -> None:
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


def custom_profile(tmp_path: Path, server: FaultServer, route: str = "/status/200") -> Path:
    path = tmp_path / "hook.hooksmith.json"
    assert main(["init", "custom", str(path), "--name", "Custom hook"]) == 0
    _edit(path, custom_base=server.url(route), options={**BEARER})
    return path


def clevertap_profile(tmp_path: Path, region: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ct.hooksmith.json"
    args = ["init", "clevertap", str(path), "--region", region]
    assert main([*args, "--credential", "account_id=SANDBOX-PROJECT"]) == 0
    _stdin(monkeypatch, "sandbox-passcode\n")
    assert main(["credentials", "set", str(path), "--stdin"]) == 0
    return path


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[str], str]:
    capsys.readouterr()
    code = main(["check", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] == (code == 0)
    return code, {i["id"] for i in data["items"] if i["blocking"]}, json.dumps(data)


def test_check_blocks_the_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, blocking, _ = check(clevertap_profile(tmp_path, "sandbox", monkeypatch), capsys)
    assert code == 1 and "region.sandbox" in blocking


def test_check_blocks_demo_credentials_at_a_real_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, blocking, text = check(clevertap_profile(tmp_path, "eu", monkeypatch), capsys)
    assert code == 1 and "credentials.demo" in blocking
    assert "sandbox-passcode" not in text


def test_check_blocks_payload_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = clevertap_profile(tmp_path, "eu", monkeypatch)
    _edit(path, template="{ not json")
    code, blocking, _ = check(path, capsys)
    assert code == 1 and "payload.errors" in blocking


def test_check_blocks_a_missing_secret(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, blocking, _ = check(custom_profile(tmp_path, server), capsys)
    assert code == 1 and "credentials.missing" in blocking


def test_check_is_ready_after_a_fire_and_not_after_a_change(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server)
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["credentials", "set", str(path), "token", "--stdin"]) == 0
    code, blocking, _ = check(path, capsys)
    assert code == 1 and blocking == {"fire.none"}
    assert main(["fire", str(path)]) == 0
    code, blocking, _ = check(path, capsys)
    assert code == 0 and not blocking
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "Ready to hand over" in capsys.readouterr().out
    _edit(path, samples={"anything": "changed"})
    code, blocking, _ = check(path, capsys)
    assert code == 1 and blocking == {"fire.none"}


def test_preview_ends_with_the_checklist(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = custom_profile(tmp_path, server)
    capsys.readouterr()
    main(["preview", str(path)])
    out = capsys.readouterr().out
    assert out.startswith("POST " + server.url("/status/200"))
    assert "Not ready" in out and "No Bearer token is stored" in out


def test_ask_secrets_asks_only_for_the_chosen_authentication(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server)
    server.clear()
    _stdin(monkeypatch, TOKEN + "\nunused\n")
    assert main(["fire", str(path), "--ask-secrets"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("kept for this run only") == 1
    assert "Bearer token" in captured.err
    assert server.received[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in captured.out + captured.err


@pytest.mark.parametrize("answer", ["", "   \n"])
def test_an_empty_secret_is_refused_before_anything_is_sent(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
) -> None:
    path = custom_profile(tmp_path, server)
    server.clear()
    _stdin(monkeypatch, answer)
    assert main(["fire", str(path), "--ask-secrets"]) == 2
    assert "No Bearer token was given; nothing was sent." in capsys.readouterr().err
    assert server.received == []


def test_replay_refuses_a_masked_recording_and_asks_for_secrets(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server)
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["fire", str(path), "--ask-secrets"]) == 0
    entry = History().entries()[0]
    server.clear()
    _stdin(monkeypatch, "")
    assert main(["history", "replay", entry.id, "--ask-secrets"]) == 2
    assert server.received == []
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["history", "replay", entry.id, "--ask-secrets"]) == 0
    assert server.received[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    # A recording whose settings were masked (a header value that matched the secret).
    headers = [*BEARER["headers"], f"X-Ref: {TOKEN}"]
    _edit(path, options={**BEARER, "headers": headers})
    _stdin(monkeypatch, TOKEN + "\n")
    main(["fire", str(path), "--ask-secrets"])
    masked = History().entries()[0]
    assert "••••••" in json.dumps(masked.profile, ensure_ascii=False)
    server.clear()
    capsys.readouterr()
    assert main(["history", "replay", masked.id, "--ask-secrets"]) == 2
    assert "masked" in capsys.readouterr().err and server.received == []
