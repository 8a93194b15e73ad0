"""What the support views share: a busy bar with Cancel, error text, saved profiles."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.core.destination import paths
from app.core.destination.profile import Profile, ProfileError, load_profile
from app.core.secrets import logsafe

log = logging.getLogger("hooksmith")

#: Exceptions whose message is written for the user (it says what to do).
EXPLAINED = (
    "ManagementError",
    "ImportFailed",
    "HistoryError",
    "BundleError",
    "RequestError",
    "SecretStoreError",
    "ProfileError",
    "KeyringUnavailable",
    "CredentialsIndexError",
    "JourneyError",
)


def error_text(exc: BaseException) -> str:
    """The message to show for ``exc``; an unexpected one is logged and named as such."""
    if any(cls.__name__ in EXPLAINED for cls in type(exc).__mro__):
        return str(exc)
    log.error("Unexpected error in a support view: %s: %s", type(exc).__name__, exc)
    return logsafe.redact_known(
        f"Something unexpected went wrong ({type(exc).__name__}: {exc}). "
        "Try again; if it keeps happening, the log file has the details."
    )


def when(created_at: str) -> str:
    """``2025-01-03T09:00:00Z`` -> ``2025-01-03 09:00:00 UTC`` (easier to read in a list)."""
    return created_at.replace("T", " ").replace("Z", " UTC")


def saved_profiles() -> list[tuple[Profile, Path]]:
    """The readable profiles in the profiles folder, by name (unreadable ones skipped)."""
    folder = paths.profiles_dir()
    found = []
    for path in sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []:
        try:
            found.append((load_profile(path), path))
        except ProfileError:
            continue
    return sorted(found, key=lambda item: item[0].name.lower())


class BusyBar(QWidget):
    """ "Reading webhooks from acme.talon.one… 1.2 s" with a spinner and a Cancel button.

    Signals:
        cancelRequested: the user pressed Cancel.
    """

    cancelRequested = Signal()

    def __init__(self, cancel_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.label = QLabel()
        self.label.setObjectName("busyLabel")
        self.cancel = QPushButton(cancel_text or self.tr("Cancel"))
        self.cancel.setObjectName("cancelTask")
        self.cancel.setToolTip(self.tr("Stop waiting; nothing is changed"))
        self.cancel.clicked.connect(self.cancelRequested)
        self._text = ""
        self.clock = QElapsedTimer()
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)
        self.ticker.timeout.connect(self.on_ticker_timeout)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.cancel)
        self.hide()

    def start(self, text: str) -> None:
        self._text = text
        self.clock.start()
        self.on_ticker_timeout()
        self.ticker.start()
        self.show()

    def stop(self) -> None:
        self.ticker.stop()
        self.hide()

    def on_ticker_timeout(self) -> None:
        self.label.setText(f"{self._text} {self.clock.elapsed() / 1000:.1f} s")
