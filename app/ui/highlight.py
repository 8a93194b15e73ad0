"""Syntax colouring for JSON and Talon.One ``${$...}`` placeholders, from the palette."""

from __future__ import annotations

import re

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.ui.style import tone, wash

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEY = re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)')
_NUMBER = re.compile(r"(?<![\w.$])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b")
_KEYWORD = re.compile(r"\b(?:true|false|null)\b")
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
        for pattern, name in (
            (_NUMBER, "number"),
            (_KEYWORD, "keyword"),
            (_STRING, "string"),
            (_KEY, "key"),
            (_PLACEHOLDER, "placeholder"),
        ):
            fmt = self._formats[name]
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
