"""Small widgets the pages share: copy buttons, secret fields, the problems list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QWidget,
)

from app.ui import lean
from app.ui.style import bold, set_role_colour, tone

# Only named for typing, or looked up in QtWidgets when first used: naming a PySide6
# class creates its enum classes (QEvent alone has 179 types), and the first page needs
# none of these (app/ui/lean.py).
if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from app.core.payload.problems import Problem

PROBLEM_ROLE = lean.USER_ROLE + 1


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def wrapped(text: str = "", *, selectable: bool = False) -> QLabel:
    """A label that wraps instead of widening the window (readable at 200%)."""
    label = QLabel(text)
    label.setWordWrap(True)
    lean.set_qt(label, "textFormat", lean.PLAIN_TEXT)  # the first page's labels: lean.py
    if selectable:
        lean.set_qt(label, "textInteractionFlags", lean.SELECTABLE_BY_MOUSE)
    return label


class TabPage(QWidget):
    """A tab's page that counts for its tab widget's size only while it is the one
    shown: a tab widget in a scrolling page is as tall as its current tab, not as its
    tallest one (a long export does not leave the form tab with blank space)."""

    def sizeHint(self) -> QSize:
        return QSize(0, 0) if self.isHidden() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0) if self.isHidden() else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        return 0 if self.isHidden() else super().heightForWidth(width)


class WrappingPane(QWidget):
    """A splitter's pane whose minimum height counts its wrapped labels' lines at its
    present width: a splitter asks only for minimum sizes, so without this a label that
    wraps takes the room the minimum kept for the widgets below it."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class FittingScroll(QScrollArea):
    """A frameless scroll area that asks for its content's whole height: it scrolls only
    when the window has no room for that, and takes no more than that when it has."""

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lean.set_qt(self, "focusPolicy", lean.NO_FOCUS)  # focus goes to the widgets inside
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(inner)
        inner.installEventFilter(self)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = inner.sizeHint()
        width = self.viewport().width()
        if inner.hasHeightForWidth() and width > 0:
            hint.setHeight(max(inner.heightForWidth(width), inner.minimumSizeHint().height()))
        return hint + QSize(2 * self.frameWidth(), 2 * self.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == event.Type.LayoutRequest:
            self.updateGeometry()  # the content changed its height: so does the hint
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.updateGeometry()  # another width wraps the content's lines anew


def scrolling(inner: QWidget) -> QScrollArea:
    """``inner`` in a frameless scroll area: a page whose content is taller than a small
    window (or one at 200 %) scrolls instead of squeezing its widgets."""
    scroll = QScrollArea()
    lean.set_qt(scroll, "focusPolicy", lean.NO_FOCUS)  # focus goes to the fields inside
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(inner)
    return scroll


#: Rows a table or list keeps room for, however small the window.
ROWS_SHOWN = 2


def rows_height(view: QAbstractItemView, rows: int = ROWS_SHOWN) -> int:
    """The height ``view`` needs to show ``rows`` full rows under its header: the
    first rows' own heights (the first one's again when it holds fewer, a default row
    when it holds none), the header, the frame and a horizontal scroll bar if shown.

    Views override ``minimumSizeHint`` with it, so a layout never squeezes them to a
    row and a half."""
    model = view.model()
    root = view.rootIndex()
    count = model.rowCount(root) if model is not None else 0
    heights = []
    for row in range(min(count, rows)):
        height = view.visualRect(model.index(row, 0, root)).height()
        heights.append(height if height > 0 else view.sizeHintForRow(row))
    if isinstance(view, QtWidgets.QTableView):
        default = view.verticalHeader().defaultSectionSize()
    else:
        default = view.fontMetrics().height() + 8
    heights += [heights[0] if heights else default] * (rows - len(heights))
    chrome = 2 * view.frameWidth()
    if isinstance(view, QtWidgets.QTableView) and not view.horizontalHeader().isHidden():
        chrome += view.horizontalHeader().sizeHint().height()
    if view.horizontalScrollBar().isVisible():
        chrome += view.horizontalScrollBar().sizeHint().height()
    return sum(heights) + chrome


class RowsShown:
    """For a table or list (put it before the Qt class): a minimum height of
    :func:`rows_height`, asked for again whenever the rows are laid out anew."""

    _rows_height = -1

    def minimumSizeHint(self) -> QSize:
        hint: QSize = super().minimumSizeHint()  # type: ignore[misc]
        assert isinstance(self, QAbstractItemView)
        return QSize(hint.width(), rows_height(self))

    def updateGeometries(self) -> None:
        super().updateGeometries()  # type: ignore[misc]
        assert isinstance(self, QAbstractItemView)
        height = rows_height(self)
        if height != self._rows_height:
            self._rows_height = height
            self.updateGeometry()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    bold(label)
    return label


def note(label: QLabel, kind: str) -> QLabel:
    """Colour a message label (``ok``, ``error``, ``partial``) from the palette."""
    set_role_colour(label, QPalette.ColorRole.WindowText, tone(label.palette(), kind))
    return label


class CopyButton(QPushButton):
    """Copies ``source()`` to the clipboard and says so briefly on its own label."""

    def __init__(self, source: Callable[[], str], label: str = "", parent: QWidget | None = None):
        super().__init__(label or self.tr("Copy"), parent)
        self._label = self.text()
        self._source = source
        self.setToolTip(self.tr("Copy to the clipboard"))
        self.clicked.connect(self.on_clicked)

    def on_clicked(self) -> None:
        copy_text(self._source())
        self.setText(self.tr("Copied"))

    def leaveEvent(self, event: object) -> None:
        self.setText(self._label)
        super().leaveEvent(event)  # type: ignore[arg-type]


class SecretEdit(QWidget):
    """A masked line edit with a Show toggle, for passcodes and API keys."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QtWidgets.QLineEdit()
        self.edit.setEchoMode(self.edit.EchoMode.Password)
        self.edit.textChanged.connect(self.textChanged)
        self.toggle = QtWidgets.QToolButton()
        self.toggle.setText(self.tr("Show"))
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(self.tr("Show or hide the secret"))
        self.toggle.toggled.connect(self.on_toggle_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.edit)

    def on_toggle_toggled(self, shown: bool) -> None:
        modes = self.edit.EchoMode
        mode = modes.Normal if shown else modes.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText(self.tr("Hide") if shown else self.tr("Show"))

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)


class ProblemList(RowsShown, QListWidget):
    """Problems with severity icons; activating one reports its line and column.

    Signals:
        problemActivated(int, int): line and column (1-based) of the chosen problem.
    """

    problemActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self.on_item)
        self.itemClicked.connect(self.on_item)

    def show_problems(self, problems: Iterable[Problem], empty: str = "") -> None:
        from PySide6.QtWidgets import QStyle  # importing it creates its 11 enum classes

        from app.core.payload.problems import Severity  # the later pages' problems

        self.clear()
        style = self.style()
        icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            Severity.INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        for problem in problems:
            where = problem.location()
            text = (f"{where}: " if where else "") + problem.message
            if problem.hint:
                text += " " + problem.hint
            item = QListWidgetItem(icons[problem.severity], text)
            item.setData(PROBLEM_ROLE, problem)
            item.setToolTip(problem.severity.value)
            self.addItem(item)
        if self.count() == 0 and empty:
            item = QListWidgetItem(
                style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton), empty
            )
            from PySide6.QtCore import Qt  # not at start-up: see app/ui/lean.py

            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)

    def problems(self) -> list[Problem]:
        out = []
        for row in range(self.count()):
            problem = self.item(row).data(PROBLEM_ROLE)
            if problem is not None:
                out.append(problem)
        return out

    def on_item(self, item: QListWidgetItem) -> None:
        problem = item.data(PROBLEM_ROLE)
        if problem is not None and problem.line is not None:
            self.problemActivated.emit(problem.line, problem.column or 1)


#: Letters the wizard's own buttons use (Back, Next, Finish, Settings).
WIZARD_KEYS = frozenset("bnft")


def mnemonic(label: str, taken: set[str]) -> str:
    """``label`` with ``&`` before its first letter not in ``taken`` (which is updated)."""
    for i, ch in enumerate(label):
        low = ch.lower()
        if ch.isalnum() and low not in taken and low not in WIZARD_KEYS:
            taken.add(low)
            return label[:i] + "&" + label[i:]
    return label


def combo(parent: QWidget | None = None) -> QComboBox:
    """A drop-down that does not widen the window to its longest item (for items from
    the user's own data: saved profiles, webhook titles)."""
    box = QtWidgets.QComboBox(parent)
    box.setSizeAdjustPolicy(box.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    return box


def choice_combo(parent: QWidget | None = None) -> QComboBox:
    """A drop-down of a destination's fixed choices, never narrower than its longest
    item: whichever is chosen is shown whole (the destinations' data keeps the labels
    short enough for a window 960 pixels wide)."""
    box = QtWidgets.QComboBox(parent)
    box.setSizeAdjustPolicy(box.SizeAdjustPolicy.AdjustToContents)
    return box


def fit_text(edit: QLineEdit, *texts: str) -> None:
    """Make ``edit`` at least wide enough to show each of ``texts`` (its placeholders)
    whole: the width comes from the font, as QLineEdit measures its own size hint."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame  # not at start-up: see ProblemList

    metrics = edit.fontMetrics()
    margins = edit.textMargins()
    # QLineEdit's own margin of 2 px on each side, then the style's frame.
    need = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    contents = QSize(need + 4 + margins.left() + margins.right(), metrics.height())
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    size = edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents, edit)
    edit.setMinimumWidth(max(edit.minimumWidth(), size.width()))


def fit_combo(box: QComboBox, *texts: str) -> None:
    """Make ``box`` wide enough for each of ``texts`` besides its items (an editable
    drop-down's placeholder): its minimum contents length, in the font's widest letter."""
    metrics = box.fontMetrics()
    letter = max(metrics.horizontalAdvance("X"), 1)
    need = max((metrics.horizontalAdvance(text) for text in texts), default=0) + 4
    box.setMinimumContentsLength(max(box.minimumContentsLength(), -(-need // letter)))
