"""The payload page: highlighted template, parameters, live preview, problems."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.secrets.store import MASK
from app.ui.pages.payload import PayloadPage
from app.ui.style import tone
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import click, wizard_at

SECRETS = {"passcode": "sandbox-passcode"}
CREDENTIALS = {"account_id": "SANDBOX-PROJECT"}


def page_of(wizard: HooksmithWizard) -> PayloadPage:
    page = wizard.page_for(PageId.PAYLOAD)
    assert isinstance(page, PayloadPage)
    return page


def open_payload(qtbot: QtBot, services: Services) -> tuple[HooksmithWizard, PayloadPage]:
    wizard = wizard_at(
        qtbot,
        services,
        PageId.PAYLOAD,
        region="sandbox",
        credentials=CREDENTIALS,
        secrets=SECRETS,
    )
    return wizard, page_of(wizard)


def test_placeholders_are_highlighted_from_the_palette(
    qtbot: QtBot, memory_services: Services
) -> None:
    _wizard, page = open_payload(qtbot, memory_services)
    document = page.editor.document()
    found = document.find("${$ProfileID}")
    block = found.block()
    offset = found.selectionStart() - block.position()
    formats = [r for r in block.layout().formats() if r.start <= offset < r.start + r.length]
    assert formats, "the placeholder has no highlight"
    colour = formats[-1].format.foreground().color()
    assert colour == tone(page.editor.palette(), "placeholder")
    assert page.editor.font().fixedPitch() or page.editor.font().styleHint() == (
        page.editor.font().StyleHint.Monospace
    )


def test_preview_masks_secrets_and_follows_typing_after_a_short_pause(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard, page = open_payload(qtbot, memory_services)
    head = page.head.toPlainText()
    assert head.splitlines()[0].startswith("POST http://127.0.0.1:")
    assert f"X-CleverTap-Passcode: {MASK}" in head and "sandbox-passcode" not in head
    assert "X-CleverTap-Account-Id: SANDBOX-PROJECT" in head

    found = page.editor.document().find("Coupon Generated")
    cursor = page.editor.textCursor()
    cursor.setPosition(found.selectionEnd())
    page.editor.setTextCursor(cursor)
    qtbot.keyClicks(page.editor, " Now")
    assert page.timer.isActive()  # debounced: not recomputed on every key
    qtbot.waitUntil(lambda: "Coupon Generated Now" in page.body.toPlainText(), timeout=2000)
    profile = wizard.session.profile
    assert profile is not None and profile.template_edited


def test_sample_values_and_new_parameters(qtbot: QtBot, memory_services: Services) -> None:
    _wizard, page = open_payload(qtbot, memory_services)
    table = page.params
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "ProfileID",
        "CouponCode",
    ]
    table.setFocus()
    table.setCurrentCell(1, 3)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the sample cell from the keyboard
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    qtbot.keyClicks(cell, "XMAS-1")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: '"CouponCode": "XMAS-1"' in page.body.toPlainText(), timeout=2000)

    click(qtbot, page.add_param)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "Extra")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(p.code == "param.unused" for p in page.problems.problems()), timeout=2000
    )
    assert "parameter Extra is declared but never used" in page.problems.item(0).text()


def test_undeclared_parameter_is_listed_and_clicking_goes_to_it(
    qtbot: QtBot, memory_services: Services
) -> None:
    _wizard, page = open_payload(qtbot, memory_services)
    found = page.editor.document().find("${$CouponCode}")
    cursor = page.editor.textCursor()
    cursor.setPosition(found.selectionStart() + 3)
    cursor.setPosition(found.selectionEnd() - 1, QTextCursor.MoveMode.KeepAnchor)
    page.editor.setTextCursor(cursor)
    qtbot.keyClicks(page.editor, "CuponCode")
    qtbot.waitUntil(
        lambda: any(p.code == "param.undeclared" for p in page.problems.problems()), timeout=2000
    )
    problem = next(p for p in page.problems.problems() if p.code == "param.undeclared")
    assert "Did you mean ${$CouponCode}" in problem.hint
    row = page.problems.problems().index(problem)
    page.editor.moveCursor(QTextCursor.MoveOperation.Start)
    page.problems.setFocus()
    page.problems.setCurrentRow(row)
    qtbot.keyClick(page.problems, Qt.Key.Key_Return)  # keyboard works as well as a click
    assert page.editor.cursor_line_col() == (problem.line, problem.column)
    errors = sum(p.severity.name == "ERROR" for p in page.problems.problems())
    assert f"{errors} error{'' if errors == 1 else 's'}," in page.problems_label.text()
    assert "(s)" not in page.problems_label.text()


def test_regenerate_asks_before_replacing_edits(qtbot: QtBot, memory_services: Services) -> None:
    wizard, page = open_payload(qtbot, memory_services)
    prompter = wizard.session.prompter
    qtbot.keyClicks(page.editor, " ")
    prompter.answers = [False]  # type: ignore[attr-defined]
    click(qtbot, page.regenerate)
    assert page.editor.toPlainText().startswith(" ")
    prompter.answers = [True]  # type: ignore[attr-defined]
    click(qtbot, page.regenerate)
    assert page.editor.toPlainText().startswith("{")
