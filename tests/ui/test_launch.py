"""Starting the GUI, and the crash handler that explains instead of vanishing."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.destination import paths
from app.core.destination.catalogue import get_destination
from app.core.destination.profile import save_profile
from app.core.payload.mapping import new_profile
from app.core.secrets import logsafe
from app.ui import launch
from app.ui.wizard import HooksmithWizard, PageId

SECRET = "launch-secret-4411"


@pytest.fixture
def clean_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("hooksmith")
    before = list(logger.handlers)
    yield logger
    for handler in logger.handlers[:]:
        if handler not in before:
            handler.close()
            logger.removeHandler(handler)


def test_a_large_log_is_set_aside_at_start_keeping_two_older_ones(
    clean_logger: logging.Logger,
) -> None:
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hooksmith.log").write_text("x" * (launch.LOG_BYTES + 1), encoding="utf-8")
    (folder / "hooksmith.log.1").write_text("older", encoding="utf-8")
    (folder / "hooksmith.log.2").write_text("oldest", encoding="utf-8")
    log_path = launch.setup_logging()
    clean_logger.info("a new start")
    assert (folder / "hooksmith.log.2").read_text(encoding="utf-8") == "older"
    assert (folder / "hooksmith.log.1").stat().st_size == launch.LOG_BYTES + 1
    assert "a new start" in Path(log_path).read_text(encoding="utf-8")
    # A small log is written on.
    for handler in clean_logger.handlers[:]:
        handler.close()
        clean_logger.removeHandler(handler)
    launch.setup_logging()
    clean_logger.info("and another")
    text = Path(log_path).read_text(encoding="utf-8")
    assert "a new start" in text and "and another" in text


def test_an_unexpected_error_is_logged_masked_and_shown(
    qtbot: QtBot, clean_logger: logging.Logger
) -> None:
    log_path = launch.setup_logging()
    assert log_path.endswith("hooksmith.log")
    logsafe.remember(SECRET)
    hook = launch.make_excepthook(log_path)
    shown: list[tuple[str, str, str]] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append((box.text(), box.informativeText(), box.detailedText()))
        box.done(0)

    try:
        raise ValueError(f"the server echoed {SECRET}")
    except ValueError:
        kind, value, tb = sys.exc_info()
    QTimer.singleShot(0, read_and_close)
    assert kind is not None and value is not None
    hook(kind, value, tb)
    text, informative, detail = shown[0]
    assert text == f"Something went wrong: ValueError: the server echoed {logsafe.MASK}"
    assert "still there" in informative and log_path in informative
    assert "Traceback" in detail and SECRET not in detail
    logged = (paths.log_dir() / "hooksmith.log").read_text(encoding="utf-8")
    assert "ValueError" in logged and SECRET not in logged


def test_the_window_gets_hooksmiths_icon_once_it_is_up(clean_logger: logging.Logger) -> None:
    """Set after the first paint (naming QIcon and drawing the SVG cost the first page
    about 5 ms), but set: the window manager's title bar and task switcher show it."""
    from PySide6.QtGui import QIcon

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setWindowIcon(QIcon())
    icons: list[bool] = []

    def look_and_close() -> None:
        wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, HooksmithWizard))
        icons.append(not wizard.windowIcon().isNull() and not app.windowIcon().isNull())
        wizard.close()

    # Two turns of the event loop after the window shows, as a user's first look.
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, look_and_close))
    assert launch.run_gui(None) == 0
    assert icons == [True]


def test_run_gui_opens_the_wizard_on_a_profile_file(
    qtbot: QtBot, clean_logger: logging.Logger
) -> None:
    profile = new_profile(get_destination("clevertap"), region="us1")
    path = paths.profiles_dir() / "launch.hooksmith.json"
    save_profile(profile, path)
    seen: list[PageId] = []
    hook_before = sys.excepthook

    def look_and_close() -> None:
        wizards = [w for w in QApplication.topLevelWidgets() if isinstance(w, HooksmithWizard)]
        wizard = next(w for w in wizards if w.isVisible())
        seen.append(wizard.current())
        assert sys.excepthook is not hook_before  # the crash dialog is installed
        # Closing the last window ends exec(), as for a user. An explicit quit()/exit()
        # here would also end the event loops of the tests that run after this one.
        wizard.close()

    QTimer.singleShot(0, look_and_close)
    assert launch.run_gui(str(path)) == 0
    assert seen == [PageId.REGION]
    assert sys.excepthook is hook_before  # and removed again
    # The garbage collector's timer goes with the window: left running, it collected in
    # the middle of later tests' event processing (a crash now and then).
    app = QApplication.instance()
    assert app is not None
    assert not [t for t in app.findChildren(QTimer) if t.isActive() and t.interval() == 5000]
