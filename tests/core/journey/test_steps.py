"""app/core/journey/steps.py: which pages a journey has, and where the user is on it."""

from __future__ import annotations

import dataclasses

from app.core.destination.catalogue import get_destination
from app.core.journey.steps import ALL_STEPS, journey_steps, step_place


def test_every_step_applies_to_a_talon_one_webhook() -> None:
    assert journey_steps(get_destination("clevertap")) == list(ALL_STEPS)
    assert journey_steps(None) == list(ALL_STEPS)  # nothing chosen yet


def test_a_destination_called_with_a_url_alone_has_no_payload_step() -> None:
    # Bloomreach calls Talon.One with a GET and a query string: there is no body to edit.
    steps = journey_steps(get_destination("bloomreach-referral"))
    assert "payload" not in steps and steps[-2:] == ["fire", "handover"]


def test_a_destination_with_nothing_to_enter_has_no_credentials_step() -> None:
    bare = dataclasses.replace(
        get_destination("talon-event"), credentials=(), options=(), verbs=("POST",), auth=None
    )
    assert "credentials" not in journey_steps(bare)


def test_the_place_says_where_the_user_is_and_what_is_left() -> None:
    steps = journey_steps(get_destination("bloomreach-referral"))
    place = step_place(steps, "mapping")
    assert (place.number, place.total) == (4, 6)
    assert place.text() == "Step 4 of 6 · next: Test fire, Hand-over"
    assert step_place(steps, "handover").text() == "Step 6 of 6 · the last step"
    assert step_place(steps, "payload").text() == ""  # not on this journey
