"""Screenshots of every page, checked for clipped text; at 100 %, 200 % and in dark mode.

Set HOOKSMITH_SCREENSHOTS=docs/screenshots to refresh the README's pictures; otherwise
the shots go to a temporary folder and only the checks count.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers.screens import SIZE, walk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def target(tmp_path: Path) -> Path:
    chosen = os.environ.get("HOOKSMITH_SCREENSHOTS")
    return (ROOT / chosen) if chosen else tmp_path


def test_every_page_is_shot_with_no_clipped_text(qapp: object, tmp_path: Path) -> None:
    out = target(tmp_path)
    report = walk(out)
    assert len(report) == 12
    for name, problems in report.items():
        assert problems == [], name
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull()
        if name != "11-settings":
            assert (image.width(), image.height()) == SIZE


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variant", "env", "args"),
    [
        ("scale2", {"QT_SCALE_FACTOR": "2"}, []),
        ("dark", {}, ["--dark"]),
    ],
)
def test_the_payload_and_fire_pages_stay_readable(
    variant: str, env: dict[str, str], args: list[str], tmp_path: Path
) -> None:
    folder = tmp_path / variant
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "helpers" / "screens.py"), str(folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    scale = report.pop("scale")
    assert scale == (2.0 if variant == "scale2" else 1.0)
    for name, problems in report.items():
        assert problems == [], name
    image = QImage(str(folder / "05-payload.png"))
    assert image.width() == SIZE[0] * scale
    out = target(tmp_path)
    if out != tmp_path:  # the README shows one page of each variant
        for name in ("05-payload", "10-fire-partial"):
            shutil.copyfile(folder / f"{name}.png", out / f"{variant}-{name}.png")


def test_the_clipping_check_finds_clipped_text(qtbot: object) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    from tests.helpers.screens import clipped

    root = QWidget()
    layout = QVBoxLayout(root)
    narrow = QLabel("A label far too long for the few pixels it was given")
    narrow.setFixedWidth(40)
    button = QPushButton("A button with a long caption")
    button.setFixedWidth(40)
    wrapped = QLabel("Wrapped text needs several lines at this width, " * 4)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    for widget in (narrow, button, wrapped):
        layout.addWidget(widget)
    root.show()
    found = clipped(root)
    root.close()
    assert len(found) == 3, found
