"""Before a fire reaches a real host: ask once, and offer the validation-only mode.

A test fire at a real vendor sends a real event with the user's real credentials:
CleverTap records it, a campaign may send a message. So the first fire of a profile at
a real host in a session needs a yes (again if the host changes, say after a region
switch); the sandbox and anything else on loopback never asks. Where the destination
has a validation-only mode (CleverTap ``dryRun=1``, Talon.One ``dry=true``, the referral
endpoint's ``X-DRY-RUN``), the question offers it and says how sure that is. Where it
has none and a test fire changes real data (a destination's ``fire_warning``: adding
loyalty points), the question starts with that warning and is asked before every fire.
"""

from __future__ import annotations

import ipaddress
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

if TYPE_CHECKING:  # only named: the guard is made before any request is built
    from app.core.destination.catalogue import Destination
    from app.core.http.request import PreparedRequest

__all__ = [
    "DryRunOffer",
    "FireGuard",
    "confirmation_text",
    "dry_run_offer",
    "is_local",
    "is_loopback",
]


def is_local(url: str) -> bool:
    """True when ``url`` points at this machine (the sandbox, a local test server)."""
    return is_loopback(urlsplit(url).hostname or "")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and addresses in 127.0.0.0/8 or ``::1``."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


@dataclass(frozen=True)
class DryRunOffer:
    """A destination's validation-only mode, described for the user.

    Attributes:
        label: the option's text, like ``Validate only (dryRun=1): ...``.
        how: what changes in the request (``adds ?dryRun=1 to the URL``).
        certainty: where the knowledge comes from, when it is not the vendor's reference.
        query: query parameters added.
        headers: header lines added (``X-DRY-RUN: true``).
    """

    label: str
    how: str
    certainty: str = ""
    query: dict[str, str] = field(default_factory=dict)
    headers: tuple[str, ...] = ()

    def text(self) -> str:
        """The offer in one paragraph (CLI prompt, GUI tooltip)."""
        out = f"{self.label}. It {self.how}."
        if self.certainty:  # a sentence for the user, from the destination file
            out += f" {self.certainty}"
        return out

    def applied(self, request: PreparedRequest) -> bool:
        """Whether ``request`` carries this mode."""
        query = urlsplit(request.url).query.split("&")
        names = {n.lower() for n, _ in request.headers}
        return all(f"{k}={v}" in query for k, v in self.query.items()) and all(
            line.partition(":")[0].strip().lower() in names for line in self.headers
        )


def dry_run_offer(destination: Destination | None) -> DryRunOffer | None:
    """The destination's validation-only mode, or None when it has none."""
    spec = destination.dry_run if destination is not None else None
    if spec is None:
        return None
    assert destination is not None
    query = dict(spec.query)
    headers = spec.headers
    changes = []
    if query:
        changes.append(f"adds ?{urlencode(query)} to the URL")
    if headers:
        changes.append("sends the header " + ", ".join(headers))
    how = " and ".join(changes) or "asks the server to check without storing"
    label = spec.label or f"Validate only: {destination.title} checks but stores nothing"
    return DryRunOffer(label, how, spec.certainty, query, headers)


class FireGuard:
    """Which profiles the user allowed to fire at which real host in this session.

    Thread-safe; one per front-end session (the GUI keeps one, each CLI run is one).
    """

    def __init__(self) -> None:
        self._allowed: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    @staticmethod
    def _key(profile_id: str, url: str) -> tuple[str, str]:
        parts = urlsplit(url)
        return profile_id, f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"

    def needs_confirmation(self, profile_id: str, url: str) -> bool:
        """True for a real host not yet confirmed for this profile in this session."""
        if is_local(url):
            return False
        with self._lock:
            return self._key(profile_id, url) not in self._allowed

    def confirm(self, profile_id: str, url: str) -> None:
        with self._lock:
            self._allowed.add(self._key(profile_id, url))

    def forget(self, profile_id: str | None = None) -> None:
        """Ask again next time (for one profile, or all)."""
        with self._lock:
            self._allowed = {k for k in self._allowed if profile_id not in (None, k[0])}


def confirmation_text(request: PreparedRequest, destination: Destination | None = None) -> str:
    """The question to ask before the first fire at a real host, offer included."""
    name = f" ({destination.title})" if destination is not None else ""
    secret = " with your stored credentials" if request.secret_headers else ""
    text = (
        f"This sends a real {request.method} request to {request.host}{name}{secret}. "
        "The receiving system may store the event and act on it (send a message, "
        "start a campaign)."
    )
    if destination is not None and destination.fire_warning:
        text = f"{destination.fire_warning} {text}"
    offer = dry_run_offer(destination)
    if offer is not None and offer.applied(request):
        text += f" Validation only is on: {offer.text()}"
    elif offer is not None:
        text += f" To check without storing, choose: {offer.text()}"
    return text
