"""The Hooksmith wizard: seven pages from choosing an integration to handing it over.

Only the first page is built before the window shows. The others (and the modules they
import: the journey, the fire engine's interpretation, the editors) are built one per
turn of the event loop once the first page is on screen, or all at once as soon as
something needs them: Next, a journey becoming current, a test asking for a page. So
every page exists before there is a journey to show, and the first paint waits for
none of them.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.core.destination.profile import Profile
from app.core.journey.services import Services
from app.core.journey.steps import journey_steps, step_place
from app.ui import lean
from app.ui.compat import guard_refcounts
from app.ui.dialogs import Prompter
from app.ui.pages.base import HooksmithPage
from app.ui.pages.integration import IntegrationPage
from app.ui.session import Session

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from app.ui.support.tools import SupportTools


class PageId(IntEnum):
    """Page ids, in journey order."""

    INTEGRATION = 0
    REGION = 1
    CREDENTIALS = 2
    MAPPING = 3
    PAYLOAD = 4
    FIRE = 5
    HANDOVER = 6


#: The journey steps the core names (app.core.journey.steps, readiness items), as wizard pages.
STEP_PAGES = {
    "integration": PageId.INTEGRATION,
    "region": PageId.REGION,
    "credentials": PageId.CREDENTIALS,
    "mapping": PageId.MAPPING,
    "payload": PageId.PAYLOAD,
    "fire": PageId.FIRE,
    "handover": PageId.HANDOVER,
}

PAGE_STEPS = {page_id: step for step, page_id in STEP_PAGES.items()}

#: Where the class of each page after the first lives (imported when it is built).
LATER_PAGES: dict[PageId, tuple[str, str]] = {
    PageId.REGION: ("app.ui.pages.region", "RegionPage"),
    PageId.CREDENTIALS: ("app.ui.pages.credentials", "CredentialsPage"),
    PageId.MAPPING: ("app.ui.pages.mapping", "MappingPage"),
    PageId.PAYLOAD: ("app.ui.pages.payload", "PayloadPage"),
    PageId.FIRE: ("app.ui.pages.fire", "FirePage"),
    PageId.HANDOVER: ("app.ui.pages.handover", "HandoverPage"),
}


#: The size the wizard opens at when the screen has room for it.
PREFERRED_SIZE = QSize(1000, 720)
#: Room left around the window for the title bar and borders a window manager adds.
DECORATION = QSize(20, 40)


class HooksmithWizard(QWizard):
    """The whole journey for one integration.

    Args:
        services: secret store, sandbox and network settings (tests pass their own).
        prompter: modal questions and file choosers (tests pass a scripted one).
    """

    def __init__(
        self,
        services: Services,
        prompter: Prompter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        guard_refcounts()
        super().__init__(parent)
        self.session = Session(services, prompter or Prompter(), self)
        self.setWindowTitle(self.tr("Hooksmith"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Se&ttings…"))
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.setButtonText(QWizard.WizardButton.CustomButton2, self.tr("Sa&ved credentials…"))
        self.customButtonClicked.connect(self.on_customButtonClicked)
        self._leaving = False
        self._shown = False
        self._support: SupportTools | None = None
        lean.set_qt(self, "titleFormat", lean.RICH_TEXT)  # the step beside the heading
        integration = IntegrationPage(self.session)
        integration.toolRequested.connect(self.open_tool)
        self._add_page(PageId.INTEGRATION, integration)
        self.currentIdChanged.connect(self.on_currentIdChanged)
        self.session.aboutToReplace.connect(self.build_pages)
        self.session.profileReplaced.connect(self.show_steps)
        self.setStartId(PageId.INTEGRATION)
        self.fit_to_screen()

    # -- building the pages after the first ---------------------------------------------

    def _add_page(self, page_id: PageId, page: QWizardPage) -> None:
        for button in page.findChildren(QPushButton):
            # Return means Next (or Finish) on every page, never a page's own button.
            button.setAutoDefault(False)
        self.setPage(page_id, page)
        if isinstance(page, HooksmithPage):
            steps = journey_steps(self.session.destination)
            page.show_step(step_place(steps, PAGE_STEPS[page_id]).text())
        checklist = getattr(page, "checklist", None)  # the hand-over's go-live checklist
        if checklist is not None:
            checklist.goTo.connect(self.go_to_step)

    def _missing_pages(self) -> list[PageId]:
        return [p for p in LATER_PAGES if QWizard.page(self, p) is None]

    def _build_page(self, page_id: PageId) -> None:
        module, name = LATER_PAGES[page_id]
        cls = getattr(importlib.import_module(module), name)
        self._add_page(page_id, cls(self.session))

    def build_pages(self) -> None:
        """Build every page not built yet, in journey order."""
        for page_id in self._missing_pages():
            self._build_page(page_id)

    def setVisible(self, visible: bool) -> None:
        # Not showEvent: a Python event handler makes PySide6 create QEvent's enum
        # classes (179 event types, 2 ms) before the first paint.
        super().setVisible(visible)
        if visible and not self._shown:
            self._shown = True
            # Twice through the event loop: the first paint happens in between.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._after_paint))

    def _after_paint(self) -> None:
        """What the first page does not show: the settings shortcut (naming QKeySequence
        creates its enum classes), then the later pages."""
        from PySide6.QtGui import QKeySequence, QShortcut

        # Ctrl+, (Cmd+, on a Mac): Qt's standard Preferences key is unbound on most Linux
        # desktops.
        QShortcut(QKeySequence("Ctrl+,"), self, self.open_settings)
        self._build_one()

    def _build_one(self) -> None:
        """Import the next missing page's module, or build the page when it is imported,
        then yield to input before the next step (each step is a few milliseconds)."""
        missing = self._missing_pages()
        if not missing:
            # Last, the destinations themselves (the first page listed their index), so
            # the first Next does not wait for them.
            from app.core.destination.catalogue import CatalogueError, load_catalogue

            with contextlib.suppress(CatalogueError):  # the first page says what is wrong
                load_catalogue()
            return
        module = LATER_PAGES[missing[0]][0]
        if module in sys.modules:
            self._build_page(missing[0])
        else:
            importlib.import_module(module)
        QTimer.singleShot(0, self, self._build_one)

    def page(self, page_id: int) -> QWizardPage:
        """The page ``page_id``, built now if it was not yet."""
        if page_id in LATER_PAGES and QWizard.page(self, page_id) is None:
            self.build_pages()
        return QWizard.page(self, page_id)

    def validateCurrentPage(self) -> bool:
        self.build_pages()  # Next goes to a page that must exist
        return super().validateCurrentPage()

    @property
    def support(self) -> SupportTools:
        """The support views (import, diagnose, delivery logs, history), made on first use."""
        if self._support is None:
            from app.ui.support.tools import SupportTools

            self._support = SupportTools(self.session, self.open_imported, self)
        return self._support

    def open_tool(self, name: str) -> None:
        """Open the support view ``name`` (the first page's buttons)."""
        self.support.open(name)

    def fit_to_screen(self) -> None:
        """Open at :data:`PREFERRED_SIZE`, or smaller where the screen's free area (panels
        and task bars aside) has less room, centred in it. A 1920x1080 screen at 200 %
        has 960x540 logical pixels: every page is laid out to be usable there."""
        # The window is not shown yet: it opens on the primary screen. (Asking
        # QWidget.screen() here made a later paint crash in QScreen::virtualSiblings
        # with PySide6 6.11 on the offscreen platform.)
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED_SIZE)
            return
        free = screen.availableGeometry()
        size = PREFERRED_SIZE.boundedTo(free.size() - DECORATION)
        self.resize(size)
        self.move(
            free.x() + max(0, free.width() - size.width() - DECORATION.width()) // 2,
            free.y() + max(0, free.height() - size.height() - DECORATION.height()) // 2,
        )

    def page_for(self, page_id: PageId) -> QWizardPage:
        """The page object for ``page_id`` (tests and the launcher use it)."""
        return self.page(page_id)

    def current(self) -> PageId:
        return PageId(self.currentId())

    def nextId(self) -> int:
        """The next page that applies to the chosen destination (app.core.journey.steps)."""
        steps = journey_steps(self.session.destination)
        following = (p for p in PageId if p > self.currentId() and PAGE_STEPS[p] in steps)
        return int(next(following, -1))

    def show_steps(self) -> None:
        """Tell every page where it is on the journey and what is left."""
        steps = journey_steps(self.session.destination)
        for page_id, step in PAGE_STEPS.items():
            page = QWizard.page(self, page_id)  # pages not built yet get theirs when built
            if isinstance(page, HooksmithPage):
                page.show_step(step_place(steps, step).text())

    def open_profile(self, path: str | Path) -> bool:
        """Open a saved profile and continue at the region page.

        A file that cannot be read is explained on the first page; the wizard stays there.
        """
        if self.currentId() != PageId.INTEGRATION:
            self.restart()
        page = self.page(PageId.INTEGRATION)
        assert isinstance(page, IntegrationPage)
        return page.open_profile(path)

    def open_imported(self, profile: Profile) -> None:
        """Make an imported (unsaved) profile current and continue at the region page."""
        if self.currentId() != PageId.INTEGRATION:
            self.restart()
        self.session.adopt(profile)
        page = self.page(PageId.INTEGRATION)
        assert isinstance(page, IntegrationPage)
        page.radios[profile.destination].setChecked(True)
        self.next()

    def on_customButtonClicked(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.open_settings()
        elif which == QWizard.WizardButton.CustomButton2.value:
            self.open_credentials()

    def open_credentials(self) -> int:
        """The credentials manager; the credentials page re-reads what it changed."""
        from app.ui.credentials_manager import open_credentials_manager
        from app.ui.pages.credentials import CredentialsPage

        page = self.page(PageId.CREDENTIALS)
        assert isinstance(page, CredentialsPage)
        return open_credentials_manager(self.session, self, page.reload_secrets)

    def open_settings(self) -> bool:
        """Edit the network settings, use them at once and save them for next time.

        Returns:
            True when the user accepted the dialog.
        """
        from app.core.http.settings import SettingsError, save_settings
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.services.settings, self.session.prompter, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return False
        settings = dialog.settings()
        self.session.services.settings = settings
        try:
            save_settings(settings)
        except (SettingsError, OSError) as exc:
            self.session.prompter.inform(
                self,
                self.tr("Settings kept for this session"),
                self.tr(
                    "The settings are used until Hooksmith closes, but could not be saved: {reason}"
                ).format(reason=exc),
            )
        return True

    # -- moving around ------------------------------------------------------------------

    def on_currentIdChanged(self, page_id: int) -> None:
        """Keys act on the page shown: never leave focus on a hidden page's widget
        (arrow keys on the first page's radio buttons would switch integration).

        The first page shown is focused after the window's first paint, with the later
        pages' building: focusing names ``Qt`` (see :mod:`app.ui.lean`)."""
        if self._shown:
            QTimer.singleShot(0, self, self._focus_current_page)
        else:
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._focus_current_page))

    def _focus_current_page(self) -> None:
        from PySide6.QtCore import Qt

        page = self.currentPage()
        if page is None:
            return
        # A page of choices (integration, region) starts on the one chosen, so the arrow
        # keys move from it and Tab leaves the group.
        chosen = next(
            (r for r in page.findChildren(QRadioButton) if r.isChecked() and r.isVisible()),
            None,
        )
        if chosen is not None:
            chosen.setFocus(Qt.FocusReason.TabFocusReason)
            return
        focused = QApplication.focusWidget()
        if focused is not None and focused.isVisible():
            return
        for child in page.findChildren(QWidget):
            if (
                child.isVisible()
                and child.isEnabled()
                and child.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                child.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.button(QWizard.WizardButton.NextButton).setFocus()

    def go_to_step(self, step: str) -> None:
        """Go back to the page where a checklist item is fixed."""
        target = STEP_PAGES.get(step)
        if target is None:
            return
        while self.currentId() > target and self.currentId() != self.startId():
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break

    # -- closing ------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Ask before losing unsaved work: Save, Discard, or go back to the wizard."""
        journey = self.session.journey
        if journey is None or not journey.changed or self.result() == QWizard.DialogCode.Accepted:
            return True
        answer = self.session.prompter.choose(
            self,
            self.tr("Unsaved changes"),
            self.tr(
                "“{name}” has unsaved changes. Save the profile before closing? "
                "Secrets are kept in the keyring either way."
            ).format(name=journey.profile.name or journey.destination.title),
            [
                ("save", self.tr("&Save")),
                ("discard", self.tr("&Discard")),
                ("back", self.tr("&Back to the wizard")),
            ],
        )
        if answer == "save":
            try:
                self.session.save()
            except OSError as exc:
                self.session.prompter.error(
                    self,
                    self.tr("Not saved"),
                    self.tr("The profile could not be saved: {error}").format(error=exc),
                )
                return False
            return True
        return answer == "discard"

    def reject(self) -> None:
        """Cancel and Escape: ask first when there is unsaved work."""
        if self._leaving or self.may_close():
            self._leaving = True
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leaving and self.isVisible() and not self.may_close():
            event.ignore()
            return
        self._leaving = True  # QDialog's closeEvent calls reject(): do not ask twice
        self.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)
        self._leaving = False

    def shutdown(self) -> None:
        """Cancel a fire in flight and wait briefly for its thread (a page or view not
        built yet has nothing running)."""
        fire = QWizard.page(self, PageId.FIRE)
        runner = getattr(fire, "runner", None)
        if runner is not None:
            runner.shutdown()
        if self._support is not None:
            self._support.shutdown()
        self.session.background.shutdown()
