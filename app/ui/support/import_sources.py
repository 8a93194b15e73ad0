"""The "From a file" and "From curl" tabs of the import dialog: input only, no importing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.support.importer import HandoverFile, ImportFailed, read_definitions
from app.ui.dialogs import Prompter
from app.ui.editor import CodeView
from app.ui.widgets import wrapped


class FileSource(QWidget):
    """A JSON file's path; when the file holds several webhooks, a list to pick one.

    Signals:
        importRequested: a file was chosen with Browse, or a webhook in the list activated.
    """

    importRequested = Signal()

    def __init__(self, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompter = prompter
        self.items: list[dict[str, Any]] = []
        self.path = QLineEdit()
        self.path.setObjectName("importFile")
        self.path.setPlaceholderText(self.tr("a .json file"))
        self.path.textEdited.connect(lambda _text: self.show_list([]))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self.on_browse_button_clicked)
        self.list = QListWidget()
        self.list.setObjectName("fileWebhooks")
        self.list.itemActivated.connect(lambda _item: self.importRequested.emit())
        self.list_label = QLabel(self.tr("This file holds several &webhooks; pick one:"))
        self.list_label.setBuddy(self.list)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        path_label = QLabel(self.tr("&JSON file:"))
        path_label.setBuddy(self.path)
        form = QFormLayout()
        form.addRow(path_label, path_row)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                self.tr(
                    "A Talon.One webhook as JSON: Hooksmith's export (Save JSON on the hand-over "
                    "page), the Management API's answer, or a list of webhooks."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.list_label)
        layout.addWidget(self.list, 1)
        self.show_list([])

    def show_list(self, items: list[dict[str, Any]]) -> None:
        """Offer the webhooks of a file holding several (an empty list hides it)."""
        self.items = items
        self.list.clear()
        for item in items:
            title = item.get("title") or self.tr("(untitled)")
            self.list.addItem(f"{item.get('id', '-')}: {title} — {item.get('url', '')}")
        self.list.setVisible(len(items) > 1)
        self.list_label.setVisible(len(items) > 1)
        if items:
            self.list.setCurrentRow(0)

    def definition(self) -> dict[str, Any] | None:
        """The webhook to import; None when the file holds several and one must be picked.

        Raises:
            ImportFailed: no file given, or the file is unreadable or holds no webhook.
        """
        if len(self.items) > 1:
            return self.items[max(self.list.currentRow(), 0)]
        text = self.path.text().strip()
        if not text:
            raise ImportFailed("Choose a JSON file first (Browse…).")
        try:
            items = read_definitions(Path(text).expanduser(), curl_hint="use the curl tab")
        except HandoverFile as handover:
            raise ImportFailed(
                self.tr(
                    "This is Hooksmith's hand-over, not a Talon.One webhook. Paste its "
                    "request into the curl tab to import it:\n{curl}"
                ).format(curl=handover.curl)
            ) from None
        if len(items) > 1:
            self.show_list(items)
            self.list.setFocus()
            return None
        return items[0]

    def on_browse_button_clicked(self) -> None:
        path = self.prompter.open_file(
            self,
            self.tr("Import a Talon.One webhook"),
            self.path.text() or str(Path.home()),
            self.tr("JSON (*.json);;All files (*)"),
        )
        if path:
            self.path.setText(path)
            self.show_list([])
            self.importRequested.emit()


class CurlSource(QWidget):
    """A pasted curl command and the name for the new profile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = CodeView(highlight=False)
        self.text.setObjectName("curlText")
        self.text.setPlaceholderText(
            "curl -X POST https://api.clevertap.com/1/upload \\\n"
            "  -H 'X-CleverTap-Account-Id: …' -H 'X-CleverTap-Passcode: …' \\\n"
            "  -d '{\"d\": […]}'"
        )
        label = QLabel(self.tr("Paste a c&url command (from a ticket, a guide or a preview):"))
        label.setBuddy(self.text)
        self.title = QLineEdit()
        self.title.setObjectName("curlTitle")
        self.title.setPlaceholderText(self.tr("Imported webhook"))
        title_label = QLabel(self.tr("Profile &name:"))
        title_label.setBuddy(self.title)
        form = QFormLayout()
        form.addRow(title_label, self.title)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(
            wrapped(
                self.tr(
                    "Nothing is run or sent: the command is only read. Secrets in it are "
                    "offered for the keyring and kept out of the profile."
                )
            )
        )
