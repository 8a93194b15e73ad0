"""``hooksmith fire``: send a profile's request and explain the answer, safely.

Settings come from the saved fire settings (the GUI's settings dialog writes the same
file), and each flag overrides one of them for this run. The fire runs in a worker
thread so Ctrl+C cancels it at once, even while a server holds the connection open.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import threading
from typing import Any, TextIO

from app.cli.common import CliError, open_profile, print_problems, services
from app.core.bodyview import VIEW_LIMIT, human_size, safe_text
from app.core.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.fire import FireJob, FireResult
from app.core.interpret import explain
from app.core.request import RequestError, build_request
from app.core.safety import FireGuard, confirmation_text
from app.core.secrets import SecretStoreError
from app.core.services import Services
from app.core.settings import FireSettings, SettingsError, load_settings, with_overrides
from app.core.validate import validate_profile

#: One guard per process: a CLI run is one session.
GUARD = FireGuard()


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``fire`` subcommand's options."""
    p.add_argument("profile")
    p.add_argument("--sandbox", action="store_true", help="fire at the built-in local sandbox")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="use the destination's validation-only mode, where it has one "
        "(on by default where the destination says so: Track Event, referrals)",
    )
    p.add_argument(
        "--no-dry-run", action="store_true", help="send for real even where dry run is the default"
    )
    p.add_argument(
        "--yes", action="store_true", help="do not ask before sending a real event to a real host"
    )
    p.add_argument(
        "--ask-secrets",
        action="store_true",
        help="prompt for secrets not in the keyring (kept for this run only)",
    )
    net = p.add_argument_group("network (defaults: the saved fire settings)")
    net.add_argument("--connect-timeout", type=float, metavar="SECONDS")
    net.add_argument("--read-timeout", type=float, metavar="SECONDS")
    net.add_argument(
        "--total-timeout", type=float, metavar="SECONDS", help="limit for the whole fire"
    )
    net.add_argument("--ca-bundle", metavar="PEM", help="extra CA certificates (PEM) to trust")
    net.add_argument("--proxy", metavar="URL", help="proxy to use (default: settings, then env)")
    net.add_argument("--no-proxy", action="store_true", help="ignore proxies from the environment")
    net.add_argument("--max-redirects", type=int, metavar="N")
    net.add_argument(
        "--no-follow-redirects", action="store_true", help="show a 3xx answer instead of following"
    )
    out = p.add_argument_group("output")
    out.add_argument("--save-body", metavar="FILE", help="write the whole response body here")
    out.add_argument(
        "--body-limit",
        type=int,
        default=VIEW_LIMIT,
        metavar="CHARS",
        help=f"characters of the body to print (default {VIEW_LIMIT:,})",
    )


def settings_from_args(args: argparse.Namespace) -> FireSettings:
    """The saved settings with this run's flags applied."""
    loaded = load_settings()
    for warning in loaded.warnings:
        print(f"hooksmith: settings: {warning}", file=sys.stderr)
    try:
        return with_overrides(
            loaded.settings,
            connect_timeout=args.connect_timeout,
            read_timeout=args.read_timeout,
            total_timeout=args.total_timeout,
            ca_bundle=args.ca_bundle,
            proxy=args.proxy,
            max_redirects=args.max_redirects,
            use_env_proxy=False if args.no_proxy else None,
            follow_redirects=False if args.no_follow_redirects else None,
        )
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def _confirm(text: str) -> bool:
    if not sys.stdin.isatty():
        print(f"hooksmith: {text}\nAdd --yes to confirm, or use --sandbox.", file=sys.stderr)
        return False
    answer = input(f"{text}\nContinue? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _secrets(svc: Services, profile: Any, destination: Destination, ask: bool) -> dict[str, str]:
    try:
        return svc.secrets_for(profile, destination)
    except (RequestError, SecretStoreError):
        if not ask:
            raise
    values = {}
    for field in destination.credentials:
        if field.secret:
            prompt = f"{field.label} (kept for this run only): "
            if sys.stdin.isatty():
                values[field.id] = getpass.getpass(prompt)
            else:
                values[field.id] = sys.stdin.readline().rstrip("\r\n")
    return values


def run_job(job: FireJob) -> FireResult:
    """Run ``job`` in a worker thread; Ctrl+C cancels it instead of killing the process.

    The wait uses an Event, not ``Thread.join``: on Python 3.11 a Ctrl+C that lands
    inside ``join`` can mark a still-running thread as finished (bpo-45274's fix).
    """
    box: dict[str, FireResult] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = job.run()
        finally:
            done.set()

    threading.Thread(target=work, name="hooksmith-fire", daemon=True).start()
    try:
        while not done.wait(0.1):
            pass
    except KeyboardInterrupt:
        job.cancel()
        done.wait(30)
    if "result" not in box:
        raise CliError("The fire did not stop after Cancel; try again.")
    return box["result"]


def cmd_fire(args: argparse.Namespace, svc: Services | None = None) -> int:
    """Fire the profile named in ``args``; ``svc`` defaults to the CLI's services."""
    profile, _ = open_profile(args.profile)
    destination = get_destination(profile.destination)
    if args.sandbox:
        profile.region = SANDBOX_REGION
    svc = svc or services()
    svc.settings = settings_from_args(args)
    try:
        secrets = _secrets(svc, profile, destination, args.ask_secrets)
        request = build_request(
            profile,
            destination,
            secrets,
            sandbox_base=svc.sandbox_base(profile),
            dry_run=args.dry_run or (profile.dry_run and not args.no_dry_run),
        )
    except (RequestError, SecretStoreError) as exc:
        raise CliError(str(exc)) from None
    if GUARD.needs_confirmation(profile.id, request.url) and not args.yes:
        if not _confirm(confirmation_text(request, destination)):
            return 3
        GUARD.confirm(profile.id, request.url)
    problems = validate_profile(profile, destination).report.errors
    if problems:
        print("The payload has problems; firing anyway so you can see the answer:")
        print_problems(problems)
    try:
        result = run_job(FireJob(request, svc.settings))
    finally:
        svc.shutdown()
    try:
        print_result(result, destination, body_limit=args.body_limit)
        from app.cli.history_cmd import record_cli_fire  # here: it imports this module

        dry_run = args.dry_run or (profile.dry_run and not args.no_dry_run)
        record_cli_fire(result, profile, destination, dry_run=dry_run, path=args.profile)
        if args.save_body and result.status is not None:
            try:
                saved = result.save_body(args.save_body)
            except OSError as exc:
                raise CliError(
                    f"Cannot save the body to {args.save_body}: {exc.strerror or exc}."
                ) from None
            print(f"Saved the body ({human_size(result.size)}) to {saved}.")
    finally:
        result.discard()
    if result.error or result.status is None:
        return 1
    verdict = explain(destination, result.status, result.header_map, result.body).verdict
    return 0 if verdict == "ok" else 1


def print_result(
    result: FireResult,
    destination: Destination | None,
    *,
    body_limit: int = VIEW_LIMIT,
    out: TextIO | None = None,
) -> None:
    """The request line, redirects, status, headers, body and explanation, all redacted."""
    stream = out or sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream)

    request = result.request
    redact = request.redactor.redact
    via = f" (via proxy {result.proxy})" if result.proxy else ""
    say(f"> {request.method} {redact(request.url)}{via}")
    for hop in result.redirects:
        line = f"  redirected ({hop.status} {hop.reason}".rstrip() + f") to {redact(hop.location)}"
        if hop.method:
            line += f"; sent {hop.method}" + (" with the body" if hop.body_sent else "")
        if hop.withheld:
            line += f"; withheld from the new host: {', '.join(hop.withheld)}"
        say(line)
    if result.status is not None:
        ttfb = f", first byte {result.ttfb * 1000:.0f} ms" if result.ttfb is not None else ""
        peer = f" from {result.peer}" if result.peer else ""
        tls = f", {result.tls_version}" if result.tls_version else ""
        say(
            f"< {result.status} {result.reason} ({result.elapsed * 1000:.0f} ms{ttfb}, "
            f"{human_size(result.size)}){peer}{tls}"
        )
        for name, value in result.headers:
            say(f"< {safe_text(name)}: {safe_text(redact(value))}")
        view = result.body_view(limit=body_limit)
        if view.text:
            say()
            say(view.text)
        if view.note and view.kind != "empty":
            say(f"({view.note})")
        if result.error is not None and not result.complete and view.kind != "empty":
            say(f"(Only part of the body arrived: {human_size(result.size)}.)")
        if result.truncated or view.truncated:
            say(f"(The whole body, {human_size(result.size)}, can be saved with --save-body FILE.)")
    if result.error is not None:
        say()
        say(f"Failed: {result.error.message}")
        if result.error.hint:
            say(f"What to do: {result.error.hint}")
        if result.error.detail:
            say(f"Detail: {result.error.detail}")
        return
    assert result.status is not None
    explanation = explain(destination, result.status, result.header_map, result.body)
    say()
    for line in explanation.lines():  # may quote the body: a server can echo a secret
        say(safe_text(redact(line)))
