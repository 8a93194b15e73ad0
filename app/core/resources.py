"""Locate the bundled ``resources/`` folder in a checkout, an install or a frozen app."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path


def resource_root() -> Path:
    """Return the folder holding destinations, icons and other data files.

    Order: ``HOOKSMITH_RESOURCES`` (tests, unusual installs), the PyInstaller bundle,
    the ``app/resources`` data package of an installed wheel (found with
    :mod:`importlib.resources`), then the ``resources/`` folder beside the ``app``
    package (source checkout and editable install).
    """
    override = os.environ.get("HOOKSMITH_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    installed = importlib.resources.files("app").joinpath("resources")
    if isinstance(installed, Path) and installed.joinpath("destinations").is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of one resource; raises FileNotFoundError if it is missing."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Hooksmith resource missing: {path}")
    return path
