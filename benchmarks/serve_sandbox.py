"""Run Hooksmith's sandbox in a process of its own for the firing benchmark.

A separate process keeps the server's work off the client's interpreter (and its
GIL), so Hooksmith and ``curl`` meet the same server under the same conditions. It
prints the base URL on one line and serves until its standard input closes.

``--keep-alive`` makes the server speak HTTP/1.1 and keep connections open. The
sandbox as shipped speaks HTTP/1.0 and closes every connection after its answer, so
no client can reuse one; the keep-alive server shows what reuse would be worth (the
real vendors' endpoints keep connections open).
"""

from __future__ import annotations

import argparse
import http.server
import socketserver
import sys

from app.core.sandbox.server import Sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep-alive", action="store_true", help="answer with HTTP/1.1")
    args = parser.parse_args(argv)
    if args.keep_alive:
        # The sandbox's handler inherits both; it always sends Content-Length, which is
        # all HTTP/1.1 keep-alive needs. Only this benchmark process is affected.
        http.server.BaseHTTPRequestHandler.protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes: without TCP_NODELAY, Nagle's algorithm
        # and the client's delayed ACK stall every answer on a kept-alive connection by
        # about 40 ms.
        socketserver.StreamRequestHandler.disable_nagle_algorithm = True
    with Sandbox() as sandbox:
        print(sandbox.base_url, flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
