"""Start the GUI: the application, a crash handler that explains instead of vanishing,
the services, and the wizard."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import __version__
from app.core.destination import paths
from app.core.destination.resources import resource_path
from app.core.http.settings import load_settings
from app.core.journey.services import Services
from app.core.secrets import logsafe
from app.core.secrets.store import KeyringStore, SecretStore
from app.ui.compat import collect_garbage_between_events, guard_refcounts

log = logging.getLogger("hooksmith")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


#: A log larger than this is set aside at start (as hooksmith.log.1, .2 the one before).
LOG_BYTES = 1_000_000


def set_aside(log: Path, keep: int = 2) -> None:
    """Move a log over :data:`LOG_BYTES` to ``<log>.1`` (``.1`` to ``.2``...), keeping
    ``keep`` old ones. Done once at start: a session writes far less than that, and
    logging.handlers' rotating handler would cost every start its imports (socket,
    pickle)."""
    if not log.exists() or log.stat().st_size <= LOG_BYTES:
        return
    for number in range(keep - 1, 0, -1):
        older = log.with_name(f"{log.name}.{number}")
        if older.exists():
            older.replace(log.with_name(f"{log.name}.{number + 1}"))
    log.replace(log.with_name(f"{log.name}.1"))


def setup_logging() -> str:
    """Log to ``hooksmith.log`` in the log folder; returns its path ('' if unwritable).

    Records are masked by :mod:`app.core.secrets.logsafe` as they are created.
    """
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        set_aside(folder / "hooksmith.log")
        handler = logging.FileHandler(folder / "hooksmith.log", encoding="utf-8")
    except OSError:
        return ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return str(folder / "hooksmith.log")


def make_excepthook(log_path: str, parent: QWidget | None = None) -> ExceptHook:
    """An excepthook that logs the error (secrets masked) and shows it in a dialog.

    Without it, an exception in a slot is printed to a terminal nobody sees and the
    user is left guessing; with it, they see what happened and where the log is.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = logsafe.format_exception(kind, value, tb)
        log.error("Unexpected error:\n%s", text)
        if QApplication.instance() is None:
            sys.stderr.write(text)
            return
        from PySide6.QtWidgets import QMessageBox  # not at start-up: app/ui/lean.py

        tr = QApplication.translate
        box = QMessageBox(QMessageBox.Icon.Critical, "Hooksmith", "", parent=parent)
        box.setText(
            tr("launch", "Something went wrong: {error}").format(
                error=logsafe.redact_known(f"{kind.__name__}: {value}")
            )
        )
        where = tr("launch", "The details are in {path}.").format(path=log_path)
        box.setInformativeText(
            tr("launch", "What you entered in the wizard is still there.")
            + (" " + where if log_path else "")
        )
        box.setDetailedText(text)
        box.exec()

    return hook


def default_store() -> SecretStore:
    """The OS keyring; when it is unusable, the credentials page explains and offers
    "keep for this session only" (never a plaintext file).

    Nothing is read here: finding the keyring's backend and checking that it answers
    happen on first use, off the UI thread, so the first page never waits for them
    (an unlock prompt, a slow D-Bus, keyring's backend discovery).
    """
    return KeyringStore()


def set_icon(app: QApplication) -> None:
    """Give every window Hooksmith's icon. Done after the first paint: naming QIcon
    creates its enum classes, and on X11 the SVG is drawn at every size the window
    manager takes, about 5 ms the first page can show without."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource_path("icons", "hooksmith.svg"))))


def run_gui(profile_file: str | None) -> int:
    """Open the wizard (on ``profile_file`` when given) and run until it closes."""
    from app.ui.wizard import HooksmithWizard

    guard_refcounts()
    previous = sys.excepthook
    logsafe.install()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Hooksmith")
    app.setApplicationVersion(__version__)
    collecting = gc.isenabled()
    collector = collect_garbage_between_events(app)
    # Lets Wayland desktops match the window to the menu entry installed by the .deb.
    app.setDesktopFileName("com.hooksmith.Hooksmith")
    log_path = setup_logging()
    loaded = load_settings()
    services = Services(store=default_store(), settings=loaded.settings)
    wizard = HooksmithWizard(services)
    sys.excepthook = make_excepthook(log_path, wizard)
    log.info("Hooksmith %s started", __version__)
    wizard.show()
    QTimer.singleShot(0, app, lambda: set_icon(app))
    if loaded.warnings:
        log.warning("Settings: %s", " ".join(loaded.warnings))
        wizard.session.prompter.inform(
            wizard,
            wizard.tr("Settings"),
            wizard.tr("Some saved settings were set back to their defaults."),
            "\n".join(loaded.warnings),
        )
    if profile_file:
        wizard.open_profile(profile_file)
    try:
        return app.exec()
    finally:
        # Leave the process as it was found (tests run the GUI in a shared process).
        sys.excepthook = previous
        collector.stop()
        collector.deleteLater()
        if collecting:
            gc.enable()
        services.shutdown()
