"""What the responders share: a timestamp, a generated code, the rule check, the paths."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.payload import rules

_ids = itertools.count(1001)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def code(seed: str, prefix: str) -> str:
    digest = hashlib.sha256(f"{seed}:{next(_ids)}".encode()).hexdigest().upper()
    return f"{prefix}-{digest[:4]}-{digest[4:8]}"


def errors(document: Any, schema: dict[str, Any]) -> list[rules.Violation]:
    return [v for v in rules.check(schema, document) if v.severity == "error"]


def paths(destination: Destination) -> tuple[str, ...]:
    """The paths the destination's sandbox answers (``sandbox.paths``)."""
    return destination.sandbox.paths if destination.sandbox else ()


def next_id() -> int:
    """A new ID for something the sandbox creates (a referral, a coupon)."""
    return next(_ids)
