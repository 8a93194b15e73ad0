"""The destination catalogue: one JSON file per integration under ``resources/destinations``.

Everything that differs between CleverTap, mParticle and Talon.One lives in those
files (regions, credential fields, headers, payload skeleton, rules, how to read the
response, how the sandbox behaves); the engine reads them. Adding an integration means
adding a file. The format is ``resources/schema/destination.schema.json``; each file is
checked against it as it loads, and one that does not meet it is skipped, logged and
reported by :func:`catalogue_problems`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.destination_schema import schema_problems
from app.core.resources import resource_path

SANDBOX_REGION = "sandbox"

log = logging.getLogger("hooksmith.catalogue")
# The GUI logs to a file; the CLI names skipped files itself: never Python's stderr fallback.
log.addHandler(logging.NullHandler())


class CatalogueError(Exception):
    """No destination file could be loaded, or one file is missing, not JSON, or does not
    meet the format (``problem`` then says which file and why)."""

    def __init__(self, message: str, problem: CatalogueProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class Region:
    """A host choice. ``custom`` regions take the base URL the user types (``custom_base``);
    ``advanced`` ones belong behind an "advanced" switch; ``certainty`` says when the
    vendor has not confirmed the host for this use."""

    id: str
    label: str
    base: str
    dashboard: str = ""
    note: str = ""
    custom: bool = False
    advanced: bool = False
    placeholder: str = ""
    certainty: str = ""


@dataclass(frozen=True)
class CredentialField:
    """One credential input. ``when`` (``{"auth": "basic"}``) limits it to some choices."""

    id: str
    label: str
    secret: bool
    help: str = ""
    placeholder: str = ""
    default: str = ""
    certainty: str = ""
    when: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def when_matches(when: Mapping[str, Any] | None, values: Mapping[str, Any]) -> bool:
    """True when every ``key: value`` (or ``key: [values]``) of ``when`` holds in ``values``."""
    for key, expected in (when or {}).items():
        actual = values.get(key)
        if isinstance(expected, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


@dataclass(frozen=True)
class Destination:
    """One integration as described by its data file."""

    id: str
    title: str
    summary: str
    verb: str
    url: str
    regions: tuple[Region, ...]
    default_region: str
    region_label: str
    region_help: str
    credentials: tuple[CredentialField, ...]
    headers: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False)

    @property
    def schema(self) -> dict[str, Any]:
        return dict(self.raw.get("schema", {}))

    @property
    def mapping(self) -> dict[str, Any]:
        return dict(self.raw.get("mapping", {}))

    @property
    def response(self) -> dict[str, Any]:
        return dict(self.raw.get("response", {}))

    @property
    def sandbox(self) -> dict[str, Any]:
        return dict(self.raw.get("sandbox", {}))

    @property
    def dry_run(self) -> dict[str, Any] | None:
        value = self.raw.get("dry_run")
        return dict(value) if value else None

    @property
    def service(self) -> str:
        """The receiving side's name from the title: "CleverTap" in "Talon.One → CleverTap"."""
        return self.title.split("→")[-1].strip()

    @property
    def secret_fields(self) -> list[str]:
        return [c.id for c in self.credentials if c.secret]

    @property
    def verbs(self) -> tuple[str, ...]:
        """The HTTP methods the user may pick (``verbs``), or just the fixed one."""
        return tuple(self.raw.get("verbs") or (self.verb,))

    @property
    def options(self) -> list[dict[str, Any]]:
        """Request-level choices (method, authentication, extra headers, query toggles)."""
        return [dict(o) for o in self.raw.get("options", [])]

    @property
    def handover_kind(self) -> str:
        """``talon-webhook`` (Talon.One's webhook form and NewWebhook export) or ``steps``."""
        return str(self.raw.get("handover", "talon-webhook"))

    @property
    def caller(self) -> str:
        """Who calls the URL: Talon.One, or the caller a ``steps`` hand-over names."""
        if self.handover_kind == "talon-webhook":
            return "Talon.One"
        return str(self.raw.get("caller") or "the caller")

    def choices(self, mapping: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
        """Option and slot values (defaults filled in) that ``when`` conditions test."""
        values: dict[str, Any] = {o["id"]: o.get("default") for o in self.options}
        auth = self.raw.get("auth") or {}
        if "options" in auth:
            values["auth"] = auth.get("default")
        for slot_id, slot in self.mapping.get("slots", {}).items():
            if slot.get("kind") in ("text", "choice"):
                values[slot_id] = mapping.get(slot_id, slot.get("default"))
        values.update(options)
        return values

    def verb_for(self, options: Mapping[str, Any]) -> str:
        """The method a profile uses: its chosen ``verb`` option when allowed."""
        chosen = str(options.get("verb") or "").upper()
        return chosen if chosen in self.verbs else self.verb

    def auth_for(self, options: Mapping[str, Any]) -> dict[str, Any] | None:
        """The authentication in force: ``auth``, or the ``auth.options`` entry chosen."""
        auth = self.raw.get("auth")
        if not auth:
            return None
        if "options" not in auth:
            return dict(auth)
        chosen = options.get("auth", auth.get("default"))
        for option in auth["options"]:
            if option["id"] == chosen:
                return dict(option) if option.get("type") else None
        return None

    def raw_credential(self, field_id: str) -> dict[str, Any]:
        """The credential's entry in the data file (for keys the dataclass does not keep)."""
        for entry in self.raw.get("credentials", []):
            if entry.get("id") == field_id:
                return dict(entry)
        return {}

    def active_credentials(
        self, mapping: Mapping[str, Any], options: Mapping[str, Any]
    ) -> list[CredentialField]:
        """The credential fields that apply to these choices (``when``)."""
        values = self.choices(mapping, options)
        return [c for c in self.credentials if when_matches(c.when, values)]

    def region(self, region_id: str) -> Region:
        for region in self.regions:
            if region.id == region_id:
                return region
        raise KeyError(f"{self.title} has no region {region_id!r}")


def _destination(data: dict[str, Any]) -> Destination:
    """Build a Destination from a file's JSON, which meets the schema."""
    regions = data["regions"]
    return Destination(
        id=data["id"],
        title=data["title"],
        summary=data.get("summary", ""),
        verb=data["verb"],
        url=data["url"],
        regions=tuple(
            Region(
                r["id"],
                r["label"],
                r.get("base", ""),
                r.get("dashboard", ""),
                r.get("note", ""),
                bool(r.get("custom")),
                bool(r.get("advanced")),
                r.get("placeholder", ""),
                r.get("certainty", ""),
            )
            for r in regions["choices"]
        ),
        default_region=regions.get("default", regions["choices"][0]["id"]),
        region_label=regions.get("label", "Region"),
        region_help=regions.get("help", ""),
        credentials=tuple(
            CredentialField(
                c["id"],
                c["label"],
                bool(c.get("secret")),
                c.get("help", ""),
                c.get("placeholder", ""),
                c.get("default", ""),
                c.get("certainty", ""),
                dict(c.get("when", {})),
            )
            for c in data.get("credentials", [])
        ),
        headers=tuple(data.get("headers", [])),
        raw=data,
    )


# -- loading the catalogue ----------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueProblem:
    """A destination file that was skipped, and why.

    Attributes:
        file: the file as ``resources/destinations/<name>.json``.
        destination_id: the id the file gives, when it could be read.
        messages: one line each: ``<file>: <key path>: <what is expected>``.
    """

    file: str
    destination_id: str | None
    messages: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.messages)


_problems: tuple[CatalogueProblem, ...] = ()


def read_destination(path: Path, shown: str) -> Destination:
    """Read and check one destination file; ``shown`` names it in messages.

    Raises:
        CatalogueError: the file cannot be read, is not JSON or does not meet the format;
            its ``problem`` says where and what.
    """
    data: Any = None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        messages = [f"{shown}: cannot be read: {exc.strerror or exc}"]
    except UnicodeDecodeError as exc:
        messages = [f"{shown}: not UTF-8 text: {exc.reason} at byte {exc.start}"]
    except json.JSONDecodeError as exc:
        messages = [f"{shown}: not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"]
    else:
        messages = [f"{shown}: {problem}" for problem in schema_problems(data)]
    destination_id = data.get("id") if isinstance(data, dict) else None
    if not messages:
        try:
            return _destination(data)
        except (KeyError, TypeError, IndexError, ValueError) as exc:  # the schema missed it
            messages = [f"{shown}: missing or malformed field {exc}"]
    problem = CatalogueProblem(
        shown, destination_id if isinstance(destination_id, str) else None, tuple(messages)
    )
    raise CatalogueError("\n".join(messages), problem)


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[Destination, ...]:
    """Load every destination, in the order their files ask for.

    A file that cannot be used is skipped and logged; :func:`catalogue_problems` lists
    those. Of two files with one id, the first (by file name) is kept.

    Raises:
        CatalogueError: no file could be loaded (the message lists why).
    """
    global _problems
    folder = resource_path("destinations")
    loaded: list[Destination] = []
    problems: list[CatalogueProblem] = []
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        shown = f"{folder.parent.name}/{folder.name}/{path.name}"
        try:
            destination = read_destination(path, shown)
        except CatalogueError as exc:
            assert exc.problem is not None
            problems.append(exc.problem)
            continue
        if destination.id in files:
            message = (
                f"{shown}: id: {json.dumps(destination.id)} is also the id of "
                f"{files[destination.id]}"
            )
            problems.append(CatalogueProblem(shown, destination.id, (message,)))
            continue
        files[destination.id] = shown
        loaded.append(destination)
    _problems = tuple(problems)
    for problem in problems:
        log.error("Destination file skipped: %s", problem)
    if not loaded:
        why = "\n".join(m for p in problems for m in p.messages)
        raise CatalogueError(
            f"no usable destination file in {folder}" + (f":\n{why}" if why else "")
        )
    return tuple(sorted(loaded, key=lambda d: int(d.raw.get("order", 100))))


def catalogue_problems() -> tuple[CatalogueProblem, ...]:
    """The destination files the catalogue skipped, and why (loads it if need be)."""
    load_catalogue()
    return _problems


def get_destination(destination_id: str) -> Destination:
    """Return one destination by id; KeyError names the ones that exist, or says why a
    file with that id was skipped."""
    for destination in load_catalogue():
        if destination.id == destination_id:
            return destination
    for problem in catalogue_problems():
        if destination_id in (problem.destination_id, Path(problem.file).stem):
            raise KeyError(
                f"destination {destination_id!r} is unusable: its file was skipped: {problem}"
            )
    known = ", ".join(d.id for d in load_catalogue())
    raise KeyError(f"unknown destination {destination_id!r}; known: {known}")
