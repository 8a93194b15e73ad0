"""Replaying one recorded fire, without widgets: the core journey rebuilds the request,
asks its question and records the answer.

:func:`prepare` makes a :class:`~app.core.journey.journey.Journey` for the recorded profile (or
the profile file as it is now) with :func:`~app.core.journey.journey.replay_journey`, which
refuses a recording with masked values, reads the secrets fresh from the store (the
caller runs it off the UI thread) and prepares the fire; :func:`finish` records the
answer as a replay of the entry. The history view fires in between, with the wizard's
:class:`~app.ui.worker.FireRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.core.destination.profile import load_profile
from app.core.http.fire_result import FireResult
from app.core.http.safety import FireGuard
from app.core.journey.journey import Journey, JourneyError, PreparedFire, replay_journey
from app.core.journey.services import Services
from app.core.support.history import History, HistoryEntry


def _tr(text: str) -> str:
    return QCoreApplication.translate("replay", text)


#: The entry cannot be sent as recorded; the message says what to do instead.
ReplayRefused = JourneyError


@dataclass
class Replay:
    """One replay under way: the entry, its journey and the prepared fire."""

    entry: HistoryEntry
    journey: Journey
    prepared: PreparedFire


def prepare(
    entry: HistoryEntry,
    services: Services,
    *,
    use_current: bool,
    guard: FireGuard | None = None,
    history: History | None = None,
    read: Callable[[Callable[[], dict[str, str]]], dict[str, str]] = lambda fn: fn(),
) -> Replay:
    """The fire to send again, secrets read fresh from the store.

    Args:
        read: runs the store read (the history view passes its off-UI-thread runner).

    Raises:
        JourneyError: the recording has masked values, a secret is missing, or the
            request cannot be built; each message says what to do.
        SecretStoreError: the store could not be read.
        ProfileError, HistoryError: the profile file or the recorded profile is unusable.
    """
    path = Path(entry.profile_path) if entry.profile_path else None
    current = load_profile(path) if use_current and path is not None else None
    journey = replay_journey(
        entry, services, profile=current, path=path, guard=guard, history=history
    )
    journey.use_secrets(read(journey.read_secrets))
    prepared = journey.prepare_fire(dry_run=entry.dry_run, replay_of=entry.id)
    return Replay(entry, journey, prepared)


def finish(replay: Replay, result: FireResult) -> tuple[HistoryEntry | None, str, str]:
    """Record the answer as a replay of the entry.

    Returns:
        The new entry (None when the history could not be written), a one-line status
        for the user, and the problem to show ('' when none).
    """
    try:
        outcome = replay.journey.finish_fire(replay.prepared, result)
    finally:
        result.discard()
    recorded = outcome.entry
    if recorded is not None:
        shown = recorded.outcome()
    else:
        shown = result.error.message if result.error else str(result.status)
    status = _tr("Replayed {id}: {outcome}").format(id=replay.entry.id, outcome=shown)
    if outcome.explanation is not None and outcome.explanation.title:
        status += f" — {outcome.explanation.title}"
    return recorded, status, outcome.history_problem
