"""A layout check for any window: what a user would see cut, squeezed or hidden.

:func:`check_layout` walks the visible widgets under a root (a wizard, a dialog) and
returns one plain sentence per problem found:

* a label, button, check box, radio button, tool button or tab whose text is wider
  (or taller) than the widget, or a word-wrapped label not tall enough for its lines;
* a line edit whose placeholder is wider than its text area (Qt cuts it to "…"), or a
  read-only one whose value does not fit (a value shown to be read and copied);
* a combo box whose current text, or any of its items (each is shown there once
  chosen), is wider than its text area;
* two visible sibling widgets that overlap, or a widget reaching outside its parent
  (what a squeezed layout does), scrolled content excepted;
* a table or list holding rows that shows fewer than two of them in full (one, when it
  holds one);
* a text view whose text is longer than it that shows fewer than five lines, or that
  scrolls inside an area that scrolls too (a box within a box);
* a window larger than the available geometry of its screen.

The checks read only geometry, fonts and the style's own rectangles, so they hold on
every platform and scale; tests/helpers/layout_walk.py runs them on every wizard page.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: Pixels of slack before anything counts (rounding at fractional scales).
SLACK = 1
#: Overlaps smaller than this many pixels either way are frames touching, not widgets.
TOUCH = 3
#: Rows a table or list must show in full (fewer only when it holds fewer).
ROWS = 2
#: Lines a text view must show when its text is longer than it.
LINES = 5


def check_layout(root: QWidget, *, screen: bool = True) -> list[str]:
    """Everything visible under ``root`` (itself included) that does not fit.

    Args:
        screen: also check that a window fits its screen (off for shots taken at a
            fixed size on whatever screen the test platform has).
    """
    found: list[str] = []
    for widget in _visible(root):
        found += _text_fits(widget)
        found += _children_fit(widget)
        if isinstance(widget, QAbstractItemView):
            found += _rows_shown(widget)
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            found += _lines_shown(widget)
            found += _not_nested(widget)
    if screen and root.isWindow():
        found += window_fits(root)
    return found


def window_fits(window: QWidget) -> list[str]:
    """The window (with its frame) and its minimum size fit the screen's free area."""
    # The shown window's screen (not QWidget.screen(): see HooksmithWizard.fit_to_screen).
    handle = window.windowHandle()
    screen = handle.screen() if handle is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return []
    free = screen.availableGeometry()
    frame = window.frameGeometry()
    out = []
    if frame.width() > free.width() + SLACK or frame.height() > free.height() + SLACK:
        out.append(
            f"window {frame.width()}x{frame.height()} is larger than the screen's "
            f"available {free.width()}x{free.height()}"
        )
    if frame.size().boundedTo(free.size()) == frame.size() and not free.contains(frame):
        out.append(
            f"window at {frame.x()},{frame.y()} reaches outside the screen's available "
            f"area {free.x()},{free.y()} {free.width()}x{free.height()}"
        )
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > free.width() or least.height() > free.height():
        out.append(
            f"window cannot shrink below {least.width()}x{least.height()}, larger than "
            f"the screen's available {free.width()}x{free.height()}"
        )
    return out


# -- walking ----------------------------------------------------------------------------


def _visible(root: QWidget) -> Iterator[QWidget]:
    """``root`` and its visible descendants with an area, windows (popups) excluded."""
    yield root
    for widget in root.findChildren(QWidget):
        if widget.isWindow() or not widget.isVisibleTo(root):
            continue
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        yield widget


def name(widget: QWidget) -> str:
    """How a finding names a widget: its class, object name and a little of its text."""
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QLineEdit):
        text = widget.text() or widget.placeholderText()
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
    described = type(widget).__name__
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        described += f" #{widget.objectName()}"
    if text:
        described += f" {_short(text)!r}"
    return described


def _short(text: str, length: int = 48) -> str:
    text = " ".join(text.replace("&", "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


# -- text -------------------------------------------------------------------------------


def _text_fits(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _label_fits(widget)
    if isinstance(widget, QAbstractButton):
        return _button_fits(widget)
    if isinstance(widget, QLineEdit):
        return _line_edit_fits(widget)
    if isinstance(widget, QComboBox):
        return _combo_fits(widget)
    if isinstance(widget, QTabBar):
        return _tabs_fit(widget)
    return []


def _label_fits(label: QLabel) -> list[str]:
    if not label.text() or not label.pixmap().isNull():
        return []
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return [f"{name(label)}: wrapped text needs {need} px high, has {label.height()}"]
        return []
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK:
        return [f"{name(label)}: text needs {hint.width()} px wide, has {label.width()}"]
    if hint.height() > label.height() + SLACK:
        return [f"{name(label)}: text needs {hint.height()} px high, has {label.height()}"]
    return []


def _mnemonic_free(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _button_fits(button: QAbstractButton) -> list[str]:
    """The caption fits the button's contents rectangle (its frame and indicator aside)."""
    text = _mnemonic_free(button.text())
    if not text:
        return []
    style = button.style()
    metrics = button.fontMetrics()
    need_w = metrics.horizontalAdvance(text)
    if not button.icon().isNull():
        need_w += button.iconSize().width() + 4
    if isinstance(button, QCheckBox | QRadioButton | QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        element = QStyle.SubElement.SE_PushButtonContents
        if isinstance(button, QCheckBox):
            element = QStyle.SubElement.SE_CheckBoxContents
        elif isinstance(button, QRadioButton):
            element = QStyle.SubElement.SE_RadioButtonContents
        room = style.subElementRect(element, option, button)
        if isinstance(button, QCheckBox | QRadioButton):
            room.setRight(button.rect().right())  # the caption may use the whole width
            need_w += 2  # the text's own margin in the common style
    else:
        room = button.contentsRect()
        need_w = min(need_w, button.sizeHint().width())
    out = []
    if need_w > room.width() + SLACK:
        out.append(f"{name(button)}: caption needs {need_w} px wide, has {room.width()}")
    need_h = metrics.height()
    if need_h > button.height() + SLACK:
        out.append(f"{name(button)}: caption needs {need_h} px high, has {button.height()}")
    return out


def line_edit_room(edit: QLineEdit) -> int:
    """The width the line edit draws its text or placeholder in (as QLineEdit does)."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    rect = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    # QLineEditPrivate::horizontalMargin on each side.
    return rect.width() - margins.left() - margins.right() - 4


def _line_edit_fits(edit: QLineEdit) -> list[str]:
    room = line_edit_room(edit)
    metrics = edit.fontMetrics()
    if not edit.text() and edit.placeholderText():
        need = metrics.horizontalAdvance(edit.placeholderText())
        if need > room + SLACK:
            return [f"{name(edit)}: placeholder needs {need} px wide, has {room}"]
    elif edit.isReadOnly() and edit.echoMode() == QLineEdit.EchoMode.Normal and edit.text():
        need = metrics.horizontalAdvance(edit.text())
        if need > room + SLACK:
            return [f"{name(edit)}: read-only value needs {need} px wide, has {room}"]
    return []


def combo_room(box: QComboBox) -> QRect:
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    return box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        box,
    )


def _combo_fits(box: QComboBox) -> list[str]:
    """The current text, and every item once chosen, fit the combo's text area."""
    if box.isEditable():
        return []  # its line edit is checked like any other (placeholder, value typed)
    room = combo_room(box).width() - 2  # CE_ComboBoxLabel draws inside adjusted(1, 0, -1, 0)
    metrics = box.fontMetrics()
    out = []
    for index in range(box.count()):
        text = box.itemText(index)
        need = metrics.horizontalAdvance(text)
        if not box.itemIcon(index).isNull():
            need += box.iconSize().width() + 4
        if need > room + SLACK:
            which = "current text" if index == box.currentIndex() else "item"
            out.append(
                f"{type(box).__name__} #{box.objectName()} {which} {_short(text)!r}: "
                f"needs {need} px wide, has {room}"
            )
    return out


def _tabs_fit(bar: QTabBar) -> list[str]:
    out = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        need = bar.tabSizeHint(index).width()
        have = bar.tabRect(index).width()
        if need > have + SLACK:
            out.append(
                f"tab {_short(_mnemonic_free(bar.tabText(index)))!r}: needs {need} px wide, "
                f"has {have}"
            )
    return out


# -- geometry ---------------------------------------------------------------------------


def _scrolled(widget: QWidget) -> bool:
    """Whether ``widget`` is the content of a scroll area (it may be larger than it)."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def _children_fit(parent: QWidget) -> list[str]:
    children = [
        child
        for child in parent.children()
        if isinstance(child, QWidget)
        and not child.isWindow()
        and child.isVisibleTo(parent)
        and child.width() > 0
        and child.height() > 0
    ]
    out = []
    inside = parent.rect()
    for child in children:
        if _scrolled(child):
            continue
        geometry = child.geometry()
        outside = max(
            inside.left() - geometry.left(),
            inside.top() - geometry.top(),
            geometry.right() - inside.right(),
            geometry.bottom() - inside.bottom(),
        )
        if outside > TOUCH:
            out.append(f"{name(child)} reaches {outside} px outside {name(parent)}")
    for i, first in enumerate(children):
        for second in children[i + 1 :]:
            common = first.geometry().intersected(second.geometry())
            if common.width() > TOUCH and common.height() > TOUCH:
                out.append(
                    f"{name(first)} and {name(second)} overlap by "
                    f"{common.width()}x{common.height()} px"
                )
    return out


def _rows_shown(view: QAbstractItemView) -> list[str]:
    """Room for two full rows, or sized to the rows it holds.

    A view holding one row in one and a half rows of room shows half a blank row, and
    a second row added would be cut: both count.
    """
    model = view.model()
    if model is None:
        return []
    root = view.rootIndex()
    rows = model.rowCount(root)
    if rows == 0:
        return []
    heights = [view.visualRect(model.index(row, 0, root)).height() for row in range(rows)]
    have = view.viewport().height()
    room = sum(heights[:ROWS]) if rows >= ROWS else heights[0] * ROWS
    fitted = rows < ROWS and abs(have - sum(heights)) <= TOUCH
    if have + SLACK < room and not fitted:
        full = sum(1 for _ in _prefix_within(heights, have))
        return [
            f"{name(view)}: room for {have} px, {full} full row(s) of {rows}; "
            f"{ROWS} rows need {room} px"
        ]
    return []


def _prefix_within(heights: list[int], room: int) -> Iterator[int]:
    total = 0
    for height in heights:
        total += height
        if total > room + SLACK:
            return
        yield height


def _lines_shown(view: QPlainTextEdit | QTextEdit) -> list[str]:
    """A text longer than its view is read through at least :data:`LINES` lines."""
    if view.verticalScrollBar().maximum() <= 0:
        return []
    line = view.fontMetrics().lineSpacing()
    have = view.viewport().height()
    if have + SLACK < LINES * line:
        return [
            f"{name(view)}: shows {have // line} line(s) of a longer text; "
            f"{LINES} lines need {LINES * line} px, it has {have}"
        ]
    return []


def _not_nested(view: QPlainTextEdit | QTextEdit) -> list[str]:
    """A text view that scrolls must not sit in a scroll area that scrolls as well."""
    if view.verticalScrollBar().maximum() <= 0:
        return []
    parent = view.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.verticalScrollBar().maximum() > 0:
            return [f"{name(view)} scrolls inside a scrolling area ({name(parent)})"]
        parent = parent.parentWidget()
    return []
