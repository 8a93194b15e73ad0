"""Build the HTTP request a profile describes: URL, headers, body, and what is secret in it."""

from __future__ import annotations

import base64
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from app.core.catalogue import SANDBOX_REGION, Destination
from app.core.profile import Profile
from app.core.secrets import MASK, Redactor
from app.core.template import parse, render
from app.core.validate import sample_values

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
        return profile.custom_base.rstrip("/")
    try:
        return destination.region(profile.region or destination.default_region).base
    except KeyError as exc:
        raise RequestError(f"Choose a region: {exc.args[0]}.") from None


def endpoint_url(
    profile: Profile, destination: Destination, sandbox_base: str | None = None
) -> str:
    """The endpoint URL without query string: what Talon.One's webhook URL field gets."""
    return destination.url.format(base=base_url(profile, destination, sandbox_base))


def credential_values(profile: Profile, secrets: Mapping[str, str]) -> dict[str, str]:
    values = dict(profile.credentials)
    values.update(secrets)
    return values


def header_lines(
    destination: Destination, values: Mapping[str, str]
) -> list[tuple[str, str, bool]]:
    """(name, value, is_secret) for each header the destination sends."""
    secret_ids = set(destination.secret_fields)
    out: list[tuple[str, str, bool]] = []
    auth = destination.raw.get("auth")
    if auth and auth.get("type") == "basic":
        user = values.get(auth["username"], "")
        password = values.get(auth["password"], "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        out.append(("Authorization", f"Basic {token}", True))
    for line in destination.headers:
        name, _, template = line.partition(":")
        template = template.strip()
        is_secret = any("{" + s + "}" in template for s in secret_ids)
        value = template.format_map(_Missing(values))
        out.append((name.strip(), value, is_secret))
    return out


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
) -> PreparedRequest:
    """Assemble the request the webhook would send, using sample values for placeholders.

    Args:
        profile: the integration.
        destination: its catalogue entry.
        secrets: secret credential values by field id (read from the store).
        sandbox_base: ``http://127.0.0.1:PORT`` of the running sandbox.
        dry_run: add the destination's validation-only query, where it has one.
        body_values: values for the payload's placeholders (default: the samples).
    """
    url = endpoint_url(profile, destination, sandbox_base)
    if dry_run and destination.dry_run:
        url += ("&" if "?" in url else "?") + urlencode(destination.dry_run["query"])
    values = credential_values(profile, secrets)
    redactor = Redactor()
    for field_id in destination.secret_fields:
        redactor.add(values.get(field_id, ""))
    auth = destination.raw.get("auth")
    if auth and auth.get("type") == "basic":
        redactor.add_basic(values.get(auth["username"], ""), values.get(auth["password"], ""))
    headers = []
    secret_headers = set()
    for name, value, is_secret in header_lines(destination, values):
        headers.append((name, value))
        if is_secret:
            secret_headers.add(name.lower())
    body = None
    if destination.verb not in ("GET", "DELETE") or profile.template.strip():
        samples = (
            body_values
            if body_values is not None
            else sample_values(profile.params, profile.samples)
        )
        body = render(parse(profile.template), samples).text.encode("utf-8")
    return PreparedRequest(destination.verb, url, headers, body, secret_headers, redactor)
