"""The custom webhook journey through the command line: init with URL, method, headers and
authentication -> credentials -> fire at the sandbox's echo -> export as NewWebhook."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from talon_one.models.new_webhook import NewWebhook

from app.cli import main
from tests.helpers.cli_steps import init_profile

TOKEN = "cli-custom-token-81"
URL = "https://hooks.example.com/coupons?code=${$CouponCode}"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    args = ["custom", "--base-url", URL, "--set", "verb=PUT", "--set", "auth=bearer"]
    path = tmp_path / "custom.hooksmith.json"
    return init_profile(path, capsys, *args, "--header", "X-Source: Talon.One")


def test_init_credentials_fire_export(
    profile_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN + "\n"))
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    assert main(["credentials", "check", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "token: stored" in out and "password" not in out

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "PUT https://hooks.example.com/coupons?code=NEWYEAR-7Q2X" in out
    assert "Authorization: ••••••" in out and "X-Source: Talon.One" in out and TOKEN not in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "The endpoint accepted the request (200)." in out
    assert '"method": "PUT"' in out and '"path": "/coupons"' in out
    assert '"code": "NEWYEAR-7Q2X"' in out
    assert TOKEN not in out  # the echoed Authorization header is masked too

    assert main(["export", str(profile_file)]) == 0
    model = NewWebhook.from_dict(json.loads(capsys.readouterr().out))
    assert (model.verb, model.url) == ("PUT", URL)
    # The token goes into a Talon.One credential; the webhook keeps the plain headers.
    assert model.headers == ["Content-Type: application/json", "X-Source: Talon.One"]


def test_no_authentication_needs_no_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "open.json"
    assert main(["init", "custom", str(path), "--base-url", "https://example.com/h"]) == 0
    assert main(["credentials", "set", str(path), "--stdin"]) == 0
    assert "no secret fields" in capsys.readouterr().err
    assert main(["fire", str(path), "--sandbox"]) == 0


def test_a_secret_typed_as_a_plain_header_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "leaky.json"
    args = ["init", "custom", str(path), "--base-url", "https://example.com/h"]
    assert main([*args, "--header", "X-Api-Key: 3f9c2a77"]) == 2
    err = capsys.readouterr().err
    assert "The header X-Api-Key looks like a credential" in err and "--set auth=" in err
    assert main([*args, "--header", "Authorization: Bearer Zx9Qw2Lk7Pm4Rt8Vb3"]) == 2
    assert not path.exists()
    capsys.readouterr()
    leaky_url = ["init", "custom", str(path), "--base-url", "https://example.com/h?api_key=k3y"]
    assert main(leaky_url) == 2
    assert "query parameter api_key looks like a credential" in capsys.readouterr().err
    assert not path.exists()


def test_a_credential_edited_into_a_profile_file_is_still_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "edited.json"
    assert main(["init", "custom", str(path), "--base-url", "https://example.com/h"]) == 0
    data = json.loads(path.read_text())
    option = next(k for k, v in data["options"].items() if isinstance(v, list) or v is None)
    data["options"][option] = ["X-Api-Key: 3f9c2a77"]
    path.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["preview", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error header X-Api-Key: The header X-Api-Key looks like a credential" in out


def test_unknown_choices_name_the_accepted_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    assert main(["init", "custom", str(path), "--set", "auth=oauth"]) == 2
    assert "auth must be one of: none, basic, bearer, header" in capsys.readouterr().err
    assert main(["init", "custom", str(path), "--set", "colour=red"]) == 2
    assert "settings: event_name, verb, auth" in capsys.readouterr().err


def test_validate_a_custom_payload(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = tmp_path / "p.json"
    payload.write_text('{"code": "${$Code}", "n": ${$Count}}')
    args = ["validate", "--destination", "custom", str(payload)]
    assert main([*args, "--param", "Code=ABC", "--param", "Count:number=3"]) == 0
    assert main([*args, "--param", "Code=ABC"]) == 1
    assert "${$Count} uses a parameter that is not declared" in capsys.readouterr().out
