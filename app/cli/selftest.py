"""``hooksmith --self-test``: prove that this installation works, with or without a display.

Freezing an app (PyInstaller) can silently drop data files, entry-point metadata, Qt
plugins or lazily imported modules; a missing system library only shows at run time.
Each check below exercises one of those on the real code path and reports in one line,
so a user or a support engineer can paste the report. Nothing here touches the user's
profiles or keyring: files go to a throwaway ``HOOKSMITH_HOME`` and secrets to memory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.core.payload.words import counted

#: The native keyring backend each platform must have among keyring's entry points.
NATIVE_BACKEND = {"linux": "SecretService", "darwin": "macOS", "win32": "Windows"}


class CheckFailed(Exception):
    """A check found a problem; the message says what and, where possible, what to do."""


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float


def check_resources() -> str:
    """The bundled ``resources/`` folder is where the app looks, with its files."""
    from xml.etree import ElementTree

    from app.core.destination.resources import resource_path, resource_root

    root = resource_root()
    destinations = sorted(resource_path("destinations").glob("*.json"))
    if not destinations:
        raise CheckFailed(f"no destination files in {root / 'destinations'}")
    icon = ElementTree.parse(resource_path("icons", "hooksmith.svg")).getroot()
    if not icon.tag.endswith("svg"):
        raise CheckFailed("icons/hooksmith.svg is not an SVG image")
    return f"{root}: {counted(len(destinations), 'destination file')}, app icon"


def check_catalogue() -> str:
    """Every destination file meets the format and loads, has its sandbox handler, and its
    rules run on its template."""
    from app.core.destination.catalogue import catalogue_problems, load_catalogue
    from app.core.payload.mapping import new_profile
    from app.core.payload.validate import validate_profile
    from app.core.sandbox.server import HANDLERS, Sandbox

    problems = catalogue_problems()
    if len(problems) == 1:
        raise CheckFailed(f"skipped a broken destination file: {problems[0]}")
    if problems:
        listed = "; ".join(str(p) for p in problems)
        raise CheckFailed(f"skipped {len(problems)} broken destination files: {listed}")
    Sandbox()  # registers the handlers, as the app does (the server does not start)
    notes = []
    for destination in load_catalogue():
        handler = destination.sandbox.handler if destination.sandbox else None
        if handler and handler not in HANDLERS:
            raise CheckFailed(f"{destination.id}: sandbox handler {handler!r} is not built in")
        report = validate_profile(new_profile(destination), destination).report
        errors = counted(len(report.errors), "error")
        notes.append(f"{destination.id} ({errors} in default payload)")
    return "; ".join(notes)


def check_keyring() -> str:
    """keyring found its backends (entry points survive freezing) and which one it chose."""
    from importlib.metadata import entry_points

    import keyring

    from app.core.secrets.store import describe_backend

    found = sorted(ep.name for ep in entry_points(group="keyring.backends"))
    native = next((v for k, v in NATIVE_BACKEND.items() if sys.platform.startswith(k)), None)
    if native and native not in found:
        raise CheckFailed(
            f"keyring's {native} backend is missing (found: {', '.join(found) or 'none'}); "
            "the build lost keyring's entry points"
        )
    info = describe_backend(keyring.get_keyring())
    text = f"backends {', '.join(found)}; in use: {info.name}"
    if not info.secure:
        text += (
            " (no OS keyring reachable here, e.g. no D-Bus session: not a failure, "
            "Hooksmith then keeps secrets for this session only)"
        )
    return text


def check_tls() -> str:
    """TLS contexts build from the OS trust store (the only store fires use)."""
    from app.core.http.fire import tls_context

    tls_context()
    store = _system_ca_file()
    if sys.platform.startswith("linux") and store is None:
        raise CheckFailed(
            "no system CA certificates found, so HTTPS fires will fail; install the "
            "ca-certificates package"
        )
    where = store or "the operating system's store"
    return f"truststore uses {where}"


def _system_ca_file() -> str | None:
    """The CA file truststore loads on Linux (OpenSSL's default, else the usual places)."""
    import ssl

    from truststore import _openssl

    defaults = ssl.get_default_verify_paths()
    if defaults.cafile:
        return defaults.cafile
    if defaults.capath and _openssl._capath_contains_certs(defaults.capath):
        return defaults.capath
    return next((f for f in _openssl._CA_FILE_CANDIDATES if os.path.isfile(f)), None)


def check_sandbox() -> str:
    """A real fire at the built-in sandbox for each destination it emulates.

    What a new profile lacks is filled in as a user would: the demo account's IDs
    (``campaign_ids``, ``application_ids``…) go into the slots of the same name, and a
    required address takes its example. A destination still refused is listed, not fired.
    """
    from app.core.destination.catalogue import SANDBOX_REGION, load_catalogue
    from app.core.http.fire import FireJob, FireSettings
    from app.core.journey.journey import Journey
    from app.core.journey.services import Services
    from app.core.payload.mapping import new_profile
    from app.core.payload.validate import validate_profile
    from app.core.sandbox.server import Sandbox
    from app.core.secrets.store import MemoryStore

    sandbox = Sandbox()
    store = MemoryStore()
    services = Services(store, lambda: sandbox, FireSettings(connect_timeout=5, read_timeout=10))
    fired, needs_input = [], []
    try:
        for destination in load_catalogue():
            if destination.sandbox is None:
                continue
            accounts = destination.demo_accounts or ({},)  # the echo needs no account
            account, fields = accounts[0], {c.id: c for c in destination.credentials}
            public = {k: v for k, v in account.items() if k in fields and not fields[k].secret}
            for field in destination.credentials:  # defaults, and an example address
                if field.secret or field.id in public:
                    continue
                if field.default:
                    public[field.id] = field.default
                elif field.placeholder.startswith("https://"):
                    public[field.id] = field.placeholder
            profile = new_profile(destination, region=SANDBOX_REGION, credentials=public)
            if destination.url == "{base}":  # the user's own endpoint (the sandbox echoes)
                profile.custom_base = "https://hooks.example.com/self-test"
            for key, ids in account.items():  # campaign_ids -> the campaign_id slot
                if key.endswith("_ids") and key[:-1] in destination.mapping.slots and ids:
                    profile.mapping[key[:-1]] = ids.split()[0]
            if validate_profile(profile, destination).report.errors:
                needs_input.append(destination.id)
                continue
            for field in destination.secret_fields:
                store.set(profile.id, field, account.get(field, ""))
            journey = Journey(profile, services, destination=destination)
            journey.load_secrets()
            prepared = journey.prepare_fire()
            result = FireJob(prepared.request, services.settings).run()
            outcome = journey.finish_fire(prepared, result, record=False)
            if result.error or result.status is None:
                message = result.error.message if result.error else "no status"
                raise CheckFailed(f"{destination.id}: {message}")
            if not outcome.ok:
                title = outcome.explanation.title if outcome.explanation else ""
                raise CheckFailed(f"{destination.id}: {result.status} {title}")
            fired.append(f"{destination.id} {result.status} in {result.elapsed * 1000:.0f} ms")
    finally:
        services.shutdown()
    if not fired:
        raise CheckFailed("no destination could be fired at the sandbox with its demo account")
    if needs_input:
        fired.append(f"not fired, a new profile needs input first: {', '.join(needs_input)}")
    return "; ".join(fired)


def check_qt() -> str:
    """Qt's widgets load with their plugins, the icon renders, and the wizard opens.

    Offscreen when there is no display. The wizard runs through ``run_gui``, exactly as
    a normal start, and closes as soon as its window is up; the keyring is replaced by
    keyring's "fail" backend meanwhile so no unlock prompt appears.
    """
    from app.cli import has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.core.destination.resources import resource_path

    app = QApplication.instance() or QApplication([sys.argv[0]])
    icon = QIcon(str(resource_path("icons", "hooksmith.svg")))
    if icon.pixmap(64, 64).isNull():
        raise CheckFailed("the SVG icon does not render: Qt's SVG plugins are missing")
    opened = _open_wizard()
    platform = QApplication.platformName()
    del app
    return f"PySide6 {pyside_version} on {platform}, SVG icon renders, {opened}"


def _open_wizard() -> str:
    """Run the real GUI entry point until its first window is visible, then quit."""
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.launch import run_gui

    shown: list[str] = []

    def on_first_event() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        age = _process_age()
        if windows:
            title = windows[0].windowTitle() or type(windows[0]).__name__
            when = f" {age:.2f} s after the process started" if age is not None else ""
            shown.append(f"the wizard ({title!r}) opened{when}")
        QApplication.quit()

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        QTimer.singleShot(0, on_first_event)
        run_gui(None)
    finally:
        keyring.set_keyring(previous)
    if not shown:
        raise CheckFailed("the wizard window did not appear")
    return shown[0]


def _process_age() -> float | None:
    """Seconds since this process started (Linux), to time the first window."""
    try:
        stat = Path("/proc/self/stat").read_text(encoding="ascii")
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("resources", check_resources),
    ("catalogue", check_catalogue),
    ("keyring", check_keyring),
    ("tls", check_tls),
    ("sandbox", check_sandbox),
    ("qt", check_qt),
)


def run_checks(names: Sequence[str] | None = None) -> list[Outcome]:
    """Run the checks (all, or those named) in a throwaway HOOKSMITH_HOME.

    One failing does not stop the rest: the report shows every problem at once.
    """
    outcomes = []
    previous = os.environ.get("HOOKSMITH_HOME")
    with tempfile.TemporaryDirectory(prefix="hooksmith-selftest-") as home:
        os.environ["HOOKSMITH_HOME"] = home
        try:
            for name, check in CHECKS:
                if names and name not in names:
                    continue
                started = time.perf_counter()
                try:
                    outcomes.append(Outcome(name, True, check(), 0.0))
                except Exception as exc:
                    detail = str(exc) if isinstance(exc, CheckFailed) else _describe(exc)
                    outcomes.append(Outcome(name, False, detail, 0.0))
                outcomes[-1].seconds = time.perf_counter() - started
        finally:
            if previous is None:
                os.environ.pop("HOOKSMITH_HOME", None)
            else:
                os.environ["HOOKSMITH_HOME"] = previous
    return outcomes


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def selected_checks(argv: Sequence[str]) -> list[str] | None:
    """The names from ``--self-test=a,b`` or ``--self-test a,b`` (None: every check).

    Raises:
        ValueError: a name is not a check; the message lists the checks.
    """
    for index, arg in enumerate(argv):
        value = None
        if arg.startswith("--self-test="):
            value = arg.partition("=")[2]
        elif arg == "--self-test" and index + 1 < len(argv) and argv[index + 1][:1] != "-":
            value = argv[index + 1]
        if value is not None:
            names = [n.strip() for n in value.split(",") if n.strip()]
            known = [name for name, _ in CHECKS]
            unknown = [n for n in names if n not in known]
            if unknown:
                raise ValueError(
                    f"no self-test check named {', '.join(unknown)}; "
                    f"choose from: {', '.join(known)}"
                )
            return names or None
    return None


def run_self_test(argv: Sequence[str] = ()) -> int:
    """Print the report; 0 when every check passed, 1 when one failed, 2 for bad usage."""
    try:
        names = selected_checks(argv)
    except ValueError as exc:
        print(f"hooksmith: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    kind = "frozen build" if getattr(sys, "frozen", False) else "Python " + sys.version.split()[0]
    print(f"Hooksmith {__version__} self-test ({kind}, {sys.platform})")
    outcomes = run_checks(names)
    for outcome in outcomes:
        status = "ok  " if outcome.ok else "FAIL"
        print(f"  {status} {outcome.name:<9} {outcome.detail} [{outcome.seconds:.2f} s]")
    failed = [o.name for o in outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    if failed:
        print(f"Failed: {len(failed)} of {len(outcomes)} checks ({', '.join(failed)}).")
        return 1
    print(f"Passed: {len(outcomes)} of {len(outcomes)} checks, in {elapsed:.2f} s.")
    return 0
