"""Not one secret byte anywhere else: drive whole journeys with unique marker secrets,
then scan every file written (HOOKSMITH_HOME's config/data/cache/log, the redirected
TMPDIR, the working folder) and everything printed, for each secret in plain,
URL-encoded, JSON-escaped, ``repr``, UTF-16, hex and base64 forms (alone, inside a
``Basic`` token or anywhere inside longer base64). Zero hits.

The one exception is the file the user explicitly asked for with
``export --include-secrets``: it must hold the secret, and it lives outside the
scanned folders. Journeys are a list: add one per front end or destination (the GUI
journey belongs here too) by appending a :class:`Journey`.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import logging
import re
import socket
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from app.cli import main
from app.cli.profiles import print_result
from app.core.destination import paths
from app.core.destination.catalogue import (
    SANDBOX_REGION,
    Destination,
    get_destination,
    load_catalogue,
)
from app.core.destination.profile import load_profile, save_profile
from app.core.handover.export import handover_fields, new_webhook
from app.core.http.fire import FireJob
from app.core.journey.journey import Journey as CoreJourney
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets import logsafe
from app.core.secrets.credentials import CredentialManager
from app.core.secrets.store import open_store
from tests.helpers.gui_leak_journey import gui_journey
from tests.helpers.journeys import prepared_request
from tests.helpers.leakscan import Hit, leak_forms, scan_bytes, scan_tree


@dataclass(frozen=True)
class Journey:
    """A front end's whole journey for one destination.

    Attributes:
        strict: the sandbox must accept the request (2xx), proving the marker secrets
            really travelled; otherwise any HTTP answer will do (destinations whose
            default profile needs settings the generic journey cannot guess).
    """

    name: str
    destination: str
    run: Callable[[Trip], None]
    strict: bool = True
    choices: tuple[tuple[str, str], ...] = ()


@dataclass
class Trip:
    """One journey's world: its folders, its marker secrets and what it printed."""

    journey: Journey
    destination: Destination
    root: Path
    home: Path
    secrets: dict[str, str]
    plain: dict[str, str]
    sandbox: Sandbox
    capfd: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    printed: list[tuple[str, str]] = field(default_factory=list)
    explicit: list[Path] = field(default_factory=list)
    #: Secrets that are not the destination's (a Management API key): scanned too.
    extra: list[str] = field(default_factory=list)

    @property
    def work(self) -> Path:
        return self.root / "work"

    def collect(self, label: str) -> tuple[str, str]:
        """What was printed since the last call (fd level: threads and C code included)."""
        out, err = self.capfd.readouterr()
        self.printed.append((f"{label} (stdout)", out))
        self.printed.append((f"{label} (stderr)", err))
        return out, err

    def cli(self, *args: str, stdin: str = "", expect: int | None = 0) -> tuple[str, str]:
        stream = io.StringIO(stdin)
        self.monkeypatch.setattr("sys.stdin", stream)
        code = main(list(args))
        out, err = self.collect("hooksmith " + " ".join(args))
        if expect is not None:
            assert code == expect, f"hooksmith {' '.join(args)} -> {code}\n{out}\n{err}"
        return out, err

    def show(self, label: str, text: str) -> None:
        """Something a front end displays (the GUI journey records its widgets' text)."""
        print(text)
        self.collect(label)


# -- the CLI journey ---------------------------------------------------------------


def cli_journey(trip: Trip) -> None:
    """init, credentials set/check/list, preview, fire (sandbox, dry run), export with
    and without secrets, then reopen the saved profile and go again."""
    dest = trip.destination
    profile = trip.work / "journey.hooksmith.json"
    creds = [f"--credential={k}={v}" for k, v in trip.plain.items()]
    sets = [f"--set={name}={value}" for name, value in trip.journey.choices]
    trip.cli("init", dest.id, str(profile), "--region", SANDBOX_REGION, *creds, *sets)
    for field_id, secret in trip.secrets.items():
        trip.cli("credentials", "set", str(profile), field_id, "--stdin", stdin=secret + "\n")
    out, _ = trip.cli("credentials", "check", str(profile))
    assert "missing" not in out
    trip.cli("credentials", "list")
    trip.cli("preview", str(profile), expect=None)
    _answered(trip, *trip.cli("fire", str(profile), "--sandbox", expect=None))
    trip.cli("fire", str(profile), "--sandbox", "--dry-run", expect=None)
    trip.cli("export", str(profile))
    trip.cli("export", str(profile), "-o", str(trip.work / "webhook.json"))
    explicit = trip.root / "explicit" / "webhook-with-secrets.json"
    trip.cli("export", str(profile), "--include-secrets", "-o", str(explicit))
    trip.explicit.append(explicit)
    saved = paths.profiles_dir() / "journey.hooksmith.json"
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_bytes(profile.read_bytes())  # "save as" into the profiles folder
    trip.cli("preview", "journey", expect=None)  # reopened by name
    _answered(trip, *trip.cli("fire", "journey", "--sandbox", expect=None))
    trip.cli("credentials", "list", "--json")
    _support_steps(trip, explicit)


def _support_steps(trip: Trip, explicit: Path) -> None:
    """History (list, show, replay), a support bundle, and importing the export that
    holds secrets: what support staff do after a fire."""
    trip.cli("history", "list", expect=None)
    out, _ = trip.cli("history", "list", "--json", expect=None)
    ids = re.findall(r'"id": "([^"]+)"', out)
    assert ids, "the CLI fires were not recorded in the history"
    for fire_id in ids[:2]:
        trip.cli("history", "show", fire_id, expect=None)
        trip.cli("history", "show", fire_id, "--json", expect=None)
    if ids:
        trip.cli("history", "replay", ids[0], expect=None)
    bundle = trip.work / "support-bundle.zip"
    trip.cli("bundle", "journey", "-o", str(bundle), "--fires", "5", expect=None)
    assert bundle.is_file()
    imported = trip.work / "imported.hooksmith.json"
    args = ["import", str(explicit), "-o", str(imported), "--destination", trip.destination.id]
    trip.cli(*args, "--no-store-secrets", expect=None)
    trip.cli(*args, "--force", "--store-secrets", expect=None)
    key = f"Mk{uuid.uuid4().hex[:10]}+/="
    trip.extra.append(key)
    base = ["management", "key", "--base", "https://acme.talon.one"]
    trip.cli(*base, "--stdin", stdin=key + "\n")
    out, _ = trip.cli("credentials", "list")
    assert 'Management API key of "Talon.One (acme.talon.one)"' in out
    trip.cli(*base, "--delete")


def _answered(trip: Trip, out: str, err: str) -> None:
    status = re.search(r"^< (\d\d\d) ", out, re.M)
    assert status, out + err
    assert not trip.journey.strict or status.group(1).startswith("2"), out + err


# -- the core journey (what the GUI calls), plus hostile servers -------------------


def core_journey(trip: Trip) -> None:
    """The core API as the wizard uses it; then a server that echoes the secret back
    in a redirect, headers, an escaped JSON body and an error message, a closed port
    with the secret in the URL, and a careless log line holding the real headers."""
    dest = trip.destination
    profile = new_profile(dest, credentials=dict(trip.plain))
    profile.options.update(dict(trip.journey.choices))
    profile.region = SANDBOX_REGION
    profile.name = "Leak journey"
    store = open_store()
    manager = CredentialManager(store)
    for field_id, value in trip.secrets.items():
        manager.set(profile, field_id, value)
    path = paths.profiles_dir() / paths.profile_filename(profile.name)
    save_profile(profile, path)
    manager.sync_profile(profile, path)
    services = Services(store=store, sandbox_factory=lambda: trip.sandbox)

    request = prepared_request(services, profile)
    trip.show("preview headers", "\n".join(f"{n}: {v}" for n, v in request.shown_headers()))
    trip.show("preview body", request.shown_body())
    trip.show("curl", request.curl())
    result = FireJob(request, services.settings).run()
    assert result.status is not None, result.error
    assert not trip.journey.strict or result.status < 300, result.body
    print_result(result, dest)
    trip.collect("fire at the sandbox")

    with _EchoServer(trip.secrets) as echo:
        hostile = dataclasses.replace(request, url=echo.url + "/start")
        echoed = FireJob(hostile, services.settings).run()
        assert echoed.status == 200 and echo.saw_secret, echoed.error
        print_result(echoed, dest)
        trip.collect("fire at an echoing server")

    secret = next(iter(trip.secrets.values()))
    closed = dataclasses.replace(
        request, url=f"http://127.0.0.1:{_closed_port()}/x?k={quote(secret)}"
    )
    failed = FireJob(closed, services.settings).run()
    assert failed.error is not None
    print_result(failed, dest)
    trip.collect("fire at a closed port")

    logging.getLogger("hooksmith.journey").warning("sent headers %r", request.headers)
    try:
        raise ValueError(f"backend said {request.headers!r}")
    except ValueError:
        logging.getLogger("hooksmith.journey").exception("unexpected")

    secrets = CoreJourney(profile, services, destination=dest).read_secrets()
    trip.show("export", json.dumps(new_webhook(profile, dest, secrets), ensure_ascii=False))
    fields = handover_fields(profile, dest, secrets)
    trip.show("hand-over", "\n".join(f"{f.label}: {f.value}" for f in fields))
    reopened = load_profile(path)
    assert prepared_request(services, reopened).headers == request.headers
    trip.show("manager", "\n".join(s.entry.describe() + s.state for s in manager.statuses()))
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = (paths.log_dir() / "journey.log").read_text(encoding="utf-8")
    assert "sent headers" in log and logsafe.MASK in log  # logged, and masked


class _EchoServer:
    """Loopback server that redirects once (secret in the Location), then answers 200
    with the secret in a header, JSON-escaped with ``\\/`` and as a rejected record's
    error, the way careless or hostile servers echo credentials."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = list(secrets.values())
        self.saw_secret = False
        echo = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path == "/start":
                    self.send_response(302)
                    self.send_header("Location", f"/echo?token={quote(echo.secrets[0])}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                sent = str(self.headers)
                echo.saw_secret = any(
                    scan_bytes("", sent.encode(), leak_forms(s)) for s in echo.secrets
                )
                escaped = json.dumps(echo.secrets[0])[1:-1].replace("/", "\\/")
                record = f'{{"status": "fail", "code": 509, "error": "bad {escaped}", "index": 0}}'
                body = (
                    f'{{"status": "partial", "processed": 0, "echo": "{escaped}", '
                    f'"unprocessed": [{record}]}}'
                ).encode()
                self.send_response(200)
                self.send_header("X-Echo", echo.secrets[0])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> _EchoServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: Whose default profile the sandbox accepts as is.
ACCEPTED_AS_IS = {"clevertap", "mparticle"}


def _journeys() -> list[Journey]:
    """Each front end x each destination with a sandbox x each authentication choice
    that uses a secret (custom webhooks: Basic, bearer, secret header)."""
    out = []
    for dest in load_catalogue():
        if not dest.sandbox:
            continue
        variants: list[tuple[tuple[str, str], ...]] = [()]
        if dest.auth is not None and dest.auth.options:
            variants = [(("auth", o.id),) for o in dest.auth.options]
        for choices in variants:
            if not _used_secrets(dest, dict(choices)):
                continue
            name = dest.id + "".join(f"-{value}" for _, value in choices)
            for front, run in (("cli", cli_journey), ("core", core_journey), ("gui", gui_journey)):
                strict = dest.id in ACCEPTED_AS_IS
                out.append(Journey(f"{name}-{front}", dest.id, run, strict, choices))
    return out


def _used_secrets(dest: Destination, options: dict[str, str]) -> list[str]:
    profile = new_profile(dest)
    profile.options.update(options)
    return [f.id for f in dest.active_credentials(profile.mapping, profile.options) if f.secret]


JOURNEYS = _journeys()


# -- the test ----------------------------------------------------------------------


@pytest.fixture
def trip(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    hooksmith_home: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Trip]:
    journey: Journey = request.param
    destination = get_destination(journey.destination)
    tag = uuid.uuid4().hex[:10]
    used = _used_secrets(destination, dict(journey.choices))
    secrets = {f: f'Lk{tag}{f[:3]}+/=&%"\\ q;' for f in used}
    demo = (destination.demo_accounts or ({},))[0]
    profile = new_profile(destination)
    profile.options.update(dict(journey.choices))
    active = destination.active_credentials(profile.mapping, profile.options)
    plain = {
        f.id: demo.get(f.id) or f.default or _placeholder(f.placeholder) or f"LEAKTEST-{f.id}"
        for f in active
        if not f.secret and (f.id in demo or f.default or not demo)
    }
    temp = tmp_path / "tmp"
    for folder in (temp, tmp_path / "work", tmp_path / "explicit"):
        folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(tmp_path / "work")
    sandbox = Sandbox(accounts={destination.id: [{**demo, **plain, **secrets}]})
    monkeypatch.setattr(Services, "sandbox", lambda self: _started(sandbox))
    log = paths.log_dir() / "journey.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log, encoding="utf-8")
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logsafe.install()
    assert Path(tempfile.gettempdir()) == temp
    capfd.readouterr()
    try:
        yield Trip(
            journey,
            destination,
            tmp_path,
            hooksmith_home,
            secrets,
            plain,
            sandbox,
            capfd,
            monkeypatch,
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()
        sandbox.stop()


def _placeholder(text: str) -> str:
    """A field's example value (``X-Api-Key``), unless it is prose (``for example ...``)."""
    return text if text and " " not in text else ""


def _started(sandbox: Sandbox) -> Sandbox:
    sandbox.start()
    return sandbox


@pytest.mark.slow
@pytest.mark.parametrize("trip", JOURNEYS, ids=[j.name for j in JOURNEYS], indirect=True)
def test_journey_leaves_no_secret_behind(trip: Trip) -> None:
    trip.journey.run(trip)
    trip.collect("end")
    written = [p for p in trip.home.rglob("*") if p.is_file()]
    assert any(p.name == "journey.log" for p in written)
    hits: list[Hit] = []
    for secret in [*trip.secrets.values(), *trip.extra]:
        forms = leak_forms(secret, users=trip.plain.values())
        for root in (trip.home, trip.root):
            hits += scan_tree(root, forms, exclude=trip.explicit)
        for label, text in trip.printed:
            hits += scan_bytes(label, text.encode("utf-8", "surrogateescape"), forms)
        for explicit in trip.explicit if secret not in trip.extra else []:
            # the user asked for this file to hold the destination's secrets
            assert scan_bytes(str(explicit), explicit.read_bytes(), forms), explicit
    assert not hits, "secrets leaked:\n" + "\n".join(map(str, hits))
    assert len(trip.printed) > 4 and any(text for _, text in trip.printed)


def test_scanner_finds_each_form() -> None:
    """The scanner itself: every form is found, so zero hits above means something."""
    secret = 'Lkabc+/=&%"\\ q;'
    forms = leak_forms(secret, users=["ACC"])
    samples = {
        "plain": secret,
        "basic": "Authorization: Basic " + base64.b64encode(b"x:" + secret.encode()).decode(),
        "url": quote(secret, safe=""),
        "json": json.dumps({"p": secret}),
    }
    for name, text in samples.items():
        assert scan_bytes(name, text.encode(), forms), name
    assert not scan_bytes("clean", b"nothing to see here", forms)


def test_import_keeps_an_unremarkable_secret_header_out_of_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = f"Lk{uuid.uuid4().hex[:10]}sig"
    webhook = {
        "title": "Signed hook",
        "verb": "POST",
        "url": "https://hooks.example.com/in",
        "headers": ["X-Signature: " + secret, "Content-Type: application/json"],
        "payload": "{}",
        "params": [],
    }
    source = tmp_path / "explicit.json"
    source.write_text(json.dumps(webhook), encoding="utf-8")
    profile = tmp_path / "imported.hooksmith.json"
    args = ["import", str(source), "-o", str(profile), "--destination", "custom"]
    main([*args, "--no-store-secrets"])
    capsys.readouterr()
    assert profile.is_file()
    assert not scan_tree(tmp_path, leak_forms(secret), exclude=[source])
