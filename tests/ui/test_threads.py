"""app/ui/threads.py: blocking calls on worker threads, with nothing Qt dying there."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui.threads import ThreadRunner


def test_what_a_call_holds_is_released_in_the_ui_thread(qtbot: QtBot) -> None:
    # A call often captures a window's widgets. Were its last reference dropped on the
    # worker thread, shiboken would delete the QObject from there (it crashed the
    # support screenshots now and then, in QObject::~QObject via runDeletionInMainThread).
    released_in: list[str] = []

    class Held:
        def __del__(self) -> None:
            released_in.append(threading.current_thread().name)

    runner = ThreadRunner()
    results: list[object] = []
    runner.finished.connect(lambda token, value, error: results.append(value))

    def holding(held: Held) -> object:
        return lambda: held and 42

    runner.start("job", holding(Held()))
    qtbot.waitUntil(lambda: results == [42])
    assert runner.wait(2000)
    qtbot.waitUntil(lambda: bool(released_in) or (gc.collect() and False), timeout=2000)
    assert released_in == [threading.main_thread().name]


def test_a_widget_captured_by_a_call_survives_with_its_window(qtbot: QtBot) -> None:
    label = QLabel("still here")
    qtbot.addWidget(label)
    runner = ThreadRunner(label)
    seen: list[object] = []
    runner.finished.connect(lambda token, value, error: seen.append((token, value, error)))
    runner.start("read", lambda: label.objectName() or "named")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("read", "named", None)]
    assert label.text() == "still here"
