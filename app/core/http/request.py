"""Build the HTTP request a profile describes: URL, headers, body, and what is secret in it."""

from __future__ import annotations

import base64
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from app.core.destination.catalogue import SANDBOX_REGION, Destination
from app.core.destination.profile import Profile
from app.core.payload.mapping import caller_samples, query_items
from app.core.payload.template import render_text
from app.core.payload.validate import sample_values
from app.core.secrets.store import MASK, Redactor

#: Shown instead of the sandbox's address when it is not running (its port changes per run).
SANDBOX_NOT_RUNNING = "http://127.0.0.1:<sandbox-port>"


class RequestError(Exception):
    """The request cannot be built yet; the message says what is missing."""


@dataclass
class PreparedRequest:
    """A request ready to send, plus what must be masked when it is shown."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes | None
    secret_headers: set[str] = field(default_factory=set)
    redactor: Redactor = field(default_factory=Redactor)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def shown_headers(self) -> list[tuple[str, str]]:
        """Headers with every secret value masked."""
        return [
            (name, MASK if name.lower() in self.secret_headers else self.redactor.redact(value))
            for name, value in self.headers
        ]

    def shown_body(self) -> str:
        if self.body is None:
            return ""
        return self.redactor.redact(self.body.decode("utf-8", "replace"))

    def curl(self, *, reveal: bool = False) -> str:
        """A ``curl`` command for the same request; secrets masked unless ``reveal``."""
        headers = self.headers if reveal else self.shown_headers()
        parts = [
            "curl",
            "-X",
            self.method,
            shlex.quote(self.redactor.redact(self.url) if not reveal else self.url),
        ]
        for name, value in headers:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.body is not None:
            body = self.body.decode("utf-8", "replace") if reveal else self.shown_body()
            parts += ["--data-binary", shlex.quote(body)]
        return " ".join(parts)


def base_url(profile: Profile, destination: Destination, sandbox_base: str | None) -> str:
    """The scheme and host (and path prefix) the profile sends to."""
    if profile.region == SANDBOX_REGION:
        return (sandbox_base or SANDBOX_NOT_RUNNING).rstrip("/") + "/" + destination.id
    if profile.custom_base:
        # A destination whose URL is the whole typed URL keeps it exactly as typed.
        whole = destination.url == "{base}"
        return profile.custom_base.strip() if whole else profile.custom_base.strip().rstrip("/")
    try:
        region = destination.region(profile.region or destination.default_region)
    except KeyError as exc:
        raise RequestError(f"Choose a region: {exc.args[0]}.") from None
    if region.custom:
        example = f" (for example {region.placeholder})" if region.placeholder else ""
        raise RequestError(f"Enter the {region.label}{example}.")
    return region.base


def endpoint_url(
    profile: Profile, destination: Destination, sandbox_base: str | None = None
) -> str:
    """The endpoint URL without the destination's query: what Talon.One's URL field gets."""
    base = base_url(profile, destination, sandbox_base)
    if destination.url == "{base}" and profile.region == SANDBOX_REGION and profile.custom_base:
        # Keep the typed path and query so the sandbox's echo shows what the real
        # endpoint would receive, placeholders included.
        parts = urlsplit(profile.custom_base.strip())
        base += parts.path or "/"
        if parts.query:
            base += "?" + parts.query
    # A credential field of the path not entered yet stays "{field}", so the address
    # can be shown before the credentials page; build_request refuses to send it.
    values = {f: "{" + f + "}" for f in destination.url_fields}
    values.update({k: v.strip() for k, v in profile.credentials.items() if v.strip()})
    return destination.fill_url(base, values, raw=[f for f in values if values[f] == "{" + f + "}"])


def missing_url_fields(profile: Profile, destination: Destination) -> str | None:
    """Why the URL cannot be sent yet: a credential field of its path is empty."""
    for field_id in destination.url_fields:
        if not profile.credentials.get(field_id, "").strip():
            label = next((c.label for c in destination.credentials if c.id == field_id), field_id)
            return f"Enter the {label}: it is part of the address."
    return None


def request_url(
    profile: Profile,
    destination: Destination,
    sandbox_base: str | None = None,
    *,
    dry_run: bool = False,
    for_handover: bool = False,
) -> str:
    """The full URL with the destination's query parameters (and the dry-run query).

    Args:
        for_handover: caller expressions (Jinja) stay as they are, for pasting into the
            caller's form; otherwise their sample values are URL-encoded in their place.
    """
    url = endpoint_url(profile, destination, sandbox_base)
    items = query_items(profile, destination, for_handover=for_handover)
    if dry_run and destination.dry_run:
        items += [(k, v, False) for k, v in destination.dry_run.query.items()]
    if not items:
        return url
    query = "&".join(
        f"{quote(name, safe='')}={value if raw else quote(value, safe='')}"
        for name, value, raw in items
    )
    return url + ("&" if "?" in url else "?") + query


def credential_values(profile: Profile, secrets: Mapping[str, str]) -> dict[str, str]:
    values = dict(profile.credentials)
    values.update(secrets)
    return values


def header_lines(
    destination: Destination,
    values: Mapping[str, str],
    options: Mapping[str, Any] | None = None,
) -> list[tuple[str, str, bool]]:
    """(name, value, is_secret) for each header the destination sends.

    Args:
        values: credential values by field id (secrets included when known).
        options: the profile's options: the chosen authentication and the extra
            header lines of ``headers`` options.
    """
    options = options or {}
    secret_ids = set(destination.secret_fields)
    out: list[tuple[str, str, bool]] = []
    auth = destination.auth_for(options)
    if auth and auth.type == "basic":
        user = values.get(auth.username, "")
        password = values.get(auth.password, "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        out.append(("Authorization", f"Basic {token}", True))
    lines = list(destination.headers)
    if auth and auth.type == "header":
        lines.append(f"{auth.name}: {auth.value}")
    for option in destination.options:
        if option.kind == "headers":
            lines.extend(str(line) for line in options.get(option.id) or [])
    for line in lines:
        name_template, _, template = line.partition(":")
        template = template.strip()
        is_secret = any("{" + s + "}" in line for s in secret_ids)
        name = _format(name_template.strip(), values)
        if name:
            out.append((name, _format(template, values), is_secret))
    return out


def _format(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{field}`` references; Talon.One's ``${$...}`` placeholders stay as they are."""
    return _FIELD_RE.sub(lambda m: values.get(m.group(1), ""), template)


_FIELD_RE = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def build_request(
    profile: Profile,
    destination: Destination,
    secrets: Mapping[str, str],
    *,
    sandbox_base: str | None = None,
    dry_run: bool = False,
    body_values: Mapping[str, str] | None = None,
    rendered_body: str | None = None,
) -> PreparedRequest:
    """Assemble the request the webhook would send, using sample values for placeholders.

    Args:
        profile: the integration.
        destination: its catalogue entry.
        secrets: secret credential values by field id (read from the store).
        sandbox_base: ``http://127.0.0.1:PORT`` of the running sandbox.
        dry_run: add the destination's validation-only query and headers, where it has them.
        body_values: values for the placeholders (default: the samples); Talon.One
            fills URL and header placeholders too, so they are rendered the same way.
        rendered_body: the payload already rendered with ``body_values`` (the preview's
            validation did it), so it is not rendered twice.
    """
    missing = missing_url_fields(profile, destination)
    if missing:
        raise RequestError(missing)
    samples = (
        body_values if body_values is not None else sample_values(profile.params, profile.samples)
    )
    url = request_url(profile, destination, sandbox_base, dry_run=dry_run)
    if "${" in url:
        url = render_text(url, samples)
    values = credential_values(profile, secrets)
    redactor = Redactor()
    for field_id in destination.secret_fields:
        redactor.add(values.get(field_id, ""))
    auth = destination.auth_for(profile.options)
    if auth and auth.type == "basic":
        redactor.add_basic(values.get(auth.username, ""), values.get(auth.password, ""))
    lines = header_lines(destination, values, profile.options)
    if dry_run and destination.dry_run:
        for line in destination.dry_run.headers:
            name, _, value = line.partition(":")
            lines.append((name.strip(), value.strip(), False))
    headers = []
    secret_headers = set()
    for name, value, is_secret in lines:
        if "${" in value and not is_secret:
            value = render_text(value, samples)
        headers.append((name, value))
        if is_secret:
            secret_headers.add(name.lower())
    verb = destination.verb_for(profile.options)
    body = None
    if verb not in ("GET", "DELETE") or profile.template.strip():
        text = rendered_body
        if text is None:
            text = render_text(profile.template, samples)
        for expression, sample in caller_samples(profile, destination).items():
            text = text.replace(expression, sample)
        body = text.encode("utf-8")
    return PreparedRequest(verb, url, headers, body, secret_headers, redactor)
