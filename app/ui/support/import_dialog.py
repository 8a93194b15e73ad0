"""Import an existing webhook (a JSON file, a curl command, or Talon.One) into the wizard.

The dialog only gathers input and shows what :mod:`app.core.importer` found; reading
from Talon.One runs off the UI thread. "Open in the wizard" stores the ticked secrets
and hands the new, unsaved profile to the wizard.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import load_catalogue
from app.core.importer import ImportFailed, ImportResult, definitions, from_curl, from_definition
from app.core.management_models import WebhookSummary
from app.core.profile import Profile
from app.core.secrets import SecretStoreError
from app.ui.editor import CodeView
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text
from app.ui.support.import_result import ImportResultView
from app.ui.support.import_talon import TalonWebhookPicker
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import combo, note, wrapped

FILE_TAB, CURL_TAB, TALON_TAB = range(3)


def read_definitions(path: Path) -> list[dict[str, Any]]:
    """The webhook definitions in a JSON file; ImportFailed says what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(f"No file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"Cannot read {path}: {exc}.") from None
    except ValueError as exc:
        raise ImportFailed(
            f"{path.name} is not JSON ({exc}). To import a curl command, use the curl tab."
        ) from None
    return definitions(data)


class ImportDialog(QDialog):
    """Three sources on tabs, then the result with "Open in the wizard".

    Args:
        session: the wizard's session (secret store, settings, prompter).
        open_profile: opens an unsaved profile in the wizard.
    """

    def __init__(
        self,
        session: Session,
        open_profile: Callable[[Profile], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a webhook"))
        self.resize(960, 680)
        self.session = session
        self.open_profile = open_profile
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self.on_runner_succeeded)
        self.runner.failed.connect(self.on_runner_failed)
        self.runner.busyChanged.connect(self.on_runner_busyChanged)
        self._definitions: list[dict[str, Any]] = []

        self.tabs = QTabWidget()
        self.tabs.addTab(self._file_tab(), self.tr("From a &file"))
        self.tabs.addTab(self._curl_tab(), self.tr("From &curl"))
        self.picker = TalonWebhookPicker(session)
        self.picker.loadRequested.connect(self.load_webhooks)
        self.picker.webhookActivated.connect(self.import_webhook)
        self.tabs.addTab(self.picker, self.tr("From &Talon.One"))
        self.destination = combo()
        self.destination.setObjectName("importDestination")
        self.destination.addItem(self.tr("Recognise it automatically"), "")
        for destination in load_catalogue():
            self.destination.addItem(destination.title, destination.id)
        destination_label = QLabel(self.tr("&Destination:"))
        destination_label.setBuddy(self.destination)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.busy = BusyBar()
        self.busy.cancelRequested.connect(self.runner.cancel)
        row = QHBoxLayout()
        row.addWidget(destination_label)
        row.addWidget(self.destination, 1)
        row.addWidget(self.import_button)
        sources = QWidget()
        sources_layout = QVBoxLayout(sources)
        sources_layout.setContentsMargins(0, 0, 0, 0)
        sources_layout.addWidget(self.tabs, 1)
        sources_layout.addWidget(self.busy)
        sources_layout.addLayout(row)

        self.result_view = ImportResultView()
        self.open_button = QPushButton(self.tr("&Open in the wizard"))
        self.open_button.setObjectName("openImported")
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.again_button = QPushButton(self.tr("Import a&nother"))
        self.again_button.clicked.connect(self.show_sources)
        self.open_note = wrapped(
            self.tr(
                "Nothing is saved yet: the wizard opens the profile at the region page, and "
                "the hand-over page saves it."
            )
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.open_note, 1)
        buttons.addWidget(self.open_button)
        result_page = QWidget()
        result_layout = QVBoxLayout(result_page)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.result_view, 1)
        result_layout.addLayout(buttons)

        self.stack = QStackedWidget()
        self.stack.addWidget(sources)
        self.stack.addWidget(result_page)
        self.message = wrapped()
        self.message.setObjectName("importMessage")
        note(self.message, "error")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)

    # -- the sources ------------------------------------------------------------------

    def _file_tab(self) -> QWidget:
        self.file_path = QLineEdit()
        self.file_path.setObjectName("importFile")
        self.file_path.setPlaceholderText(self.tr("a .json file"))
        self.file_path.textEdited.connect(self.on_file_path_textEdited)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.clicked.connect(self.on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.file_path, 1)
        path_row.addWidget(self.browse_button)
        self.file_list = QListWidget()
        self.file_list.setObjectName("fileWebhooks")
        self.file_list.itemActivated.connect(lambda _item: self.on_import_button_clicked())
        self.file_list_label = QLabel(self.tr("This file holds several &webhooks; pick one:"))
        self.file_list_label.setBuddy(self.file_list)
        form = QFormLayout()
        path_label = QLabel(self.tr("&JSON file:"))
        path_label.setBuddy(self.file_path)
        form.addRow(path_label, path_row)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(
            wrapped(
                self.tr(
                    "A Talon.One webhook as JSON: Hooksmith's export (Save JSON on the hand-over "
                    "page), the Management API's answer, or a list of webhooks."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.file_list_label)
        layout.addWidget(self.file_list, 1)
        layout.addStretch(0)
        self._show_file_list([])
        return tab

    def _curl_tab(self) -> QWidget:
        self.curl = CodeView(highlight=False)
        self.curl.setObjectName("curlText")
        self.curl.setPlaceholderText(
            "curl -X POST https://api.clevertap.com/1/upload \\\n"
            "  -H 'X-CleverTap-Account-Id: …' -H 'X-CleverTap-Passcode: …' \\\n"
            "  -d '{\"d\": […]}'"
        )
        curl_label = QLabel(self.tr("Paste a c&url command (from a ticket, a guide or a preview):"))
        curl_label.setBuddy(self.curl)
        self.curl_title = QLineEdit()
        self.curl_title.setObjectName("curlTitle")
        self.curl_title.setPlaceholderText(self.tr("Imported webhook"))
        title_label = QLabel(self.tr("Profile &name:"))
        title_label.setBuddy(self.curl_title)
        form = QFormLayout()
        form.addRow(title_label, self.curl_title)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(curl_label)
        layout.addWidget(self.curl, 1)
        layout.addLayout(form)
        layout.addWidget(
            wrapped(
                self.tr(
                    "Nothing is run or sent: the command is only read. Secrets in it are "
                    "offered for the keyring and kept out of the profile."
                )
            )
        )
        return tab

    def _show_file_list(self, items: list[dict[str, Any]]) -> None:
        self._definitions = items
        self.file_list.clear()
        for item in items:
            text = f"{item.get('id', '-')}: {item.get('title') or self.tr('(untitled)')}"
            self.file_list.addItem(QListWidgetItem(f"{text} — {item.get('url', '')}"))
        self.file_list.setVisible(len(items) > 1)
        self.file_list_label.setVisible(len(items) > 1)
        if items:
            self.file_list.setCurrentRow(0)

    def on_file_path_textEdited(self, _text: str) -> None:
        self._show_file_list([])

    def on_browse_clicked(self) -> None:
        path = self.session.prompter.open_file(
            self,
            self.tr("Import a Talon.One webhook"),
            self.file_path.text() or str(Path.home()),
            self.tr("JSON (*.json);;All files (*)"),
        )
        if path:
            self.file_path.setText(path)
            self._show_file_list([])
            self.import_file()

    def chosen_destination(self) -> str:
        return str(self.destination.currentData() or "")

    # -- importing --------------------------------------------------------------------

    def on_import_button_clicked(self) -> None:
        index = self.tabs.currentIndex()
        if index == FILE_TAB:
            self.import_file()
        elif index == CURL_TAB:
            self.import_curl()
        else:
            webhook_id = self.picker.selected_id()
            if webhook_id is None:
                self.say(self.tr("Load the webhooks, then pick one in the list."))
                self.picker.load_button.setFocus()
            else:
                self.import_webhook(webhook_id)

    def import_file(self) -> bool:
        text = self.file_path.text().strip()
        if not text:
            self.say(self.tr("Choose a JSON file first (Browse…)."))
            return False
        try:
            if len(self._definitions) > 1:
                item = self._definitions[max(self.file_list.currentRow(), 0)]
            else:
                items = read_definitions(Path(text).expanduser())
                if len(items) > 1:
                    self._show_file_list(items)
                    self.say(self.tr("The file holds {n} webhooks; pick one.").format(n=len(items)))
                    self.file_list.setFocus()
                    return False
                item = items[0]
            return self._done(from_definition(item, destination=self.chosen_destination()))
        except Exception as exc:  # ImportFailed, or a definition the core cannot read
            self.say(error_text(exc))
            return False

    def import_curl(self) -> bool:
        text = self.curl.toPlainText()
        if not text.strip():
            self.say(self.tr("Paste a curl command first."))
            self.curl.setFocus()
            return False
        try:
            result = from_curl(
                text, destination=self.chosen_destination(), title=self.curl_title.text().strip()
            )
        except Exception as exc:
            self.say(error_text(exc))
            return False
        return self._done(result)

    def load_webhooks(self) -> None:
        """Read the webhook list from Talon.One (off the UI thread)."""
        try:
            client = self.picker.connection.client()
        except Exception as exc:  # no address, no key, or the keyring refused
            self.say(error_text(exc))
            return
        self.say("")
        self.busy.start(self.tr("Reading the webhooks from {base}…").format(base=client.base))
        self.runner.start("webhooks", client.all_webhooks)

    def import_webhook(self, webhook_id: int) -> None:
        """Read one webhook's definition from Talon.One and import it (off the UI thread)."""
        if self.runner.busy:
            return
        try:
            client = self.picker.connection.client()
        except Exception as exc:
            self.say(error_text(exc))
            return
        destination = self.chosen_destination()
        self.say("")
        self.busy.start(
            self.tr("Reading webhook {id} from {base}…").format(id=webhook_id, base=client.base)
        )
        self.runner.start(
            "import",
            lambda: from_definition(
                client.webhook(webhook_id), origin="management", destination=destination
            ),
        )

    def on_runner_succeeded(self, name: str, value: object) -> None:
        if name == "webhooks":
            assert isinstance(value, list)
            hooks: list[WebhookSummary] = value
            self.picker.set_webhooks(hooks)
            if not hooks:
                self.say(self.tr("Talon.One has no webhooks at this address."))
        elif isinstance(value, ImportResult):
            self._done(value)

    def on_runner_failed(self, _name: str, error: object) -> None:
        self.say(error_text(error) if isinstance(error, BaseException) else str(error))

    def on_runner_busyChanged(self, busy: bool) -> None:
        if not busy:
            self.busy.stop()
        self.import_button.setEnabled(not busy)
        self.picker.load_button.setEnabled(not busy)
        if busy:
            self.busy.cancel.setFocus()

    def _done(self, result: ImportResult) -> bool:
        self.say("")
        self.result_view.show_result(result, self.session.services.store)
        self.stack.setCurrentIndex(1)
        self.open_button.setFocus()
        return True

    def show_sources(self) -> None:
        self.say("")
        self.stack.setCurrentIndex(0)

    # -- opening ----------------------------------------------------------------------

    def on_open_button_clicked(self) -> bool:
        """Store the ticked secrets, then open the profile in the wizard."""
        result = self.result_view.result
        if result is None:
            return False
        try:
            result.store_secrets(self.session.services.store, self.result_view.chosen())
        except SecretStoreError as exc:
            self.say(
                self.tr(
                    "{error} Untick the secret to open the profile without it (you would enter "
                    "it on the credentials page), or fix the keyring and try again."
                ).format(error=exc)
            )
            return False
        for value in result.secrets.values():
            self.session.redactor.add(value)
        self.open_profile(result.profile)
        self.show_sources()
        self.hide()
        return True

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def done(self, code: int) -> None:
        self.runner.cancel()
        self.busy.stop()
        super().done(code)
