"""The state the wizard's pages share: one core Profile, its destination and the services."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core import paths
from app.core.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.mapping import new_profile
from app.core.profile import Profile, ProfileError, load_profile, save_profile
from app.core.request import PreparedRequest, RequestError, build_request, endpoint_url
from app.core.secrets import Redactor, SecretStoreError
from app.core.services import Services
from app.ui.dialogs import Prompter


class Session(QObject):
    """One wizard run.

    Pages read and write :attr:`profile` directly; the session only swaps it when the
    user picks another integration or opens a file. Drafts are kept per destination,
    so going back and choosing another integration loses nothing typed.

    Signals:
        profileReplaced: a different profile object is now current.
    """

    profileReplaced = Signal()

    def __init__(
        self, services: Services, prompter: Prompter, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prompter = prompter
        self.profile: Profile | None = None
        self.destination: Destination | None = None
        self.saved_path: Path | None = None
        #: (profile id, host) pairs the user agreed to send real events to.
        self.confirmed_hosts: set[tuple[str, str]] = set()
        #: Every secret seen this session, so logs and crash reports can mask them.
        self.redactor = Redactor()
        self._drafts: dict[str, tuple[Profile, Path | None]] = {}

    # -- choosing what to work on ------------------------------------------------

    def choose(self, destination: Destination) -> None:
        """Work on ``destination``: its draft from earlier in this run, or a new profile."""
        if self.profile is not None and self.profile.destination == destination.id:
            return
        self._stash()
        profile, path = self._drafts.get(destination.id) or (new_profile(destination), None)
        self._set(profile, destination, path)

    def open(self, path: Path) -> None:
        """Load a saved profile and make it current.

        Raises:
            ProfileError: the file is unreadable, not a profile, or names an unknown
                destination; the message says what to do.
        """
        profile = load_profile(path)
        try:
            destination = get_destination(profile.destination)
        except KeyError:
            raise ProfileError(
                f"{path.name} is for the integration {profile.destination!r}, which this "
                "version of Hooksmith does not know. Update Hooksmith to open it."
            ) from None
        self._stash()
        self._set(profile, destination, Path(path))

    def adopt(self, profile: Profile) -> None:
        """Make an unsaved profile (an import) current; saving it picks a new file.

        Raises:
            KeyError: the profile names a destination the catalogue does not have.
        """
        destination = get_destination(profile.destination)
        self._stash()
        self._set(profile, destination, None)

    def _stash(self) -> None:
        if self.profile is not None:
            self._drafts[self.profile.destination] = (self.profile, self.saved_path)

    def _set(self, profile: Profile, destination: Destination, path: Path | None) -> None:
        self.profile, self.destination, self.saved_path = profile, destination, path
        self.profileReplaced.emit()

    # -- what pages ask for -------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self.profile is not None and self.profile.region == SANDBOX_REGION

    def sandbox_base(self) -> str | None:
        """The sandbox's address when the profile uses it (starting it on first use)."""
        if not self.is_sandbox:
            return None
        return self.services.sandbox().base_url

    def endpoint(self) -> str:
        """The webhook URL; raises RequestError when no region is chosen yet."""
        assert self.profile is not None and self.destination is not None
        return endpoint_url(self.profile, self.destination, self.sandbox_base())

    def secrets(self) -> dict[str, str]:
        """Stored secrets of the profile, or none when the store cannot be read."""
        assert self.profile is not None and self.destination is not None
        try:
            values = self.services.secrets_for(self.profile, self.destination, required=False)
        except SecretStoreError:
            return {}
        for value in values.values():
            self.redactor.add(value)
        return values

    def prepare(self, *, dry_run: bool = False) -> PreparedRequest:
        """The request a test fire sends, secrets read fresh from the store.

        Raises:
            RequestError: a secret the current choices need is not stored, or the
                request cannot be built yet; the message says what to do.
            SecretStoreError: the store could not be read.
        """
        assert self.profile is not None and self.destination is not None
        profile, destination = self.profile, self.destination
        secrets = self.services.secrets_for(profile, destination, required=False)
        active = destination.active_credentials(profile.mapping, profile.options)
        missing = [f.label for f in active if f.secret and not secrets.get(f.id)]
        if missing:
            raise RequestError(
                self.tr(
                    "No {fields} is stored for this profile. Enter it on the credentials page."
                ).format(fields=self.tr(" or ").join(missing))
            )
        for value in secrets.values():
            self.redactor.add(value)
        return build_request(
            profile, destination, secrets, sandbox_base=self.sandbox_base(), dry_run=dry_run
        )

    def save(self) -> Path:
        """Save the profile (no secrets) and return where; OSError when the disk refuses."""
        assert self.profile is not None
        path = self.saved_path or self._free_path(self.profile)
        save_profile(self.profile, path)
        self.saved_path = path
        return path

    @staticmethod
    def _free_path(profile: Profile) -> Path:
        """A file name from the title that does not overwrite another profile."""
        folder = paths.profiles_dir()
        first = folder / paths.profile_filename(profile.name)
        candidate, n = first, 1
        while candidate.exists():
            try:
                if json.loads(candidate.read_text(encoding="utf-8")).get("id") == profile.id:
                    return candidate
            except (OSError, ValueError, AttributeError):
                pass
            n += 1
            candidate = first.with_name(
                first.name.replace(".hooksmith.json", f"-{n}.hooksmith.json")
            )
        return candidate
