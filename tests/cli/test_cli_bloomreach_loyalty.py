"""The Bloomreach loyalty journeys through the command line: reading the ledger (init ->
preview -> fire at the sandbox -> export --format text) and adding points, where a fire
at Talon.One adds real points: it is said before firing, and never sent unconfirmed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from tests.helpers.cli_steps import store_secret

KEY = "sandbox-cep-key"
HOST = "https://acme.europe-west1.talon.one"


def _init(
    path: Path, destination: str, region: str, monkeypatch: pytest.MonkeyPatch, *sets: str
) -> None:
    args = ["init", destination, str(path), "--region", region]
    args += ["--credential", f"deployment_host={HOST}"]
    for item in sets:
        args += ["--set", item]
    assert main(args) == 0
    store_secret(monkeypatch, path, KEY)


def test_read_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ledger.hooksmith.json"
    _init(path, "bloomreach-loyalty", "sandbox", monkeypatch, "loyalty_program_id=25")
    capsys.readouterr()
    assert main(["preview", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "GET http://127.0.0.1:<sandbox-port>/bloomreach-loyalty/customer_engagement/loyalty" in out
    )
    assert "profileIntegrationId=customer%40example.com&loyaltyProgramId=25" in out

    assert main(["fire", str(path), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "< 200 OK" in out and "Talon.One returned the loyalty balance (200)." in out
    assert "Current balance: " in out and "{{ webhook.ledger.currentBalance }}" in out
    assert "Warning" not in out and KEY not in out

    assert main(["export", str(path), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Method: GET" in text
    assert "profileIntegrationId={{ customer.email | urlencode }}&loyaltyProgramId=25" in text
    assert "{{ webhook.ledger.currentBalance }}" in text and KEY not in text


def test_add_points_at_the_sandbox_says_what_a_real_fire_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "points.hooksmith.json"
    _init(path, "bloomreach-loyalty-points", "sandbox", monkeypatch)
    capsys.readouterr()
    assert main(["preview", str(path)]) == 0
    out = capsys.readouterr().out
    assert "POST http://127.0.0.1:<sandbox-port>/bloomreach-loyalty-points/" in out

    assert main(["fire", str(path), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "At the real endpoint: Talon.One has no test mode for adding points" in out
    assert "< 204" in out and "Talon.One added the points (204)." in out and KEY not in out

    assert main(["export", str(path), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Method: POST" in text and "Header Content-Type: application/json" in text
    assert '"profileIntegrationId": "{{ customer.email }}"' in text
    assert "no test mode for adding points" in text


def test_add_points_at_talon_one_is_never_sent_unconfirmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "points.hooksmith.json"
    _init(path, "bloomreach-loyalty-points", "hosted", monkeypatch)
    capsys.readouterr()

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a request was sent")

    monkeypatch.setattr("app.cli.fire_cmd.run_job", no_network)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to answer on
    assert main(["fire", str(path)]) == 3
    captured = capsys.readouterr()
    assert "Warning: Talon.One has no test mode for adding points" in captured.out
    assert "adds real points" in captured.err and "Add --yes to confirm" in captured.err
    document = json.loads(path.read_text())
    assert document["destination"] == "bloomreach-loyalty-points"
