"""The sockets under a fire: cancellable from another thread, from DNS to the last byte.

``urllib3`` resolves and connects in one blocking call that nothing can interrupt. Here
the look-up runs in a helper thread the fire only *waits* for (so Cancel and the connect
timeout end the wait), and each socket is registered with a :class:`SocketGuard`
*before* it connects, so :meth:`SocketGuard.abort` can shut it down mid-connect,
mid-handshake or mid-read and the blocked call returns at once.

``requests`` is not used for sending: it reads ``~/.netrc``, lets ``REQUESTS_CA_BUNDLE``
replace the trust store and mixes in ``certifi``; a test fire should do exactly what the
settings say.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from app.core.settings import FireSettings, mask_proxy, normalize_proxy
from app.core.tls import tls_context


class FireAborted(Exception):
    """The fire was stopped on purpose (``reason``: ``cancelled`` or ``deadline``)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"stopped: {reason}")


class ResolveTimeout(TimeoutError):
    """The host name was not resolved within the connect timeout."""


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


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        return False
    return True


class SocketGuard:
    """Every socket of one fire, so one call from any thread can stop them all.

    The guard keeps a *duplicate* of each socket's descriptor: wrapping a socket in TLS
    detaches its descriptor from the original object, so only a duplicate still reaches
    the connection during the handshake and every read after it. ``shutdown`` on the
    duplicate stops the shared connection; :meth:`close` releases the duplicates when
    the fire is over (until then a closed connection stays open underneath).
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._closed = False
        self.reason = ""

    @property
    def aborted(self) -> bool:
        return self._stop.is_set()

    def abort(self, reason: str) -> None:
        """Shut every socket down; blocked connects, handshakes and reads return now."""
        with self._lock:
            if not self._stop.is_set():
                self.reason = reason
                self._stop.set()
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def check(self) -> None:
        """Raise :class:`FireAborted` when the fire was stopped."""
        if self._stop.is_set():
            raise FireAborted(self.reason)

    def track(self, sock: socket.socket) -> None:
        """Let :meth:`abort` reach ``sock`` (call before it connects)."""
        dup = sock.dup()
        with self._lock:
            if self._closed:
                dup.close()
                return
            self._sockets.append(dup)
            stopped = self._stop.is_set()
        if stopped:
            with contextlib.suppress(OSError):
                dup.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Release the duplicates (the fire is over; later aborts do nothing)."""
        with self._lock:
            self._closed = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def resolve(self, host: str, port: int, timeout: float) -> list[Any]:
        """``getaddrinfo`` that Cancel and ``timeout`` can interrupt (the look-up thread
        is left to finish on its own: the C call itself cannot be stopped)."""
        self.check()
        if _is_address(host):  # an address needs no look-up
            return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
        box: dict[str, Any] = {}
        done = threading.Event()

        def lookup() -> None:
            try:
                box["result"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
            except BaseException as exc:
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=lookup, name="hooksmith-dns", daemon=True).start()
        deadline = time.monotonic() + timeout
        while not done.wait(0.02):
            self.check()
            if time.monotonic() >= deadline:
                raise ResolveTimeout(f"looking up {host} took longer than {timeout:g} s")
        if "error" in box:
            raise box["error"]
        result: list[Any] = box["result"]
        return result

    def create_connection(
        self,
        address: tuple[str, int],
        timeout: float,
        socket_options: Any = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        """Like ``socket.create_connection``, with every socket tracked before it connects."""
        host, port = address
        deadline = time.monotonic() + timeout
        infos = self.resolve(host.strip("[]"), port, timeout)
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"connecting to {host} took longer than {timeout:g} s")
            sock = socket.socket(family, kind, proto)
            self.track(sock)
            try:
                for option in socket_options or ():
                    sock.setsockopt(*option)
                if source_address:
                    sock.bind(source_address)
                sock.settimeout(remaining)
                sock.connect(sockaddr)
                self.check()
                return sock
            except BaseException as exc:
                sock.close()
                self.check()
                if not isinstance(exc, OSError):
                    raise
                error = exc
        raise error or OSError(f"no address found for {host}")


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

    class GuardedHTTPSConnection(HTTPSConnection):
        peer_info: PeerInfo | None = None

        def _new_conn(self) -> socket.socket:
            return new_conn(self)

        def connect(self) -> None:
            super().connect()
            self.peer_info = PeerInfo.of(self.sock)

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
