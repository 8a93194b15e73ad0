"""Network settings for test fires: timeouts, an extra CA bundle, a proxy."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.fire import FireSettings
from app.ui.dialogs import Prompter
from app.ui.widgets import note, wrapped


class SettingsDialog(QDialog):
    """Edits a copy of a :class:`FireSettings`; :meth:`settings` returns the result.

    Args:
        settings: the current values (not modified; read :meth:`settings` after accept).
        prompter: shows the file chooser for the CA bundle.
    """

    def __init__(
        self, settings: FireSettings, prompter: Prompter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hooksmith settings"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self._original = settings
        self.prompter = prompter
        self.connect_timeout = self._seconds(settings.connect_timeout)
        self.connect_timeout.setObjectName("connectTimeout")
        self.read_timeout = self._seconds(settings.read_timeout)
        self.read_timeout.setObjectName("readTimeout")
        self.ca_bundle = QLineEdit(settings.ca_bundle)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("none (the system's trust store only)"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.proxy = QLineEdit(settings.proxy)
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText(self.tr("none (HTTPS_PROXY from the environment, if set)"))

        form = QFormLayout()
        for text, widget in (
            (self.tr("&Connect timeout:"), self.connect_timeout),
            (self.tr("&Read timeout:"), self.read_timeout),
            (self.tr("Extra CA &bundle (PEM):"), ca_row),
            (self.tr("&Proxy:"), self.proxy),
        ):
            label = QLabel(text)
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
            else:
                label.setBuddy(self.ca_bundle)
            form.addRow(label, widget)
        self.error = wrapped()
        note(self.error, "error")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                self.tr(
                    "These settings apply to test fires. TLS certificates are always checked "
                    "against your system's trust store; add a CA bundle if your company "
                    "inspects HTTPS with its own root certificate."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _seconds(self, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.5, 600.0)
        box.setDecimals(1)
        box.setSingleStep(1.0)
        box.setSuffix(self.tr(" s"))
        box.setValue(value)
        return box

    def on_browse_clicked(self) -> None:
        path = self.prompter.open_file(
            self,
            self.tr("Choose a CA bundle"),
            str(Path.home()),
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_bundle.setText(path)

    def problem(self) -> str:
        """What is wrong with the values typed, or an empty string."""
        ca = self.ca_bundle.text().strip()
        if ca and not Path(ca).expanduser().is_file():
            return self.tr(
                "The CA bundle {path} does not exist. Choose a PEM file or clear the field."
            ).format(path=ca)
        proxy = self.proxy.text().strip()
        if proxy:
            parts = urlsplit(proxy)
            if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
                return self.tr("The proxy must look like http://proxy.example.com:3128.")
        return ""

    def settings(self) -> FireSettings:
        """The edited values as a new FireSettings (other fields kept)."""
        ca = self.ca_bundle.text().strip()
        return dataclasses.replace(
            self._original,
            connect_timeout=self.connect_timeout.value(),
            read_timeout=self.read_timeout.value(),
            ca_bundle=str(Path(ca).expanduser()) if ca else "",
            proxy=self.proxy.text().strip(),
        )

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
