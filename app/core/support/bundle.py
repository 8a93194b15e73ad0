"""The support bundle: one zip to attach to a ticket, with secrets and personal data masked.

It holds the profile, the Talon.One webhook as it would be pasted, the current
validation problems, the last fires from the history, the diagnosis (when one was
made) and the app and OS versions. Every file goes through a :class:`Masker`, and
before anything is written every file is checked again for the secrets the caller
read from the store and for email addresses and phone numbers: if anything is left,
no bundle is written at all (fail closed).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from app import __version__
from app.core.destination.catalogue import Destination, get_destination
from app.core.destination.profile import Profile
from app.core.handover.export import export_problems, new_webhook
from app.core.payload.validate import validate_profile
from app.core.payload.words import counted
from app.core.support.diagnose import Diagnosis
from app.core.support.history import History
from app.core.support.masking import Masker

DEFAULT_FIRES = 5
_PACKAGES = ("PySide6-Essentials", "keyring", "urllib3", "truststore", "platformdirs")


class BundleError(Exception):
    """The bundle could not be written (or would have leaked); nothing was written."""


@dataclass
class BundleReport:
    """What was written: the zip, its files, and how much was masked."""

    path: Path
    files: list[str] = field(default_factory=list)
    masked: dict[str, int] = field(default_factory=dict)
    fires: int = 0


def versions(extra: Mapping[str, str] | None = None) -> dict[str, Any]:
    """App, Python, OS and library versions (no Qt import: the GUI passes Qt's in ``extra``)."""
    packages = {}
    for name in _PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return {
        "hooksmith": __version__,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "system": platform.system(),
        "release": platform.release(),
        "machine": platform.machine(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "packages": packages,
        **dict(extra or {}),
    }


def _readme(profile: Profile, now: str, fires: int, diagnosis: bool) -> str:
    return "\n".join(
        [
            "Hooksmith support bundle",
            "========================",
            f"Created {now} for the profile {profile.name!r} ({profile.destination}).",
            "",
            "profile.json     the Hooksmith profile (it never holds secrets)",
            "webhook.json     the webhook as Talon.One's NewWebhook JSON",
            "validation.txt   problems the payload and the export have now",
            f"fires/           the last {counted(fires, 'test fire')} from the local history",
            "diagnosis.txt    the diagnosis of a sent payload" if diagnosis else "",
            "versions.json    Hooksmith, Python, operating system and library versions",
            "",
            "Masked throughout: credentials (shown as ••••••), email addresses and phone",
            "numbers. Values such as IDs and coupon codes are kept so the problem can be",
            "reproduced; the sender should check the files before attaching them.",
            "",
        ]
    )


def bundle_files(
    profile: Profile,
    *,
    destination: Destination | None = None,
    history: History | None = None,
    fires: int = DEFAULT_FIRES,
    diagnosis: Diagnosis | None = None,
    extra_versions: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The bundle's files as text, before masking (name -> content)."""
    destination = destination or get_destination(profile.destination)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    files = {"README.txt": _readme(profile, now, fires, diagnosis is not None)}
    files["profile.json"] = json.dumps(profile.to_json(), indent=2, ensure_ascii=False)
    if destination.handover_kind == "talon-webhook":
        webhook = new_webhook(profile, destination)
        files["webhook.json"] = json.dumps(webhook, indent=2, ensure_ascii=False)
    problems = validate_profile(profile, destination).report.problems
    problems += export_problems(profile, destination)
    files["validation.txt"] = (
        "\n".join(p.format() for p in problems) if problems else "No problems."
    ) + "\n"
    entries = (history or History()).entries(profile_id=profile.id, limit=max(0, fires))
    for number, entry in enumerate(entries, start=1):
        files[f"fires/{number:02d}-{entry.id}.json"] = json.dumps(
            asdict(entry), indent=1, ensure_ascii=False
        )
    if diagnosis is not None:
        files["diagnosis.txt"] = "\n".join(diagnosis.lines()) + "\n"
        files["diagnosis.json"] = json.dumps(diagnosis.to_json(), indent=1, ensure_ascii=False)
    files["versions.json"] = json.dumps(versions(extra_versions), indent=2)
    return files


def write_bundle(
    path: Path,
    profile: Profile,
    *,
    secrets: Mapping[str, str] | None = None,
    destination: Destination | None = None,
    history: History | None = None,
    fires: int = DEFAULT_FIRES,
    diagnosis: Diagnosis | None = None,
    extra_versions: Mapping[str, str] | None = None,
) -> BundleReport:
    """Write the support bundle zip atomically (mode 0600).

    Args:
        secrets: the profile's secret values, read from the store by the caller; they
            are never written, only masked and checked for.

    Raises:
        BundleError: the zip could not be written, or a secret or personal datum
            survived masking (then nothing is written).
    """
    masker = Masker((secrets or {}).values())
    raw = bundle_files(
        profile,
        destination=destination,
        history=history,
        fires=fires,
        diagnosis=diagnosis,
        extra_versions=extra_versions,
    )
    files = {name: masker.mask(text) for name, text in raw.items()}
    for name, text in files.items():
        leaked = masker.leaks(text)
        if leaked:
            raise BundleError(
                f"Masking missed {' and '.join(leaked)} in {name}; no bundle was written. "
                "Please report this as a Hooksmith bug."
            )
    path = Path(path)
    report = BundleReport(path, sorted(files), dict(masker.counts))
    report.fires = sum(1 for name in files if name.startswith("fires/"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
                    for name in sorted(files):
                        archive.writestr(f"hooksmith-support/{name}", files[name])
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise BundleError(f"Could not write {path}: {exc.strerror or exc}.") from None
    return report
