"""The Bloomreach referral journey through the command line: init -> credentials -> fire ->
export (the hand-over for Bloomreach), plus validating a pasted Bloomreach URL."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from tests.helpers.cli_steps import init_profile

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"


@pytest.fixture
def profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "referral.hooksmith.json"
    args = ["bloomreach-referral", "--region", "sandbox"]
    args += ["--credential", f"deployment_host={HOST}", "--set", "campaign_id=373"]
    return init_profile(path, capsys, *args, "--set", "advocate.sample=ann@example.com")


def test_init_credentials_fire_export(
    profile_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0
    capsys.readouterr()

    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "GET http://127.0.0.1:<sandbox-port>/bloomreach-referral/customer_engagement/" in out
    assert "advocateProfileIntegrationId=ann%40example.com" in out
    assert "Authorization: ••••••" in out and KEY not in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "Talon.One accepted the dry run (200)" in out
    assert "nothing was stored" in out  # X-DRY-RUN is on by default
    assert "Referral code: REF-" in out and "Advocate: ann@example.com" in out
    assert KEY not in out

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Method: GET" in text
    assert "advocateProfileIntegrationId={{ customer.email | urlencode }}" in text
    assert "Header Authorization: ApiKey-v1 ••••••" in text
    assert "<p>Your referral code: {{ webhook.code }}</p>" in text
    assert "Response: Process response as JSON" in text and KEY not in text

    assert main(["export", str(profile_file)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["kind"] == "steps" and len(document["sections"]) == 4


def test_wrong_key_is_explained(
    profile_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("not-the-key\n"))
    main(["credentials", "set", str(profile_file), "--stdin"])
    assert main(["fire", str(profile_file), "--sandbox"]) == 1
    out = capsys.readouterr().out
    assert "< 401" in out and "Wrong or missing API key (401)." in out
    assert "Request ID for the vendor's support:" in out


def test_validate_a_bloomreach_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = tmp_path / "url.txt"
    url.write_text(
        "https://integration.talon.one/customer_engagement/referral"
        "?campaignId=YOUR_CAMPAIGN_ID&advocateProfileIntegrationId={{ customer.email }}\n"
    )
    assert main(["validate", "--destination", "bloomreach-referral", str(url)]) == 1
    out = capsys.readouterr().out
    assert "error query.campaignId: The campaign ID (campaignId) is" in out
    url.write_text(url.read_text().replace("YOUR_CAMPAIGN_ID", "373"))
    assert main(["validate", "--destination", "bloomreach-referral", str(url)]) == 0
