"""The request-level parts of an import: verb, authentication choice, URL query, extra headers.

Destinations describe these as data (``verbs``, ``auth.options``, ``query``, ``options``
of kind ``toggle`` and ``headers``); this module reads an imported request back into
those choices, and notes whatever has no place in the profile.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.core.destination.catalogue import AuthMethod, Destination
from app.core.payload.problems import Severity
from app.core.secrets.store import MASK
from app.core.support.credsplit import decode_basic, looks_like_credential, template_regex
from app.core.support.detect import has_placeholder, is_secret_header
from app.core.support.import_result import ImportResult


def pick_options(result: ImportResult, verb: str) -> None:
    """Carry the verb over where the destination lets the user choose it."""
    dest, options = result.destination, result.profile.options
    if verb in dest.verbs:
        if len(dest.verbs) > 1:
            options["verb"] = verb
        return
    result.note(
        f"The webhook sends {verb}, but {dest.title} expects {dest.verb}.",
        f"Hooksmith uses {dest.verb}; change the verb in Talon.One too.",
        Severity.ERROR,
    )


def choose_auth(
    dest: Destination,
    headers: list[tuple[str, str]],
    basic: tuple[str, str] | None,
    options: dict[str, Any],
) -> AuthMethod | None:
    """Pick the destination's authentication choice that explains the imported headers."""
    auth = dest.auth
    if auth is None:
        return None
    if not auth.options:
        return auth.method
    values = {name.lower(): value for name, value in headers}
    described = {line.partition(":")[0].strip().lower() for line in dest.headers}
    has_basic = basic is not None or decode_basic(values.get("authorization", "")) is not None
    chosen = None
    for option in auth.options:
        kind = option.type
        if kind == "basic" and has_basic:
            chosen = option
        elif kind == "header" and not has_basic:
            name = option.name
            if "{" in name:
                if any(looks_like_credential(n, v) and n not in described for n, v in headers):
                    chosen = chosen or option
                continue
            value = values.get(name.lower())
            if value is not None and template_regex(option.value).match(value):
                chosen = option
        if chosen is option:
            break
    if chosen is None:
        chosen = next((o for o in auth.options if not o.type), None)
    if chosen is not None:
        options["auth"] = chosen.id
    return dest.auth_for(options)


def apply_query(result: ImportResult, url: str, other_headers: list[tuple[str, str]]) -> None:
    """Read the URL's query into slots and toggles; place or note extra headers."""
    dest, profile = result.destination, result.profile
    pairs = parse_qsl(urlsplit(url).query, keep_blank_values=True) if url else []
    whole_url = dest.url == "{base}"
    if url and not whole_url:
        pairs = _toggles(result, pairs)
        pairs = _query_slots(result, pairs)
        if dest.dry_run:
            wanted = set(dest.dry_run.query.items())
            if wanted and wanted <= set(pairs):
                profile.dry_run = True
                pairs = [p for p in pairs if p not in wanted]
        if pairs:
            shown = ", ".join(f"{k}={MASK if is_secret_header(k) else v}" for k, v in pairs)
            result.note(
                f"The URL's query ({shown}) is not part of {dest.title}'s set-up; it was left out."
            )
    dry_lines = dest.dry_run.headers if dest.dry_run else ()
    dry_headers = {
        (n.strip().lower(), v.strip()) for n, _, v in (line.partition(":") for line in dry_lines)
    }
    if dry_headers and dry_headers <= {(n.lower(), v) for n, v in other_headers}:
        profile.dry_run = True
        other_headers = [(n, v) for n, v in other_headers if (n.lower(), v) not in dry_headers]
    slot = next((o for o in dest.options if o.kind == "headers"), None)
    kept = [(n, v) for n, v in other_headers if v != MASK]
    secret = [n for n, v in other_headers if v == MASK]
    if slot is not None and kept:
        profile.options[slot.id] = [f"{n}: {v}" for n, v in kept]
    elif kept:
        names = ", ".join(n for n, _ in kept)
        result.note(f"The header(s) {names} are not part of {dest.title}'s set-up; left out.")
    if secret:
        result.note(
            f"The header(s) {', '.join(secret)} carry credentials Hooksmith has no field for; "
            "they were left out.",
            "Choose the matching authentication on the credentials page and enter the value.",
        )


def _toggles(result: ImportResult, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    options = result.profile.options
    for option in result.destination.options:
        if option.kind != "toggle" or not option.query:
            continue
        wanted = set(option.query.items())
        options[option.id] = wanted <= set(pairs)
        if options[option.id]:
            pairs = [p for p in pairs if p not in wanted]
    return pairs


def _query_slots(result: ImportResult, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    dest, profile = result.destination, result.profile
    slots = dest.mapping.slots
    left = list(pairs)
    for entry in dest.query:
        name = entry.name
        value = next((v for k, v in left if k == name), None)
        if value is None:
            continue
        left = [p for p in left if p[0] != name]
        template = entry.value
        slot_id = template[1:] if template.startswith("@") and template[1:] in slots else ""
        if not slot_id:
            if value != template:
                result.note(f"The URL sets {name}={value}; Hooksmith always sends {template}.")
            continue
        slot = slots[slot_id]
        if slot.kind == "expression":
            current = dict(profile.mapping.get(slot_id) or {})
            if value.strip().startswith("{{") or has_placeholder(value):
                current["attribute"] = value.strip()
            else:
                current["sample"] = value
            profile.mapping[slot_id] = current
        else:
            profile.mapping[slot_id] = value
    return left
