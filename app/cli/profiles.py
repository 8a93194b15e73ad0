"""``init``, ``preview``, ``validate``, ``fire`` and ``export``: the journey without a window."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli import fire_cmd, init_options
from app.cli.common import CliError, name_value, open_profile, print_problems, services
from app.cli.fire_cmd import print_result  # noqa: F401  (the older import path)
from app.cli.output import terminal_json
from app.core.destination.catalogue import (
    SANDBOX_REGION,
    get_destination,
    load_catalogue,
    takes_url,
)
from app.core.destination.profile import Param, save_profile
from app.core.handover.export import (
    export_problems,
    new_webhook,
    parse_application_ids,
    title_problem,
)
from app.core.handover.handover import build_handover
from app.core.journey.journey import Journey, missing_secret_message
from app.core.payload.checks import check_settings, typed_url, validate_query_url
from app.core.payload.mapping import new_profile
from app.core.payload.template import PARAM_TYPES
from app.core.payload.validate import validate_payload


def register(sub: Any) -> None:
    ids = [d.id for d in load_catalogue()]

    p = sub.add_parser("init", help="create a profile with a destination's defaults")
    p.add_argument("destination", choices=ids)
    p.add_argument("output", help="profile file to write")
    p.add_argument("--name", help="webhook title in Talon.One")
    p.add_argument("--region", help="region id, or 'sandbox' for the local sandbox")
    p.add_argument(
        "--credential",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a non-secret credential such as account_id=W9R-486-4W5Z "
        "(secrets: hooksmith credentials set)",
    )
    init_options.add_arguments(p)
    talon = p.add_argument_group("Talon.One webhook settings")
    talon.add_argument(
        "--application",
        "--application-id",
        dest="application",
        action="append",
        default=[],
        metavar="ID_OR_NAME",
        help="an Application the webhook applies to, by ID or by name (a name is looked up "
        "with the stored Management API key); repeat it; none means all Applications",
    )
    _credential_id_argument(talon)
    talon.add_argument(
        "--hide-in-rule-builder",
        action="store_true",
        help="leave 'Display in Rule Builder' unticked",
    )
    talon.add_argument(
        "--secret-in-headers",
        action="store_true",
        help="hand the secret over as a webhook header instead of a Talon.One credential "
        "(every Talon.One admin can read it)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "preview", help="show the request a profile sends, secrets masked, and its checklist"
    )
    p.add_argument("profile")
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser(
        "check",
        help="the go-live checklist: exit 0 only when nothing blocks handing the profile over",
    )
    p.add_argument("profile")
    p.add_argument("--json", action="store_true", help="print the checklist as JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("validate", help="check a payload; non-zero exit when it has problems")
    p.add_argument("--destination", required=True, choices=ids)
    p.add_argument(
        "payload",
        help="payload file (JSON or Talon.One template), or - for stdin; for a destination "
        "called with GET (bloomreach-referral), the URL the caller sends",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME[:TYPE]=SAMPLE",
        help="declare a webhook parameter used by the template",
    )
    p.add_argument("--json", action="store_true", help="print problems as JSON")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fire", help="send a profile's request and explain the answer")
    fire_cmd.add_arguments(p)
    p.set_defaults(func=cmd_fire)

    p = sub.add_parser(
        "export",
        help="print the webhook as Talon.One's NewWebhook JSON, or the hand-over (what to "
        "paste where) for destinations Talon.One does not call",
    )
    p.add_argument("profile")
    p.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: NewWebhook (or the hand-over as JSON); text: the hand-over page as text",
    )
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.add_argument(
        "--include-secrets",
        action="store_true",
        help="put real secret values in the headers (the file then holds secrets)",
    )
    _credential_id_argument(p)
    p.set_defaults(func=cmd_export)


def _credential_id_argument(p: argparse._ActionsContainer) -> None:
    p.add_argument(
        "--credential-id",
        type=int,
        metavar="ID",
        help="the ID of the Talon.One credential (Account > Credentials) that holds the "
        "secret; the export names it as authenticationId",
    )


def _applications(given: list[str]) -> list[int]:
    """``--application`` values as IDs; names are looked up in Talon.One."""
    text = ", ".join(given)
    known = None
    if any(not part.strip().isdigit() for part in given):
        from app.cli.support_talon import applications

        known = applications(None)
    try:
        return parse_application_ids(text, known)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def cmd_init(args: argparse.Namespace) -> int:
    destination = get_destination(args.destination)
    credentials = dict(name_value(item, "--credential") for item in args.credential)
    secret = set(destination.secret_fields) & set(credentials)
    if secret:
        raise CliError(
            f"{', '.join(sorted(secret))} is secret: store it with "
            "'hooksmith credentials set', never on the command line."
        )
    if args.secret_in_headers and args.credential_id is not None:
        raise CliError(
            "Give either --credential-id (the secret stays in a Talon.One credential) or "
            "--secret-in-headers (it is pasted into the webhook), not both."
        )
    profile = new_profile(destination)
    profile.credentials.update(credentials)
    profile.application_ids = _applications(args.application)
    profile.authentication_id = args.credential_id
    profile.enabled = not args.hide_in_rule_builder
    profile.secret_in_headers = args.secret_in_headers
    init_options.apply(profile, destination, args)
    if args.name:
        problem = title_problem(args.name) if destination.handover_kind == "talon-webhook" else None
        if problem is not None:
            raise CliError(f"{problem.message} {problem.hint}")
        profile.name = args.name
    if args.region:
        valid = [r.id for r in destination.regions] + [SANDBOX_REGION]
        if args.region not in valid:
            raise CliError(f"Unknown region {args.region!r}; choose one of: {', '.join(valid)}.")
        profile.region = args.region
    save_profile(profile, Path(args.output))
    if profile.custom_base and typed_url(profile, destination) is None:
        where = f"sending to {profile.custom_base} instead of a {destination.service} region"
    else:
        where = f"region {profile.region}"
    print(f"Wrote {args.output} ({destination.title}, {where}).")
    for problem in check_settings(profile, destination):
        if problem.code.startswith("url."):
            print(problem.format(), file=sys.stderr)
    if destination.secret_fields:
        print(f"Next: hooksmith credentials set {args.output}")
    return 0


def _journey(name: str) -> Journey:
    """The profile as a journey, with its secrets and recorded fires read."""
    profile, path = open_profile(name)
    journey = Journey(profile, services(), path=path)
    journey.load_secrets()
    journey.load_history()
    return journey


def cmd_preview(args: argparse.Namespace) -> int:
    journey = _journey(args.profile)
    preview = journey.preview(live_sandbox=False)
    if preview.request is None:
        raise CliError(preview.problem)
    print(preview.head())
    print()
    print(preview.body())
    problems = preview.validation.report.problems
    if problems:
        print()
        print_problems(problems)
    print()
    print(journey.readiness().text())
    return 1 if preview.validation.report.errors else 0


def cmd_check(args: argparse.Namespace) -> int:
    readiness = _journey(args.profile).readiness()
    if args.json:
        items = [asdict(item) for item in readiness.items]
        print(terminal_json({"ready": readiness.ready, "items": items}))
    else:
        print(readiness.text())
    return 0 if readiness.ready else 1


def _parse_param(spec: str) -> Param:
    head, sep, sample = spec.partition("=")
    name, _, type_name = head.partition(":")
    if not name:
        raise CliError(f"--param {spec!r} must look like NAME[:TYPE]=SAMPLE.")
    kind = type_name.strip() or "string"
    if kind not in PARAM_TYPES:
        raise CliError(
            f"--param {spec!r}: {kind!r} is not a Talon.One parameter type; "
            f"use one of {', '.join(PARAM_TYPES)}."
        )
    return Param(name.strip(), kind, "", sample if sep else "")


def cmd_validate(args: argparse.Namespace) -> int:
    destination = get_destination(args.destination)
    if args.payload == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.payload).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"Cannot read {args.payload}: {exc}") from None
    params = [_parse_param(p) for p in args.param]
    if takes_url(destination):
        report = validate_query_url(text, destination)
    else:
        report = validate_payload(text, params, {}, destination).report
    problems = report.problems
    if args.json:
        print(
            json.dumps([{**p.__dict__, "severity": p.severity.value} for p in problems], indent=2)
        )
    elif problems:
        print_problems(problems)
    else:
        print(f"No problems: the payload matches {destination.title}'s rules.")
    return 1 if report.errors else 0


def cmd_fire(args: argparse.Namespace) -> int:
    return fire_cmd.cmd_fire(args, services())


def cmd_export(args: argparse.Namespace) -> int:
    profile, _ = open_profile(args.profile)
    if args.credential_id is not None:
        profile.authentication_id = args.credential_id
    destination = get_destination(profile.destination)
    secrets: dict[str, str] = {}
    if args.include_secrets:
        journey = Journey(profile, services(), destination=destination)
        journey.load_secrets()
        missing = journey.missing_secrets()
        if not journey.secrets_known:
            raise CliError(journey.secrets_problem)
        if missing:
            raise CliError(missing_secret_message(missing))
        secrets = journey.secrets
        print(
            "Warning: the export holds secrets in clear text. Do not share or commit it.",
            file=sys.stderr,
        )
    problems = export_problems(profile, destination)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    refused = [p for p in problems if p.code == "export.title"]
    if refused:  # Talon.One's NewWebhook would reject the whole export
        raise CliError(f"Nothing exported. {refused[0].hint}")
    handover = build_handover(profile, destination, secrets, reveal=args.include_secrets)
    if args.format == "text":
        text = handover.text()
    elif handover.exportable:
        document = new_webhook(profile, destination, secrets, include_secrets=args.include_secrets)
        text = terminal_json(document) + "\n"
    else:
        text = terminal_json(handover.to_json()) + "\n"
    if args.output:
        from app.core.destination.profile import atomic_write

        atomic_write(Path(args.output), text)
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
