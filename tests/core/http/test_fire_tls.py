"""HTTPS against real loopback servers with a throwaway CA (trustme): verified with the CA
bundle, and explained (subject, issuer, dates) when verification fails."""

from __future__ import annotations

import threading
import time

from app.core.http.fire import FireJob, fire
from app.core.http.settings import FireSettings
from app.core.http.tls import decode_der, fetch_peer_cert
from tests.helpers.servers import FaultServer, secret_request


def test_https_passes_with_the_ca_bundle(tls_server: FaultServer, ca_bundle: str) -> None:
    result = fire(secret_request(tls_server.url("/status/200")), FireSettings(ca_bundle=ca_bundle))
    assert result.error is None and result.status == 200
    assert result.tls_version.startswith("TLSv1.")
    assert result.cert is not None and "CN=127.0.0.1" in result.cert.subject
    assert "Hooksmith Test CA" in result.cert.issuer
    assert "127.0.0.1" in result.cert.names


def test_unknown_issuer_names_subject_and_issuer(tls_server: FaultServer) -> None:
    tls_server.clear()
    result = fire(secret_request(tls_server.url("/status/200")), FireSettings(connect_timeout=2))
    error = result.error
    assert result.status is None and error is not None
    assert (error.kind, error.cause) == ("tls", "unknown_issuer")
    assert "authority this computer does not trust (unknown issuer)" in error.message
    assert "Certificate issued to: CN=127.0.0.1, " in error.message
    assert "; issued by: OU=Testing CA" in error.message
    assert "O=Hooksmith Test CA; valid 2000-01-01 to 3000-01-01; for: 127.0.0.1" in error.message
    assert "CA bundle" in error.hint
    assert error.cert is not None and not error.cert.self_signed
    assert "CERTIFICATE_VERIFY_FAILED" in error.detail
    assert tls_server.received == []  # nothing, secrets least of all, was sent


def test_expired_certificate(expired_tls_server: FaultServer, ca_bundle: str) -> None:
    result = fire(
        secret_request(expired_tls_server.url("/status/200")), FireSettings(ca_bundle=ca_bundle)
    )
    error = result.error
    assert error is not None and (error.kind, error.cause) == ("tls", "expired")
    assert "has expired" in error.message and "CN=expired.test" in error.message
    assert error.cert is not None and error.cert.expired


def test_wrong_host_certificate(wrong_host_tls_server: FaultServer, ca_bundle: str) -> None:
    result = fire(
        secret_request(wrong_host_tls_server.url("/status/200")), FireSettings(ca_bundle=ca_bundle)
    )
    error = result.error
    assert error is not None and (error.kind, error.cause) == ("tls", "wrong_host")
    assert "not valid for the name 127.0.0.1" in error.message
    assert "for: wrong.example.com." in error.message  # the names it is valid for


def test_plain_http_on_a_tls_port_is_named(tls_server: FaultServer) -> None:
    result = fire(secret_request(f"http://127.0.0.1:{tls_server.port}/status/200"))
    assert result.error is not None
    assert result.error.kind in ("reset", "protocol")


def test_https_to_a_plain_http_port(fault_server: FaultServer) -> None:
    result = fire(secret_request(f"https://127.0.0.1:{fault_server.port}/status/200"))
    assert result.error is not None and result.error.kind == "tls"
    assert "did not speak TLS" in result.error.message


def test_fetch_peer_cert_reads_without_verifying(tls_server: FaultServer) -> None:
    cert = fetch_peer_cert("127.0.0.1", tls_server.port, timeout=2)
    assert cert is not None and cert.subject.startswith("CN=127.0.0.1, ")
    assert cert.issuer.endswith("O=Hooksmith Test CA") and cert.not_after is not None


def test_fetch_peer_cert_gives_none_when_nothing_listens() -> None:
    assert fetch_peer_cert("127.0.0.1", 1, timeout=0.5) is None
    assert decode_der(b"not a certificate") is None


def test_cancel_stops_a_blocked_https_read(tls_server: FaultServer, ca_bundle: str) -> None:
    settings = FireSettings(ca_bundle=ca_bundle, read_timeout=30)
    job = FireJob(secret_request(tls_server.url("/hang")), settings)
    threading.Timer(0.3, job.cancel).start()
    started = time.perf_counter()
    result = job.run()
    assert result.error is not None and result.error.kind == "cancelled"
    assert time.perf_counter() - started < 0.8
