"""What the user takes away: Talon.One's ``NewWebhook`` JSON and the hand-over fields.

Secrets go into Talon.One's own credential store (Account > Credentials), not into the
webhook: a "Basic HTTP" credential (username and password) or a "Custom HTTP" one (a
header key and value), which the webhook then names (``NewWebhook.authenticationId``;
SDK models ``WebhookAuthenticationDataBasic`` and ``WebhookAuthenticationDataCustom``;
docs.talon.one, Account > Credentials; certain). Pasting the secret as a header stays
possible as the user's explicit choice (``Profile.secret_in_headers``) and for an export
that includes secrets. Secrets are masked unless the caller explicitly asks for them.

Size: the NewWebhook, the Talon.One credential and the checks on what is exported read
the same profile fields and change together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from app.core.destination.catalogue import SANDBOX_REGION, Destination, when_matches
from app.core.destination.profile import Profile
from app.core.http.request import header_lines, request_url
from app.core.payload.problems import Problem, Severity
from app.core.secrets.store import MASK

#: Talon.One's rule for webhook titles (``NewWebhook.title``).
TITLE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.!~*'() -]*$")


@dataclass(frozen=True)
class HandoverField:
    """One row of the hand-over page: a label, the value to paste, whether it is secret."""

    label: str
    value: str
    secret: bool = False
    multiline: bool = False


@dataclass(frozen=True)
class TalonCredential:
    """The credential to create in Talon.One for a webhook's secrets.

    Attributes:
        kind: ``basic`` (Talon.One's "Basic HTTP") or ``custom`` ("Custom HTTP").
        name: the name suggested for it in Talon.One.
        username: a Basic credential's username; ``password`` its password (secret).
        username_secret: the username is a secret too (mParticle's API key).
        headers: a Custom credential's header keys and values (the values secret).
        moved: lower-case names of the webhook headers the credential replaces.
    """

    kind: str
    name: str
    username: str = ""
    username_secret: bool = False
    password: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    moved: frozenset[str] = frozenset()

    @property
    def type_label(self) -> str:
        """The type as Talon.One's credential form names it."""
        return "Basic HTTP" if self.kind == "basic" else "Custom HTTP"

    def fields(self) -> tuple[HandoverField, ...]:
        """The credential form's fields, in its order."""
        out = [
            HandoverField("Credential type", self.type_label),
            HandoverField("Credential name", self.name),
        ]
        if self.kind == "basic":
            out.append(HandoverField("Username", self.username, self.username_secret))
            out.append(HandoverField("Password", self.password, True))
        for number, (key, value) in enumerate(self.headers, 1):
            suffix = f" {number}" if len(self.headers) > 1 else ""
            out.append(HandoverField(f"Header key{suffix}", key))
            out.append(HandoverField(f"Header value{suffix}", value, True))
        return tuple(out)


def talon_credential(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    reveal: bool = False,
) -> TalonCredential | None:
    """The Talon.One credential that carries the profile's secrets (masked unless
    ``reveal``), or None when the chosen authentication sends no secret or Talon.One is
    not the caller."""
    if destination.handover_kind != "talon-webhook":
        return None
    values = dict(profile.credentials)
    if reveal:
        values.update(secrets or {})
    else:
        values.update({field_id: MASK for field_id in destination.secret_fields})
    service = destination.service
    name = f"{service} – {profile.name}" if profile.name else service
    auth = destination.auth_for(profile.options)
    if auth is not None and auth.type == "basic":
        return TalonCredential(
            "basic",
            name,
            username=values.get(auth.username, ""),
            username_secret=auth.username in destination.secret_fields,
            password=values.get(auth.password, ""),
            moved=frozenset({"authorization"}),
        )
    lines = [
        (n, v) for n, v, secret in header_lines(destination, values, profile.options) if secret
    ]
    if not lines:
        return None
    return TalonCredential(
        "custom", name, headers=tuple(lines), moved=frozenset(n.lower() for n, _ in lines)
    )


def webhook_credential(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    reveal: bool = False,
) -> TalonCredential | None:
    """The credential the webhook names: None when it needs none, or when the user chose
    to paste the secret as a header."""
    if profile.secret_in_headers:
        return None
    return talon_credential(profile, destination, secrets, reveal=reveal)


class NamedApplication(Protocol):
    """An Application as the Management API lists it (``management_models.Application``)."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    def label(self) -> str: ...


def parse_application_ids(text: str, known: Sequence[NamedApplication] | None = None) -> list[int]:
    """``"12, 40"`` -> ``[12, 40]``; empty means all Applications.

    With ``known`` (the account's Applications, from the Management API) a part between
    commas may also be an Application's name, matched without regard to case.

    Raises:
        ValueError: with a message that says what to type.
    """
    ids: list[int] = []
    for part in (p.strip() for p in re.split(r"[,;]", text)):
        if not part:
            continue
        if re.fullmatch(r"\d+(\s+\d+)*", part):
            ids += [int(n) for n in part.split()]
            continue
        named = [a.id for a in known or () if a.name.strip().casefold() == part.casefold()]
        if named:
            ids += named[:1]
        elif known is None:
            raise ValueError(
                "Enter Application IDs as numbers separated by commas, such as 12, 40 "
                f"(leave it empty for all Applications); {part!r} is not a number."
            )
        else:
            names = ", ".join(a.label() for a in known) or "none"
            raise ValueError(
                f"No Application is named {part!r} in Talon.One. Its Applications: {names}."
            )
    return ids


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
    """What would make the export unusable in Talon.One, and what it still needs."""
    problems = []
    title = title_problem(profile.name) if destination.handover_kind == "talon-webhook" else None
    if title:
        problems.append(title)
    if profile.region == SANDBOX_REGION and not _configured_endpoint(profile, destination):
        problems.append(
            Problem(
                Severity.WARNING,
                "export.sandbox",
                "The URL points at Hooksmith's local sandbox, which "
                f"{destination.caller} cannot reach.",
                "Go back to the Region page and choose where the requests really go before "
                "pasting it.",
            )
        )
    if destination.handover_kind == "talon-webhook":
        problems.extend(_talon_problems(profile, destination))
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


def _configured_endpoint(profile: Profile, destination: Destination) -> Profile | None:
    """For a destination whose URL is typed whole (custom), aimed at the sandbox for a
    test: the profile as configured for real, so the hand-over carries the real endpoint
    and never the sandbox's address."""
    custom = next((r.id for r in destination.regions if r.custom), None)
    if destination.url != "{base}" or not profile.custom_base.strip() or custom is None:
        return None
    return replace(profile, region=custom)


def webhook_url(profile: Profile, destination: Destination, sandbox_base: str | None) -> str:
    """The URL to paste into Talon.One: the configured endpoint."""
    if profile.region == SANDBOX_REGION:
        profile = _configured_endpoint(profile, destination) or profile
    return request_url(profile, destination, sandbox_base, for_handover=True)


def _talon_problems(profile: Profile, destination: Destination) -> list[Problem]:
    """The credential and the Rule Builder setting of a Talon.One webhook."""
    problems = []
    credential = talon_credential(profile, destination)
    if credential is not None and profile.secret_in_headers:
        problems.append(
            Problem(
                Severity.WARNING,
                "export.secret_in_headers",
                "The secret is pasted into the webhook as a header: every Talon.One admin "
                "can read it, and it is copied with the webhook.",
                "Untick “Send the secret as a header” to keep it in a Talon.One credential.",
            )
        )
    elif credential is not None and profile.authentication_id is None:
        problems.append(
            Problem(
                Severity.WARNING,
                "export.credential",
                f"Create the credential “{credential.name}” in Talon.One (Account > "
                "Credentials) and choose it in the webhook's credential field.",
                "To have the JSON export name it too, give the credential's ID from "
                "Talon.One (“Credential ID” on the hand-over page; --credential-id on the "
                "command line).",
            )
        )
    if not profile.enabled:
        problems.append(
            Problem(
                Severity.WARNING,
                "export.hidden",
                "“Display in Rule Builder” is not ticked, so no rule can pick it.",
                "Tick it unless you want the webhook hidden from rules for now.",
            )
        )
    return problems


def _headers(
    destination: Destination,
    profile: Profile,
    secrets: Mapping[str, str],
    include_secrets: bool,
    credential: TalonCredential | None,
) -> list[tuple[str, str, bool]]:
    """The webhook's header lines; those the credential carries are left out."""
    moved = credential.moved if credential is not None else frozenset()
    values = dict(profile.credentials)
    values.update(secrets)
    if include_secrets:
        lines = header_lines(destination, values, profile.options)
    else:
        # Masked: the secret fields read as the mask, so a scheme such as "Bearer "
        # stays and an import of the export keeps its meaning.
        values.update({field_id: MASK for field_id in destination.secret_fields})
        lines = [
            (name, _masked(value) if secret else value, secret)
            for name, value, secret in header_lines(destination, values, profile.options)
        ]
    return [line for line in lines if line[0].lower() not in moved]


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
        include_secrets: put real secret values in the headers (the explicit header
            form). Otherwise the secrets live in the Talon.One credential the webhook
            names by ``authenticationId`` (once its ID is known), or read ``••••••``
            when the user chose the header form.
    """
    credential = None if include_secrets else webhook_credential(profile, destination)
    headers = _headers(destination, profile, secrets or {}, include_secrets, credential)
    document: dict[str, Any] = {
        "applicationIds": list(profile.application_ids),
        "title": profile.name,
        "description": profile.description or destination.summary,
        "draft": False,
        "verb": destination.verb_for(profile.options),
        "url": webhook_url(profile, destination, sandbox_base),
        "headers": [f"{name}: {value}" for name, value, _ in headers],
        "payload": profile.template,
        "params": [
            {"type": p.type, "title": p.name, "key": p.name, "description": p.description, "ui": {}}
            for p in profile.params
        ],
        "enabled": profile.enabled,
    }
    if credential is not None and profile.authentication_id is not None:
        document["authenticationId"] = profile.authentication_id
    return document


def handover_fields(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    sandbox_base: str | None = None,
    reveal: bool = False,
) -> list[HandoverField]:
    """The fields of Talon.One's webhook form, in its order, secrets masked unless
    ``reveal``. A parameter is one row each for its Type, Name and Description, as in
    the form."""
    credential = webhook_credential(profile, destination)
    applications = ", ".join(str(i) for i in profile.application_ids) or "All Applications"
    fields = [
        HandoverField("Title", profile.name),
        HandoverField("Applications", applications),
        HandoverField("Verb", destination.verb_for(profile.options)),
        HandoverField("URL", webhook_url(profile, destination, sandbox_base)),
    ]
    if credential is not None:
        fields.append(HandoverField("Credential", credential.name))
    for name, value, secret in _headers(destination, profile, secrets or {}, reveal, credential):
        fields.append(HandoverField(f"Header: {name}", f"{name}: {value}", secret))
    for number, param in enumerate(profile.params, 1):
        fields.append(HandoverField(f"Parameter {number}: Type", param.type))
        fields.append(HandoverField(f"Parameter {number}: Name", param.name))
        if param.description:
            fields.append(HandoverField(f"Parameter {number}: Description", param.description))
    fields.append(HandoverField("Payload", profile.template, multiline=True))
    fields.append(
        HandoverField("Display in Rule Builder", "Ticked" if profile.enabled else "Not ticked")
    )
    return fields
