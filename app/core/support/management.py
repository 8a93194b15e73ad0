"""A small client for the parts of Talon.One's Management API that support staff need.

Only reads: ``GET /v1/webhooks`` (paged, searchable by title), ``GET /v1/webhooks/{id}``,
``GET /v1/message_logs?entityType=webhook`` (the delivery log) and one customer profile
by its integration ID (``POST /v1/customer_search/no_total``, a search that changes
nothing; Management API spec, operation ``getCustomersByAttributes``). The key is sent as
``Authorization: ManagementKey-v1 <key>`` and lives in the keyring, one per deployment.
Talon.One allows about three requests a second, so calls are spaced and a 429 is
waited out (briefly) before it is reported. Every failure becomes a
:class:`ManagementError` that says what to do; the key never appears in one.

Size: one client with its error wording, rate limiting and paging; the response models
are in management_models.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from app.core.destination import paths
from app.core.destination.profile import atomic_write
from app.core.http.fire import fire
from app.core.http.fire_result import FireResult
from app.core.http.request import PreparedRequest
from app.core.http.settings import FireSettings
from app.core.payload.words import counted
from app.core.secrets.credentials import CredentialEntry, CredentialManager
from app.core.secrets.store import Redactor, SecretStore, SecretStoreError
from app.core.support.management_models import (
    Application,
    LogEntry,
    LogPage,
    WebhookPage,
    WebhookSummary,
)

#: Talon.One's documented rate limit is about 3 requests per second.
MIN_INTERVAL = 1 / 3
#: A Retry-After up to this many seconds is waited out; longer ones are reported.
MAX_RETRY_WAIT = 10.0
KEY_FIELD = "management_key"

__all__ = [
    "LogEntry",
    "LogPage",
    "ManagementClient",
    "ManagementError",
    "WebhookPage",
    "WebhookSummary",
    "normalise_base",
]


class ManagementError(Exception):
    """A Management API call failed. ``str()`` gives the message and what to do."""

    def __init__(self, message: str, hint: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.status = status

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


def normalise_base(base: str) -> str:
    """``acme.europe-west1.talon.one/v1/webhooks`` -> ``https://acme.europe-west1.talon.one``.

    Raises:
        ManagementError: the text is not a usable address.
    """
    text = base.strip().rstrip("/")
    if not text:
        raise ManagementError(
            "No Talon.One address given.",
            "Give the address of your Campaign Manager, such as https://acme.europe-west1.talon.one.",
        )
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ManagementError(
            f"{base!r} is not a web address.", "It should look like https://host."
        )
    if parts.scheme == "http" and host not in ("127.0.0.1", "localhost", "::1"):
        raise ManagementError(
            f"{base!r} uses plain http; the Management API key must travel over https.",
            "Write https:// instead.",
        )
    path = parts.path
    for marker in ("/v1/", "/v1"):
        if marker in path:
            path = path[: path.index(marker)]
    return f"{parts.scheme}://{parts.netloc}{path}".rstrip("/")


def key_owner(base: str) -> str:
    """The keyring entry a deployment's key is stored under (one key per host)."""
    return "talon-management:" + (urlsplit(normalise_base(base)).netloc.lower())


def store_key(store: SecretStore, base: str, key: str) -> None:
    """Store the key and list it in the credentials manager (which keyring cannot do)."""
    host = urlsplit(normalise_base(base)).netloc.lower()
    entry = CredentialEntry(
        key_owner(base), f"Talon.One ({host})", "talon-management", KEY_FIELD, "Management API key"
    )
    CredentialManager(store).set_entry(entry, key.strip())


def delete_key(store: SecretStore, base: str) -> None:
    manager = CredentialManager(store)
    for entry in manager.entries_for(key_owner(base)):
        manager.delete(entry)
    store.delete(key_owner(base), KEY_FIELD)


def read_key(store: SecretStore, base: str) -> str:
    """The stored key for ``base``; ManagementError when there is none."""
    try:
        key = store.get(key_owner(base), KEY_FIELD)
    except SecretStoreError as exc:
        raise ManagementError(str(exc)) from None
    if not key:
        raise ManagementError(
            f"No Management API key is stored for {normalise_base(base)}.",
            "Store one with: hooksmith management key --base URL (or on the import page).",
        )
    return key


def remembered_base() -> str:
    """The Talon.One address used last (not secret; saved so it need not be typed again)."""
    try:
        data = json.loads((paths.config_dir() / "management.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("base", "")) if isinstance(data, dict) else ""


def remember_base(base: str) -> None:
    atomic_write(
        paths.config_dir() / "management.json", json.dumps({"base": normalise_base(base)}) + "\n"
    )


class RateLimiter:
    """Spaces calls at least ``interval`` seconds apart, across threads."""

    def __init__(
        self,
        interval: float = MIN_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval


_LIMITERS: dict[str, RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def shared_limiter(base: str) -> RateLimiter:
    """One limiter per deployment for the whole process, however many clients there are."""
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(base, RateLimiter())


class ManagementClient:
    """Read webhooks and delivery logs from one Talon.One deployment.

    Args:
        base: the Campaign Manager address (``https://acme.europe-west1.talon.one``).
        key: the Management API key (read it with :func:`read_key`).
        settings: timeouts, CA bundle and proxy, as for test fires.
        limiter: spacing between calls (default: shared by every client of this
            deployment in the process; tests pass a fast one).
        send: sends one request (the same safe sender as test fires: TLS verified
            against the OS trust store, secret headers withheld on cross-host redirects).
        sleep: waits out a short Retry-After.
    """

    def __init__(
        self,
        base: str,
        key: str,
        *,
        settings: FireSettings | None = None,
        limiter: RateLimiter | None = None,
        send: Callable[[PreparedRequest, FireSettings], FireResult] = fire,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = normalise_base(base)
        self._key = key.strip()
        self._settings = settings or FireSettings()
        self._limiter = limiter or shared_limiter(self.base)
        self._redactor = Redactor([self._key])
        self._send = send
        self._sleep = sleep

    def close(self) -> None:
        """Nothing is kept open between calls; here for ``with`` blocks."""

    def __enter__(self) -> ManagementClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def webhooks(
        self,
        *,
        title: str = "",
        application_id: int | None = None,
        page_size: int = 50,
        skip: int = 0,
    ) -> WebhookPage:
        """One page of webhooks; ``title`` filters case-insensitively on Talon.One's side."""
        query: dict[str, Any] = {"pageSize": max(1, min(page_size, 1000)), "skip": max(0, skip)}
        if title.strip():
            query["title"] = title.strip()
        if application_id is not None:
            query["applicationIds"] = str(application_id)
        document = self._get("/v1/webhooks", query)
        if not isinstance(document, dict) or not isinstance(document.get("data"), list):
            raise self._shape_error("the webhook list")
        items = [
            WebhookSummary.from_api(item) for item in document["data"] if isinstance(item, dict)
        ]
        return WebhookPage(int(document.get("totalResultSize", len(items))), items)

    def all_webhooks(self, *, title: str = "", limit: int = 1000) -> list[WebhookSummary]:
        """Every webhook (up to ``limit``), page by page."""
        out: list[WebhookSummary] = []
        while len(out) < limit:
            page = self.webhooks(title=title, page_size=min(100, limit - len(out)), skip=len(out))
            out.extend(page.webhooks)
            if not page.webhooks or len(out) >= page.total:
                break
        return out

    def applications(self, *, limit: int = 5000) -> list[Application]:
        """Every Application of the account (``GET /v1/applications``), by ID."""
        found: list[Application] = []
        while len(found) < limit:
            query = {"pageSize": 1000, "skip": len(found)}
            document = self._get("/v1/applications", query, what="the Applications")
            if not isinstance(document, dict) or not isinstance(document.get("data"), list):
                raise self._shape_error("the Applications")
            page = [Application.from_api(a) for a in document["data"] if isinstance(a, dict)]
            found += page
            if not page or len(found) >= int(document.get("totalResultSize") or 0):
                break
        return sorted(found, key=lambda a: a.id)

    def webhook(self, webhook_id: int) -> dict[str, Any]:
        """One webhook definition in Talon.One's ``Webhook`` shape (headers as stored)."""
        document = self._get(f"/v1/webhooks/{int(webhook_id)}", {}, what=f"webhook {webhook_id}")
        if not isinstance(document, dict) or "url" not in document:
            raise self._shape_error(f"webhook {webhook_id}")
        return document

    def webhook_definition(self, webhook_id: int) -> dict[str, Any]:
        """One webhook for import: :meth:`webhook`, plus the template it was made from.

        ``GET /v1/webhooks/{id}`` answers a ``Webhook``, which has no
        ``outgoingIntegration*`` fields; only the list's items
        (``WebhookWithOutgoingIntegrationDetails``) do. So the list is asked, by title,
        for those fields (one more call) when the definition lacks them.
        """
        definition = self.webhook(webhook_id)
        if any(key.startswith("outgoingIntegration") for key in definition):
            return definition
        title = str(definition.get("title") or "")
        document = self._get("/v1/webhooks", {"pageSize": 1000, "skip": 0, "title": title})
        items = document.get("data") if isinstance(document, dict) else None
        listed = next(
            (
                item
                for item in items or []
                if isinstance(item, dict) and str(item.get("id")) == str(webhook_id)
            ),
            {},
        )
        extra = {
            key: value
            for key, value in listed.items()
            if key.startswith("outgoingIntegration") and value is not None
        }
        return {**definition, **extra}

    def message_logs(
        self,
        *,
        webhook_ids: list[int] | None = None,
        success: bool | None = None,
        response_code: int | None = None,
        cursor: str | None = None,
        created_after: str = "",
        created_before: str = "",
        application_id: int | None = None,
        message_id: str = "",
    ) -> LogPage:
        """Webhook deliveries, newest first; pass ``next_cursor`` back for the next page."""
        query: dict[str, Any] = {"entityType": "webhook"}
        if message_id:
            query["messageID"] = message_id
        if webhook_ids:
            query["webhookIDs"] = ",".join(str(int(i)) for i in webhook_ids[:30])
        if success is not None:
            query["isSuccessful"] = "true" if success else "false"
        if response_code is not None:
            query["responseCode"] = int(response_code)
        if cursor:
            query["cursor"] = cursor
        if created_after:
            query["createdAfter"] = created_after
        if created_before:
            query["createdBefore"] = created_before
        if application_id is not None:
            query["applicationId"] = int(application_id)
        document = self._get("/v1/message_logs", query)
        if not isinstance(document, dict) or not isinstance(document.get("data"), list):
            raise self._shape_error("the delivery log")
        entries = [LogEntry.from_api(item) for item in document["data"] if isinstance(item, dict)]
        next_cursor = document.get("nextCursor")
        return LogPage(entries, str(next_cursor) if next_cursor else None)

    def log_entry(self, message_id: str) -> LogEntry:
        """One delivery by its message ID."""
        entries = self.message_logs(message_id=message_id.strip()).entries
        if not entries:
            raise ManagementError(
                f"Talon.One's delivery log has no message {message_id!r}.",
                "Message IDs are listed by: hooksmith logs --base URL",
            )
        return entries[0]

    def customer(self, integration_id: str) -> dict[str, Any]:
        """The customer profile whose integration ID is ``integration_id`` (with its
        ``attributes``), for real sample values.

        Raises:
            ManagementError: no such profile, or the call failed.
        """
        wanted = integration_id.strip()
        document = self._call(
            "POST",
            "/v1/customer_search/no_total",
            {"pageSize": 1},
            body={"integrationIDs": [wanted]},
            what="customer search",
        )
        if not isinstance(document, dict) or not isinstance(document.get("data"), list):
            raise self._shape_error("the customer search")
        found = [c for c in document["data"] if isinstance(c, dict)]
        if not found:
            raise ManagementError(
                f"Talon.One has no customer profile with the integration ID {wanted!r}.",
                "Check the ID in the Campaign Manager (Customers); it is the one your "
                "integration sends, such as an email address or a customer number.",
            )
        return found[0]

    def _shape_error(self, what: str) -> ManagementError:
        return ManagementError(
            f"{what.capitalize()} from {self.base} is not in the shape Talon.One documents.",
            "Check that the address is your Campaign Manager's.",
        )

    def _get(self, path: str, query: Mapping[str, Any], *, what: str = "") -> Any:
        return self._call("GET", path, query, what=what)

    def _call(
        self,
        method: str,
        path: str,
        query: Mapping[str, Any],
        *,
        body: Any = None,
        what: str = "",
    ) -> Any:
        url = self.base + path + ("?" + urlencode(dict(query)) if query else "")
        headers = [
            ("Authorization", f"ManagementKey-v1 {self._key}"),
            ("Accept", "application/json"),
        ]
        data = None
        if body is not None:
            headers.append(("Content-Type", "application/json"))
            data = json.dumps(body).encode()
        request = PreparedRequest(method, url, headers, data, {"authorization"}, self._redactor)
        for attempt in range(3):
            self._limiter.wait()
            result = self._send(request, self._settings)
            if result.status is None:
                error = result.error
                raise ManagementError(
                    error.message if error else "Talon.One did not answer.",
                    error.hint if error else "Try again.",
                )
            if result.status == 429 and attempt < 2:
                wait = result.retry_after if result.retry_after is not None else 1.0
                if wait <= MAX_RETRY_WAIT:
                    self._sleep(wait)
                    continue
            return self._answer(result, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _answer(self, result: FireResult, what: str) -> Any:
        status = result.status or 0
        said = self._redactor.redact(_error_text(result.body))
        host = urlsplit(self.base).netloc
        if 200 <= status < 300:
            try:
                return json.loads(result.body)
            except (ValueError, UnicodeDecodeError):
                raise ManagementError(
                    f"The answer from {host} is not JSON, so this is probably not Talon.One's API.",
                    "Use the address of your Campaign Manager, such as "
                    "https://acme.europe-west1.talon.one.",
                    status=status,
                ) from None
        message, hint = _STATUS_TEXT.get(
            status, _STATUS_TEXT[status // 100 * 100 if status >= 500 else 0]
        )
        message, hint = message.format(host=host, status=status), hint.format(host=host)
        if status == 404 and what:
            message, hint = (
                f"Talon.One has no {what} (404).",
                "Check the ID in the webhook list (hooksmith management webhooks).",
            )
        if status == 429:
            wait = (result.header("Retry-After") or "").strip()
            if wait.isdigit():
                hint = f"Wait {counted(int(wait), 'second')} and try again."
            elif wait:
                hint = f"Wait until {wait} and try again."
        if result.redirects:
            hint += f" (The request was redirected to {result.redirects[-1].location}.)"
        detail = f" Talon.One said: {said}" if said else ""
        raise ManagementError(message + detail, hint, status=status)


_STATUS_TEXT: dict[int, tuple[str, str]] = {
    0: ("Talon.One answered {status}.", "Check the address and try again."),
    400: ("Talon.One refused the request as malformed (400).", "Check the filters you gave."),
    401: (
        "Talon.One refused the Management API key (401).",
        "Check that the key is current (keys expire) and was created at this deployment "
        "({host}): Campaign Manager > Account > Tools > Management API keys.",
    ),
    403: (
        "The Management API key may not read this (403).",
        "Edit the key and allow the endpoints 'List webhooks', 'Get webhook', "
        "'List message log entries' and 'List customer profiles matching the given "
        "attributes'.",
    ),
    404: (
        "{host} has no such Management API endpoint (404).",
        "Check the address: it is the one of your Campaign Manager.",
    ),
    429: (
        "Talon.One is limiting the request rate (429).",
        "Talon.One allows about three requests a second; wait a moment and try again.",
    ),
    500: ("Talon.One had a server error ({status}).", "Try again later."),
}


def _error_text(body: bytes) -> str:
    """Talon.One's ``{message, errors: [{title, details}]}`` error body, in one line."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(document, dict):
        return ""
    parts = [
        str(error.get("details") or error.get("title") or "")
        for error in document.get("errors") or []
        if isinstance(error, dict)
    ]
    if not any(parts):
        parts = [str(document.get("message") or document.get("Error") or "")]
    return "; ".join(p for p in parts if p)[:500]
