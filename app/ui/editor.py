"""Monospace text views: the template editor and read-only JSON views, highlighted."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

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
        self._shown: str | None = None

    def show_lines(self, lines: int) -> None:
        """Never squeezed below ``lines`` lines of text (a long text scrolls in them)."""
        spacing = self.fontMetrics().lineSpacing()
        margin = self.document().documentMargin()
        self.setMinimumHeight(round(lines * spacing + 2 * margin) + 2 * self.frameWidth())

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

    def show_text(self, text: str) -> None:
        """Show ``text``, replacing only the part that differs from what is shown.

        The live preview calls this on every pause in typing. Replacing the whole
        document re-lays out and re-colours every line (tens of milliseconds for a
        1000-record payload) and jumps back to the top; replacing the changed middle
        touches a few lines and keeps the scroll position.
        """
        old = self._shown
        if old is None or self.document().characterCount() != len(old) + 1:
            old = self.toPlainText()  # changed behind our back (typing, clear())
        if old == text:
            return
        self._shown = text
        if not _bmp_only(old) or not _bmp_only(text):
            self.setPlainText(text)  # Qt counts UTF-16 units: offsets would drift
            return
        start = _common_prefix(old, text)
        tail = _common_suffix(old, text, start)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(len(old) - tail, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text[start : len(text) - tail])

    def setPlainText(self, text: str) -> None:
        self._shown = None
        super().setPlainText(text)

    def cursor_line_col(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return cursor.blockNumber() + 1, cursor.positionInBlock() + 1


class FittedCodeView(CodeView):
    """A read-only code view as tall as its text, wrapped to its width: for a page that
    scrolls as a whole, where a box scrolling inside the page would show a few lines
    of a long text (a box within a box)."""

    def __init__(self, highlight: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(read_only=True, highlight=highlight, parent=parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self.fit)
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # A new width wraps the lines anew. Resizing from within a resize event
            # leaves the viewport at the old height: the new height is taken after it.
            QTimer.singleShot(0, self, self.fit)

    def fit(self) -> None:
        """Take the height the text needs at the present width."""
        document = self.document()
        layout = document.documentLayout()
        height = document.documentMargin()
        block = document.begin()
        while block.isValid():
            height += layout.blockBoundingRect(block).height()
            block = block.next()
        # QPlainTextEdit scrolls unless its viewport is one pixel taller than the text.
        total = math.ceil(height) + 1 + 2 * self.frameWidth()
        bar = self.horizontalScrollBar()
        if self.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap and bar.maximum() > 0:
            total += bar.sizeHint().height()
        if total != self.height() or self.minimumHeight() != total:
            self.setFixedHeight(total)


def _bmp_only(text: str) -> bool:
    return text.isascii() or not text or max(text) <= "\uffff"


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection on slices (C speed on long texts)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common suffix that does not overlap the common prefix."""
    lo, hi = 0, min(len(a), len(b)) - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo
