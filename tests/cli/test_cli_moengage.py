"""The MoEngage journey through the command line: init (with the Workspace ID) ->
credentials -> preview -> fire at the sandbox -> export, in process (so the test keyring
applies). The Workspace ID is part of the URL path and the Basic user name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from app.core.sandbox.server import Sandbox
from tests.helpers.cli_steps import init_profile, store_secret

WORKSPACE, KEY = "SANDBOXWORKSPACE", "sandbox-moengage-key"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "moengage.hooksmith.json"
    args = ["moengage", "--region", "sandbox", "--credential", f"workspace_id={WORKSPACE}"]
    return init_profile(path, capsys, *args)


def test_init_credentials_preview_fire_export(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    store_secret(monkeypatch, profile_file, KEY)
    assert main(["credentials", "check", str(profile_file)]) == 0
    assert "data_api_key: stored" in capsys.readouterr().out

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert f"/moengage/v1/event/{WORKSPACE}" in out
    assert "Authorization: ••••••" in out and KEY not in out
    assert '"customer_id": "customer-0042"' in out and '"type": "event"' in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200" in out and "MoEngage accepted the event; it will be processed soon." in out
    assert KEY not in out

    assert main(["export", str(profile_file)]) == 0
    captured = capsys.readouterr()
    model = NewWebhook.from_dict(json.loads(captured.out))
    assert model.title == "Send MoEngage Event" and model.verb == "POST"
    assert model.url.endswith(f"/moengage/v1/event/{WORKSPACE}")
    assert not any(h.startswith("Authorization") for h in model.headers)
    assert f"MOE-APPKEY: {WORKSPACE}" in model.headers
    assert KEY not in captured.out and "Create the credential" in captured.err

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Basic HTTP" in text and "In MoEngage" in text and KEY not in text


def test_a_wrong_key_is_explained(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    store_secret(monkeypatch, profile_file, "not-the-key")
    assert main(["fire", str(profile_file), "--sandbox"]) == 1
    out = capsys.readouterr().out
    assert "< 401" in out and "Wrong Workspace ID, Data API key or data center (401)." in out
    assert "The server said: Authentication required" in out and "not-the-key" not in out


def test_init_at_a_data_center_and_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dc.hooksmith.json"
    args = ["init", "moengage", str(path), "--region", "dc-02"]
    assert main([*args, "--credential", "workspace_id=WS42"]) == 0
    capsys.readouterr()
    assert main(["preview", str(path)]) == 0
    assert "https://api-02.moengage.com/v1/event/WS42" in capsys.readouterr().out

    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"type": "event", "customer_id": "123", "actions": [{"action": "x"}]})
    )
    assert main(["validate", "--destination", "moengage", str(good)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"type": "event", "customer_id": "guest", "actions": [{"action": "x"}]})
    )
    assert main(["validate", "--destination", "moengage", str(bad)]) == 1
    assert "MoEngage does not accept" in capsys.readouterr().out
