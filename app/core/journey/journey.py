"""One journey: a profile being configured, previewed, fired and handed over.

Every front end goes through this object, so each decision is made once: the request
is built here (:meth:`Journey.preview` and :meth:`Journey.prepare_fire`), the
"confirm before a real host" question is asked from here, a missing secret is named
here, a fire is explained and recorded here, and readiness is computed here.

A fire result belongs to the configuration that produced it. The configuration is
summed up in a :func:`fingerprint` (everything that changes the request; no secret),
recorded with each fire in the history so a later ``hooksmith check`` can count it.
Secrets are held as a snapshot read from the store (by a worker thread in the GUI):
a fire made with other secret values than the current ones stops counting, through a
digest keyed per process that is never written anywhere.

Size: it is the centre on purpose: every decision a page or command shows is made here,
once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets as _random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.destination.catalogue import (
    SANDBOX_REGION,
    CredentialField,
    Destination,
    get_destination,
)
from app.core.destination.profile import Profile, save_profile
from app.core.handover.export import export_problems
from app.core.http.interpret import Explanation, explain
from app.core.http.request import PreparedRequest, RequestError, build_request, endpoint_url
from app.core.http.safety import FireGuard, confirmation_text, is_local
from app.core.journey.readiness import (
    FireFact,
    Readiness,
    build_checklist,
    missing_secret_message,
)
from app.core.payload.validate import Validation, validate_profile
from app.core.secrets.store import MASK, Redactor, SecretStoreError
from app.core.support.history import History, HistoryEntry, HistoryError, recorded_profile

if TYPE_CHECKING:
    from app.core.http.fire_result import FireResult
    from app.core.journey.services import Services

#: Profile keys that change the request a fire sends (name, description, Applications
#: and the saved dry-run choice do not).
REQUEST_KEYS = ("region", "custom_base", "credentials", "mapping", "samples", "template", "options")

_DIGEST_KEY = _random.token_bytes(32)

#: Recorded fires by configuration fingerprint, newest first.
FireFacts = dict[str, list[FireFact]]


class JourneyError(Exception):
    """A fire cannot be prepared; the message says what to do."""


def fingerprint(profile: Profile) -> str:
    """A short digest of everything in ``profile`` that changes the request."""
    data: dict[str, Any] = {k: getattr(profile, k) for k in REQUEST_KEYS}
    data["destination"] = profile.destination
    data["params"] = [[p.name, p.type, p.sample] for p in profile.params]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def secrets_digest(values: dict[str, str]) -> str:
    """A digest of secret values, keyed per process: comparable, never stored."""
    text = json.dumps(sorted(values.items()), ensure_ascii=False)
    return hmac.new(_DIGEST_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()


def masked_profile(profile: Profile) -> bool:
    """True when a value of ``profile`` is the mask: it was recorded with secrets hidden."""
    return MASK in json.dumps(profile.to_json(), ensure_ascii=False)


@dataclass(frozen=True)
class Preview:
    """One render of the configuration: the problems and the exact request.

    Attributes:
        validation: the payload, URL and settings checked against the destination.
        request: what a fire sends now (secrets masked when shown), or None.
        problem: why there is no request yet ('' when there is one).
    """

    validation: Validation
    request: PreparedRequest | None
    problem: str = ""

    def head(self) -> str:
        """The request line and headers, secrets masked."""
        if self.request is None:
            return self.problem
        request = self.request
        lines = [f"{request.method} {request.redactor.redact(request.url)}"]
        lines += [f"{name}: {value}" for name, value in request.shown_headers()]
        return "\n".join(lines)

    def body(self) -> str:
        return self.request.shown_body() if self.request is not None else self.validation.body


@dataclass(frozen=True)
class PreparedFire:
    """A request ready to go, and the question to ask first ('' when none)."""

    request: PreparedRequest
    question: str
    dry_run: bool
    fingerprint: str
    secrets_digest: str
    replay_of: str = ""


@dataclass
class FireOutcome:
    """A finished fire, tied to the configuration that produced it."""

    result: FireResult
    explanation: Explanation | None
    fingerprint: str
    secrets_digest: str
    dry_run: bool
    entry: HistoryEntry | None = None
    history_problem: str = ""

    @property
    def ok(self) -> bool:
        return self.explanation is not None and self.explanation.verdict == "ok"

    def fact(self) -> FireFact:
        title = self.explanation.title if self.explanation else ""
        if not title and self.result.error is not None:
            title = self.result.error.message
        return FireFact(self.ok, self.dry_run, title, self.entry.id if self.entry else _now_id())


class Journey:
    """The configuration of one integration and everything known about it.

    Args:
        profile: the integration (the front end edits it in place).
        services: secret store, sandbox and network settings.
        destination: the profile's catalogue entry (looked up when not given).
        path: where the profile is saved, if it is.
        guard: the session's confirmations (the GUI shares one across journeys).
        history: where fires are recorded and looked up.

    Attributes:
        last: the last fire of this journey, whatever the configuration since.
        redactor: every secret this journey has seen, for masking in logs and views.
    """

    def __init__(
        self,
        profile: Profile,
        services: Services,
        *,
        destination: Destination | None = None,
        path: Path | None = None,
        guard: FireGuard | None = None,
        history: History | None = None,
    ) -> None:
        self.profile = profile
        self.services = services
        self.destination = destination or get_destination(profile.destination)
        self.path = Path(path) if path is not None else None
        self.guard = guard or FireGuard()
        self.history = history or History()
        self.last: FireOutcome | None = None
        self.redactor = Redactor()
        self._secrets: dict[str, str] | None = None
        self._secrets_problem = ""
        self._digest = ""
        self._initial_state = self._state()
        self._saved_state = self._initial_state if self.path is not None else None
        self._facts: dict[str, list[FireFact]] = {}
        self._stale_before = ""

    # -- secrets --------------------------------------------------------------------------

    def active_secret_fields(self) -> list[CredentialField]:
        """Secret fields the chosen authentication uses (only these are asked for)."""
        fields = self.destination.active_credentials(self.profile.mapping, self.profile.options)
        return [f for f in fields if f.secret]

    def read_secrets(self) -> dict[str, str]:
        """Read the profile's secrets from the store; slow, so off the UI thread.

        Raises:
            SecretStoreError: the store could not be read.
        """
        values = {}
        for cred in self.destination.credentials:
            if cred.secret:
                value = self.services.store.get(self.profile.id, cred.id)
                if value:
                    values[cred.id] = value
        return values

    def use_secrets(self, values: dict[str, str] | None, problem: str = "") -> None:
        """Take a snapshot of the secrets (None with ``problem`` when the store failed).

        When the values differ from the previous snapshot, fires made before stop
        counting towards readiness.
        """
        if values is None:
            self._secrets, self._secrets_problem = None, problem
            return
        values = {k: v for k, v in values.items() if v}  # an emptied field is no secret
        digest = secrets_digest(values)
        if self._secrets is not None and digest != self._digest:
            self._stale_before = _now_id()
        self._secrets, self._digest, self._secrets_problem = dict(values), digest, ""
        for value in values.values():
            self.redactor.add(value)

    def load_secrets(self) -> None:
        """Read the store and take the snapshot; a failing store is remembered, not raised."""
        try:
            self.use_secrets(self.read_secrets())
        except SecretStoreError as exc:
            self.use_secrets(None, str(exc))

    @property
    def secrets(self) -> dict[str, str]:
        """The snapshot (empty when the store was not read or failed)."""
        return dict(self._secrets or {})

    @property
    def secrets_known(self) -> bool:
        return self._secrets is not None

    @property
    def secrets_problem(self) -> str:
        """Why the store could not be read ('' when it could, or was not asked yet)."""
        return self._secrets_problem

    def missing_secrets(self) -> list[CredentialField]:
        known = self._secrets or {}
        return [f for f in self.active_secret_fields() if not known.get(f.id, "").strip()]

    # -- state ----------------------------------------------------------------------------

    def fingerprint(self) -> str:
        return fingerprint(self.profile)

    def _state(self) -> str:
        return json.dumps(self.profile.to_json(), sort_keys=True, ensure_ascii=False)

    @property
    def dirty(self) -> bool:
        """The profile changed since it was saved (or was never saved)."""
        return self._saved_state != self._state()

    @property
    def changed(self) -> bool:
        """Work the user would lose on closing: changes not saved (a new profile that
        nobody touched has none)."""
        if self.path is not None:
            return self.dirty
        return self._state() != self._initial_state

    def mark_saved(self, path: Path) -> None:
        self.path = Path(path)
        self._saved_state = self._state()

    def save(self, path: Path) -> Path:
        """Save the profile (never its secrets); OSError when the disk refuses."""
        save_profile(self.profile, path)
        self.mark_saved(path)
        return path

    # -- preview and fire -----------------------------------------------------------------

    def sandbox_base(self) -> str | None:
        """The sandbox's address when the profile uses it (starting it on first use)."""
        return self.services.sandbox_base(self.profile)

    def preview(self, *, dry_run: bool = False, live_sandbox: bool = True) -> Preview:
        """Validate and build the request from one render of the payload.

        Args:
            live_sandbox: start the sandbox for a profile aimed at it, so the URL has its
                port (a one-off preview in a terminal shows a placeholder instead).
        """
        validation = validate_profile(self.profile, self.destination)
        sandbox = self.sandbox_base() if live_sandbox else self.running_sandbox()
        try:
            request = build_request(
                self.profile,
                self.destination,
                self.secrets,
                sandbox_base=sandbox,
                dry_run=dry_run,
                body_values=validation.values,
                rendered_body=validation.body,
            )
        except (RequestError, OSError) as exc:
            return Preview(validation, None, str(exc))
        return Preview(validation, request)

    def prepare_fire(self, *, dry_run: bool = False, replay_of: str = "") -> PreparedFire:
        """The request to send, and the question to ask before a real host.

        Raises:
            JourneyError: a secret is missing or the store cannot be read, or the request
                cannot be built; the message says what to do.
        """
        if self._secrets is None and self.active_secret_fields():
            raise JourneyError(
                self._secrets_problem or "The stored credentials have not been read yet."
            )
        missing = self.missing_secrets()
        if missing:
            raise JourneyError(missing_secret_message(missing))
        preview = self.preview(dry_run=dry_run)
        if preview.request is None:
            raise JourneyError(preview.problem)
        request = preview.request
        question = ""
        every_time = bool(self.destination.fire_warning) and not is_local(request.url)
        if every_time or self.guard.needs_confirmation(self.profile.id, request.url):
            question = confirmation_text(request, self.destination)
        return PreparedFire(request, question, dry_run, self.fingerprint(), self._digest, replay_of)

    def confirm(self, prepared: PreparedFire) -> None:
        """The user said yes to ``prepared``'s question: do not ask again this session
        (unless the destination has a ``fire_warning``: then every fire asks)."""
        self.guard.confirm(self.profile.id, prepared.request.url)

    def finish_fire(
        self, prepared: PreparedFire, result: FireResult, *, record: bool = True
    ) -> FireOutcome:
        """Explain the answer, record it in the history and remember it as the last fire."""
        explanation = None
        if result.status is not None and result.error is None:
            explanation = explain(
                self.destination,
                result.status,
                result.header_map,
                result.body,
                dry_run=prepared.dry_run,
            )
        outcome = FireOutcome(
            result, explanation, prepared.fingerprint, prepared.secrets_digest, prepared.dry_run
        )
        if record:
            try:
                outcome.entry = self.history.record(
                    result,
                    self.profile,
                    destination=self.destination,
                    explanation=explanation,
                    dry_run=prepared.dry_run,
                    profile_path=str(self.path or ""),
                    replay_of=prepared.replay_of,
                    fingerprint=prepared.fingerprint,
                )
            except HistoryError as exc:
                outcome.history_problem = str(exc)
        self._facts.setdefault(prepared.fingerprint, []).insert(0, outcome.fact())
        self.last = outcome
        return outcome

    def is_current(self, outcome: FireOutcome | None) -> bool:
        """Whether ``outcome`` was produced by the configuration as it is now."""
        return (
            outcome is not None
            and outcome.fingerprint == self.fingerprint()
            and (self._secrets is None or outcome.secrets_digest == self._digest)
        )

    def shown_outcome(self) -> FireOutcome | None:
        """The last fire, only while it belongs to the current configuration."""
        return self.last if self.is_current(self.last) else None

    # -- readiness ------------------------------------------------------------------------

    def read_history(self) -> FireFacts:
        """This profile's recorded fires by fingerprint (slow: off the UI thread)."""
        facts: FireFacts = {}
        for entry in self.history.entries(profile_id=self.profile.id):
            if entry.fingerprint:
                ok = entry.status is not None and not entry.error and entry.verdict == "ok"
                fact = FireFact(ok, entry.dry_run, entry.title, entry.id)
                facts.setdefault(entry.fingerprint, []).append(fact)
        return facts

    def load_history(self) -> None:
        """Read and use this profile's recorded fires (see :meth:`read_history`)."""
        self.use_history(self.read_history())

    def use_history(self, facts: FireFacts) -> None:
        """Take recorded fires read by :meth:`read_history`, keeping this run's own."""
        facts = {key: list(value) for key, value in facts.items()}
        for key, mine in self._facts.items():
            known = {f.entry_id for f in facts.get(key, [])}
            facts.setdefault(key, [])[:0] = [f for f in mine if f.entry_id not in known]
        self._facts = facts

    def fires(self) -> list[FireFact]:
        """Fires of the current configuration that still count, newest first."""
        facts = self._facts.get(self.fingerprint(), [])
        floor = self._stale_before
        return [f for f in facts if f.entry_id > floor]

    def readiness(self) -> Readiness:
        """The go-live checklist for the configuration as it is now."""
        validation = validate_profile(self.profile, self.destination)
        needs = bool(self.active_secret_fields())
        url, url_problem = "", ""
        try:
            url = endpoint_url(self.profile, self.destination, self.running_sandbox())
        except RequestError as exc:
            url_problem = str(exc)
        sandbox = self.running_sandbox()
        sandbox_url = bool(url) and (
            "<sandbox-port>" in url or (sandbox is not None and url.startswith(sandbox))
        )
        return build_checklist(
            self.profile,
            self.destination,
            errors=validation.report.errors,
            # A store that cannot be read matters only when the authentication needs it.
            secrets=self._secrets if self._secrets is not None or needs else {},
            secrets_problem=self._secrets_problem,
            missing=self.missing_secrets() if self._secrets is not None else [],
            url=url,
            url_problem=url_problem,
            sandbox_url=sandbox_url and self.profile.region != SANDBOX_REGION,
            local_url=bool(url) and is_local(url),
            fires=self.fires(),
            dirty=self.dirty,
            notes=self.notes(),
            caller=self.destination.caller,
            handover=[
                p
                for p in export_problems(self.profile, self.destination)
                if p.code != "export.sandbox"  # said once, as region.sandbox
            ],
        )

    def running_sandbox(self) -> str | None:
        return self.services.running_sandbox_base()

    def notes(self) -> list[str]:
        """Steps still to do outside Hooksmith (the hand-over's reminders)."""
        from app.core.handover.handover import handover_notes

        return handover_notes(self.profile, self.destination)


def _now_id() -> str:
    """A history-entry-shaped time stamp: entries with a smaller ID are older."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"


def replay_journey(
    entry: HistoryEntry,
    services: Services,
    *,
    profile: Profile | None = None,
    path: Path | None = None,
    guard: FireGuard | None = None,
    history: History | None = None,
) -> Journey:
    """A journey for firing a recorded entry again (the recorded profile, or ``profile``).

    Raises:
        JourneyError: the recorded profile holds masked values, so sending it as
            recorded would send "••••••"; the message says what to do instead.
        HistoryError: the recorded profile is unusable.
    """
    chosen = profile if profile is not None else recorded_profile(entry)
    if profile is None and masked_profile(chosen):
        hint = (
            "Replay it with the profile file as it is now (--current PROFILE, or tick "
            "“with the profile file as it is now”)."
            if entry.profile_path
            else "Fire it again from the wizard or with hooksmith fire instead."
        )
        raise JourneyError(
            "This fire was recorded with some of its settings masked (••••••), because they "
            f"matched a secret, so it cannot be sent again as recorded. {hint}"
        )
    return Journey(
        chosen,
        services,
        path=path,
        guard=guard or FireGuard(),
        history=history or History(),
    )
