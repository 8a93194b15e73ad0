"""The Bloomreach coupon journey through the command line: init -> preview -> check -> fire at
the sandbox -> export --format text (the hand-over for Bloomreach), and a pasted URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from tests.helpers.cli_steps import init_profile, store_secret

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"


@pytest.fixture
def profile_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    args = ["bloomreach-coupon", "--region", "sandbox"]
    args += ["--credential", f"deployment_host={HOST}"]
    args += ["--set", "application_id=316", "--set", "campaign_id=5843"]
    args += ["--set", "external_campaign_id=welcome-scenario"]
    path = tmp_path / "coupon.hooksmith.json"
    init_profile(path, capsys, *args, "--set", "recipient.sample=ann@example.com")
    store_secret(monkeypatch, path, KEY)
    capsys.readouterr()
    return path


def test_init_preview_check_fire_export(
    profile_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", str(profile_file)]) == 0
    out = capsys.readouterr().out
    assert "GET http://127.0.0.1:<sandbox-port>/bloomreach-coupon/customer_engagement/coupon" in out
    assert "applicationId=316&campaignId=5843&externalCampaignId=welcome-scenario" in out
    assert "recipientIntegrationId=ann%40example.com" in out
    assert "Authorization: ••••••" in out and KEY not in out

    assert main(["fire", str(profile_file), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "Talon.One accepted the dry run (200)" in out
    assert "nothing was stored" in out  # X-DRY-RUN is on by default
    assert "Coupon code: EW-" in out and "(in the email: {{ webhook.Value }})" in out
    assert "Only for: ann@example.com" in out and KEY not in out

    # Ready but for the sandbox address, which Bloomreach cannot reach.
    assert main(["check", str(profile_file)]) == 1
    out = capsys.readouterr().out
    assert "Not ready: 1 thing to fix before going live." in out
    assert "local sandbox, which Bloomreach Engagement cannot reach" in out

    assert main(["export", str(profile_file), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Method: GET" in text
    assert (
        "/bloomreach-coupon/customer_engagement/coupon?applicationId=316"
        "&campaignId=5843&externalCampaignId=welcome-scenario"
        "&recipientIntegrationId={{ customer.email | urlencode }}&usageLimit=1"
    ) in text
    assert "Header Authorization: ApiKey-v1 ••••••" in text
    assert "<p>Your coupon code: {{ webhook.Value }}</p>" in text
    assert "Response: Process response as JSON" in text and KEY not in text


def test_a_wrong_application_is_a_problem_before_firing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "coupon.hooksmith.json"
    args = ["init", "bloomreach-coupon", str(path), "--region", "sandbox"]
    assert main([*args, "--set", "application_id=shop", "--set", "campaign_id=5843"]) == 0
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert 'The Application ID (applicationId) is "shop"' in out


def test_validate_a_pasted_coupon_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = tmp_path / "url.txt"
    url.write_text(
        "https://integration.talon.one/customer_engagement/coupon?applicationId=316"
        "&campaignId=5843&externalCampaignId=x&expiryDate=31.12.2026\n"
    )
    assert main(["validate", "--destination", "bloomreach-coupon", str(url)]) == 1
    out = capsys.readouterr().out
    assert (
        'error query.expiryDate: expiryDate is "31.12.2026"; Talon.One expects an RFC 3339' in out
    )
    url.write_text(url.read_text().replace("31.12.2026", "2026-12-31T23:59:59Z"))
    assert main(["validate", "--destination", "bloomreach-coupon", str(url)]) == 0
