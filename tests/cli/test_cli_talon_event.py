"""The Track Event journey through the command line: init -> credentials -> fire -> export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from talon_one.models.integration_event_v2_request import IntegrationEventV2Request

from app.cli import common, main
from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from tests.helpers.cli_steps import init_profile

DATA = Path(__file__).parent.parent / "data"
KEY = "sandbox-integration-key"


def use_sandbox(monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """A sandbox of this test's own (the CLI stops it after each fire), whose received
    requests the test can read."""
    sandbox = Sandbox()

    def services() -> Services:
        svc = common.services()
        svc.sandbox_factory = lambda: sandbox
        return svc

    for module in ("app.cli.profiles", "app.cli.fire_cmd"):
        monkeypatch.setattr(f"{module}.services", services, raising=False)
    return sandbox


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "event.hooksmith.json"
    args = ["talon-event", "--region", "sandbox"]
    args += ["--set", "event_type=pageview", "--map", "attributes", "url=literal:https://x.test/p"]
    return init_profile(path, capsys, *args, "--map", "attributes", "visits:number=literal:3")


def test_init_credentials_fire_export(
    profile_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    capsys.readouterr()

    sandbox = use_sandbox(monkeypatch)
    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "?silent=no&dry=true" in out and "< 200 OK" in out
    assert "Effects:\n  - createCoupon from campaign 1" in out
    assert "Coupons created:\n  - SANDBOX-" in out and KEY not in out
    body = json.loads(sandbox.received[-1].body)
    model = IntegrationEventV2Request.from_dict(body)
    assert model is not None and model.attributes == {"url": "https://x.test/p", "visits": 3}

    assert main(["fire", str(profile_file), "--sandbox", "--no-dry-run"]) == 0
    assert sandbox.received[-1].query == {"silent": ["no"]}
    capsys.readouterr()

    assert main(["export", str(profile_file)]) == 0
    handover = json.loads(capsys.readouterr().out)
    assert handover["kind"] == "steps" and handover["exportable"] is False
    labels = [f["label"] for s in handover["sections"] for f in s["fields"]]
    assert "curl command" in labels and "Attributes to create" in labels

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "API name: visits | Type: number" in text
    assert "-H 'Authorization: ApiKey-v1 ••••••'" in text and KEY not in text


def test_silent_off_gives_204_explained(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "e.json"
    assert (
        main(["init", "talon-event", str(path), "--region", "sandbox", "--set", "silent_no=no"])
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    main(["credentials", "set", str(path), "--stdin"])
    use_sandbox(monkeypatch)
    assert main(["fire", str(path), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 204" in out
    assert "Talon.One evaluated the event as a dry run (204); nothing was stored." in out


def test_reserved_event_type_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.json"
    args = ["init", "talon-event", str(path), "--base-url", "https://acme.talon.one"]
    assert main([*args, "--set", "event_type=talon_session_created"]) == 0
    capsys.readouterr()
    assert main(["preview", str(path)]) == 1
    out = capsys.readouterr().out
    assert "POST https://acme.talon.one/v2/events?silent=no" in out
    assert "built-in events, which are reserved" in out


def test_validate_the_vendor_example(capsys: pytest.CaptureFixture[str]) -> None:
    payload = str(DATA / "talon_event_guide_body.txt")
    assert main(["validate", "--destination", "talon-event", payload]) == 1
    assert "The JSON ends too early" in capsys.readouterr().out
