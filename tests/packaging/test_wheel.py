"""A built wheel is a whole Hooksmith: the destinations, icons and sandbox data travel as
package data, and a non-editable install self-tests away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("hooksmith-*.whl"))


@pytest.mark.slow
def test_the_wheel_carries_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    source = ROOT / "resources"
    expected = {
        "app/resources/" + p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file()
    }
    assert expected and expected <= names, sorted(expected - names)


@pytest.mark.slow
def test_an_installed_wheel_self_tests_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("HOOKSMITH_RESOURCES", None)
    env["PYTHONPATH"] = str(target)
    env["HOOKSMITH_HOME"] = str(tmp_path / "home")
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import app, app.core.destination.resources as r; "
            "print(app.__file__); print(r.resource_root())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    where, root = probe.stdout.split()
    assert where.startswith(str(target)) and root.startswith(str(target)), probe.stdout
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "clevertap 200" in result.stdout
