"""Start-up on a real X server (Xvfb): spawn until the first top-level window is mapped.

This needs nothing from the process measured, so it times the packaged app and the
source install through their real entry points (``dist/hooksmith/hooksmith`` and
``python -m app``), which cannot report their own idle moment. The harness watches
the root window for ``MapNotify`` (python-xlib), then stops the process and reads
its peak RSS from ``wait4``. Mapped is a little earlier than painted and idle, so
these figures are compared with each other and with the bare QWizard measured the
same way, never with the offscreen ones.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from benchmarks.common import ROOT
from benchmarks.probe import now_ns
from benchmarks.startup import TIMEOUT, Launch, LaunchError, bench_env


def unavailable() -> str | None:
    """None when Xvfb and python-xlib are both here, else what is missing."""
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (apt-get install xvfb)"
    try:
        import Xlib  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "python-xlib is not installed (pip install -e '.[bench]')"
    return None


class Screen:
    """A private Xvfb server and a connection that sees every top-level window map."""

    def __init__(self, display: Any, name: str) -> None:
        from Xlib import X

        self.name = name
        self._display = display
        self._x = X
        root = display.screen().root
        root.change_attributes(event_mask=X.SubstructureNotifyMask)
        display.sync()

    def _drain(self) -> None:
        self._display.sync()
        while self._display.pending_events():
            self._display.next_event()

    def wait_for_map(self, deadline: float) -> int | None:
        """CLOCK_MONOTONIC ns of the next MapNotify, or None if ``deadline`` passes."""
        while True:
            while self._display.pending_events():
                event = self._display.next_event()
                if event.type == self._x.MapNotify:
                    return now_ns()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            select.select([self._display.fileno()], [], [], left)

    def launch(self, command: list[str], extra_env: dict[str, str] | None = None) -> Launch:
        """Run ``command`` until its first window maps; stop it; return the figures."""
        self._drain()
        env_extra = {"DISPLAY": self.name, **(extra_env or {})}
        with tempfile.TemporaryDirectory(prefix="hooksmith-bench-home-") as home:
            env = bench_env(home, env_extra)
            env.pop("QT_QPA_PLATFORM", None)
            started = now_ns()
            proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            mapped = self.wait_for_map(time.monotonic() + TIMEOUT)
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            stderr = proc.stderr.read() if proc.stderr else b""
            _, _, usage = os.wait4(proc.pid, 0)
        if mapped is None:
            raise LaunchError(
                f"{' '.join(command)} mapped no window: {stderr.decode(errors='replace')[-2000:]}"
            )
        return Launch((mapped - started) / 1e9, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)


@contextlib.contextmanager
def screen() -> Iterator[Screen]:
    """Start Xvfb on a free display number; yield a :class:`Screen`; stop it."""
    from Xlib import display

    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise LaunchError("Xvfb did not start")
        name = f":{number}"
        connection = display.Display(name)
        try:
            yield Screen(connection, name)
        finally:
            connection.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
