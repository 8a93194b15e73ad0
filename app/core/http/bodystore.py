"""Where a response body goes while it arrives: memory first, a private file when huge.

Decision: the first ``max_body`` bytes (50 MB by default) stay in memory, which holds
any real webhook answer whole. A larger body is written, all of it, to a file under
``paths.cache_dir()/responses`` (0600, random name), so "save the body" still saves
every byte while memory stays bounded. Those files are deleted when the result is
discarded, when the program exits, and (left over from a crash) after a day.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.core.destination import paths
from app.core.http.bodyview import human_size

if TYPE_CHECKING:
    from app.core.http.fire_result import FireResult

_SPILLED: set[Path] = set()
_LOCK = threading.Lock()
STALE_AFTER = 24 * 3600


def spill_dir() -> Path:
    return paths.cache_dir() / "responses"


def _remove_spilled() -> None:
    with _LOCK:
        for path in list(_SPILLED):
            with contextlib.suppress(OSError):
                path.unlink()
        _SPILLED.clear()


atexit.register(_remove_spilled)


def remove_stale(folder: Path, max_age: float = STALE_AFTER) -> None:
    """Delete spilled bodies older than ``max_age`` seconds (left by a crash)."""
    cutoff = time.time() - max_age
    with contextlib.suppress(OSError):
        for item in folder.glob("*.body"):
            with contextlib.suppress(OSError):
                if item.stat().st_mtime < cutoff:
                    item.unlink()


class BodySink:
    """Collects a body: memory up to ``max_body``, the whole of it in a file beyond.

    Args:
        max_body: bytes kept in memory.
        max_download: bytes accepted at most; :meth:`add` returns False past it.
    """

    def __init__(self, max_body: int, max_download: int) -> None:
        self.max_body = max_body
        self.max_download = max_download
        self.size = 0
        self._kept: list[bytes] = []
        self._kept_size = 0
        self._file: BinaryIO | None = None
        self._path: Path | None = None

    def limit_text(self) -> str:
        return human_size(self.max_download)

    def add(self, chunk: bytes) -> bool:
        """Store ``chunk``; False when the download limit cut it (stop reading)."""
        room = self.max_download - self.size
        fits = len(chunk) <= room
        chunk = chunk[: max(room, 0)]
        self.size += len(chunk)
        if self._path is None and self._kept_size + len(chunk) > self.max_body:
            self._spill()
        if self._file is not None:
            try:
                self._file.write(chunk)
            except OSError:
                self._drop_file()
        if self._kept_size < self.max_body:
            piece = chunk[: self.max_body - self._kept_size]
            self._kept.append(piece)
            self._kept_size += len(piece)
        return fits

    def _spill(self) -> None:
        folder = spill_dir()
        self._path = folder / f"{uuid.uuid4().hex}.body"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            remove_stale(folder)
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:
            self._file = None
            return
        with _LOCK:
            _SPILLED.add(self._path)
        self._file = os.fdopen(fd, "wb")
        for piece in self._kept:
            self._file.write(piece)

    def _drop_file(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        self._file = None
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()

    def finish(self, result: FireResult) -> None:
        """Put what was collected into ``result`` (``body``, ``size``, ``truncated``,
        ``body_file``)."""
        result.body = b"".join(self._kept)
        result.size = self.size
        result.truncated = self.size > self._kept_size
        if self._file is not None:
            try:
                self._file.close()
                result.body_file = self._path
            except OSError:
                self._drop_file()
            self._file = None
