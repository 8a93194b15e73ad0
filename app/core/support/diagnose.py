"""Diagnose a payload pasted from a delivery log or a customer's ticket.

The destination is the one given, the profile's, the one its URL and headers point
to, or the one whose payload keys it shares most. Every problem comes from the same
validation as the wizard's preview, with line and column in the pasted text. When
the template is known (a profile), the template is rendered with the values the
sent payload shows, and compared with what was sent: a unified diff of the text and
a list of the JSON paths that differ.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from app.core.destination.catalogue import Destination, get_destination, takes_url
from app.core.destination.profile import Param, Profile
from app.core.http.interpret import explain
from app.core.payload.checks import validate_query_url
from app.core.payload.problems import Report
from app.core.payload.rules import format_path
from app.core.payload.template import parse, render
from app.core.payload.unmap import infer_values, lenient_json
from app.core.payload.validate import validate_payload
from app.core.support.detect import detect, detect_by_payload
from app.core.support.management_models import LogEntry

#: ``lines()`` shows at most this many changes and diff lines; ``to_json()`` has all.
MAX_SHOWN_CHANGES = 50
MAX_SHOWN_DIFF_LINES = 300


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class Change:
    """One JSON path where the sent payload differs from the template's output."""

    path: str
    kind: str  # changed, missing (expected but not sent), extra (sent, not expected), type
    expected: Any = None
    actual: Any = None

    def describe(self) -> str:
        if self.kind == "missing":
            return f"{self.path}: the template sends {_show(self.expected)}; it was not sent."
        if self.kind == "extra":
            return f"{self.path}: sent {_show(self.actual)}, which the template does not produce."
        if self.kind == "type":
            return (
                f"{self.path}: the template sends {_show(self.expected)}, "
                f"but {_show(self.actual)} was sent (a different type)."
            )
        return f"{self.path}: the template sends {_show(self.expected)}, sent {_show(self.actual)}."


@dataclass
class Diagnosis:
    """The outcome of one diagnosis.

    Attributes:
        destination: whose rules were applied (None: JSON and templating only).
        detected_by: ``given``, ``profile``, ``url``, ``payload`` or ``""``.
        reasons: why this destination was chosen.
        report: every problem in the sent payload, with positions in ``sent``.
        expected: the template rendered with ``inferred`` values (None: no template).
        inferred: values read from the sent payload, by placeholder expression.
        unified_diff: ``expected`` against ``sent``, as unified-diff lines.
        changes: the JSON paths that differ.
        notes: anything else worth saying.
    """

    sent: str
    destination: Destination | None = None
    detected_by: str = ""
    reasons: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    expected: str | None = None
    inferred: dict[str, str] = field(default_factory=dict)
    unified_diff: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok and not self.changes

    def lines(self) -> list[str]:
        """The diagnosis as text (CLI, support bundle)."""
        name = self.destination.title if self.destination else "unknown destination"
        out = [f"Destination: {name}" + (f" ({'; '.join(self.reasons)})" if self.reasons else "")]
        out += [f"Note: {n}" for n in self.notes]
        if self.report.problems:
            out.append(f"Problems ({len(self.report.problems)}):")
            out += ["  " + p.format() for p in self.report.problems]
        else:
            out.append("No problems found in the payload.")
        if self.expected is not None:
            if self.changes:
                out.append(f"Differences from the template ({len(self.changes)}):")
                out += ["  " + c.describe() for c in self.changes[:MAX_SHOWN_CHANGES]]
                if len(self.changes) > MAX_SHOWN_CHANGES:
                    out.append(f"  … and {len(self.changes) - MAX_SHOWN_CHANGES} more.")
                out += ["", *self.unified_diff[:MAX_SHOWN_DIFF_LINES]]
                if len(self.unified_diff) > MAX_SHOWN_DIFF_LINES:
                    out.append(f"… {len(self.unified_diff) - MAX_SHOWN_DIFF_LINES} more lines.")
            else:
                out.append("The payload is what the template produces.")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "destination": self.destination.id if self.destination else None,
            "detected_by": self.detected_by,
            "reasons": self.reasons,
            "problems": [
                {**p.__dict__, "severity": p.severity.value} for p in self.report.problems
            ],
            "expected": self.expected,
            "inferred": self.inferred,
            "changes": [c.__dict__ for c in self.changes],
            "unified_diff": self.unified_diff,
            "notes": self.notes,
        }


def _choose(
    text: str,
    destination: str | Destination | None,
    profile: Profile | None,
    url: str,
    headers: list[tuple[str, str]] | None,
) -> tuple[Destination | None, str, list[str]]:
    if isinstance(destination, str):
        return get_destination(destination), "given", ["chosen by you"]
    if destination is not None:
        return destination, "given", ["chosen by you"]
    if profile is not None:
        return get_destination(profile.destination), "profile", [f"the profile {profile.name}"]
    if url or headers:
        found = detect(url, headers or [])
        if found.destination is not None and not found.fallback:
            return found.destination, "url", found.reasons
    guessed, reasons = detect_by_payload(text)
    return guessed, "payload" if guessed else "", reasons


def _samples_for(
    text: str, profile: Profile | None
) -> tuple[list[Param], dict[str, str], list[str]]:
    """Parameters and sample values for placeholders left in a pasted payload."""
    declared = {p.name: p for p in profile.params} if profile else {}
    samples = dict(profile.samples) if profile else {}
    params: list[Param] = []
    notes: list[str] = []
    seen: set[str] = set()
    for ph in parse(text, json_context=True).placeholders:
        if ph.expr in seen:
            continue
        seen.add(ph.expr)
        default = f"sample-{ph.expr.rsplit('.', 1)[-1].lower()}" if ph.in_string else "12345"
        if ph.is_param:
            if ph.expr in declared:
                params.append(declared[ph.expr])
            else:
                kind = "string" if ph.in_string else "number"
                params.append(Param(ph.expr, kind, "", default))
                if profile is None:
                    notes.append(f"{ph.text} is taken as a webhook parameter ({kind}).")
        elif ph.expr not in samples:
            samples[ph.expr] = default
    return params, samples, notes


def diagnose(
    text: str,
    *,
    destination: str | Destination | None = None,
    profile: Profile | None = None,
    url: str = "",
    headers: list[tuple[str, str]] | None = None,
) -> Diagnosis:
    """Diagnose a sent (or pasted) payload; see the module's description."""
    chosen, how, reasons = _choose(text, destination, profile, url, headers)
    result = Diagnosis(text, chosen, how, reasons)
    if chosen is None:
        result.notes.append(
            "The destination could not be recognised, so only JSON and templating were "
            "checked. Choose it to check its rules too."
        )
    if chosen is not None and takes_url(chosen):
        # A GET destination: what was sent is a URL, checked against the query's rules.
        result.report = validate_query_url(text, chosen)
        return result
    params, samples, notes = _samples_for(text, profile)
    result.notes += notes
    result.report = validate_payload(text, params, samples, chosen).report
    if profile is not None and profile.template.strip():
        _compare(result, profile)
    return result


def _compare(result: Diagnosis, profile: Profile) -> None:
    sent_doc = lenient_json(result.sent)
    result.inferred = infer_values(profile.template, sent_doc) if sent_doc is not None else {}
    values = {p.name: p.sample for p in profile.params}
    values.update(profile.samples)
    values.update(result.inferred)
    result.expected = render(parse(profile.template), values).text
    expected_doc = lenient_json(result.expected)
    if expected_doc is not None and sent_doc is not None:
        before = json.dumps(expected_doc, indent=2, ensure_ascii=False).splitlines()
        after = json.dumps(sent_doc, indent=2, ensure_ascii=False).splitlines()
        result.changes = list(structural_diff(expected_doc, sent_doc))
    else:
        before, after = result.expected.splitlines(), result.sent.splitlines()
        if expected_doc is None:
            result.notes.append("The profile's own template does not render to valid JSON.")
    result.unified_diff = list(
        difflib.unified_diff(before, after, "template (rendered)", "sent", lineterm="")
    )


def structural_diff(expected: Any, actual: Any, path: tuple[str | int, ...] = ()) -> Any:
    """Yield a :class:`Change` for every path where two JSON documents differ."""
    where = format_path(path)
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            if key in actual:
                yield from structural_diff(expected[key], actual[key], (*path, key))
            else:
                yield Change(format_path((*path, key)), "missing", expected[key], None)
        for key in actual:
            if key not in expected:
                yield Change(format_path((*path, key)), "extra", None, actual[key])
    elif isinstance(expected, list) and isinstance(actual, list):
        for index, (a, b) in enumerate(zip(expected, actual, strict=False)):
            yield from structural_diff(a, b, (*path, index))
        for index in range(len(actual), len(expected)):
            yield Change(format_path((*path, index)), "missing", expected[index], None)
        for index in range(len(expected), len(actual)):
            yield Change(format_path((*path, index)), "extra", None, actual[index])
    elif type(expected) is not type(actual) and not (
        isinstance(expected, int | float)
        and isinstance(actual, int | float)
        and not isinstance(expected, bool)
        and not isinstance(actual, bool)
    ):
        yield Change(where, "type", expected, actual)
    elif expected != actual:
        yield Change(where, "changed", expected, actual)


def diagnose_log_entry(
    entry: LogEntry,
    *,
    destination: str | Destination | None = None,
    profile: Profile | None = None,
) -> Diagnosis:
    """Diagnose one delivery from Talon.One's message log, with its response explained."""
    result = diagnose(
        entry.body, destination=destination, profile=profile, url=entry.url, headers=entry.headers
    )
    if entry.status is None:
        result.notes.append(
            "Talon.One recorded no response: the destination did not answer "
            "(a timeout or a failed connection)."
        )
    else:
        answer = explain(result.destination, entry.status, {}, entry.response.encode("utf-8"))
        result.notes.append(f"The destination answered {entry.status}: {answer.title}")
        result.notes += answer.lines()[1:]
    return result


#: How a delivery ended, in a word for lists (the Explanation's verdict).
OUTCOME_WORDS = {
    "ok": "accepted",
    "partial": "partly rejected",
    "error": "rejected",
    "retry": "failed, retry",
    "none": "no answer",
}


def delivery_outcome(entry: LogEntry) -> str:
    """How one delivery ended by the destination's own answer: ``ok``, ``partial``,
    ``error``, ``retry`` or ``none`` (no answer).

    Talon.One's log marks a delivery successful by its HTTP status alone; a CleverTap 200
    whose body lists every record as failed is a rejection here, read with the
    destination's response rules as a test fire's answer is.
    """
    if entry.status is None:
        return "none"
    destination = detect(entry.url, entry.headers).destination
    return explain(destination, entry.status, {}, entry.response.encode()).verdict


def keep_outcome(entries: list[LogEntry], accepted: bool | None) -> list[LogEntry]:
    """The deliveries the destination accepted (``True``), did not fully accept
    (``False``), or all of them (``None``), by :func:`delivery_outcome`."""
    if accepted is None:
        return list(entries)
    return [e for e in entries if (delivery_outcome(e) == "ok") == accepted]
