"""The diagnose view: the mParticle guide's broken example, a diff against a profile."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from pytestqt.qtbot import QtBot

from app.core.destination.profile import save_profile
from app.ui.support.diagnose_view import DiagnoseDialog
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.support_helpers import open_tool, visible_mnemonics
from tests.helpers.wizard_helpers import ScriptedPrompter, click, press_next

DATA = Path(__file__).resolve().parents[2] / "data"
SENT = json.dumps(
    {
        "d": [
            {
                "type": "event",
                "evtName": "Coupon generated",
                "$source": "Talon.One",
                "identity": "customer-0042",
                "evtData": {"CouponCode": "NY-7Q2X", "Extra": 1},
            }
        ]
    },
    indent=1,
)


def diagnosed(qtbot: QtBot, dialog: DiagnoseDialog, text: str) -> None:
    """Paste ``text`` and wait for the debounced diagnosis."""
    dialog.diagnosis = None
    dialog.payload.setPlainText(text)
    qtbot.waitUntil(lambda: dialog.diagnosis is not None, timeout=2000)


def test_the_mparticle_guides_trailing_comma_is_shown_and_clicked_to(
    qtbot: QtBot, wizard: HooksmithWizard
) -> None:
    dialog: DiagnoseDialog = open_tool(qtbot, wizard, "diagnose")
    assert dialog.detected.text() == "Paste a payload to diagnose it."
    assert not dialog.bundle_button.isEnabled()
    text = (DATA / "mparticle_guide_enrichment.txt").read_text(encoding="utf-8")
    diagnosed(qtbot, dialog, text)
    assert dialog.detected.text() == "Checked against Talon.One → mParticle's rules."
    assert "the payload uses its keys" in dialog.reasons.text()
    items = [dialog.problems.item(i) for i in range(dialog.problems.count())]
    comma = next(i for i in items if "Trailing comma" in i.text())
    assert comma.text().startswith("line 15, column 40: ")
    assert not dialog.tabs.isTabVisible(2)  # no profile: no diff
    rect = dialog.problems.visualItemRect(comma)
    qtbot.mouseClick(dialog.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.payload.cursor_line_col() == (15, 40)
    assert dialog.payload.hasFocus()
    assert text.splitlines()[14][39] == ","
    assert "line 15, column 40" in dialog.text()
    keys = visible_mnemonics(dialog)
    assert len(keys) == len(set(keys)) >= 4, sorted(keys)


def test_a_profile_adds_the_changed_paths_and_a_coloured_diff(
    qtbot: QtBot, wizard: HooksmithWizard, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    press_next(qtbot, wizard, PageId.REGION)  # the wizard now holds a CleverTap profile
    dialog: DiagnoseDialog = open_tool(qtbot, wizard, "diagnose")
    assert dialog.profile.count() == 2
    dialog.profile.setCurrentIndex(1)
    assert dialog.profile.currentText() == "The wizard's profile: Send CleverTap Email"
    diagnosed(qtbot, dialog, SENT)
    assert dialog.tabs.isTabVisible(1) and dialog.tabs.isTabVisible(2)
    assert dialog.tabs.tabText(1) == "Changed values (2)"
    changes = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert changes == [
        'd[0].evtName: the template sends "Coupon Generated", sent "Coupon generated".',
        "d[0].evtData.Extra: sent 1, which the template does not produce.",
    ]
    diff = dialog.diff.toPlainText().splitlines()
    added = diff.index('+      "evtName": "Coupon generated",')
    assert '-      "evtName": "Coupon Generated",' in diff
    block = dialog.diff.document().findBlockByNumber(added)
    formats = block.layout().formats()
    assert formats and isinstance(formats[0].format, QTextCharFormat)
    assert formats[0].format.foreground().color().hslHue() == 130  # the palette's "ok" hue

    zip_path = tmp_path / "ticket.zip"
    prompter.paths.append(str(zip_path))
    click(qtbot, dialog.bundle_button)
    with zipfile.ZipFile(zip_path) as archive:
        diagnosis = archive.read("hooksmith-support/diagnosis.txt").decode()
    assert "Differences from the template (2)" in diagnosis
    assert prompter.asked[-1][0] == "Support bundle written"


def test_saved_profiles_are_offered_and_the_destination_can_be_chosen(
    qtbot: QtBot, wizard: HooksmithWizard
) -> None:
    from app.core.destination import paths
    from app.core.destination.catalogue import get_destination
    from app.core.payload.mapping import new_profile

    saved = new_profile(get_destination("mparticle"), name="Saved mParticle feed")
    save_profile(saved, paths.profiles_dir() / "saved.hooksmith.json")
    dialog: DiagnoseDialog = open_tool(qtbot, wizard, "diagnose")
    assert dialog.choose_profile(saved.id)
    assert dialog.profile.currentText() == "Saved mParticle feed (saved.hooksmith.json)"
    dialog.profile.setCurrentIndex(0)
    dialog.destination.setCurrentIndex(dialog.destination.findData("clevertap"))
    diagnosed(qtbot, dialog, '{"d": []}')
    assert dialog.detected.text() == "Checked against Talon.One → CleverTap's rules."
    assert dialog.reasons.text() == "Why: chosen by you."
    assert any(p.code == "rule.minItems" for p in dialog.problems.problems())
    dialog.payload.setPlainText("")
    qtbot.waitUntil(lambda: dialog.diagnosis is None)
    assert dialog.detected.text() == "Paste a payload to diagnose it."
