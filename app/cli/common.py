"""Helpers the subcommands share: finding profiles, printing problems, the services."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from app.core.destination import paths
from app.core.destination.profile import Profile, ProfileError, load_profile
from app.core.journey.services import Services
from app.core.payload.problems import Problem
from app.core.secrets.store import KeyringStore


class CliError(Exception):
    """Ends the command with the message on stderr and exit status 2."""


def resolve_profile_path(name: str) -> Path:
    """A path as given, or a saved profile's name (with or without the suffix)."""
    candidate = Path(name).expanduser()
    if candidate.exists():
        return candidate
    folder = paths.profiles_dir()
    for option in (
        folder / name,
        folder / f"{name}.hooksmith.json",
        folder / paths.profile_filename(name),
    ):
        if option.exists():
            return option
    raise CliError(
        f"No profile {name!r}: give a file path or the name of a profile saved in {folder}."
    )


def open_profile(name: str) -> tuple[Profile, Path]:
    path = resolve_profile_path(name)
    try:
        return load_profile(path), path
    except ProfileError as exc:
        raise CliError(str(exc)) from None


def print_problems(problems: list[Problem], *, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for problem in problems:
        print(problem.format(), file=out)


def name_value(item: str, flag: str) -> tuple[str, str]:
    """``NAME=VALUE`` from an option such as ``--set``, split at the first ``=``."""
    name, sep, value = item.partition("=")
    if not sep or not name:
        raise CliError(f"{flag} {item!r} must look like NAME=VALUE.")
    return name.strip(), value


def services() -> Services:
    return Services(store=KeyringStore())
