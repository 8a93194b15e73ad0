"""The catalogue's index: what the first page lists (id, title, summary), read without
building the catalogue when every file is known to be good, and always the same as what
the catalogue loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.destination.catalogue import catalogue_problems, load_catalogue
from app.core.destination.index import catalogue_index
from tests.helpers.catalogue_files import restore_catalogue, shipped, use_catalogue, write_catalogue

ROOT = Path(__file__).resolve().parents[3]


def _retitle(data: dict[str, Any]) -> None:
    data["title"] = "CleverTap, edited by hand"
    data["summary"] = "A summary the shipped file does not have."


def _break(data: dict[str, Any]) -> None:
    data["event_nme"] = "typo"


def _dangling_region(data: dict[str, Any]) -> None:
    data["regions"]["default"] = "nowhere"  # meets the schema; a reference check fails


def _reorder(data: dict[str, Any]) -> None:
    data["order"] = 0


COPY = json.dumps({**shipped("mparticle.json"), "title": "A second mParticle"})

STATES: dict[str, tuple[dict[str, Callable[[dict[str, Any]], None]], dict[str, str]]] = {
    "as shipped": ({}, {}),
    "a file reformatted": ({"iterable.json": lambda data: None}, {}),
    "a file edited by hand": ({"clevertap.json": _retitle}, {}),
    "a file against the schema": ({"clevertap.json": _break}, {}),
    "a file naming a region it lacks": ({"clevertap.json": _dangling_region}, {}),
    "a file asking to come first": ({"braze.json": _reorder}, {}),
    "a file that is not JSON": ({}, {"broken.json": '{"id": "broken",\n  "title": }'}),
    "two files with one id": ({}, {"zz-mparticle-copy.json": COPY}),
}


def _catalogue_view() -> tuple[list[tuple[str, str, str]], list[str]]:
    listed = [(d.id, d.title, d.summary) for d in load_catalogue()]
    return listed, [m for p in catalogue_problems() for m in p.messages]


def _index_view() -> tuple[list[tuple[str, str, str]], list[str]]:
    index = catalogue_index()
    return [(e.id, e.title, e.summary) for e in index.entries], list(index.problems)


@pytest.mark.parametrize("state", STATES)
def test_the_index_lists_what_the_catalogue_loads(
    state: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First start (nothing known about an edited file) and the start after it (its
    verdict remembered) both list exactly the catalogue's destinations and problems."""
    edits, extra = STATES[state]
    use_catalogue(monkeypatch, write_catalogue(tmp_path, edits, extra))
    try:
        first = _index_view()
        assert first == _catalogue_view()
        use_catalogue(monkeypatch, tmp_path / "resources")  # a new start: caches emptied
        assert _index_view() == first
    finally:
        restore_catalogue(monkeypatch)


PROBE = """
import sys
from app.core.destination.index import catalogue_index
entries = catalogue_index().entries
assert entries and all(e.title for e in entries), entries
print(sorted(m for m in ("app.core.destination.catalogue", "jsonschema") if m in sys.modules))
"""


def test_known_files_are_listed_without_building_the_catalogue(tmp_path: Path) -> None:
    """The shipped files are listed from their text: neither the catalogue's classes
    nor the schema checker load (they cost start-up about 25 ms and 120 ms)."""
    env = {**os.environ, "HOOKSMITH_HOME": str(tmp_path)}
    env.pop("HOOKSMITH_RESOURCES", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_a_checkout_with_windows_line_endings_is_still_known_good() -> None:
    from app.core.destination.destination_schema import known_valid
    from app.core.destination.resources import resource_path

    text = resource_path("destinations", "clevertap.json").read_text(encoding="utf-8")
    assert known_valid(text)
    assert known_valid(text.replace("\n", "\r\n"))
    assert not known_valid(text.replace('"title"', '"title" ', 1))  # any other change counts
