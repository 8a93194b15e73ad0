"""``hooksmith --self-test`` from the source tree: it passes here, and each check fails
loudly on the breakage it exists to catch (the frozen build runs it in test_deb.py)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import selftest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_every_check_passes_from_source_without_a_display() -> None:
    result = run_cli("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name, _ in selftest.CHECKS:
        assert any(line.split()[:2] == ["ok", name] for line in lines), result.stdout
    assert "clevertap 200" in result.stdout and "braze 201" in result.stdout
    assert "iterable 200" in result.stdout and "moengage 200" in result.stdout
    # Every destination is fired, those that need input too (filled from the demo account).
    assert "not fired" not in result.stdout
    for fired in ("bloomreach-referral 200", "bloomreach-coupon 200", "bloomreach-loyalty 200"):
        assert fired in result.stdout
    assert "bloomreach-loyalty-points 204" in result.stdout and "custom 200" in result.stdout
    assert "the wizard ('Hooksmith') opened" in result.stdout
    assert "PySide6 6" in result.stdout and " on offscreen," in result.stdout
    assert lines[-1].startswith(f"Passed: {len(selftest.CHECKS)} of {len(selftest.CHECKS)}")


def test_missing_resources_fail_with_the_folder_named(tmp_path: Path) -> None:
    result = run_cli("--self-test=resources,catalogue,sandbox", HOOKSMITH_RESOURCES=str(tmp_path))
    assert result.returncode == 1
    assert f"FAIL resources FileNotFoundError: Hooksmith resource missing: {tmp_path}" in (
        result.stdout
    )
    assert "FAIL catalogue" in result.stdout
    assert "FAIL sandbox" in result.stdout
    assert "Failed: 3 of 3 checks (resources, catalogue, sandbox)." in result.stdout


def test_lost_keyring_entry_points_are_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build without keyring's metadata looks like: only the fail backend."""
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(selftest.CheckFailed, match="lost keyring's entry points"):
        selftest.check_keyring()


def test_the_fail_backend_is_reported_but_not_a_failure() -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        detail = selftest.check_keyring()
    finally:
        keyring.set_keyring(previous)
    assert "SecretService" in detail
    assert "not a failure" in detail


def test_sandbox_check_fires_every_destination_the_sandbox_emulates() -> None:
    from app.core.destination.catalogue import load_catalogue

    detail = selftest.check_sandbox()
    assert "not fired" not in detail
    for destination in load_catalogue():
        if destination.sandbox is not None:
            assert f"{destination.id} 2" in detail, destination.id


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--self-test"], None),
        (["--self-test=qt"], ["qt"]),
        (["--self-test", "keyring,tls"], ["keyring", "tls"]),
        (["--self-test", "--version"], None),
    ],
)
def test_check_selection(argv: list[str], names: list[str] | None) -> None:
    assert selftest.selected_checks(argv) == names


def test_unknown_check_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert selftest.run_self_test(["--self-test=keyrings"]) == 2
    err = capsys.readouterr().err
    assert "no self-test check named keyrings" in err
    assert "resources, catalogue, keyring, tls, sandbox, qt" in err
