"""The catalogue's index: each destination's id, title and summary, for the first page.

The full catalogue (:mod:`app.core.destination.catalogue`) defines the format's typed
classes and builds a destination from every file, about 25 ms that the first page does
not need: it lists titles and summaries. When every destination file is one found good
before (a shipped file, or one the catalogue loaded on an earlier start: see
:func:`~app.core.destination.destination_schema.known_valid`), the index reads them from
the files' text. Any other file (new, edited, broken, a second file with one id) makes
it ask the catalogue, which checks and explains; so the index always lists exactly what
the catalogue loads, in its order, with the same problems.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from app.core.destination.destination_schema import known_valid
from app.core.destination.resources import resource_path


class Entry(NamedTuple):
    """One destination as the first page lists it."""

    id: str
    title: str
    summary: str


class Index(NamedTuple):
    """The usable destinations in catalogue order, and one line per problem of a file
    left out (``resources/destinations/<file>: <key path>: <what is expected>``)."""

    entries: tuple[Entry, ...]
    problems: tuple[str, ...]


def catalogue_index() -> Index:
    """List the catalogue, from the files' text when all are known good.

    Raises:
        CatalogueError: no file could be loaded (as :func:`load_catalogue` does).
    """
    listed: list[tuple[int, Entry]] = []
    for path in sorted(resource_path("destinations").glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError):  # unreadable, not UTF-8
            return _from_catalogue()
        if not known_valid(text):
            return _from_catalogue()
        data = json.loads(text)  # found good before: JSON that met the schema
        entry = Entry(data["id"], data["title"], data.get("summary", ""))
        if any(entry.id == seen.id for _, seen in listed):
            return _from_catalogue()
        listed.append((int(data.get("order", 100)), entry))
    if not listed:
        return _from_catalogue()
    listed.sort(key=lambda pair: pair[0])  # stable: file-name order within one order
    return Index(tuple(entry for _, entry in listed), ())


def _from_catalogue() -> Index:
    from app.core.destination.catalogue import catalogue_problems, load_catalogue

    entries = tuple(Entry(d.id, d.title, d.summary) for d in load_catalogue())
    return Index(entries, tuple(m for p in catalogue_problems() for m in p.messages))
