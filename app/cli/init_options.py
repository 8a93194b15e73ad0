"""``hooksmith init`` options that fill in the wizard's choices from the command line.

``--set NAME=VALUE`` sets a mapping slot (event name, identity mode, campaign ID...) or a
request option (method, authentication, query toggles); ``--map SLOT KEY=SOURCE`` fills
a table slot (identities, attributes); ``--base-url`` is the URL typed for custom
endpoints and Talon.One deployments; ``--header`` adds a plain header. Each value is
checked against the destination file, and a wrong one names the accepted ones.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlsplit

from app.cli.common import CliError, name_value
from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.payload.mapping import apply_mapping
from app.core.support.credsplit import looks_like_credential

_SOURCES = ("param", "attribute", "integration_id", "session_id", "literal")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a choice from the wizard: event_name=..., identity_mode=enrichment, "
        "campaign_id=373, verb=PUT, auth=bearer, silent_no=false; for a caller "
        "expression, advocate=email and advocate.sample=ann@example.com",
    )
    p.add_argument(
        "--map",
        nargs=2,
        action="append",
        default=[],
        metavar=("SLOT", "KEY[:TYPE]=SOURCE"),
        help="a row of a table slot; SOURCE is param:NAME, attribute:NAME, integration_id, "
        "session_id or literal:TEXT (the first --map of a slot replaces its defaults)",
    )
    p.add_argument("--base-url", help="the endpoint URL or Talon.One deployment URL you type")
    p.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="an extra plain header (credentials go through --set auth=... and the keyring)",
    )


def apply(profile: Profile, destination: Destination, args: argparse.Namespace) -> None:
    """Apply the options to a new profile and regenerate its payload template."""
    if args.base_url:
        _refuse_secret_in_url(args.base_url)
        profile.custom_base = args.base_url.strip()
    for item in args.set:
        _set(profile, destination, *name_value(item, "--set"))
    replaced: set[str] = set()
    for slot_id, spec in args.map:
        _map(profile, destination, slot_id, spec, replaced)
    if args.header:
        option = next((o for o in destination.options if o.kind == "headers"), None)
        if option is None:
            raise CliError(f"{destination.title} takes no extra headers.")
        for line in args.header:
            _refuse_secret_header(line)
        profile.options[option.id] = [*(profile.options.get(option.id) or []), *args.header]
    apply_mapping(profile, destination)


_AUTH_HINT = (
    "It would be saved in the profile file in plain text. Choose an authentication that "
    "keeps it in the keyring instead (--set auth=header, bearer or basic), then run "
    "'hooksmith credentials set FILE'."
)


def _refuse_secret_header(line: str) -> None:
    """Extra headers are saved in the profile: a credential typed as one must not be."""
    name, _, value = line.partition(":")
    if looks_like_credential(name.strip(), value):
        raise CliError(f"The header {name.strip()} looks like a credential. {_AUTH_HINT}")


def _refuse_secret_in_url(url: str) -> None:
    """The URL is saved in the profile too: no API key in its query string."""
    for name, value in parse_qsl(urlsplit(url.strip()).query):
        if looks_like_credential(name, value) or _SECRET_NAME.search(name):
            raise CliError(
                f"The URL's query parameter {name} looks like a credential. {_AUTH_HINT}"
            )


_SECRET_NAME = re.compile(r"token|secret|passw|passcode|api[-_]?key|signature", re.IGNORECASE)


def _set(profile: Profile, destination: Destination, name: str, value: str) -> None:
    slots = destination.mapping.slots
    base, _, part = name.partition(".")
    if base in slots and slots[base].kind == "expression":
        current = dict(profile.mapping.get(base) or {})
        current["sample" if part == "sample" else "attribute"] = value
        profile.mapping[base] = current
        return
    if name in slots and slots[name].kind in ("text", "choice"):
        slot = slots[name]
        allowed = [c.value for c in slot.choices] if slot.kind == "choice" else None
        profile.mapping[name] = _checked(allowed, name, value)
        return
    auth_ids = [o.id for o in destination.auth.options] if destination.auth else []
    if name == "auth" and auth_ids:
        profile.options["auth"] = _checked(auth_ids, name, value)
        return
    for option in destination.options:
        if option.id != name:
            continue
        if option.kind == "toggle":
            if value.lower() not in _TRUE + _FALSE:
                raise CliError(f"{name} is on or off: give true or false, not {value!r}.")
            profile.options[name] = value.lower() in _TRUE
        elif option.kind == "choice":
            allowed = [c.value for c in option.choices]
            chosen = _checked(allowed, name, value.upper() if name == "verb" else value)
            profile.options[name] = chosen
        else:
            raise CliError(f"{name} cannot be set with --set; see hooksmith init --help.")
        return
    known = [s for s, v in slots.items() if v.kind in ("text", "choice", "expression")]
    known += [o.id for o in destination.options if o.kind in ("toggle", "choice")]
    known += ["auth"] if auth_ids else []
    raise CliError(f"{destination.title} has no setting {name!r}; settings: {', '.join(known)}.")


def _checked(allowed: Sequence[str] | None, name: str, value: str) -> str:
    """``value``, when it is one of ``allowed`` (None: anything goes)."""
    if allowed is None:
        return value
    if value not in allowed:
        raise CliError(f"{name} must be one of: {', '.join(allowed)} (not {value!r}).")
    return value


def _map(
    profile: Profile, destination: Destination, slot_id: str, spec: str, replaced: set[str]
) -> None:
    slot = destination.mapping.slots.get(slot_id)
    if slot is None or slot.kind != "map":
        tables = [s for s, v in destination.mapping.slots.items() if v.kind == "map"]
        raise CliError(f"{slot_id!r} is not a table slot; tables: {', '.join(tables) or 'none'}.")
    head, sep, source = spec.partition("=")
    key, _, type_name = head.partition(":")
    kind, _, source_name = source.partition(":")
    if not sep or not key or kind not in _SOURCES:
        raise CliError(
            f"--map {slot_id} {spec!r} must look like KEY[:TYPE]=SOURCE with SOURCE one of "
            "param:NAME, attribute:NAME, integration_id, session_id, literal:TEXT."
        )
    if slot_id not in replaced:
        profile.mapping[slot_id] = []
        replaced.add(slot_id)
    profile.mapping[slot_id].append(
        {"key": key, "kind": kind, "name": source_name, "type": type_name or "string"}
    )
