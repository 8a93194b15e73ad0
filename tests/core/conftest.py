"""Loopback servers for the fire tests: started once per session (stopping costs time)."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme

from app.core.http.settings import FireSettings
from tests.helpers.servers import Blackhole, FaultServer, Silent


@pytest.fixture(autouse=True)
def _loopback_dns_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the fire tests, a look-up of any name but ``localhost`` fails instead of asking
    the machine's resolver: tests must never send traffic off the loopback."""
    if not request.module.__name__.rpartition(".")[2].startswith("test_fire"):
        return
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name == "localhost" or _is_address(name):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"{name}: not resolved in tests")

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.partition("%")[0])
    except ValueError:
        return False
    return True


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as server:
        yield server


@pytest.fixture(scope="session")
def second_server() -> Iterator[FaultServer]:
    """Another origin on another loopback address: where redirects must not carry secrets."""
    with FaultServer("127.0.0.2") as server:
        yield server


@pytest.fixture(scope="session")
def silent() -> Iterator[Silent]:
    with Silent() as server:
        yield server


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    with Blackhole() as hole:
        yield hole


@pytest.fixture(scope="session")
def tls_ca() -> trustme.CA:
    return trustme.CA(organization_name="Hooksmith Test CA")


@pytest.fixture(scope="session")
def ca_bundle(tls_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    tls_ca.cert_pem.write_to_path(str(path))
    return str(path)


def _tls_server(cert: trustme.LeafCert) -> FaultServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return FaultServer("127.0.0.1", ssl_context=context)


@pytest.fixture(scope="session")
def tls_server(tls_ca: trustme.CA) -> Iterator[FaultServer]:
    with _tls_server(tls_ca.issue_cert("127.0.0.1", "localhost", common_name="127.0.0.1")) as s:
        yield s


@pytest.fixture(scope="session")
def expired_tls_server(tls_ca: trustme.CA) -> Iterator[FaultServer]:
    now = datetime.now(UTC)
    cert = tls_ca.issue_cert(
        "127.0.0.1",
        common_name="expired.test",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=30),
    )
    with _tls_server(cert) as server:
        yield server


@pytest.fixture(scope="session")
def wrong_host_tls_server(tls_ca: trustme.CA) -> Iterator[FaultServer]:
    with _tls_server(tls_ca.issue_cert("wrong.example.com", common_name="wrong.example.com")) as s:
        yield s


@pytest.fixture
def fast() -> FireSettings:
    """Short limits so failure tests finish quickly."""
    return FireSettings(connect_timeout=1.0, read_timeout=1.0, total_timeout=10.0)


@pytest.fixture
def cache_root(hooksmith_home: Path) -> Path:
    return hooksmith_home / "cache"
