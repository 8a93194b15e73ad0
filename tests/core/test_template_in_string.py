"""``parse(json_context=True)`` says whether each placeholder sits inside a JSON string.

It answers line by line for speed (the preview re-parses 1000 records per keystroke);
these tests hold it to the plain definition: a scan of the whole text for string
literals, as ``_JSON_STRING_RE`` defines them.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.template import parse

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_PIECES = ['"', "\\", "\n", "\r", " ", ":", ",", "a", "{", "}", "$", "${", "${$Id}", "${$P.x}"]


def reference(text: str) -> list[tuple[int, bool]]:
    spans = [m.span() for m in _STRING.finditer(text)]
    parsed = parse(text)
    return [(p.start, any(s < p.start < e for s, e in spans)) for p in parsed.placeholders]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_in_string_matches_a_whole_text_scan(text: str) -> None:
    found = [(p.start, p.in_string) for p in parse(text, json_context=True).placeholders]
    assert found == reference(text)


def test_minified_and_escaped_lines() -> None:
    text = '{"a":"${$A}","b":${$B},"c":"x\\"${$C}\\"","d":"\\\\","e":${$E},"f":"${$F}'
    flags = {p.expr: p.in_string for p in parse(text, json_context=True).placeholders}
    assert flags == {"A": True, "B": False, "C": True, "E": False, "F": False}
