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
from typing import TextIO

from app.cli.common import CliError, open_profile, print_problems, services
from app.core.destination.catalogue import SANDBOX_REGION, Destination
from app.core.http.bodyview import human_size
from app.core.http.failures import other_host
from app.core.http.fire import FireJob, FireResult
from app.core.http.interpret import Explanation, explain
from app.core.http.safety import FireGuard, is_local
from app.core.http.sanitize import visible
from app.core.http.settings import FireSettings, SettingsError, load_settings, with_overrides
from app.core.journey.journey import Journey, JourneyError
from app.core.journey.services import Services
from app.core.secrets.logsafe import remember

#: One guard per process: a CLI run is one session.
GUARD = FireGuard()
#: Characters of a body printed by default: a screenful or two, not a flood.
TERMINAL_BODY_LIMIT = 16_000
EPILOG = """exit status:
  0    the destination accepted the request
  1    it did not, the fire failed, or the answer came from another host than the
       one configured (after a redirect: that host received no credentials)
  2    a usage or set-up problem: nothing was sent
  3    you answered no to the confirmation: nothing was sent
  130  interrupted (Ctrl+C)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``fire`` subcommand's options (and its exit statuses, in the epilog)."""
    p.epilog = EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
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
    out.add_argument(
        "--save-body",
        metavar="FILE",
        help="write the whole response body here (secrets it echoes are masked)",
    )
    out.add_argument(
        "--include-secrets",
        action="store_true",
        help="with --save-body: keep echoed secrets in clear text (the file then holds them)",
    )
    out.add_argument(
        "--body-limit",
        type=int,
        default=TERMINAL_BODY_LIMIT,
        metavar="CHARS",
        help=f"characters of the body to print (default {TERMINAL_BODY_LIMIT:,})",
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


def load_secrets(journey: Journey, *, ask: bool) -> None:
    """Read the profile's secrets from the keyring; with ``ask``, prompt for those it lacks.

    A profile whose authentication uses no secret fires even when the keyring cannot be
    read: nothing from it would be sent.
    """
    journey.load_secrets()
    if ask:
        ask_secrets(journey)
    elif not journey.secrets_known and not journey.active_secret_fields():
        journey.use_secrets({})


def ask_secrets(journey: Journey) -> None:
    """Ask for the secrets the chosen authentication uses and the store lacks (all of
    them when the store cannot be read); they are kept for this run only.

    Raises:
        CliError: an answer was empty (nothing has been sent).
    """
    fields = journey.missing_secrets() if journey.secrets_known else journey.active_secret_fields()
    values = journey.secrets
    for field in fields:
        prompt = f"{field.label} (kept for this run only): "
        if sys.stdin.isatty():
            value = getpass.getpass(prompt)
        else:
            print(prompt, file=sys.stderr, flush=True)
            value = sys.stdin.readline().rstrip("\r\n")
        if not value.strip():
            raise CliError(f"No {field.label} was given; nothing was sent.")
        remember(value)
        values[field.id] = value
    journey.use_secrets(values)


def fire_journey(
    journey: Journey,
    args: argparse.Namespace,
    *,
    dry_run: bool,
    replay_of: str = "",
    body_limit: int = TERMINAL_BODY_LIMIT,
    save_body: str = "",
    reveal_body: bool = False,
) -> int:
    """Prepare, confirm, send, explain and record one fire of ``journey`` (fire and replay).

    Returns:
        0 when the destination accepted it, 1 otherwise (also when the answer came from
        another host than the one configured), 3 when the user said no, 130 when the
        fire was cancelled with Ctrl+C.
    """
    try:
        prepared = journey.prepare_fire(dry_run=dry_run, replay_of=replay_of)
    except JourneyError as exc:
        if journey.secrets_known:
            raise CliError(str(exc)) from None
        labels = " and ".join(f.label for f in journey.active_secret_fields())
        raise CliError(
            f"The keyring could not be read, so nothing was sent. {exc} "
            f"Add --ask-secrets to type the {labels} for this run only."
        ) from None
    warning = journey.destination.fire_warning
    if warning and not is_local(prepared.request.url):
        print(f"Warning: {warning}")  # said even with --yes, before anything is sent
    elif warning:
        print(f"The sandbox changes nothing real. At the real endpoint: {warning}")
    if prepared.question:
        if not args.yes and not _confirm(prepared.question):
            return 3
        journey.confirm(prepared)
    problems = journey.preview(dry_run=dry_run).validation.report.errors
    if problems:
        print("The payload has problems; firing anyway so you can see the answer:")
        print_problems(problems)
    try:
        result = run_job(FireJob(prepared.request, journey.services.settings))
    finally:
        journey.services.shutdown()
    try:
        outcome = journey.finish_fire(prepared, result)
        print_result(
            result, journey.destination, body_limit=body_limit, explanation=outcome.explanation
        )
        if outcome.entry is not None:
            entry_id = outcome.entry.id
            print(f"Recorded in the history as {entry_id} (hooksmith history show {entry_id}).")
        else:
            print(f"hooksmith: warning: {outcome.history_problem}", file=sys.stderr)
        if save_body and result.status is not None:
            save_response_body(result, save_body, reveal=reveal_body)
    finally:
        result.discard()
    if result.error is not None and result.error.kind == "cancelled":
        return 130  # Ctrl+C: the shell's convention for an interrupted command
    moved = other_host(result.request.url, [hop.location for hop in result.redirects])
    return 0 if outcome.ok and not moved else 1


def save_response_body(result: FireResult, target: str, *, reveal: bool) -> None:
    """Save the whole body, echoed secrets masked unless ``reveal``, and say what was done."""
    masks = 0 if reveal else result.echoed_secrets()
    try:
        saved = result.save_body(target, reveal=reveal)
    except OSError as exc:
        raise CliError(f"Cannot save the body to {target}: {exc.strerror or exc}.") from None
    line = f"Saved the body ({human_size(result.size)}) to {saved}"
    if masks:
        copies = "1 copy" if masks == 1 else f"{masks:,} copies"
        line += f", {copies} of a secret masked (add --include-secrets to keep them)"
    print(line + ".")
    if reveal and result.echoed_secrets():
        print(
            "Warning: the saved body holds secrets in clear text. Do not share or commit it.",
            file=sys.stderr,
        )


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
    if args.include_secrets and not args.save_body:
        raise CliError("--include-secrets only applies with --save-body FILE.")
    profile, path = open_profile(args.profile)
    if args.sandbox:
        profile.region = SANDBOX_REGION
    svc = svc or services()
    svc.settings = settings_from_args(args)
    journey = Journey(profile, svc, path=path, guard=GUARD)
    load_secrets(journey, ask=args.ask_secrets)
    return fire_journey(
        journey,
        args,
        dry_run=args.dry_run or (profile.dry_run and not args.no_dry_run),
        body_limit=args.body_limit,
        save_body=args.save_body or "",
        reveal_body=args.include_secrets,
    )


def print_result(
    result: FireResult,
    destination: Destination | None,
    *,
    body_limit: int = TERMINAL_BODY_LIMIT,
    out: TextIO | None = None,
    explanation: Explanation | None = None,
) -> None:
    """The request line, redirects, status, headers, body and explanation, all redacted.

    Everything the server controls (reason phrases, headers, redirect targets, the body,
    error text quoting it) goes through :func:`visible`: escapes are shown, never
    interpreted by the terminal.

    Args:
        explanation: the journey's explanation of the answer (made here when not given).
    """
    stream = out or sys.stdout

    def say(line: str = "") -> None:
        print(line, file=stream)

    request = result.request
    redact = request.redactor.redact

    def shown(text: str) -> str:
        return visible(redact(text))

    via = f" (via proxy {result.proxy})" if result.proxy else ""
    say(f"> {request.method} {shown(request.url)}{via}")
    for hop in result.redirects:
        line = f"  redirected ({hop.status} {shown(hop.reason)}".rstrip()
        line += f") to {shown(hop.location)}"
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
            f"< {result.status} {shown(result.reason)} ({result.elapsed * 1000:.0f} ms{ttfb}, "
            f"{human_size(result.size)}){peer}{tls}"
        )
        for name, value in result.headers:
            say(f"< {visible(name)}: {shown(value)}")
        view = result.body_view(limit=body_limit)
        if view.text:
            say()
            say(visible(view.text, multiline=True))
        if view.note and view.kind != "empty":
            say(f"({visible(view.note, multiline=True)})")
        if result.error is not None and not result.complete and view.kind != "empty":
            say(f"(Only part of the body arrived: {human_size(result.size)}.)")
        if result.truncated or view.truncated:
            say(
                "(To see more, add --body-limit CHARS; to keep the whole body, "
                f"{human_size(result.size)}, add --save-body FILE.)"
            )
    moved = other_host(request.url, [hop.location for hop in result.redirects])
    if result.error is not None:
        say()
        if moved:
            say(moved)
        say(f"Failed: {shown(result.error.message)}")
        if result.error.hint:
            say(f"What to do: {shown(result.error.hint)}")
        if result.error.detail:
            say(f"Detail: {shown(result.error.detail)}")
        return
    assert result.status is not None
    if explanation is None:
        explanation = explain(destination, result.status, result.header_map, result.body)
    say()
    if moved:
        say(moved)
    for line in explanation.lines():  # may quote the body: a server can echo a secret
        say(visible(redact(line), multiline=True))
