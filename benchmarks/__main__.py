"""``python -m benchmarks``: measure, then print one Markdown table with the machine.

Usage (from the repository root)::

    bash benchmarks/run.sh                 # everything, about two minutes
    bash benchmarks/run.sh --quick         # tiny sizes, a few seconds (the smoke test)
    bash benchmarks/run.sh --only preview firing
    bash benchmarks/run.sh --profile       # also: start-up step by step, preview profile

Timing is never asserted anywhere: machines differ and shared ones are noisy. Read
the ratio column, which compares each figure with a floor measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from benchmarks.common import Row, machine, table

SECTIONS = ("startup", "preview", "firing")


def _startup(quick: bool) -> list[Row]:
    from benchmarks import startup

    return startup.run(quick)


def _preview(quick: bool) -> list[Row]:
    from benchmarks import preview

    return preview.run(quick)


def _firing(quick: bool) -> list[Row]:
    from benchmarks import firing

    return firing.run(quick)


RUNNERS: dict[str, Callable[[bool], list[Row]]] = {
    "startup": _startup,
    "preview": _preview,
    "firing": _firing,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Hooksmith's start-up, memory, preview and firing figures, each beside "
        "its baseline measured in the same run.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes and few repeats (a smoke run)"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        metavar="SECTION",
        help=f"run only these sections: {', '.join(SECTIONS)} (startup includes memory)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the table, time start-up step by step and profile the preview at its "
        "largest size (needs pyinstrument)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    rows: list[Row] = []
    started = time.monotonic()
    for name in args.only or SECTIONS:
        print(f"benchmarks: measuring {name}...", file=sys.stderr, flush=True)
        rows.extend(RUNNERS[name](args.quick))
    print(f"Machine: {machine()}")
    print(
        f"Mode: {'quick (tiny sizes; figures not meaningful)' if args.quick else 'full'}, "
        f"{time.monotonic() - started:.0f} s"
    )
    print()
    print(table(rows))
    if args.profile:
        from benchmarks import profiling

        print()
        print(profiling.startup_phases())
        print(profiling.preview_profile(quick=args.quick))
        print(profiling.page_profile(quick=args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
