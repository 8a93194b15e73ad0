"""Preview: what the payload page does on every keystroke, against plain ``json.loads``.

Per keystroke (once typing pauses) the payload page asks the journey for a preview
(``Journey.preview``: one render of the payload with samples, its JSON, the
destination's rules, and the request built from that same render), then shows the
masked headers and body. This is the core's share; putting the text into the page's
widgets is timed by :mod:`benchmarks.page_refresh`.
Each timed call sees a different template (one character of the event name toggles),
so nothing is served from a cache. The floor is ``json.loads`` of the same rendered
text: no JSON validation can be cheaper.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import replace

from app.core.destination.catalogue import SANDBOX_REGION, Destination, get_destination
from app.core.destination.profile import Profile
from app.core.journey.journey import Journey
from app.core.journey.services import Services
from app.core.payload.validate import validate_profile
from app.core.secrets.store import MemoryStore
from benchmarks.common import Row, median_time, ms, skipped
from benchmarks.payloads import grown_template, template_near
from benchmarks.startup import run_fresh

FRAME = 0.016  #: one frame (60 Hz): the preview must keep up with typing
#: Fields whose value the simulated keystroke edits (a typo in the event name).
_EDITED_KEYS = ("evtName", "event_name", "name")
SANDBOX_BASE = "http://127.0.0.1:9"  # never contacted: the preview only builds the request


def edited_variant(template: str) -> str:
    """The template after one keystroke: an ``x`` typed into the first event name."""
    for key in _EDITED_KEYS:
        marker = template.find(f'"{key}": "')
        if marker >= 0:
            at = marker + len(f'"{key}": "')
            return template[:at] + "x" + template[at:]
    return template + " "  # no event name: a space typed at the end


class _AddressOnly:
    """Stands in for the built-in sandbox: the preview only puts its address in the URL."""

    base_url = SANDBOX_BASE
    running = True

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


def keystroke_work(profile: Profile, destination: Destination) -> tuple[Callable[[], object], str]:
    """A function doing one keystroke's preview work, and the rendered text it produces.

    The work is the payload page's: ``Journey.preview`` (one render: the problems and the
    exact request), then the request's shown headers and body.
    """
    first = profile.template
    variants = [first, edited_variant(first)]
    services = Services(store=MemoryStore(), sandbox_factory=_AddressOnly)  # type: ignore[arg-type]
    journey = Journey(replace(profile), services, destination=destination)
    journey.use_secrets({f: "benchmark-secret" for f in destination.secret_fields})
    state = {"n": 0}

    def keystroke() -> object:
        state["n"] += 1
        journey.profile.template = variants[state["n"] % 2]
        preview = journey.preview()
        if preview.request is None:
            raise RuntimeError(f"the preview built no request: {preview.problem}")
        return preview.validation, preview.request.shown_headers(), preview.request.shown_body()

    rendered = validate_profile(profile, destination).body
    return keystroke, rendered


def _case(
    what: str, profile: Profile, destination: Destination, quick: bool, *, target: bool
) -> Row:
    profile.region = SANDBOX_REGION
    keystroke, rendered = keystroke_work(profile, destination)
    errors = len(validate_profile(profile, destination).report.errors)
    runs, seconds = (3, 0.0) if quick else (15, 1.0)
    ours = median_time(keystroke, min_runs=runs, min_seconds=seconds)
    floor = median_time(lambda: json.loads(rendered), min_runs=runs, min_seconds=seconds)
    size = len(rendered.encode())
    what = f"{what}, {size / 1024:.0f} KB" + (f", {errors} problem(s) shown" if errors else "")
    verdict = ""
    if target:
        verdict = "met" if ours <= FRAME else "MISSED"
    return Row(
        "Preview",
        what,
        ms(ours),
        f"{ms(floor)} (json.loads)",
        ours / floor,
        f"<= {ms(FRAME)}" if target else "",
        verdict,
    )


def _page_row(records: int, quick: bool) -> Row:
    """The payload page's whole refresh (core, widgets, paint) in its own offscreen process."""
    what = f"whole payload page refresh incl. widgets, CleverTap, {records} records"
    figures = []
    # The median of three processes: on a shared machine a whole process now and then
    # runs at half speed (its json.loads floor too), whatever the code does.
    for _ in range(1 if quick else 3):
        done = run_fresh("benchmarks.page_refresh", str(records), timeout=300)
        if done.returncode != 0:
            why = f"the page could not be driven: {done.stderr[-300:]}"
            return skipped("Preview", what, why)
        figures.append(json.loads(done.stdout.strip().splitlines()[-1])[str(records)])
    # The floor was timed in the same process, in turns with the refresh.
    ours = statistics.median(f["refresh"] for f in figures)
    floor = statistics.median(f["floor"] for f in figures)
    return Row(
        "Preview",
        what,
        ms(ours),
        f"{ms(floor)} (json.loads)",
        ours / floor,
        f"<= {ms(FRAME)}",
        "met" if ours <= FRAME else "MISSED",
    )


def broken_record(profile: Profile) -> Profile:
    """The same profile with the last record's identity emptied: one rule breaks, and
    the preview must find where (the slow path, which maps the problem to a line)."""
    text = profile.template
    cut = text.rfind('"${$ProfileID}"')
    return replace(profile, template=text[:cut] + '""' + text[cut + len('"${$ProfileID}"') :])


def run(quick: bool = False) -> list[Row]:
    """Time the preview for CleverTap at 1, 100 and 1000 records and mParticle near 128 KB."""
    rows: list[Row] = []
    clevertap = get_destination("clevertap")
    sizes = (1, 10) if quick else (1, 100, 1000)
    for records in sizes:
        profile, _ = grown_template(clevertap, records)
        rows.append(
            _case(
                f"CleverTap, {records} record(s)",
                profile,
                clevertap,
                quick,
                target=records == max(sizes),
            )
        )
    profile, _ = grown_template(clevertap, max(sizes))
    rows.append(
        _case(
            f"CleverTap, {max(sizes)} records, last one broken",
            broken_record(profile),
            clevertap,
            quick,
            target=True,
        )
    )
    rows.append(_page_row(max(sizes), quick))
    try:
        mparticle = get_destination("mparticle")
    except KeyError:
        rows.append(
            skipped("Preview", "mParticle batch near 128 KB", "no mparticle destination yet")
        )
        return rows
    limit = mparticle.limits.body_bytes or 128 * 1024
    profile = template_near(mparticle, 4096 if quick else limit)
    rows.append(
        _case(f"mParticle batch, limit {limit // 1024} KB", profile, mparticle, quick, target=True)
    )
    return rows
