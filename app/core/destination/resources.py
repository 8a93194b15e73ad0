"""Locate the bundled ``resources/`` folder in a checkout, an install or a frozen app."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_root() -> Path:
    """Return the folder holding destinations, icons and other data files.

    Order: ``HOOKSMITH_RESOURCES`` (tests, unusual installs), then the bundled folder
    (:func:`bundled_root`).
    """
    override = os.environ.get("HOOKSMITH_RESOURCES")
    if override:
        return Path(override)
    return bundled_root()


def bundled_root() -> Path:
    """The ``resources/`` folder that came with this code, whatever HOOKSMITH_RESOURCES says.

    Order: the PyInstaller bundle, the ``app/resources`` data package of an installed
    wheel, then the ``resources/`` folder beside the ``app`` package (source checkout
    and editable install).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parents[2]  # app/
    installed = package / "resources"
    if installed.joinpath("destinations").is_dir():
        return installed
    return package.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of one resource; raises FileNotFoundError if it is missing."""
    path = resource_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Hooksmith resource missing: {path}")
    return path


def bundled_resource_path(*parts: str) -> Path:
    """Return the path of a resource that belongs to the code rather than to the data
    (the destination file schema): always the bundled one, so a HOOKSMITH_RESOURCES
    folder of destination files needs no copy of it. FileNotFoundError if missing."""
    path = bundled_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Hooksmith resource missing: {path}")
    return path
