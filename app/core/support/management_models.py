"""What the Management API returns, as Hooksmith uses it: webhook summaries and deliveries.

Talon.One's message log keeps the raw request (``MessageLogRequest.request``, a byte
string, so base64 in JSON) and the raw response. Whether the request text is the
whole HTTP message or only the body is not documented [?], so both are read. Header
values that carry credentials are masked as soon as an entry is read, and those
values are masked wherever else they appear in the entry.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

from app.core.secrets.store import MASK, Redactor
from app.core.support.detect import is_secret_header

_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/\d(?:\.\d)?$")


@dataclass(frozen=True)
class Application:
    """A Talon.One Application, as a webhook's ``applicationIds`` name it."""

    id: int
    name: str

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> Application:
        return cls(id=int(item.get("id", 0)), name=str(item.get("name", "")))

    def label(self) -> str:
        """``Web shop (1)``."""
        return f"{self.name} ({self.id})"


@dataclass(frozen=True)
class WebhookSummary:
    """One row of the webhook list."""

    id: int
    title: str
    verb: str
    url: str
    enabled: bool = True
    draft: bool = False
    description: str = ""
    application_ids: tuple[int, ...] = ()
    modified: str = ""

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> WebhookSummary:
        return cls(
            id=int(item.get("id", 0)),
            title=str(item.get("title", "")),
            verb=str(item.get("verb", "")),
            url=str(item.get("url", "")),
            enabled=bool(item.get("enabled", True)),
            draft=bool(item.get("draft", False)),
            description=str(item.get("description") or ""),
            application_ids=tuple(int(i) for i in item.get("applicationIds") or []),
            modified=str(item.get("modified", "")),
        )

    def matches(self, query: str) -> bool:
        """Case-insensitive search over ID, title, URL and description."""
        needle = query.strip().lower()
        haystack = f"{self.id} {self.title} {self.url} {self.description}".lower()
        return all(word in haystack for word in needle.split())


@dataclass
class WebhookPage:
    total: int
    webhooks: list[WebhookSummary]


def filter_webhooks(webhooks: list[WebhookSummary], query: str) -> list[WebhookSummary]:
    """The webhooks matching every word of ``query`` (the list page's search box)."""
    return [w for w in webhooks if w.matches(query)] if query.strip() else list(webhooks)


@dataclass
class LogEntry:
    """One webhook delivery from Talon.One's message log, credentials masked.

    Attributes:
        status: the HTTP status the destination answered, or None (no response).
        method, url, headers, body: the request Talon.One sent, as far as the log holds it.
        response: the response body text.
    """

    id: str
    created_at: str
    webhook_id: int | None = None
    webhook_name: str = ""
    url: str = ""
    status: int | None = None
    method: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    response: str = ""
    application_id: int | None = None
    campaign_id: int | None = None

    @property
    def success(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> LogEntry:
        request = item.get("request") or {}
        response = item.get("response") or {}
        raw_request = _text(request.get("request")) if isinstance(request, dict) else ""
        raw_response = _text(response.get("response")) if isinstance(response, dict) else ""
        method, target, headers, body = parse_raw_request(raw_request)
        redactor = Redactor()
        shown = []
        for name, value in headers:
            if is_secret_header(name) and value:
                redactor.add(value)
                redactor.add(value.partition(" ")[2])
                shown.append((name, MASK))
            else:
                shown.append((name, value))
        status = response.get("status") if isinstance(response, dict) else None
        url = str(item.get("url") or "")
        if not url and target.startswith("/"):
            host = next((v for n, v in headers if n.lower() == "host"), "")
            url = f"https://{host}{target}" if host else target
        return cls(
            id=str(item.get("id", "")),
            created_at=str(item.get("createdAt", "")),
            webhook_id=_int(item.get("webhookId")),
            webhook_name=str(item.get("webhookName") or ""),
            url=redactor.redact(url or target),
            status=_int(status),
            method=method,
            headers=shown,
            body=redactor.redact(body),
            response=redactor.redact(raw_response),
            application_id=_int(item.get("applicationId")),
            campaign_id=_int(item.get("campaignId")),
        )

    def summary(self) -> str:
        """One line for lists: time, status, webhook, URL."""
        status = str(self.status) if self.status is not None else "no answer"
        name = self.webhook_name or (f"webhook {self.webhook_id}" if self.webhook_id else "")
        return f"{self.created_at}  {status:>9}  {name}  {self.url}".rstrip()


@dataclass
class LogPage:
    entries: list[LogEntry]
    next_cursor: str | None = None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    """A ``format: byte`` field: base64 text when it decodes to UTF-8, else as given."""
    if not isinstance(value, str) or not value:
        return ""
    compact = value.strip()
    if re.fullmatch(r"[A-Za-z0-9+/=\s]+", compact) and len(compact) % 4 == 0:
        try:
            return base64.b64decode(compact, validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            pass
    return value


def parse_raw_request(text: str) -> tuple[str, str, list[tuple[str, str]], str]:
    """Split a raw HTTP request into method, target, headers and body.

    Text that does not start with a request line is taken as the body alone.
    """
    normalised = text.replace("\r\n", "\n")
    first, _, rest = normalised.partition("\n")
    match = _REQUEST_LINE.match(first.strip())
    if not match:
        return "", "", [], text
    head, _, body = rest.partition("\n\n")
    headers = []
    for line in head.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            headers.append((name.strip(), value.strip()))
    return match.group(1), match.group(2), headers, body
