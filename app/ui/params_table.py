"""The webhook parameters table (name, Talon.One type, description, sample) and the
table of Talon.One built-in values the template uses (with their samples)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.destination.profile import Param
from app.core.payload.template import PARAM_TYPES, builtin_for
from app.ui.widgets import RowsShown

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a drop-down of fixed choices (keyboard: F2 or typing opens it)."""

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(self._choices))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data()))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())


def configure(table: QTableWidget, headers: list[str]) -> None:
    """Shared look and keys: Tab leaves the table, arrows move inside, typing edits."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        | QAbstractItemView.EditTrigger.SelectedClicked
    )
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)


class ParamsTable(RowsShown, QTableWidget):
    """Declared webhook parameters; edits are reported with :attr:`changed`.

    Signals:
        changed: the list of parameters changed (read it with :meth:`params`).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        configure(
            self,
            [self.tr("Name"), self.tr("Type"), self.tr("Description"), self.tr("Sample value")],
        )
        self.setItemDelegateForColumn(1, ChoiceDelegate(PARAM_TYPES, self))
        self.setColumnWidth(0, 130)
        self.setColumnWidth(1, 110)
        self.setColumnWidth(2, 220)
        self._loading = False
        self.itemChanged.connect(self.on_itemChanged)

    def set_params(self, params: list[Param]) -> None:
        self._loading = True
        self.setRowCount(0)
        for param in params:
            self._append(param)
        self._loading = False

    def _append(self, param: Param) -> int:
        row = self.rowCount()
        self.insertRow(row)
        for column, value in enumerate((param.name, param.type, param.description, param.sample)):
            self.setItem(row, column, QTableWidgetItem(value))
        return row

    def add_param(self) -> None:
        """Add an empty row and start editing its name."""
        row = self._append(Param(""))
        self.setCurrentCell(row, 0)
        self.editItem(self.item(row, 0))
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
            self.changed.emit()

    def params(self) -> list[Param]:
        """The rows as core Params; rows without a name are not declared yet."""
        out = []
        for row in range(self.rowCount()):
            cells = [self.item(row, c).text() if self.item(row, c) else "" for c in range(4)]
            if cells[0].strip():
                out.append(Param(cells[0].strip(), cells[1] or "string", cells[2], cells[3]))
        return out

    def on_itemChanged(self, item: QTableWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()


class BuiltinsTable(RowsShown, QTableWidget):
    """Talon.One values (``${$Profile.IntegrationId}``...) the template uses, with samples.

    Signals:
        changed: a sample was edited (read them with :meth:`samples`).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        configure(self, [self.tr("Talon.One value"), self.tr("Meaning"), self.tr("Sample value")])
        self.setColumnWidth(0, 220)
        self.setColumnWidth(1, 200)
        self._exprs: list[str] = []
        self._loading = False
        self.itemChanged.connect(self.on_itemChanged)

    def set_values(self, exprs: list[str], samples: dict[str, str]) -> None:
        """Show ``exprs`` (in order); rebuilt only when the set changes, to keep edits."""
        if exprs == self._exprs:
            return
        self._loading = True
        self._exprs = list(exprs)
        self.setRowCount(0)
        for expr in exprs:
            row = self.rowCount()
            self.insertRow(row)
            known = builtin_for(expr)
            name = QTableWidgetItem("${$" + expr + "}")
            meaning = QTableWidgetItem(known[2] if known else self.tr("not a documented value"))
            for fixed in (name, meaning):
                fixed.setFlags(fixed.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, 0, name)
            self.setItem(row, 1, meaning)
            self.setItem(row, 2, QTableWidgetItem(samples.get(expr, "")))
        self._loading = False

    def samples(self) -> dict[str, str]:
        return {expr: self.item(row, 2).text() for row, expr in enumerate(self._exprs)}

    def on_itemChanged(self, item: QTableWidgetItem) -> None:
        if not self._loading and item.column() == 2:
            self.changed.emit()
