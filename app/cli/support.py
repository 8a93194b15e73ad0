"""Support-staff commands: ``import``, ``diagnose`` and ``bundle`` here; ``management``
and ``logs`` in :mod:`app.cli.support_talon`; ``history`` in :mod:`app.cli.history_cmd`.

They call the same core functions as the GUI's import, diagnose and bundle pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import history_cmd, support_talon
from app.cli.common import CliError, open_profile, print_problems, services
from app.cli.output import terminal_json
from app.core.destination import paths
from app.core.destination.catalogue import get_destination, load_catalogue
from app.core.destination.profile import save_profile
from app.core.journey.journey import Journey
from app.core.payload.words import counted
from app.core.secrets.store import SecretStoreError
from app.core.support.bundle import DEFAULT_FIRES, BundleError, write_bundle
from app.core.support.diagnose import Diagnosis, diagnose
from app.core.support.importer import (
    ImportFailed,
    ImportResult,
    from_curl,
    from_definition,
    from_file,
)
from app.core.support.management import ManagementError


def register(sub: Any) -> None:
    ids = [d.id for d in load_catalogue()]
    p = sub.add_parser(
        "import",
        help="import a webhook from a JSON file, a curl command or Talon.One's Management API",
        description="Import an existing webhook as a Hooksmith profile. Secrets found in it "
        "are offered for the keyring and never written to the profile.",
    )
    p.add_argument("file", nargs="?", help="Talon.One webhook JSON (NewWebhook or Webhook)")
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--curl",
        metavar="TEXT",
        help="a curl command; '-' reads it from standard input (keeps secrets out of "
        "your shell history)",
    )
    source.add_argument(
        "--management", action="store_true", help="read it from Talon.One (needs --id)"
    )
    p.add_argument("--id", type=int, help="webhook ID in Talon.One (with --management)")
    p.add_argument("--base", help="Talon.One address (with --management; default: last used)")
    p.add_argument("--pick", help="which webhook of a file holding several (ID or title)")
    p.add_argument("--destination", choices=ids, help="use this destination, not the detected one")
    p.add_argument("-o", "--output", help="profile file to write (default: the profiles folder)")
    p.add_argument("--force", action="store_true", help="overwrite the output file")
    secrets = p.add_mutually_exclusive_group()
    secrets.add_argument(
        "--store-secrets", action="store_true", help="store found secrets in the keyring"
    )
    secrets.add_argument(
        "--no-store-secrets", action="store_true", help="do not store found secrets"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "diagnose",
        help="check a payload from a delivery log or a ticket; diff it against a profile",
    )
    p.add_argument("payload", help="the payload file, or - for standard input")
    p.add_argument("--destination", choices=ids, help="whose rules apply (default: detect)")
    p.add_argument("--profile", help="compare with this profile's template")
    p.add_argument("--url", default="", help="the URL it was sent to (helps detection)")
    p.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    p.set_defaults(func=cmd_diagnose)

    p = sub.add_parser(
        "bundle", help="write a support bundle zip (secrets and personal data masked)"
    )
    p.add_argument("profile")
    p.add_argument("-o", "--output", required=True, help="the zip file to write")
    p.add_argument("--fires", type=int, default=DEFAULT_FIRES, help="last N fires to include")
    p.add_argument("--payload", help="also diagnose this payload file (- for stdin)")
    p.set_defaults(func=cmd_bundle)

    support_talon.register(sub)
    history_cmd.register(sub)


def read_text(name: str) -> str:
    """A file's text, or standard input for ``-``."""
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"Cannot read {name}: {exc}") from None


def cmd_import(args: argparse.Namespace) -> int:
    if args.file and (args.curl is not None or args.management):
        raise CliError("Give one source: a JSON file, --curl TEXT or --management --id N.")
    try:
        if args.curl is not None:
            result = from_curl(
                read_text(args.curl) if args.curl == "-" else args.curl,
                destination=args.destination or "",
            )
        elif args.management:
            if args.id is None:
                raise CliError(
                    "Give the webhook's ID with --id (list them: hooksmith management webhooks)."
                )
            with support_talon.client(args.base) as talon:
                definition = talon.webhook_definition(args.id)
            result = from_definition(
                definition, origin="management", destination=args.destination or ""
            )
        elif args.file:
            result = from_file(
                Path(args.file), pick=args.pick or "", destination=args.destination or ""
            )
        else:
            raise CliError("Give a JSON file, --curl TEXT or --management --id N.")
    except (ImportFailed, ManagementError) as exc:
        raise CliError(str(exc)) from None
    report_import(result)
    path = (
        Path(args.output)
        if args.output
        else paths.profiles_dir() / paths.profile_filename(result.profile.name)
    )
    if path.exists() and not args.force:
        raise CliError(f"{path} exists; add --force to replace it, or choose -o FILE.")
    save_profile(result.profile, path)
    print(f"Wrote {path}.")
    _offer_secrets(result, path, args)
    print(f"Next: hooksmith preview {path}   (then: hooksmith fire {path} --sandbox)")
    return 0


def report_import(result: ImportResult) -> None:
    profile, dest = result.profile, result.destination
    how = "; ".join(result.detection.reasons)
    print(f"Recognised: {dest.title}" + (f" ({how})" if how else ""))
    region = next((r for r in dest.regions if r.id == profile.region), None)
    if profile.custom_base:
        print(f"Address: {profile.custom_base}")
    elif region is not None and region.custom:
        print(f"{region.label}: not set yet; enter it on the region page before firing.")
    elif region is not None:
        print(f"Region: {region.label}")
    print_problems(result.notes)


def _offer_secrets(result: ImportResult, path: Path, args: argparse.Namespace) -> None:
    offered = result.offered()
    if not offered:
        return
    for _, label, where in offered:
        print(
            f"Found the {label}"
            + (f" in {where[0].lower() + where[1:]}" if where else "")
            + "; it was taken out of the imported text."
        )
    store = services().store
    if args.no_store_secrets:
        store_it = False
    elif args.store_secrets:
        store_it = True
    elif sys.stdin.isatty():
        answer = input(f"Store it in {store.info().name}? [Y/n] ")
        store_it = answer.strip().lower() in ("", "y", "yes")
    else:
        store_it = False
    if not store_it:
        print(
            f"Not stored. Store it later with: hooksmith credentials set {path}"
            + ("" if args.no_store_secrets else "  (or import again with --store-secrets)")
        )
        return
    try:
        stored = result.store_secrets(store)
    except SecretStoreError as exc:
        raise CliError(
            f"{exc} The profile was written; store the secrets later with "
            f"hooksmith credentials set {path}"
        ) from None
    print(f"Stored in {store.info().name}: {', '.join(stored)}.")


def _diagnosis(args: argparse.Namespace, text: str) -> Diagnosis:
    profile = open_profile(args.profile)[0] if getattr(args, "profile", None) else None
    return diagnose(text, destination=args.destination, profile=profile, url=args.url)


def cmd_diagnose(args: argparse.Namespace) -> int:
    result = _diagnosis(args, read_text(args.payload))
    if args.json:
        print(terminal_json(result.to_json()))
    else:
        print("\n".join(result.lines()))
    return 0 if result.ok else 1


def cmd_bundle(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    destination = get_destination(profile.destination)
    diagnosis = None
    if args.payload:
        diagnosis = diagnose(read_text(args.payload), profile=profile)
    journey = Journey(profile, services(), destination=destination)
    try:
        secrets = journey.read_secrets()
    except SecretStoreError as exc:
        print(
            f"hooksmith: could not read the stored secrets ({exc}); known secret patterns "
            "are still masked.",
            file=sys.stderr,
        )
        secrets = {}
    try:
        report = write_bundle(
            Path(args.output),
            profile,
            secrets=secrets,
            destination=destination,
            fires=args.fires,
            diagnosis=diagnosis,
        )
    except BundleError as exc:
        raise CliError(str(exc)) from None
    masked = ", ".join(f"{n} {k}(s)" for k, n in sorted(report.masked.items()) if n) or "nothing"
    print(
        f"Wrote {report.path}: {counted(len(report.files), 'file')}, "
        f"{counted(report.fires, 'fire')}; masked: {masked}."
    )
    print("Check the files before attaching them to a ticket.")
    return 0
