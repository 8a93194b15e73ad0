"""Syntax colouring for JSON and Talon.One ``${$...}`` placeholders, from the palette."""

from __future__ import annotations

import re

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.ui.style import tone, wash

# One pass finds keys, strings, numbers and keywords (a key is a string followed by ':';
# numbers inside strings are consumed with the string); placeholders get a second pass
# because they sit inside strings. Two scans per line instead of five keep the preview
# of a 1000-record payload within a frame or two.
_TOKEN = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>(?<![\w.$])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)"
    r"|(?P<keyword>\b(?:true|false|null)\b)"
)
_PLACEHOLDER = re.compile(r"\$\{[^}\n]*\}")

#: Past this many characters the view stays plain: colouring would stall the UI.
MAX_HIGHLIGHT = 512 * 1024


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers, keywords and placeholders.

    Colours come from the document's widget palette when the highlighter is created,
    so a dark theme gets light accents. Placeholders get a tinted background as well
    as a colour, because they matter most when reading a template.
    """

    def __init__(self, document: QTextDocument, palette_source: object) -> None:
        super().__init__(document)
        palette = palette_source.palette()  # type: ignore[attr-defined]
        self._formats: dict[str, QTextCharFormat] = {}
        for name in ("key", "string", "number", "keyword"):
            fmt = QTextCharFormat()
            fmt.setForeground(tone(palette, name))
            self._formats[name] = fmt
        placeholder = QTextCharFormat()
        placeholder.setForeground(tone(palette, "placeholder"))
        placeholder.setBackground(wash(palette, "placeholder", 0.3))
        placeholder.setFontWeight(700)
        self._formats["placeholder"] = placeholder

    def highlightBlock(self, text: str) -> None:
        if self.document().characterCount() > MAX_HIGHLIGHT:
            return
        formats = self._formats
        for match in _TOKEN.finditer(text):
            start, end = match.span()
            self.setFormat(start, end - start, formats[match.lastgroup or "string"])
        placeholder = formats["placeholder"]
        for match in _PLACEHOLDER.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), placeholder)
