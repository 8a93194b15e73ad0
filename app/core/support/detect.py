"""Recognise which destination a request goes to, and which of its headers are secret.

Recognition is driven by each destination file's ``detect`` block
(``{"hosts": [regex, ...], "headers": [name, ...], "paths": [regex, ...]}``); a file
without one is recognised by its region hosts and its own header names, so adding an
integration still means adding a file. When URL and headers say nothing, the keys of
a payload are compared with each destination's payload skeleton. Nothing matched
means a custom webhook. Taking the credentials out is :mod:`app.core.support.credsplit`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from app.core.destination.catalogue import SANDBOX_REGION, Destination, load_catalogue

#: Header names that never identify a destination.
_GENERIC = {"content-type", "accept", "authorization", "user-agent", "content-length"}
#: Header names whose values are credentials wherever they appear.
_SECRET_NAME = re.compile(
    r"^(authorization|proxy-authorization|cookie|x-api-key|api-?key)$"
    r"|token|secret|passcode|password|api[-_]?key|credential|signature|hmac|^x-auth",
    re.IGNORECASE,
)
_KEY = re.compile(r'"((?:[^"\\\n]|\\.)+)"\s*:')
_PLACEHOLDER = re.compile(r"\$\{\$[^}]*\}|\{\{[^}]*\}\}")


@dataclass(frozen=True)
class Signature:
    """What identifies one destination in a URL and its headers."""

    destination: Destination
    hosts: tuple[re.Pattern[str], ...]
    headers: frozenset[str]
    paths: tuple[re.Pattern[str], ...]


@dataclass
class Detection:
    """The destination a request was recognised as, and why.

    Attributes:
        destination: the recognised destination; the custom one when nothing matched
            (None only when the catalogue has no custom destination).
        reasons: plain sentences saying what matched.
        region: region id (or ``sandbox``) the URL belongs to; empty when none.
        custom_base: the base URL to use when no region matched.
        fallback: True when nothing matched and the custom destination was chosen.
        alternatives: other destinations that matched less well, best first.
        url_values: credential fields read from the URL's path (``{workspace_id}`` in
            the destination's ``url``), by field id.
    """

    destination: Destination | None
    reasons: list[str] = field(default_factory=list)
    region: str = ""
    custom_base: str = ""
    fallback: bool = False
    alternatives: list[str] = field(default_factory=list)
    url_values: dict[str, str] = field(default_factory=dict)


def is_fallback(destination: Destination) -> bool:
    """The destination chosen when nothing else matches (``"detect": {"fallback": true}``)."""
    return destination.detect.fallback


def _compile(patterns: Iterable[str], source: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"{source}: detect pattern {pattern!r} is not valid: {exc}") from None
    return tuple(out)


@lru_cache(maxsize=1)
def signatures() -> tuple[Signature, ...]:
    """One signature per non-fallback destination, in catalogue order."""
    out = []
    for destination in load_catalogue():
        if is_fallback(destination):
            continue
        block = destination.detect
        hosts = block.hosts
        if hosts is None:
            names = {urlsplit(r.base).hostname or "" for r in destination.regions}
            hosts = tuple(f"^{re.escape(h)}$" for h in sorted(names) if h)
        headers = block.headers
        if headers is None:
            headers = tuple(line.partition(":")[0].strip() for line in destination.headers)
        out.append(
            Signature(
                destination,
                _compile(hosts, destination.id),
                frozenset(h.lower() for h in headers if h.lower() not in _GENERIC),
                _compile(block.paths, destination.id),
            )
        )
    return tuple(out)


def fallback_destination() -> Destination | None:
    return next((d for d in load_catalogue() if is_fallback(d)), None)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_and_path(url: str) -> tuple[str, str]:
    """Host and path of a URL that may hold ``${$...}`` or Jinja placeholders."""
    cleaned = _PLACEHOLDER.sub("x", url.strip())
    if cleaned and "://" not in cleaned:
        cleaned = "https://" + cleaned
    try:
        parts = urlsplit(cleaned)
        return (parts.hostname or "").lower(), parts.path
    except ValueError:
        return "", ""


def detect(url: str, headers: list[tuple[str, str]] | None = None) -> Detection:
    """Recognise the destination of a request from its URL and header names."""
    host, path = _host_and_path(url)
    names = {name.strip().lower() for name, _ in headers or []}
    scored: list[tuple[int, int, Signature, list[str]]] = []
    for order, sig in enumerate(signatures()):
        score, reasons = 0, []
        dest_id = sig.destination.id
        if _is_loopback(host) and path.startswith(f"/{dest_id}/"):
            score += 10
            reasons.append(f"the URL is Hooksmith's sandbox for {sig.destination.title}")
        elif host and any(p.search(host) for p in sig.hosts):
            # A host shared with other APIs (any *.talon.one) only counts with its path.
            other_path = (
                sig.paths and path.strip("/") and not any(p.search(path) for p in sig.paths)
            )
            if not other_path:
                score += 10
                reasons.append(f"the host {host} belongs to {sig.destination.title}")
        if path and any(p.search(path) for p in sig.paths):
            score += 2
            reasons.append(f"the path {path} is {sig.destination.title}'s")
        matched = sorted(names & sig.headers)
        if matched:
            score += 3 * len(matched)
            reasons.append("it sends the header(s) " + ", ".join(matched))
        if score:
            scored.append((score, -order, sig, reasons))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    if not scored:
        custom = fallback_destination()
        detection = Detection(custom, ["nothing in the URL or headers matches a known service"])
        detection.fallback = True
        detection.custom_base = url.strip()
        return detection
    best = scored[0]
    detection = Detection(best[2].destination, best[3])
    detection.alternatives = [s[2].destination.id for s in scored[1:]]
    detection.region, detection.custom_base = locate(best[2].destination, url)
    detection.url_values = url_values(best[2].destination, url)
    return detection


def _skeleton_keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        keys = set(node)
        for value in node.values():
            keys |= _skeleton_keys(value)
        return keys
    if isinstance(node, list):
        return set().union(*(_skeleton_keys(v) for v in node)) if node else set()
    return set()


def detect_by_payload(text: str) -> tuple[Destination | None, list[str]]:
    """The destination whose payload skeleton shares most keys with ``text`` (even broken)."""
    keys = set(_KEY.findall(text))
    best: tuple[float, Destination | None, set[str]] = (0.0, None, set())
    for destination in load_catalogue():
        if is_fallback(destination):
            continue
        known = _skeleton_keys(destination.mapping.skeleton)
        shared = keys & known
        score = len(shared) / len(known | keys) if known else 0.0
        if len(shared) >= 2 and score > best[0]:
            best = (score, destination, shared)
    if best[1] is None:
        return None, []
    return best[1], [f"the payload uses its keys ({', '.join(sorted(best[2])[:6])})"]


def locate(destination: Destination, url: str) -> tuple[str, str]:
    """Map a URL to ``(region id, "")``, or ``("", custom base)`` when no region matches."""
    url = url.strip()
    host, path = _host_and_path(url)
    if _is_loopback(host) and path.startswith(f"/{destination.id}/"):
        return SANDBOX_REGION, ""
    bare = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if destination.url_fields:
        for region in destination.regions:
            if region.base and destination.url_pattern(region.base).match(bare):
                return region.id, ""
    for region in destination.regions:
        expected = destination.url.format(base=region.base)
        if url.rstrip("/").lower() == expected.rstrip("/").lower():
            return region.id, ""
        if bare.lower() == expected.split("?", 1)[0].rstrip("/").lower():
            return region.id, ""
    _, _, suffix = destination.url.partition("{base}")
    suffix_path = suffix.split("?", 1)[0].rstrip("/")
    if destination.url_fields:
        found = re.search(destination.url_pattern("").pattern.removesuffix("/?$"), bare, re.I)
        if found:
            return "", bare[: found.start()]
        return "", bare
    if suffix_path and bare.lower().endswith(suffix_path.lower()):
        return "", bare[: len(bare) - len(suffix_path)]
    return "", bare if suffix_path else url


def url_values(destination: Destination, url: str) -> dict[str, str]:
    """The credential fields ``destination.url`` names, read from ``url``'s path."""
    if not destination.url_fields:
        return {}
    host, path = _host_and_path(url.strip())
    if _is_loopback(host):
        path = path.removeprefix(f"/{destination.id}")
    found = destination.url_pattern("").search(path.split("?", 1)[0])
    if not found:
        return {}
    return {name: unquote(value) for name, value in found.groupdict().items()}


def is_secret_header(name: str, destination: Destination | None = None) -> bool:
    """True for headers that carry credentials: by the destination's data, or by name."""
    lowered = name.strip().lower()
    if destination is not None:
        secret_ids = set(destination.secret_fields)
        for line in destination.headers:
            header, _, template = line.partition(":")
            if header.strip().lower() == lowered and any(
                "{" + s + "}" in template for s in secret_ids
            ):
                return True
    return bool(_SECRET_NAME.search(lowered))


def has_placeholder(value: str) -> bool:
    """True when a value is (or holds) a Talon.One or Jinja placeholder, not a literal."""
    return bool(_PLACEHOLDER.search(value))
