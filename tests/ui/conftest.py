"""UI tests run with the PySide6 reference-count guard on (see app/ui/compat.py), as the
application does: without it, a long run of Qt calls on Python 3.11 with PySide6 6.12
ends in a fatal ``none_dealloc`` at exit."""

from __future__ import annotations

import pytest

from app.ui.compat import guard_refcounts


@pytest.fixture(autouse=True, scope="session")
def _pyside_refcount_guard() -> None:
    guard_refcounts()
