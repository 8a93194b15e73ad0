"""Small helpers for the words users read."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str = "") -> str:
    """``1 thing``, ``3 things`` (``plural`` when adding an "s" is wrong)."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
