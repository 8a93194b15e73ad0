"""A resources folder of destination files for tests: copies of the shipped ones, edited.

``use_catalogue`` points HOOKSMITH_RESOURCES at the folder and empties the caches that
hold destinations, so the next ``load_catalogue`` reads it; ``restore_catalogue`` undoes
that (call it when the test ends).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.destination import resources
from app.core.destination.catalogue import load_catalogue
from app.core.support.detect import signatures

Edit = Callable[[dict[str, Any]], None]


def shipped(name: str) -> dict[str, Any]:
    """The shipped destination file ``name`` (``clevertap.json``), parsed."""
    path = resources.resource_path("destinations", name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_catalogue(
    root: Path, edits: dict[str, Edit] | None = None, extra: dict[str, str] | None = None
) -> Path:
    """Copy the shipped destinations to ``root/resources/destinations``, apply ``edits``
    (file name -> function changing its parsed JSON) and add ``extra`` files (name ->
    text); return the resources folder."""
    folder = root / "resources" / "destinations"
    folder.mkdir(parents=True)
    for path in resources.resource_path("destinations").glob("*.json"):
        edit = (edits or {}).get(path.name)
        if edit is None:  # the same text: its shipped verdict holds
            shutil.copyfile(path, folder / path.name)
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        edit(data)
        (folder / path.name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder.parent


def use_catalogue(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("HOOKSMITH_RESOURCES", str(folder))
    load_catalogue.cache_clear()
    signatures.cache_clear()


def restore_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOOKSMITH_RESOURCES", raising=False)
    load_catalogue.cache_clear()
    signatures.cache_clear()
