"""The benchmark command runs end to end with tiny sizes and prints its table.

No figure is asserted: timings belong to ``bash benchmarks/run.sh``, not to the test
suite. What is checked is that every section measured something or says why not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(60)
def test_quick_run_prints_a_row_per_measure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Machine: ") and "PySide6" in lines[0]
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| Measure")]
    sections = {row.split(":", 1)[0].removeprefix("| ") for row in rows}
    assert sections == {"Start-up", "Memory", "Preview", "Firing"}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 6, row
        measured = cells[1].endswith(("ms", "ms)", "MiB", "req/s)"))
        assert measured or cells[5].startswith(("skipped", "the wizard")), row


def test_help_names_every_section() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    for section in ("startup", "preview", "firing", "--quick", "--profile"):
        assert section in done.stdout
