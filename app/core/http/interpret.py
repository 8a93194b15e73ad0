"""Explain a destination's response in plain language, from its data file's ``response`` block.

HTTP status alone misleads: CleverTap answers 200 when every record was rejected.
The explanation reads the body where the destination says to, and explains each
rejected record's code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.destination.catalogue import (
    BodyReading,
    Destination,
    ErrorReading,
    Meaning,
    ResponseList,
    ResponseSpec,
)
from app.core.payload.words import counted

_CLASS_DEFAULTS = {
    2: ("ok", "The server accepted the request ({status})."),
    3: ("error", "The server answered with a redirect ({status}); nothing was delivered."),
    4: ("error", "The server refused the request ({status})."),
    5: ("retry", "The server failed ({status}); try again later."),
}


@dataclass(frozen=True)
class RecordIssue:
    """One record the destination did not process."""

    index: int
    code: str
    meaning: str
    error: str
    record: Any = None


@dataclass(frozen=True)
class ListSection:
    """A list from the response body in words (Talon.One's effects, created coupons...)."""

    title: str
    items: tuple[str, ...]
    empty: str = ""


@dataclass
class Explanation:
    """What a response means.

    Attributes:
        verdict: ``ok``, ``partial``, ``error`` or ``retry``.
        title: one sentence.
        details: further sentences, most useful first.
        records: rejected records with their code explained.
        retry_after: the Retry-After header, when the server sent one.
        lists: lists from the body, one line per item (the ``lists`` spec).
    """

    verdict: str
    title: str
    details: list[str] = field(default_factory=list)
    records: list[RecordIssue] = field(default_factory=list)
    retry_after: str | None = None
    lists: list[ListSection] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The explanation as text lines (CLI, history, support bundle)."""
        out = [self.title, *self.details]
        for issue in self.records:
            out.append(
                f"record {issue.index}: code {issue.code}: {issue.meaning}"
                + (f" (server said: {issue.error})" if issue.error else "")
            )
        for section in self.lists:
            out.append(f"{section.title}:" if section.items else f"{section.title}: none.")
            out.extend(f"  - {item}" for item in section.items)
            if not section.items and section.empty:
                out.append(f"  {section.empty}")
        return out


def explain(
    destination: Destination | None,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    dry_run: bool = False,
) -> Explanation:
    """Explain ``status``/``body`` using the destination's response description.

    Args:
        dry_run: the request used the destination's validation-only mode, so a success
            stored nothing; the title says so (the data file's ``dry_run.ok_title``).
    """
    spec = destination.response if destination else ResponseSpec()
    entry = spec.http.get(str(status))
    if entry is None:
        verdict, title = _CLASS_DEFAULTS.get(
            status // 100, ("error", "Unexpected status {status}.")
        )
        entry = Meaning(verdict, title.format(status=status))
    result = Explanation(entry.verdict, entry.title)
    if dry_run and result.verdict == "ok":
        dry = destination.dry_run if destination else None
        ok_title = dry.ok_title if dry else ""
        result.title = (
            ok_title.format(status=status)
            if ok_title
            else f"{result.title} Validation only: nothing was stored."
        )
    if entry.detail:
        result.details.append(entry.detail)
    retry = _header(headers, "Retry-After")
    if retry is not None:
        result.retry_after = retry
        wait = counted(int(retry), "second") if retry.strip().isdigit() else f"until {retry}"
        result.details.append(f"The server asks to wait {wait} before retrying (Retry-After).")
    document = _json(body)
    if document is None:
        if not body:
            result.details.append(spec.empty_body or "The response has no body.")
        return result
    _explain_body(spec.body, document, result, status)
    if not 200 <= status < 300:
        _explain_errors(spec.errors, document, result)
    if 200 <= status < 300:
        _explain_lists(spec.lists, document, result)
    return result


def _explain_lists(spec: tuple[ResponseList, ...], document: Any, result: Explanation) -> None:
    """Each ``{"field", "title", "item", "empty"}`` entry turns a body list into lines.

    ``item`` is a text with ``{field}`` references into each element (dotted for nested
    fields, such as ``{props.value}``); missing fields read ``?``.
    """
    if not spec or not isinstance(document, dict):
        return
    for entry in spec:
        items = document.get(entry.field)
        if items is None and not entry.always:
            continue
        lines = tuple(
            _describe(entry.item, item) for item in (items if isinstance(items, list) else [])
        )
        result.lists.append(ListSection(entry.title, lines, entry.empty))


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def _describe(template: str, item: Any) -> str:
    return _FIELD.sub(lambda m: _pick(item, m.group(1)), template)


#: What :func:`shown_value` returns for a field the body lacks.
MISSING: Any = object()


def shown_value(document: Any, key: str) -> Any:
    """The value a ``body.show`` key names: the field ``key``, or a nested one by a dotted
    path (``ledger.currentBalance``); :data:`MISSING` when the body has neither."""
    if isinstance(document, dict) and key in document:
        return document[key]
    value = document
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def _pick(item: Any, dotted: str) -> str:
    value = item
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return "?"
        value = value[part]
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _explain_body(
    spec: BodyReading | None, document: Any, result: Explanation, status: int
) -> None:
    if spec is None or not isinstance(document, dict) or not 200 <= status < 300:
        return
    status_field = spec.status_field
    if status_field and status_field in document:
        meaning = spec.statuses.get(str(document[status_field]))
        if meaning:
            result.verdict = meaning.verdict
            result.title = meaning.title
            result.details = [d for d in result.details if d]
    count_field = spec.count_field
    if count_field and count_field in document:
        result.details.append(f"Records processed: {document[count_field]}.")
    records = document.get(spec.records_field, []) if spec.records_field else []
    if isinstance(records, list) and records and spec.when_records is not None:
        result.verdict = spec.when_records.verdict
        result.title = spec.when_records.title
        if spec.when_records.detail:
            result.details.append(spec.when_records.detail)
    if isinstance(records, list):
        codes = spec.codes
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            code = str(record.get(spec.code_field, "?"))
            result.records.append(
                RecordIssue(
                    index=int(record.get("index", i))
                    if str(record.get("index", "")).isdigit()
                    else i,
                    code=code,
                    meaning=codes.get(code, "No explanation is known for this code."),
                    error=str(record.get(spec.error_field, "")),
                    record=record.get("record"),
                )
            )
    for key, template in spec.show.items():
        value = shown_value(document, key)
        if value is not MISSING:
            result.details.append(template.format(value=value))


def _explain_errors(spec: ErrorReading | None, document: Any, result: Explanation) -> None:
    """Vendor error bodies (``{"errors": [...]}``, ``{"StatusCode", "Error"}``,
    ``{"msg", "code"}``) in words; only for answers outside 2xx."""
    if spec is None or not isinstance(document, dict):
        return
    message = _dotted(document, spec.message_field)
    if message is not None:
        result.details.append(f"The server said: {message}")
    list_field = spec.list_field
    if list_field and isinstance(document.get(list_field), list):
        for item in document[list_field]:
            if isinstance(item, dict):
                text = " ".join(str(item.get(k, "")) for k in spec.item_fields)
                result.details.append(f"The server said: {text.strip()}")
    code_field = spec.code_field
    if code_field and code_field in document:
        code = str(document[code_field])
        meaning = spec.codes.get(code)
        result.details.append(f"Code {code}: {meaning}" if meaning else f"Code {code}.")
    request_id = _dotted(document, spec.id_field)
    if request_id is not None:
        result.details.append(f"Request ID for the vendor's support: {request_id}")


def _dotted(document: dict[str, Any], path: str) -> Any:
    """The value at ``path`` ("message", or "error.message" into nested objects); None
    when a step is missing (a top-level key that holds a dot is found as it is)."""
    if not path:
        return None
    if path in document:
        return document[path]
    node: Any = document
    for step in path.split("."):
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    return node
