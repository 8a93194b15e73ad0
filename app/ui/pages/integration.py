"""Page 1: which integration to set up, or which saved profile to continue."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.destination import paths
from app.core.destination.index import catalogue_index
from app.core.destination.profile import ProfileError, load_profile
from app.ui import lean
from app.ui.pages.base import HooksmithPage
from app.ui.profile_delete import delete_saved_profile
from app.ui.session import Session
from app.ui.style import bold
from app.ui.widgets import note, scrolling, wrapped

PATH_ROLE = lean.USER_ROLE + 2


class IntegrationPage(HooksmithPage):
    """Lists the catalogue's destinations (title and summary), the saved profiles, and
    the support tools.

    Signals:
        toolRequested(str): the user asked for a support tool (``import``, ``diagnose``,
            ``logs`` or ``history``); the wizard opens it.
    """

    toolRequested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("What do you want to connect?"))
        self.setSubTitle(
            self.tr("Pick an integration to set up, or continue one you saved earlier.")
        )
        # Titles and summaries come from the catalogue's index: the destinations
        # themselves are built after the window shows (with the later pages) or when
        # one is chosen, whichever comes first.
        index = catalogue_index()
        self.titles = {entry.id: entry.title for entry in index.entries}
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}

        new_box = QGroupBox(self.tr("New integration"))
        new_layout = QVBoxLayout(new_box)
        for entry in index.entries:
            radio = QRadioButton(entry.title)
            radio.setObjectName(f"destination_{entry.id}")
            bold(radio)
            summary = wrapped(entry.summary)
            summary.setIndent(24)
            summary.setBuddy(radio)
            self.group.addButton(radio)
            self.radios[entry.id] = radio
            new_layout.addWidget(radio)
            new_layout.addWidget(summary)
        # A destination file that does not meet the format is left out; say which and why.
        skipped = list(index.problems)
        self.skipped = wrapped(selectable=True)
        self.skipped.setObjectName("skippedDestinations")
        note(self.skipped, "error")
        self.skipped.setText(
            "\n".join([self.tr("Left out, because their files are broken:"), *skipped])
        )
        self.skipped.setVisible(bool(skipped))
        new_layout.addWidget(self.skipped)
        self.group.buttonToggled.connect(self.completeChanged)

        saved_box = QGroupBox(self.tr("Saved profiles"))
        saved_layout = QVBoxLayout(saved_box)
        label = QLabel(self.tr("&Continue a saved integration:"))
        self.saved = QListWidget()
        self.saved.setObjectName("savedProfiles")
        label.setBuddy(self.saved)
        self.saved.itemActivated.connect(lambda item: self.open_profile(item.data(PATH_ROLE)))
        self.open_button = QPushButton(self.tr("&Open selected"))
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.browse_button = QPushButton(self.tr("Open a saved profile fi&le…"))
        self.browse_button.clicked.connect(self.on_browse_button_clicked)
        self.delete_button = QPushButton(self.tr("D&elete selected…"))
        self.delete_button.setObjectName("deleteProfile")
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.browse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        saved_layout.addWidget(label)
        saved_layout.addWidget(self.saved, 1)
        saved_layout.addLayout(buttons)

        tools_box = QGroupBox(self.tr("Support tools"))
        tools_box.setObjectName("supportTools")
        tools_layout = QHBoxLayout()
        tools_outer = QVBoxLayout(tools_box)
        tools_outer.addWidget(
            wrapped(
                self.tr("Start from a webhook that already exists, or find out why one failed.")
            )
        )
        tools_outer.addLayout(tools_layout)
        self.tool_buttons: dict[str, QPushButton] = {}
        for name, text, tip in (
            (
                "import",
                self.tr("&Import a webhook…"),
                self.tr("From a JSON file, curl or Talon.One"),
            ),
            (
                "diagnose",
                self.tr("&Diagnose a payload…"),
                self.tr("Find what is wrong in a sent payload"),
            ),
            ("logs", self.tr("Delivery lo&gs…"), self.tr("Talon.One's recent webhook deliveries")),
            ("history", self.tr("&History…"), self.tr("Past test fires: read, replay, bundle")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"tool_{name}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, n=name: self.toolRequested.emit(n))
            tools_layout.addWidget(button)
            self.tool_buttons[name] = button
        tools_layout.addStretch(1)

        self.saved.setMinimumHeight(self.fontMetrics().height() * 4)
        # In a small window (or at 200 %) the page scrolls: the summaries keep every line.
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(new_box)
        column.addWidget(saved_box, 1)
        column.addWidget(tools_box)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(inner), 1)
        layout.addWidget(self.message)
        session.profileSaved.connect(lambda _path: self.refresh_saved())

    def initializePage(self) -> None:
        current = self.session.destination
        if current is not None and current.id in self.radios:
            self.radios[current.id].setChecked(True)
        elif self.group.checkedButton() is None and self.radios:
            next(iter(self.radios.values())).setChecked(True)
        self.refresh_saved()

    def refresh_saved(self) -> None:
        """List the profiles in the profiles folder; unreadable files say so."""
        self.saved.clear()
        folder = paths.profiles_dir()
        files = sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []
        for path in files:
            try:
                profile = load_profile(path)
                title = self.titles.get(profile.destination, profile.destination)
                text = f"{profile.name} — {title}"
            except ProfileError:
                text = self.tr("{name} (cannot be read)").format(name=path.name)
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.saved.addItem(item)
        if not files:
            item = QListWidgetItem(
                self.tr(
                    "No saved profiles yet. Integrations you save on the last page appear here."
                )
            )
            self.saved.addItem(item)
        # Nothing to pick: the list is greyed out and skipped by Tab.
        self.saved.setEnabled(bool(files))
        self.saved.setToolTip(self.tr("Saved in {folder}").format(folder=folder))
        self.open_button.setEnabled(bool(files))
        self.delete_button.setEnabled(bool(files))

    def selected(self) -> str | None:
        """The id of the integration picked, if any."""
        for destination_id, radio in self.radios.items():
            if radio.isChecked():
                return destination_id
        return None

    def isComplete(self) -> bool:
        return self.selected() is not None

    def validatePage(self) -> bool:
        from app.core.destination.catalogue import get_destination

        destination_id = self.selected()
        if destination_id is None:
            self.say(self.tr("Choose an integration first."))
            return False
        self.session.choose(get_destination(destination_id))
        self.say("")
        return True

    def on_open_button_clicked(self) -> None:
        item = self.saved.currentItem() or self.saved.item(0)
        if item is not None and item.data(PATH_ROLE):
            self.open_profile(item.data(PATH_ROLE))

    def on_delete_button_clicked(self) -> None:
        """Delete the selected profile file; its secrets too if the user agrees."""
        item = self.saved.currentItem()
        if item is None or not item.data(PATH_ROLE):
            self.say(self.tr("Select the profile to delete first."))
            return
        self.say(delete_saved_profile(self, self.session, Path(item.data(PATH_ROLE))))
        self.refresh_saved()

    def on_browse_button_clicked(self) -> None:
        path = self.session.prompter.open_file(
            self,
            self.tr("Open a saved profile"),
            str(paths.profiles_dir()),
            self.tr("Hooksmith profiles (*.hooksmith.json *.json);;All files (*)"),
        )
        if path:
            self.open_profile(path)

    def open_profile(self, path: str | Path | None) -> bool:
        """Load ``path`` and go on to the next page; a bad file is explained here."""
        if not path:
            return False
        try:
            self.session.open(Path(path))
        except ProfileError as exc:
            self.say(str(exc))
            return False
        self.say("")
        self.radios[self.session.profile.destination].setChecked(True)  # type: ignore[union-attr]
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()
        return True
