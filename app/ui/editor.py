"""Monospace text views: the template editor and read-only JSON views, highlighted."""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.ui.highlight import JsonHighlighter
from app.ui.style import monospace


class CodeView(QPlainTextEdit):
    """A monospace, JSON-highlighted text area.

    Args:
        read_only: views (preview, response) are read-only but still selectable and
            focusable, so they can be read with the keyboard and copied.
        highlight: colour JSON and placeholders (off for header lists and URLs, where
            numbers in a host or port would be coloured as JSON numbers).
    """

    def __init__(
        self, read_only: bool = False, highlight: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFont(monospace())
        self.setReadOnly(read_only)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTabChangesFocus(True)  # Tab moves on; the wizard stays keyboard-usable
        self.highlighter = JsonHighlighter(self.document(), self) if highlight else None

    def set_highlighting(self, on: bool) -> None:
        """Colour the text as JSON, or show it plain (hex dumps, HTML, plain text)."""
        if self.highlighter is not None:
            self.highlighter.setDocument(self.document() if on else None)

    def go_to(self, line: int, column: int) -> None:
        """Put the cursor at 1-based ``line``/``column`` and show it."""
        block = self.document().findBlockByNumber(max(line - 1, 0))
        if not block.isValid():
            block = self.document().lastBlock()
        position = block.position() + min(max(column - 1, 0), max(block.length() - 1, 0))
        cursor = self.textCursor()
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def cursor_line_col(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return cursor.blockNumber() + 1, cursor.positionInBlock() + 1
