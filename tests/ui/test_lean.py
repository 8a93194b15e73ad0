"""The numbers the first page sets instead of naming ``Qt`` are Qt's own, and setting
one through a property that does not exist is an error, not a silent no-op."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from app.ui import lean


def test_the_numbers_are_qts_own() -> None:
    assert Qt.ItemDataRole.UserRole.value == lean.USER_ROLE
    assert Qt.TextFormat.PlainText.value == lean.PLAIN_TEXT
    assert Qt.TextFormat.RichText.value == lean.RICH_TEXT
    assert Qt.TextInteractionFlag.TextSelectableByMouse.value == lean.SELECTABLE_BY_MOUSE
    assert Qt.FocusPolicy.NoFocus.value == lean.NO_FOCUS


def test_a_property_set_by_number_reads_back_as_the_enum(qtbot: QtBot) -> None:
    label = QLabel("<b>not bold</b>")
    scroll = QScrollArea()
    qtbot.addWidget(label)
    qtbot.addWidget(scroll)
    lean.set_qt(label, "textFormat", lean.PLAIN_TEXT)
    lean.set_qt(label, "textInteractionFlags", lean.SELECTABLE_BY_MOUSE)
    lean.set_qt(scroll, "focusPolicy", lean.NO_FOCUS)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert scroll.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_misspelt_property_is_refused(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match="textFormt"):
        lean.set_qt(label, "textFormt", lean.PLAIN_TEXT)
