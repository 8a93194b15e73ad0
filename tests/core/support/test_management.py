"""The Management API client against the sandbox's Management API, checked with talon-one-sdk."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import urllib3
from talon_one.models.get_webhooks200_response import GetWebhooks200Response
from talon_one.models.message_log_entries import MessageLogEntries
from talon_one.models.webhook import Webhook

from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MemoryStore
from app.core.support.management import (
    ManagementClient,
    ManagementError,
    RateLimiter,
    key_owner,
    normalise_base,
    read_key,
    store_key,
)
from app.core.support.management_models import filter_webhooks, parse_raw_request

KEY = "sandbox-management-key"
MARKER_KEY = "MARKER-mgmt-key-7c1d"
FAST = RateLimiter(0.0)


@pytest.fixture
def base(sandbox: Sandbox) -> str:
    return sandbox.base_url + "/talon-management"


@pytest.fixture
def client(base: str) -> Iterator[ManagementClient]:
    with ManagementClient(base, KEY, limiter=RateLimiter(0.21)) as c:
        yield c


def _get(url: str, headers: dict[str, str], **params: str) -> urllib3.BaseHTTPResponse:
    """A plain GET, independent of the client under test."""
    return urllib3.request(
        "GET", url, fields=params or None, headers=headers, timeout=5, retries=False
    )


def _raw(base: str, path: str, **params: str) -> urllib3.BaseHTTPResponse:
    headers = {"Authorization": f"ManagementKey-v1 {KEY}"}
    time.sleep(0.25)  # stay under the sandbox's burst limit
    return _get(base + path, headers, **params)


def test_sandbox_serves_webhooks_in_talon_ones_shapes(base: str) -> None:
    listing = _raw(base, "/v1/webhooks", pageSize="2", skip="1")
    assert listing.status == 200
    page = GetWebhooks200Response.from_dict(listing.json())
    assert page is not None and page.total_result_size == 6 and len(page.data) == 2
    for item in listing.json()["data"]:
        assert Webhook.from_dict(item) is not None
    one = _raw(base, "/v1/webhooks/103")
    model = Webhook.from_dict(one.json())
    assert model is not None and model.title == "mParticle profile enrichment"
    assert model.url == "https://inbound.mparticle.com/s2s/v2/events"


def test_sandbox_serves_message_logs_in_talon_ones_shapes(base: str) -> None:
    response = _raw(base, "/v1/message_logs", entityType="webhook")
    logs = MessageLogEntries.from_dict(response.json())
    assert logs is not None and logs.next_cursor and len(logs.data) == 4
    first = logs.data[0]
    assert first.entity_type == "webhook" and first.webhook_id is not None
    assert first.request is not None
    text = first.request.request
    assert isinstance(text, str)
    missing = _raw(base, "/v1/message_logs")
    assert missing.status == 400


def test_sandbox_refuses_a_wrong_key_in_talon_ones_error_shape(base: str) -> None:
    time.sleep(0.25)
    response = _get(base + "/v1/webhooks", {"Authorization": "ManagementKey-v1 nope"})
    assert response.status == 401
    assert response.json()["StatusCode"] == 401 and response.json()["errors"][0]["title"]


def test_list_search_and_page_through_webhooks(client: ManagementClient) -> None:
    page = client.webhooks(title="MPARTICLE")
    assert page.total == 2 and {w.id for w in page.webhooks} == {103, 104}
    second = client.webhooks(page_size=2, skip=2)
    assert [w.id for w in second.webhooks] == [103, 104]
    everything = client.all_webhooks()
    assert [w.id for w in everything] == [101, 102, 103, 104, 105, 106]
    assert [w.id for w in filter_webhooks(everything, "clevertap in1")] == [102]
    assert [w.id for w in filter_webhooks(everything, "105")] == [105]
    assert client.webhook(105)["verb"] == "PUT"


def test_a_webhooks_template_is_read_from_the_list_as_talon_one_serves_it(
    client: ManagementClient,
) -> None:
    # GET /v1/webhooks/{id} answers a Webhook (no outgoingIntegration* fields, per the
    # talon-one SDK); only the list's WebhookWithOutgoingIntegrationDetails has them.
    assert not any(key.startswith("outgoingIntegration") for key in client.webhook(106))
    definition = client.webhook_definition(106)
    assert definition["outgoingIntegrationTypeName"] == "CleverTap"
    assert definition["outgoingIntegrationTemplateId"] == 3
    assert definition["url"] == client.webhook(106)["url"]
    plain = client.webhook_definition(101)
    assert not any(key.startswith("outgoingIntegration") for key in plain)


def test_message_logs_filters_and_cursor(client: ManagementClient) -> None:
    first = client.message_logs()
    assert len(first.entries) == 4 and first.next_cursor
    rest = client.message_logs(cursor=first.next_cursor)
    assert rest.next_cursor is None
    ids = [e.id for e in first.entries + rest.entries]
    assert ids == [f"msg-000{n}" for n in range(6, 0, -1)]
    only_101 = client.message_logs(webhook_ids=[101]).entries
    assert {e.webhook_id for e in only_101} == {101} and len(only_101) == 3
    failed = client.message_logs(success=False).entries
    assert {e.status for e in failed} == {400, 401}
    assert [e.id for e in client.message_logs(response_code=401).entries] == ["msg-0002"]
    assert all(e.success for e in client.message_logs(success=True).entries)


def test_log_entries_are_read_and_their_credentials_masked(client: ManagementClient) -> None:
    entries = client.message_logs(webhook_ids=[101, 103]).entries
    for entry in entries:
        text = repr(entry)
        assert "demo-clevertap-passcode" not in text
        assert "demo-mparticle-secret" not in text
        assert "ZGVtby1tcGFydGljbGUta2V5" not in text  # the Basic token's start
    clevertap = next(e for e in entries if e.id == "msg-0002")
    assert clevertap.method == "POST" and clevertap.status == 401
    assert ("X-CleverTap-Account-Id", "W9R-486-4W5Z") in clevertap.headers
    assert '"evtName": "Coupon Generated"' in clevertap.body
    assert "Invalid Credentials" in clevertap.response
    assert clevertap.webhook_name == "Send CleverTap Email"


def test_errors_are_explained_and_never_hold_the_key() -> None:
    with Sandbox(
        accounts={"talon-management": [{"management_key": "other-management-key"}]}
    ) as box:
        base = box.base_url + "/talon-management"
        with pytest.raises(ManagementError) as refused:
            ManagementClient(base, MARKER_KEY, limiter=FAST).webhooks()
        assert refused.value.status == 401
        assert "Management API key" in refused.value.message and refused.value.hint
        assert MARKER_KEY not in str(refused.value)
        with pytest.raises(ManagementError) as missing:
            ManagementClient(base, "other-management-key", limiter=FAST).webhook(999)
        assert missing.value.status == 404 and "no webhook 999" in str(missing.value)
        wrong_path = box.base_url + "/clevertap"
        with pytest.raises(ManagementError) as not_api:
            ManagementClient(wrong_path, "other-management-key", limiter=FAST).webhooks()
        assert "no such Management API endpoint" in str(not_api.value)


class _Html(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html>Login</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_a_web_page_instead_of_the_api_and_a_closed_port() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(ManagementError) as html:
            ManagementClient(base, KEY, limiter=FAST).webhooks()
        assert "not JSON" in str(html.value) and "Campaign Manager" in str(html.value)
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(ManagementError) as refused:
        ManagementClient(base, KEY, limiter=FAST).webhooks()
    assert "127.0.0.1" in refused.value.message and refused.value.hint


def test_rate_limiter_spaces_calls() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(1 / 3, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert slept == pytest.approx([1 / 3] * 3)
    now[0] += 5
    limiter.wait()
    assert len(slept) == 3


@pytest.mark.slow
def test_default_client_stays_under_the_limit_and_a_burst_is_waited_out() -> None:
    with Sandbox() as box:
        base = box.base_url + "/talon-management"
        started = time.monotonic()
        polite = ManagementClient(base, KEY)
        for _ in range(6):
            polite.webhooks()
        assert time.monotonic() - started >= 5 / 3 - 0.05
        assert len(box.received) == 6  # no 429, so no retries
        box.received.clear()
        burst = ManagementClient(base, KEY, limiter=FAST)
        for _ in range(8):
            assert burst.webhooks().total == 6
        assert len(box.received) > 8  # some were answered 429 and retried


def test_base_urls_and_the_stored_key() -> None:
    assert normalise_base("acme.europe-west1.talon.one/") == "https://acme.europe-west1.talon.one"
    assert normalise_base("https://acme.talon.one/v1/webhooks") == "https://acme.talon.one"
    assert normalise_base("http://127.0.0.1:80/talon-management") == (
        "http://127.0.0.1:80/talon-management"
    )
    with pytest.raises(ManagementError, match="https"):
        normalise_base("http://acme.talon.one")
    with pytest.raises(ManagementError, match=r"No Talon\.One address"):
        normalise_base("  ")
    store = MemoryStore()
    with pytest.raises(ManagementError, match="No Management API key"):
        read_key(store, "acme.talon.one")
    store_key(store, "https://acme.talon.one/", f" {MARKER_KEY} ")
    assert read_key(store, "acme.talon.one") == MARKER_KEY
    assert key_owner("acme.talon.one") != key_owner("other.talon.one")


def test_raw_request_text_is_split() -> None:
    method, target, headers, body = parse_raw_request(
        'POST /1/upload HTTP/1.1\r\nHost: api.clevertap.com\r\nA: b\r\n\r\n{"d": []}'
    )
    assert (method, target, body) == ("POST", "/1/upload", '{"d": []}')
    assert headers == [("Host", "api.clevertap.com"), ("A", "b")]
    assert parse_raw_request('{"d": []}') == ("", "", [], '{"d": []}')


def test_applications_are_listed_by_id_and_name(client: ManagementClient) -> None:
    apps = client.applications()
    assert [(a.id, a.name) for a in apps] == [(12, "Web shop"), (14, "Mobile app")]
