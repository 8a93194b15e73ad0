"""The state the wizard's pages share: the current :class:`~app.core.journey.journey.Journey`.

Pages render the journey; they do not decide. The session swaps journeys when the user
picks another integration or opens a file (keeping a draft per integration, so going
back and choosing another loses nothing typed), reads the journey's secrets and its
recorded fires off the UI thread, and saves it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.destination import paths
from app.core.destination.profile import SANDBOX_REGION, Profile, ProfileError, load_profile
from app.core.journey.services import Services
from app.core.secrets.store import Redactor, SecretStoreError
from app.ui.background import Background
from app.ui.dialogs import Prompter

if TYPE_CHECKING:  # the journey and what it needs load with the first journey, not at start-up
    from app.core.destination.catalogue import Destination
    from app.core.http.safety import FireGuard
    from app.core.journey.journey import FireFacts, Journey

Failure = SecretStoreError | None


class Session(QObject):
    """One wizard run.

    Signals:
        aboutToReplace: a journey is about to become current (the wizard builds the
            pages it has not built yet, so every page sees every journey).
        profileReplaced: another journey (profile) is now current.
        secretsChanged: the current journey's secrets snapshot or fires were (re)read.
        profileSaved(str): the current profile was saved to this path.
    """

    aboutToReplace = Signal()
    profileReplaced = Signal()
    secretsChanged = Signal()
    profileSaved = Signal(str)

    def __init__(
        self, services: Services, prompter: Prompter, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prompter = prompter
        self.journey: Journey | None = None
        self._guard: FireGuard | None = None
        #: Every secret seen this session, so logs and crash reports can mask them.
        self.redactor = Redactor()
        #: Keyring calls, one at a time, off the UI thread (pages share it).
        self.background = Background(self)
        self._drafts: dict[str, Journey] = {}
        #: The newest read under way: an older one that finishes later is ignored.
        self._reading: object | None = None

    @property
    def guard(self) -> FireGuard:
        """The user's "yes, send real events there", shared by every journey and replay
        (made with the first journey: the first page needs no fire code)."""
        if self._guard is None:
            from app.core.http.safety import FireGuard

            self._guard = FireGuard()
        return self._guard

    # -- the current journey --------------------------------------------------------

    @property
    def profile(self) -> Profile | None:
        return self.journey.profile if self.journey is not None else None

    @property
    def destination(self) -> Destination | None:
        return self.journey.destination if self.journey is not None else None

    @property
    def saved_path(self) -> Path | None:
        return self.journey.path if self.journey is not None else None

    @saved_path.setter
    def saved_path(self, path: Path | None) -> None:
        if self.journey is not None:
            self.journey.path = path

    # -- choosing what to work on ------------------------------------------------

    def choose(self, destination: Destination) -> None:
        """Work on ``destination``: its draft from earlier in this run, or a new profile."""
        if self.profile is not None and self.profile.destination == destination.id:
            return
        self._stash()
        journey = self._drafts.get(destination.id)
        if journey is None:
            from app.core.payload.mapping import new_profile

            journey = self._journey(new_profile(destination), destination)
        self._set(journey)

    def open(self, path: Path) -> None:
        """Load a saved profile and make it current.

        Raises:
            ProfileError: the file is unreadable, not a profile, or names an unknown
                destination; the message says what to do.
        """
        from app.core.destination.catalogue import get_destination

        profile = load_profile(path)
        try:
            destination = get_destination(profile.destination)
        except KeyError:
            raise ProfileError(
                f"{path.name} is for the integration {profile.destination!r}, which this "
                "version of Hooksmith does not know. Update Hooksmith to open it."
            ) from None
        self._stash()
        self._set(self._journey(profile, destination, Path(path)))

    def adopt(self, profile: Profile) -> None:
        """Make an unsaved profile (an import) current; saving it picks a new file.

        Raises:
            KeyError: the profile names a destination the catalogue does not have.
        """
        from app.core.destination.catalogue import get_destination

        destination = get_destination(profile.destination)
        self._stash()
        self._set(self._journey(profile, destination))

    def _journey(
        self, profile: Profile, destination: Destination, path: Path | None = None
    ) -> Journey:
        from app.core.journey.journey import Journey

        return Journey(profile, self.services, destination=destination, path=path, guard=self.guard)

    def _stash(self) -> None:
        if self.journey is not None:
            self._drafts[self.journey.profile.destination] = self.journey

    def _set(self, journey: Journey) -> None:
        self.aboutToReplace.emit()
        self.journey = journey
        self.profileReplaced.emit()
        self.load()

    def load(self) -> None:
        """Read the journey's secrets and recorded fires off the UI thread."""
        journey = self.journey
        if journey is None:
            return

        token = self._reading = object()

        def read() -> tuple[dict[str, str], FireFacts]:
            return journey.read_secrets(), journey.read_history()

        def done(result: tuple[dict[str, str], FireFacts] | None, error: Failure) -> None:
            if result is not None:
                journey.use_history(result[1])
            if token is not self._reading:
                return  # a newer read, or values the user just stored, came since
            self._reading = None
            if error is not None or result is None:
                journey.use_secrets(None, str(error or ""))
                if journey is self.journey:
                    self.secretsChanged.emit()
                return
            self._use(journey, result[0])

        self.background.start(read, done)

    def read_secrets_now(self) -> None:
        """Read the current journey's secrets fresh before acting on them (a fire, a copy).

        The keyring may wait for its unlock prompt, so the read runs off the UI thread
        while the window stays alive; a failing store is remembered by the journey.
        """
        journey = self.journey
        if journey is None:
            return
        self._reading = None
        try:
            values = self.background.wait(journey.read_secrets)
        except SecretStoreError as exc:
            journey.use_secrets(None, str(exc))
            if journey is self.journey:
                self.secretsChanged.emit()
            return
        self._use(journey, values)

    def use_secrets(self, values: dict[str, str]) -> None:
        """The credentials page read or stored these: the current journey's snapshot."""
        self._reading = None
        if self.journey is not None:
            self._use(self.journey, values)

    def _use(self, journey: Journey, values: dict[str, str]) -> None:
        for value in values.values():
            self.redactor.add(value)
        journey.use_secrets(values)
        if journey is self.journey:
            self.secretsChanged.emit()

    # -- what pages ask for -------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self.profile is not None and self.profile.region == SANDBOX_REGION

    def endpoint(self) -> str:
        """The webhook URL; raises RequestError when no region is chosen yet."""
        assert self.journey is not None
        from app.core.http.request import endpoint_url

        return endpoint_url(self.journey.profile, self.journey.destination, self.sandbox_base())

    def sandbox_base(self) -> str | None:
        """The sandbox's address when the profile uses it (starting it on first use)."""
        return self.journey.sandbox_base() if self.journey is not None else None

    def save(self) -> Path:
        """Save the profile (no secrets) and return where; OSError when the disk refuses."""
        assert self.journey is not None
        path = self.journey.path or self._free_path(self.journey.profile)
        self.journey.save(path)
        self.profileSaved.emit(str(path))
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
