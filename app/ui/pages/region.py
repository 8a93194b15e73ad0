"""Page 2: where the requests go: a vendor region, the local sandbox, or a custom address."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.catalogue import SANDBOX_REGION
from app.core.request import RequestError
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.signals import emit
from app.ui.style import monospace
from app.ui.widgets import wrapped

CUSTOM_REGION = "custom"


class RegionPage(HooksmithPage):
    """Radio buttons built from the destination's regions, with the resulting API URL."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Where is your account?"))
        self.group = QButtonGroup(self)
        self.group.buttonToggled.connect(self.on_group_buttonToggled)
        self.radios: dict[str, QRadioButton] = {}
        self.help = wrapped()
        self.box = QGroupBox()
        self.grid = QGridLayout(self.box)
        self.grid.setColumnStretch(1, 1)
        self.custom_edit = QLineEdit()
        self.custom_edit.setObjectName("customBase")
        self.custom_edit.textEdited.connect(self.on_custom_edit_textEdited)
        self.url = QLabel()
        self.url.setObjectName("endpointUrl")
        self.url.setFont(monospace())
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url.setWordWrap(True)
        self.url_note = wrapped()
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.box)
        layout.addWidget(QLabel(self.tr("Requests will go to:")))
        layout.addWidget(self.url)
        layout.addWidget(self.url_note)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._built_for = ""

    # -- building from the destination's data ---------------------------------------

    def _regions_spec(self) -> dict[str, Any]:
        spec = self.destination.raw.get("regions", {})
        return spec if isinstance(spec, dict) else {}

    def custom_allowed(self) -> bool:
        """A custom base URL is offered when the data asks for it or lists no regions."""
        return bool(self._regions_spec().get("custom")) or not self.destination.regions

    def _build(self) -> None:
        for radio in self.radios.values():
            self.group.removeButton(radio)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None and item.widget() is not self.custom_edit:
                item.widget().deleteLater()
        self.radios.clear()
        destination = self.destination
        self.box.setTitle(destination.region_label)
        self.help.setText(destination.region_help)
        self.help.setVisible(bool(destination.region_help))
        row = 0
        for region in destination.regions:
            row = self._add_radio(row, region.id, region.label, region.dashboard, region.note)
        if self.custom_allowed():
            spec = self._regions_spec()
            row = self._add_radio(
                row,
                CUSTOM_REGION,
                spec.get("custom_label", self.tr("Another address")),
                "",
                spec.get("custom_help", self.tr("The base URL of your own deployment.")),
            )
            self.custom_edit.setPlaceholderText(
                spec.get("placeholder", self.tr("https://your-host.example.com"))
            )
            self.grid.addWidget(self.custom_edit, row, 0, 1, 2)
            self.custom_edit.show()
            row += 1
        else:
            self.custom_edit.hide()
        if destination.sandbox:
            self._add_radio(
                row,
                SANDBOX_REGION,
                self.tr("Local sandbox (no account needed)"),
                "",
                self.tr(
                    "Hooksmith answers like {service} on this computer; nothing leaves it."
                ).format(service=destination.title.split("→")[-1].strip()),
            )
        self._built_for = destination.id

    def _add_radio(self, row: int, region_id: str, label: str, dashboard: str, note: str) -> int:
        radio = QRadioButton(label)
        radio.setObjectName(f"region_{region_id}")
        radio.setProperty("region", region_id)
        self.group.addButton(radio)
        self.radios[region_id] = radio
        self.grid.addWidget(radio, row, 0)
        if dashboard:
            beside = QLabel(self.tr("dashboard: {url}").format(url=dashboard))
            beside.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(beside, row, 1)
        if note:
            row += 1
            text = wrapped(note)
            text.setIndent(24)
            self.grid.addWidget(text, row, 0, 1, 2)
        return row + 1

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
        self.setSubTitle(
            self.tr(
                "Choose the region of your account, or the local sandbox to try things out "
                "without one. The API address follows from it."
            )
        )
        profile = self.profile
        if profile.custom_base:
            self.custom_edit.setText(profile.custom_base)
        region = profile.region if profile.region in self.radios else ""
        if not region and profile.custom_base and CUSTOM_REGION in self.radios:
            region = CUSTOM_REGION
        region = region or self.destination.default_region
        if region in self.radios:
            self.radios[region].setChecked(True)
        self.refresh_url()

    def choose(self, region_id: str) -> None:
        """Select a region by id (the same as clicking its radio button)."""
        self.radios[region_id].setChecked(True)

    def on_group_buttonToggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked or self.session.profile is None:
            return
        region = str(button.property("region"))
        self.profile.region = region
        custom = region == CUSTOM_REGION
        self.custom_edit.setEnabled(custom)
        # The typed address stays in the field when another region is chosen.
        self.profile.custom_base = self.custom_edit.text().strip() if custom else ""
        if custom:
            self.custom_edit.setFocus()
        self.refresh_url()
        emit(self.completeChanged)

    def on_custom_edit_textEdited(self, text: str) -> None:
        if self.profile.region == CUSTOM_REGION:
            self.profile.custom_base = text.strip()
            self.refresh_url()
            emit(self.completeChanged)

    def refresh_url(self) -> None:
        try:
            self.url.setText(self.session.endpoint())
        except RequestError as exc:
            self.url.setText(str(exc))
        except OSError as exc:
            self.url.setText(self.tr("The sandbox could not start: {error}").format(error=exc))
        if self.session.is_sandbox:
            self.url_note.setText(
                self.tr(
                    "The sandbox runs on this computer only; before pasting the webhook "
                    "into Talon.One, come back and choose your real region."
                )
            )
        else:
            self.url_note.setText("")
        self.url_note.setVisible(bool(self.url_note.text()))

    def isComplete(self) -> bool:
        if self.session.profile is None or self.group.checkedButton() is None:
            return False
        return self.profile.region != CUSTOM_REGION or bool(self.profile.custom_base)

    def validatePage(self) -> bool:
        if self.profile.region == CUSTOM_REGION:
            parts = urlsplit(self.profile.custom_base)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.say(
                    self.tr(
                        "The address must start with https:// and name a host, for "
                        "example https://yourcompany.europe-west1.talon.one."
                    )
                )
                self.custom_edit.setFocus()
                return False
        try:
            self.session.endpoint()
        except (RequestError, OSError) as exc:
            self.say(str(exc))
            return False
        self.say("")
        return True
