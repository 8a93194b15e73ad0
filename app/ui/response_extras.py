"""What a response *produced*, shown above the raw body: the value the user came for
(Bloomreach's referral ``code``) and lists such as Track Event's effects, created
coupons and referrals, one readable line per item. Everything passes the redactor."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.core.destination.catalogue import Destination
from app.core.http.interpret import ListSection, shown_value
from app.ui.style import monospace
from app.ui.widgets import CopyButton, heading, wrapped

Redact = Callable[[str], str]


def headline(destination: Destination | None, body: bytes) -> tuple[str, str] | None:
    """(label, value) of the first value the destination's ``response.body.show`` names.

    For Bloomreach that is the referral ``code`` the email uses; destinations without a
    ``show`` block have no headline.
    """
    body_reading = destination.response.body if destination else None
    show = body_reading.show if body_reading else {}
    if not show:
        return None
    key, template = next(iter(show.items()))
    try:
        document: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    value = shown_value(document, key)
    if not isinstance(value, str | int | float) or isinstance(value, bool) or value == "":
        return None
    label = str(template).split("{value}")[0].strip().rstrip(":").strip() or key
    return label, str(value)


class Headline(QFrame):
    """One value, large and selectable, with a copy button named after it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setObjectName("headlineLabel")
        self.value = QLabel()
        self.value.setObjectName("headlineValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = monospace()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.label.setBuddy(self.value)
        self.copy = CopyButton(self.value.text, self.tr("Copy"))
        grid = QGridLayout(self)
        grid.addWidget(self.label, 0, 0, 1, 2)
        grid.addWidget(self.value, 1, 0)
        grid.addWidget(self.copy, 1, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(0, 1)
        self.hide()

    def show_value(self, label: str, value: str) -> None:
        self.label.setText(label)
        self.value.setText(value)
        named = self.tr("Copy the {label}").format(label=label.lower())
        self.copy.setAccessibleName(named)
        self.copy.setToolTip(named)
        self.show()


#: Items shown per list; the rest are counted (the body and "Copy summary" have them all).
MAX_ITEMS = 8


class ResultLists(QWidget):
    """The explanation's lists: a heading with the count, then one line per item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultLists")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(2)
        self.sections: list[tuple[QLabel, QLabel]] = []
        self.hide()

    def show_lists(self, lists: list[ListSection], redact: Redact) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.sections = []
        for section in lists:
            title = heading(
                self.tr("{title} ({n})").format(title=section.title, n=len(section.items))
            )
            shown = [f"• {redact(item)}" for item in section.items[:MAX_ITEMS]]
            if len(section.items) > MAX_ITEMS:
                shown.append(
                    self.tr("… and {n} more: see the body.").format(
                        n=len(section.items) - MAX_ITEMS
                    )
                )
            if not shown:
                shown = [self.tr("None.") + (f" {section.empty}" if section.empty else "")]
            lines = wrapped("\n".join(shown), selectable=True)
            lines.setIndent(12)
            self.column.addWidget(title)
            self.column.addWidget(lines)
            self.sections.append((title, lines))
        self.setVisible(bool(lists))

    def texts(self) -> dict[str, list[str]]:
        """Section title -> lines as shown (tests, and reading the page aloud)."""
        return {title.text(): lines.text().splitlines() for title, lines in self.sections}
