"""Any response body as text that is safe to show: pretty JSON, text, or a hex preview.

A test fire meets bodies of every sort: JSON, HTML error pages from a proxy, Latin-1 text,
gzip bytes, ten megabytes of log. :func:`render_body` never fails and never returns
text that could mislead a terminal or a text widget: control characters (terminal
escapes) and bidirectional overrides become visible escapes, secrets are masked, and a
long body is cut with a marker that gives the full size.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

from app.core.http.sanitize import visible
from app.core.payload.words import counted
from app.core.secrets.store import Redactor

#: Characters shown by default (a text widget stays responsive well beyond this).
VIEW_LIMIT = 200_000
#: Bodies up to this size are parsed as JSON for pretty-printing.
JSON_LIMIT = 8 * 1024 * 1024
_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/octet-stream",
    "application/zip",
    "application/gzip",
    "application/pdf",
)


@dataclass(frozen=True)
class BodyView:
    """A body prepared for display.

    Attributes:
        kind: ``empty``, ``json``, ``text`` or ``binary`` (``text`` is a hex dump then).
        text: what to show; safe to put in a terminal or a text widget.
        size: bytes of the whole body.
        truncated: ``text`` shows only part of the body (the marker at its end says so).
        note: one sentence about what was done (replaced bytes, truncation), or "".
        encoding: the character set used to decode, "" for binary or empty bodies.
    """

    kind: str
    text: str
    size: int
    truncated: bool = False
    note: str = ""
    encoding: str = ""


def human_size(size: int) -> str:
    """``1536`` -> ``1.5 KB``; ``10485760`` -> ``10.0 MB`` (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} byte" + ("" if size == 1 else "s")
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.1f} {unit}"


def safe_text(text: str) -> str:
    """Control and bidi-override characters as visible escapes; newlines and tabs kept
    (see :func:`app.core.http.sanitize.visible`: a lone carriage return shows as ``\\r``)."""
    return visible(text, multiline=True)


def charset_of(content_type: str) -> str:
    """The ``charset`` parameter of a Content-Type, if it names a known codec."""
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    if not match:
        return ""
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return ""


def hex_dump(data: bytes, width: int = 16) -> str:
    """Offset, hex bytes and printable ASCII, like ``hexdump -C``."""
    lines = []
    for offset in range(0, len(data), width):
        row = data[offset : offset + width]
        hexes = " ".join(f"{b:02x}" for b in row).ljust(width * 3 - 1)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{offset:08x}  {hexes}  |{text}|")
    return "\n".join(lines)


def _looks_binary(data: bytes, replaced: int) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # ESC is common in coloured log text; other controls rarely are.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 27))
    return controls > max(4, len(sample) // 10) or replaced > max(8, len(data) // 10)


def render_body(
    data: bytes,
    *,
    content_type: str = "",
    size: int | None = None,
    limit: int = VIEW_LIMIT,
    redactor: Redactor | None = None,
) -> BodyView:
    """Render ``data`` for display; never raises.

    Args:
        data: the body bytes at hand (maybe only the start of the body).
        content_type: the response's Content-Type, for its charset and binary types.
        size: bytes of the whole body when ``data`` is only its start.
        limit: characters to show at most before the truncation marker.
        redactor: masks secrets the server echoed back.
    """
    total = len(data) if size is None else max(size, len(data))
    complete = len(data) >= total
    if total == 0:
        return BodyView("empty", "", 0, note="The response has no body.")
    kind, encoding, note = "text", "", ""
    ctype = content_type.lower()
    text: str | None = None
    if complete and len(data) <= JSON_LIMIT and not ctype.startswith(_BINARY_TYPES):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except ValueError:
            document = None
        if isinstance(document, dict | list):
            text = json.dumps(document, indent=2, ensure_ascii=False)
            kind, encoding = "json", "utf-8"
    if text is None and not ctype.startswith(_BINARY_TYPES):
        encoding = charset_of(content_type) or "utf-8"
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(data, final=complete)
        except UnicodeDecodeError:
            text = data.decode(encoding, "replace")
            replaced = text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")
            if _looks_binary(data, replaced):
                text = None
            else:
                note = (
                    f"The body is not valid {encoding}: "
                    f"{counted(replaced, 'invalid byte sequence')} "
                    "are shown as \ufffd."
                )
        if text is not None and _looks_binary(data, 0):
            text = None
    if text is None:
        kind, encoding = "binary", ""
        shown = data[: max(256, limit // 80 * 16)]
        text = hex_dump(shown)
        note = f"The body is binary ({human_size(total)}); showing a hex preview."
        cut = len(shown) < total
        if cut:
            text += (
                f"\n… [hex preview of the first {human_size(len(shown))} of {human_size(total)}]"
            )
        return BodyView(kind, text, total, cut, note)
    text = safe_text(text)
    if redactor:
        text = redactor.redact(text)
    truncated = not complete or len(text) > limit
    if truncated:
        shown_text = text[:limit]
        marker = (
            f"\n… [truncated: showing {len(shown_text):,} characters of a "
            f"{human_size(total)} body; save the body to see all of it]"
        )
        text = shown_text + marker
        note = (note + " " if note else "") + f"Showing the start of a {human_size(total)} body."
    return BodyView(kind, text, total, truncated, note, encoding)
