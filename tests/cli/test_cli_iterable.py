"""The Iterable journey through the command line: init -> credentials -> preview -> fire
at the sandbox -> export, in process (so the test keyring applies)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from app.core.sandbox.server import Sandbox
from tests.helpers.cli_steps import init_profile, store_secret

KEY = "sandbox-iterable-key"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "iterable.hooksmith.json"
    return init_profile(path, capsys, "iterable", "--region", "sandbox")


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
    assert "Api-Key: ••••••" in out and KEY not in out
    assert '"email": "docs@example.com"' in out and "userId" not in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "Iterable tracked the event." in out and KEY not in out

    assert main(["export", str(profile_file)]) == 0
    captured = capsys.readouterr()
    model = NewWebhook.from_dict(json.loads(captured.out))
    assert model.title == "Send Iterable Event" and model.verb == "POST"
    assert not any(h.lower().startswith("api-key") for h in model.headers)
    assert [p.title for p in model.params] == ["CouponCode"]
    assert KEY not in captured.out and "sandbox" in captured.err

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Credential type: Custom HTTP" in text and "Header key: Api-Key" in text
    assert "In Iterable" in text and KEY not in text


def test_a_wrong_key_is_explained_with_iterables_code(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: Sandbox,
) -> None:
    store_secret(monkeypatch, profile_file, "not-the-key")
    assert main(["fire", str(profile_file), "--sandbox"]) == 1
    out = capsys.readouterr().out
    assert "< 401" in out and "Wrong API key or data center (401)." in out
    assert "Code BadApiKey: " in out and "not-the-key" not in out


def test_user_id_mode_at_the_eu_data_center_and_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "eu.hooksmith.json"
    assert (
        main(["init", "iterable", str(path), "--region", "eu", "--set", "identity_mode=userId"])
        == 0
    )
    capsys.readouterr()
    assert main(["preview", str(path)]) == 0
    out = capsys.readouterr().out
    assert "https://api.eu.iterable.com/api/events/track" in out
    assert '"userId": "customer-0042"' in out and '"email"' not in out

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"email": "a@b.co", "eventName": "e", "createdAt": 1767225600000}))
    assert main(["validate", "--destination", "iterable", str(bad)]) == 1
    assert "Write 1767225600" in capsys.readouterr().out
