"""``hooksmith fire`` against misbehaving loopback servers: flags and saved settings apply,
failures are explained, the whole body can be saved, Ctrl+C cancels promptly."""

from __future__ import annotations

import _thread
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from app.cli import main
from app.cli.fire_cmd import run_job
from app.core.http.fire import FireJob
from app.core.http.settings import FireSettings, save_settings
from tests.helpers.servers import FaultServer, secret_request

PASSCODE = "cli-pc-5be1a7-SECRET"
UPLOAD = "/1/upload"


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def other_host() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.2") as running:
        yield running


@pytest.fixture
def profile(
    tmp_path: Path,
    server: FaultServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """A CleverTap profile whose custom base URL is the loopback fault server."""
    path = tmp_path / "ct.hooksmith.json"
    assert main(["init", "clevertap", str(path), "--credential", "account_id=ACC-1"]) == 0
    data = json.loads(path.read_text())
    data["custom_base"] = server.base_url
    path.write_text(json.dumps(data))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSCODE + "\n"))
    assert main(["credentials", "set", str(path), "--stdin"]) == 0
    capsys.readouterr()
    server.clear()
    server.aliases.clear()
    return path


def _fire(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str, str]:
    code = main(["fire", str(path), *flags])
    captured = capsys.readouterr()
    assert PASSCODE not in captured.out + captured.err
    return code, captured.out, captured.err


def test_429_shows_status_timing_and_retry_after(
    profile: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.aliases[UPLOAD] = "/status/429?retry_after=7"
    code, out, _ = _fire(profile, capsys)
    assert code == 1
    assert f"> POST {server.base_url}{UPLOAD}" in out
    assert "< 429 Too Many Requests (" in out and "first byte" in out
    assert f"from 127.0.0.1:{server.port}" in out
    assert "7 seconds" in out
    assert server.received[-1].header("X-CleverTap-Passcode") == PASSCODE


def test_read_timeout_flag_and_explanation(
    profile: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.aliases[UPLOAD] = "/hang"
    started = time.perf_counter()
    code, out, _ = _fire(profile, capsys, "--read-timeout", "0.3")
    assert code == 1 and time.perf_counter() - started < 2
    assert "Failed: 127.0.0.1 accepted the request but did not answer in time." in out
    assert "What to do: " in out and "Detail: " in out


def test_saved_settings_apply_without_flags(
    profile: Path, server: FaultServer, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(FireSettings(read_timeout=0.3))
    server.aliases[UPLOAD] = "/hang"
    started = time.perf_counter()
    code, out, _ = _fire(profile, capsys)
    assert code == 1 and "did not answer in time" in out
    assert time.perf_counter() - started < 2


def test_bad_flag_values_are_explained(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _fire(profile, capsys, "--connect-timeout", "0")
    assert code == 2
    assert "Connect timeout must be between 0.1 and 300 seconds." in err
    code, _, err = _fire(profile, capsys, "--proxy", "socks5://127.0.0.1:9")
    assert code == 2 and "SOCKS proxies are not supported" in err


def test_a_big_body_is_cut_on_screen_and_saved_whole(
    profile: Path, server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.aliases[UPLOAD] = "/big?size=300000"
    target = tmp_path / "body.txt"
    code, out, _ = _fire(profile, capsys, "--body-limit", "1000", "--save-body", str(target))
    assert "… [truncated: showing 1,000 characters of a 293.0 KB body" in out
    assert f"Saved the body (293.0 KB) to {target}." in out
    assert target.stat().st_size == 300000
    assert code == 0


def test_a_saved_body_that_echoes_the_secret_is_masked_unless_asked(
    profile: Path, server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.aliases[UPLOAD] = "/echo"
    target = tmp_path / "body.json"
    code, out, err = _fire(profile, capsys, "--save-body", str(target))
    assert code == 0
    saved = target.read_text(encoding="utf-8")
    assert PASSCODE not in saved and "••••••" in saved
    assert "1 copy of a secret masked (add --include-secrets to keep them)" in out
    assert err == ""
    code, out, err = _fire(profile, capsys, "--save-body", str(target), "--include-secrets")
    assert PASSCODE in target.read_text(encoding="utf-8")
    assert "Warning: the saved body holds secrets in clear text" in err


def test_include_secrets_needs_save_body(profile: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _fire(profile, capsys, "--include-secrets")
    assert code == 2 and "--include-secrets only applies with --save-body FILE" in err


def test_a_redirect_elsewhere_shows_what_was_withheld(
    profile: Path,
    server: FaultServer,
    other_host: FaultServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other_host.clear()
    target = other_host.url("/status/200")
    server.aliases[UPLOAD] = f"/redirect?code=307&to={quote(target, safe='')}"
    code, out, _ = _fire(profile, capsys)
    assert code == 1  # the answer came from a host the user never configured
    assert (
        f"redirected (307 Temporary Redirect) to {target}; sent POST with the body; "
        "withheld from the new host: X-CleverTap-Passcode"
    ) in out
    assert other_host.received[-1].header("X-CleverTap-Passcode") is None


def test_a_real_host_asks_and_offers_the_dry_run(
    profile: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(profile.read_text())
    data["custom_base"] = "https://eu1.api.clevertap.com"
    profile.write_text(json.dumps(data))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _fire(profile, capsys)
    assert code == 3
    assert "This sends a real POST request to eu1.api.clevertap.com" in err
    assert "To check without storing, choose: Validate only (dryRun=1)" in err
    assert "Add --yes to confirm" in err


def test_ctrl_c_cancels_a_blocked_fire(server: FaultServer) -> None:
    job = FireJob(secret_request(server.url("/hang")), FireSettings(read_timeout=30))
    threading.Timer(0.3, _thread.interrupt_main).start()
    started = time.perf_counter()
    result = run_job(job)
    assert result.error is not None and result.error.kind == "cancelled"
    assert time.perf_counter() - started < 1.5
