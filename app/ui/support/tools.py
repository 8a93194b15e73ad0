"""Opens the support views from the wizard, one window each, and wires them together.

Each view's module is imported when the view is first opened: they bring the Management
API client, the fire engine and the bundle writer, which the first page must not load.

The views are non-modal windows owned by the wizard, so a support person can keep the
delivery log open beside the wizard. The delivery log's "Diagnose" opens the diagnose
view; the import's "Open in the wizard" hands the profile to the wizard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from app.core.destination.profile import Profile
from app.ui.session import Session

if TYPE_CHECKING:
    from app.core.support.management_models import LogEntry
    from app.ui.support.diagnose_view import DiagnoseDialog
    from app.ui.support.history_view import HistoryDialog
    from app.ui.support.import_dialog import ImportDialog
    from app.ui.support.logs_view import DeliveryLogsDialog

TOOLS = ("import", "diagnose", "logs", "history")


class SupportTools(QObject):
    """The support views of one wizard.

    Args:
        session: the wizard's session.
        open_profile: makes an imported, unsaved profile current in the wizard.
        window: the wizard (the views' parent window).
    """

    def __init__(
        self, session: Session, open_profile: Callable[[Profile], None], window: QWidget
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self._open_profile = open_profile
        self.import_dialog: ImportDialog | None = None
        self.diagnose_dialog: DiagnoseDialog | None = None
        self.logs_dialog: DeliveryLogsDialog | None = None
        self.history_dialog: HistoryDialog | None = None

    def open(self, name: str) -> QDialog:
        """Show the view called ``name`` (one of :data:`TOOLS`)."""
        openers: dict[str, Callable[[], QDialog]] = {
            "import": self.open_import,
            "diagnose": self.open_diagnose,
            "logs": self.open_logs,
            "history": self.open_history,
        }
        return openers[name]()

    @staticmethod
    def _raise(dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def open_import(self) -> ImportDialog:
        if self.import_dialog is None:
            from app.ui.support.import_dialog import ImportDialog  # loaded when opened

            self.import_dialog = ImportDialog(self.session, self._imported, self.window)
        self._raise(self.import_dialog)
        return self.import_dialog

    def _imported(self, profile: Profile) -> None:
        self._open_profile(profile)
        self.window.raise_()
        self.window.activateWindow()

    def open_diagnose(self, entry: LogEntry | None = None) -> DiagnoseDialog:
        if self.diagnose_dialog is None:
            from app.ui.support.diagnose_view import DiagnoseDialog

            self.diagnose_dialog = DiagnoseDialog(self.session, self.window)
        self.diagnose_dialog.refresh_profiles()  # profiles may have been saved since
        self._raise(self.diagnose_dialog)
        if entry is not None:
            self.diagnose_dialog.show_entry(entry)
        return self.diagnose_dialog

    def open_logs(self) -> DeliveryLogsDialog:
        if self.logs_dialog is None:
            from app.ui.support.logs_view import DeliveryLogsDialog

            self.logs_dialog = DeliveryLogsDialog(self.session, self.window)
            self.logs_dialog.diagnoseRequested.connect(self.open_diagnose)
        self._raise(self.logs_dialog)
        return self.logs_dialog

    def open_history(self) -> HistoryDialog:
        if self.history_dialog is None:
            from app.ui.support.history_view import HistoryDialog

            self.history_dialog = HistoryDialog(self.session, parent=self.window)
        self._raise(self.history_dialog)
        return self.history_dialog

    def shutdown(self) -> None:
        """Stop background work before the wizard closes (waits briefly for threads)."""
        if self.import_dialog is not None:
            self.import_dialog.runner.shutdown()
        if self.logs_dialog is not None:
            self.logs_dialog.runner.shutdown()
        if self.history_dialog is not None:
            self.history_dialog.runner.shutdown()
        for dialog in (
            self.import_dialog,
            self.diagnose_dialog,
            self.logs_dialog,
            self.history_dialog,
        ):
            if dialog is not None:
                dialog.close()
