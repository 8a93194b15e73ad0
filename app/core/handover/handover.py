"""The hand-over page of every destination: what the user pastes where, as copyable fields.

Two kinds, named by the destination file's ``handover``:

- ``talon-webhook``: Talon.One calls the destination. One section holds Talon.One's
  webhook form (:func:`app.core.handover.export.handover_fields`); the NewWebhook export applies.
- ``steps``: someone else calls (Bloomreach's scenario, the customer's integration
  layer). The file's ``handover_steps`` list the sections and fields; field values are
  texts with tokens filled from the profile: ``{url}`` (the full URL with caller
  expressions such as ``{{ customer.email }}`` in place), ``{endpoint}`` (without the
  query), ``{method}``, ``{body}``, ``{curl}``, ``{header:Name}``, ``{slot:id}`` and
  ``{credential:id}``. Anything else in braces, like Bloomreach's ``{{ webhook.code }}``,
  stays as written. A field with ``rows_from`` lists one line per entry of a ``map``
  slot (the event attributes to create in the Campaign Manager).

Secrets are masked unless ``reveal`` is asked for; a field holding one says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from app.core.destination.catalogue import Destination, StepField, when_matches
from app.core.destination.profile import Profile
from app.core.handover.export import HandoverField, handover_fields, webhook_credential
from app.core.http.request import (
    RequestError,
    build_request,
    credential_values,
    endpoint_url,
    header_lines,
    request_url,
)
from app.core.payload.mapping import source_from
from app.core.secrets.store import MASK

_TOKEN = re.compile(r"\{(url|endpoint|method|body|curl|(?:header|slot|credential):[^{}:]+)\}")
_ROW_TOKEN = re.compile(r"\{(key|type|sample|source)\}")


@dataclass(frozen=True)
class HandoverSection:
    """One place to paste things into (a form in Bloomreach, the Campaign Manager...), or
    steps to take in the vendor's own app (``steps``, with ``link`` to its guide)."""

    title: str
    help: str
    fields: tuple[HandoverField, ...]
    steps: tuple[str, ...] = ()
    link: str = ""
    link_label: str = ""


@dataclass
class Handover:
    """Everything the hand-over page shows.

    Attributes:
        kind: ``talon-webhook`` or ``steps``.
        sections: the places to paste into, in order.
        notes: reminders (rules to add, settings to switch before going live).
        exportable: a Talon.One ``NewWebhook`` export exists for this destination.
    """

    kind: str
    title: str
    sections: list[HandoverSection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exportable: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """Plain text for the CLI: sections, each field's label and value, then notes."""
        out = [self.title, ""]
        for section in self.sections:
            out.append(f"== {section.title}")
            if section.help:
                out.append(section.help)
            for item in section.fields:
                if item.multiline or "\n" in item.value:
                    out += [f"{item.label}:", *("    " + line for line in item.value.splitlines())]
                else:
                    out.append(_line(item))
            out += [f"{number}. {step}" for number, step in enumerate(section.steps, 1)]
            if section.link:
                out.append(f"{section.link_label or 'Guide'}: {section.link}")
            out.append("")
        if self.notes:
            out.append("Notes:")
            out += [f"- {note}" for note in self.notes]
        return "\n".join(out).rstrip() + "\n"


def build_handover(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str] | None = None,
    *,
    sandbox_base: str | None = None,
    reveal: bool = False,
) -> Handover:
    """Build the hand-over for ``profile``.

    Args:
        secrets: secret values, needed only with ``reveal`` (masked otherwise).
        sandbox_base: the running sandbox's address, for a profile aimed at it.
        reveal: put real secret values in the fields (for an explicit copy action).
    """
    choices = destination.choices(profile.mapping, profile.options)
    notes = handover_notes(profile, destination)
    kind = destination.handover_kind
    result = Handover(kind, destination.title, notes=notes, exportable=kind == "talon-webhook")
    if kind == "talon-webhook":
        credential = webhook_credential(profile, destination, secrets, reveal=reveal)
        if credential is not None:
            result.sections.append(
                HandoverSection(
                    "Talon.One credential",
                    "Campaign Manager > Account > Credentials > Create credential. The "
                    "secret stays in Talon.One's credential store; the webhook only names "
                    "the credential. If it exists already, skip this step.",
                    credential.fields(),
                )
            )
        fields = handover_fields(
            profile, destination, secrets, sandbox_base=sandbox_base, reveal=reveal
        )
        result.sections.append(
            HandoverSection(
                "Talon.One webhook",
                "Campaign Manager > Account > Tools > Webhooks > Create Webhook.",
                tuple(fields),
            )
        )
    filler = _Filler(profile, destination, dict(secrets or {}), sandbox_base, reveal)
    for step in destination.handover_steps if kind != "talon-webhook" else ():
        if not when_matches(step.when, choices):
            continue
        items = tuple(filler.field(f) for f in step.fields if when_matches(f.when, choices))
        result.sections.append(HandoverSection(step.title, step.help, items))
    for place in destination.elsewhere:
        if when_matches(place.when, choices):
            result.sections.append(
                HandoverSection(
                    place.title,
                    place.help,
                    (),
                    tuple(filler.text(step) for step in place.steps),
                    place.link,
                    place.link_label,
                )
            )
    return result


def _line(item: HandoverField) -> str:
    """``Label: value``, naming a header or parameter once when the value starts with it
    (``Header: X-Id: 42``, not ``Header: X-Id: X-Id: 42``)."""
    kind, _, name = item.label.partition(": ")
    if name and item.value.startswith(name):
        return f"{kind}: {item.value}"
    return f"{item.label}: {item.value}"


def handover_notes(profile: Profile, destination: Destination) -> list[str]:
    """The reminders that apply to the profile's choices (steps outside Hooksmith)."""
    choices = destination.choices(profile.mapping, profile.options)
    notes = [note.text for note in destination.handover_notes if when_matches(note.when, choices)]
    if destination.handover_kind == "talon-webhook":
        notes += [RETRIES, EDIT_IN_USE, rendering_note(profile)]
    return notes


def rendering_note(profile: Profile) -> str:
    """What Talon.One does not document about filling in values, said once, with the check.

    Hooksmith assumes Talon.One writes each value as it is (no escaping, see
    :mod:`app.core.payload.template`); its docs say nothing of quotes in text, nor of how list and
    time parameters are written. The user can see the truth in the first delivery.
    """
    kinds = {p.type for p in profile.params}
    extra = [
        word
        for word, types in (("lists", {"(list string)", "(list number)"}), ("times", {"time"}))
        if kinds & types
    ]
    what = "whether it escapes quotes in text values"
    if extra:
        what += f", nor exactly how it writes {' and '.join(extra)}"
    return (
        f"Talon.One's documentation does not say {what}. After the first real delivery, "
        "open it in Talon.One's webhook log (or Hooksmith's Delivery logs) and check that its "
        "body matches the preview here."
    )


#: Talon.One's current retry policy is not documented (a 2019 page described 10 retries
#: with back-off); said once, as what the user should make sure of.
RETRIES = (
    "Talon.One may send a webhook again when the destination does not accept it at "
    "first, so make sure receiving the same delivery twice does no harm."
)


#: Talon.One: "You can edit a webhook if it is not referenced in a campaign"
#: (docs.talon.one, managing webhooks; certain).
EDIT_IN_USE = (
    "Changing a webhook that a campaign already uses? Talon.One does not let you edit it: "
    "copy it in Talon.One, paste these values into the copy, and switch the rule's effect "
    "to the copy."
)


class _Filler:
    """Fills the tokens of ``handover_steps`` for one profile, remembering secret use."""

    def __init__(
        self,
        profile: Profile,
        destination: Destination,
        secrets: dict[str, str],
        sandbox_base: str | None,
        reveal: bool,
    ) -> None:
        self.profile = profile
        self.destination = destination
        self.secrets = secrets
        self.sandbox_base = sandbox_base
        self.reveal = reveal
        self._secret_used = False
        # Without reveal, secrets are filled in as the mask, so the user still sees the
        # header's form ("ApiKey-v1 ••••••"); Basic tokens cannot show it and are masked whole.
        self._shown = dict(secrets) if reveal else {f: MASK for f in destination.secret_fields}
        auth = destination.auth_for(profile.options)
        self._whole = auth is not None and auth.type == "basic" and not reveal
        values = credential_values(profile, self._shown)
        self._headers = {
            name.lower(): (MASK if secret and self._whole else value, secret)
            for name, value, secret in header_lines(destination, values, profile.options)
        }

    def field(self, spec: StepField) -> HandoverField:
        self._secret_used = False
        if spec.rows_from:
            value = self._rows(spec.rows_from, spec.row, spec.empty)
        else:
            value = _TOKEN.sub(lambda m: self._token(m.group(1)), spec.value)
        multiline = spec.multiline or "\n" in value
        return HandoverField(spec.label, value, self._secret_used, multiline)

    def text(self, template: str) -> str:
        """A sentence with its tokens (``{slot:event_name}``) filled from the profile."""
        return _TOKEN.sub(lambda m: self._token(m.group(1)), template)

    def _token(self, token: str) -> str:
        kind, _, arg = token.partition(":")
        if kind == "url":
            return self._safe(
                lambda: request_url(
                    self.profile, self.destination, self.sandbox_base, for_handover=True
                )
            )
        if kind == "endpoint":
            return self._safe(
                lambda: endpoint_url(self.profile, self.destination, self.sandbox_base)
            )
        if kind == "method":
            return self.destination.verb_for(self.profile.options)
        if kind == "body":
            return _pretty(self.profile.template)
        if kind == "curl":
            return self._curl()
        if kind == "header":
            value, secret = self._headers.get(arg.lower(), ("", False))
            self._secret_used = self._secret_used or secret
            return value
        if kind == "credential":
            if arg in self.destination.secret_fields:
                self._secret_used = True
                return self._shown.get(arg) or MASK
            return self.profile.credentials.get(arg, "")
        return str(self.profile.mapping.get(arg, ""))

    def _safe(self, make: Any) -> str:
        try:
            return str(make())
        except RequestError as exc:
            return f"({exc})"

    def _curl(self) -> str:
        try:
            request = build_request(
                self.profile, self.destination, self._shown, sandbox_base=self.sandbox_base
            )
        except RequestError as exc:
            return f"({exc})"
        self._secret_used = self._secret_used or bool(request.secret_headers)
        return (
            request.curl(reveal=not self._whole)
            .replace(" -H ", " \\\n  -H ")
            .replace(" --data-binary ", " \\\n  --data-binary ")
        )

    def _rows(self, slot_id: str, row: str, empty: str) -> str:
        entries = self.profile.mapping.get(slot_id) or []
        lines = []
        for entry in entries:
            if not entry.get("key"):
                continue
            source = source_from(entry)
            values = {
                "key": str(entry["key"]),
                "type": source.type,
                "sample": source.name if source.kind == "literal" else source.describe(),
                "source": source.describe(),
            }
            text = _fill_row(row, values)
            lines.append(_TOKEN.sub(lambda m: self._token(m.group(1)), text))
        return "\n".join(lines) or empty


def _fill_row(row: str, values: dict[str, str]) -> str:
    return _ROW_TOKEN.sub(lambda m: values[m.group(1)], row)


def _pretty(template: str) -> str:
    """The body re-indented when it is plain JSON; a template is shown as typed."""
    try:
        return json.dumps(json.loads(template), indent=2, ensure_ascii=False)
    except ValueError:
        return template
