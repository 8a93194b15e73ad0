"""Whatever the user does while the later pages are still being built, what the wizard
shows is true: a hypothesis state machine lets the event loop build a few pages (or
none), picks integrations, goes Next and Back and asks for pages, and after every step
checks that every page exists once there is a journey, that each built page's title
names its place on the journey chosen now, and that the page shown is one that applies.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.journey.steps import journey_steps, step_place
from app.core.secrets.store import MemoryStore
from app.ui.pages.base import HooksmithPage
from app.ui.pages.integration import IntegrationPage
from app.ui.wizard import PAGE_STEPS, HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter

#: A journey with every step, one without Payload (a URL alone) and a custom webhook.
CHOICES = ("clevertap", "bloomreach-referral", "custom", "braze")
EVERY_PAGE = [int(p) for p in PageId]


class BuildMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.wizard = HooksmithWizard(Services(store=MemoryStore()), ScriptedPrompter())
        self.wizard.show()

    def teardown(self) -> None:
        self.wizard.done(0)
        self.wizard.deleteLater()
        QApplication.processEvents()

    @rule(turns=st.integers(min_value=0, max_value=8))
    def let_the_event_loop_run(self, turns: int) -> None:
        for _ in range(turns):
            QApplication.processEvents()

    @precondition(lambda self: self.wizard.currentId() == PageId.INTEGRATION)
    @rule(choice=st.sampled_from(CHOICES))
    def choose_and_go_on(self, choice: str) -> None:
        page = QWizard.page(self.wizard, PageId.INTEGRATION)
        assert isinstance(page, IntegrationPage)
        page.radios[choice].setChecked(True)
        self.wizard.next()
        assert self.wizard.currentId() != PageId.INTEGRATION

    @rule()
    def next(self) -> None:
        self.wizard.next()

    @rule()
    def back(self) -> None:
        self.wizard.back()

    @rule(page_id=st.sampled_from(list(PageId)))
    def ask_for_a_page(self, page_id: PageId) -> None:
        assert self.wizard.page_for(page_id) is not None

    @invariant()
    def what_is_shown_is_true(self) -> None:
        wizard = self.wizard
        built = wizard.pageIds()
        if wizard.session.journey is not None:
            assert built == EVERY_PAGE
        steps = journey_steps(wizard.session.destination)
        for page_id in built:
            page = QWizard.page(wizard, page_id)
            if isinstance(page, HooksmithPage):
                place = step_place(steps, PAGE_STEPS[PageId(page_id)])
                assert place.text() in page.title(), (page_id, page.title())
        assert PAGE_STEPS[PageId(wizard.currentId())] in steps


def test_what_the_wizard_shows_is_true_while_pages_are_built(qtbot: QtBot) -> None:
    run_state_machine_as_test(
        BuildMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
