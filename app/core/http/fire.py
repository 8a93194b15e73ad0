"""Send a prepared request safely and record everything the response page shows.

- Redirects are followed by hand: secret headers (``Authorization`` and every header
  the destination marks secret, such as ``X-CleverTap-Passcode``) go only to the origin
  the user configured, and the chain is recorded with what was withheld. A body that
  holds a credential is never re-sent to another host.
- TLS is always verified, against the operating system's trust store (``truststore``)
  plus an optional CA bundle; a failure names the certificate's subject and issuer.
- Every failure becomes a :class:`FireError` with a plain message, a hint, and the
  raw detail (redacted); a partial answer is kept with it.
- A :class:`FireJob` can be cancelled from another thread, even while it resolves the
  host, connects, or waits on a server that never answers; a total time limit stops a
  server that drips its answer forever.
- Bodies up to ``max_body`` stay in memory (50 MB by default, so any real webhook
  answer); beyond that the whole body is spilled to a private file under the cache
  folder, deleted by :meth:`FireResult.discard` or when the program exits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.response import BaseHTTPResponse

from app.core.http.bodystore import BodySink
from app.core.http.failures import classify
from app.core.http.fire_result import FireError, FireResult, Hop
from app.core.http.redirects import (
    REDIRECT_STATUSES,
    headers_for,
    redirected_method,
    refusal,
)
from app.core.http.request import PreparedRequest
from app.core.http.settings import MAX_BODY, FireSettings, mask_proxy, validate_settings
from app.core.http.sockets import FireAborted, SocketGuard
from app.core.http.tls import decode_der, fetch_peer_cert, tls_context
from app.core.http.transport import PeerInfo, choose_proxy, pool_manager

__all__ = [
    "MAX_BODY",
    "FireError",
    "FireJob",
    "FireResult",
    "FireSettings",
    "Hop",
    "classify",
    "fire",
    "tls_context",
]

Progress = Callable[[str, int], None]


class FireJob:
    """One fire; :meth:`run` in a worker thread, :meth:`cancel` from any thread.

    Args:
        request: what to send.
        settings: timeouts, trust, proxy, limits.
        progress: called from the worker thread with (phase, bytes received), phase being
            ``connecting``, ``redirected`` or ``receiving``; it must not block.
    """

    def __init__(
        self,
        request: PreparedRequest,
        settings: FireSettings | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.request = request
        self.settings = settings or FireSettings()
        self._progress_cb = progress
        self._guard = SocketGuard()
        self._managers: dict[str, urllib3.PoolManager] = {}
        self._url = request.url
        self._proxy = ""
        self._answered = False

    @property
    def cancelled(self) -> bool:
        return self._guard.aborted and self._guard.reason == "cancelled"

    def cancel(self) -> None:
        """Stop as soon as possible: a blocked look-up, connect or read returns at once."""
        self._guard.abort("cancelled")

    def run(self) -> FireResult:
        """Send the request, follow redirects safely, read the body; never raises."""
        result = FireResult(self.request, url=self.request.url)
        problems = validate_settings(self.settings)
        if problems:  # say which setting is wrong instead of failing somewhere deep down
            result.error = FireError(
                "settings",
                " ".join(p.message for p in problems),
                "Correct it in Settings (or the command-line option) and fire again.",
            )
            return result
        started = time.perf_counter()
        timer = threading.Timer(self.settings.total_timeout, self._guard.abort, ("deadline",))
        timer.daemon = True
        timer.start()
        try:
            self._exchange(result, started)
        except Exception as exc:  # every failure is reported, none escapes
            result.error = self._explain(exc)
        finally:
            timer.cancel()
            for manager in self._managers.values():
                manager.clear()
            self._guard.close()
            result.elapsed = time.perf_counter() - started
        return result

    def _explain(self, exc: Exception) -> FireError:
        if self._guard.aborted and not isinstance(exc, FireAborted):
            exc = FireAborted(self._guard.reason)
        host = urlsplit(self._url).hostname or self.request.host
        error = classify(
            exc,
            host,
            self.request.redactor,
            answered=self._answered,
            proxy=mask_proxy(self._proxy),
        )
        if error.kind == "tls" and not self._guard.aborted:
            parts = urlsplit(self._url)
            cert = fetch_peer_cert(
                host,
                parts.port or 443,
                timeout=min(self.settings.connect_timeout, 5.0),
                proxy=self._proxy,
                connect=lambda address, limit: self._guard.create_connection(address, limit),
            )
            if cert is not None:
                error = classify(exc, host, self.request.redactor, cert=cert)
        return error

    def _progress(self, phase: str, received: int = 0) -> None:
        if self._progress_cb is not None:
            try:
                self._progress_cb(phase, received)
            except Exception:  # a display callback must never break the fire
                self._progress_cb = None

    def _manager(self, proxy: str) -> urllib3.PoolManager:
        if proxy not in self._managers:
            self._managers[proxy] = pool_manager(self._guard, self.settings, proxy)
        return self._managers[proxy]

    def _send(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> BaseHTTPResponse:
        self._guard.check()
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib3.exceptions.URLSchemeUnknown(scheme or "(none)")
        self._url = url
        self._proxy, _source = choose_proxy(url, self.settings)
        self._answered = False
        self._progress("connecting")
        return self._manager(self._proxy).urlopen(
            method,
            url,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            timeout=urllib3.Timeout(
                connect=self.settings.connect_timeout, read=self.settings.read_timeout
            ),
        )

    def _exchange(self, result: FireResult, started: float) -> None:
        req = self.request
        method, url, body = req.method, req.url, req.body
        headers, _ = headers_for(req, url, False)
        dropped = False
        for hop in range(self.settings.max_redirects + 1):
            response = self._send(method, url, body, headers)
            self._describe(response, result, url, started)
            location = response.headers.get("Location")
            if not (
                self.settings.follow_redirects and response.status in REDIRECT_STATUSES and location
            ):
                self._read(response, result)
                return
            target = urljoin(url, location)
            next_method, next_body = redirected_method(method, body, response.status)
            refused = refusal(req, target, next_body, hop, self.settings.max_redirects)
            if refused is not None:
                self._read(response, result)
                result.error = refused
                return
            dropped = dropped or (next_body is None and body is not None)
            headers, withheld = headers_for(req, target, dropped)
            result.redirects.append(
                Hop(
                    response.status,
                    url,
                    target,
                    tuple(withheld),
                    next_method,
                    next_body is not None,
                    response.reason or "",
                )
            )
            response.close()
            self._progress("redirected")
            method, url, body = next_method, target, next_body

    def _describe(
        self, response: BaseHTTPResponse, result: FireResult, url: str, started: float
    ) -> None:
        """Status, headers and connection facts of an answer (before its body is read)."""
        self._answered = True
        result.ttfb = time.perf_counter() - started
        result.url = url
        result.status = response.status
        result.reason = response.reason or ""
        result.headers = list(response.headers.items())
        result.proxy = mask_proxy(self._proxy)
        info = getattr(response.connection, "peer_info", None)
        if isinstance(info, PeerInfo):
            result.peer, result.tls_version = info.peer, info.tls_version
            result.cert = decode_der(info.cert_der) if info.cert_der else None

    def _read(self, response: BaseHTTPResponse, result: FireResult) -> None:
        sink = BodySink(self.settings.max_body, self.settings.max_download)
        try:
            while True:
                self._guard.check()
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                if not sink.add(chunk):
                    result.error = FireError(
                        "too_large",
                        f"The answer is larger than {sink.limit_text()}; Hooksmith stopped "
                        "reading there.",
                        "The part received is kept and can be saved.",
                    )
                    break
                self._progress("receiving", sink.size)
            self._guard.check()
            result.complete = result.error is None
        finally:
            sink.finish(result)
            response.close()


def fire(request: PreparedRequest, settings: FireSettings | None = None) -> FireResult:
    """Send ``request`` in the calling thread and return the result; never raises."""
    return FireJob(request, settings).run()
