"""The fire history: every test fire, kept locally, secrets masked, to browse and replay.

Each fire is one JSON file under ``<data dir>/history`` named by its time, written
atomically with mode 0600. What is stored has been through the request's
:class:`~app.core.secrets.store.Redactor` (every form of every secret) and the masking of
secret headers, so no secret can be read back from history; a replay therefore
rebuilds the request from the recorded profile and reads the secrets fresh from the
store. The history is capped in entries, in total size and per body.

Size: the store, its search and the replay's preparation change together (an entry's
fields), so they stay in one module.
"""

from __future__ import annotations

import json
import secrets as _random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.destination import paths
from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile, ProfileError, atomic_write
from app.core.http.fire_result import FireResult
from app.core.http.interpret import Explanation, explain
from app.core.secrets.logsafe import KNOWN, redact_known
from app.core.secrets.store import MASK, Redactor
from app.core.support.detect import is_secret_header

MAX_ENTRIES = 200
MAX_TOTAL_BYTES = 20 * 1024 * 1024
#: Characters kept of each request and response body.
MAX_BODY_CHARS = 64 * 1024
_SUFFIX = ".json"


class HistoryError(Exception):
    """The history could not be read or written; the message says what to do."""


@dataclass
class HistoryEntry:
    """One recorded fire, with every secret already masked."""

    id: str
    time: str
    profile_id: str
    profile_name: str
    destination: str
    region: str
    method: str
    url: str
    request_headers: list[list[str]] = field(default_factory=list)
    request_body: str = ""
    request_truncated: bool = False
    status: int | None = None
    reason: str = ""
    response_headers: list[list[str]] = field(default_factory=list)
    response_body: str = ""
    response_size: int = 0
    response_truncated: bool = False
    elapsed_ms: int = 0
    error: dict[str, str] | None = None
    verdict: str = ""
    title: str = ""
    explanation: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    dry_run: bool = False
    profile_path: str = ""
    replay_of: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    #: The configuration fired (:func:`app.core.journey.journey.fingerprint`; no secret in it).
    fingerprint: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HistoryEntry:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def outcome(self) -> str:
        """``200 ok``, ``401 error`` or ``failed: dns``."""
        if self.status is None:
            return f"failed: {(self.error or {}).get('kind', 'no answer')}"
        return f"{self.status} {self.verdict}".strip()

    def summary(self) -> str:
        """One line for lists."""
        when = self.time.replace("T", " ")[:19]
        return f"{self.id}  {when}  {self.outcome():<14} {self.profile_name}  {self.url}"

    def matches(self, query: str) -> bool:
        """Every word of ``query`` occurs in the entry (case-insensitive)."""
        text = json.dumps(asdict(self), ensure_ascii=False).lower()
        return all(word in text for word in query.lower().split())


def _clean_body(text: str, clean: Callable[[str], str], redactor: Redactor) -> str:
    """A response body with its secrets masked, also those a server hid behind JSON escapes.

    ``clean`` masks the forms a secret is known in; a JSON body may still spell one as
    ``\\/`` or ``\\u0041`` escapes. Such a body is stored re-encoded, with the decoded
    secret masked (and pretty-printed); every other body is stored as it came.
    """
    cleaned = clean(text)
    try:
        document = json.loads(cleaned)
    except ValueError:
        return cleaned
    masked = KNOWN.redact_value(redactor.redact_value(document))
    if masked == document:
        return cleaned
    return clean(json.dumps(masked, indent=2, ensure_ascii=False))


def _truncate(text: str, limit: int) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return text[:limit] + f"\n… [cut: {len(text) - limit:,} more characters]", True


def _mask_headers(headers: list[tuple[str, str]], redactor: Redactor) -> list[list[str]]:
    out = []
    for name, value in headers:
        secret = is_secret_header(name) or name.lower() == "set-cookie"
        out.append([name, MASK if secret and value else redact_known(redactor.redact(value))])
    return out


class History:
    """The fire history in one folder.

    Args:
        root: the folder (default ``<data dir>/history``; ``HOOKSMITH_HOME`` moves it).
        max_entries: entries kept; the oldest go first.
        max_bytes: total size kept on disk.
        max_body: characters kept of each body.
    """

    def __init__(
        self,
        root: Path | None = None,
        *,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_TOTAL_BYTES,
        max_body: int = MAX_BODY_CHARS,
    ) -> None:
        self.root = Path(root) if root is not None else paths.data_dir() / "history"
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body = max_body

    def record(
        self,
        result: FireResult,
        profile: Profile,
        *,
        destination: Destination | None = None,
        explanation: Explanation | None = None,
        dry_run: bool = False,
        profile_path: str | Path = "",
        replay_of: str = "",
        fingerprint: str = "",
    ) -> HistoryEntry:
        """Store one fire; returns the entry. Raises HistoryError when it cannot be written."""
        request = result.request
        redactor = request.redactor

        def clean(text: str) -> str:
            return redact_known(redactor.redact(text))

        if explanation is None and result.status is not None:
            explanation = explain(destination, result.status, result.header_map, result.body)
        request_body, request_cut = _truncate(clean(request.shown_body()), self.max_body)
        response_body, response_cut = _truncate(
            _clean_body(result.body.decode("utf-8", "replace"), clean, redactor), self.max_body
        )
        now = datetime.now(UTC)
        entry = HistoryEntry(
            id=f"{now:%Y%m%dT%H%M%S%f}-{_random.token_hex(2)}",
            time=now.isoformat(timespec="seconds"),
            profile_id=profile.id,
            profile_name=profile.name,
            destination=profile.destination,
            region=profile.region,
            method=request.method,
            url=clean(result.url or request.url),
            request_headers=[[n, clean(v)] for n, v in request.shown_headers()],
            request_body=request_body,
            request_truncated=request_cut,
            status=result.status,
            reason=result.reason,
            response_headers=_mask_headers(result.headers, redactor),
            response_body=response_body,
            response_size=result.size,
            response_truncated=response_cut or result.truncated,
            elapsed_ms=round(result.elapsed * 1000),
            error=(
                {
                    "kind": result.error.kind,
                    "message": clean(result.error.message),
                    "hint": clean(result.error.hint),
                    "detail": clean(result.error.detail),
                }
                if result.error
                else None
            ),
            verdict=explanation.verdict if explanation else "",
            title=clean(explanation.title) if explanation else "",
            explanation=[clean(line) for line in explanation.lines()] if explanation else [],
            redirects=[
                clean(f"{hop.status} {hop.url} -> {hop.location}") for hop in result.redirects
            ],
            dry_run=dry_run,
            profile_path=str(profile_path),
            replay_of=replay_of,
            profile=json.loads(clean(json.dumps(profile.to_json(), ensure_ascii=False))),
            fingerprint=fingerprint,
        )
        self._write(entry)
        return entry

    def _write(self, entry: HistoryEntry) -> None:
        text = json.dumps(asdict(entry), indent=1, ensure_ascii=False) + "\n"
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            atomic_write(self.root / (entry.id + _SUFFIX), text)
            self._prune(keep=entry.id)
        except OSError as exc:
            raise HistoryError(
                f"Could not write the fire history in {self.root}: {exc.strerror or exc}. "
                "The fire itself is unaffected; check the folder's permissions and free space."
            ) from None

    def _files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return sorted(p for p in self.root.iterdir() if p.name.endswith(_SUFFIX))

    def _prune(self, keep: str) -> None:
        files = self._files()
        sizes = {}
        for path in files:
            try:
                sizes[path] = path.stat().st_size
            except FileNotFoundError:
                continue
        files = [p for p in files if p in sizes]
        total = sum(sizes.values())
        while files and (len(files) > self.max_entries or total > self.max_bytes):
            oldest = files.pop(0)
            if oldest.name == keep + _SUFFIX:
                break
            total -= sizes[oldest]
            oldest.unlink(missing_ok=True)

    def entries(
        self, *, profile_id: str = "", query: str = "", limit: int | None = None
    ) -> list[HistoryEntry]:
        """Entries newest first, optionally for one profile and matching ``query``.

        Damaged files are skipped (they are listed by :meth:`damaged`).
        """
        out: list[HistoryEntry] = []
        for path in reversed(self._files()):
            entry = self._read(path, strict=False)
            if entry is None:
                continue
            if profile_id and entry.profile_id != profile_id:
                continue
            if query and not entry.matches(query):
                continue
            out.append(entry)
            if limit is not None and len(out) >= limit:
                break
        return out

    def damaged(self) -> list[Path]:
        return [p for p in self._files() if self._read(p, strict=False) is None]

    def get(self, entry_id: str) -> HistoryEntry:
        """One entry by its ID or an unambiguous start of it."""
        entry_id = entry_id.strip()
        matches = [p for p in self._files() if p.name.startswith(entry_id)] if entry_id else []
        if not matches:
            raise HistoryError(
                f"No fire {entry_id!r} in the history; list them with: hooksmith history list"
            )
        if len(matches) > 1 and not any(p.name == entry_id + _SUFFIX for p in matches):
            raise HistoryError(f"{entry_id!r} matches {len(matches)} fires; give more of the ID.")
        exact = next((p for p in matches if p.name == entry_id + _SUFFIX), matches[0])
        entry = self._read(exact, strict=True)
        assert entry is not None
        return entry

    def delete(self, entry_id: str) -> None:
        entry = self.get(entry_id)
        (self.root / (entry.id + _SUFFIX)).unlink(missing_ok=True)

    def clear(self) -> int:
        files = self._files()
        for path in files:
            path.unlink(missing_ok=True)
        return len(files)

    def size(self) -> int:
        return sum(p.stat().st_size for p in self._files() if p.exists())

    @staticmethod
    def _read(path: Path, *, strict: bool) -> HistoryEntry | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return HistoryEntry.from_json(data)
        except (OSError, ValueError, TypeError) as exc:
            if strict:
                raise HistoryError(
                    f"The history file {path.name} is damaged ({exc}); delete it."
                ) from None
            return None


def record_fire(
    result: FireResult,
    profile: Profile,
    *,
    destination: Destination | None = None,
    explanation: Explanation | None = None,
    dry_run: bool = False,
    profile_path: str | Path = "",
    replay_of: str = "",
    history: History | None = None,
) -> HistoryEntry:
    """Record a finished fire in the default history (what the CLI and the GUI call).

    Raises:
        HistoryError: the history could not be written (the fire itself is unaffected).
    """
    return (history or History()).record(
        result,
        profile,
        destination=destination,
        explanation=explanation,
        dry_run=dry_run,
        profile_path=profile_path,
        replay_of=replay_of,
    )


def recorded_profile(entry: HistoryEntry) -> Profile:
    """The profile as it was when the fire was recorded (it never held secrets)."""
    try:
        return Profile.from_json(entry.profile)
    except ProfileError as exc:
        raise HistoryError(f"The fire {entry.id} cannot be replayed: {exc}") from None
