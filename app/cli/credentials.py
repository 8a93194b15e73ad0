"""``hooksmith credentials``: set, check and delete a profile's secrets in the OS keyring.

Secrets are read from a prompt without echo, or from standard input with ``--stdin``;
never from an argument, which would land in shell history.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from app.cli.common import CliError, open_profile, services
from app.core.catalogue import get_destination
from app.core.secrets import SecretStoreError


def register(sub: Any) -> None:
    p = sub.add_parser("credentials", help="set, check or delete a profile's stored secrets")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = actions.add_parser("set", help="store a secret (prompted without echo)")
    s.add_argument("profile")
    s.add_argument("field", nargs="?", help="field id, such as passcode (default: every secret)")
    s.add_argument("--stdin", action="store_true", help="read the value from standard input")
    s.set_defaults(func=cmd_set)
    c = actions.add_parser("check", help="say which secrets are stored, without showing them")
    c.add_argument("profile")
    c.set_defaults(func=cmd_check)
    d = actions.add_parser("delete", help="delete a profile's secrets from the keyring")
    d.add_argument("profile")
    d.add_argument("field", nargs="?")
    d.set_defaults(func=cmd_delete)


def _fields(profile: Any, field: str | None) -> list[Any]:
    destination = get_destination(profile.destination)
    secret = [f for f in destination.credentials if f.secret]
    if field is None:
        return secret
    chosen = [f for f in secret if f.id == field]
    if not chosen:
        raise CliError(
            f"{field!r} is not a secret field of {destination.title}; "
            f"secret fields: {', '.join(f.id for f in secret) or 'none'}."
        )
    return chosen


def cmd_set(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    store = services().store
    print(f"Secrets are stored in: {store.info().name}", file=sys.stderr)
    for field in _fields(profile, args.field):
        if args.stdin:
            value = sys.stdin.readline().rstrip("\r\n")
        else:
            value = getpass.getpass(f"{field.label}: ")
        if not value:
            raise CliError(f"No {field.label} given; nothing was stored.")
        try:
            store.set(profile.id, field.id, value)
        except SecretStoreError as exc:
            raise CliError(str(exc)) from None
        print(f"Stored {field.label} for {profile.name}.", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    store = services().store
    info = store.info()
    print(f"Store: {info.name}{'' if info.secure else ' (not secure)'}")
    missing = 0
    for field in _fields(profile, None):
        try:
            present = bool(store.get(profile.id, field.id))
        except SecretStoreError as exc:
            raise CliError(str(exc)) from None
        missing += not present
        print(f"{field.id}: {'stored' if present else 'missing'}")
    return 1 if missing else 0


def cmd_delete(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    store = services().store
    for field in _fields(profile, args.field):
        try:
            store.delete(profile.id, field.id)
        except SecretStoreError as exc:
            raise CliError(str(exc)) from None
        print(f"Deleted {field.label} of {profile.name}.", file=sys.stderr)
    return 0
