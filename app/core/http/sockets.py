"""Sockets that one call from any thread can stop: from DNS to the last byte.

``urllib3`` resolves and connects in one blocking call that nothing can interrupt. Here
the look-up runs in a helper thread the fire only *waits* for (so Cancel and the connect
timeout end the wait), and each socket is registered with a :class:`SocketGuard`
*before* it connects, so :meth:`SocketGuard.abort` can shut it down mid-connect,
mid-handshake or mid-read and the blocked call returns at once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from typing import Any


class FireAborted(Exception):
    """The fire was stopped on purpose (``reason``: ``cancelled`` or ``deadline``)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"stopped: {reason}")


class ResolveTimeout(TimeoutError):
    """The host name was not resolved within the connect timeout."""


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
