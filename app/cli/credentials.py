"""``hooksmith credentials``: set, check, delete and list the secrets Hooksmith stored.

Secrets are read from a prompt without echo, or from standard input with ``--stdin``;
never from an argument, which would land in shell history and in ``ps``. Nothing here
prints a secret: ``list`` and ``check`` say *whether* one is stored. Without a secure
keyring nothing is stored, and the message says how to fire once without storing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli.common import CliError, open_profile, resolve_profile_path
from app.core.destination import paths
from app.core.destination.catalogue import CredentialField, get_destination
from app.core.destination.profile import Profile, ProfileError, load_profile
from app.core.payload.words import counted
from app.core.secrets.credentials import CredentialManager, CredentialsIndexError, secret_fields
from app.core.secrets.store import KeyringUnavailable, SecretStoreError, open_store


def register(sub: Any) -> None:
    p = sub.add_parser(
        "credentials", help="set, check, delete or list stored secrets (values are never shown)"
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = actions.add_parser("set", help="store a secret in the system keyring (typing is hidden)")
    s.add_argument("profile", help="profile file or saved profile name")
    s.add_argument("field", nargs="?", help="field id, such as passcode (default: every secret)")
    s.add_argument(
        "--stdin", action="store_true", help="read the values from standard input, one a line"
    )
    s.set_defaults(func=cmd_set)
    c = actions.add_parser("check", help="say which secrets are stored, without showing them")
    c.add_argument("profile")
    c.set_defaults(func=cmd_check)
    d = actions.add_parser("delete", help="delete a profile's secrets from the keyring")
    d.add_argument("profile", help="profile file, saved profile name, or a profile id from list")
    d.add_argument("field", nargs="?", help="only this field (default: every secret)")
    d.set_defaults(func=cmd_delete)
    li = actions.add_parser("list", help="list what Hooksmith stored (names only)")
    li.add_argument("--stale", action="store_true", help="only entries that are gone or orphaned")
    li.add_argument("--json", action="store_true", help="print the list as JSON")
    li.add_argument(
        "--discover",
        nargs="*",
        metavar="PROFILE",
        help="first look for stored secrets of saved profiles (and these files) not yet listed",
    )
    li.set_defaults(func=cmd_list)


def _manager(action: str, profile_arg: str = "PROFILE") -> CredentialManager:
    try:
        return CredentialManager(open_store())
    except KeyringUnavailable as exc:
        hint = (
            f" Nothing was stored. To send once without storing the secret, run: "
            f"hooksmith fire {profile_arg} --ask-secrets (it is kept for that run only)."
            if action == "set"
            else ""
        )
        raise CliError(f"{exc}{hint}") from None


def _fields(profile: Profile, field: str | None) -> list[CredentialField]:
    secret = secret_fields(profile.destination)
    if field is None:  # only those the profile's choices use (custom webhooks: its auth)
        active = get_destination(profile.destination).active_credentials(
            profile.mapping, profile.options
        )
        return [f for f in secret if f in active]
    chosen = [f for f in secret if f.id == field]
    if not chosen:
        raise CliError(
            f"{field!r} is not a secret field of this destination; "
            f"secret fields: {', '.join(f.id for f in secret) or 'none'}."
        )
    return chosen


def _read_secret(field: CredentialField, profile: Profile, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise CliError(f"Standard input ended before the {field.label}; nothing more stored.")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(
            f"Cannot ask for the {field.label} without echo: standard input is not a terminal. "
            "Pipe the value in and add --stdin."
        )
    return getpass.getpass(f"{field.label} for {profile.name or profile.id} (typing is hidden): ")


def cmd_set(args: argparse.Namespace) -> int:
    profile, path = open_profile(args.profile)
    fields = _fields(profile, args.field)
    manager = _manager("set", args.profile)
    if not fields:
        print(f"{profile.name} has no secret fields; nothing to store.", file=sys.stderr)
        return 0
    print(f"Secrets are stored in: {manager.info().name}", file=sys.stderr)
    for field in fields:
        value = _read_secret(field, profile, args.stdin)
        if not value:
            raise CliError(f"No {field.label} given; nothing was stored for it.")
        if value != value.strip():
            print(
                f"Note: the {field.label} starts or ends with a space. If that came from "
                "copying, set it again.",
                file=sys.stderr,
            )
        try:
            manager.set(profile, field.id, value, path=path)
        except CredentialsIndexError as exc:
            print(f"Stored the {field.label}, but: {exc}", file=sys.stderr)
            continue
        except SecretStoreError as exc:
            raise CliError(str(exc)) from None
        print(f"Stored the {field.label} of {profile.name}.", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    manager = _manager("check")
    print(f"Store: {manager.info().name}")
    missing = 0
    for field in _fields(profile, None):
        try:
            present = bool(manager.store.get(profile.id, field.id))
        except SecretStoreError as exc:
            raise CliError(str(exc)) from None
        missing += not present
        print(f"{field.id}: {'stored' if present else 'missing'}")
    if missing:
        print(f"Store the missing secrets with: hooksmith credentials set {args.profile}")
    return 1 if missing else 0


def _profile_or_id(name: str, manager: CredentialManager) -> tuple[str, str, str, Profile | None]:
    """(profile id, name shown, destination, profile) for a file, saved name, or indexed id."""
    try:
        profile, _ = open_profile(name)
        return profile.id, profile.name, profile.destination, profile
    except CliError:
        indexed = manager.entries_for(name)
        if indexed:
            return name, indexed[0].profile_name, indexed[0].destination, None
        raise


def cmd_delete(args: argparse.Namespace) -> int:
    manager = _manager("delete")
    profile_id, shown, destination, profile = _profile_or_id(args.profile, manager)
    try:
        if args.field is None:
            deleted = manager.delete_profile(profile_id, destination)
            labels = sorted({e.label for e in deleted})
            print(
                f"Deleted every secret of {shown}"
                + (f" ({', '.join(labels)})." if labels else "."),
                file=sys.stderr,
            )
            return 0
        if profile is not None:
            _fields(profile, args.field)
        manager.store.delete(profile_id, args.field)
        for entry in manager.entries_for(profile_id):
            if entry.field == args.field:
                manager.forget(entry)
    except SecretStoreError as exc:
        raise CliError(str(exc)) from None
    print(f"Deleted the {args.field} of {shown}.", file=sys.stderr)
    return 0


def _discover(manager: CredentialManager, files: list[str]) -> int:
    found: list[tuple[Profile, Path | None]] = []
    folder = paths.profiles_dir()
    candidates = sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []
    candidates += [resolve_profile_path(name) for name in files]
    for path in candidates:
        try:
            found.append((load_profile(path), path))
        except ProfileError as exc:
            print(f"Skipped {path}: {exc}", file=sys.stderr)
    try:
        return len(manager.discover(found))
    except SecretStoreError as exc:
        raise CliError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    manager = _manager("list")
    try:
        if args.discover is not None:
            added = _discover(manager, args.discover)
            print(f"Found {counted(added, 'stored secret')} not listed before.", file=sys.stderr)
        statuses = manager.stale() if args.stale else manager.statuses()
    except SecretStoreError as exc:
        raise CliError(str(exc)) from None
    if manager.notice:
        print(f"Note: {manager.notice}", file=sys.stderr)
    if args.json:
        rows = [{**asdict(e.entry), "state": e.state, "message": e.message} for e in statuses]
        print(json.dumps({"store": manager.info().name, "entries": rows}, indent=2))
    else:
        print(f"Store: {manager.info().name}")
        if not statuses:
            print("No stale entries." if args.stale else "Hooksmith has stored no secrets yet.")
        for status in statuses:
            entry = status.entry
            print(f"{entry.describe()}: {status.state} (profile id {entry.profile_id})")
            if status.state != "stored":
                print(f"  {status.message}")
    return 1 if args.stale and statuses else 0
