"""A destination file that does not meet the format: every command names it on stderr
and works on with the others; the self-test fails naming it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from tests.helpers.catalogue_files import restore_catalogue, use_catalogue, write_catalogue

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = (
    "hooksmith: destination file skipped: resources/destinations/clevertap.json: "
    "regions.choices[5].base: expected a URL starting with https://, "
    'found "http://api.clevertap.com"'
)


def broken(data: dict[str, Any]) -> None:
    data["regions"]["choices"][5]["base"] = "http://api.clevertap.com"


def test_commands_name_the_skipped_file_and_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_catalogue(monkeypatch, write_catalogue(tmp_path, {"clevertap.json": broken}))
    try:
        assert main(["init", "mparticle", str(tmp_path / "mp.hooksmith.json")]) == 0
        assert capsys.readouterr().err == SKIPPED + "\n"
        with pytest.raises(SystemExit):
            main(["init", "clevertap", str(tmp_path / "ct.hooksmith.json")])
        assert "invalid choice: 'clevertap'" in capsys.readouterr().err
    finally:
        restore_catalogue(monkeypatch)


def test_nothing_is_said_when_every_file_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "mparticle", str(tmp_path / "mp.hooksmith.json")]) == 0
    assert capsys.readouterr().err == ""


def test_the_self_test_fails_naming_the_file(tmp_path: Path) -> None:
    folder = write_catalogue(tmp_path, {"clevertap.json": broken})
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["HOOKSMITH_RESOURCES"] = str(folder)
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test=catalogue"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "FAIL catalogue skipped a broken destination file: "
        + SKIPPED.removeprefix("hooksmith: destination file skipped: ")
    ) in result.stdout
