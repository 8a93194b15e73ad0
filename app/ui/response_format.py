"""Turning a response into safe, readable text (no widgets here, so it is easy to test)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from app.core.fire import FireResult
from app.core.secrets import Redactor

#: Bytes of a body shown in the view; the whole body can still be saved.
VIEW_LIMIT = 256 * 1024
_CONTROL = {c: 0x2400 + c for c in range(32) if c not in (9, 10, 13)}
_CONTROL[127] = 0x2421


def _tr(text: str) -> str:
    return QCoreApplication.translate("response", text)


def human_size(size: int) -> str:
    """``512 bytes``, ``12.3 KB``, ``10.0 MB``."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


@dataclass
class BodyText:
    """The body as it is shown, and notes about what was changed to show it safely."""

    text: str
    notes: list[str] = field(default_factory=list)
    is_json: bool = False


def body_text(result: FireResult, limit: int = VIEW_LIMIT) -> BodyText:
    """Decode, pretty-print and redact a response body for the view.

    Invalid UTF-8 becomes U+FFFD, control characters become visible symbols, and only
    the first ``limit`` bytes are shown; each change is explained in ``notes``.
    """
    body, redactor = result.body, result.request.redactor
    notes: list[str] = []
    if not body:
        return BodyText("", [_tr("The response has no body.")] if result.status else [])
    shown = body[:limit]
    cut = len(body) > limit or result.truncated
    try:
        text = shown.decode("utf-8")
    except UnicodeDecodeError as exc:
        if cut and exc.start >= len(shown) - 3:
            text = shown[: exc.start].decode("utf-8", "replace")
        else:
            text = shown.decode("utf-8", "replace")
            notes.append(
                _tr("The body is not valid UTF-8; bytes that cannot be read are shown as �.")
            )
    if cut:
        notes.append(
            _tr(
                "Showing the first {shown} of {size}. Use “Save whole body…” to keep all of it."
            ).format(shown=human_size(len(shown)), size=human_size(result.size))
        )
    is_json = False
    if not cut:
        try:
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            is_json = True
        except ValueError:
            pass
    if any(chr(c) in text for c in _CONTROL):
        text = text.translate(_CONTROL)
        notes.append(_tr("Control characters are shown as symbols (␀, ␛ …)."))
    return BodyText(_redact(redactor, text), notes, is_json)


def _redact(redactor: Redactor, text: str) -> str:
    return redactor.redact(text) if redactor else text


def request_text(result: FireResult) -> str:
    """What was sent, secrets masked."""
    request = result.request
    lines = [f"{request.method} {request.redactor.redact(request.url)}"]
    lines += [f"{name}: {value}" for name, value in request.shown_headers()]
    return "\n".join(lines) + "\n\n" + request.shown_body()


def redirect_lines(result: FireResult) -> list[str]:
    redactor = result.request.redactor
    out = []
    for hop in result.redirects:
        line = f"{hop.status}: {redactor.redact(hop.url)} → {redactor.redact(hop.location)}"
        if hop.withheld:
            line += _tr(
                " (withheld from the new host: {names}; credentials are only sent to the "
                "host you configured)"
            ).format(names=", ".join(hop.withheld))
        out.append(line)
    return out
