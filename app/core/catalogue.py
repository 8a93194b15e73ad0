"""The destination catalogue: one JSON file per integration under ``resources/destinations``.

Everything that differs between CleverTap, mParticle and Talon.One lives in those
files (regions, credential fields, headers, payload skeleton, rules, how to read the
response, how the sandbox behaves); the engine reads them. Adding an integration means
adding a file.
"""

from __future__ import annotations

import json
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
    id: str
    label: str
    base: str
    dashboard: str = ""
    note: str = ""


@dataclass(frozen=True)
class CredentialField:
    id: str
    label: str
    secret: bool
    help: str = ""
    placeholder: str = ""


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
    def secret_fields(self) -> list[str]:
        return [c.id for c in self.credentials if c.secret]

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
                Region(r["id"], r["label"], r["base"], r.get("dashboard", ""), r.get("note", ""))
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
