"""Redirects are followed by hand: secrets stay with the configured origin, and the chain
and what was withheld are recorded. The second origin is a real server on 127.0.0.2
that records what it received."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from app.core.http.fire import FireJob, fire
from app.core.http.redirects import redirected_method, same_origin
from app.core.http.settings import FireSettings
from tests.helpers.servers import PASSCODE, TOKEN, FaultServer, secret_request

BODY = b'{"d": [{"type": "event", "evtName": "Coupon Generated"}]}'


def _redirect(server: FaultServer, to: str, code: int) -> str:
    return server.url(f"/redirect?code={code}&to={quote(to, safe='')}")


@pytest.fixture(autouse=True)
def _clean(fault_server: FaultServer, second_server: FaultServer) -> None:
    fault_server.clear()
    second_server.clear()


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_secret_headers_never_reach_another_host(
    code: int, fault_server: FaultServer, second_server: FaultServer
) -> None:
    url = _redirect(fault_server, second_server.url("/echo"), code)
    result = fire(secret_request(url, body=BODY))
    assert result.error is None and result.status == 200
    [seen] = second_server.received
    for name, value in seen.headers.items():
        assert PASSCODE not in value and TOKEN not in value, name
    assert seen.header("X-CleverTap-Passcode") is None and seen.header("Authorization") is None
    assert seen.header("X-CleverTap-Account-Id") == "ACC-123"  # not secret: still sent
    [hop] = result.redirects
    assert (hop.status, hop.url, hop.location) == (code, url, second_server.url("/echo"))
    assert set(hop.withheld) == {"X-CleverTap-Passcode", "Authorization"}
    assert result.url == second_server.url("/echo")
    # ...while the configured host did get them
    assert fault_server.received[0].header("X-CleverTap-Passcode") == PASSCODE


@pytest.mark.parametrize("code", [307, 308])
def test_307_and_308_repeat_the_method_and_body(
    code: int, fault_server: FaultServer, second_server: FaultServer
) -> None:
    result = fire(
        secret_request(_redirect(fault_server, second_server.url("/echo"), code), body=BODY)
    )
    [seen] = second_server.received
    assert seen.method == "POST" and seen.body == BODY
    assert seen.header("Content-Type") == "application/json; charset=utf-8"
    assert result.redirects[0].method == "POST" and result.redirects[0].body_sent


@pytest.mark.parametrize("code", [301, 302, 303])
def test_303_and_post_after_301_302_switch_to_get_without_body(
    code: int, fault_server: FaultServer, second_server: FaultServer
) -> None:
    result = fire(
        secret_request(_redirect(fault_server, second_server.url("/echo"), code), body=BODY)
    )
    [seen] = second_server.received
    assert seen.method == "GET" and seen.body == b""
    assert seen.header("Content-Type") is None and seen.header("Content-Length") is None
    assert result.redirects[0].method == "GET" and not result.redirects[0].body_sent


def test_same_origin_redirect_keeps_the_secrets(fault_server: FaultServer) -> None:
    result = fire(secret_request(_redirect(fault_server, "/echo", 307), body=BODY))
    assert result.redirects[0].withheld == ()
    assert fault_server.received[-1].header("X-CleverTap-Passcode") == PASSCODE


def test_secrets_return_only_when_back_at_the_configured_origin(
    fault_server: FaultServer, second_server: FaultServer
) -> None:
    back = fault_server.url("/echo")
    via_second = _redirect(second_server, back, 307)
    result = fire(secret_request(_redirect(fault_server, via_second, 307), body=BODY))
    assert [h.withheld != () for h in result.redirects] == [True, False]
    assert second_server.received[0].header("X-CleverTap-Passcode") is None
    assert fault_server.received[-1].header("X-CleverTap-Passcode") == PASSCODE


def test_a_body_holding_a_credential_is_not_sent_to_another_host(
    fault_server: FaultServer, second_server: FaultServer
) -> None:
    body = b'{"passcode": "' + PASSCODE.encode() + b'"}'
    result = fire(
        secret_request(_redirect(fault_server, second_server.url("/echo"), 307), body=body)
    )
    assert second_server.received == []
    assert result.status == 307 and result.redirects == []
    assert result.error is not None and result.error.kind == "redirects"
    assert "holds a credential" in result.error.message


def test_too_many_redirects_stops(fault_server: FaultServer) -> None:
    settings = FireSettings(max_redirects=2)
    loop = _redirect(
        fault_server, "/redirect?code=302&to=%2Fredirect%3Fcode%3D302%26to%3D%2Fx", 302
    )
    result = FireJob(secret_request(loop, method="GET", body=None), settings).run()
    assert len(result.redirects) == 2 and result.status == 302
    assert result.error is not None and result.error.kind == "redirects"
    assert "More than 2 redirects" in result.error.message


def test_redirect_to_a_non_web_address_stops(fault_server: FaultServer) -> None:
    result = fire(secret_request(_redirect(fault_server, "file:///etc/passwd", 302)))
    assert result.error is not None and result.error.kind == "redirects"
    assert "not a web address" in result.error.message


def test_following_can_be_switched_off(
    fault_server: FaultServer, second_server: FaultServer
) -> None:
    settings = FireSettings(follow_redirects=False)
    result = FireJob(
        secret_request(_redirect(fault_server, second_server.url("/echo"), 307)), settings
    ).run()
    assert result.error is None and result.status == 307
    assert result.header("Location") == second_server.url("/echo")
    assert second_server.received == []


def test_an_https_to_http_downgrade_counts_as_another_origin() -> None:
    assert not same_origin("https://api.example.com/x", "http://api.example.com/x")
    assert same_origin("https://api.example.com/x", "https://api.example.com:443/y")
    assert not same_origin("https://api.example.com/x", "https://eu.api.example.com/x")


def test_redirected_method_rules() -> None:
    assert redirected_method("POST", b"x", 303) == ("GET", None)
    assert redirected_method("HEAD", None, 303) == ("HEAD", None)
    assert redirected_method("PUT", b"x", 302) == ("PUT", b"x")
    assert redirected_method("POST", b"x", 308) == ("POST", b"x")
