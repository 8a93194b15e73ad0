"""Import an existing webhook (a JSON file, a curl command, or Talon.One) into the wizard.

The dialog only gathers input and shows what :mod:`app.core.support.importer` found; reading
from Talon.One runs off the UI thread. "Open in the wizard" stores the ticked secrets
and hands the new, unsaved profile to the wizard.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import load_catalogue
from app.core.destination.profile import Profile
from app.core.secrets.store import SecretStoreError
from app.core.support.importer import ImportResult, from_curl, from_definition
from app.core.support.management_models import WebhookSummary
from app.ui.session import Session
from app.ui.support.common import BusyBar, error_text
from app.ui.support.import_result import ImportResultView
from app.ui.support.import_sources import CurlSource, FileSource
from app.ui.support.import_talon import TalonWebhookPicker
from app.ui.support.tasks import TaskRunner
from app.ui.widgets import combo, note, wrapped

FILE_TAB, CURL_TAB, TALON_TAB = range(3)


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

        self.tabs = QTabWidget()
        self.file_source = FileSource(session.prompter)
        self.file_source.importRequested.connect(self.import_file)
        self.curl_source = CurlSource()
        self.tabs.addTab(self.file_source, self.tr("From a &file"))
        self.tabs.addTab(self.curl_source, self.tr("From &curl"))
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
        try:
            item = self.file_source.definition()
            if item is None:
                count = len(self.file_source.items)
                self.say(self.tr("The file holds {n} webhooks; pick one.").format(n=count))
                return False
            return self._done(from_definition(item, destination=self.chosen_destination()))
        except Exception as exc:  # ImportFailed, or a definition the core cannot read
            self.say(error_text(exc))
            return False

    def import_curl(self) -> bool:
        text = self.curl_source.text.toPlainText()
        if not text.strip():
            self.say(self.tr("Paste a curl command first."))
            self.curl_source.text.setFocus()
            return False
        try:
            title = self.curl_source.title.text().strip()
            result = from_curl(text, destination=self.chosen_destination(), title=title)
        except Exception as exc:
            self.say(error_text(exc))
            return False
        return self._done(result)

    def load_webhooks(self) -> None:
        """Read the webhook list from Talon.One (off the UI thread)."""
        try:
            opening = self.picker.connection.open()  # the key is stored and read on the worker
        except Exception as exc:  # no usable address
            self.say(error_text(exc))
            return
        self.say("")
        self.busy.start(self.tr("Reading the webhooks from {base}…").format(base=opening.base))
        self.runner.start("webhooks", lambda: opening.client().all_webhooks())

    def import_webhook(self, webhook_id: int) -> None:
        """Read one webhook's definition from Talon.One and import it (off the UI thread)."""
        if self.runner.busy:
            return
        try:
            opening = self.picker.connection.open()
        except Exception as exc:
            self.say(error_text(exc))
            return
        destination = self.chosen_destination()
        self.say("")
        self.busy.start(
            self.tr("Reading webhook {id} from {base}…").format(id=webhook_id, base=opening.base)
        )
        self.runner.start(
            "import",
            lambda: from_definition(
                opening.client().webhook_definition(webhook_id),
                origin="management",
                destination=destination,
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
            self.picker.connection.refresh_state()  # a typed key may be stored now
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
