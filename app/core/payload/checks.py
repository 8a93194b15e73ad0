"""Checks of everything around the payload: the URL the user typed, extra headers, the
values of mapping slots and credentials, and the query string a caller will send.

The payload itself is checked in :mod:`app.core.payload.validate`; these checks cover what a
destination's data file marks with a ``rule`` (slots, credentials) or ``query_schema``,
plus the traps of free-form endpoints (secrets typed into a plain header, a URL with
no host).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.core.destination.catalogue import SANDBOX_REGION, Destination
from app.core.destination.profile import Profile
from app.core.payload import rules
from app.core.payload.mapping import query_items, slot_active
from app.core.payload.problems import Problem, Report, Severity

#: Header names that carry credentials; their values belong in the keyring.
_SECRET_HEADER = re.compile(r"authorization|token|secret|passw|passcode|api[-_]?key|cookie", re.I)
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def typed_url(profile: Profile, destination: Destination) -> str | None:
    """The URL the user typed, when the destination takes one (a ``custom`` region)."""
    region_id = profile.region or destination.default_region
    custom = any(r.id == region_id and r.custom for r in destination.regions)
    whole = destination.url == "{base}"
    if custom or (whole and region_id == SANDBOX_REGION):
        return profile.custom_base.strip()
    return None


def header_options(profile: Profile, destination: Destination) -> list[str]:
    """The extra header lines the user typed (options of kind ``headers``)."""
    lines: list[str] = []
    for option in destination.options:
        if option.kind == "headers":
            lines.extend(str(line) for line in profile.options.get(option.id) or [])
    return lines


def request_texts(profile: Profile, destination: Destination) -> dict[str, str]:
    """Templates besides the payload that Talon.One fills: the typed URL and headers."""
    texts: dict[str, str] = {}
    url = typed_url(profile, destination)
    if url:
        texts["URL"] = url
    for line in header_options(profile, destination):
        name = line.partition(":")[0].strip() or line
        texts[f"header {name}"] = line
    return texts


def check_settings(profile: Profile, destination: Destination) -> list[Problem]:
    """Every problem outside the payload, in the order the wizard asks for things."""
    problems: list[Problem] = []
    url = typed_url(profile, destination)
    if url is not None:
        problems.extend(_url_problems(url, profile.region == SANDBOX_REGION))
    elif profile.custom_base and profile.region != SANDBOX_REGION:
        problems.extend(_override_problems(profile.custom_base.strip(), destination))
    problems.extend(_header_problems(header_options(profile, destination)))
    values = destination.choices(profile.mapping, profile.options)
    for field in destination.active_credentials(profile.mapping, profile.options):
        if field.rule and not field.secret:
            value = profile.credentials.get(field.id, "")
            problems.extend(_rule_problems(field.rule, value, field.label, "credential"))
    for slot_id, slot in destination.mapping.slots.items():
        if slot.rule and slot_active(profile, destination, slot):
            value = profile.mapping.get(slot_id, values.get(slot_id, slot.default))
            problems.extend(_rule_problems(slot.rule, value, slot.label, "slot"))
    schema = destination.query_schema
    if schema:
        query = {n: v for n, v, _ in query_items(profile, destination, for_handover=True)}
        problems.extend(_rule_problems(schema, query, "query", "query", prefix=True))
    return problems


def validate_query_url(url: str, destination: Destination) -> Report:
    """Check a caller's URL (what was pasted into Bloomreach) against ``query_schema``."""
    report = Report()
    text = url.strip()
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        report.add(
            Problem(
                Severity.ERROR,
                "url.invalid",
                f"{text[:60]!r} is not a URL.",
                f"{destination.title} takes no body: give the URL with its query string.",
            )
        )
        return report
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    schema = destination.query_schema
    if schema:
        report.extend(_rule_problems(schema, query, "query", "query", prefix=True))
    return report


def _rule_problems(
    rule: dict[str, Any], value: Any, label: str, kind: str, *, prefix: bool = False
) -> list[Problem]:
    out = []
    for v in rules.check(rule, value):
        where = rules.format_path(v.path)
        path = f"{label}.{where}" if prefix and v.path else label
        out.append(
            Problem(
                Severity.WARNING if v.severity == "warning" else Severity.ERROR,
                f"{kind}.{v.keyword}",
                v.message,
                v.hint,
                path=path,
            )
        )
    return out


def _url_problems(url: str, sandbox: bool) -> list[Problem]:
    if not url:
        return [
            Problem(
                Severity.ERROR,
                "url.missing",
                "No URL is entered.",
                "Enter the endpoint, such as https://example.com/hooks/talon.",
                path="URL",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Problem(
                Severity.ERROR,
                "url.invalid",
                f"{url[:80]!r} is not an http(s) URL with a host.",
                "It should look like https://host/path, with ${$Name} placeholders if needed.",
                path="URL",
            )
        ]
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK and not sandbox:
        return [
            Problem(
                Severity.WARNING,
                "url.http",
                "The URL uses plain http: the payload and headers, credentials included, "
                "travel unencrypted.",
                "Use https:// unless the endpoint is on your own network.",
                path="URL",
            )
        ]
    return []


def _override_problems(base: str, destination: Destination) -> list[Problem]:
    """A base URL typed instead of a region (a test server, an imported webhook's host)."""
    parts = urlsplit(base)
    hosts = [r.base for r in destination.regions if r.base and not r.custom]
    https_only = bool(hosts) and all(h.startswith("https://") for h in hosts)
    if parts.scheme == "http" and https_only and parts.hostname not in _LOOPBACK:
        return [
            Problem(
                Severity.ERROR,
                "url.https_only",
                f"{destination.service} takes only https://, but the address is {base}.",
                f"Choose a {destination.service} region, or enter the https:// address.",
                path="URL",
            )
        ]
    return []


def _header_problems(lines: list[str]) -> list[Problem]:
    problems = []
    for line in lines:
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep or not name or " " in name:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "header.invalid",
                    f"{line[:60]!r} is not a header line.",
                    "Write it as Name: value, for example X-Source: Talon.One.",
                    path=f"header {name or line}",
                )
            )
        elif _SECRET_HEADER.search(name) and value.strip() and "${" not in value:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "header.secret",
                    f"The header {name} looks like a credential, and extra headers are saved "
                    "in the profile file in plain text.",
                    "Remove it here and choose the authentication 'Secret header' (or Basic / "
                    "Bearer), which keeps the value in your system keyring.",
                    path=f"header {name}",
                )
            )
    return problems
