"""Start the GUI: the application, a crash handler that explains instead of vanishing,
the services, and the wizard."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.core import paths
from app.core.secrets import KeyringStore, Redactor
from app.core.services import Services

log = logging.getLogger("hooksmith")


class RedactingFilter(logging.Filter):
    """Masks every secret the session has seen before a record reaches the log file."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redactor.redact(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = self.redactor.redact(
                logging.Formatter().formatException(record.exc_info)
            )
            record.exc_info = None
        return True


def setup_logging(redactor: Redactor) -> str:
    """Log to ``hooksmith.log`` in the log folder; returns its path ('' if unwritable)."""
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / "hooksmith.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        return ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(redactor))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return str(folder / "hooksmith.log")


def make_excepthook(redactor: Redactor, log_path: str):  # type: ignore[no-untyped-def]
    """An excepthook that logs the error (secrets masked) and shows it in a dialog."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = redactor.redact("".join(traceback.format_exception(kind, value, tb)))
        log.error("Unexpected error:\n%s", text)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Hooksmith", "")
        box.setText(
            QApplication.translate("launch", "Something went wrong: {error}").format(
                error=redactor.redact(f"{kind.__name__}: {value}")
            )
        )
        where = (
            QApplication.translate("launch", "The details are in {path}.").format(path=log_path)
            if log_path
            else ""
        )
        box.setInformativeText(
            QApplication.translate(
                "launch", "Your work in the wizard is still there. {where}"
            ).format(where=where)
        )
        box.setDetailedText(text)
        box.exec()

    return hook


def run_gui(profile_file: str | None) -> int:
    """Open the wizard (on ``profile_file`` when given) and run until it closes."""
    from app.ui.wizard import HooksmithWizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Hooksmith")
    app.setApplicationVersion(__version__)
    services = Services(store=KeyringStore())
    wizard = HooksmithWizard(services)
    redactor = wizard.session.redactor
    log_path = setup_logging(redactor)
    sys.excepthook = make_excepthook(redactor, log_path)
    log.info("Hooksmith %s started", __version__)
    wizard.show()
    if profile_file:
        wizard.open_profile(profile_file)
    try:
        return app.exec()
    finally:
        services.shutdown()
