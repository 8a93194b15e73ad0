"""Driving the command line in process, as a user would type it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli import main


def store_secret(monkeypatch: pytest.MonkeyPatch, profile_file: Path, value: str) -> None:
    """``hooksmith credentials set PROFILE --stdin`` with ``value`` typed on stdin."""
    monkeypatch.setattr("sys.stdin", io.StringIO(value + "\n"))
    assert main(["credentials", "set", str(profile_file), "--stdin"]) == 0


def init_profile(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    """``hooksmith init DESTINATION PATH ARGS...`` (``args`` start with the destination);
    its output is read away so a test sees only what follows."""
    destination, *options = args
    assert main(["init", destination, str(path), *options]) == 0
    capsys.readouterr()
    return path
