"""urllib3 glued to a :class:`~app.core.http.sockets.SocketGuard`: connections whose sockets
Cancel can reach, the verifying TLS context, and the proxy choice.

``requests`` is not used for sending: it reads ``~/.netrc``, lets ``REQUESTS_CA_BUNDLE``
replace the trust store and mixes in ``certifi``; a test fire should do exactly what the
settings say.
"""

from __future__ import annotations

import socket
import ssl
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from app.core.http.safety import is_loopback
from app.core.http.settings import FireSettings, mask_proxy, normalize_proxy
from app.core.http.sockets import FireAborted, ResolveTimeout, SocketGuard
from app.core.http.tls import tls_context


@dataclass(frozen=True)
class PeerInfo:
    """Who answered on a connection, noted when it connects (the socket may be gone by
    the time the answer is read)."""

    peer: str = ""
    tls_version: str = ""
    cert_der: bytes | None = None

    @classmethod
    def of(cls, sock: Any) -> PeerInfo:
        try:
            host, port = sock.getpeername()[:2]
            peer = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        except (OSError, AttributeError, ValueError):
            peer = ""
        if not isinstance(sock, ssl.SSLSocket):
            return cls(peer)
        return cls(peer, sock.version() or "", sock.getpeercert(binary_form=True))


def _connect_timeout(value: Any, fallback: float) -> float:
    return float(value) if isinstance(value, int | float) else fallback


def connection_classes(
    guard: SocketGuard, connect_timeout: float
) -> tuple[type[HTTPConnection], type[HTTPSConnection]]:
    """urllib3 connection classes whose sockets ``guard`` controls."""

    def new_conn(conn: HTTPConnection) -> socket.socket:
        timeout = _connect_timeout(conn.timeout, connect_timeout)
        try:
            return guard.create_connection(
                (conn._dns_host, conn.port or 0), timeout, conn.socket_options, conn.source_address
            )
        except socket.gaierror as exc:
            raise NameResolutionError(conn.host, conn, exc) from exc
        except TimeoutError as exc:
            message = f"Connection to {conn.host} timed out. (connect timeout={timeout:g})"
            raise ConnectTimeoutError(conn, message) from exc
        except OSError as exc:
            raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc

    class GuardedHTTPConnection(HTTPConnection):
        peer_info: PeerInfo | None = None

        def _new_conn(self) -> socket.socket:
            return new_conn(self)

        def connect(self) -> None:
            super().connect()
            self.peer_info = PeerInfo.of(self.sock)

    class GuardedHTTPSConnection(GuardedHTTPConnection, HTTPSConnection):
        """The guarded methods above, with HTTPSConnection's TLS (next in the MRO)."""

    return GuardedHTTPConnection, GuardedHTTPSConnection


def choose_proxy(url: str, settings: FireSettings) -> tuple[str, str]:
    """(proxy URL, where it came from) for ``url``; ``("", "")`` for a direct connection.

    Loopback hosts (the sandbox) are always reached directly.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_loopback(host):
        return "", ""
    if settings.proxy:
        return normalize_proxy(settings.proxy), "settings"
    if not settings.use_env_proxy:
        return "", ""
    found = urllib.request.getproxies_environment()
    if urllib.request.proxy_bypass_environment(host, found):  # type: ignore[attr-defined]
        return "", ""
    for key in (parts.scheme, "all"):
        if found.get(key):
            return normalize_proxy(found[key]), f"environment ({key.upper()}_PROXY)"
    return "", ""


def pool_manager(
    guard: SocketGuard, settings: FireSettings, proxy: str = ""
) -> urllib3.PoolManager:
    """A pool manager (or proxy manager) that verifies TLS and whose sockets ``guard`` owns."""
    context = tls_context(settings.ca_bundle)
    http_conn, https_conn = connection_classes(guard, settings.connect_timeout)

    class HttpPool(HTTPConnectionPool):
        ConnectionCls = http_conn

    class HttpsPool(HTTPSConnectionPool):
        ConnectionCls = https_conn

    common: dict[str, Any] = {"ssl_context": context, "cert_reqs": "CERT_REQUIRED", "maxsize": 1}
    manager: urllib3.PoolManager
    if proxy:
        parts = urlsplit(proxy)
        headers = None
        if parts.username is not None:
            auth = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers = urllib3.make_headers(proxy_basic_auth=auth)
        manager = urllib3.ProxyManager(
            parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl(),
            proxy_headers=headers,
            proxy_ssl_context=context,
            **common,
        )
    else:
        manager = urllib3.PoolManager(**common)
    manager.pool_classes_by_scheme = {"http": HttpPool, "https": HttpsPool}
    return manager


__all__ = [
    "FireAborted",
    "ResolveTimeout",
    "SocketGuard",
    "choose_proxy",
    "is_loopback",
    "mask_proxy",
    "pool_manager",
]
