"""Slot editors honour a slot's ``sources`` and ``types``: typed fixed values are
checked, values a slot does not take are kept but named, documented keys are offered."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.ui.slot_keys import KeyCombo, key_problem
from app.ui.sources import MapEditor, SourceEditor, literal_problem

TYPES = ["string", "number", "boolean", "time"]


@pytest.mark.parametrize(
    ("value", "kind", "ok"),
    [
        ("42", "number", True),
        ("-9.99", "number", True),
        ("1e3", "number", True),
        ("nine", "number", False),
        ("0x1F", "number", False),
        ("true", "boolean", True),
        ("yes", "boolean", False),
        ("2024-05-01T12:00:00Z", "time", True),
        ("2024-05-01T12:00:00.5+02:00", "time", True),
        ("2024-05-01", "time", False),
        ("2024-13-01T00:00:00Z", "time", False),
        ("anything at all", "string", True),
    ],
)
def test_fixed_values_are_checked_against_their_type(value: str, kind: str, ok: bool) -> None:
    assert (literal_problem(value, kind) == "") is ok


def test_a_literal_only_slot_hides_the_chooser_and_keeps_what_it_does_not_take(
    qtbot: QtBot,
) -> None:
    editor = SourceEditor(["literal"], TYPES)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.kind.count() == 1 and not editor.kind.isVisible()
    assert editor.focusProxy() is editor.name
    editor.type.setCurrentIndex(editor.type.findData("time"))
    assert editor.name.placeholderText() == "a time, e.g. 2024-05-01T12:00:00Z"

    # A profile written elsewhere says this value comes from a webhook parameter.
    editor.set_source({"kind": "param", "name": "Price", "type": "date"})
    assert editor.kind.isVisible() and editor.kind.count() == 2
    assert editor.kind.currentText() == "Webhook parameter (not usable here)"
    assert editor.source() == {"kind": "param", "name": "Price", "type": "date"}
    assert editor.problem() == "Webhook parameter cannot be used here; use fixed value."
    editor.kind.setCurrentIndex(editor.kind.findData("literal"))
    assert (
        editor.problem() == "The type date cannot be used here; use string, number, boolean, time."
    )
    editor.type.setCurrentIndex(editor.type.findData("number"))
    assert editor.problem() == "'Price' is not a number; write it like 42 or 9.99."

    editor.set_source({"kind": "literal", "name": "9.99", "type": "number"})
    assert editor.kind.count() == 1 and editor.type.count() == len(TYPES)  # marks gone
    assert editor.problem() == ""


def test_a_source_without_a_name_gives_its_room_to_the_chooser(qtbot: QtBot) -> None:
    editor = SourceEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.set_source({"kind": "integration_id"})
    assert not editor.name.isVisible()
    editor.kind.setCurrentIndex(editor.kind.findData("attribute"))
    assert editor.name.isVisible() and editor.name.placeholderText().startswith("attribute")


def test_documented_keys_are_offered_and_misspellings_named(qtbot: QtBot) -> None:
    choices = ["customer_id", "email", "other_id_5"]
    suggest = {"other5": "other_id_5"}
    assert (
        key_problem("other5", choices, suggest) == "other5 is not a documented key: use other_id_5."
    )
    assert key_problem("Email", choices, suggest) == "Email is not a documented key: use email."
    assert "choose one from the list" in key_problem("fax", choices, suggest)
    assert key_problem("email", choices, suggest) == ""

    editor = MapEditor("Identity", key_choices=choices, key_suggest=suggest)
    qtbot.addWidget(editor)
    editor.show()
    editor.set_entries([{"key": "other5", "kind": "attribute", "name": "loyalty"}])
    key = editor.rows[0][0]
    assert isinstance(key, KeyCombo) and key.text() == "other5"  # kept, and named
    assert [key.itemText(i) for i in range(key.count())] == choices
    assert editor.hint.isVisible() and "use other_id_5" in editor.hint.text()
    key.setCurrentIndex(2)
    key.textActivated.emit(key.currentText())  # what choosing from the list sends
    assert editor.entries()[0]["key"] == "other_id_5" and not editor.hint.isVisible()


def test_an_untouched_new_row_of_a_literal_map_is_not_an_entry(qtbot: QtBot) -> None:
    editor = MapEditor("Attribute", ["literal"], TYPES)
    qtbot.addWidget(editor)
    editor.add_row()
    assert editor.rows[0][1].source()["kind"] == "literal"
    assert editor.entries() == []
