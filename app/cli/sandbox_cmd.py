"""``hooksmith sandbox``: run the local sandbox in the foreground."""

from __future__ import annotations

import argparse
import threading
from typing import Any

from app.core.destination.catalogue import load_catalogue
from app.core.sandbox import management
from app.core.sandbox.server import Sandbox


def register(sub: Any) -> None:
    p = sub.add_parser("sandbox", help="run the local sandbox that answers like each destination")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free)")
    p.set_defaults(func=cmd_sandbox)


def cmd_sandbox(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    sandbox = Sandbox(port=args.port)
    base = sandbox.start()
    print(f"Hooksmith sandbox listening on {base} (Ctrl+C stops it)")
    for destination in load_catalogue():
        if not destination.sandbox:
            continue
        demo = (sandbox.accounts(destination.id) or [{}])[0]
        url = destination.fill_url(f"{base}/{destination.id}", demo)
        print(f"  {destination.title}: {url}")
        for account in sandbox.accounts(destination.id):
            shown = ", ".join(f"{k}={v}" for k, v in account.items())
            print(f"    demo credentials: {shown}")
    print(f"  Talon.One Management API (webhooks, delivery logs): {management.address(sandbox)}")
    print(f"    demo key: {', '.join(management.demo_keys(sandbox))}")
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    return 0
