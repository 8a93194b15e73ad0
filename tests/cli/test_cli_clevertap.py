"""The CleverTap journey through the command line, in process (so the test keyring applies)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from app.core.sandbox.server import Sandbox

PASSCODE = "sandbox-passcode"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "ct.hooksmith.json"
    code = main(
        [
            "init",
            "clevertap",
            str(path),
            "--region",
            "sandbox",
            "--credential",
            "account_id=SANDBOX-PROJECT",
            "--name",
            "Send CleverTap Email",
        ]
    )
    assert code == 0
    capsys.readouterr()
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_init_credentials_preview_fire_export(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    _stdin(monkeypatch, PASSCODE + "\n")
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    assert main(["credentials", "check", str(profile_file)]) == 0
    assert "passcode: stored" in capsys.readouterr().out

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "X-CleverTap-Passcode: ••••••" in out and PASSCODE not in out
    assert '"identity": "customer-0042"' in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "All records were processed." in out
    assert PASSCODE not in out

    assert main(["export", str(profile_file)]) == 0
    captured = capsys.readouterr()
    model = NewWebhook.from_dict(json.loads(captured.out))
    assert model.title == "Send CleverTap Email"
    assert PASSCODE not in captured.out
    assert "sandbox" in captured.err  # warned that the URL is the local sandbox


def test_fire_with_a_wrong_passcode_explains_401(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    _stdin(monkeypatch, "not-the-passcode\n")
    main(["credentials", "set", str(profile_file), "--stdin"])
    assert main(["fire", str(profile_file)]) == 1
    assert "Wrong passcode or wrong region (401)." in capsys.readouterr().out


def test_fire_at_a_real_host_needs_confirmation(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(profile_file.read_text())
    data["region"] = "eu"
    profile_file.write_text(json.dumps(data))
    _stdin(monkeypatch, PASSCODE + "\n")
    main(["credentials", "set", str(profile_file), "--stdin"])
    _stdin(monkeypatch, "")
    assert main(["fire", str(profile_file)]) == 3
    assert "Add --yes to confirm" in capsys.readouterr().err


def test_validate_exit_status_and_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {"d": [{"type": "event", "identity": "a", "evtName": "E", "evtData": {"c": "X"}}]}
        )
    )
    assert main(["validate", "--destination", "clevertap", str(good)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"d": [{"type": "event", "identity": "${$ProfileID}",\n "evtData": {}},]}')
    assert (
        main(["validate", "--destination", "clevertap", str(bad), "--param", "ProfileID=c-1"]) == 1
    )
    out = capsys.readouterr().out
    assert "error line 2, column 16: Trailing comma" in out


def test_secret_on_the_command_line_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["init", "clevertap", str(tmp_path / "x.json"), "--credential", "passcode=abc"])
    assert code == 2
    assert "never on the command line" in capsys.readouterr().err


def test_unknown_profile_and_region_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", "no-such-profile"]) == 2
    assert "No profile 'no-such-profile'" in capsys.readouterr().err
    assert main(["init", "clevertap", str(tmp_path / "x.json"), "--region", "mars"]) == 2
    assert "choose one of" in capsys.readouterr().err


def test_no_display_prints_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("HOOKSMITH_LAUNCHER", raising=False)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hooksmith --help" in err


def test_no_display_from_a_clone_names_the_script_that_works_there() -> None:
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        ["bash", "scripts/run.sh"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "bash scripts/run.sh --help" in done.stderr.splitlines()[-1]


def test_opening_the_wizard_imports_no_command_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, app.cli\n"
        "app.cli.has_display = lambda: False\n"
        "assert app.cli.main(['--profile-file', 'x.json']) == 2\n"
        "loaded = [m for m in (*app.cli.COMMAND_MODULES, 'argparse') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("argv", "profile"),
    [
        ([], None),
        (["--profile-file", "a.json"], "a.json"),
        (["--profile-file=b.json"], "b.json"),
        (["--profile-file", "a.json", "--profile-file", "c.json"], "c.json"),
        (["--prof", "d.json"], "d.json"),  # abbreviated: argparse reads it
    ],
)
def test_the_wizard_opens_on_the_profile_named(
    argv: list[str], profile: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.cli
    from app.ui import launch

    opened: list[str | None] = []
    monkeypatch.setattr(app.cli, "has_display", lambda: True)
    monkeypatch.setattr(launch, "run_gui", lambda path: opened.append(path) or 0)
    assert main(argv) == 0
    assert opened == [profile]


def test_a_title_talon_one_refuses_is_refused_at_init_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.hooksmith.json"
    assert main(["init", "clevertap", str(path), "--name", "CleverTap: coupon email"]) == 2
    assert "does not accept the title" in capsys.readouterr().err and not path.exists()
    assert main(["init", "clevertap", str(path), "--region", "eu"]) == 0
    data = json.loads(path.read_text())
    data["name"] = "1 coupon: email"
    path.write_text(json.dumps(data))
    out = tmp_path / "webhook.json"
    capsys.readouterr()
    assert main(["export", str(path), "-o", str(out)]) == 2
    assert "does not accept the title" in capsys.readouterr().err and not out.exists()


def test_a_base_url_is_named_instead_of_the_region_and_plain_http_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.hooksmith.json"
    local = "http://127.0.0.1:9/"
    assert main(["init", "clevertap", str(path), "--base-url", local]) == 0
    out = capsys.readouterr().out
    assert f"sending to {local} instead of a CleverTap region" in out
    assert "region eu" not in out
    remote = "http://clevertap.example.com/"
    assert main(["init", "clevertap", str(path), "--base-url", remote]) == 0
    captured = capsys.readouterr()
    assert "CleverTap takes only https://" in captured.err
    assert main(["check", str(path)]) == 1
    assert "CleverTap takes only https://" in capsys.readouterr().out


def test_talon_settings_from_init_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.hooksmith.json"
    argv = ["init", "clevertap", str(path), "--credential", "account_id=W9R-486-4W5Z"]
    flags = ["--application-id", "12", "--application-id", "40", "--credential-id", "17"]
    assert main([*argv, *flags, "--hide-in-rule-builder"]) == 0
    capsys.readouterr()
    assert main(["export", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    webhook = NewWebhook.from_dict(document)
    assert webhook.authentication_id == 17 and webhook.application_ids == [12, 40]
    assert webhook.enabled is False
    assert not any("Passcode" in h for h in webhook.headers)
    assert main(["export", str(path), "--credential-id", "5"]) == 0
    assert json.loads(capsys.readouterr().out)["authenticationId"] == 5
    assert main(["export", str(path), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "== Talon.One credential" in text and "Credential type: Custom HTTP" in text
    assert "Header key: X-CleverTap-Passcode" in text
    assert main([*argv, "--secret-in-headers", "--credential-id", "3"]) == 2
    assert "either" in capsys.readouterr().err
