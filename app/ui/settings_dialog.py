"""Network settings for test fires: time limits, redirects, an extra CA bundle, a proxy.

The dialog edits a copy of a :class:`FireSettings` and checks it with the core's
:func:`~app.core.http.settings.validate_settings` before closing; the wizard keeps and
saves the result.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
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

from app.core.http.settings import FireSettings, normalize_proxy, validate_settings
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
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self._original = settings
        self.prompter = prompter
        self.connect_timeout = self._seconds(settings.connect_timeout, 300)
        self.connect_timeout.setObjectName("connectTimeout")
        self.read_timeout = self._seconds(settings.read_timeout, 3600)
        self.read_timeout.setObjectName("readTimeout")
        self.total_timeout = self._seconds(settings.total_timeout, 7200)
        self.total_timeout.setObjectName("totalTimeout")
        self.follow_redirects = QCheckBox(
            self.tr("&Follow redirects (secrets stay with your host)")
        )
        self.follow_redirects.setChecked(settings.follow_redirects)
        self.ca_bundle = QLineEdit(settings.ca_bundle)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("none (the system's trust store only)"))
        browse = QPushButton(self.tr("Bro&wse…"))
        browse.clicked.connect(self.on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.proxy = QLineEdit(settings.proxy)
        self.proxy.setObjectName("proxy")
        self.proxy.setPlaceholderText(self.tr("none, for example http://proxy.example.com:8080"))
        self.use_env_proxy = QCheckBox(self.tr("Else use the &environment's HTTPS_PROXY"))
        self.use_env_proxy.setChecked(settings.use_env_proxy)

        form = QFormLayout()
        rows: list[tuple[str, QWidget | QHBoxLayout, QWidget]] = [
            (self.tr("&Connect timeout:"), self.connect_timeout, self.connect_timeout),
            (self.tr("&Read timeout:"), self.read_timeout, self.read_timeout),
            (self.tr("&Total time limit:"), self.total_timeout, self.total_timeout),
            (self.tr("Extra CA &bundle (PEM):"), ca_row, self.ca_bundle),
            (self.tr("&Proxy:"), self.proxy, self.proxy),
        ]
        for text, field, buddy in rows:
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)
        form.addRow("", self.use_env_proxy)
        form.addRow("", self.follow_redirects)
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
                    "against your system's trust store; add a CA bundle if your company inspects "
                    "HTTPS with its own root certificate."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fields = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "total_timeout": self.total_timeout,
            "ca_bundle": self.ca_bundle,
            "proxy": self.proxy,
        }

    def _seconds(self, value: float, maximum: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.1, maximum)
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

    def settings(self) -> FireSettings:
        """The edited values as a new FireSettings (the fields not shown are kept)."""
        ca = self.ca_bundle.text().strip()
        return dataclasses.replace(
            self._original,
            connect_timeout=self.connect_timeout.value(),
            read_timeout=self.read_timeout.value(),
            total_timeout=self.total_timeout.value(),
            follow_redirects=self.follow_redirects.isChecked(),
            ca_bundle=str(Path(ca).expanduser()) if ca else "",
            proxy=normalize_proxy(self.proxy.text()),
            use_env_proxy=self.use_env_proxy.isChecked(),
        )

    def problem(self) -> str:
        """What is wrong with the values typed (the core's words), or an empty string."""
        problems = validate_settings(self.settings())
        if not problems:
            return ""
        widget = self._fields.get(problems[0].field)
        if widget is not None:
            widget.setFocus()
        return problems[0].message

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()
