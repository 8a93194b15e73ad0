"""Proxies from the settings and the environment, against a loopback proxy that answers
itself (plain HTTP) or tunnels to a loopback TLS server (CONNECT): no traffic leaves
the machine, and no host name is looked up."""

from __future__ import annotations

import base64
import socket
import ssl
from collections.abc import Iterator

import pytest
import trustme

from app.core.http.fire import fire
from app.core.http.settings import FireSettings
from app.core.http.transport import choose_proxy, is_loopback
from tests.helpers.servers import PASSCODE, FaultServer, secret_request

API = "api.example.test"


@pytest.fixture(scope="module")
def api_tls_server(tls_ca: trustme.CA) -> Iterator[FaultServer]:
    """The 'real' HTTPS API, reachable only through the proxy's tunnel."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert(API, common_name=API).configure_cert(context)
    with FaultServer("127.0.0.1", ssl_context=context) as server:
        yield server


@pytest.fixture
def proxy(second_server: FaultServer, api_tls_server: FaultServer) -> FaultServer:
    second_server.clear()
    second_server.tunnels = {f"{API}:443": ("127.0.0.1", api_tls_server.port)}
    return second_server


@pytest.fixture(autouse=True)
def _no_env_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_plain_http_goes_through_the_settings_proxy(proxy: FaultServer) -> None:
    result = fire(secret_request(f"http://{API}/status/200"), FireSettings(proxy=proxy.base_url))
    assert result.error is None and result.status == 200
    assert result.proxy == proxy.base_url
    assert proxy.received[-1].path == f"http://{API}/status/200"


def test_the_environment_proxy_is_honoured(
    proxy: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
    result = fire(secret_request(f"http://{API}/status/200"))
    assert result.error is None and result.proxy == proxy.base_url
    assert choose_proxy(f"http://{API}/", FireSettings())[1] == "environment (HTTP_PROXY)"

    # Switched off, the name is looked up directly (made to fail here: no resolver is asked).
    def no_dns(host: str, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, f"{host}: Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    off = fire(secret_request(f"http://{API}/status/200"), FireSettings(use_env_proxy=False))
    assert off.proxy == "" and off.error is not None and off.error.kind == "dns"


def test_no_proxy_and_loopback_bypass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    monkeypatch.setenv("NO_PROXY", ".internal.corp")
    assert choose_proxy("https://api.clevertap.com/1/upload", FireSettings()) == (
        "http://proxy.corp:3128",
        "environment (HTTPS_PROXY)",
    )
    assert choose_proxy("https://hooks.internal.corp/x", FireSettings()) == ("", "")
    settings = FireSettings(proxy="proxy.corp:8080")
    assert choose_proxy("https://127.0.0.1:8443/x", settings) == ("", "")
    assert choose_proxy("https://api.clevertap.com/", settings)[0] == "http://proxy.corp:8080"
    assert all(
        is_loopback(h) for h in ("127.0.0.2", "localhost", "::1", "[::1]", "::ffff:127.0.0.1")
    )
    assert not any(is_loopback(h) for h in ("10.0.0.1", "localhost.evil.com", "0.0.0.0"))


def test_loopback_is_reached_directly_despite_a_dead_proxy(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{_dead_port()}"
    monkeypatch.setenv("HTTP_PROXY", dead)
    result = fire(secret_request(fault_server.url("/status/200")), FireSettings(proxy=dead))
    assert result.error is None and result.status == 200 and result.proxy == ""


def test_https_tunnels_through_connect_with_verification(
    proxy: FaultServer, api_tls_server: FaultServer, ca_bundle: str
) -> None:
    api_tls_server.clear()
    settings = FireSettings(proxy=proxy.base_url, ca_bundle=ca_bundle)
    result = fire(secret_request(f"https://{API}/echo"), settings)
    assert result.error is None and result.status == 200
    assert result.cert is not None and result.cert.subject.startswith(f"CN={API}")
    [connect] = proxy.received
    assert (connect.method, connect.path) == ("CONNECT", f"{API}:443")
    assert all(PASSCODE not in v for v in connect.headers.values())  # secrets only inside TLS
    assert api_tls_server.received[-1].header("X-CleverTap-Passcode") == PASSCODE


def test_tls_failure_through_a_proxy_still_names_the_certificate(proxy: FaultServer) -> None:
    result = fire(secret_request(f"https://{API}/echo"), FireSettings(proxy=proxy.base_url))
    error = result.error
    assert error is not None and (error.kind, error.cause) == ("tls", "unknown_issuer")
    assert f"Certificate issued to: CN={API}" in error.message


def test_a_dead_proxy_is_named_and_its_password_masked() -> None:
    settings = FireSettings(proxy=f"http://agent:pw-Zq81x@127.0.0.1:{_dead_port()}")
    result = fire(secret_request(f"http://{API}/x"), settings)
    assert result.error is not None and result.error.kind == "proxy"
    assert "pw-Zq81x" not in result.error.message + result.error.detail
    assert "proxy" in result.error.hint.lower()


def test_proxy_credentials_are_sent_to_the_proxy_only(proxy: FaultServer) -> None:
    settings = FireSettings(proxy=f"http://agent:pw-Zq81x@{proxy.host}:{proxy.port}")
    result = fire(secret_request(f"http://{API}/status/200"), settings)
    assert result.error is None
    assert result.proxy == f"http://agent:••••••@{proxy.host}:{proxy.port}"
    token = base64.b64encode(b"agent:pw-Zq81x").decode()
    assert proxy.received[-1].header("Proxy-Authorization") == f"Basic {token}"
