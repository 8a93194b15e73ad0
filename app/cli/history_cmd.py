"""``hooksmith history list|show|replay|delete|clear``, and recording the CLI's fires.

A replay rebuilds the request from the recorded profile (or ``--current``'s file) and
reads the secrets fresh from the keyring: the history holds none.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli import fire_cmd
from app.cli.common import CliError, open_profile, services
from app.core.catalogue import Destination, get_destination
from app.core.fire import FireJob
from app.core.fire_result import FireResult
from app.core.history import History, HistoryEntry, HistoryError, prepare_replay, record_fire
from app.core.interpret import explain
from app.core.profile import Profile
from app.core.request import RequestError
from app.core.safety import confirmation_text
from app.core.secrets import SecretStoreError
from app.core.settings import load_settings


def register(sub: Any) -> None:
    p = sub.add_parser("history", help="browse, search and replay past test fires")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("list", help="past fires, newest first")
    a.add_argument("--profile", help="only this profile's fires")
    a.add_argument("--search", default="", help="words to find anywhere in a fire")
    a.add_argument("--limit", type=int, default=30)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_list)
    a = actions.add_parser("show", help="one fire in full (secrets were never stored)")
    a.add_argument("id", help="the fire's ID, or its unambiguous start")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_show)
    a = actions.add_parser("replay", help="fire again, secrets read fresh from the keyring")
    a.add_argument("id")
    a.add_argument("--current", metavar="PROFILE", help="use this profile file as it is now")
    a.add_argument("--yes", action="store_true", help="do not ask before firing at a real host")
    a.set_defaults(func=cmd_replay)
    a = actions.add_parser("delete", help="delete one fire from the history")
    a.add_argument("id")
    a.set_defaults(func=cmd_delete)
    a = actions.add_parser("clear", help="delete the whole history")
    a.add_argument("--yes", action="store_true", help="required: confirms the deletion")
    a.set_defaults(func=cmd_clear)


def record_cli_fire(
    result: FireResult,
    profile: Profile,
    destination: Destination,
    *,
    dry_run: bool = False,
    path: str | Path = "",
    replay_of: str = "",
) -> HistoryEntry | None:
    """Record a CLI fire; a failure to record is a warning, never a failed fire."""
    try:
        entry = record_fire(
            result,
            profile,
            destination=destination,
            dry_run=dry_run,
            profile_path=path,
            replay_of=replay_of,
        )
    except HistoryError as exc:
        print(f"hooksmith: warning: {exc}", file=sys.stderr)
        return None
    print(f"Recorded in the history as {entry.id} (hooksmith history show {entry.id}).")
    return entry


def _profile_id(name: str | None) -> str:
    return open_profile(name)[0].id if name else ""


def cmd_list(args: argparse.Namespace) -> int:
    history = History()
    entries = history.entries(
        profile_id=_profile_id(args.profile), query=args.search, limit=args.limit
    )
    if args.json:
        print(json.dumps([asdict(e) for e in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print("No fires match." if args.search or args.profile else "No fires recorded yet.")
    for entry in entries:
        print(entry.summary())
    damaged = history.damaged()
    if damaged:
        print(f"({len(damaged)} damaged history file(s) in {history.root} were skipped.)")
    return 0


def _get(entry_id: str) -> HistoryEntry:
    try:
        return History().get(entry_id)
    except HistoryError as exc:
        raise CliError(str(exc)) from None


def cmd_show(args: argparse.Namespace) -> int:
    entry = _get(args.id)
    if args.json:
        print(json.dumps(asdict(entry), indent=2, ensure_ascii=False))
        return 0
    print(
        f"Fire {entry.id} at {entry.time}: {entry.profile_name} ({entry.destination}, "
        f"region {entry.region or '-'}){' dry run' if entry.dry_run else ''}"
    )
    if entry.replay_of:
        print(f"Replay of {entry.replay_of}")
    print(f"> {entry.method} {entry.url}")
    for name, value in entry.request_headers:
        print(f"> {name}: {value}")
    if entry.request_body:
        print(f"\n{entry.request_body}\n")
    for line in entry.redirects:
        print(f"  redirected: {line}")
    if entry.status is not None:
        print(
            f"< {entry.status} {entry.reason} ({entry.elapsed_ms} ms, {entry.response_size} bytes)"
        )
        for name, value in entry.response_headers:
            print(f"< {name}: {value}")
        if entry.response_body:
            print(f"\n{entry.response_body}")
    if entry.error:
        print(f"Failed: {entry.error.get('message', '')} {entry.error.get('hint', '')}".rstrip())
    if entry.explanation:
        print()
        print("\n".join(entry.explanation))
    return 0


def _confirm(text: str) -> bool:
    if not sys.stdin.isatty():
        print(f"hooksmith: {text}\nAdd --yes to confirm.", file=sys.stderr)
        return False
    return input(f"{text}\nContinue? [y/N] ").strip().lower() in ("y", "yes")


def cmd_replay(args: argparse.Namespace) -> int:
    entry = _get(args.id)
    current, path = open_profile(args.current) if args.current else (None, entry.profile_path)
    svc = services()
    svc.settings = load_settings().settings
    try:
        profile, request = prepare_replay(entry, svc, profile=current)
    except (HistoryError, RequestError, SecretStoreError) as exc:
        raise CliError(str(exc)) from None
    destination = get_destination(profile.destination)
    if fire_cmd.GUARD.needs_confirmation(profile.id, request.url) and not args.yes:
        if not _confirm(confirmation_text(request, destination)):
            svc.shutdown()
            return 3
        fire_cmd.GUARD.confirm(profile.id, request.url)
    try:
        result = fire_cmd.run_job(FireJob(request, svc.settings))
    finally:
        svc.shutdown()
    try:
        fire_cmd.print_result(result, destination)
        record_cli_fire(
            result, profile, destination, dry_run=entry.dry_run, path=path, replay_of=entry.id
        )
    finally:
        result.discard()
    if result.error or result.status is None:
        return 1
    return (
        0
        if explain(destination, result.status, result.header_map, result.body).verdict == "ok"
        else 1
    )


def cmd_delete(args: argparse.Namespace) -> int:
    try:
        History().delete(args.id)
    except HistoryError as exc:
        raise CliError(str(exc)) from None
    print(f"Deleted {args.id} from the history.")
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    if not args.yes:
        raise CliError("This deletes every recorded fire; add --yes to confirm.")
    print(f"Deleted {History().clear()} fire(s) from the history.")
    return 0
