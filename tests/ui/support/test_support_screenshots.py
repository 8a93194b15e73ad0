"""Screenshots of every support view, checked for clipped text at 100 %, 200 % and dark.

Each variant runs in its own process (the scale and the palette must be set before the
QApplication exists; a fresh process also keeps other tests' state out of the shots),
all three at once. Set HOOKSMITH_SCREENSHOTS=docs/screenshots to refresh the README's
pictures (docs/screenshots/2N-*.png); otherwise only the checks count.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.helpers.support_screens import DIALOG_SIZE, SIZE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SCRIPT = ROOT / "tests" / "helpers" / "support_screens.py"
VARIANTS = {"plain": ({}, []), "scale2": ({"QT_SCALE_FACTOR": "2"}, []), "dark": ({}, ["--dark"])}
SHOTS = 9


def test_every_support_view_is_shot_with_no_clipped_text(tmp_path: Path) -> None:
    running = {}
    for variant, (env, args) in VARIANTS.items():
        running[variant] = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "helpers" / "support_screens.py"),
                str(tmp_path / variant),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "HOOKSMITH_HOME": str(tmp_path / f"home-{variant}"),
                **env,
            },
            cwd=ROOT,
        )
    reports = {}
    for variant, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
        reports[variant] = json.loads(out.strip().splitlines()[-1])
    for variant, report in reports.items():
        scale = report.pop("scale")
        assert scale == (2.0 if variant == "scale2" else 1.0)
        assert len(report) == SHOTS, sorted(report)
        for name, problems in report.items():
            assert problems == [], (variant, name)
            image = QImage(str(tmp_path / variant / f"{name}.png"))
            expected = SIZE if name.startswith("20-") else DIALOG_SIZE
            assert (image.width(), image.height()) == (expected[0] * scale, expected[1] * scale)
    chosen = os.environ.get("HOOKSMITH_SCREENSHOTS")
    if chosen:
        docs = ROOT / chosen
        for name in reports["plain"]:
            shutil.copyfile(tmp_path / "plain" / f"{name}.png", docs / f"{name}.png")
        shutil.copyfile(
            tmp_path / "dark" / "26-diagnose-diff.png", docs / "29-dark-diagnose-diff.png"
        )
