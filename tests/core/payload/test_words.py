"""Words a marketer reads: counts in plain English, and data-file texts that stay true
whatever the state (where secrets are kept, which pages exist, which destination)."""

from __future__ import annotations

import pytest

from app.core.destination.catalogue import SANDBOX_REGION, Destination, load_catalogue
from app.core.destination.resources import resource_path
from app.core.handover.export import export_problems
from app.core.payload.mapping import new_profile
from app.core.payload.words import counted


def test_counts_are_said_in_plain_english() -> None:
    assert counted(1, "thing") == "1 thing"
    assert counted(3, "thing") == "3 things"
    assert counted(0, "problem") == "0 problems"
    assert counted(2, "copy", "copies") == "2 copies"


@pytest.mark.parametrize("destination", load_catalogue(), ids=lambda d: d.id)
def test_data_file_texts_do_not_contradict_the_state(destination: Destination) -> None:
    text = resource_path("destinations", f"{destination.id}.json").read_text()
    fields = " ".join(f.help for f in destination.credentials)
    # Where secrets are kept is said by the page, from the store in use (keyring or
    # this session only): a field's help cannot know.
    assert "keyring" not in fields.lower()
    assert "identity page" not in text


@pytest.mark.parametrize("destination", load_catalogue(), ids=lambda d: d.id)
def test_going_back_from_the_sandbox_names_the_page_not_a_region(
    destination: Destination,
) -> None:
    profile = new_profile(destination, region=SANDBOX_REGION)
    sandbox = [p for p in export_problems(profile, destination) if p.code == "export.sandbox"]
    for problem in sandbox:
        assert "real region" not in problem.hint
        assert "Region page" in problem.hint
