"""Where each value of a valid JSON document starts, so a rule broken at ``d[3].evtName``
can point at a line and column. Only run when a rule failed, to keep typing fast."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def positions(text: str) -> dict[tuple[Path, bool], int]:
    """Map ``(path, is_key)`` to the offset where that value (or key) starts.

    ``text`` must be valid JSON (``json.loads`` accepted it).
    """
    import json

    found: dict[tuple[Path, bool], int] = {}

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
