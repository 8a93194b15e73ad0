"""The mParticle journey through the command line: init -> credentials -> fire -> export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from tests.helpers.cli_steps import init_profile

DATA = Path(__file__).parent.parent / "data"
KEY, SECRET = "sandbox-mp-key", "sandbox-mp-secret"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return init_profile(tmp_path / "mp.hooksmith.json", capsys, "mparticle", "--region", "sandbox")


def test_init_credentials_fire_export(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{KEY}\n{SECRET}\n"))
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    assert main(["credentials", "check", str(profile_file)]) == 0
    assert "api_secret: stored" in capsys.readouterr().out

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "Authorization: ••••••" in out and SECRET not in out
    assert '"customer_id": "customer-0042"' in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 202 Accepted" in out and "mParticle accepted the batch (202)." in out
    assert SECRET not in out and KEY not in out

    assert main(["export", str(profile_file)]) == 0
    captured = capsys.readouterr()
    model = NewWebhook.from_dict(json.loads(captured.out))
    assert model.verb == "POST" and model.headers == ["Content-Type: application/json"]
    assert "Create the credential" in captured.err  # the Basic HTTP credential to create
    assert "development" in captured.err  # warned about the environment


def test_identity_mode_and_environment_can_be_set_at_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mp.json"
    args = ["init", "mparticle", str(path), "--set", "identity_mode=enrichment"]
    assert main([*args, "--set", "environment=production"]) == 0
    profile = json.loads(path.read_text())
    assert '"mpid": ${$Profile.Attributes.mpid}' in profile["template"]
    assert '"environment": "production"' in profile["template"]
    assert main(["init", "mparticle", str(path), "--set", "environment=staging"]) == 2
    assert "one of: development, production" in capsys.readouterr().err


def test_wrong_secret_is_explained(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{KEY}\nnot-the-secret\n"))
    main(["credentials", "set", str(profile_file), "--stdin"])
    assert main(["fire", str(profile_file), "--sandbox"]) == 1
    out = capsys.readouterr().out
    assert "< 403" in out and "Wrong feed key or secret (403)." in out
    assert "FORBIDDEN Invalid API key or secret." in out


def test_validate_points_at_the_guides_trailing_comma(capsys: pytest.CaptureFixture[str]) -> None:
    payload = str(DATA / "mparticle_guide_enrichment.txt")
    assert main(["validate", "--destination", "mparticle", payload]) == 1
    out = capsys.readouterr().out
    assert "error line 15, column 40: Trailing comma" in out


def test_validate_suggests_other_id_5(capsys: pytest.CaptureFixture[str]) -> None:
    payload = str(DATA / "mparticle_guide_general.txt")
    assert main(["validate", "--destination", "mparticle", payload]) == 1
    out = capsys.readouterr().out
    assert '"other5" is not an mParticle identity type. Did you mean "other_id_5"?' in out
    assert 'error line 1, column 1: The batch has no "environment"' in out
