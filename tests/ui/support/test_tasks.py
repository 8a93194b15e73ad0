"""The task runner: results arrive in the UI thread; a cancelled task's result is dropped."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from app.ui.support.tasks import TaskRunner


def test_results_errors_and_cancelled_tasks(qtbot: QtBot) -> None:
    runner = TaskRunner()
    done: list[tuple[str, object]] = []
    runner.succeeded.connect(lambda name, value: done.append((name, value)))
    runner.failed.connect(lambda name, error: done.append((name, str(error))))
    with qtbot.waitSignal(runner.succeeded, timeout=5000):
        runner.start("answer", lambda: threading.current_thread() is threading.main_thread())
    assert done == [("answer", False)]  # it ran off the UI thread
    assert not runner.busy

    def fail() -> None:
        raise ValueError("no such webhook")

    with qtbot.waitSignal(runner.failed, timeout=5000):
        runner.start("broken", fail)
    assert done[-1] == ("broken", "no such webhook")

    gate = threading.Event()
    runner.start("slow", lambda: gate.wait(5) and "late")
    assert runner.busy and runner.task == "slow"
    with qtbot.waitSignal(runner.busyChanged, timeout=1000):
        runner.cancel()
    assert not runner.busy
    gate.set()
    with qtbot.waitSignal(runner.succeeded, timeout=5000):
        runner.start("next", lambda: "fresh")
    assert done[-1] == ("next", "fresh")  # "late" was dropped
    runner.shutdown()
