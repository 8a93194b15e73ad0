"""The test-fire page: off the UI thread, responsive, cancellable, confirmed, explained."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.core.journey.services import Services
from app.core.sandbox.server import Sandbox
from app.ui.pages.fire import FirePage
from app.ui.wizard import HooksmithWizard, PageId
from tests.helpers.wizard_helpers import ScriptedPrompter, click, wizard_at

SECRETS = {"passcode": "sandbox-passcode"}
CREDENTIALS = {"account_id": "SANDBOX-PROJECT"}


class Drip:
    """A loopback server that answers 200 and then drips its body one byte at a time."""

    def __init__(self, size: int = 200, interval: float = 0.05) -> None:
        self.requests = 0
        self.closed = threading.Event()
        drip = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                drip.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(size + 2))
                self.end_headers()
                try:
                    self.wfile.write(b'"')
                    for _ in range(size):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        drip.closed.wait(interval)  # pacing in the server thread
                    self.wfile.write(b'"')
                except OSError:
                    pass
                drip.closed.set()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip()
    server.thread.start()
    yield server
    server.closed.set()
    server.server.shutdown()
    server.server.server_close()


def fire_page(wizard: HooksmithWizard) -> FirePage:
    page = wizard.page_for(PageId.FIRE)
    assert isinstance(page, FirePage)
    return page


def test_ui_keeps_ticking_during_a_slow_fire_and_cancel_returns_to_idle(
    qtbot: QtBot, memory_services: Services, drip: Drip
) -> None:
    prompter = ScriptedPrompter()
    prompter.answers = [True]  # yes, send to this (loopback) "real" host
    wizard = wizard_at(
        qtbot,
        memory_services,
        PageId.FIRE,
        prompter,
        region="eu",
        custom_base=drip.base,
        credentials=CREDENTIALS,
        secrets=SECRETS,
    )
    page = fire_page(wizard)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()

    click(qtbot, page.fire_button)
    assert page.runner.busy
    assert page.cancel_button.isVisible() and page.progress.isVisible()
    assert not page.fire_button.isEnabled()
    qtbot.waitUntil(lambda: drip.requests == 1 and len(ticks) >= 15, timeout=5000)
    assert page.runner.busy  # still dripping, yet the UI thread ran the timer
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5, gaps
    assert page.busy_label.text().startswith("Waiting for 127.0.0.1")

    started = time.perf_counter()
    click(qtbot, page.cancel_button)
    assert time.perf_counter() - started < 0.5
    assert not page.runner.busy and not page.cancel_button.isVisible()
    assert page.fire_button.isEnabled()
    assert page.response.verdict.text() == "The fire was cancelled."
    assert page.last_result is not None and page.last_result.error is not None
    assert page.last_result.error.kind == "cancelled"
    # The worker's socket was shut: the server's writes fail and it stops dripping.
    qtbot.waitUntil(drip.closed.is_set, timeout=5000)
    timer.stop()


def test_a_real_host_is_confirmed_once_per_session_and_profile(
    qtbot: QtBot, memory_services: Services, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompter = ScriptedPrompter()
    # The sandbox reached by its address, not as "the sandbox region", and treated as
    # not local: a stand-in for a real host that never leaves this machine.
    monkeypatch.setattr("app.core.http.safety.is_local", lambda url: False)
    wizard = wizard_at(
        qtbot,
        memory_services,
        PageId.FIRE,
        prompter,
        region="eu",
        custom_base=sandbox.base_url + "/clevertap",
        credentials=CREDENTIALS,
        secrets=SECRETS,
    )
    page = fire_page(wizard)
    assert "This sends a real event to 127.0.0.1" in page.target_note.text()
    before = len(sandbox.received)

    prompter.answers = [False]
    click(qtbot, page.fire_button)
    assert prompter.asked[-1][0] == "Send a real event?"
    assert "127.0.0.1" in prompter.asked[-1][1]
    assert not page.runner.busy and len(sandbox.received) == before

    prompter.answers = [True]
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    asked = len(prompter.asked)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    assert len(prompter.asked) == asked  # not asked again for this profile and host
    assert len(sandbox.received) == before + 2
    assert page.response.verdict.text() == "All records were processed."


def test_dry_run_is_offered_explained_and_sent(
    qtbot: QtBot, memory_services: Services, sandbox: Sandbox
) -> None:
    wizard = wizard_at(
        qtbot,
        memory_services,
        PageId.FIRE,
        region="sandbox",
        credentials=CREDENTIALS,
        secrets=SECRETS,
    )
    page = fire_page(wizard)
    assert page.dry_run.isVisible() and "dryRun=1" in page.dry_run.text()
    assert "real event" in page.dry_run_note.text()  # unticked: says what happens now
    assert (
        "API reference does not describe this option" in page.dry_run_note.text()
    )  # the data says how sure it is
    click(qtbot, page.dry_run)
    assert "stores nothing" in page.dry_run_note.text()
    assert page.target.text().endswith("?dryRun=1")
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    assert sandbox.received[-1].query == {"dryRun": ["1"]}


def test_refused_connection_says_so_with_the_detail_one_click_away(
    qtbot: QtBot, memory_services: Services
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    prompter = ScriptedPrompter()
    prompter.answers = [True]
    wizard = wizard_at(
        qtbot,
        memory_services,
        PageId.FIRE,
        prompter,
        region="eu",
        custom_base=f"http://127.0.0.1:{port}",
        credentials=CREDENTIALS,
        secrets=SECRETS,
    )
    page = fire_page(wizard)
    with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
        click(qtbot, page.fire_button)
    view = page.response
    assert view.summary.text().startswith("No response")
    assert "refused the connection" in view.verdict.text()
    assert "Check the URL and port" in view.details.text()
    assert view.detail_toggle.isVisible() and not view.detail.isVisible()
    click(qtbot, view.detail_toggle)
    assert view.detail.isVisible() and view.detail.toPlainText()
    assert "sandbox-passcode" not in view.detail.toPlainText()


def test_read_timeout_from_settings_is_explained(qtbot: QtBot, memory_services: Services) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts connections, never answers
    try:
        memory_services.settings.read_timeout = 0.3
        prompter = ScriptedPrompter()
        prompter.answers = [True]
        wizard = wizard_at(
            qtbot,
            memory_services,
            PageId.FIRE,
            prompter,
            region="eu",
            custom_base=f"http://127.0.0.1:{silent.getsockname()[1]}",
            credentials=CREDENTIALS,
            secrets=SECRETS,
        )
        page = fire_page(wizard)
        with qtbot.waitSignal(page.runner.resultReady, timeout=10_000):
            click(qtbot, page.fire_button)
        assert "did not answer in time" in page.response.verdict.text()
        assert "read timeout in Settings" in page.response.details.text()
    finally:
        silent.close()


def test_a_missing_passcode_is_explained_before_anything_is_sent(
    qtbot: QtBot, memory_services: Services
) -> None:
    wizard = wizard_at(
        qtbot, memory_services, PageId.FIRE, region="sandbox", credentials=CREDENTIALS
    )
    page = fire_page(wizard)
    # The keyring is read off the UI thread; until then the page says it is reading.
    qtbot.waitUntil(lambda: "No Passcode is stored" in page.target_note.text(), timeout=5000)
    click(qtbot, page.fire_button)
    assert page.message.isVisible() and "credentials page" in page.message.text()
    assert not page.runner.busy
