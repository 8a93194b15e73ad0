"""The credentials manager: what Hooksmith stored, by name, and what can be done with each.

``keyring`` cannot list entries, so Hooksmith keeps an index of what it stored: names
only (profile id, profile name and file, destination, field id and label, when), in
``credentials.json`` in the data folder, written atomically with mode 0600. Values
stay in the store. The GUI's credentials manager and ``hooksmith credentials`` both
work through :class:`CredentialManager`; with a session-only store the index is kept
in memory too, because the secrets it names are forgotten at exit.
"""

from __future__ import annotations

import contextlib
import json
import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.destination import paths
from app.core.destination.catalogue import CatalogueError, CredentialField, get_destination
from app.core.destination.profile import Profile
from app.core.secrets.credentials_index import CredentialsIndexError, IndexFile
from app.core.secrets.store import SecretStore, SecretStoreError, StoreInfo

__all__ = [
    "CredentialEntry",
    "CredentialManager",
    "CredentialsIndexError",
    "EntryStatus",
    "secret_fields",
]


@dataclass(frozen=True)
class CredentialEntry:
    """One stored secret, by name. Never holds the value."""

    profile_id: str
    profile_name: str
    destination: str
    field: str
    label: str
    profile_path: str = ""
    updated: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.profile_id, self.field)

    def describe(self) -> str:
        """``Passcode of "Send CleverTap Email" (Talon.One → CleverTap)``."""
        owner = f'{self.label} of "{self.profile_name or self.profile_id}"'
        try:
            return f"{owner} ({get_destination(self.destination).title})"
        except (CatalogueError, KeyError):
            return owner


@dataclass(frozen=True)
class EntryStatus:
    """An entry and whether it still matches the store and the saved profiles.

    Attributes:
        state: ``stored``; ``missing`` (not in the store any more); ``orphaned`` (its
            profile file is gone, the secret is still stored); ``unreadable`` (the store
            failed; ``message`` says why).
        message: one plain sentence for the manager's status column.
    """

    entry: CredentialEntry
    state: str
    message: str

    @property
    def stale(self) -> bool:
        return self.state in ("missing", "orphaned")


def secret_fields(destination_id: str) -> list[CredentialField]:
    """Every secret credential field of a destination (under any option)."""
    return [f for f in get_destination(destination_id).credentials if f.secret]


def _field(profile: Profile, field_id: str) -> CredentialField:
    fields = secret_fields(profile.destination)
    for candidate in fields:
        if candidate.id == field_id:
            return candidate
    names = ", ".join(f.id for f in fields) or "none"
    raise SecretStoreError(
        f"{field_id!r} is not a secret field of this destination; secret fields: {names}."
    )


_SESSION_INDEXES: weakref.WeakKeyDictionary[object, dict[tuple[str, str], CredentialEntry]] = (
    weakref.WeakKeyDictionary()
)
_SESSION_LOCK = threading.Lock()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _location(path: Path | None) -> str:
    """The profile file as the index records it: resolved, or "" when unknown."""
    return str(Path(path).resolve()) if path else ""


def _entry_for(profile: Profile, field: CredentialField, path: Path | None) -> CredentialEntry:
    return CredentialEntry(
        profile.id, profile.name, profile.destination, field.id, field.label, _location(path)
    )


class CredentialManager:
    """List, set, reveal, replace and delete the secrets Hooksmith stored.

    Every change goes to the store first and to the index only when the store
    succeeded, so the index never names a secret that was not stored.

    Args:
        store: where the values are (``open_store()``'s result).
        index_path: the index file; default ``credentials.json`` in the data folder.
            Ignored for a session-only store, whose index lives in memory (shared by
            every manager of that store object, and gone with it).
    """

    def __init__(self, store: SecretStore, index_path: Path | None = None) -> None:
        self.store = store
        persistent = store.info().persistent
        self._file = IndexFile(index_path or default_index_path()) if persistent else None
        # Session stores: one index per store object, shared by every manager of it.
        self._memory = _SESSION_INDEXES.setdefault(store, {}) if self._file is None else {}
        self._lock = _SESSION_LOCK if self._file is None else threading.Lock()

    @property
    def notice(self) -> str:
        """A message for the user when the index had to be set aside, else empty."""
        return self._file.notice if self._file else ""

    def info(self) -> StoreInfo:
        return self.store.info()

    @contextlib.contextmanager
    def _editing(self) -> Iterator[dict[tuple[str, str], CredentialEntry]]:
        with self._lock:
            if self._file is None:
                yield self._memory
                return
            with self._file.locked():
                entries = {e.key: e for e in map(_entry, self._file.read())}
                yield entries
                self._file.write([asdict(e) for e in entries.values()])

    def entries(self) -> list[CredentialEntry]:
        """Every indexed entry, by profile name then field label."""
        with self._lock:
            if self._file is None:
                found = list(self._memory.values())
            else:
                found = [_entry(raw) for raw in self._file.read()]
        return sorted(found, key=lambda e: (e.profile_name.lower(), e.profile_id, e.label))

    def entries_for(self, profile_id: str) -> list[CredentialEntry]:
        return [e for e in self.entries() if e.profile_id == profile_id]

    def set(
        self, profile: Profile, field_id: str, value: str, *, path: Path | None = None
    ) -> CredentialEntry:
        """Store ``value`` as the profile's ``field_id`` secret and index it.

        Raises:
            SecretStoreError: not a secret field, empty value, or the store failed
                (nothing is indexed then). ``CredentialsIndexError`` (a subclass)
                when the value was stored but the index could not be written.
        """
        return self.set_entry(_entry_for(profile, _field(profile, field_id), path), value)

    def set_entry(self, entry: CredentialEntry, value: str) -> CredentialEntry:
        """Store ``value`` under ``entry``'s (profile id, field) and index it.

        For secrets that belong to no profile, such as a Talon.One Management API key
        (profile id ``talon-management:HOST``): the manager then lists them too.
        """
        if not value:
            raise SecretStoreError(f"The {entry.label} is empty; nothing was stored.")
        self.store.set(entry.profile_id, entry.field, value)
        entry = replace(entry, updated=_now())
        with self._editing() as entries:
            previous = entries.get(entry.key)
            if previous and not entry.profile_path:
                entry = replace(entry, profile_path=previous.profile_path)
            entries[entry.key] = entry
        return entry

    def reveal(self, entry: CredentialEntry) -> str | None:
        """The value, for an explicit "reveal" click; None when it is no longer stored."""
        return self.store.get(entry.profile_id, entry.field)

    def replace(self, entry: CredentialEntry, value: str) -> CredentialEntry:
        """Store a new value for an existing entry."""
        if not value:
            raise SecretStoreError(f"The {entry.label} is empty; nothing was changed.")
        self.store.set(entry.profile_id, entry.field, value)
        updated = replace(entry, updated=_now())
        with self._editing() as entries:
            entries[updated.key] = updated
        return updated

    def delete(self, entry: CredentialEntry) -> None:
        """Delete the secret from the store, then its index entry."""
        self.store.delete(entry.profile_id, entry.field)
        self.forget(entry)

    def forget(self, entry: CredentialEntry) -> None:
        """Drop an entry from the index only (for a stale entry the store no longer has)."""
        with self._editing() as entries:
            entries.pop(entry.key, None)

    def delete_profile(
        self, profile_id: str, destination: str | None = None
    ) -> list[CredentialEntry]:
        """Delete every secret of a profile: those indexed and, when the destination is
        known, every secret field it has (secrets stored before the index existed).

        Returns:
            The indexed entries that were deleted.
        """
        indexed = self.entries_for(profile_id)
        fields = {e.field for e in indexed}
        destination = destination or (indexed[0].destination if indexed else None)
        if destination:
            with contextlib.suppress(CatalogueError, KeyError):
                fields.update(f.id for f in secret_fields(destination))
        for field in sorted(fields):
            self.store.delete(profile_id, field)
        with self._editing() as entries:
            for entry in indexed:
                entries.pop(entry.key, None)
        return indexed

    def sync_profile(self, profile: Profile, path: Path | None = None) -> None:
        """Update the names (and file) of a profile's entries after a rename or save."""
        location = _location(path)
        with self._editing() as entries:
            for key, entry in list(entries.items()):
                if entry.profile_id == profile.id:
                    entries[key] = replace(
                        entry,
                        profile_name=profile.name,
                        profile_path=location or entry.profile_path,
                    )

    def discover(self, profiles: Iterable[tuple[Profile, Path | None]]) -> list[CredentialEntry]:
        """Index secrets already in the store for these profiles (after the index was
        lost, or for secrets set by hand). Reads each secret field once."""
        found = []
        known = {e.key for e in self.entries()}
        for profile, path in profiles:
            with contextlib.suppress(CatalogueError, KeyError):
                for field in secret_fields(profile.destination):
                    if (profile.id, field.id) in known:
                        continue
                    if self.store.get(profile.id, field.id):
                        found.append(replace(_entry_for(profile, field, path), updated=_now()))
        if found:
            with self._editing() as entries:
                entries.update({e.key: e for e in found})
        return found

    def status(self, entry: CredentialEntry) -> EntryStatus:
        """Whether the entry's secret is still stored and its profile still exists."""
        try:
            present = self.store.get(entry.profile_id, entry.field) is not None
        except SecretStoreError as exc:
            return EntryStatus(entry, "unreadable", str(exc))
        if not present:
            return EntryStatus(
                entry, "missing", "Not in the store any more (deleted outside Hooksmith?)."
            )
        if _profile_gone(entry):
            return EntryStatus(
                entry,
                "orphaned",
                "Its profile file is gone; the secret is still stored. Delete it if unused.",
            )
        return EntryStatus(entry, "stored", "Stored.")

    def statuses(self) -> list[EntryStatus]:
        return [self.status(e) for e in self.entries()]

    def stale(self) -> list[EntryStatus]:
        """Entries whose secret is gone from the store, or whose profile file is gone."""
        return [s for s in self.statuses() if s.stale]


def default_index_path() -> Path:
    return paths.data_dir() / "credentials.json"


def _entry(raw: dict[str, Any]) -> CredentialEntry:
    return CredentialEntry(**raw)


def _profile_gone(entry: CredentialEntry) -> bool:
    """True when the profile's last known file is gone (or holds another profile) and no
    saved profile has its id. Without a known file there is no telling: False."""
    if not entry.profile_path or _holds(Path(entry.profile_path), entry.profile_id):
        return False
    folder = paths.profiles_dir()
    saved = sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []
    return not any(_holds(path, entry.profile_id) for path in saved)


def _holds(path: Path, profile_id: str) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("id") == profile_id
