"""``hooksmith management`` (the Management API key, the webhook list) and ``hooksmith logs``
(Talon.One's webhook delivery log, and diagnosing one delivery)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from typing import Any

from app.cli.common import CliError, open_profile, services
from app.cli.output import terminal_json
from app.core.destination.catalogue import get_destination
from app.core.destination.profile import save_profile
from app.core.http.settings import load_settings
from app.core.secrets.store import SecretStoreError
from app.core.support.customer_samples import fill_from_customer
from app.core.support.diagnose import OUTCOME_WORDS, delivery_outcome, diagnose_log_entry
from app.core.support.management import (
    ManagementClient,
    ManagementError,
    delete_key,
    normalise_base,
    read_key,
    remember_base,
    remembered_base,
    store_key,
)
from app.core.support.management_models import Application, LogEntry, filter_webhooks

BASE_ENV = "HOOKSMITH_TALON_BASE"


def register(sub: Any) -> None:
    p = sub.add_parser("management", help="Talon.One Management API: the key and the webhooks")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    k = actions.add_parser("key", help="store (or --delete) the Management API key")
    k.add_argument("--base", help="Talon.One address (your Campaign Manager's)")
    k.add_argument("--stdin", action="store_true", help="read the key from standard input")
    k.add_argument("--delete", action="store_true", help="delete the stored key")
    k.set_defaults(func=cmd_key)
    w = actions.add_parser("webhooks", help="list (and search) the webhooks in Talon.One")
    w.add_argument("--base", help="Talon.One address (default: last used)")
    w.add_argument("--search", default="", help="words to find in ID, title, URL, description")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_webhooks)
    a = actions.add_parser("applications", help="list the Applications in Talon.One")
    a.add_argument("--base", help="Talon.One address (default: last used)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_applications)

    p = sub.add_parser(
        "samples",
        help="fill a profile's sample values from a Talon.One customer profile (needs the "
        "Management API key)",
    )
    p.add_argument("profile")
    p.add_argument(
        "--customer", required=True, metavar="INTEGRATION_ID", help="the customer's integration ID"
    )
    p.add_argument("--base", help="Talon.One address (default: last used)")
    p.set_defaults(func=cmd_samples)

    p = sub.add_parser("logs", help="Talon.One's webhook delivery log; diagnose one delivery")
    p.add_argument("--base", help="Talon.One address (default: last used)")
    p.add_argument("--webhook", type=int, action="append", default=[], metavar="ID")
    outcome = p.add_mutually_exclusive_group()
    outcome.add_argument(
        "--failed",
        action="store_true",
        help="only deliveries the destination did not fully accept (by its answer's body "
        "too: a 200 that rejects records counts)",
    )
    outcome.add_argument(
        "--succeeded", action="store_true", help="only deliveries the destination accepted"
    )
    p.add_argument("--status", type=int, metavar="CODE", help="only this response code")
    p.add_argument("--limit", type=int, default=20, help="entries to list (default 20)")
    p.add_argument("--show", metavar="MESSAGE_ID", help="print one delivery in full")
    p.add_argument("--diagnose", metavar="MESSAGE_ID", help="diagnose one delivery")
    p.add_argument("--profile", help="with --diagnose: compare with this profile's template")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_logs)


def base_from(value: str | None) -> str:
    base = value or os.environ.get(BASE_ENV, "") or remembered_base()
    if not base:
        raise CliError(
            "Give the Talon.One address with --base (your Campaign Manager's, such as "
            f"https://acme.europe-west1.talon.one), or set {BASE_ENV}."
        )
    try:
        return normalise_base(base)
    except ManagementError as exc:
        raise CliError(str(exc)) from None


def client(base_arg: str | None) -> ManagementClient:
    """A client for the given (or last used) deployment, with its key from the keyring."""
    base = base_from(base_arg)
    try:
        key = read_key(services().store, base)
    except ManagementError as exc:
        raise CliError(str(exc)) from None
    remember_base(base)
    return ManagementClient(base, key, settings=load_settings().settings)


def cmd_samples(args: argparse.Namespace) -> int:
    """Load one customer profile and put its values into the profile's samples."""
    profile, path = open_profile(args.profile)
    destination = get_destination(profile.destination)
    try:
        with client(args.base) as talon:
            customer = talon.customer(args.customer)
    except ManagementError as exc:
        raise CliError(str(exc)) from None
    fill = fill_from_customer(profile, destination, customer)
    for line in fill.lines():
        print(line)
    if fill.changed:
        save_profile(profile, path)
        print(f"Saved the samples in {path}; hooksmith preview {path} shows them.")
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    base = base_from(args.base)
    store = services().store
    try:
        if args.delete:
            delete_key(store, base)
            print(f"Deleted the Management API key for {base}.", file=sys.stderr)
            return 0
        if args.stdin:
            key = sys.stdin.readline().strip()
        else:
            key = getpass.getpass(f"Management API key for {base}: ").strip()
        if not key:
            raise CliError("No key given; nothing was stored.")
        store_key(store, base, key)
    except SecretStoreError as exc:
        raise CliError(str(exc)) from None
    remember_base(base)
    print(f"Stored the Management API key for {base} in {store.info().name}.", file=sys.stderr)
    return 0


def cmd_webhooks(args: argparse.Namespace) -> int:
    try:
        with client(args.base) as talon:
            webhooks = filter_webhooks(talon.all_webhooks(), args.search)
    except ManagementError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(terminal_json([asdict(w) for w in webhooks]))
        return 0
    if not webhooks:
        print("No webhook matches." if args.search else "Talon.One has no webhooks.")
        return 0
    for hook in webhooks:
        state = "" if hook.enabled else "  (disabled)"
        print(f"{hook.id:>6}  {hook.verb:<6} {hook.title}{state}\n        {hook.url}")
    print("\nImport one with: hooksmith import --management --id ID")
    return 0


def applications(base_arg: str | None) -> list[Application]:
    """The account's Applications, read with the stored Management API key."""
    try:
        with client(base_arg) as talon:
            return talon.applications()
    except ManagementError as exc:
        raise CliError(str(exc)) from None


def cmd_applications(args: argparse.Namespace) -> int:
    found = applications(args.base)
    if args.json:
        print(terminal_json([asdict(a) for a in found]))
        return 0
    if not found:
        print("Talon.One has no Applications in this account.")
        return 0
    for app in found:
        print(f"{app.id:>6}  {app.name}")
    print("\nName them with: hooksmith init … --application NAME (or the ID)")
    return 0


def _entries(talon: ManagementClient, args: argparse.Namespace) -> list[LogEntry]:
    """The deliveries asked for. --failed and --succeeded are decided by each delivery's
    own answer (delivery_outcome), not by Talon.One's HTTP-status-only isSuccessful, so
    they read every page and filter here."""
    found: list[LogEntry] = []
    cursor = None
    wanted = "ok" if args.succeeded else ("failed" if args.failed else "")
    while len(found) < args.limit:
        page = talon.message_logs(
            webhook_ids=args.webhook, response_code=args.status, cursor=cursor
        )
        for entry in page.entries:
            outcome = delivery_outcome(entry)
            if wanted and (outcome == "ok") != (wanted == "ok"):
                continue
            found.append(entry)
        cursor = page.next_cursor
        if not cursor:
            break
    return found[: args.limit]


def _show(entry: LogEntry) -> None:
    print(
        f"Message {entry.id} at {entry.created_at}: webhook {entry.webhook_name or '-'} "
        f"({entry.webhook_id}), answer {entry.status if entry.status is not None else 'none'}"
    )
    print(f"> {entry.method or 'POST'} {entry.url}")
    for name, value in entry.headers:
        print(f"> {name}: {value}")
    if entry.body:
        print(f"\n{entry.body}\n")
    if entry.response:
        print(f"< {entry.response}")


def cmd_logs(args: argparse.Namespace) -> int:
    try:
        with client(args.base) as talon:
            if args.show or args.diagnose:
                entry = talon.log_entry(args.show or args.diagnose)
            else:
                entries = _entries(talon, args)
    except ManagementError as exc:
        raise CliError(str(exc)) from None
    if args.show:
        if args.json:
            print(terminal_json(asdict(entry)))
        else:
            _show(entry)
        return 0
    if args.diagnose:
        profile = open_profile(args.profile)[0] if args.profile else None
        result = diagnose_log_entry(entry, profile=profile)
        if args.json:
            print(terminal_json(result.to_json()))
        else:
            print("\n".join(result.lines()))
        return 0 if result.ok and entry.success else 1
    if args.json:
        print(terminal_json([{**asdict(e), "outcome": delivery_outcome(e)} for e in entries]))
    elif not entries:
        print("No deliveries match.")
    else:
        for entry in entries:
            word = OUTCOME_WORDS[delivery_outcome(entry)]
            print(f"{entry.id}  {entry.summary()}  ({word})")
        print("\nOpen one with: hooksmith logs --diagnose MESSAGE_ID")
    return 0
