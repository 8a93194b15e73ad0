"""The destination catalogue: one JSON file per integration under ``resources/destinations``.

Everything that differs between CleverTap, mParticle and Talon.One lives in those
files (regions, credential fields, headers, payload skeleton, rules, how to read the
response, how the sandbox behaves); the engine reads them. Adding an integration means
adding a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.resources import resource_path

SANDBOX_REGION = "sandbox"


class CatalogueError(Exception):
    """A destination file is missing, not JSON, or lacks a required field."""


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


def _destination(data: dict[str, Any], source: Path) -> Destination:
    try:
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
    except (KeyError, TypeError, IndexError) as exc:
        raise CatalogueError(f"{source.name}: missing or malformed field {exc}") from exc


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[Destination, ...]:
    """Load every destination, in the order their files ask for."""
    folder = resource_path("destinations")
    loaded: list[tuple[int, Destination]] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CatalogueError(f"{path.name}: {exc}") from exc
        loaded.append((int(data.get("order", 100)), _destination(data, path)))
    if not loaded:
        raise CatalogueError(f"no destination files in {folder}")
    return tuple(d for _, d in sorted(loaded, key=lambda item: item[0]))


def get_destination(destination_id: str) -> Destination:
    """Return one destination by id; KeyError names the ones that exist."""
    for destination in load_catalogue():
        if destination.id == destination_id:
            return destination
    known = ", ".join(d.id for d in load_catalogue())
    raise KeyError(f"unknown destination {destination_id!r}; known: {known}")
