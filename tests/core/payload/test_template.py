"""The Talon.One template parser and renderer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.payload.template import Placeholder, builtin_for, parse, render, render_text


def test_parses_params_and_builtins_with_json_context() -> None:
    text = '{"id": "${$ProfileID}", "mpid": ${$Profile.Attributes.mpid}}'
    parsed = parse(text, json_context=True)
    assert parsed.problems == []
    first, second = parsed.placeholders
    assert (first.expr, first.is_param, first.in_string) == ("ProfileID", True, True)
    assert (second.expr, second.is_param, second.in_string) == (
        "Profile.Attributes.mpid",
        False,
        False,
    )
    assert text[first.start : first.end] == "${$ProfileID}"


def test_render_inserts_values_raw_like_talon_one() -> None:
    parsed = parse('{"c": "${$Code}"}')
    assert render(parsed, {"Code": 'a"b'}).text == '{"c": "a"b"}'
    assert render_text("https://x/${$Id}", {"Id": "42"}) == "https://x/42"


def test_render_maps_rendered_offsets_back_to_the_template() -> None:
    parsed = parse("AB${$Long}CD")
    rendered = render(parsed, {"Long": "x"})
    assert rendered.text == "ABxCD"
    assert rendered.template_offset(2) == 2  # inside the value -> placeholder start
    assert rendered.template_offset(3) == len("AB${$Long}")  # 'C'


def test_syntax_errors_have_positions_and_fixes() -> None:
    parsed = parse('{\n  "a": "${ProfileID}",\n  "b": "${$X"\n}')
    codes = {p.code: p for p in parsed.problems}
    missing = codes["template.missing_dollar"]
    assert (missing.line, missing.column) == (2, 9)
    assert "${$ProfileID}" in missing.hint
    assert codes["template.unclosed"].line == 3
    assert parse("${}").problems[0].code == "template.empty"
    assert parse("${ $X }").problems[0].code == "template.spaces"
    assert parse("${$a-b}").problems[0].code == "template.invalid"


def test_builtins_are_known_by_pattern() -> None:
    assert builtin_for("Profile.IntegrationId") is not None
    assert builtin_for("Profile.Attributes.mpid") is not None
    assert builtin_for("Campaign.Attributes.x") is not None
    assert builtin_for("Profile.Nope") is None
    assert builtin_for("Coupon") is None


@given(st.text())
def test_parser_never_crashes_and_round_trips_literals(text: str) -> None:
    parsed = parse(text, json_context=True)
    rebuilt = "".join(p if isinstance(p, str) else p.text for p in parsed.parts)
    assert rebuilt == text
    for problem in parsed.problems:
        assert problem.line is not None and problem.line >= 1


@given(st.text(alphabet='${}$"\\\n abc.', max_size=60))
def test_parser_never_crashes_on_template_like_text(text: str) -> None:
    parsed = parse(text, json_context=True)
    for part in parsed.parts:
        if isinstance(part, Placeholder):
            assert text[part.start : part.end] == part.text
