"""Error text for the support views: the core's messages as they are, others named."""

from __future__ import annotations

from app.core.support.importer import ImportFailed
from app.core.support.management import ManagementError
from app.ui.support.common import error_text, when
from app.ui.support.replay import ReplayRefused


def test_explained_errors_are_shown_as_written_and_others_are_named() -> None:
    assert error_text(ManagementError("Talon.One refused it.", "Check the key.")) == (
        "Talon.One refused it. Check the key."
    )
    assert error_text(ImportFailed("No file at x.")) == "No file at x."
    assert error_text(ReplayRefused("Tick the box.")) == "Tick the box."
    unexpected = error_text(KeyError("applicationIds"))
    assert unexpected.startswith("Something unexpected went wrong (KeyError: 'applicationIds')")
    assert "log file" in unexpected


def test_log_times_read_as_utc() -> None:
    assert when("2025-01-03T09:00:00Z") == "2025-01-03 09:00:00 UTC"
