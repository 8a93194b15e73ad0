"""The "Support bundle…" button's action, shared by the history, diagnose and hand-over views.

It asks where to save, reads the profile's secrets (only so the bundle can be checked
for them: :func:`app.core.support.bundle.write_bundle` masks them and refuses to write if
any survived), writes the zip and says what was masked.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QWidget

from app.core.destination.catalogue import get_destination
from app.core.journey.journey import Journey
from app.core.payload.words import counted
from app.core.secrets.store import SecretStoreError
from app.core.support.diagnose import Diagnosis
from app.ui.session import Session

if TYPE_CHECKING:
    from app.core.destination.profile import Profile
    from app.core.support.bundle import BundleReport


def _tr(text: str) -> str:
    return QCoreApplication.translate("bundle", text)


def suggested_name(profile: Profile, now: datetime | None = None) -> str:
    """``hooksmith-support-send-clevertap-email-20250101-1200.zip``."""
    slug = re.sub(r"[^a-z0-9]+", "-", profile.name.lower()).strip("-")[:40] or "profile"
    return f"hooksmith-support-{slug}-{(now or datetime.now()):%Y%m%d-%H%M}.zip"


def describe(report: BundleReport) -> str:
    """What was written and masked, in one paragraph."""
    masked = report.masked
    parts = []
    if masked.get("secret"):
        parts.append(_tr("secrets in {files}").format(files=counted(masked["secret"], _tr("file"))))
    if masked.get("email"):
        parts.append(counted(masked["email"], _tr("email address"), _tr("email addresses")))
    if masked.get("phone"):
        parts.append(counted(masked["phone"], _tr("phone number")))
    what = (
        _tr("Masked: {parts}.").format(parts=", ".join(parts))
        if parts
        else _tr("Nothing needed masking: profiles and the history never hold secrets.")
    )
    return (
        _tr("Wrote {path}: {files}, {fires}.").format(
            path=report.path,
            files=counted(len(report.files), _tr("file")),
            fires=counted(report.fires, _tr("recent fire")),
        )
        + " "
        + what
        + " "
        + _tr("Check the files before attaching them to a ticket.")
    )


def save_bundle(
    parent: QWidget,
    session: Session,
    profile: Profile,
    *,
    diagnosis: Diagnosis | None = None,
) -> BundleReport | None:
    """Ask for a file, write the bundle for ``profile`` and show what it holds.

    Returns:
        The report, or None when the user cancelled or the bundle was not written
        (the reason was shown).
    """
    prompter = session.prompter
    chosen = prompter.save_file(
        parent,
        _tr("Save the support bundle"),
        str(Path.home() / suggested_name(profile)),
        _tr("Zip archives (*.zip)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".zip":
        path = path.with_name(path.name + ".zip")
    try:
        destination = get_destination(profile.destination)
    except KeyError:
        prompter.error(
            parent,
            _tr("No support bundle"),
            _tr("This version of Hooksmith does not know the integration {id!r}.").format(
                id=profile.destination
            ),
        )
        return None
    warning = ""
    journey = session.journey
    try:
        if journey is not None and journey.profile is profile and journey.secrets_known:
            secrets = journey.secrets
        else:
            reader = Journey(profile, session.services, destination=destination)
            secrets = session.background.wait(reader.read_secrets)
    except SecretStoreError as exc:
        secrets = {}
        warning = _tr(
            " The stored secrets could not be read ({error}); secret-looking values were "
            "masked anyway."
        ).format(error=exc)
    for value in secrets.values():
        session.redactor.add(value)
    from app.core.support.bundle import BundleError, write_bundle  # loaded when a bundle is written

    try:
        report = write_bundle(
            path,
            profile,
            secrets=secrets,
            destination=destination,
            diagnosis=diagnosis,
            extra_versions={"qt": qVersion(), "pyside6": PySide6.__version__},
        )
    except BundleError as exc:
        prompter.error(parent, _tr("No support bundle"), str(exc))
        return None
    prompter.inform(
        parent,
        _tr("Support bundle written"),
        describe(report) + warning,
        "\n".join(report.files),
    )
    return report
