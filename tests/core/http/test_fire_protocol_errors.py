"""A server that breaks HTTP is blamed for it: every parser error urllib3 and
``http.client`` can raise on an answer is explained as the server's fault, never as a
problem with the user's request (credentials, headers, URL)."""

from __future__ import annotations

import pytest

from app.core.http.bodyview import safe_text
from app.core.http.fire import fire
from app.core.http.sanitize import visible
from app.core.http.settings import FireSettings
from tests.helpers.servers import PASSCODE, TOKEN, FaultServer, raw_server, secret_request

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"


#: (id, the bytes the server answers, whether a status line arrived first, the kind)
BROKEN = [
    ("status-without-number", b"HTTP/1.0 OK garbage\r\n\r\n", False, "protocol"),
    ("status-out-of-range", b"HTTP/1.1 42 Weird\r\nContent-Length: 0\r\n\r\n", False, "protocol"),
    ("http-0.9-no-status-line", b"hello world, no status line here\r\n", False, "protocol"),
    ("header-line-too-long", _HEAD + b"X-Long: " + b"a" * 70_000 + b"\r\n\r\n", False, "protocol"),
    (
        "too-many-headers",
        _HEAD + b"".join(b"X-H%d: v\r\n" % i for i in range(120)) + b"\r\n",
        False,
        "protocol",
    ),
    (
        "conflicting-content-length",
        _HEAD + b"Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
        False,
        "protocol",
    ),
    (
        "bad-chunk-size",
        _HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n",
        True,
        "protocol",
    ),
    ("chunk-cut-short", _HEAD + b"Transfer-Encoding: chunked\r\n\r\n10\r\nabc", True, "reset"),
    ("content-length-mismatch", _HEAD + b"Content-Length: 100\r\n\r\nonly ten b", True, "reset"),
]


@pytest.mark.parametrize(
    ("answer", "answered", "kind"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_a_broken_answer_blames_the_server(answer: bytes, answered: bool, kind: str) -> None:
    with raw_server(answer) as base:
        url = base + "/x"
        result = fire(secret_request(url), FireSettings(connect_timeout=2, read_timeout=2))
    error = result.error
    assert error is not None, result
    words = f"{error.message} {error.hint}"
    # Never the user's request...
    assert error.kind not in ("invalid_request", "invalid_url", "other"), error
    for blame in ("cannot be sent", "credentials", "stray line breaks", "non-Latin"):
        assert blame not in words, words
    # ...but the server, by name, and what it did wrong.
    assert error.message.startswith("127.0.0.1 "), error.message
    assert error.kind == kind, error
    if error.kind == "protocol":
        assert "broke the HTTP protocol" in error.message or "not HTTP" in error.message
    else:
        assert "before the answer was complete" in error.message
    assert "server" in error.hint.lower()
    assert PASSCODE not in error.detail and TOKEN not in error.detail
    assert (result.status == 200) is answered


def test_a_status_line_without_a_number_says_the_status_line_is_broken() -> None:
    with raw_server(b"HTTP/1.0 OK garbage\r\n\r\n") as base:
        url = base + "/x"
        result = fire(secret_request(url), FireSettings(connect_timeout=2, read_timeout=2))
    assert result.error is not None and result.error.kind == "protocol"
    assert "status line" in result.error.message
    assert "HTTP/1.0 OK garbage" in result.error.message


def test_a_short_body_says_how_much_was_announced_and_sent() -> None:
    with raw_server(_HEAD + b"Content-Length: 100\r\n\r\nonly ten b") as base:
        url = base + "/x"
        result = fire(secret_request(url), FireSettings(connect_timeout=2, read_timeout=2))
    assert result.error is not None and result.error.kind == "reset"
    assert "10" in result.error.message and "100" in result.error.message


def test_a_header_the_user_typed_with_a_line_break_still_blames_the_request() -> None:
    request = secret_request("http://127.0.0.1:9/x")
    request.headers.append(("X-Bad", "one\r\ntwo"))
    result = fire(request, FireSettings(connect_timeout=1, read_timeout=1))
    assert result.error is not None and result.error.kind == "invalid_request"


def test_an_expired_certificate_from_an_unknown_issuer_names_both(
    expired_tls_server: FaultServer,
) -> None:
    result = fire(secret_request(expired_tls_server.url("/status/200")), FireSettings())
    error = result.error
    assert error is not None and error.kind == "tls"
    assert "has expired" in error.message
    assert "unknown issuer" in error.message
    assert "CN=expired.test" in error.message
    assert "renew" in error.hint and "trust store" in error.hint


def test_an_expired_certificate_from_a_trusted_issuer_names_only_the_expiry(
    expired_tls_server: FaultServer, ca_bundle: str
) -> None:
    result = fire(
        secret_request(expired_tls_server.url("/status/200")), FireSettings(ca_bundle=ca_bundle)
    )
    error = result.error
    assert error is not None and (error.kind, error.cause) == ("tls", "expired")
    assert "unknown issuer" not in error.message


def test_visible_shows_every_control_and_keeps_lines_only_when_asked() -> None:
    hostile = "a\x1b[2J\rb\r\nc\td\x9b\x7f\u202e\udcff"
    assert visible(hostile) == "a\\x1b[2J\\rb\\r\\nc\\td\\x9b\\x7f\\u202e\\udcff"
    assert visible(hostile, multiline=True) == "a\\x1b[2J\\rb\nc\td\\x9b\\x7f\\u202e\\udcff"
    assert safe_text(hostile) == visible(hostile, multiline=True)  # one sanitiser
