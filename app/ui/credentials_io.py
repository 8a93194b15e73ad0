"""What the credentials page and manager ask of the secret store, as plain functions.

They run on a worker thread (:mod:`app.ui.background`), so they touch no widget and
take everything they need as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from app.core.destination import paths
from app.core.destination.profile import Profile, ProfileError, load_profile
from app.core.secrets.credentials import CredentialManager, CredentialsIndexError, EntryStatus
from app.core.secrets.store import SecretStore


def read_secrets(store: SecretStore, profile_id: str, field_ids: Iterable[str]) -> dict[str, str]:
    """The profile's stored secrets (fields with nothing stored are left out)."""
    values = {}
    for field_id in field_ids:
        value = store.get(profile_id, field_id)
        if value:
            values[field_id] = value
    return values


def probe(store: SecretStore, profile_id: str, field_ids: Iterable[str]) -> dict[str, str]:
    """Check the store answers now (the OS may ask to unlock it), then read the secrets.

    Raises:
        KeyringUnavailable: not an OS store, locked, or not answering.
    """
    check = getattr(store, "check", None)
    if callable(check):
        check()
    return read_secrets(store, profile_id, field_ids)


def save_secrets(
    store: SecretStore, profile: Profile, changes: Mapping[str, str], path: Path | None
) -> list[str]:
    """Store (or, for an emptied optional field, delete) each changed secret and keep
    the credentials manager's list in step.

    Returns:
        Notes for the user when a value was stored but the list could not be updated.

    Raises:
        SecretStoreError: the store refused; the values are still only in the fields.
    """
    manager = CredentialManager(store)
    notes = []
    for field_id, value in changes.items():
        try:
            if value:
                manager.set(profile, field_id, value, path=path)
                continue
            store.delete(profile.id, field_id)
            for entry in manager.entries_for(profile.id):
                if entry.field == field_id:
                    manager.forget(entry)
        except CredentialsIndexError as exc:
            notes.append(str(exc))
    return notes


def sync_saved_names(manager: CredentialManager, current: Profile | None = None) -> None:
    """Bring the list's profile names and files up to date with the saved profiles (and
    the wizard's current, maybe renamed, profile), so the list says what the user sees."""
    entries = manager.entries()
    if not entries:
        return
    known = {(e.profile_id, e.profile_name, e.profile_path) for e in entries}
    ids = {e.profile_id for e in entries}
    folder = paths.profiles_dir()
    for path in sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []:
        try:
            profile = load_profile(path)
        except ProfileError:
            continue
        where = str(path.resolve())
        if profile.id in ids and not any(
            k[0] == profile.id and k[1] == profile.name and k[2] == where for k in known
        ):
            manager.sync_profile(profile, path)
    if (
        current is not None
        and current.id in ids
        and not any(k[0] == current.id and k[1] == current.name for k in known)
    ):
        manager.sync_profile(current)


def list_entries(
    manager: CredentialManager, current: Profile | None = None
) -> tuple[list[EntryStatus], str]:
    """Every listed secret with its state (reads each one), and the list's notice."""
    sync_saved_names(manager, current)
    return manager.statuses(), manager.notice


def discover_saved(manager: CredentialManager) -> int:
    """List secrets stored for saved profiles that the list does not have yet."""
    folder = paths.profiles_dir()
    found: list[tuple[Profile, Path | None]] = []
    for path in sorted(folder.glob("*.hooksmith.json")) if folder.is_dir() else []:
        try:
            found.append((load_profile(path), path))
        except ProfileError:
            continue
    return len(manager.discover(found))


def forget_stale(manager: CredentialManager, stale: Iterable[EntryStatus]) -> int:
    """Drop entries whose secret is gone, and delete orphaned secrets (profile gone)."""
    count = 0
    for status in stale:
        if status.state == "orphaned":
            manager.delete(status.entry)
        else:
            manager.forget(status.entry)
        count += 1
    return count
