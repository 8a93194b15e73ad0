"""The template module's fast paths give exactly what the plain definitions give.

The preview re-parses and re-renders payloads of 1000 records on every keystroke, so
``parse(json_context=True)`` finds quotes line by line and ``render_text`` renders
well-formed templates with one regex split. These tests hold both to the plain
definitions: a scan of the whole text for string literals (``_JSON_STRING_RE``), and
``render(parse(text))``.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.payload.template import parse, render, render_text

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


_VALUES = {"Id": 'a"b', "P.x": "", "Other": "42"}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "${$Other}", "${$", "${$Id", "${$1x}"]), max_size=30))
def test_render_text_matches_parse_then_render(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert render_text(text, _VALUES) == render(parse(text), _VALUES).text


def test_render_text_leaves_malformed_placeholders_as_typed() -> None:
    text = '{"a": "${$Id}", "b": "${ Id}", "c": ${$Other}, "d": "${Id}"}'
    assert render_text(text, _VALUES) == '{"a": "a"b", "b": "${ Id}", "c": 42, "d": "${Id}"}'


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([*_PIECES, "${$A", "${ $B }", "${B}", "$"]), max_size=40).map("".join)
)
def test_parse_of_well_formed_placeholders_is_the_full_scan(text: str) -> None:
    from app.core.payload.template import _scan

    for json_context in (False, True):
        assert parse(text, json_context=json_context) == _scan(text, json_context=json_context)
