"""The built-in sandbox: a local HTTP server on loopback that answers like each destination.

It lets a new user fire without any account, and it is what the tests fire at. Each
destination's data file names a ``sandbox.handler`` and the accounts it accepts;
requests go to ``http://127.0.0.1:PORT/<destination id><the vendor's path>``.
Validation reuses the destination's own rules, so the sandbox and the preview agree.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.core.destination.catalogue import load_catalogue
from app.core.sandbox import management as management  # registers the Management API
from app.core.sandbox import responders
from app.core.sandbox.routes import HANDLERS, ROUTES, SandboxRequest, SandboxResponse

# Every responder module registers itself: a new destination's responder is one module.
for _found in pkgutil.iter_modules(responders.__path__, f"{responders.__name__}."):
    importlib.import_module(_found.name)


class Sandbox:
    """A running (or not yet running) sandbox server.

    Args:
        accounts: credentials accepted per destination id, replacing the demo
            accounts from the catalogue (tests use their own marker secrets).
        host: loopback address to bind.
    """

    def __init__(
        self,
        accounts: dict[str, list[dict[str, str]]] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._destinations = {d.id: d for d in load_catalogue() if d.sandbox}
        self._accounts = {
            d.id: [dict(a) for a in d.demo_accounts] for d in self._destinations.values()
        }
        self._accounts.update(accounts or {})
        self._host = host
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.received: list[SandboxRequest] = []
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        port = self._server.server_address[1]
        return f"http://{self._host}:{port}"

    def accounts(self, destination_id: str) -> list[dict[str, str]]:
        return list(self._accounts.get(destination_id, []))

    def start(self) -> str:
        """Start serving in a daemon thread; return the base URL."""
        if self._server is None:
            self._server = ThreadingHTTPServer((self._host, self._port), self._make_handler())
            self._server.daemon_threads = True
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="hooksmith-sandbox",
                daemon=True,
            )
            self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        destination = self._destinations.get(request.destination)
        if destination is None and request.destination in ROUTES:
            with self._lock:
                self.received.append(request)
            return ROUTES[request.destination](request, self)
        if destination is None:
            known = ", ".join(sorted(self._destinations))
            return SandboxResponse(404, {"error": f"The sandbox emulates: {known}."})
        with self._lock:
            self.received.append(request)
        assert destination.sandbox is not None
        func = HANDLERS[destination.sandbox.handler]
        return func(request, destination, self._accounts.get(destination.id, []))

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        sandbox = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = "HooksmithSandbox/1"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                dest, _, rest = parts.path.lstrip("/").partition("/")
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = SandboxRequest(
                    dest,
                    self.command,
                    "/" + rest,
                    parse_qs(parts.query),
                    dict(self.headers.items()),
                    body,
                )
                response = sandbox.handle(request)
                payload = b"" if response.body is None else json.dumps(response.body).encode()
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                if payload:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: requests are kept in ``sandbox.received``, never logged with secrets."""

        return _Handler
