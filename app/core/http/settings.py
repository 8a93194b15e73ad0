"""Network settings for test fires: the values, their limits, and where they are kept.

The settings live as JSON in ``paths.config_dir()/fire-settings.json``, written
atomically with 0600 permissions. Loading never fails: a missing file gives the
defaults, a bad value falls back to its default with a warning naming it, and a file
that is not JSON at all is set aside (never overwritten) so nothing typed is lost.
A proxy password is never written to the file (secrets stay out of files); use the
environment (``HTTPS_PROXY``) or the CLI's ``--proxy`` for an authenticating proxy.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.core.destination import paths
from app.core.destination.profile import atomic_write

#: Bytes of a response body kept in memory; beyond it the body goes to a file.
MAX_BODY = 50 * 1024 * 1024
#: Bytes read at most; a larger answer is cut there (no webhook answers a gigabyte).
MAX_DOWNLOAD = 1024 * 1024 * 1024
SETTINGS_FILE = "fire-settings.json"


@dataclass
class FireSettings:
    """Network settings, adjustable in the settings dialog and on the CLI.

    Attributes:
        connect_timeout: seconds to resolve the host, connect and finish the TLS handshake.
        read_timeout: seconds of silence allowed while waiting for (more of) the answer.
        ca_bundle: a PEM file of extra CA certificates, trusted in addition to the OS store.
        proxy: a proxy URL; empty means the environment's (``HTTPS_PROXY``...) if
            ``use_env_proxy``, else none. Loopback hosts never go through a proxy.
        max_redirects: redirects followed at most.
        max_body: bytes of the body kept in memory (the rest is spilled to a file).
        total_timeout: seconds for the whole fire, so a server that drips its answer a
            byte at a time cannot hold it forever.
        follow_redirects: follow 3xx answers (safely); off shows the 3xx itself.
        use_env_proxy: honour ``HTTP(S)_PROXY``/``NO_PROXY`` from the environment.
        max_download: bytes read at most before the fire stops reading.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    ca_bundle: str = ""
    proxy: str = ""
    max_redirects: int = 5
    max_body: int = MAX_BODY
    total_timeout: float = 120.0
    follow_redirects: bool = True
    use_env_proxy: bool = True
    max_download: int = MAX_DOWNLOAD


@dataclass(frozen=True)
class SettingsProblem:
    """One setting that cannot be used; ``message`` says what to do."""

    field: str
    message: str


class SettingsError(ValueError):
    """Settings that cannot be saved or used; ``problems`` names each field."""

    def __init__(self, problems: list[SettingsProblem]) -> None:
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


@dataclass
class LoadedSettings:
    """Settings read from disk, with what had to be set back to defaults."""

    settings: FireSettings
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None


_RANGES: dict[str, tuple[float, float, str]] = {
    "connect_timeout": (0.1, 300, "seconds"),
    "read_timeout": (0.1, 3600, "seconds"),
    "total_timeout": (0.5, 7200, "seconds"),
    "max_redirects": (0, 20, "redirects"),
    "max_body": (64 * 1024, MAX_DOWNLOAD, "bytes"),
    "max_download": (64 * 1024, 16 * MAX_DOWNLOAD, "bytes"),
}
_LABELS = {
    "connect_timeout": "Connect timeout",
    "read_timeout": "Read timeout",
    "total_timeout": "Total time limit",
    "max_redirects": "Maximum redirects",
    "max_body": "Body kept in memory",
    "max_download": "Largest answer read",
    "ca_bundle": "CA bundle",
    "proxy": "Proxy",
    "follow_redirects": "Follow redirects",
    "use_env_proxy": "Use the environment's proxy",
}


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def normalize_proxy(url: str) -> str:
    """``proxy.corp:8080`` -> ``http://proxy.corp:8080``; surrounding blanks removed."""
    url = url.strip()
    if url and "://" not in url:
        url = "http://" + url
    return url


def mask_proxy(url: str) -> str:
    """The proxy URL with any password hidden, for display and error details."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{user}:••••••@{host}").geturl()


def check_proxy(url: str) -> str | None:
    """Why ``url`` cannot be used as a proxy, or None when it can."""
    parts = urlsplit(normalize_proxy(url))
    if parts.scheme.startswith("socks"):
        return "SOCKS proxies are not supported; use an HTTP proxy (http://host:port)."
    if parts.scheme not in ("http", "https"):
        return f"The proxy must start with http:// or https://, not {parts.scheme}://."
    try:
        port = parts.port
    except ValueError:
        return "The proxy's port must be a number from 1 to 65535."
    if not parts.hostname:
        return "The proxy needs a host name, like http://proxy.example.com:8080."
    if port == 0:
        return "The proxy's port must be a number from 1 to 65535."
    return None


def check_ca_bundle(path: str) -> str | None:
    """Why ``path`` is not a usable CA bundle, or None when it is."""
    bundle = Path(path).expanduser()
    if not bundle.is_file():
        return f"The CA bundle {path} does not exist; choose a PEM file with CA certificates."
    import ssl  # here: the settings load at start-up, TLS only when a bundle is checked

    try:
        context = ssl.create_default_context(cafile=str(bundle))
    except (ssl.SSLError, OSError, ValueError):
        return (
            f"The CA bundle {path} holds no PEM certificate. Export the CA certificate "
            "as PEM (text starting with -----BEGIN CERTIFICATE-----)."
        )
    if not context.get_ca_certs():
        return f"The CA bundle {path} holds no CA certificate (only end-entity certificates)."
    return None


def validate_settings(settings: FireSettings, *, check_files: bool = True) -> list[SettingsProblem]:
    """Every problem in ``settings``, one per field, each saying what to do."""
    problems: list[SettingsProblem] = []
    for name, (low, high, unit) in _RANGES.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            problems.append(SettingsProblem(name, f"{_LABELS[name]} must be a number."))
        elif not low <= value <= high:
            problems.append(
                SettingsProblem(
                    name, f"{_LABELS[name]} must be between {low:g} and {high:g} {unit}."
                )
            )
    sizes = (settings.max_body, settings.max_download)
    if all(isinstance(v, int) for v in sizes) and settings.max_download < settings.max_body:
        problems.append(
            SettingsProblem(
                "max_download", "Largest answer read must be at least the body kept in memory."
            )
        )
    if settings.proxy and (reason := check_proxy(settings.proxy)):
        problems.append(SettingsProblem("proxy", reason))
    if check_files and settings.ca_bundle and (reason := check_ca_bundle(settings.ca_bundle)):
        problems.append(SettingsProblem("ca_bundle", reason))
    return problems


def settings_from_dict(data: dict[str, Any]) -> tuple[FireSettings, list[str]]:
    """Settings from a JSON object; each unusable value falls back to its default."""
    defaults = FireSettings()
    settings = FireSettings()
    warnings: list[str] = []
    known = {f.name: f for f in dataclasses.fields(FireSettings)}
    for key, value in data.items():
        if key not in known:
            warnings.append(f"Ignored the unknown setting {key!r}.")
            continue
        default = getattr(defaults, key)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, str)
        if not ok:
            warnings.append(f"{_LABELS[key]}: {value!r} is not valid; using {default!r}.")
            continue
        setattr(settings, key, value)
    for problem in validate_settings(settings, check_files=False):
        setattr(settings, problem.field, getattr(defaults, problem.field))
        warnings.append(f"{problem.message} Using {getattr(defaults, problem.field)!r}.")
    return settings, warnings


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the saved settings; never raises (problems become ``warnings``)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(FireSettings(), path=path)
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedSettings(FireSettings(), [f"Could not read {path}: {exc}."], path)
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        kept = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(kept)
            where = f"it was kept as {kept.name}"
        except OSError:
            where = "it was left in place"
        return LoadedSettings(
            FireSettings(),
            [f"The settings file {path} is not valid JSON ({exc}); {where}. Using defaults."],
            path,
        )
    settings, warnings = settings_from_dict(data)
    return LoadedSettings(settings, warnings, path)


def save_settings(settings: FireSettings, path: Path | None = None) -> Path:
    """Check and write ``settings`` atomically.

    Raises:
        SettingsError: a value is out of range, a file is unusable, or the proxy URL
            holds a password (which would put a secret in a file).
    """
    problems = validate_settings(settings)
    if settings.proxy and urlsplit(normalize_proxy(settings.proxy)).password is not None:
        problems.append(
            SettingsProblem(
                "proxy",
                "A proxy password cannot be saved in the settings file. Set HTTPS_PROXY in "
                "the environment, or give --proxy for one run.",
            )
        )
    if problems:
        raise SettingsError(problems)
    path = path or settings_path()
    data = dataclasses.asdict(settings)
    data["proxy"] = normalize_proxy(settings.proxy)
    atomic_write(path, json.dumps(data, indent=2) + "\n")
    return path


def with_overrides(settings: FireSettings, **changes: Any) -> FireSettings:
    """A copy with each non-None change applied, checked.

    Raises:
        SettingsError: a changed value is not usable.
    """
    updated = dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})
    updated.proxy = normalize_proxy(updated.proxy)
    problems = validate_settings(updated)
    if problems:
        raise SettingsError(problems)
    return updated
