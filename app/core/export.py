"""What the user takes away: Talon.One's ``NewWebhook`` JSON and the hand-over fields.

Secrets are masked unless the caller explicitly asks to include them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.catalogue import SANDBOX_REGION, Destination, when_matches
from app.core.problems import Problem, Severity
from app.core.profile import Profile
from app.core.request import header_lines, request_url
from app.core.secrets import MASK

#: Talon.One's rule for webhook titles (``NewWebhook.title``).
TITLE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.!~*'() -]*$")


@dataclass(frozen=True)
class HandoverField:
    """One row of the hand-over page: a label, the value to paste, whether it is secret."""

    label: str
    value: str
    secret: bool = False
    multiline: bool = False


def title_problem(title: str) -> Problem | None:
    """Talon.One refuses titles that do not start with a letter or hold other characters."""
    if TITLE_RE.match(title):
        return None
    return Problem(
        Severity.ERROR,
        "export.title",
        f"Talon.One does not accept the title {title!r}.",
        "Start with a letter; use letters, digits, spaces and _ . ! ~ * ' ( ) - only.",
    )


def export_problems(profile: Profile, destination: Destination) -> list[Problem]:
    """What would make the export unusable in Talon.One."""
    problems = []
    title = title_problem(profile.name) if destination.handover_kind == "talon-webhook" else None
    if title:
        problems.append(title)
    if profile.region == SANDBOX_REGION:
        problems.append(
            Problem(
                Severity.WARNING,
                "export.sandbox",
                "The URL points at Hooksmith's local sandbox, which "
                f"{_caller(destination)} cannot reach.",
                "Go back to the region page and choose your real region before pasting it.",
            )
        )
    choices = destination.choices(profile.mapping, profile.options)
    for check in destination.export_checks:
        if when_matches(check.when, choices):
            problems.append(
                Problem(
                    Severity.ERROR if check.severity == "error" else Severity.WARNING,
                    f"export.{check.id}",
                    check.message,
                    check.hint,
                )
            )
    return problems


def _caller(destination: Destination) -> str:
    return destination.caller


def _headers(
    destination: Destination,
    profile: Profile,
    secrets: Mapping[str, str],
    include_secrets: bool,
    sandbox_base: str | None,
) -> list[tuple[str, str, bool]]:
    values = dict(profile.credentials)
    values.update(secrets)
    if include_secrets:
        return header_lines(destination, values, profile.options)
    # Masked: the secret fields read as the mask, so a scheme such as "Bearer " stays
    # and an import of the export keeps its meaning.
    values.update({field_id: MASK for field_id in destination.secret_fields})
    return [
        (name, _masked(value) if secret else value, secret)
        for name, value, secret in header_lines(destination, values, profile.options)
    ]


def _masked(value: str) -> str:
    """A secret header's value with the secret part masked and the scheme kept."""
    if MASK in value:
        return value
    scheme, _, _token = value.partition(" ")  # Basic: the token is derived from the secret
    return f"{scheme} {MASK}" if _token else MASK


def new_webhook(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    include_secrets: bool = False,
    sandbox_base: str | None = None,
) -> dict[str, Any]:
    """The webhook as Talon.One's Management API models it (``NewWebhook``).

    Args:
        include_secrets: put real secret values in the headers; otherwise they read
            ``••••••`` and must be typed into Talon.One by hand.
    """
    headers = _headers(destination, profile, secrets or {}, include_secrets, sandbox_base)
    return {
        "applicationIds": list(profile.application_ids),
        "title": profile.name,
        "description": profile.description or destination.summary,
        "draft": False,
        "verb": destination.verb_for(profile.options),
        "url": request_url(profile, destination, sandbox_base, for_handover=True),
        "headers": [f"{name}: {value}" for name, value, _ in headers],
        "payload": profile.template,
        "params": [
            {"type": p.type, "title": p.name, "key": p.name, "description": p.description, "ui": {}}
            for p in profile.params
        ],
        "enabled": True,
    }


def handover_fields(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    sandbox_base: str | None = None,
) -> list[HandoverField]:
    """The fields of Talon.One's webhook form, in its order, secrets masked."""
    fields = [
        HandoverField("Title", profile.name),
        HandoverField("Verb", destination.verb_for(profile.options)),
        HandoverField("URL", request_url(profile, destination, sandbox_base, for_handover=True)),
    ]
    for name, value, secret in _headers(destination, profile, secrets or {}, False, sandbox_base):
        fields.append(HandoverField(f"Header: {name}", f"{name}: {value}", secret))
    for param in profile.params:
        label = f"Parameter: {param.name}"
        text = f"{param.name} ({param.type})" + (
            f" — {param.description}" if param.description else ""
        )
        fields.append(HandoverField(label, text))
    fields.append(HandoverField("Payload", profile.template, multiline=True))
    return fields


def secret_header_values(
    profile: Profile, destination: Destination, secrets: Mapping[str, str]
) -> dict[str, str]:
    """Header name -> real value, for the explicit 'copy with secret' action."""
    values = dict(profile.credentials)
    values.update(secrets)
    lines = header_lines(destination, values, profile.options)
    return {n: f"{n}: {v}" for n, v, s in lines if s}
