"""A saved integration: everything the wizard collected, except secrets.

The file is JSON (documented in the README), written atomically with 0600
permissions. Secrets never enter it: they live in the OS keyring under the
profile's ``id`` (see :mod:`app.core.secrets.store`).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "hooksmith-profile"
VERSION = 1
#: The region of a profile that fires at the built-in sandbox (every destination has it).
SANDBOX_REGION = "sandbox"


class ProfileError(Exception):
    """A profile file could not be read; the message says why and what to do."""


@dataclass
class Param:
    """A Talon.One webhook parameter (``TemplateArgDef``) plus a sample for previews."""

    name: str
    type: str = "string"
    description: str = ""
    sample: str = ""


@dataclass
class Source:
    """Where a value in the payload comes from in Talon.One.

    ``kind`` is ``param`` (a webhook parameter, ``name`` is its name),
    ``integration_id`` (the customer profile's Integration ID),
    ``session_id`` (the session's Integration ID), ``attribute`` (a customer profile
    attribute, ``name`` is its API name) or ``literal`` (fixed text in ``name``).
    """

    kind: str = "param"
    name: str = ""
    type: str = "string"

    @property
    def expr(self) -> str | None:
        """The placeholder expression without ``$``, or None for a literal."""
        if self.kind == "param":
            return self.name
        if self.kind == "integration_id":
            return "Profile.IntegrationId"
        if self.kind == "session_id":
            return "Session.IntegrationId"
        if self.kind == "attribute":
            return f"Profile.Attributes.{self.name}"
        return None

    def describe(self) -> str:
        """Words for tables: ``parameter CouponCode``, ``profile attribute mpid``..."""
        return {
            "param": f"webhook parameter {self.name}",
            "integration_id": "customer profile Integration ID",
            "session_id": "customer session Integration ID",
            "attribute": f"profile attribute {self.name}",
            "literal": f"fixed text {self.name!r}",
        }.get(self.kind, self.kind)


@dataclass
class Profile:
    """One integration being configured or saved."""

    destination: str
    name: str = ""
    #: 32 random hex digits (uuid4().hex has the same form; uuid would also load the
    #: platform module at start-up).
    # secrets.token_hex(16) without importing secrets (hmac, hashlib) at start-up
    id: str = field(default_factory=lambda: os.urandom(16).hex())
    region: str = ""
    custom_base: str = ""
    credentials: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)
    template: str = ""
    template_edited: bool = False
    description: str = ""
    application_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    #: The ID of the Talon.One credential (Account > Credentials) the webhook uses; the
    #: export links it as ``authenticationId``. None until the user gives it.
    authentication_id: int | None = None
    #: The user chose to paste the secret into the webhook as a header instead of a
    #: Talon.One credential (every Talon.One admin can then read it).
    secret_in_headers: bool = False
    #: "Display in Rule Builder" (``NewWebhook.enabled``).
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        for param in self.params:
            if param.name == name:
                return param
        return None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {"format": FORMAT, "version": VERSION, **data}

    @classmethod
    def from_json(cls, data: Any) -> Profile:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ProfileError("This file is not a Hooksmith profile.")
        if int(data.get("version", 0)) > VERSION:
            raise ProfileError(
                f"This profile was saved by a newer Hooksmith (format {data['version']}); "
                "update Hooksmith to open it."
            )
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["params"] = [Param(**p) for p in values.get("params", [])]
            profile = cls(**values)
        except TypeError as exc:
            raise ProfileError(f"The profile is damaged: {exc}.") from exc
        if not profile.destination:
            raise ProfileError("The profile names no destination.")
        return profile


def save_profile(profile: Profile, path: Path) -> None:
    """Write ``profile`` to ``path`` atomically (temp file, fsync, rename) with mode 0600."""
    atomic_write(path, json.dumps(profile.to_json(), indent=2, ensure_ascii=False) + "\n")


def load_profile(path: Path) -> Profile:
    """Read a profile; ProfileError says in plain words what is wrong with the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ProfileError(f"No profile at {path}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"Cannot read {path}: {exc}.") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProfileError(f"{path} is not valid JSON: {exc}.") from exc
    return Profile.from_json(data)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
