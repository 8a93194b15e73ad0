"""Where Hooksmith keeps files. ``HOOKSMITH_HOME`` moves all of them under one folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "Hooksmith"


def _root(kind: str) -> Path:
    home = os.environ.get("HOOKSMITH_HOME")
    if home:
        return Path(home) / kind
    return Path(
        {
            "config": platformdirs.user_config_dir(APP, appauthor=False),
            "data": platformdirs.user_data_dir(APP, appauthor=False),
            "cache": platformdirs.user_cache_dir(APP, appauthor=False),
            "log": platformdirs.user_log_dir(APP, appauthor=False),
        }[kind]
    )


def config_dir() -> Path:
    return _root("config")


def data_dir() -> Path:
    return _root("data")


def cache_dir() -> Path:
    return _root("cache")


def log_dir() -> Path:
    return _root("log")


def profiles_dir() -> Path:
    """Saved profiles (``*.hooksmith.json``), created on first save, not on import."""
    return data_dir() / "profiles"


def profile_filename(name: str) -> str:
    """A safe file name for a profile title."""
    safe = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in name).strip()
    return (safe.replace(" ", "-") or "profile") + ".hooksmith.json"
