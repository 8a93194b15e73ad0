"""The credentials manager: an index of names (never values), kept in step with the store."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest

from app.core.destination import paths
from app.core.destination.catalogue import get_destination
from app.core.destination.profile import Profile, save_profile
from app.core.payload.mapping import new_profile
from app.core.secrets.credentials import (
    CredentialEntry,
    CredentialManager,
    CredentialsIndexError,
    default_index_path,
)
from app.core.secrets.store import SERVICE, KeyringStore, MemoryStore, SecretStoreError
from tests.helpers.keyring_doubles import (
    BrokenReadKeyring,
    DictKeyring,
    LockedKeyring,
    MemoryKeyring,
)

SECRET = "idx-secret-6a9f/+="


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    made = new_profile(get_destination("clevertap"), credentials={"account_id": "ACC-1"})
    made.name = "Send CleverTap Email"
    return made


@pytest.fixture
def manager(memory_keyring: MemoryKeyring) -> CredentialManager:
    return CredentialManager(KeyringStore(memory_keyring))


def _index_text() -> str:
    return default_index_path().read_text(encoding="utf-8")


def test_set_stores_value_and_indexes_names_only(
    manager: CredentialManager, memory_keyring: MemoryKeyring, profile: Profile, tmp_path: Path
) -> None:
    entry = manager.set(profile, "passcode", SECRET, path=tmp_path / "p.hooksmith.json")
    assert memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] == SECRET
    assert entry == manager.entries()[0]
    assert (entry.profile_name, entry.destination, entry.field, entry.label) == (
        "Send CleverTap Email",
        "clevertap",
        "passcode",
        "Passcode",
    )
    assert entry.describe() == 'Passcode of "Send CleverTap Email" (Talon.One → CleverTap)'
    index = default_index_path()
    assert index.parent == paths.data_dir()
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    document = json.loads(_index_text())
    assert document["format"] == "hooksmith-credentials-index"
    assert SECRET not in _index_text()


def test_refuses_non_secret_fields_and_empty_values(
    manager: CredentialManager, memory_keyring: MemoryKeyring, profile: Profile
) -> None:
    with pytest.raises(SecretStoreError, match=r"not a secret field.*passcode"):
        manager.set(profile, "account_id", "ACC-1")
    with pytest.raises(SecretStoreError, match="empty"):
        manager.set(profile, "passcode", "")
    assert memory_keyring.passwords == {} and manager.entries() == []


def test_nothing_is_indexed_when_the_store_fails(profile: Profile) -> None:
    manager = CredentialManager(KeyringStore(LockedKeyring()))
    with pytest.raises(SecretStoreError, match="locked"):
        manager.set(profile, "passcode", SECRET)
    assert manager.entries() == [] and not default_index_path().exists()


def test_reveal_replace_delete(manager: CredentialManager, profile: Profile) -> None:
    entry = manager.set(profile, "passcode", SECRET)
    assert manager.reveal(entry) == SECRET
    manager.replace(entry, "second-value-77")
    assert manager.reveal(entry) == "second-value-77"
    with pytest.raises(SecretStoreError, match="empty"):
        manager.replace(entry, "")
    manager.delete(entry)
    assert manager.reveal(entry) is None and manager.entries() == []


def test_delete_profile_removes_indexed_and_unindexed_secrets(
    manager: CredentialManager, memory_keyring: MemoryKeyring, profile: Profile
) -> None:
    manager.set(profile, "passcode", SECRET)
    other = new_profile(get_destination("clevertap"))
    manager.set(other, "passcode", "keep-this-one")
    deleted = manager.delete_profile(profile.id)
    assert [e.field for e in deleted] == ["passcode"]
    assert memory_keyring.passwords == {(SERVICE, f"{other.id}/passcode"): "keep-this-one"}
    # Stored before the index existed: found through the destination's fields.
    memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] = SECRET
    assert manager.delete_profile(profile.id, "clevertap") == []
    assert (SERVICE, f"{profile.id}/passcode") not in memory_keyring.passwords


def test_sync_profile_follows_renames(
    manager: CredentialManager, profile: Profile, tmp_path: Path
) -> None:
    manager.set(profile, "passcode", SECRET)
    profile.name = "Renamed hook"
    manager.sync_profile(profile, tmp_path / "renamed.hooksmith.json")
    (entry,) = manager.entries()
    assert entry.profile_name == "Renamed hook"
    assert entry.profile_path == str((tmp_path / "renamed.hooksmith.json").resolve())


def test_stale_entries_are_detected_and_can_be_forgotten(
    manager: CredentialManager, memory_keyring: MemoryKeyring, profile: Profile, tmp_path: Path
) -> None:
    path = tmp_path / "hook.hooksmith.json"
    save_profile(profile, path)
    entry = manager.set(profile, "passcode", SECRET, path=path)
    assert manager.status(entry).state == "stored" and manager.stale() == []
    path.unlink()
    (orphaned,) = manager.stale()
    assert orphaned.state == "orphaned" and "profile file is gone" in orphaned.message
    # Saved under the profiles folder after all: no longer orphaned.
    save_profile(profile, paths.profiles_dir() / "hook.hooksmith.json")
    assert manager.stale() == []
    del memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")]
    (missing,) = manager.stale()
    assert missing.state == "missing" and missing.stale
    manager.forget(entry)
    assert manager.entries() == []


def test_unreadable_store_is_reported_not_raised(profile: Profile) -> None:
    writer = CredentialManager(KeyringStore(DictKeyring()))
    entry = writer.set(profile, "passcode", SECRET)
    reader = CredentialManager(KeyringStore(BrokenReadKeyring()))
    status = reader.status(entry)
    assert status.state == "unreadable" and "RuntimeError" in status.message
    assert not status.stale


def test_discover_indexes_secrets_already_stored(
    manager: CredentialManager, memory_keyring: MemoryKeyring, profile: Profile
) -> None:
    memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] = SECRET
    other = new_profile(get_destination("clevertap"))
    (found,) = manager.discover([(profile, None), (other, None)])
    assert found.key == (profile.id, "passcode")
    assert manager.discover([(profile, None)]) == []
    assert [e.key for e in manager.entries()] == [found.key]


def test_session_store_keeps_its_index_in_memory(profile: Profile) -> None:
    manager = CredentialManager(MemoryStore())
    entry = manager.set(profile, "passcode", SECRET)
    assert manager.entries() == [entry] and manager.reveal(entry) == SECRET
    assert not default_index_path().exists()
    assert manager.info().kind == "session"
    assert CredentialManager(manager.store).entries() == [entry]  # the same session index
    assert CredentialManager(MemoryStore()).entries() == []


def test_damaged_index_is_set_aside_with_a_notice(
    manager: CredentialManager, profile: Profile
) -> None:
    index = default_index_path()
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text("{not json", encoding="utf-8")
    assert manager.entries() == []
    assert "moved to credentials.json.damaged-" in manager.notice
    assert len(list(index.parent.glob("credentials.json.damaged-*"))) == 1
    manager.set(profile, "passcode", SECRET)
    assert len(manager.entries()) == 1


def test_damaged_entries_are_skipped(manager: CredentialManager, profile: Profile) -> None:
    manager.set(profile, "passcode", SECRET)
    document = json.loads(_index_text())
    document["entries"] += [{"profile_id": 3}, "junk"]
    default_index_path().write_text(json.dumps(document), encoding="utf-8")
    assert len(manager.entries()) == 1
    assert manager.notice.startswith("2 damaged entries")


def test_newer_index_is_not_overwritten(manager: CredentialManager, profile: Profile) -> None:
    index = default_index_path()
    index.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": "hooksmith-credentials-index", "version": 99, "entries": []})
    index.write_text(text, encoding="utf-8")
    with pytest.raises(CredentialsIndexError, match="newer Hooksmith"):
        manager.set(profile, "passcode", SECRET)
    assert index.read_text(encoding="utf-8") == text


def test_index_write_failure_says_the_secret_is_safe(
    memory_keyring: MemoryKeyring, profile: Profile, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    manager = CredentialManager(KeyringStore(memory_keyring), blocker / "credentials.json")
    with pytest.raises(CredentialsIndexError, match="secrets themselves are unaffected"):
        manager.set(profile, "passcode", SECRET)
    assert memory_keyring.passwords[(SERVICE, f"{profile.id}/passcode")] == SECRET


def test_concurrent_managers_lose_no_entries(memory_keyring: MemoryKeyring) -> None:
    profiles = [new_profile(get_destination("clevertap")) for _ in range(24)]
    managers = [CredentialManager(KeyringStore(memory_keyring)) for _ in range(3)]

    def work(index: int) -> None:
        managers[index % 3].set(profiles[index], "passcode", f"value-{index:03d}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(profiles))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {e.profile_id for e in managers[0].entries()} == {p.id for p in profiles}


def test_entries_never_hold_values() -> None:
    assert "value" not in CredentialEntry.__dataclass_fields__


def test_secrets_of_no_profile_are_listed_too(memory_keyring: MemoryKeyring) -> None:
    """The Talon.One Management API key is stored per host, not per profile."""
    from app.core.support.management import delete_key, read_key, store_key

    store = KeyringStore(memory_keyring)
    store_key(store, "https://acme.talon.one/", " mgmt-key-0042 ")
    manager = CredentialManager(store)
    (entry,) = manager.entries()
    assert entry.describe() == 'Management API key of "Talon.One (acme.talon.one)"'
    assert manager.status(entry).state == "stored" and manager.reveal(entry) == "mgmt-key-0042"
    assert read_key(store, "acme.talon.one") == "mgmt-key-0042"
    assert "mgmt-key-0042" not in _index_text()
    delete_key(store, "acme.talon.one")
    assert manager.entries() == [] and memory_keyring.passwords == {}
    with pytest.raises(SecretStoreError, match="empty"):
        manager.set_entry(entry, "")
