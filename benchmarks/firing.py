"""Firing: requests at the sandbox, Hooksmith's way against ``curl``'s way.

Hooksmith fires exactly as the fire button does: a request from ``build_request`` and
a new :class:`~app.core.http.fire.FireJob` per fire (which makes its own urllib3 pool
manager, so no connection outlives a fire). ``curl`` sends the same method, URL,
headers and body, one process per request, as a user or script would.

The sandbox runs in a process of its own. As shipped it speaks HTTP/1.0 and closes
each connection, so a second pair of rows uses a keep-alive copy of it to show what
connection reuse is worth: one ``urllib3.PoolManager`` for all requests (a variant the
app does not use) against one ``curl`` process sending them all.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import urllib3

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.http.fire import FireJob, FireSettings
from app.core.http.request import PreparedRequest, build_request
from app.core.payload.mapping import new_profile
from benchmarks.common import ROOT, Row, ms, skipped


@contextlib.contextmanager
def sandbox_process(*, keep_alive: bool = False) -> Iterator[str]:
    """Start the sandbox in a child process; yield its base URL; stop it."""
    command = [sys.executable, "-m", "benchmarks.serve_sandbox"]
    if keep_alive:
        command.append("--keep-alive")
    with subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdout is not None and server.stdin is not None
        base = server.stdout.readline().strip()
        try:
            if not base.startswith("http://127.0.0.1:"):
                raise RuntimeError(f"the sandbox did not start (it printed {base!r})")
            yield base
        finally:
            server.stdin.close()
            server.wait(timeout=10)


def sandbox_request(base: str) -> PreparedRequest:
    """The CleverTap journey's request, with the sandbox's demo account."""
    destination = get_destination("clevertap")
    account = destination.demo_accounts[0]
    profile = new_profile(destination, region=SANDBOX_REGION)
    profile.credentials = {"account_id": account["account_id"]}
    return build_request(profile, destination, {"passcode": account["passcode"]}, sandbox_base=base)


def _check(status: int | None, body: bytes) -> None:
    if status != 200 or b'"success"' not in body:
        raise RuntimeError(f"the sandbox did not accept the request: {status} {body[:200]!r}")


def fire_once(request: PreparedRequest, settings: FireSettings) -> None:
    """One fire, as the app does it; raises unless the sandbox accepted it."""
    result = FireJob(request, settings).run()
    if result.error is not None:
        raise RuntimeError(f"the fire failed: {result.error.message} {result.error.detail}")
    _check(result.status, result.body)


def curl_command(request: PreparedRequest, body_file: Path) -> list[str]:
    command = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", request.method]
    for name, value in request.headers:
        command += ["-H", f"{name}: {value}"]
    return [*command, "--data-binary", f"@{body_file}", request.url]


def curl_config(request: PreparedRequest, body_file: Path, count: int) -> str:
    """A ``curl -K`` file sending ``count`` requests from one process (one connection)."""
    block = [f'url = "{request.url}"', f'request = "{request.method}"']
    block += [f'header = "{name}: {value}"' for name, value in request.headers]
    block += [f'data-binary = "@{body_file}"', 'output = "/dev/null"']
    return "\nnext\n".join(["\n".join(block)] * count) + "\n"


def _fire_many(request: PreparedRequest, settings: FireSettings, count: int) -> None:
    for _ in range(count):
        fire_once(request, settings)


def _timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def _rate(seconds: float, count: int) -> str:
    return f"{ms(seconds / count)}/req ({count / seconds:.0f} req/s)"


def _turns(clients: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Total seconds per client, the clients taking turns ``rounds`` times.

    Taking turns means a change in the machine's load hits every client alike.
    """
    totals = dict.fromkeys(clients, 0.0)
    for _ in range(rounds):
        for name, func in clients.items():
            totals[name] += _timed(func)
    return totals


def run(quick: bool = False) -> list[Row]:
    """Fire once and ``count`` times in a row with each client; return the rows."""
    if shutil.which("curl") is None:
        return [skipped("Firing", "Hooksmith against curl", "curl is not installed")]
    singles, count, rounds = (3, 5, 1) if quick else (21, 200, 10)
    chunk = count // rounds
    settings = FireSettings()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="hooksmith-bench-") as tmp:
        body_file = Path(tmp, "body.json")
        with sandbox_process() as base:
            request = sandbox_request(base)
            body_file.write_bytes(request.body or b"")
            command = curl_command(request, body_file)
            loop = f'for i in $(seq {chunk}); do "$@" >/dev/null || exit 1; done'

            def curl_once() -> None:
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.stdout != "200":
                    raise RuntimeError(f"curl failed: {done.stdout} {done.stderr}")

            fire_once(request, settings)  # warm: imports, TLS context, first connection
            curl_once()
            ours_one: list[float] = []
            theirs_one: list[float] = []
            for _ in range(singles):
                ours_one.append(_timed(lambda: fire_once(request, settings)))
                theirs_one.append(_timed(curl_once))
            ours, theirs = statistics.median(ours_one), statistics.median(theirs_one)
            rows.append(
                Row(
                    "Firing",
                    "1 request, latency (median), FireJob vs 1 curl process",
                    ms(ours),
                    f"{ms(theirs)} (curl)",
                    ours / theirs,
                )
            )
            totals = _turns(
                {
                    "app": lambda: _fire_many(request, settings, chunk),
                    "curl": lambda: subprocess.run(
                        ["bash", "-c", loop, "bash", *command], check=True
                    ),
                },
                rounds,
            )
            rows.append(
                Row(
                    "Firing",
                    f"{count} in a row, a FireJob each vs a curl process each",
                    _rate(totals["app"], count),
                    f"{_rate(totals['curl'], count)} (curl)",
                    totals["app"] / totals["curl"],
                )
            )
        with sandbox_process(keep_alive=True) as base:
            request = sandbox_request(base)
            config = Path(tmp, "curl.conf")
            config.write_text(curl_config(request, body_file, count))
            pool = urllib3.PoolManager(maxsize=1)

            def reuse(n: int) -> None:
                for _ in range(n):
                    response = pool.request(
                        request.method,
                        request.url,
                        headers=dict(request.headers),
                        body=request.body,
                        timeout=urllib3.Timeout(connect=10, read=30),
                        redirect=False,
                    )
                    _check(response.status, response.data)

            reuse(1)  # open the one connection the pool keeps
            repeats = 1 if quick else 3
            totals = _turns(
                {
                    "pool": lambda: reuse(count),
                    "curl": lambda: subprocess.run(["curl", "-sS", "-K", str(config)], check=True),
                    "app": lambda: _fire_many(request, settings, count),
                },
                repeats,
            )
            pool.clear()
            sent = count * repeats
            rows.append(
                Row(
                    "Firing",
                    f"{count} in a row (keep-alive server), a FireJob each vs one curl process",
                    _rate(totals["app"], sent),
                    f"{_rate(totals['curl'], sent)} (curl)",
                    totals["app"] / totals["curl"],
                )
            )
            rows.append(
                Row(
                    "Firing",
                    f"{count} in a row on one connection (keep-alive server), "
                    "one urllib3 pool vs one curl process",
                    _rate(totals["pool"], sent),
                    f"{_rate(totals['curl'], sent)} (curl)",
                    totals["pool"] / totals["curl"],
                )
            )
    return rows
