"""Replaying one recorded fire, without widgets: rebuild the request, then record the answer.

:func:`prepare` rebuilds the request with :func:`app.core.history.prepare_replay` from
the recorded profile (or the profile file as it is now), reading the secrets fresh from
the store; :func:`finish` records the answer as a replay of the entry. The history view
fires in between, with the wizard's :class:`~app.ui.worker.FireRunner`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.core.catalogue import Destination, get_destination
from app.core.fire_result import FireResult
from app.core.history import History, HistoryEntry, HistoryError, prepare_replay, record_fire
from app.core.interpret import explain
from app.core.profile import Profile, load_profile
from app.core.request import PreparedRequest
from app.core.secrets import MASK
from app.core.services import Services


def _tr(text: str) -> str:
    return QCoreApplication.translate("replay", text)


class ReplayRefused(Exception):
    """The entry cannot be sent as recorded; the message says what to do instead."""


@dataclass
class Replay:
    """One replay under way: the entry, the profile used and the rebuilt request."""

    entry: HistoryEntry
    profile: Profile
    destination: Destination
    request: PreparedRequest


def masked_text(entry: HistoryEntry) -> str:
    """Why a recorded profile with masked values cannot be replayed, and what to do."""
    text = _tr(
        "This fire was recorded with some of its settings masked (••••••), because they "
        "matched a secret, so it cannot be sent again as recorded."
    )
    if entry.profile_path:
        hint = _tr("Tick “with the profile file as it is now” to replay it with the saved profile.")
    else:
        hint = _tr("Fire it again from the wizard instead.")
    return f"{text} {hint}"


def prepare(entry: HistoryEntry, services: Services, *, use_current: bool) -> Replay:
    """The request to send again, secrets read fresh from the store.

    Raises:
        ReplayRefused: the recorded profile has masked values (a masked Account ID
            would be sent as "••••••").
        ProfileError, HistoryError, RequestError, SecretStoreError: from the core; each
            message says what to do.
    """
    if not use_current and MASK in json.dumps(entry.profile, ensure_ascii=False):
        raise ReplayRefused(masked_text(entry))
    current = load_profile(Path(entry.profile_path)) if use_current else None
    profile, request = prepare_replay(entry, services, profile=current)
    return Replay(entry, profile, get_destination(profile.destination), request)


def finish(
    replay: Replay, result: FireResult, history: History
) -> tuple[HistoryEntry | None, str, str]:
    """Record the answer as a replay of the entry.

    Returns:
        The new entry (None when the history could not be written), a one-line status
        for the user, and the problem to show ('' when none).
    """
    entry, destination = replay.entry, replay.destination
    explanation = None
    if result.status is not None and result.error is None:
        explanation = explain(destination, result.status, result.header_map, result.body)
    problem = ""
    try:
        recorded: HistoryEntry | None = record_fire(
            result,
            replay.profile,
            destination=destination,
            explanation=explanation,
            dry_run=entry.dry_run,
            profile_path=entry.profile_path,
            replay_of=entry.id,
            history=history,
        )
    except HistoryError as exc:
        recorded, problem = None, str(exc)
    finally:
        result.discard()
    if recorded is not None:
        outcome = recorded.outcome()
    else:
        outcome = result.error.message if result.error else str(result.status)
    status = _tr("Replayed {id}: {outcome}").format(id=entry.id, outcome=outcome)
    if explanation is not None and explanation.title:
        status += f" — {explanation.title}"
    return recorded, status, problem
