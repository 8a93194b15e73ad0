"""The file behind the credentials manager's list: names only, atomic, 0600, locked.

Two Hooksmith processes (the wizard and a CLI in a terminal) may change the list at
the same time, so each change reads, edits and writes under an exclusive lock on a
sibling ``.lock`` file (POSIX; elsewhere the atomic replace alone keeps it whole).
A damaged file is set aside, never overwritten silently, and the user is told.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.destination.profile import atomic_write
from app.core.secrets.store import SecretStoreError

FORMAT = "hooksmith-credentials-index"
VERSION = 1
REQUIRED = ("profile_id", "destination", "field")
OPTIONAL = ("profile_name", "label", "profile_path", "updated")


class CredentialsIndexError(SecretStoreError):
    """The list of stored credentials could not be read or written (secrets unaffected)."""


class IndexFile:
    """``credentials.json``: ``{"format", "version", "entries": [{...names...}]}``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.notice = ""

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold an exclusive lock for a read-modify-write of the file."""
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; atomic replace still holds
            yield
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(
                self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600
            )
        except OSError as exc:
            raise CredentialsIndexError(_write_failed(self.path, exc)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def read(self) -> list[dict[str, str]]:
        """The entries; ``[]`` when there is no file yet or it had to be set aside."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError) as exc:
            raise CredentialsIndexError(
                f"Cannot read the list of stored credentials at {self.path} "
                f"({_why(exc)}). Your secrets are unaffected; check the file's permissions."
            ) from None
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self._set_aside("is not valid")
            return []
        if _int(data.get("version")) > VERSION:
            raise CredentialsIndexError(
                f"The list of stored credentials at {self.path} was written by a newer "
                "Hooksmith. Update Hooksmith to manage your stored credentials."
            )
        entries = data.get("entries")
        if not isinstance(entries, list):
            self._set_aside("has no list of entries")
            return []
        good = [e for e in (_clean(raw) for raw in entries) if e is not None]
        if len(good) < len(entries):
            self.notice = (
                f"{len(entries) - len(good)} damaged entries in the list of stored credentials "
                "were skipped. Your secrets are unaffected."
            )
        return good

    def write(self, entries: list[dict[str, Any]]) -> None:
        document = {"format": FORMAT, "version": VERSION, "entries": entries}
        try:
            atomic_write(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise CredentialsIndexError(_write_failed(self.path, exc)) from None

    def _set_aside(self, problem: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            raise CredentialsIndexError(
                f"The list of stored credentials at {self.path} {problem}, and could not be "
                f"moved aside ({_why(exc)}). Move or delete it, then try again."
            ) from None
        self.notice = (
            f"The list of stored credentials {problem}; it was moved to {aside.name} and a new "
            "one was started. Your secrets are still in the keyring: use "
            "'Find stored secrets' (hooksmith credentials list --discover) to list them again."
        )


def _clean(raw: Any) -> dict[str, str] | None:
    if not isinstance(raw, dict):
        return None
    if not all(isinstance(raw.get(k), str) and raw[k] for k in REQUIRED):
        return None
    entry = {k: raw[k] for k in REQUIRED}
    entry.update({k: raw[k] if isinstance(raw.get(k), str) else "" for k in OPTIONAL})
    return entry


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _write_failed(path: Path, exc: OSError) -> str:
    return (
        f"Hooksmith could not update its list of stored credentials at {path} "
        f"({_why(exc)}). The secrets themselves are unaffected; free some space or "
        "fix the folder's permissions, then try again."
    )


def _why(exc: OSError | UnicodeDecodeError) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
