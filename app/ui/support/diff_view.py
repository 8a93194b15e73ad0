"""A read-only unified diff, coloured from the palette: added, removed and hunk lines."""

from __future__ import annotations

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QWidget

from app.ui.editor import CodeView
from app.ui.style import tone, wash


class DiffHighlighter(QSyntaxHighlighter):
    """``+`` lines green, ``-`` lines red, ``@@`` lines blue; each with a tinted background
    so the colour is not the only cue in a dark or a colour-blind-friendly palette."""

    def __init__(self, document: QTextDocument, palette_source: QWidget) -> None:
        super().__init__(document)
        palette = palette_source.palette()
        self._formats: dict[str, QTextCharFormat] = {}
        for sign, name in (("+", "ok"), ("-", "error"), ("@", "key")):
            fmt = QTextCharFormat()
            fmt.setForeground(tone(palette, name))
            if sign != "@":
                fmt.setBackground(wash(palette, name, 0.15))
            self._formats[sign] = fmt
        header = QTextCharFormat()
        header.setFontWeight(700)
        self._formats["header"] = header

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):
            fmt = self._formats["header"]
        elif text.startswith("@@"):
            fmt = self._formats["@"]
        elif text[:1] in ("+", "-"):
            fmt = self._formats[text[0]]
        else:
            return
        self.setFormat(0, len(text), fmt)


class DiffView(CodeView):
    """Shows unified-diff lines; "+" is what was sent, "-" what the template produces."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(read_only=True, highlight=False, parent=parent)
        self.setLineWrapMode(CodeView.LineWrapMode.NoWrap)
        self.diff_highlighter = DiffHighlighter(self.document(), self)

    def show_lines(self, lines: list[str]) -> None:
        self.setPlainText("\n".join(lines))
