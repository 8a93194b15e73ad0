"""The support commands end to end: import, management, logs, diagnose, history, bundle."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.core.destination.catalogue import get_destination
from app.core.handover.export import new_webhook
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from tests.conftest import MemoryKeyring

DATA = Path(__file__).parent.parent / "data"
PASSCODE = "MARKER-cli-support-passcode-51d0"
EMAIL = "marker.customer@example.net"


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def store_sandbox_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    """Store the sandbox's Management API key, as a support person would first."""
    code, _, err = run(
        capsys,
        "management",
        "key",
        "--base",
        sandbox.base_url + "/talon-management",
        "--stdin",
        stdin="sandbox-management-key\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "Stored the Management API key" in err


def _export(tmp_path: Path, passcode: str = PASSCODE) -> Path:
    clevertap = get_destination("clevertap")
    profile = new_profile(clevertap, credentials={"account_id": "W9R-486-4W5Z"})
    document = new_webhook(profile, clevertap, {"passcode": passcode}, include_secrets=True)
    path = tmp_path / "webhook.json"
    path.write_text(json.dumps(document))
    return path


def test_import_a_file_and_store_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    out_path = tmp_path / "imported.hooksmith.json"
    code, out, err = run(
        capsys, "import", str(_export(tmp_path)), "-o", str(out_path), "--store-secrets"
    )
    assert code == 0, err
    assert "Recognised: Talon.One → CleverTap" in out and "Region: Europe" in out
    assert "Found the Passcode in the header X-CleverTap-Passcode" in out
    assert "Stored in" in out
    assert PASSCODE not in out + err + out_path.read_text()
    assert PASSCODE in memory_keyring.passwords.values()
    code, _, err = run(capsys, "import", str(_export(tmp_path)), "-o", str(out_path))
    assert code == 2 and "--force" in err


def test_import_a_curl_command_from_stdin_without_storing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    curl = (
        "curl -X POST https://inbound.mparticle.com/s2s/v2/events "
        f"-u 'MARKER-key:{PASSCODE}' -H 'Content-Type: application/json' "
        '-d \'{"events": [], "environment": "development", "mpid": 1}\''
    )
    out_path = tmp_path / "mp.hooksmith.json"
    code, out, err = run(
        capsys,
        "import",
        "--curl",
        "-",
        "-o",
        str(out_path),
        "--no-store-secrets",
        stdin=curl,
        monkeypatch=monkeypatch,
    )
    assert code == 0, err
    assert "Recognised: Talon.One → mParticle" in out
    assert "Not stored" in out and "hooksmith credentials set" in out
    assert PASSCODE not in out + err + out_path.read_text()
    assert memory_keyring.passwords == {}


def test_management_key_webhooks_import_and_logs(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: Sandbox,
    memory_keyring: MemoryKeyring,
) -> None:
    store_sandbox_key(capsys, monkeypatch, sandbox)
    code, out, _ = run(capsys, "management", "webhooks", "--search", "mparticle")
    assert code == 0 and "mParticle profile enrichment" in out and "Send CleverTap" not in out
    target = tmp_path / "enrich.hooksmith.json"
    code, out, err = run(
        capsys, "import", "--management", "--id", "103", "-o", str(target), "--store-secrets"
    )
    assert code == 0, err
    assert "Talon.One → mParticle" in out and "Trailing comma" in out
    assert "demo-mparticle-secret" not in out + target.read_text()
    code, out, err = run(
        capsys, "import", "--management", "--id", "106", "-o", str(tmp_path / "t.hooksmith.json")
    )
    assert code == 0, err
    assert "Talon.One → CleverTap" in out
    assert "created from Talon.One's CleverTap template" in out
    code, out, _ = run(capsys, "logs", "--failed")
    assert code == 0 and "msg-0005" in out and "msg-0001" not in out
    # A CleverTap 200 whose body says every record failed counts as failed: Talon.One's
    # own isSuccessful filter (4xx/5xx only) would hide it.
    failed = {line.split()[0]: line for line in out.splitlines() if line.startswith("msg-")}
    assert "msg-0003" in failed and "rejected" in failed["msg-0003"]
    code, out, _ = run(capsys, "logs", "--succeeded")
    assert "msg-0001" in out and "msg-0003" not in out
    code, out, _ = run(capsys, "logs", "--json")
    outcomes = {e["id"]: e["outcome"] for e in json.loads(out)}
    assert outcomes["msg-0001"] == "ok" and outcomes["msg-0003"] == "error"
    code, out, _ = run(capsys, "logs", "--status", "401", "--webhook", "101")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("msg-")] == ["msg-0002"]
    code, out, _ = run(capsys, "logs", "--show", "msg-0002")
    assert "X-CleverTap-Passcode: ••••••" in out and "demo-clevertap-passcode" not in out
    code, out, _ = run(capsys, "logs", "--diagnose", "msg-0004")
    assert code == 1
    assert "line 15, column 29: Trailing comma" in out and "answered 400" in out
    code, _, err = run(capsys, "logs", "--show", "msg-9999")
    assert code == 2 and "no message" in err


def test_logs_without_a_key_say_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "logs", "--base", "https://acme.europe-west1.talon.one")
    assert code == 2 and "hooksmith management key" in err
    code, _, err = run(capsys, "logs")
    assert code == 2 and "--base" in err


def test_diagnose_the_guides_examples(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "diagnose", str(DATA / "mparticle_guide_enrichment.txt"))
    assert code == 1 and "Talon.One → mParticle" in out
    assert "error line 15, column 40: Trailing comma" in out
    code, out, _ = run(
        capsys,
        "diagnose",
        "-",
        "--json",
        stdin=(DATA / "talon_tutorial_snippet.txt").read_text(),
        monkeypatch=monkeypatch,
    )
    document = json.loads(out)
    assert code == 1 and document["destination"] == "clevertap"
    assert document["problems"][0]["line"] == 1
    code, out, _ = run(capsys, "diagnose", str(DATA / "clevertap_guide_payload.json"))
    assert code == 0 and "No problems" in out


def test_fire_history_replay_and_bundle(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    profile = tmp_path / "ct.hooksmith.json"
    assert (
        main(
            [
                "init",
                "clevertap",
                str(profile),
                "--credential",
                "account_id=SANDBOX-PROJECT",
                "--region",
                "sandbox",
            ]
        )
        == 0
    )
    data = json.loads(profile.read_text())
    data["params"][0]["sample"] = EMAIL
    profile.write_text(json.dumps(data))
    run(
        capsys,
        "credentials",
        "set",
        str(profile),
        "--stdin",
        stdin="sandbox-passcode\n",
        monkeypatch=monkeypatch,
    )
    code, out, err = run(capsys, "fire", str(profile), "--sandbox")
    assert code == 0, out + err
    assert "Recorded in the history as" in out
    code, out, _ = run(capsys, "history", "list", "--profile", str(profile))
    assert code == 0 and "200 ok" in out
    entry_id = out.split()[0]
    code, out, _ = run(capsys, "history", "show", entry_id[:20])
    assert "X-CleverTap-Passcode: ••••••" in out and "sandbox-passcode" not in out
    key = next(k for k in memory_keyring.passwords if k[1].endswith("/passcode"))
    memory_keyring.passwords[key] = "rotated-wrong-passcode"
    code, out, _ = run(capsys, "history", "replay", entry_id, "--yes")
    assert code == 1 and "401" in out  # the fresh (wrong) secret was used, not a stored one
    memory_keyring.passwords[key] = "sandbox-passcode"
    code, out, _ = run(capsys, "history", "replay", entry_id, "--yes")
    assert code == 0 and "Recorded in the history" in out
    code, out, _ = run(capsys, "history", "list", "--search", "401")
    # The search also looks in URLs, and the sandbox's random port may hold "401".
    assert len([line for line in out.splitlines() if "  401 error  " in line]) == 1
    pasted = tmp_path / "pasted.json"
    pasted.write_text(
        json.dumps(
            {
                "d": [
                    {
                        "type": "event",
                        "identity": EMAIL,
                        "evtName": "x",
                        "evtData": {"phone": "+44 20 7946 0958"},
                    }
                ]
            }
        )
    )
    bundle = tmp_path / "support.zip"
    code, out, err = run(
        capsys, "bundle", str(profile), "-o", str(bundle), "--payload", str(pasted)
    )
    assert code == 0, err
    assert "3 fires" in out
    with zipfile.ZipFile(bundle) as archive:
        text = "\n".join(archive.read(n).decode() for n in archive.namelist())
    for leaked in ("sandbox-passcode", EMAIL, "+44 20 7946 0958", "7946 0958"):
        assert leaked not in text
    code, _, err = run(capsys, "history", "clear")
    assert code == 2 and "--yes" in err
    code, out, _ = run(capsys, "history", "clear", "--yes")
    assert "Deleted 3 fires" in out


def test_the_sandbox_command_names_its_management_api(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse
    import threading

    from app.cli.sandbox_cmd import cmd_sandbox

    stop = threading.Event()
    stop.set()
    assert cmd_sandbox(argparse.Namespace(port=0), stop) == 0
    out = capsys.readouterr().out
    assert "/talon-management" in out and "demo key: sandbox-management-key" in out


def test_samples_from_a_customer_profile(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: Sandbox,
    memory_keyring: MemoryKeyring,
) -> None:
    store_sandbox_key(capsys, monkeypatch, sandbox)
    path = tmp_path / "ct.hooksmith.json"
    assert main(["init", "clevertap", str(path), "--region", "sandbox"]) == 0
    code, out, err = run(capsys, "samples", str(path), "--customer", "ann.demo@example.com")
    assert code == 0, err
    assert "ProfileID: customer-0042 → ann.demo@example.com" in out
    assert json.loads(path.read_text())["params"][0]["sample"] == "ann.demo@example.com"
    code, out, _ = run(capsys, "preview", str(path))
    assert '"identity": "ann.demo@example.com"' in out
    code, _, err = run(capsys, "samples", str(path), "--customer", "nobody@example.com")
    assert code == 2 and "no customer profile with the integration ID" in err


def test_applications_are_listed_and_chosen_by_name_at_init(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sandbox: Sandbox,
    memory_keyring: MemoryKeyring,
) -> None:
    store_sandbox_key(capsys, monkeypatch, sandbox)
    code, out, err = run(capsys, "management", "applications")
    assert code == 0, err
    assert "Web shop" in out and "Mobile app" in out
    code, out, _ = run(capsys, "management", "applications", "--json")
    assert {"id": 12, "name": "Web shop"} in [
        {"id": a["id"], "name": a["name"]} for a in json.loads(out)
    ]
    target = tmp_path / "ct.hooksmith.json"
    argv = ["init", "clevertap", str(target), "--credential", "account_id=W9R-486-4W5Z"]
    code, _, err = run(capsys, *argv, "--application", "web shop", "--application", "14")
    assert code == 0, err
    assert json.loads(target.read_text())["application_ids"] == [12, 14]
    code, _, err = run(capsys, *argv, "--application", "Kiosk")
    assert code == 2
    assert "No Application is named 'Kiosk'" in err and "Web shop (12)" in err
