"""Throwaway HTTP(S) servers on loopback that misbehave on purpose, for fire tests.

:class:`FaultServer` answers by path (``/status/503?retry_after=7``, ``/drip``,
``/reset``, ``/hang``, ``/redirect?to=...``...) and records every request it receives,
so a test can prove what reached it (or did not: secret headers after a redirect).
:class:`Blackhole` is a listener whose backlog is full, so connects to it hang: the only
way to get a connect timeout on loopback. Both bind to 127.0.0.0/8 only.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import ssl
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.core.http.request import PreparedRequest
from app.core.secrets.store import Redactor

PASSCODE = "pc-7f3a9d1e-SECRET"
TOKEN = "tok-51c0ffee-SECRET"


def secret_request(
    url: str, method: str = "POST", body: bytes | None = b'{"d": []}'
) -> PreparedRequest:
    """A request with a CleverTap-style secret header and a bearer token, like a profile's."""
    headers = [
        ("X-CleverTap-Account-Id", "ACC-123"),
        ("X-CleverTap-Passcode", PASSCODE),
        ("Authorization", f"Bearer {TOKEN}"),
        ("Content-Type", "application/json; charset=utf-8"),
    ]
    return PreparedRequest(
        method,
        url,
        headers,
        body,
        {"x-clevertap-passcode", "authorization"},
        Redactor([PASSCODE, TOKEN]),
    )


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def do_CONNECT(self) -> None:
        """Act as a proxy's tunnel, to the loopback server registered for the target."""
        self.server.owner.received.append(
            Received("CONNECT", self.path, dict(self.headers.items()), b"")
        )
        target = self.server.owner.tunnels.get(self.path)
        if target is None:
            self._send(502, b"no tunnel for that host", "text/plain")
            return
        with socket.create_connection(target, timeout=5) as upstream:
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            _pipe(self.connection, upstream, self.server.owner.stopping)
        self.close_connection = True

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        self.server.owner.received.append(
            Received(self.command, self.path, dict(self.headers.items()), body)
        )
        alias = self.server.owner.aliases.get(parts.path)
        if alias is not None:  # a vendor path (/1/upload) mapped to a behaviour
            parts = urlsplit(alias)
        if parts.scheme:  # absolute form: we are being used as a plain HTTP proxy
            answer = json.dumps({"proxied": self.path}).encode()
            self._send(200, answer, "application/json")
            return
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        route = parts.path.strip("/").split("/")
        handler = getattr(self, "route_" + route[0].replace("-", "_"), None)
        if handler is None:
            self._send(404, b"no such route", "text/plain")
        else:
            handler(route[1:], query)

    def _head(self, status: int, length: int | None, ctype: str, extra: Any = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _send(self, status: int, body: bytes, ctype: str, extra: Any = ()) -> None:
        self._head(status, len(body), ctype, extra)
        if self.command != "HEAD":
            self.wfile.write(body)

    # Routes: each takes the path segments after the route name and the query.

    def route_status(self, rest: list[str], q: dict[str, str]) -> None:
        status = int(rest[0]) if rest else 200
        extra = [("Retry-After", q["retry_after"])] if "retry_after" in q else []
        if status == 204:
            self._head(204, None, q.get("ctype", "text/plain"), extra)
            return
        body = q.get("body", json.dumps({"status": status})).encode()
        self._send(status, body, q.get("ctype", "application/json"), extra)

    def route_echo(self, rest: list[str], q: dict[str, str]) -> None:
        seen = self.server.owner.received[-1]
        document = {"method": seen.method, "headers": seen.headers, "body": seen.body.decode()}
        self._send(200, json.dumps(document).encode(), "application/json")

    def route_bad_utf8(self, rest: list[str], q: dict[str, str]) -> None:
        self._send(200, b"caf\xe9 \xff\xfe r\xc3\xa9sum\xc3\xa9 ok", "text/plain; charset=utf-8")

    def route_binary(self, rest: list[str], q: dict[str, str]) -> None:
        self._send(200, bytes(range(256)) * 4, "application/octet-stream")

    def route_big(self, rest: list[str], q: dict[str, str]) -> None:
        size = int(q.get("size", 10 * 1024 * 1024))
        self._head(200, size, "text/plain")
        block = (b"0123456789abcdef" * 4096)[: 64 * 1024]
        sent = 0
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def route_drip(self, rest: list[str], q: dict[str, str]) -> None:
        """One byte every ``interval`` seconds (as 1-byte chunks with ``chunked=1``)."""
        size, interval = int(q.get("size", 1000)), float(q.get("interval", 0.05))
        chunked = q.get("chunked") == "1"
        extra = [("Transfer-Encoding", "chunked")] if chunked else []
        self._head(200, None if chunked else size, "text/plain", extra)
        for _ in range(size):
            self.wfile.write(b"1\r\nx\r\n" if chunked else b"x")
            self.wfile.flush()
            if self.server.owner.stopping.wait(interval):
                return
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def route_reset(self, rest: list[str], q: dict[str, str]) -> None:
        sent, declared = int(q.get("sent", 100)), int(q.get("declared", 1000))
        self._head(200, declared, "application/json")
        self.wfile.write(b"{" + b" " * (sent - 1))
        self.wfile.flush()
        linger = struct.pack("ii", 1, 0)  # close with RST instead of FIN
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.connection.close()

    def route_cut(self, rest: list[str], q: dict[str, str]) -> None:
        sent, declared = int(q.get("sent", 100)), int(q.get("declared", 1000))
        self._head(200, declared, "text/plain")
        self.wfile.write(b"y" * sent)
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)

    def route_hang(self, rest: list[str], q: dict[str, str]) -> None:
        """Accept the request, never answer; end when the client goes or the server stops."""
        self.close_connection = True
        self.connection.settimeout(0.05)
        while not self.server.owner.stopping.is_set():
            try:
                if not self.connection.recv(1):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def route_garbage(self, rest: list[str], q: dict[str, str]) -> None:
        self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
        self.close_connection = True

    def route_redirect(self, rest: list[str], q: dict[str, str]) -> None:
        self._send(int(q.get("code", 302)), b"moved", "text/plain", [("Location", q["to"])])


def _pipe(a: socket.socket, b: socket.socket, stopping: threading.Event) -> None:
    """Copy bytes both ways until one side closes (a CONNECT tunnel)."""
    pair = {a: b, b: a}
    while not stopping.is_set():
        ready, _, _ = select.select(list(pair), [], [], 0.05)
        for sock in ready:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            pair[sock].sendall(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultServer
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            request.settimeout(5)
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                request.close()
                return
        try:
            super().finish_request(request, client_address)
        finally:
            if self.tls is not None:
                request.close()


class FaultServer:
    """A misbehaving HTTP (or HTTPS, with ``ssl_context``) server on a loopback address.

    Args:
        host: any 127.x.y.z address (127.0.0.2 works on Linux without set-up).
        ssl_context: a server-side context to serve HTTPS.
    """

    def __init__(self, host: str = "127.0.0.1", ssl_context: ssl.SSLContext | None = None):
        self.host = host
        self.received: list[Received] = []
        #: Paths answered like another path with its query (``/1/upload`` -> ``/hang``).
        self.aliases: dict[str, str] = {}
        #: CONNECT targets ("host:port") and the loopback address the tunnel goes to.
        self.tunnels: dict[str, tuple[str, int]] = {}
        self.stopping = threading.Event()
        self._server = _Server((host, 0), _Handler)
        self._server.owner = self
        self._server.tls = ssl_context
        self.port = self._server.server_address[1]
        self.scheme = "https" if ssl_context else "http"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def clear(self) -> None:
        self.received.clear()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Blackhole:
    """A listener whose accept queue is full and never drained: connects to it hang."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._listener = socket.socket()
        self._listener.bind((host, 0))
        self._listener.listen(0)
        self.host, self.port = host, self._listener.getsockname()[1]
        self._fillers: list[socket.socket] = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect((host, self.port))
            self._fillers.append(filler)
        time.sleep(0.05)  # let the kernel complete the fillers' handshakes

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def close(self) -> None:
        for sock in [*self._fillers, self._listener]:
            sock.close()

    def __enter__(self) -> Blackhole:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Silent:
    """Accepts connections and never reads or writes a byte (until closed)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._listener = socket.socket()
        self._listener.bind((host, 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.host, self.port = host, self._listener.getsockname()[1]
        self._accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted.append(conn)

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://{self.host}:{self.port}/x"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for sock in [*self._accepted, self._listener]:
            sock.close()

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def raw_server(answer: bytes, host: str = "127.0.0.1") -> Iterator[str]:
    """A loopback listener that reads one request and answers ``answer`` byte for byte."""
    listener = socket.socket()
    listener.bind((host, 0))
    listener.listen(4)
    listener.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                data = b""
                with contextlib.suppress(OSError):
                    while b"\r\n\r\n" not in data:
                        piece = conn.recv(65536)
                        if not piece:
                            break
                        data += piece
                    conn.sendall(answer)
                    conn.shutdown(socket.SHUT_WR)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        listener.close()
