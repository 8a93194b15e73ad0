"""Measure the installers and the frozen app's start-up against the source install.

    .venv/bin/python packaging/measure.py [--runs 5] [--frozen PATH]

Run after ``bash packaging/linux/build.sh``. Prints a Markdown table for the README:
installer sizes, installed size and its biggest parts, and the median over ``--runs`` warm
runs (after one unmeasured run), and the fastest run, of three timings, frozen and from source:
``--version`` (process start to exit, the CLI's floor), ``--self-test`` (every check,
wall clock), and the first window (``--self-test=qt``: the wizard opened through
``run_gui``, offscreen, timed from process start as the kernel records it).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENED = re.compile(r"opened ([0-9.]+) s after the process started")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["LC_CTYPE"] = "C.UTF-8"
    return env


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=environment(), capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, done.stdout


def median(command: list[str], runs: int, pick: str = "wall") -> tuple[float, float]:
    """(median, fastest) of ``runs`` warm runs: the fastest is the least disturbed by load."""
    timed(command)  # warm the page cache; not counted
    values = []
    for _ in range(runs):
        elapsed, out = timed(command)
        if pick == "window":
            match = OPENED.search(out)
            if not match:
                raise SystemExit(f"no window timing in:\n{out}")
            values.append(float(match.group(1)))
        else:
            values.append(elapsed)
    return statistics.median(values), min(values)


def megabytes(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def biggest_parts(bundle: Path) -> list[tuple[str, int]]:
    """Sizes by component: Qt libraries, ICU, Qt plugins, Python, cryptography, other."""
    groups: dict[str, int] = {}
    for file in bundle.rglob("*"):
        if not file.is_file() or file.is_symlink():
            continue
        rel = file.relative_to(bundle).as_posix()
        if "libicu" in rel:
            group = "ICU data and libraries (Qt's Unicode support)"
        elif "/Qt/plugins/" in rel:
            group = "Qt plugins (platforms, image formats, Wayland)"
        elif "PySide6/" in rel or "shiboken6" in rel or "libQt6" in rel or "pyside6" in rel:
            group = "Qt 6 libraries and PySide6 bindings"
        elif "python3" in rel or "base_library" in rel or rel.endswith("hooksmith"):
            group = "Python 3.11 runtime and standard library"
        elif "cryptography" in rel:
            group = "cryptography (Secret Service encryption)"
        else:
            group = "other libraries and packages"
        groups[group] = groups.get(group, 0) + file.stat().st_size
    return sorted(groups.items(), key=lambda item: -item[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", type=Path, default=ROOT / "build/linux/frozen/hooksmith")
    args = parser.parse_args()
    frozen = [str(args.frozen / "hooksmith")]
    source = [sys.executable, "-m", "app"]

    print("| | size |\n|---|---|")
    for pattern in ("hooksmith_*.deb", "hooksmith-*-linux-*.tar.gz"):
        for path in sorted((ROOT / "dist").glob(pattern)):
            print(f"| {path.name} | {megabytes(path)} |")
    total = folder_size(args.frozen)
    print(f"| installed (one folder) | {total / 1e6:.0f} MB |")
    for group, size in biggest_parts(args.frozen):
        print(f"| - {group} | {size / 1e6:.0f} MB ({100 * size / total:.0f}%) |")

    print(f"\n| median (fastest) of {args.runs} warm runs | frozen | source (python -m app) |")
    print("|---|---|---|")
    rows = (
        ("`--version` (start and exit)", ["--version"], "wall"),
        ("`--self-test` (all checks)", ["--self-test"], "wall"),
        ("first window (wizard, offscreen)", ["--self-test=qt"], "window"),
    )
    for label, extra, pick in rows:
        a, a_min = median(frozen + extra, args.runs, pick)
        b, b_min = median(source + extra, args.runs, pick)
        print(f"| {label} | {a:.2f} s ({a_min:.2f}) | {b:.2f} s ({b_min:.2f}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
