"""The Braze journey through the command line: init -> credentials -> preview -> fire at
the sandbox -> export, in process (so the test keyring applies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from app.core.sandbox.server import Sandbox
from tests.helpers.cli_steps import init_profile, store_secret

KEY = "sandbox-braze-key"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return init_profile(tmp_path / "braze.hooksmith.json", capsys, "braze", "--region", "sandbox")


def test_init_credentials_preview_fire_export(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    store_secret(monkeypatch, profile_file, KEY)
    assert main(["credentials", "check", str(profile_file)]) == 0
    assert "api_key: stored" in capsys.readouterr().out

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "Authorization: ••••••" in out or "Authorization: Bearer ••••••" in out
    assert KEY not in out
    assert '"external_id": "customer-0042"' in out
    assert '"time": "2026-01-01T12:00:00Z"' in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 201 Created" in out and "Braze accepted the events." in out
    assert "Records processed: 1." in out and KEY not in out

    assert main(["export", str(profile_file)]) == 0
    captured = capsys.readouterr()
    model = NewWebhook.from_dict(json.loads(captured.out))
    assert model.title == "Send Braze Event" and model.verb == "POST"
    assert not any(h.startswith("Authorization") for h in model.headers)
    assert [p.title for p in model.params] == ["CouponCode", "EventTime"]
    assert KEY not in captured.out and "sandbox" in captured.err

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Credential type: Custom HTTP" in text and "Header key: Authorization" in text
    assert "In Braze" in text and KEY not in text


def test_a_wrong_key_is_explained_as_key_or_instance(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    store_secret(monkeypatch, profile_file, "not-the-key")
    assert main(["fire", str(profile_file), "--sandbox"]) == 1
    out = capsys.readouterr().out
    assert "< 401" in out and "Wrong API key or wrong instance (401)." in out
    assert "The server said: Invalid API key" in out and "not-the-key" not in out


def test_init_at_an_instance_and_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "eu.hooksmith.json"
    assert main(["init", "braze", str(path), "--region", "eu-01"]) == 0
    capsys.readouterr()
    assert main(["preview", str(path)]) == 0
    assert "https://rest.fra-01.braze.eu/users/track" in capsys.readouterr().out

    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"events": [{"external_id": "u", "name": "e", "time": "2026-01-01T00:00:00Z"}]})
    )
    assert main(["validate", "--destination", "braze", str(good)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"events": [{"external_id": "u", "name": "e"}]}))
    assert main(["validate", "--destination", "braze", str(bad)]) == 1
    assert 'Every Braze event needs "time".' in capsys.readouterr().out
