"""Find a secret in any form it could leak in: for the leak tests (CLI, core, GUI).

The forms are computed independently of :mod:`app.core.secrets.logsafe` on purpose: a test
that reused the app's own list of forms could not notice a form the app forgot.
"""

from __future__ import annotations

import base64
import gzip
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus


def _b64_inside(data: bytes) -> list[bytes]:
    """Base64 text that appears wherever ``data`` is encoded inside a longer stream."""
    out = []
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + data)
        middle = encoded[-(-4 * pad // 3) : 4 * (pad + len(data)) // 3]
        out += [middle, middle.replace(b"+", b"-").replace(b"/", b"_")]
    return out


def leak_forms(secret: str, users: Iterable[str] = ()) -> dict[str, bytes]:
    """Name -> bytes of every form ``secret`` may take in a file or on a terminal.

    Args:
        users: usernames the secret may be paired with in ``Basic`` auth (``user:secret``).
    """
    raw = secret.encode()
    forms = {
        "plain": raw,
        "url": quote(secret, safe="").encode(),
        "url-path": quote(secret).encode(),
        "url-plus": quote_plus(secret).encode(),
        "url-lower": quote(secret, safe="").lower().encode(),
        "json": json.dumps(secret)[1:-1].encode(),
        "json-slash": json.dumps(secret)[1:-1].replace("/", "\\/").encode(),
        "repr": repr(secret)[1:-1].encode(),
        "utf16": secret.encode("utf-16-le"),
        "hex": raw.hex().encode(),
    }
    for user in users:
        token = base64.b64encode(f"{user}:{secret}".encode())
        forms[f"basic({user})"] = token
    for index, fragment in enumerate(_b64_inside(raw)):
        forms[f"base64#{index}"] = fragment
    return {name: form for name, form in forms.items() if len(form) >= 6}


@dataclass(frozen=True)
class Hit:
    where: str
    form: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.form} form …{self.context}…"


def scan_bytes(where: str, data: bytes, forms: dict[str, bytes]) -> list[Hit]:
    hits = []
    lowered = data.lower()
    for name, form in forms.items():
        haystack = lowered if name == "url-lower" else data
        at = haystack.find(form)
        if at >= 0:
            context = data[max(0, at - 30) : at + len(form) + 30].decode("utf-8", "replace")
            hits.append(Hit(where, name, context))
    return hits


def scan_tree(root: Path, forms: dict[str, bytes], exclude: Iterable[Path] = ()) -> list[Hit]:
    """Every file under ``root`` (except ``exclude``), each read whole, including binary;
    the members of zip files (support bundles) and gzip files are scanned unpacked."""
    skipped = {Path(p).resolve() for p in exclude}
    hits = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.resolve() not in skipped:
            hits += scan_file(path, forms)
    return hits


def scan_file(path: Path, forms: dict[str, bytes]) -> list[Hit]:
    data = path.read_bytes()
    hits = scan_bytes(str(path), data, forms)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                hits += scan_bytes(f"{path}!{name}", archive.read(name), forms)
    elif data[:2] == b"\x1f\x8b":
        hits += scan_bytes(f"{path} (gunzipped)", gzip.decompress(data), forms)
    return hits


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
