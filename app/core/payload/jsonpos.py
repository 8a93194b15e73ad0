"""Where each value of a valid JSON document starts, so a rule broken at ``d[3].evtName``
can point at a line and column. Only run when a rule failed, to keep typing fast.

A lookup walks down the one path it is asked for and skips every sibling with the C
JSON scanner, remembering what it skipped: the preview asks for a few positions in
payloads of 1000 records on every keystroke, and walking the whole document in Python
took longer than a frame."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

Path = tuple[str | int, ...]
Key = tuple[Path, bool]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_DECODER = json.JSONDecoder()
#: The decoder's C scanner: ``_SCAN(text, i)`` is ``(value, end)`` for the value at ``i``.
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
#: ``_WS`` always matches (perhaps nothing), so its match is never None.
_WS_MATCH = cast(Callable[[str, int], "re.Match[str]"], _WS.match)


def positions(text: str) -> Positions:
    """Map ``(path, is_key)`` to the offset where that value (or key) starts.

    ``text`` must be valid JSON (``json.loads`` accepted it). Positions are found
    when first asked for; where an object repeats a key, the last one counts, as in
    ``json.loads``.
    """
    return Positions(text)


class Positions(Mapping[Key, int]):
    """The offsets of one document's values (``(path, False)``) and keys (``(path, True)``)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[Path, tuple[int | None, int] | None] = {}
        #: object offset -> key -> (key offset, value offset), the last of repeated keys
        self._members: dict[int, dict[str, tuple[int, int]]] = {}
        #: array offset -> offsets of the items found so far, and the offset just past
        #: the array once every item is found (None until then)
        self._items: dict[int, tuple[list[int], int | None]] = {}
        self._all: dict[Key, int] | None = None

    def _ws(self, i: int) -> int:
        m = _WS.match(self._text, i)
        return m.end() if m else i

    def _skip(self, i: int) -> int:
        """The offset just past the value starting at ``i`` (parsed in C). An array is
        walked item by item, so a later lookup of one of its items finds it known: the
        path to a broken record passes its array twice (skipped as the value of its key,
        then searched for the record)."""
        if self._text[i] == "[":
            end = self._walk(i, None)[1]
            assert end is not None
            return end
        return _SCAN(self._text, i)[1]

    def _object(self, at: int) -> dict[str, tuple[int, int]]:
        members = self._members.get(at)
        if members is None:
            text, members = self._text, {}
            i = self._ws(at + 1)
            while text[i] != "}":
                key, after = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                start = self._ws(self._ws(after) + 1)  # skip ':'
                members[key] = (i, start)
                i = self._ws(self._skip(start))
                if text[i] == ",":
                    i = self._ws(i + 1)
            self._members[at] = members
        return members

    def _walk(self, i: int, n: int | None) -> tuple[list[int], int | None]:
        """The offsets of the items of the array at ``i`` found up to item ``n`` (all of
        them when ``n`` is None), and the offset just past the array once all are."""
        offsets, end = self._items.get(i, ([], None))
        text, scan, ws = self._text, _SCAN, _WS_MATCH
        # The loop calls the C scanner and the whitespace regex directly: locating the
        # last of 1000 records skips 999 of them on a keystroke.
        while end is None and (n is None or len(offsets) <= n):
            if offsets:
                j = ws(text, scan(text, offsets[-1])[1]).end()
                if text[j] == ",":
                    j = ws(text, j + 1).end()
            else:
                j = ws(text, i + 1).end()
            if text[j] == "]":
                end = j + 1
            else:
                offsets.append(j)
        self._items[i] = (offsets, end)
        return offsets, end

    def _item(self, i: int, n: int) -> int | None:
        offsets = self._walk(i, n)[0]
        return offsets[n] if n < len(offsets) else None

    def _locate(self, path: Path) -> tuple[int | None, int] | None:
        """(key offset or None, value offset) for ``path``, or None if it is not there."""
        if path in self._found:
            return self._found[path]
        if not path:
            found: tuple[int | None, int] | None = (None, self._ws(0))
        else:
            parent = self._locate(path[:-1])
            found = None
            if parent is not None:
                start, part, text = parent[1], path[-1], self._text
                if text[start] == "{" and isinstance(part, str):
                    found = self._object(start).get(part)
                elif text[start] == "[" and isinstance(part, int) and part >= 0:
                    offset = self._item(start, part)
                    found = None if offset is None else (None, offset)
        self._found[path] = found
        return found

    def __getitem__(self, key: Key) -> int:
        path, is_key = key
        found = self._locate(path)
        offset = None if found is None else (found[0] if is_key else found[1])
        if offset is None:
            raise KeyError(key)
        return offset

    def __iter__(self) -> Iterator[Key]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def _every(self) -> dict[Key, int]:
        if self._all is None:
            self._all = _walk(self._text)
        return self._all


def _walk(text: str) -> dict[Key, int]:
    """Every position in the document, in one pass (for iterating over all of them)."""
    found: dict[Key, int] = {}

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def value(i: int, path: Path) -> int:
        i = ws(i)
        found[(path, False)] = i
        ch = text[i]
        if ch == "{":
            i = ws(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                i = ws(i)
                m = _STRING.match(text, i)
                assert m is not None
                key = json.loads(m.group())
                found[((*path, key), True)] = i
                i = ws(m.end())
                i = value(i + 1, (*path, key))  # skip ':'
                i = ws(i)
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if ch == "[":
            i = ws(i + 1)
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = value(i, (*path, n))
                n += 1
                i = ws(i)
                if text[i] == ",":
                    i += 1
                    continue
                return i + 1
        m = _STRING.match(text, i) if ch == '"' else _SCALAR.match(text, i)
        assert m is not None
        return m.end()

    value(0, ())
    return found
