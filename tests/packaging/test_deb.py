"""The Linux installers, as a user gets them: built once per test run with
``packaging/linux/build.sh`` (about 75 s), the .deb unpacked into a temporary root with
``dpkg -x``, its menu entry, metadata and icon validated, and the installed binary run.

Set HOOKSMITH_PACKAGES=<folder holding the .deb and .tar.gz> to test a build made
earlier instead of building again.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import ssl
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pytest
import trustme

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "com.hooksmith.Hooksmith"
#: Libraries the bundle takes from the system, and the package of each (the .deb's Depends).
SYSTEM_LIBS = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libxcb.so.1": "libxcb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None,
        reason="the .deb is built and installed with dpkg-deb (Debian, Ubuntu)",
    ),
]


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(.deb, .tar.gz): built by build.sh once per session, or taken from HOOKSMITH_PACKAGES.

    The build goes to temporary folders, so a developer's dist/ and a concurrent run's
    build are left alone.
    """
    given = os.environ.get("HOOKSMITH_PACKAGES")
    if given:
        folder = Path(given)
    else:
        folder = tmp_path_factory.mktemp("dist")
        env = {k: v for k, v in os.environ.items() if k != "HOOKSMITH_HOME"}
        env["HOOKSMITH_DIST_DIR"] = str(folder)
        work = tmp_path_factory.mktemp("build")
        env["HOOKSMITH_BUILD_DIR"] = str(work)
        build = subprocess.run(
            ["bash", str(ROOT / "packaging/linux/build.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        shutil.rmtree(work, ignore_errors=True)  # ~140 MB of intermediate files
        assert build.returncode == 0, build.stderr[-4000:]
    debs = sorted(folder.glob(f"hooksmith_{__version__}_*.deb"))
    tarballs = sorted(folder.glob(f"hooksmith-{__version__}-linux-*.tar.gz"))
    assert debs and tarballs, f"no installers for {__version__} in {folder}"
    return debs[0], tarballs[0]


@pytest.fixture(scope="session")
def installed(packages: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb unpacked into a temporary root, as ``dpkg -i`` would place its files."""
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg", "-x", str(packages[0]), str(root)], check=True)
    return root


def clean_env(**extra: str) -> dict[str, str]:
    """A user's environment: no display, no Qt platform, nothing pointing at the checkout."""
    drop = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH", "HOOKSMITH_RESOURCES")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


def test_control_fields(packages: tuple[Path, Path]) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(packages[0])], capture_output=True, text=True, check=True
    ).stdout
    control = dict(line.split(": ", 1) for line in fields.splitlines() if ": " in line)
    assert control["Package"] == "hooksmith"
    assert control["Version"] == __version__
    depends = [d.strip() for d in control["Depends"].split(",")]
    assert any(d.startswith("libc6 (>= 2.") for d in depends)
    assert "ca-certificates" in depends
    assert set(SYSTEM_LIBS.values()) <= {d.split()[0] for d in depends}


def test_menu_entry_icon_metadata_and_launcher_are_installed(installed: Path) -> None:
    desktop = installed / f"usr/share/applications/{APP_ID}.desktop"
    icon = installed / f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg"
    metainfo = installed / f"usr/share/metainfo/{APP_ID}.metainfo.xml"
    launcher = installed / "usr/bin/hooksmith"
    for path in (desktop, icon, metainfo, launcher):
        assert path.is_file(), path
    assert os.access(launcher, os.X_OK)
    assert "exec /usr/lib/hooksmith/hooksmith " in launcher.read_text()
    assert os.access(installed / "usr/lib/hooksmith/hooksmith", os.X_OK)
    assert ElementTree.parse(icon).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_desktop_entry_is_valid(installed: Path) -> None:
    desktop = installed / f"usr/share/applications/{APP_ID}.desktop"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
        assert check.returncode == 0 and not check.stdout, check.stdout
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(desktop, encoding="utf-8")
    fields = entry["Desktop Entry"]
    assert fields["Type"] == "Application"
    assert fields["Terminal"] == "false"
    assert (installed / "usr/bin" / fields["Exec"].split()[0]).is_file()
    assert (installed / f"usr/share/icons/hicolor/scalable/apps/{fields['Icon']}.svg").is_file()


def test_appstream_metainfo_is_valid(installed: Path) -> None:
    metainfo = installed / f"usr/share/metainfo/{APP_ID}.metainfo.xml"
    if shutil.which("appstreamcli"):
        check = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr
    component = ElementTree.parse(metainfo).getroot()
    assert component.findtext("id") == APP_ID
    launchable = component.findtext("launchable")
    assert (installed / "usr/share/applications" / str(launchable)).is_file()
    release = component.find("releases/release")
    assert release is not None and release.get("version") == __version__


def test_every_bundled_library_resolves(installed: Path) -> None:
    """Nothing the bundle loads is missing, except system libraries its Depends name."""
    bundle = installed / "usr/lib/hooksmith"
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal}/PySide6/Qt/lib"}
    missing: dict[str, set[str]] = {}
    elves = [p for p in bundle.rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"]
    assert len(elves) > 50
    for elf in elves:
        out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.setdefault(line.split()[0], set()).add(elf.name)
    unexpected = {lib: users for lib, users in missing.items() if lib not in SYSTEM_LIBS}
    assert not unexpected


def test_installed_binary_passes_its_self_test(installed: Path) -> None:
    binary = installed / "usr/lib/hooksmith/hooksmith"
    result = subprocess.run(
        [str(binary), "--self-test"],
        cwd=installed,
        env=clean_env(LC_CTYPE="C.UTF-8"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Hooksmith {__version__} self-test (frozen build, linux)" in result.stdout
    assert f"ok   resources {installed}/usr/lib/hooksmith/_internal/resources:" in result.stdout
    assert "clevertap 200" in result.stdout
    assert "the wizard ('Hooksmith') opened" in result.stdout
    if os.environ.get("HOOKSMITH_SECRET_SERVICE"):
        assert "in use: Secret Service" in result.stdout


def test_launcher_runs_the_bundle_with_a_utf8_locale(installed: Path, tmp_path: Path) -> None:
    launcher = tmp_path / "hooksmith"
    launcher.write_text(
        (installed / "usr/bin/hooksmith")
        .read_text()
        .replace("/usr/lib/hooksmith/", f"{installed}/usr/lib/hooksmith/")
    )
    env = clean_env(LANG="C")
    env.pop("LC_ALL", None)
    env.pop("LC_CTYPE", None)
    result = subprocess.run(
        ["sh", str(launcher), "--version"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hooksmith {__version__}"
    assert "locale" not in result.stderr.lower()


@pytest.fixture(scope="session")
def portable(packages: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("portable")
    with tarfile.open(packages[1]) as archive:
        archive.extractall(target, filter="tar")
    return target / f"hooksmith-{__version__}"


def test_portable_tarball_runs_and_adds_a_menu_entry(portable: Path, tmp_path: Path) -> None:
    assert (portable / "README.txt").is_file()
    check = subprocess.run(
        [str(portable / "hooksmith"), "--self-test=resources,catalogue,keyring,tls"],
        env=clean_env(LC_CTYPE="C.UTF-8"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert str(portable / "_internal/resources") in check.stdout

    data = tmp_path / "data"
    subprocess.run(
        ["sh", str(portable / "install-menu-entry.sh")],
        env=clean_env(XDG_DATA_HOME=str(data)),
        check=True,
        capture_output=True,
    )
    entry = data / f"applications/{APP_ID}.desktop"
    assert f'Exec="{portable}/hooksmith"' in entry.read_text()
    assert (data / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        validated = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert validated.returncode == 0 and not validated.stdout


@pytest.mark.secret_service
@pytest.mark.skipif(
    not os.environ.get("HOOKSMITH_SECRET_SERVICE"),
    reason="needs the Secret Service that scripts/test.sh starts (HOOKSMITH_SECRET_SERVICE=1)",
)
def test_frozen_cli_keeps_a_secret_in_the_secret_service_and_fires(
    installed: Path, tmp_path: Path
) -> None:
    """The frozen keyring backend round-trips through gnome-keyring, then a CLI fire."""
    binary = str(installed / "usr/lib/hooksmith/hooksmith")
    env = clean_env(LC_CTYPE="C.UTF-8", HOOKSMITH_HOME=str(tmp_path / "home"))
    profile = str(tmp_path / "frozen.hooksmith.json")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [binary, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
        )

    made = run("init", "clevertap", profile, "--region", "sandbox", "--credential",
               "account_id=SANDBOX-PROJECT")  # fmt: skip
    assert made.returncode == 0, made.stderr
    stored = run("credentials", "set", profile, "passcode", "--stdin", stdin="sandbox-passcode\n")
    assert stored.returncode == 0, stored.stdout + stored.stderr
    try:
        fired = run("fire", profile, "--sandbox")
        assert fired.returncode == 0, fired.stdout + fired.stderr
        assert "sandbox-passcode" not in fired.stdout
    finally:
        run("credentials", "delete", profile)


class _CleverTapLike(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"status": "success", "processed": 1, "unprocessed": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, CA file): an HTTPS server on loopback with a throwaway CA's certificate."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CleverTapLike)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", ca_file
    finally:
        server.shutdown()
        server.server_close()


def test_frozen_fire_verifies_tls_against_the_trust_store(
    installed: Path, tmp_path: Path, https_server: tuple[str, Path]
) -> None:
    """The frozen TLS stack (truststore, OpenSSL, the CA-bundle setting) verifies for real:
    an unknown authority is refused in words, the same server with its CA trusted works."""
    base, ca_file = https_server
    binary = str(installed / "usr/lib/hooksmith/hooksmith")
    env = clean_env(LC_CTYPE="C.UTF-8", HOOKSMITH_HOME=str(tmp_path / "home"))
    profile = tmp_path / "tls.hooksmith.json"
    init = [binary, "init", "clevertap", str(profile), "--credential", "account_id=TLS-TEST"]
    made = subprocess.run(init, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    document = json.loads(profile.read_text())
    document["custom_base"] = base
    profile.write_text(json.dumps(document))

    def fire(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [binary, "fire", str(profile), "--yes", "--ask-secrets", *extra],
            input="tls-test-passcode\n",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    refused = fire()
    assert refused.returncode == 1
    assert "issued by an authority this computer does not trust" in refused.stdout
    trusted = fire("--ca-bundle", str(ca_file))
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert "< 200" in trusted.stdout
    assert "tls-test-passcode" not in trusted.stdout
