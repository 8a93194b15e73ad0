"""Deleting a saved profile from the first page, and offering to delete its secrets too.

Without the offer, a deleted profile's passcodes would stay in the keyring with nothing
in Hooksmith pointing at them; the credentials manager would list them as orphaned.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.core.destination.profile import Profile, ProfileError, load_profile
from app.core.secrets.store import SecretStoreError
from app.ui.background import Background
from app.ui.session import Session
from app.ui.store_status import may_block

if TYPE_CHECKING:  # loaded when a profile is deleted, not with the first page
    from app.core.secrets.credentials import CredentialManager


def _tr(text: str) -> str:
    return QCoreApplication.translate("profiles", text)


def _secret_labels(profile: Profile, manager: CredentialManager) -> list[str]:
    """What may be stored for the profile: its listed entries, else the secret fields
    its choices use (a custom webhook's bearer token, not every kind it could use)."""
    labels = {e.label for e in manager.entries_for(profile.id)}
    if labels:
        return sorted(labels)
    from app.core.destination.catalogue import CatalogueError, get_destination

    try:
        destination = get_destination(profile.destination)
    except (CatalogueError, KeyError):
        return []
    active = destination.active_credentials(profile.mapping, profile.options)
    return [f.label for f in active if f.secret]


def delete_saved_profile(parent: QWidget, session: Session, path: Path) -> str:
    """Ask, delete the profile file, then (if the user agrees) its secrets.

    Returns:
        A message for the page: empty when all went well or the user changed their mind.
    """
    try:
        profile: Profile | None = load_profile(path)
    except ProfileError:
        profile = None  # unreadable: no id, so no secrets to offer
    name = profile.name if profile is not None else path.name
    if not session.prompter.confirm(
        parent,
        _tr("Delete this profile?"),
        _tr("“{name}” ({file}) is deleted from your profiles. This cannot be undone.").format(
            name=name, file=path.name
        ),
        _tr("Delete profile"),
    ):
        return ""
    from app.core.secrets.credentials import CredentialManager

    store = session.services.store
    manager = CredentialManager(store)
    delete_secrets = False
    if profile is not None:
        try:
            labels = _secret_labels(profile, manager)
        except SecretStoreError:
            labels = []
        delete_secrets = bool(labels) and session.prompter.confirm(
            parent,
            _tr("Delete its secrets too?"),
            _tr(
                "Also delete what Hooksmith stored for “{name}” ({labels}) from {store}? "
                "Choose Cancel to keep them; the credentials manager then lists them as "
                "orphaned."
            ).format(name=name, labels=", ".join(labels), store=store.info().name),
            _tr("Delete secrets"),
        )
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        return _tr("Could not delete {file}: {reason}").format(
            file=path.name, reason=exc.strerror or type(exc).__name__
        )
    if session.saved_path is not None and Path(session.saved_path) == path:
        session.saved_path = None  # saving the open draft again makes a new file
    if profile is None or not delete_secrets:
        return ""
    profile_id, destination = profile.id, profile.destination
    runner = Background(parent)
    try:
        if may_block(store):
            runner.wait(lambda: manager.delete_profile(profile_id, destination))
        else:
            manager.delete_profile(profile_id, destination)
    except SecretStoreError as exc:
        return _tr(
            "The profile was deleted, but its secrets were not: {error} Delete them later "
            "with Saved credentials."
        ).format(error=exc)
    finally:
        runner.deleteLater()
    return ""
