"""Server-controlled text made harmless to show: nothing a server sends can act on a
terminal or a text widget.

Every piece of text that came from the other end (a reason phrase, a header, a body, an
error message quoting a status line) goes through :func:`visible` before it reaches a
terminal or a label. Control characters and escape sequences are *shown*, never
interpreted: ESC becomes ``\\x1b``, a carriage return ``\\r``, other C0 and C1 controls
``\\xNN``; bidirectional overrides, line and paragraph separators and lone surrogates
(undecodable bytes) become ``\\uNNNN``.
"""

from __future__ import annotations

import re

#: C0 controls but TAB and LF, DEL, C1 controls, bidi marks, overrides and isolates,
#: line/paragraph separators, and surrogates (undecodable bytes under ``surrogateescape``).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: In single-line text, TAB and LF are shown too.
_UNSAFE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character shown as an escape, never interpreted.

    Args:
        text: text that came from a server (or anything else not to be trusted).
        multiline: keep line feeds and tabs (a ``\\r\\n`` pair counts as one line feed);
            otherwise they are escaped too and the result is a single line.
    """
    if multiline:
        return _UNSAFE.sub(_escape, text.replace("\r\n", "\n"))
    return _UNSAFE_LINE.sub(_escape, text)


def visible_bytes(data: bytes, *, multiline: bool = False) -> str:
    """Bytes from a server as :func:`visible` text (UTF-8, other bytes as ``\\xNN``)."""
    text = data.decode("utf-8", "backslashreplace")
    return visible(text, multiline=multiline)


def is_visible(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds nothing :func:`visible` would escape."""
    pattern = _UNSAFE if multiline else _UNSAFE_LINE
    return pattern.search(text) is None
