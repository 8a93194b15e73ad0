"""Page 2: where the requests go: a vendor region, a typed address, or the local sandbox."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import SANDBOX_REGION, Region
from app.core.http.request import RequestError
from app.core.payload.checks import check_settings
from app.core.payload.problems import Severity
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.style import monospace
from app.ui.widgets import note, scrolling, wrapped

#: Region id for destinations that take an address but list no region for it.
CUSTOM_REGION = "custom"


class RegionPage(HooksmithPage):
    """Radio buttons built from the destination's regions, with the resulting API URL.

    Regions marked ``custom`` get a field for the address; ``advanced`` ones appear
    after ticking "Show advanced choices"; a ``certainty`` note says when the vendor
    has not confirmed a host.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Where do the requests go?"))
        self.setSubTitle(
            self.tr(
                "Choose the region of your account, or the local sandbox to try things out "
                "without one. The address the requests go to is shown below."
            )
        )
        self.group = QButtonGroup(self)
        self.group.buttonToggled.connect(self.on_group_buttonToggled)
        self.radios: dict[str, QRadioButton] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.advanced_rows: list[QWidget] = []
        self._said: set[str] = set()  # vendor caveats already shown on this page
        self.help = wrapped()
        self.box = QGroupBox()
        self.grid = QGridLayout(self.box)
        self.grid.setColumnStretch(1, 1)
        self.show_advanced = QCheckBox(self.tr("Show &advanced choices"))
        self.show_advanced.toggled.connect(self.on_show_advanced_toggled)
        self.url = QLabel()
        self.url.setObjectName("endpointUrl")
        self.url.setFont(monospace())
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url.setWordWrap(True)
        self.url_note = wrapped()
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.help)
        column.addWidget(self.box)
        column.addWidget(self.show_advanced)
        column.addWidget(QLabel(self.tr("Requests will go to:")))
        column.addWidget(self.url)
        column.addWidget(self.url_note)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(inner), 1)
        layout.addWidget(self.message)
        self._built_for = ""

    # -- building from the destination's data ---------------------------------------

    def _regions(self) -> list[Region]:
        regions = list(self.destination.regions)
        legacy_custom = self.destination.region_custom
        if (legacy_custom or not regions) and not any(r.custom for r in regions):
            placeholder = self.destination.region_placeholder
            regions.append(
                Region(
                    CUSTOM_REGION,
                    self.tr("Another address"),
                    "",
                    note=self.tr("The base URL of your own deployment."),
                    custom=True,
                    placeholder=placeholder,
                )
            )
        return regions

    def _build(self) -> None:
        for radio in list(self.radios.values()):
            self.group.removeButton(radio)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.radios.clear()
        self.edits.clear()
        self.advanced_rows.clear()
        self._said.clear()
        destination = self.destination
        self.box.setTitle(destination.region_label)
        self.help.setText(destination.region_help)
        self.help.setVisible(bool(destination.region_help))
        row = 0
        for region in self._regions():
            row = self._add_region(row, region)
        if destination.sandbox:
            service = destination.service
            sandbox = Region(
                SANDBOX_REGION,
                self.tr("Local sandbox (no account needed)"),
                "",
                note=self.tr(
                    "Hooksmith answers like {service} on this computer; nothing leaves it."
                ).format(service=service),
            )
            self._add_region(row, sandbox)
        self.show_advanced.setVisible(bool(self.advanced_rows))
        self._built_for = destination.id

    def _add_region(self, row: int, region: Region) -> int:
        widgets: list[QWidget] = []
        radio = QRadioButton(region.label)
        radio.setObjectName(f"region_{region.id}")
        radio.setProperty("region", region.id)
        self.group.addButton(radio)
        self.radios[region.id] = radio
        self.grid.addWidget(radio, row, 0)
        widgets.append(radio)
        if region.dashboard:
            beside = QLabel(self.tr("dashboard: {url}").format(url=region.dashboard))
            beside.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(beside, row, 1)
            widgets.append(beside)
        elif region.base and not region.custom:
            beside = QLabel(region.base)
            self.grid.addWidget(beside, row, 1)
            widgets.append(beside)
        row += 1
        if region.custom:
            edit = QLineEdit()
            edit.setObjectName(f"address_{region.id}")
            edit.setPlaceholderText(region.placeholder or "https://your-host.example.com")
            edit.setFont(monospace())
            edit.textEdited.connect(self.on_edit_textEdited)
            self.edits[region.id] = edit
            self.grid.addWidget(edit, row, 0, 1, 2)
            widgets.append(edit)
            row += 1
        texts = [region.note]
        # What the vendor has not confirmed is said once, in the data's own words, even
        # when several regions share it (mParticle's four data-centre hosts).
        if region.certainty and region.certainty not in self._said:
            self._said.add(region.certainty)
            texts.append(region.certainty)
        for text in filter(None, texts):
            label = wrapped(text)
            label.setIndent(24)
            if text is not region.note:
                note(label, "partial")
            self.grid.addWidget(label, row, 0, 1, 2)
            widgets.append(label)
            row += 1
        if region.advanced:
            self.advanced_rows.extend(widgets)
        return row

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
        profile = self.profile
        region = profile.region if profile.region in self.radios else ""
        if not region and profile.custom_base and self.edits:
            region = next(iter(self.edits))
        region = region or self.destination.default_region
        for edit in self.edits.values():
            if profile.custom_base and not edit.text():
                edit.setText(profile.custom_base)
        advanced = any(self.radios.get(region) is w for w in self.advanced_rows)
        self.show_advanced.setChecked(advanced or self.show_advanced.isChecked())
        self.on_show_advanced_toggled(self.show_advanced.isChecked())
        if region in self.radios:
            self.radios[region].setChecked(True)
        self.refresh_url()

    def on_show_advanced_toggled(self, shown: bool) -> None:
        for widget in self.advanced_rows:
            widget.setVisible(shown)

    def choose(self, region_id: str) -> None:
        """Select a region by id (the same as clicking its radio button)."""
        self.radios[region_id].setChecked(True)

    def _typed(self) -> str:
        """The address typed for the chosen region, or, for a destination whose URL is
        the typed address, the one typed for it (the sandbox then keeps its path)."""
        region = self.profile.region
        if region in self.edits:
            return self.edits[region].text().strip()
        if region == SANDBOX_REGION and self.destination.url == "{base}" and self.edits:
            return next(iter(self.edits.values())).text().strip()
        return ""

    def on_group_buttonToggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked or self.session.profile is None:
            return
        region = str(button.property("region"))
        self.profile.region = region
        # What was typed stays in its field when another region is chosen.
        self.profile.custom_base = self._typed()
        for region_id, edit in self.edits.items():
            keep = region == SANDBOX_REGION and self.destination.url == "{base}"
            edit.setEnabled(region_id == region or keep)
        if region in self.edits:
            self.edits[region].setFocus()
        self.refresh_url()
        self.completeChanged.emit()

    def on_edit_textEdited(self, _text: str) -> None:
        self.profile.custom_base = self._typed()
        self.refresh_url()
        self.completeChanged.emit()

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
                    "The sandbox runs on this computer only; before handing the integration "
                    "over, come back here and choose where the requests really go."
                )
            )
        else:
            self.url_note.setText("")
        self.url_note.setVisible(bool(self.url_note.text()))

    def isComplete(self) -> bool:
        if self.session.profile is None or self.group.checkedButton() is None:
            return False
        return self.profile.region not in self.edits or bool(self.profile.custom_base)

    def validatePage(self) -> bool:
        problems = [
            f"{p.message} {p.hint}"
            for p in check_settings(self.profile, self.destination)
            if p.path == "URL" and p.severity is Severity.ERROR
        ]
        parts = urlsplit(self.profile.custom_base)
        if self.profile.region == CUSTOM_REGION and (
            parts.scheme not in ("http", "https") or not parts.hostname
        ):
            problems.append(self.tr("The address must start with https:// and name a host."))
        if problems:
            self.say(problems[0])
            edit = self.edits.get(self.profile.region)
            if edit is not None:
                edit.setFocus()
            return False
        try:
            self.session.endpoint()
        except (RequestError, OSError) as exc:
            self.say(str(exc))
            return False
        self.say("")
        return True
