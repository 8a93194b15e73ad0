"""Network faults against real loopback servers: each gets a plain message, a hint and
the raw detail, promptly, with secrets masked."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from app.core.http.fire import FireJob, fire
from app.core.http.settings import FireSettings
from tests.helpers.servers import PASSCODE, TOKEN, Blackhole, FaultServer, Silent, secret_request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _no_secret(text: str) -> None:
    assert PASSCODE not in text and TOKEN not in text


def test_refused_port_is_explained(fast: FireSettings) -> None:
    port = _free_port()
    result = fire(secret_request(f"http://127.0.0.1:{port}/x"), fast)
    assert result.status is None and result.error is not None
    assert result.error.kind == "refused"
    assert "127.0.0.1 refused the connection" in result.error.message
    assert result.error.hint and "ConnectionRefusedError" in result.error.detail
    assert result.elapsed < 1.0


def test_connect_timeout_when_the_backlog_is_full(blackhole: Blackhole) -> None:
    settings = FireSettings(connect_timeout=0.3, read_timeout=1.0)
    result = fire(secret_request(blackhole.base_url + "/x"), settings)
    assert result.error is not None and result.error.kind == "connect_timeout"
    assert "did not accept a connection in time" in result.error.message
    assert "connect timeout" in result.error.hint
    assert 0.25 < result.elapsed < 1.0


def test_dns_failure_is_explained(monkeypatch: pytest.MonkeyPatch, fast: FireSettings) -> None:
    # No resolver may be asked here (no network): the look-up itself is made to fail,
    # exactly as getaddrinfo fails for an unknown name.
    real = socket.getaddrinfo

    def fake(host: str, *args: object, **kwargs: object) -> object:
        if host == "api.nowhere.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    result = fire(secret_request("https://api.nowhere.invalid/1/upload"), fast)
    assert result.error is not None and result.error.kind == "dns"
    assert result.error.cause == "not_found"
    assert "api.nowhere.invalid could not be found" in result.error.message


def test_slow_dns_is_bounded_by_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def stuck(*args: object, **kwargs: object) -> object:
        release.wait(5)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    started = time.perf_counter()
    result = fire(secret_request("https://slow.dns.invalid/x"), FireSettings(connect_timeout=0.3))
    release.set()
    assert result.error is not None and result.error.kind == "dns"
    assert result.error.cause == "timeout"
    assert time.perf_counter() - started < 1.0


def test_accept_then_never_answer_is_a_read_timeout(fault_server: FaultServer) -> None:
    settings = FireSettings(connect_timeout=1.0, read_timeout=0.4)
    result = fire(secret_request(fault_server.url("/hang")), settings)
    assert result.status is None
    assert result.error is not None and result.error.kind == "read_timeout"
    assert result.error.cause == "headers"
    assert "did not answer in time" in result.error.message
    assert 0.35 < result.elapsed < 1.5


def test_slow_drip_is_stopped_by_the_total_limit(fault_server: FaultServer) -> None:
    settings = FireSettings(connect_timeout=1.0, read_timeout=5.0, total_timeout=0.6)
    url = fault_server.url("/drip?size=1000&interval=0.05")
    seen: list[tuple[str, int]] = []
    result = FireJob(secret_request(url), settings, lambda p, n: seen.append((p, n))).run()
    assert result.status == 200
    assert result.error is not None and result.error.kind == "too_slow"
    assert "total time limit" in result.error.message
    assert 0 < result.size < 1000 and not result.complete
    assert result.body == b"x" * result.size
    assert 0.55 < result.elapsed < 1.5
    # progress arrives while the drip goes on, not only at the end
    assert [p for p, _ in seen].count("receiving") >= 3


def test_a_chunked_drip_is_read_as_it_arrives(fault_server: FaultServer) -> None:
    url = fault_server.url("/drip?size=8&interval=0.05&chunked=1")
    seen: list[int] = []
    result = FireJob(secret_request(url), progress=lambda p, n: seen.append(n)).run()
    assert result.error is None and result.complete and result.body == b"x" * 8
    assert seen[-8:] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_silent_server_over_http_and_https(silent: Silent) -> None:
    settings = FireSettings(connect_timeout=0.3, read_timeout=0.4)
    plain = fire(secret_request(silent.url("http")), settings)
    assert plain.error is not None and plain.error.kind == "read_timeout"
    secure = fire(secret_request(silent.url("https")), settings)
    assert secure.error is not None
    assert (secure.error.kind, secure.error.cause) == ("connect_timeout", "handshake")
    assert "did not complete the secure (TLS) handshake" in secure.error.message


def test_cancel_stops_a_hanging_tls_handshake(silent: Silent) -> None:
    job = FireJob(secret_request(silent.url("https")), FireSettings(connect_timeout=20))
    threading.Timer(0.3, job.cancel).start()
    started = time.perf_counter()
    result = job.run()
    assert result.error is not None and result.error.kind == "cancelled"
    assert time.perf_counter() - started < 0.8


def test_reset_mid_body_keeps_the_part_received(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/reset?sent=100&declared=1000")))
    assert result.status == 200
    assert result.error is not None and result.error.kind == "reset"
    assert "before the answer was complete" in result.error.message
    assert result.size <= 100 and not result.complete


def test_clean_close_before_content_length_is_incomplete(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/cut?sent=100&declared=1000")))
    assert result.status == 200 and result.size == 100
    assert result.error is not None and result.error.kind == "reset"
    assert "IncompleteRead" in result.error.detail


def test_a_non_http_answer_is_named(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/garbage")))
    assert result.error is not None and result.error.kind == "protocol"
    assert "not HTTP" in result.error.message


def test_invalid_url_is_explained() -> None:
    result = fire(secret_request("ftp://127.0.0.1/file"))
    assert result.error is not None and result.error.kind == "invalid_url"


def test_details_never_hold_secrets(fault_server: FaultServer, fast: FireSettings) -> None:
    request = secret_request(fault_server.url("/hang"))
    request.headers.append(("X-Bad", f"{PASSCODE}\r\nInjected: 1"))
    result = fire(request, fast)
    assert result.error is not None
    _no_secret(result.error.message + result.error.hint + result.error.detail)


def test_cancel_stops_a_blocked_read_promptly(fault_server: FaultServer) -> None:
    settings = FireSettings(connect_timeout=2.0, read_timeout=30.0)
    job = FireJob(secret_request(fault_server.url("/hang")), settings)
    threading.Timer(0.3, job.cancel).start()
    started = time.perf_counter()
    result = job.run()
    took = time.perf_counter() - started
    assert result.error is not None and result.error.kind == "cancelled"
    assert job.cancelled
    assert 0.25 < took < 0.8  # the read timeout is 30 s


def test_cancel_stops_a_hanging_connect(blackhole: Blackhole) -> None:
    job = FireJob(secret_request(blackhole.base_url + "/x"), FireSettings(connect_timeout=20))
    threading.Timer(0.3, job.cancel).start()
    started = time.perf_counter()
    result = job.run()
    assert result.error is not None and result.error.kind == "cancelled"
    assert time.perf_counter() - started < 0.8


def test_cancel_stops_a_hanging_dns_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def stuck(*args: object, **kwargs: object) -> object:
        release.wait(5)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    job = FireJob(secret_request("https://stuck.dns.invalid/x"), FireSettings(connect_timeout=20))
    threading.Timer(0.2, job.cancel).start()
    started = time.perf_counter()
    result = job.run()
    release.set()
    assert result.error is not None and result.error.kind == "cancelled"
    assert time.perf_counter() - started < 0.6


def test_cancel_before_run_sends_nothing(fault_server: FaultServer) -> None:
    fault_server.clear()
    job = FireJob(secret_request(fault_server.url("/echo")))
    job.cancel()
    result = job.run()
    assert result.error is not None and result.error.kind == "cancelled"
    assert fault_server.received == []


def test_cancel_after_completion_keeps_the_answer(fault_server: FaultServer) -> None:
    job = FireJob(secret_request(fault_server.url("/status/200")))
    result = job.run()
    job.cancel()
    assert result.error is None and result.status == 200 and result.complete


def test_unusable_settings_are_named_before_anything_is_sent(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.clear()
    settings = FireSettings(ca_bundle=str(tmp_path / "missing.pem"), read_timeout=-1)
    result = fire(secret_request(fault_server.url("/echo")), settings)
    assert result.error is not None and result.error.kind == "settings"
    assert "Read timeout must be between" in result.error.message
    assert "missing.pem does not exist" in result.error.message
    assert fault_server.received == []
