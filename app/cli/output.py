"""What the command line writes: text that cannot act on the terminal, JSON that stays JSON.

Commands print text they did not write: an imported webhook's title, a pasted curl
command, a payload to diagnose, a delivery log from Talon.One, a server's answer.
:class:`TerminalText` wraps stdout and stderr for the whole run, so every line goes
through :func:`app.core.http.sanitize.visible` whichever command printed it; the fire
printer already escapes what it prints, so nothing there changes. JSON output is written
with :func:`terminal_json`, whose escapes are JSON's own: it passes through untouched and
still parses.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from app.core.http.sanitize import visible

#: Characters JSON may carry raw that a terminal would act on: C1 controls, bidi
#: overrides, line separators, lone surrogates (JSON escapes C0 controls itself).
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def terminal_json(document: object, *, indent: int = 2) -> str:
    """JSON for the terminal: still valid, with every character a terminal could act on
    written as a ``\\uXXXX`` escape."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class TerminalText:
    """A text stream that shows control characters and escape sequences as text.

    Tabs and line feeds pass; everything :func:`visible` escapes is escaped. Everything
    else (``flush``, ``fileno``, ``isatty``, ``encoding``) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, multiline=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
