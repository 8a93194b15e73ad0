"""Import an existing webhook: a Talon.One ``NewWebhook``/``Webhook`` JSON, a curl command,
or a webhook read through the Management API.

The import recognises the destination (:mod:`app.core.support.detect`), maps the URL to a
region or a custom base, reads the mapping back from the payload
(:mod:`app.core.payload.unmap`) so the wizard opens filled in, and takes secrets out: they are
returned separately, to be offered for the keyring, and masked in everything else
the import keeps. Nothing the definition held is dropped silently: each thing that
could not be carried over is a note.

Size: each source (file, curl, Management API) ends in the same steps (detect, unmap,
mask); the query and options part is in import_query.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from app.core.destination.catalogue import get_destination, load_catalogue
from app.core.destination.profile import Param
from app.core.handover.export import title_problem
from app.core.payload.mapping import build_template, new_profile
from app.core.payload.problems import Severity
from app.core.payload.template import builtin_for, parse
from app.core.payload.unmap import infer_mapping
from app.core.payload.validate import validate_profile
from app.core.payload.words import counted
from app.core.secrets.store import MASK, Redactor
from app.core.support.credsplit import decode_basic, looks_like_credential, split_credentials
from app.core.support.curl import CurlError, parse_curl
from app.core.support.detect import (
    Detection,
    detect,
    detect_by_payload,
    has_placeholder,
    locate,
    url_values,
)
from app.core.support.import_query import apply_query, choose_auth, pick_options
from app.core.support.import_result import ImportFailed, ImportResult


def _headers(raw: Any) -> list[tuple[str, str]]:
    """A definition's headers as (name, value), from either shape Talon.One uses: the
    form's ``Name: value`` lines, or JSON-object strings such as
    ``'{"Authorization": "Basic …"}'`` (the Management API spec's own example for
    ``GET /v1/webhooks``), one header per key."""
    out = []
    for line in raw or []:
        text = str(line).strip()
        if text.startswith("{"):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                out += [
                    (str(k).strip(), str(v).strip()) for k, v in parsed.items() if str(k).strip()
                ]
                continue
        name, sep, value = text.partition(":")
        if sep and name.strip():
            out.append((name.strip(), value.strip()))
    return out


class HandoverFile(ImportFailed):
    """The file is Hooksmith's own hand-over (``export`` of a destination Talon.One does
    not call): its request is imported through its curl form instead.

    Attributes:
        curl: the request as a curl command (secrets masked, as the hand-over shows them).
        destination: the destination the hand-over belongs to ("" if unknown here).
    """

    def __init__(self, title: str, curl: str, destination: str) -> None:
        super().__init__(
            f"This is Hooksmith's hand-over for {title}, not a Talon.One webhook: import its "
            "request as a curl command (hooksmith import --curl -)."
        )
        self.curl = curl
        self.destination = destination


def _handover_request(data: dict[str, Any]) -> tuple[str, str] | None:
    """(curl command, destination id) from a hand-over's fields, or None."""
    fields = {
        str(f.get("label", "")): str(f.get("value", ""))
        for section in data.get("sections") or []
        if isinstance(section, dict)
        for f in section.get("fields") or []
        if isinstance(f, dict)
    }
    destination = next((d.id for d in load_catalogue() if d.title == data.get("title")), "")
    curl = next((v for v in fields.values() if v.lstrip().startswith("curl ")), "")
    if not curl and fields.get("URL"):
        method = fields.get("Method") or "GET"
        headers = [
            f"{label.removeprefix('Header ')}: {value}"
            for label, value in fields.items()
            if label.startswith("Header ") and value
        ]
        curl = f"curl -X {method} " + " ".join(f"-H {shlex.quote(h)}" for h in headers)
        curl += f" {shlex.quote(fields['URL'])}"
    return (curl, destination) if curl else None


def definitions(data: Any) -> list[dict[str, Any]]:
    """The webhook definitions in a file: one, a list, or a ``{"data": [...]}`` page.

    Raises:
        HandoverFile: the file is Hooksmith's own hand-over; import its request instead.
    """
    if isinstance(data, dict) and data.get("kind") == "steps" and "sections" in data:
        found_request = _handover_request(data)
        if found_request is not None:
            raise HandoverFile(str(data.get("title", "")), *found_request)
    if isinstance(data, dict) and data.get("format") == "hooksmith-profile":
        raise ImportFailed(
            "This is a Hooksmith profile, not a Talon.One webhook: open it directly "
            "(hooksmith --profile-file FILE opens it in the wizard)."
        )
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    items = data if isinstance(data, list) else [data]
    found = [item for item in items if isinstance(item, dict) and "url" in item]
    if not found:
        raise ImportFailed(
            "No webhook definition found: expected Talon.One's webhook JSON with at least "
            '"url", "verb" and "headers" (as the Management API or an export gives it).'
        )
    return found


def read_definitions(path: Path, *, curl_hint: str = "use the curl import") -> list[dict[str, Any]]:
    """The webhook definitions in a JSON file; ImportFailed says what is wrong.

    Args:
        curl_hint: where a front end offers curl import, for the not-JSON message.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(f"No file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"Cannot read {path}: {exc}.") from None
    except ValueError as exc:
        raise ImportFailed(
            f"{Path(path).name} is not JSON ({exc}). To import a curl command, {curl_hint}."
        ) from None
    return definitions(data)


def from_file(path: Path, *, pick: str = "", destination: str = "") -> ImportResult:
    """Import from a JSON file; ``pick`` chooses by ID or title when it holds several.
    Hooksmith's own hand-over of a ``steps`` destination is imported through its request."""
    try:
        items = read_definitions(path)
    except HandoverFile as handover:
        result = from_curl(handover.curl, destination=destination or handover.destination)
        result.note(
            "Imported from Hooksmith's hand-over: the request it describes, with its secrets "
            "masked.",
            "Enter the secrets on the credentials page.",
            severity=Severity.INFO,
        )
        return result
    if pick:
        chosen = [
            i for i in items if str(i.get("id", "")) == pick or i.get("title", "") == pick
        ] or [i for i in items if pick.lower() in str(i.get("title", "")).lower()]
        if len(chosen) != 1:
            raise ImportFailed(f"{len(chosen)} webhooks in {path} match {pick!r}. " + _list(items))
        items = chosen
    elif len(items) > 1:
        raise ImportFailed(f"{path} holds {len(items)} webhooks; pick one. " + _list(items))
    return from_definition(items[0], origin="file", destination=destination)


def _list(items: list[dict[str, Any]]) -> str:
    return "Choose by ID or title: " + "; ".join(
        f"{i.get('id', '-')}: {i.get('title', '(untitled)')}" for i in items[:20]
    )


def from_curl(text: str, *, destination: str = "", title: str = "") -> ImportResult:
    """Import a pasted curl command (its body becomes the payload, values and all)."""
    try:
        command = parse_curl(text)
    except CurlError as exc:
        raise ImportFailed(str(exc)) from None
    basic = None
    if command.user is not None:
        user, _, password = command.user.partition(":")
        basic = (user, password)
    definition = {
        "title": title or "Imported webhook",
        "verb": command.method,
        "url": command.url,
        "headers": [f"{n}: {v}" for n, v in command.headers],
        "payload": command.body or "",
        "params": [],
    }
    result = from_definition(definition, origin="curl", destination=destination, basic=basic)
    for note in command.notes:
        result.note(note)
    if command.body and not parse(command.body).placeholders:
        result.note(
            "The body holds fixed values, not Talon.One placeholders.",
            "Map the values that change per customer on the mapping page.",
            Severity.INFO,
        )
    return result


def from_definition(
    data: dict[str, Any],
    *,
    origin: str = "file",
    destination: str = "",
    basic: tuple[str, str] | None = None,
) -> ImportResult:
    """Build a profile from one webhook definition (``NewWebhook`` or ``Webhook`` shape)."""
    url = str(data.get("url") or "").strip()
    parts = urlsplit(url) if "://" in url else None
    if parts is not None and parts.password is not None:
        basic = (unquote(parts.username or ""), unquote(parts.password))
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    headers = _headers(data.get("headers"))
    detection = detect(url, headers)
    payload = str(data.get("payload") or "")
    if detection.fallback and payload.strip():
        by_keys, reasons = detect_by_payload(payload)
        if by_keys is not None:
            detection = Detection(by_keys, reasons)
            detection.region, detection.custom_base = locate(by_keys, url)
    if destination:
        chosen = get_destination(destination)
        detection = Detection(chosen, [f"chosen by you (detected: {_name(detection)})"])
        detection.region, detection.custom_base = locate(chosen, url)
    if detection.destination is None:
        raise ImportFailed(
            "The webhook matches no known destination and the catalogue has no custom "
            "webhook to fall back on; choose the destination yourself."
        )
    dest = detection.destination
    profile = new_profile(dest)
    result = ImportResult(profile, dest, detection, origin=origin)
    _basics(result, data)
    pick_options(result, str(data.get("verb") or dest.verb).upper())
    auth = choose_auth(dest, headers, basic, profile.options)
    extracted = split_credentials(dest, headers, basic, auth=dest.auth_for(profile.options))
    profile.credentials.update(extracted.credentials)
    profile.credentials.update(url_values(dest, url))  # the path is the truth for these
    result.secrets, result.secret_sources = extracted.secrets, extracted.sources
    for text in extracted.notes:
        result.note(text)
    _note_absent_secrets(result)
    apply_query(result, url, extracted.other_headers)
    _template(result, payload)
    problems = validate_profile(profile, dest).report.errors if payload.strip() else []
    if problems:
        result.note(
            f"The payload has {counted(len(problems), 'problem')}, first: {problems[0].format()}",
            "The payload page lists them all; hooksmith diagnose explains them too.",
        )
    _mask(result, data, basic)
    if auth is None and basic is not None:
        result.note("HTTP Basic credentials were found but this destination does not use them.")
    return result


def _name(detection: Detection) -> str:
    return detection.destination.title if detection.destination else "nothing"


def _basics(result: ImportResult, data: dict[str, Any]) -> None:
    profile, dest = result.profile, result.destination
    title = str(data.get("title") or "").strip()
    if title:
        profile.name = title
        problem = title_problem(title)
        if problem:
            result.notes.append(problem)
    description = str(data.get("description") or "")
    profile.description = "" if description == dest.summary else description
    profile.application_ids = [int(a) for a in data.get("applicationIds") or []]
    defaults = {p.name: p for p in profile.params}
    profile.params = []
    for arg in data.get("params") or []:
        name = str(arg.get("key") or arg.get("title") or "").strip()
        if not name:
            continue
        type_name = str(arg.get("type") or "string")
        known = defaults.get(name)
        sample = known.sample if known and known.type == type_name else _sample(type_name, name)
        profile.params.append(Param(name, type_name, str(arg.get("description") or ""), sample))
    detection = result.detection
    profile.region = detection.region or profile.region
    if not detection.region:
        custom = next((r for r in dest.regions if r.custom), None)
        profile.region = custom.id if custom else ""
        profile.custom_base = detection.custom_base
        if detection.custom_base and not custom and dest.url != "{base}":
            result.note(
                f"The URL {detection.custom_base} is none of {dest.title}'s documented hosts.",
                "Check it on the region page; Hooksmith keeps it as a custom address.",
            )
    _note_template(result, data)
    credential = data.get("authenticationId")
    if isinstance(credential, int) and not isinstance(credential, bool):
        profile.authentication_id = credential
    if credential:
        result.note(
            f"The webhook uses a credential stored in Talon.One (authentication "
            f"{credential}); its secret is not part of the definition.",
            "Enter the secret on the credentials page so test fires can use it.",
        )
    if data.get("draft"):
        result.note("The webhook is a draft in Talon.One.", severity=Severity.INFO)
    if data.get("enabled") is False:
        result.note("The webhook is disabled in Talon.One.", severity=Severity.INFO)


def _template_name(data: dict[str, Any]) -> str | None:
    """The outgoing-integration template a webhook was created from (Talon.One's
    ``outgoingIntegrationTypeName``), "" when only its ID is known, None when none."""
    name = str(data.get("outgoingIntegrationTypeName") or "").strip()
    if name:
        return name
    return "" if data.get("outgoingIntegrationTemplateId") else None


def _note_template(result: ImportResult, data: dict[str, Any]) -> None:
    """Say that Talon.One made this webhook from one of its integration templates
    (``Webhook.outgoingIntegrationTemplateId``/``outgoingIntegrationTypeName``)."""
    name = result.template = _template_name(data)
    if name is None:
        return
    which = f"Talon.One's {name} template" if name else "one of Talon.One's integration templates"
    if result.detection.fallback and name:
        result.note(
            f"This webhook was created from {which}. Hooksmith does not know {name} yet, "
            "so it is imported as a custom webhook, its request kept as Talon.One stores it.",
            "Check the URL and the authentication on the Region and Credentials pages.",
        )
        return
    result.note(
        f"This webhook was created from {which}: its secrets are kept in that "
        "integration's settings in Talon.One, which the definition does not carry.",
        "Enter them on the credentials page so test fires can use them.",
    )


def _note_absent_secrets(result: ImportResult) -> None:
    """Say where the secrets are when the definition carries none (neither a value nor a
    mask): in a Talon.One credential that the definition does not name."""
    profile, dest = result.profile, result.destination
    if profile.authentication_id is not None or result.template is not None:
        return  # said with the credential's ID, or with the template
    told = " ".join(n.message for n in result.notes)
    active = dest.active_credentials(profile.mapping, profile.options)
    absent = [f for f in active if f.secret and f.id not in result.secrets and f.label not in told]
    if absent:
        labels = " and ".join(f.label for f in absent)
        result.note(
            f"The definition holds no {labels}: in Talon.One it is kept in a credential "
            "(Account > Credentials), which the definition does not name.",
            "Enter it on the credentials page so test fires can use it; on the hand-over "
            "page, give the credential's ID so the export names it.",
        )


def _sample(type_name: str, name: str) -> str:
    if type_name == "number":
        return "12345"
    if type_name == "boolean":
        return "true"
    if type_name == "time":
        return "2025-01-01T00:00:00Z"
    return f"sample-{name.lower()}"


def _template(result: ImportResult, payload: str) -> None:
    profile, dest = result.profile, result.destination
    for ph in parse(payload, json_context=True).placeholders:
        if not ph.is_param and ph.expr not in profile.samples:
            builtin = builtin_for(ph.expr)
            if builtin and builtin[1]:
                profile.samples[ph.expr] = builtin[1]
            else:
                last = ph.expr.rsplit(".", 1)[-1]
                profile.samples[ph.expr] = _sample("string" if ph.in_string else "number", last)
    if dest.mapping.skeleton is not None and payload.strip():
        mapping, _ = infer_mapping(dest, payload, profile)
        profile.mapping = mapping
    profile.template = payload
    profile.template_edited = build_template(profile, dest) != payload


def _mask(result: ImportResult, data: dict[str, Any], basic: tuple[str, str] | None) -> None:
    """Mask the found secrets in the imported text, the template and the URL."""
    redactor = Redactor(list(result.secrets.values()))
    if basic is not None:
        redactor.add_basic(*basic)
    for _, value in _headers(data.get("headers")):
        pair = decode_basic(value)
        if pair is not None:
            redactor.add_basic(*pair)
    profile = result.profile
    query = urlsplit(profile.custom_base).query if "?" in profile.custom_base else ""
    for name, value in parse_qsl(query, keep_blank_values=True):
        if value and not has_placeholder(value) and looks_like_credential(name, value):
            redactor.add(value)
            result.note(
                f"The URL's query parameter {name} holds a credential; it was replaced by {MASK}, "
                "because the URL is saved in the profile file.",
                "Send the credential in a header instead (Authentication on the credentials "
                "page), or type it into Talon.One's URL field yourself.",
                Severity.ERROR,
            )
    for attr in ("template", "custom_base"):
        before = getattr(profile, attr)
        after = redactor.redact(before)
        if after != before:
            setattr(profile, attr, after)
            result.note(
                f"A secret was found in the {attr.replace('_', ' ')}; it was replaced by {MASK}.",
                "Keep secrets in headers; store them in the keyring.",
            )
    result.source = redactor.redact(json.dumps(data, indent=2, ensure_ascii=False))
