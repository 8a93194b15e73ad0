"""Validation of a payload template: syntax, parameters, JSON, and the destination's rules.

Everything is checked against the template *rendered with sample values*, because
that is what Talon.One will send; every position is mapped back to the template the
user edits.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Param, Profile
from app.core.payload import json_errors, jsonpos, rules
from app.core.payload.checks import check_settings, request_texts
from app.core.payload.problems import LineIndex, Problem, Report, Severity
from app.core.payload.template import (
    ParsedTemplate,
    Placeholder,
    Rendered,
    builtin_for,
    parse,
    render,
)

#: At most this many rule violations are listed; the rest are counted.
MAX_RULE_PROBLEMS = 50
_BREAKS_JSON = ('"', "\\", "\n", "\r", "\t")


@dataclass
class Validation:
    """The outcome of validating one payload template."""

    report: Report
    parsed: ParsedTemplate
    rendered: Rendered
    document: Any = None
    values: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return self.rendered.text


def sample_values(params: Iterable[Param], samples: Mapping[str, str]) -> dict[str, str]:
    """Sample values by placeholder expression: parameters, then built-ins."""
    values = {expr: value for expr, value in samples.items()}
    for param in params:
        values[param.name] = param.sample
    return values


def validate_profile(profile: Profile, destination: Destination | None) -> Validation:
    """Validate the profile's payload template, URL and header templates and settings."""
    if destination is None:
        return validate_payload(profile.template, profile.params, profile.samples, None)
    validation = validate_payload(
        profile.template,
        profile.params,
        profile.samples,
        destination,
        texts=request_texts(profile, destination),
        body_optional=destination.verb_for(profile.options) in ("GET", "DELETE"),
    )
    validation.report.extend(check_settings(profile, destination))
    return validation


def validate_payload(
    template: str,
    params: Iterable[Param],
    samples: Mapping[str, str],
    destination: Destination | None,
    *,
    texts: Mapping[str, str] | None = None,
    body_optional: bool = False,
) -> Validation:
    """Check a payload template and return the problems with their positions.

    Args:
        template: the payload as typed, with ``${$...}`` placeholders.
        params: the declared webhook parameters with their types and samples.
        samples: sample values for built-ins such as ``Profile.Attributes.mpid``;
            the destination's own ``samples`` fill the ones not given.
        destination: whose rules apply; None checks templating and JSON only.
        texts: other templates Talon.One fills (``{"URL": ..., "Header X-Id": ...}``):
            their placeholders are checked too and count as uses of a parameter.
        body_optional: an empty payload is fine (GET and DELETE requests).
    """
    params = list(params)
    parsed = parse(template, json_context=True)
    report = Report(list(parsed.problems))
    index = _LazyIndex(template)
    if destination is not None and destination.samples:
        samples = {**destination.samples, **samples}
    values = sample_values(params, samples)
    declared = {p.name: p for p in params}
    used = _check_texts(texts or {}, declared, report)
    _check_placeholders(parsed, declared, values, report, index, used)
    rendered = render(parsed, values)
    validation = Validation(report, parsed, rendered, values=values)
    if not template.strip() and body_optional:
        return validation
    if not template.strip():
        report.add(
            Problem(
                Severity.ERROR,
                "json.empty",
                "The payload is empty.",
                "Regenerate it from the mapping, or paste the JSON body.",
            )
        )
        return validation
    try:
        validation.document = json.loads(rendered.text)
    except json.JSONDecodeError as exc:
        report.add(_json_problem(exc, rendered, index))
        return validation
    if destination is not None:
        _check_limits(rendered.text, destination, report)
        _check_rules(validation, destination, index)
    return validation


class _LazyIndex:
    """Line and column of offsets in one text, paying only for the problems shown.

    The first few lookups count newlines in C (``str.count``); a text with many
    problems gets a full line index instead (a 1000-record payload's costs about 1 ms).
    """

    COUNTED = 8

    def __init__(self, text: str) -> None:
        self._text = text
        self._asked = 0
        self._index: LineIndex | None = None

    def at(self, offset: int) -> tuple[int, int]:
        self._asked += 1
        if self._index is None and self._asked <= self.COUNTED:
            text = self._text
            return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        if self._index is None:
            self._index = LineIndex(self._text)
        return self._index.line_col(offset)


def _check_placeholders(
    parsed: ParsedTemplate,
    declared: dict[str, Param],
    values: Mapping[str, str],
    report: Report,
    index: _LazyIndex,
    also_used: set[str] | None = None,
) -> None:
    used: set[str] = set(also_used or ())
    reported: set[tuple[str, str]] = set()

    def add(ph: Placeholder, severity: Severity, code: str, message: str, hint: str) -> None:
        if (code, ph.expr) in reported:
            return
        reported.add((code, ph.expr))
        line, col = index.at(ph.start)
        report.add(Problem(severity, code, message, hint, line, col))

    seen: set[tuple[str, bool]] = set()
    for ph in parsed.placeholders:
        # Every check below depends on the expression and its quoting only, and each
        # problem is reported once per expression: a repeat (1000 records using
        # ${$ProfileID}) has nothing new to say.
        if (ph.expr, ph.in_string) in seen:
            continue
        seen.add((ph.expr, ph.in_string))
        if ph.is_param:
            used.add(ph.expr)
            param = declared.get(ph.expr)
            if param is None:
                close = difflib.get_close_matches(ph.expr, list(declared), n=1)
                hint = (f"Did you mean ${{${close[0]}}}? " if close else "") + (
                    f"Otherwise declare a parameter named {ph.expr}."
                )
                add(
                    ph,
                    Severity.ERROR,
                    "param.undeclared",
                    f"{ph.text} uses a parameter that is not declared.",
                    hint,
                )
                continue
            type_name = param.type
        else:
            builtin = builtin_for(ph.expr)
            if builtin is None:
                add(
                    ph,
                    Severity.WARNING,
                    "builtin.unknown",
                    f"{ph.text} is not one of Talon.One's documented values.",
                    "Check the spelling, for example ${$Profile.Attributes.name} or "
                    "${$Profile.IntegrationId}.",
                )
            type_name = _guess_type(values.get(ph.expr, ""), builtin[0] if builtin else "string")
        sample = values.get(ph.expr, "")
        if ph.in_string:
            if type_name == "string" and any(ch in sample for ch in _BREAKS_JSON):
                add(
                    ph,
                    Severity.ERROR,
                    "value.breaks_json",
                    f"The value of {ph.text} ({sample!r}) holds a quote, backslash or line "
                    "break; Talon.One inserts values without escaping, so the JSON would break.",
                    "Make sure this value can never hold such characters (IDs and coupon codes "
                    "are safe), or map a different value.",
                )
        elif type_name in ("string", "time", "(list string)"):
            add(
                ph,
                Severity.ERROR,
                "value.unquoted",
                f"{ph.text} is text but is not inside quotes, so the JSON would break.",
                f'Write "{ph.text}" with the quotes.',
            )
    for name in declared:
        if name not in used:
            report.add(
                Problem(
                    Severity.WARNING,
                    "param.unused",
                    f"The parameter {name} is declared but never used in the payload.",
                    f"Use it as ${{${name}}} or remove it.",
                )
            )


def _check_texts(texts: Mapping[str, str], declared: dict[str, Param], report: Report) -> set[str]:
    """Check URL and header templates: syntax and undeclared parameters. Returns the
    parameters they use. Positions are given as a column within the named text."""
    used: set[str] = set()
    for label, text in texts.items():
        parsed = parse(text)
        for problem in parsed.problems:
            report.add(
                Problem(
                    problem.severity,
                    problem.code,
                    problem.message,
                    problem.hint,
                    path=f"{label}, column {problem.column}",
                )
            )
        for ph in parsed.placeholders:
            if not ph.is_param:
                continue
            used.add(ph.expr)
            if ph.expr not in declared:
                close = difflib.get_close_matches(ph.expr, list(declared), n=1)
                hint = (f"Did you mean ${{${close[0]}}}? " if close else "") + (
                    f"Otherwise declare a parameter named {ph.expr}."
                )
                report.add(
                    Problem(
                        Severity.ERROR,
                        "param.undeclared",
                        f"{ph.text} in the {label} uses a parameter that is not declared.",
                        hint,
                        path=f"{label}, column {ph.start + 1}",
                    )
                )
    return used


def _guess_type(sample: str, default: str) -> str:
    """Built-in attributes have no declared type: a numeric or boolean sample says it."""
    try:
        value = json.loads(sample)
    except ValueError:
        return default
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return default


def _json_problem(exc: json.JSONDecodeError, rendered: Rendered, index: _LazyIndex) -> Problem:
    pos, message, hint = json_errors.explain(exc)
    line, col = index.at(rendered.template_offset(pos))
    return Problem(Severity.ERROR, "json.invalid", message, hint, line, col)


def _check_limits(body: str, destination: Destination, report: Report) -> None:
    limit = destination.limits.body_bytes
    if limit:
        size = len(body.encode())
        if size > limit:
            report.add(
                Problem(
                    Severity.ERROR,
                    "limit.body",
                    f"The payload is {size:,} bytes with the sample values; "
                    f"{destination.service} accepts at most {limit:,}.",
                    "Send fewer records or shorter values per request.",
                )
            )


def _check_rules(validation: Validation, destination: Destination, index: _LazyIndex) -> None:
    schema = destination.schema
    if not schema:
        return
    violations: list[rules.Violation] = []
    extra = 0
    for violation in rules.check(schema, validation.document):
        if len(violations) < MAX_RULE_PROBLEMS:
            violations.append(violation)
        else:
            extra += 1
    if not violations:
        return
    where = jsonpos.positions(validation.rendered.text)
    for v in violations:
        offset = where.get((v.path, v.on_key), where.get((v.path, False)))
        line = col = None
        if offset is not None:
            line, col = index.at(validation.rendered.template_offset(offset))
        validation.report.add(
            Problem(
                Severity.WARNING if v.severity == "warning" else Severity.ERROR,
                f"rule.{v.keyword}",
                v.message,
                v.hint,
                line,
                col,
                rules.format_path(v.path),
            )
        )
    if extra:
        validation.report.add(
            Problem(
                Severity.ERROR, "rule.more", f"... and {extra} more problems of the same kinds."
            )
        )
