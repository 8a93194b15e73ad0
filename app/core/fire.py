"""Send a prepared request safely and record everything the response page shows.

- Redirects are followed by hand: secret headers (``Authorization`` and every header
  the destination marks secret, such as ``X-CleverTap-Passcode``) are withheld from
  any other origin, and the chain is recorded. ``requests`` alone would forward
  custom headers.
- TLS is always verified, against the operating system's trust store (``truststore``)
  plus an optional CA bundle.
- Every failure becomes a :class:`FireError` with a plain message, a hint, and the
  raw detail (redacted).
- A :class:`FireJob` can be cancelled from another thread: it shuts its sockets down.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from app.core.request import PreparedRequest

#: Bytes of a response body kept in memory; the size of the rest is still counted.
MAX_BODY = 50 * 1024 * 1024


@dataclass
class FireSettings:
    """Network settings, adjustable in the settings dialog and on the CLI."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    ca_bundle: str = ""
    proxy: str = ""
    max_redirects: int = 5
    max_body: int = MAX_BODY


@dataclass(frozen=True)
class FireError:
    """Why a fire produced no (complete) response.

    Attributes:
        kind: ``dns``, ``refused``, ``connect_timeout``, ``read_timeout``, ``reset``,
            ``tls``, ``proxy``, ``invalid_url``, ``redirects``, ``cancelled`` or ``other``.
        message: one plain sentence.
        hint: what to do.
        detail: the raw technical text, secrets masked.
    """

    kind: str
    message: str
    hint: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Hop:
    """One redirect that was followed."""

    status: int
    url: str
    location: str
    withheld: tuple[str, ...] = ()


@dataclass
class FireResult:
    """Everything known after a fire, whether it succeeded or not."""

    request: PreparedRequest
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    size: int = 0
    truncated: bool = False
    elapsed: float = 0.0
    ttfb: float | None = None
    redirects: list[Hop] = field(default_factory=list)
    error: FireError | None = None
    url: str = ""

    @property
    def header_map(self) -> dict[str, str]:
        return {k: v for k, v in self.headers}


def _same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


class FireJob:
    """One fire; :meth:`run` in a worker thread, :meth:`cancel` from any thread."""

    def __init__(self, request: PreparedRequest, settings: FireSettings | None = None) -> None:
        self.request = request
        self.settings = settings or FireSettings()
        self._cancelled = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Stop as soon as possible: the blocked read returns at once."""
        self._cancelled.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _track(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self._cancelled.is_set():
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def run(self) -> FireResult:
        """Send the request, follow redirects safely, read the body; never raises."""
        result = FireResult(self.request, url=self.request.url)
        started = time.perf_counter()
        session = self._session()
        try:
            self._exchange(session, result, started)
        except Exception as exc:  # every failure is reported, none escapes
            result.error = classify(exc, self.request)
        finally:
            session.close()
            result.elapsed = time.perf_counter() - started
        if self.cancelled:
            result.error = FireError(
                "cancelled",
                "The fire was cancelled.",
                "Nothing more was read; the server may still have received the request.",
            )
        return result

    def _session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = True
        adapter = _TrackingAdapter(self, self.settings)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def _exchange(self, session: requests.Session, result: FireResult, started: float) -> None:
        req = self.request
        method, url, body = req.method, req.url, req.body
        headers = dict(req.headers)
        secret = {name.lower() for name in req.secret_headers} | {"authorization"}
        proxies = (
            {"http": self.settings.proxy, "https": self.settings.proxy}
            if self.settings.proxy
            else None
        )
        verify: Any = self.settings.ca_bundle or True
        for _ in range(self.settings.max_redirects + 1):
            response = session.request(
                method,
                url,
                headers=headers,
                data=body,
                allow_redirects=False,
                stream=True,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                verify=verify,
                proxies=proxies,
            )
            if result.ttfb is None:
                result.ttfb = time.perf_counter() - started
            location = response.headers.get("Location")
            if response.is_redirect and location:
                target = urljoin(url, location)
                withheld: list[str] = []
                if not _same_origin(url, target):
                    for name in list(headers):
                        if name.lower() in secret:
                            withheld.append(name)
                            del headers[name]
                result.redirects.append(Hop(response.status_code, url, target, tuple(withheld)))
                response.close()
                if response.status_code == 303 or (
                    response.status_code in (301, 302) and method == "POST"
                ):
                    method, body = "GET", None
                    headers.pop("Content-Type", None)
                url = target
                continue
            self._read(response, result)
            result.url = url
            return
        result.url = url
        result.error = FireError(
            "redirects",
            f"More than {self.settings.max_redirects} redirects; stopped following.",
            "Check the URL: the endpoint should answer directly.",
        )

    def _read(self, response: requests.Response, result: FireResult) -> None:
        result.status = response.status_code
        result.reason = response.reason or ""
        result.headers = list(response.headers.items())
        kept: list[bytes] = []
        kept_size = 0
        try:
            for chunk in response.raw.stream(64 * 1024, decode_content=True):
                if self.cancelled:
                    break
                result.size += len(chunk)
                if kept_size < self.settings.max_body:
                    piece = chunk[: self.settings.max_body - kept_size]
                    kept.append(piece)
                    kept_size += len(piece)
                    if len(piece) < len(chunk):
                        result.truncated = True
                else:
                    result.truncated = True
        finally:
            result.body = b"".join(kept)
            response.close()


class _TrackingAdapter(HTTPAdapter):
    """An adapter that verifies TLS with the OS trust store and records its sockets."""

    def __init__(self, job: FireJob, settings: FireSettings) -> None:
        self._job = job
        self._settings = settings
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = tls_context(self._settings.ca_bundle)
        super().init_poolmanager(*args, **kwargs)
        job = self._job

        class _Http(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                job._track(self.sock)

        class _Https(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                job._track(self.sock)

        class _HttpPool(HTTPConnectionPool):
            ConnectionCls = _Http

        class _HttpsPool(HTTPSConnectionPool):
            ConnectionCls = _Https

        self.poolmanager.pool_classes_by_scheme = {"http": _HttpPool, "https": _HttpsPool}
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The OS trust store (via ``truststore``) plus ``ca_bundle`` when given."""
    import truststore

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


def classify(exc: BaseException, request: PreparedRequest) -> FireError:
    """Turn a ``requests``/socket exception into words; the detail is redacted."""
    detail = request.redactor.redact(f"{type(exc).__name__}: {exc}")
    text = str(exc)
    host = request.host
    if isinstance(exc, requests.exceptions.SSLError) or ("SSL" in text and "CERTIFICATE" in text):
        return _tls_error(text, host, detail)
    if isinstance(exc, requests.exceptions.ProxyError):
        return FireError(
            "proxy",
            "The proxy refused or failed the connection.",
            "Check the proxy setting (and HTTPS_PROXY in the environment).",
            detail,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return FireError(
            "connect_timeout",
            f"{host} did not accept a connection in time.",
            "Check the host and your network, or raise the connect timeout in Settings.",
            detail,
        )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return FireError(
            "read_timeout",
            f"{host} accepted the connection but did not answer in time.",
            "The server may be overloaded; raise the read timeout in Settings or try again later.",
            detail,
        )
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema,
    ):
        return FireError(
            "invalid_url", "The URL is not valid.", "It should look like https://host/path.", detail
        )
    lowered = text.lower()
    if any(
        s in lowered
        for s in (
            "name or service not known",
            "failed to resolve",
            "nodename nor servname",
            "temporary failure in name resolution",
            "getaddrinfo failed",
            "no address associated",
        )
    ):
        return FireError(
            "dns",
            f"The host name {host} could not be found (DNS).",
            "Check the spelling of the host and the region you chose.",
            detail,
        )
    if "refused" in lowered:
        return FireError(
            "refused",
            f"{host} refused the connection: nothing listens on that port.",
            "Check the URL and port; for the sandbox, start it again.",
            detail,
        )
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or any(
        s in lowered
        for s in (
            "reset",
            "incompleteread",
            "connection broken",
            "aborted",
            "remote end closed",
            "broken pipe",
        )
    ):
        return FireError(
            "reset",
            f"{host} closed the connection before the answer was complete.",
            "Try again; if it keeps happening the server or a proxy is cutting the connection.",
            detail,
        )
    return FireError(
        "other",
        "The request failed before a response arrived.",
        "See the technical detail.",
        detail,
    )


def _tls_error(text: str, host: str, detail: str) -> FireError:
    lowered = text.lower()
    if "expired" in lowered:
        message = f"The TLS certificate of {host} has expired."
        hint = "The server's operator must renew it; do not send credentials meanwhile."
    elif "hostname mismatch" in lowered or "doesn't match" in lowered or "not valid for" in lowered:
        message = f"The TLS certificate presented is not valid for the name {host}."
        hint = "Check the host name; a proxy or a wrong DNS entry may be answering instead."
    elif (
        "self-signed" in lowered
        or "self signed" in lowered
        or "unable to get local issuer" in lowered
        or "unknown ca" in lowered
        or "certificate_verify_failed" in lowered
    ):
        message = (
            f"The TLS certificate of {host} is issued by an authority this computer does not trust."
        )
        hint = (
            "If your company inspects HTTPS with its own root certificate, add it to the "
            "system's trust store or choose its CA bundle in Settings."
        )
    else:
        message = f"The secure (TLS) connection to {host} failed."
        hint = "See the technical detail."
    return FireError("tls", message, hint, detail)


def fire(request: PreparedRequest, settings: FireSettings | None = None) -> FireResult:
    """Send ``request`` in the calling thread and return the result; never raises."""
    return FireJob(request, settings).run()
