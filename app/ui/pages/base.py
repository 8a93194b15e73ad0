"""What every page shares: the session, and a place to say what is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from app.core.destination.profile import Profile
from app.ui.session import Session
from app.ui.widgets import note, wrapped

if TYPE_CHECKING:  # the first page lists the catalogue's index, not its destinations
    from app.core.destination.catalogue import Destination


#: What html.escape replaces, without importing html (and html.entities) at start-up.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


class HooksmithPage(QWizardPage):
    """A wizard page built in code around the shared :class:`Session`.

    Args:
        session: the wizard's state (profile, destination, services, prompter).
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = wrapped()
        self.message.setObjectName("pageMessage")
        self.message.hide()
        note(self.message, "error")
        self.heading = ""
        self.step_text = ""

    def setTitle(self, title: str) -> None:
        """The page's own heading; the wizard adds where the user is on the journey."""
        self.heading = title
        self._show_title()

    def show_step(self, text: str) -> None:
        """``Step 4 of 6 · next: Test fire, Hand-over`` beside the heading ("" for none)."""
        self.step_text = text
        self._show_title()

    def _show_title(self) -> None:
        title = self.heading.translate(_HTML)
        if self.step_text:
            title += (
                '&nbsp;&nbsp;&nbsp;<span style="font-weight:normal">'
                f"{self.step_text.translate(_HTML)}</span>"
            )
        super().setTitle(title)

    @property
    def profile(self) -> Profile:
        assert self.session.profile is not None, "no integration chosen yet"
        return self.session.profile

    @property
    def destination(self) -> Destination:
        assert self.session.destination is not None, "no integration chosen yet"
        return self.session.destination

    def say(self, text: str) -> None:
        """Show what is wrong and what to do (empty text hides the message)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def message_label(self) -> QLabel:
        return self.message
