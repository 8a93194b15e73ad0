"""Answers that arrive whole but say something went wrong, or are awkward to show:
5xx, 429 with Retry-After, an empty 204, bytes that are not UTF-8, ten megabytes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from app.core.destination.catalogue import get_destination
from app.core.http.fire import FireJob, fire
from app.core.http.interpret import explain
from app.core.http.settings import FireSettings
from tests.helpers.servers import PASSCODE, FaultServer, secret_request

TEN_MB = 10 * 1024 * 1024


def test_success_records_status_timing_size_headers_and_peer(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/status/200")))
    assert result.error is None and result.complete
    assert (result.status, result.reason) == (200, "OK")
    assert result.ttfb is not None and 0 < result.ttfb <= result.elapsed
    assert result.size == len(result.body) == len(b'{"status": 200}')
    assert result.header("content-type") == "application/json"
    assert result.peer == f"127.0.0.1:{fault_server.port}"
    assert result.proxy == "" and result.tls_version == "" and result.cert is None
    assert result.body_view().kind == "json"


def test_the_request_arrives_as_built(fault_server: FaultServer) -> None:
    fault_server.clear()
    fire(secret_request(fault_server.url("/echo"), body=b'{"d": [1]}'))
    seen = fault_server.received[-1]
    assert seen.method == "POST" and seen.body == b'{"d": [1]}'
    assert seen.header("X-CleverTap-Passcode") == PASSCODE
    assert seen.header(
        "User-Agent",
    ).startswith("Hooksmith/")  # type: ignore[union-attr]


def test_500_and_503_are_answers_not_errors(fault_server: FaultServer) -> None:
    for status in (500, 503):
        result = fire(secret_request(fault_server.url(f"/status/{status}")))
        assert result.error is None and result.status == status
        explanation = explain(None, status, result.header_map, result.body)
        assert explanation.verdict == "retry"
        assert f"({status})" in explanation.title


def test_429_gives_retry_after(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/status/429?retry_after=7")))
    assert result.status == 429 and result.retry_after == 7.0
    explanation = explain(get_destination("clevertap"), 429, result.header_map, result.body)
    assert explanation.retry_after == "7"
    assert any("7 second" in line for line in explanation.lines())


def test_retry_after_as_an_http_date(fault_server: FaultServer) -> None:
    url = fault_server.url("/status/503?retry_after=Wed,%2021%20Oct%202015%2007:28:00%20GMT")
    result = fire(secret_request(url))
    assert result.retry_after == 0.0  # a date in the past: retry now


def test_empty_204(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/status/204")))
    assert result.error is None and result.status == 204 and result.complete
    assert result.body == b"" and result.size == 0
    view = result.body_view()
    assert view.kind == "empty" and view.note == "The response has no body."


def test_invalid_utf8_is_shown_safely(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/bad-utf8")))
    assert result.error is None and result.status == 200
    view = result.body_view()
    assert view.kind == "text"
    assert view.text.startswith("caf\ufffd") and "résumé ok" in view.text
    assert "3 invalid byte sequences" in view.note


def test_binary_body_gets_a_hex_preview(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/binary")))
    view = result.body_view()
    assert view.kind == "binary"
    assert view.text.startswith("00000000  00 01 02 03")


def test_ten_megabytes_kept_whole_with_a_truncated_view(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    result = fire(secret_request(fault_server.url(f"/big?size={TEN_MB}")))
    assert result.error is None and result.complete
    assert result.size == TEN_MB and len(result.body) == TEN_MB and not result.truncated
    assert result.body_file is None  # under max_body: in memory
    view = result.body_view(limit=50_000)
    assert view.truncated and len(view.text) < 50_200
    assert "10.0 MB body" in view.text.splitlines()[-1]
    saved = result.save_body(tmp_path / "body.txt")
    assert saved.stat().st_size == TEN_MB


def test_a_body_beyond_max_body_spills_to_a_private_file(
    fault_server: FaultServer, tmp_path: Path, cache_root: Path
) -> None:
    settings = FireSettings(max_body=1024 * 1024)
    result = FireJob(secret_request(fault_server.url(f"/big?size={TEN_MB}")), settings).run()
    assert result.error is None and result.complete and result.truncated
    assert len(result.body) == 1024 * 1024 and result.size == TEN_MB
    assert result.body_file is not None and result.body_file.is_relative_to(cache_root)
    assert stat.S_IMODE(os.stat(result.body_file).st_mode) == 0o600
    saved = result.save_body(tmp_path / "whole.bin")
    assert saved.read_bytes()[:1000] == result.body[:1000]
    assert saved.stat().st_size == TEN_MB
    spilled = result.body_file
    result.discard()
    assert not spilled.exists() and result.body_file is None


def test_max_download_stops_reading(fault_server: FaultServer) -> None:
    settings = FireSettings(max_body=64 * 1024, max_download=256 * 1024)
    result = FireJob(secret_request(fault_server.url(f"/big?size={TEN_MB}")), settings).run()
    assert result.status == 200 and result.size == 256 * 1024
    assert result.error is not None and result.error.kind == "too_large"
    assert not result.complete
    result.discard()


def test_an_echoed_secret_is_masked_in_the_view(fault_server: FaultServer) -> None:
    result = fire(secret_request(fault_server.url("/echo")))
    document = json.loads(result.body)
    assert document["headers"]["X-CleverTap-Passcode"] == PASSCODE  # the bytes are faithful
    assert PASSCODE not in result.body_view().text  # the view is not


def test_a_saved_body_masks_echoed_secrets_unless_asked(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.clear()
    result = fire(secret_request(fault_server.url("/echo")))
    assert result.echoed_secrets() == 2  # the passcode and the bearer token
    masked = result.save_body(tmp_path / "masked.json")
    text = masked.read_text(encoding="utf-8")
    assert PASSCODE not in text and "••••••" in text
    assert json.loads(text)["headers"]  # still the server's JSON, only masked
    raw = result.save_body(tmp_path / "raw.json", reveal=True)
    assert PASSCODE in raw.read_text(encoding="utf-8")


def test_a_spilled_body_is_masked_across_chunk_edges(tmp_path: Path) -> None:
    from app.core.secrets.logsafe import MASK, Redactor

    secret = "spill-SECRET-42"
    redactor = Redactor([secret])
    # Secrets at every offset around the 64 KiB chunk edges, and at the very end.
    data = b"".join(b"x" * n + secret.encode() for n in range(65_000, 65_600, 37)) + b"\n"
    source = tmp_path / "in.bin"
    source.write_bytes(data)
    out = tmp_path / "out.bin"
    with source.open("rb") as src, out.open("wb") as sink:
        count = redactor.redact_stream(src, sink)
    assert count == data.count(secret.encode())
    assert out.read_bytes() == data.replace(secret.encode(), MASK.encode())
