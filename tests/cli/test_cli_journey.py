"""The CLI renders the same journey model as the wizard: ``check`` prints the go-live
checklist, ``fire --ask-secrets`` asks only for what the chosen authentication uses, and
``history replay`` refuses a masked recording and can ask for secrets too."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.cli import main
from app.core.support.history import History
from tests.helpers.keyring_doubles import BrokenReadKeyring
from tests.helpers.servers import FaultServer

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


@pytest.fixture
def broken_keyring() -> None:
    """A keyring that cannot be read at all (the conftest restores the memory one)."""
    keyring.set_keyring(BrokenReadKeyring())


def test_check_json_items_carry_the_documented_fields(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = custom_profile(tmp_path, server)
    capsys.readouterr()
    assert main(["check", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] is False and data["items"]
    for item in data["items"]:
        assert set(item) == {"id", "blocking", "message", "fix", "step"}


def test_check_blocks_until_a_fire_of_this_configuration_succeeds(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server, "/status/500")
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["credentials", "set", str(path), "token", "--stdin"]) == 0
    assert main(["fire", str(path)]) == 1
    code, blocking, text = check(path, capsys)
    assert code == 1 and blocking == {"fire.none"}
    assert "The last fire of this configuration failed" in text


@pytest.mark.parametrize(
    "change",
    [{"samples": {"Profile.IntegrationId": "customer-0043"}}, {"template": '{"changed": true}'}],
    ids=["samples", "template"],
)
def test_a_fire_stops_counting_once_the_profile_file_changes(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, object],
) -> None:
    path = custom_profile(tmp_path, server)
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["credentials", "set", str(path), "token", "--stdin"]) == 0
    assert main(["fire", str(path)]) == 0
    assert check(path, capsys)[0] == 0
    _edit(path, **change)
    code, blocking, _ = check(path, capsys)
    assert code == 1 and blocking == {"fire.none"}


@pytest.mark.usefixtures("broken_keyring")
def test_check_counts_an_unreadable_keyring_as_a_blocking_item(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, blocking, text = check(custom_profile(tmp_path, server), capsys)
    assert code == 1 and "credentials.unread" in blocking
    assert "RuntimeError" in text


@pytest.mark.usefixtures("broken_keyring")
def test_an_unreadable_keyring_is_named_with_the_way_out_for_fire_and_replay(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server)
    server.clear()
    capsys.readouterr()
    assert main(["fire", str(path)]) == 2
    err = capsys.readouterr().err
    assert "keyring could not be read" in err and "--ask-secrets" in err
    assert "Bearer token" in err and server.received == []
    # --ask-secrets asks for every secret the authentication uses: the store said nothing.
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["fire", str(path), "--ask-secrets"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("kept for this run only") == 1
    assert server.received[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    entry = History().entries()[0]
    server.clear()
    assert main(["history", "replay", entry.id]) == 2
    err = capsys.readouterr().err
    assert "keyring could not be read" in err and "--ask-secrets" in err
    assert server.received == []


@pytest.mark.usefixtures("broken_keyring")
def test_a_profile_without_secrets_fires_although_the_keyring_cannot_be_read(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = custom_profile(tmp_path, server)
    _edit(path, options={**BEARER, "auth": "none"})
    server.clear()
    assert main(["fire", str(path)]) == 0
    assert "Authorization" not in server.received[-1].headers
    assert "keyring" not in capsys.readouterr().err


def test_clevertap_ask_secrets_with_nothing_piped_names_the_passcode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ct.hooksmith.json"
    args = ["init", "clevertap", str(path), "--region", "sandbox"]
    assert main([*args, "--credential", "account_id=SANDBOX-PROJECT"]) == 0
    _stdin(monkeypatch, "")
    capsys.readouterr()
    assert main(["fire", str(path), "--ask-secrets"]) == 2
    err = capsys.readouterr().err
    assert "Passcode (kept for this run only): " in err
    assert "No Passcode was given; nothing was sent." in err
    assert History().entries() == []


def test_a_history_that_cannot_be_written_is_a_warning_not_a_failure(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = custom_profile(tmp_path, server)
    _stdin(monkeypatch, TOKEN + "\n")
    assert main(["credentials", "set", str(path), "token", "--stdin"]) == 0
    root = History().root
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("not a folder")  # the history folder cannot be created
    capsys.readouterr()
    assert main(["fire", str(path)]) == 0
    captured = capsys.readouterr()
    assert "The endpoint accepted the request (200)." in captured.out
    assert "Recorded in the history" not in captured.out
    assert "hooksmith: warning: Could not write the fire history" in captured.err
