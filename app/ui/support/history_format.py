"""A recorded fire as text for the history view (it was masked when it was recorded)."""

from __future__ import annotations

from datetime import datetime

from app.core.support.history import HistoryEntry


def local_time(iso: str) -> str:
    """A recorded UTC time in the computer's time zone, as the user's clock shows it."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


def history_text(entry: HistoryEntry) -> str:
    """One recorded fire as text (it was masked when it was recorded)."""
    lines = [
        f"Fire {entry.id} at {local_time(entry.time)}: {entry.profile_name} ({entry.destination}, "
        f"region {entry.region or '-'}){', validation only' if entry.dry_run else ''}"
    ]
    if entry.replay_of:
        lines.append(f"Replay of {entry.replay_of}")
    lines.append(f"> {entry.method} {entry.url}")
    lines += [f"> {name}: {value}" for name, value in entry.request_headers]
    if entry.request_body:
        lines += ["", entry.request_body, ""]
    lines += [f"  redirected: {hop}" for hop in entry.redirects]
    if entry.status is not None:
        lines.append(
            f"< {entry.status} {entry.reason} ({entry.elapsed_ms} ms, {entry.response_size} bytes)"
        )
        lines += [f"< {name}: {value}" for name, value in entry.response_headers]
        if entry.response_body:
            lines += ["", entry.response_body]
    if entry.error:
        lines.append(f"Failed: {entry.error.get('message', '')} {entry.error.get('hint', '')}")
    if entry.explanation:
        lines += ["", *entry.explanation]
    return "\n".join(lines)
