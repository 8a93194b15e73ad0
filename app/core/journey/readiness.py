"""The go-live checklist: what still stands between a configuration and Talon.One.

Computed from the journey's state only (:meth:`app.core.journey.journey.Journey.readiness`), so
the hand-over page, ``hooksmith check`` and ``hooksmith preview`` say the same thing.
Blocking items stop "ready"; advisories are worth reading but do not. Each item names
the step where it is fixed (``region``, ``credentials``, ``mapping``, ``payload``,
``fire``, ``handover``), which the wizard turns into a button that goes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.core.destination.catalogue import SANDBOX_REGION, CredentialField, Destination
from app.core.destination.profile import Profile
from app.core.journey.steps import ALL_STEPS, journey_steps
from app.core.payload.problems import Problem, Severity

#: Steps of a journey where something can be fixed, in the order the wizard walks them.
STEPS = tuple(step for step in ALL_STEPS if step != "integration")

#: The name the user sees for each step.
STEP_NAMES = ALL_STEPS

#: Demo values shorter than this are not treated as demo values in other fields (a
#: sandbox campaign ID such as 373 may well be a real campaign's too).
_DEMO_MIN_LENGTH = 8


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist.

    Attributes:
        id: stable identifier (``payload.errors``, ``credentials.demo``...).
        blocking: True when the configuration must not go live like this.
        message: what is wrong, in the user's words.
        fix: what to do about it.
        step: where it is fixed (one of :data:`STEPS`).
    """

    id: str
    blocking: bool
    message: str
    fix: str
    step: str

    def text(self) -> str:
        """One line for the CLI: ``✗ message Fix: go to Credentials and ...``."""
        mark = "✗" if self.blocking else "!"
        fix = f" {self.fix}" if self.fix else ""
        return f"{mark} {self.message}{fix} [{STEP_NAMES[self.step]}]"


@dataclass(frozen=True)
class FireFact:
    """A fire of one exact configuration, as far as readiness cares."""

    ok: bool
    dry_run: bool
    title: str = ""
    entry_id: str = ""


@dataclass
class Readiness:
    """The checklist: blocking items first, then advisories."""

    items: list[CheckItem] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blocking

    @property
    def blocking(self) -> list[CheckItem]:
        return [i for i in self.items if i.blocking]

    @property
    def advisories(self) -> list[CheckItem]:
        return [i for i in self.items if not i.blocking]

    def ids(self) -> set[str]:
        return {i.id for i in self.items}

    def headline(self) -> str:
        if self.ready:
            return "Ready to hand over: nothing blocks this configuration."
        n = len(self.blocking)
        return f"Not ready: {n} thing{'s' if n != 1 else ''} to fix before going live."

    def text(self) -> str:
        """The checklist for a terminal."""
        return "\n".join([self.headline(), *(item.text() for item in self.items)])


def problem_step(problem: Problem) -> str:
    """The step where a validation problem is fixed."""
    if problem.path == "URL" or problem.code.startswith("url."):
        return "region"
    if problem.path.startswith("header ") or problem.code.startswith(("credential.", "header.")):
        return "credentials"
    if problem.code.startswith(("slot.", "query.")):
        return "mapping"
    return "payload"


def demo_fields(
    profile: Profile, destination: Destination, secrets: Mapping[str, str]
) -> list[CredentialField]:
    """Credential fields holding one of the sandbox's demo values."""
    demo: dict[str, set[str]] = {}
    for account in destination.demo_accounts:
        for field_id, demo_value in account.items():
            demo.setdefault(field_id, set()).add(demo_value)
    found = []
    for cred in destination.active_credentials(profile.mapping, profile.options):
        value = secrets.get(cred.id) if cred.secret else profile.credentials.get(cred.id)
        if not value or value not in demo.get(cred.id, ()):
            continue
        if cred.secret or len(value) >= _DEMO_MIN_LENGTH:
            found.append(cred)
    return found


def missing_secret_message(fields: list[CredentialField]) -> str:
    """The one sentence for secrets the chosen authentication needs but lacks."""
    names = " or ".join(f.label for f in fields)
    return (
        f"No {names} is stored for this profile. Enter it on the credentials page, "
        "or run: hooksmith credentials set PROFILE (or fire with --ask-secrets)."
    )


def _labels(fields: Iterable[CredentialField]) -> str:
    return " and ".join(f.label for f in fields)


def build_checklist(
    profile: Profile,
    destination: Destination,
    *,
    errors: list[Problem],
    secrets: Mapping[str, str] | None,
    secrets_problem: str,
    missing: list[CredentialField],
    url: str,
    url_problem: str,
    sandbox_url: bool,
    local_url: bool,
    fires: list[FireFact],
    dirty: bool,
    notes: list[str],
    caller: str,
    handover: list[Problem] | None = None,
) -> Readiness:
    """The checklist for one configuration; every input comes from the journey.

    Args:
        errors: blocking validation problems (payload, URL, headers, slots).
        secrets: the secrets snapshot, or None when the store was not read yet.
        secrets_problem: why the store could not be read ('' when it could).
        missing: secret fields the chosen authentication needs but that have no value.
        url: the endpoint the configuration sends to ('' when it cannot be built).
        url_problem: why there is no URL yet.
        sandbox_url: the URL is Hooksmith's sandbox although no sandbox is chosen.
        local_url: the URL is on this computer (not the sandbox).
        fires: fires of exactly this configuration, newest first.
        dirty: the profile has changes that are not saved.
        notes: steps still to do outside Hooksmith.
        caller: who calls the URL ("Talon.One", "Bloomreach").
        handover: what would make the hand-over itself unusable (a title Talon.One
            refuses, the destination's own export checks).
    """
    items: list[CheckItem] = []
    add = items.append
    if profile.region == SANDBOX_REGION:
        add(
            CheckItem(
                "region.sandbox",
                True,
                f"The URL is Hooksmith's local sandbox, which {caller} cannot reach.",
                "On the Region page, choose the real endpoint instead of the sandbox, then "
                "fire again.",
                "region",
            )
        )
    elif url_problem and not any(problem_step(p) == "region" for p in errors):
        fix = "Enter it on the Region page."
        add(CheckItem("region.missing", True, url_problem, fix, "region"))
    elif sandbox_url:
        add(
            CheckItem(
                "region.sandbox_url",
                True,
                f"The URL {url} is Hooksmith's local sandbox, which {caller} cannot reach.",
                "Enter your real endpoint.",
                "region",
            )
        )
    elif local_url:
        add(
            CheckItem(
                "region.local",
                False,
                f"The URL {url} is on this computer: fine for a test, but {caller} "
                "cannot reach it.",
                "Enter the address it will have in production before going live.",
                "region",
            )
        )
    # A problem belongs to the step where it is fixed; a step this journey does not have
    # (no Payload for a URL-only destination) hands it to the Mapping, where its inputs are.
    present = journey_steps(destination)
    steps_of = {id(p): s if (s := problem_step(p)) in present else "mapping" for p in errors}
    for step in STEPS:
        here = [p for p in errors if steps_of[id(p)] == step]
        if here:
            more = f" (and {len(here) - 1} more)" if len(here) > 1 else ""
            add(
                CheckItem(
                    f"{step}.errors",
                    True,
                    f"{here[0].message}{more}",
                    here[0].hint or f"Fix it on the {STEP_NAMES[step]} page.",
                    step,
                )
            )
    if secrets is None:
        add(
            CheckItem(
                "credentials.unread",
                True,
                secrets_problem or "The stored credentials have not been read yet.",
                "" if secrets_problem else "They are read when the Credentials page opens.",
                "credentials",
            )
        )
    else:
        if missing:
            add(
                CheckItem(
                    "credentials.missing", True, missing_secret_message(missing), "", "credentials"
                )
            )
        demo = demo_fields(profile, destination, secrets)
        if demo and profile.region != SANDBOX_REGION:
            add(
                CheckItem(
                    "credentials.demo",
                    True,
                    f"The {_labels(demo)} {'is' if len(demo) == 1 else 'are'} the sandbox's "
                    "demo value, about to go to a real host.",
                    "Enter your own credentials.",
                    "credentials",
                )
            )
    good = [f for f in fires if f.ok]
    if not good:
        failed = next((f for f in fires if not f.ok), None)
        message = (
            f"The last fire of this configuration failed: {failed.title}"
            if failed is not None and failed.title
            else "No fire of this exact configuration has succeeded yet."
        )
        add(
            CheckItem(
                "fire.none",
                True,
                message,
                "Fire it on the Test fire page; any change since the last fire needs a new one.",
                "fire",
            )
        )
    elif all(f.dry_run for f in good):
        add(
            CheckItem(
                "fire.dry_run_only",
                False,
                "Only validation-only (dry-run) fires have succeeded so far: nothing was stored.",
                "Fire once without validation-only if you want to see a real answer.",
                "fire",
            )
        )
    for problem in handover or []:
        blocking = problem.severity is Severity.ERROR
        add(CheckItem(problem.code, blocking, problem.message, problem.hint, "handover"))
    if dirty:
        add(
            CheckItem(
                "handover.unsaved",
                False,
                "There are unsaved changes.",
                "Save the profile so support can reopen exactly this configuration.",
                "handover",
            )
        )
    for number, note in enumerate(notes, 1):
        add(CheckItem(f"handover.step{number}", False, note, "", "handover"))
    return Readiness(items)
