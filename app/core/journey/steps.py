"""The steps of a journey: which pages apply to a destination, and where the user is.

The wizard shows only the steps that apply (a destination called with a URL alone has no
body to edit; one with nothing to enter has no credentials step) and tells the user in
each page's title where they are and what is left. The decision lives here, so a page
never shows empty for a destination it does not apply to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the first page lists steps before the catalogue is built
    from app.core.destination.catalogue import Destination

#: Every step, in journey order, with the name the user sees.
ALL_STEPS: dict[str, str] = {
    "integration": "Integration",
    "region": "Region",
    "credentials": "Credentials",
    "mapping": "Mapping",
    "payload": "Payload",
    "fire": "Test fire",
    "handover": "Hand-over",
}


def has_credentials_step(destination: Destination) -> bool:
    """Something to enter or choose: a credential, an option, a method or a way to log in."""
    return bool(
        destination.credentials
        or destination.options
        or len(destination.verbs) > 1
        or (destination.auth is not None and destination.auth.options)
    )


def has_payload_step(destination: Destination) -> bool:
    """A body to edit: every destination but those called with a URL alone."""
    from app.core.destination.catalogue import takes_url

    return not takes_url(destination)


def journey_steps(destination: Destination | None) -> list[str]:
    """The steps that apply to ``destination`` (all of them before one is chosen)."""
    if destination is None:
        return list(ALL_STEPS)
    skip = set()
    if not has_credentials_step(destination):
        skip.add("credentials")
    if not has_payload_step(destination):
        skip.add("payload")
    return [step for step in ALL_STEPS if step not in skip]


@dataclass(frozen=True)
class StepPlace:
    """Where ``step`` is on a journey: its number, the total, and the steps after it."""

    number: int
    total: int
    after: tuple[str, ...]

    def text(self) -> str:
        """``Step 4 of 6 · next: Test fire, Hand-over`` ("" for a step not on the journey)."""
        if not self.number:
            return ""
        left = (
            "next: " + ", ".join(ALL_STEPS[s] for s in self.after)
            if self.after
            else "the last step"
        )
        return f"Step {self.number} of {self.total} · {left}"


def step_place(steps: list[str], step: str) -> StepPlace:
    """Where ``step`` is on the journey ``steps``."""
    if step not in steps:
        return StepPlace(0, len(steps), ())
    index = steps.index(step)
    return StepPlace(index + 1, len(steps), tuple(steps[index + 1 :]))
