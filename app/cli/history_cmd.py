"""``hooksmith history list|show|replay|delete|clear``.

A replay is a journey of the recorded profile (or ``--current``'s file) with the secrets
read fresh from the keyring (the history holds none), fired like ``hooksmith fire``.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli import fire_cmd
from app.cli.common import CliError, open_profile, services
from app.cli.output import terminal_json
from app.core.http.sanitize import visible
from app.core.http.settings import load_settings
from app.core.journey.journey import JourneyError, replay_journey
from app.core.payload.words import counted
from app.core.support.history import History, HistoryEntry, HistoryError


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
    a.add_argument(
        "--ask-secrets",
        action="store_true",
        help="prompt for secrets not in the keyring (kept for this run only)",
    )
    a.set_defaults(func=cmd_replay)
    a = actions.add_parser("delete", help="delete one fire from the history")
    a.add_argument("id")
    a.set_defaults(func=cmd_delete)
    a = actions.add_parser("clear", help="delete the whole history")
    a.add_argument("--yes", action="store_true", help="required: confirms the deletion")
    a.set_defaults(func=cmd_clear)


def _profile_id(name: str | None) -> str:
    return open_profile(name)[0].id if name else ""


def cmd_list(args: argparse.Namespace) -> int:
    history = History()
    entries = history.entries(
        profile_id=_profile_id(args.profile), query=args.search, limit=args.limit
    )
    if args.json:
        print(terminal_json([asdict(e) for e in entries]))
        return 0
    if not entries:
        print("No fires match." if args.search or args.profile else "No fires recorded yet.")
    for entry in entries:
        print(visible(entry.summary()))
    damaged = history.damaged()
    if damaged:
        print(f"(Skipped {counted(len(damaged), 'damaged history file')} in {history.root}.)")
    return 0


def _get(entry_id: str) -> HistoryEntry:
    try:
        return History().get(entry_id)
    except HistoryError as exc:
        raise CliError(str(exc)) from None


def cmd_show(args: argparse.Namespace) -> int:
    entry = _get(args.id)
    if args.json:
        print(terminal_json(asdict(entry)))
        return 0
    v = visible  # every recorded field may hold what a server sent
    print(
        f"Fire {v(entry.id)} at {v(entry.time)}: {v(entry.profile_name)} "
        f"({v(entry.destination)}, region {v(entry.region) or '-'})"
        f"{' dry run' if entry.dry_run else ''}"
    )
    if entry.replay_of:
        print(f"Replay of {v(entry.replay_of)}")
    print(f"> {v(entry.method)} {v(entry.url)}")
    for name, value in entry.request_headers:
        print(f"> {v(name)}: {v(value)}")
    if entry.request_body:
        print(f"\n{v(entry.request_body, multiline=True)}\n")
    for line in entry.redirects:
        print(f"  redirected: {v(line)}")
    if entry.status is not None:
        print(
            f"< {entry.status} {v(entry.reason)} ({entry.elapsed_ms} ms, "
            f"{entry.response_size} bytes)"
        )
        for name, value in entry.response_headers:
            print(f"< {v(name)}: {v(value)}")
        if entry.response_body:
            print(f"\n{v(entry.response_body, multiline=True)}")
    if entry.error:
        message = f"{entry.error.get('message', '')} {entry.error.get('hint', '')}".rstrip()
        print(f"Failed: {v(message)}")
    if entry.explanation:
        print()
        print("\n".join(v(line, multiline=True) for line in entry.explanation))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    entry = _get(args.id)
    current, path = open_profile(args.current) if args.current else (None, entry.profile_path)
    svc = services()
    svc.settings = load_settings().settings
    try:
        journey = replay_journey(
            entry,
            svc,
            profile=current,
            path=Path(path) if path else None,
            guard=fire_cmd.GUARD,
        )
    except (HistoryError, JourneyError) as exc:
        raise CliError(str(exc)) from None
    fire_cmd.load_secrets(journey, ask=args.ask_secrets)
    return fire_cmd.fire_journey(journey, args, dry_run=entry.dry_run, replay_of=entry.id)


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
    print(f"Deleted {counted(History().clear(), 'fire')} from the history.")
    return 0
