"""The fire history: redaction of every secret form, caps, search, and replay from the store."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from app.core.destination.catalogue import SANDBOX_REGION, get_destination
from app.core.destination.profile import Profile
from app.core.http.fire import fire
from app.core.http.fire_result import FireResult
from app.core.http.request import build_request
from app.core.journey.journey import JourneyError, replay_journey
from app.core.journey.services import Services
from app.core.payload.mapping import new_profile
from app.core.sandbox.server import Sandbox
from app.core.secrets.store import MASK, MemoryStore
from app.core.support.history import History, HistoryError, record_fire
from tests.helpers.journeys import prepared_request

PASSCODE = "MARKER-passcode-hist-91f2"
NEW_PASSCODE = "MARKER-passcode-rotated-0c4e"
ACCOUNT = "MARKER-ACCT"


def _forms(secret: str) -> list[str]:
    return [secret, quote(secret, safe=""), base64.b64encode(secret.encode()).decode()]


def _all_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def marker_sandbox() -> Iterator[Sandbox]:
    accounts = {"clevertap": [{"account_id": ACCOUNT, "passcode": PASSCODE}]}
    with Sandbox(accounts=accounts) as box:
        yield box


@pytest.fixture
def profile() -> Profile:
    destination = get_destination("clevertap")
    return new_profile(destination, credentials={"account_id": ACCOUNT}, region=SANDBOX_REGION)


@pytest.fixture
def store(profile: Profile) -> MemoryStore:
    store = MemoryStore()
    store.set(profile.id, "passcode", PASSCODE)
    return store


@pytest.fixture
def svc(store: MemoryStore, marker_sandbox: Sandbox) -> Services:
    return Services(store=store, sandbox_factory=lambda: marker_sandbox)


def _echo_result(profile: Profile) -> FireResult:
    """A response that echoes the passcode in every form a server might."""
    destination = get_destination("clevertap")
    request = build_request(profile, destination, {"passcode": PASSCODE}, sandbox_base="http://x")
    echo = json.dumps({"you_sent": PASSCODE, "encoded": _forms(PASSCODE)})
    return FireResult(
        request,
        status=200,
        reason="OK",
        headers=[("Set-Cookie", "session=abc123456"), ("X-Echo", PASSCODE)],
        body=echo.encode(),
        size=len(echo),
        url=request.url + "?passcode=" + quote(PASSCODE),
    )


def test_a_sandbox_fire_is_recorded_without_its_secret(
    svc: Services, profile: Profile, tmp_path: Path
) -> None:
    history = History(tmp_path / "history")
    request = prepared_request(svc, profile)
    result = fire(request, svc.settings)
    assert result.status == 200
    entry = history.record(result, profile, destination=get_destination("clevertap"))
    assert entry.verdict == "ok" and entry.status == 200
    assert ["X-CleverTap-Passcode", MASK] in entry.request_headers
    assert ["X-CleverTap-Account-Id", ACCOUNT] in entry.request_headers
    assert '"evtName": "Coupon Generated"' in entry.request_body
    files = list((tmp_path / "history").iterdir())
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    text = _all_text(tmp_path)
    for form in _forms(PASSCODE):
        assert form not in text


def test_secrets_echoed_by_the_server_are_masked_in_every_form(
    profile: Profile, tmp_path: Path
) -> None:
    entry = History(tmp_path).record(_echo_result(profile), profile)
    text = _all_text(tmp_path)
    for form in _forms(PASSCODE):
        assert form not in text
    assert ["Set-Cookie", MASK] in entry.response_headers
    assert MASK in entry.response_body and MASK in entry.url


def test_caps_on_entries_total_size_and_bodies(profile: Profile, tmp_path: Path) -> None:
    history = History(tmp_path, max_entries=3, max_body=40)
    ids = [history.record(_echo_result(profile), profile).id for _ in range(5)]
    kept = [e.id for e in history.entries()]
    assert kept == ids[:1:-1]  # the newest three, newest first
    entry = history.get(kept[0])
    assert entry.response_truncated and "more characters" in entry.response_body
    assert len(entry.request_body) < 100
    small = History(tmp_path / "small", max_bytes=1)
    for _ in range(3):
        last = small.record(_echo_result(profile), profile)
    assert [e.id for e in small.entries()] == [last.id]  # never drops the one just written


def test_list_search_get_and_damaged_files(profile: Profile, tmp_path: Path) -> None:
    history = History(tmp_path)
    first = history.record(_echo_result(profile), profile)
    other = Profile.from_json({**profile.to_json(), "id": "other", "name": "Other webhook"})
    second = history.record(_echo_result(other), other)
    assert [e.id for e in history.entries(profile_id=profile.id)] == [first.id]
    assert [e.id for e in history.entries(query="other WEBHOOK")] == [second.id]
    assert history.entries(query="no-such-thing") == []
    assert history.get(second.id[:22]).id == second.id
    with pytest.raises(HistoryError, match="matches 2 fires"):
        history.get(first.id[:8])
    with pytest.raises(HistoryError, match="hooksmith history list"):
        history.get("nope")
    (tmp_path / "29990101T000000000000-dead.json").write_text("{broken")
    assert len(history.entries()) == 2 and len(history.damaged()) == 1
    with pytest.raises(HistoryError, match="damaged"):
        history.get("2999")
    assert "200 ok" in second.summary() and "Other webhook" in second.summary()


def test_replay_reads_the_secret_fresh_from_the_store(
    svc: Services, store: MemoryStore, profile: Profile, tmp_path: Path
) -> None:
    history = History(tmp_path)
    entry = history.record(fire(prepared_request(svc, profile), svc.settings), profile)
    assert PASSCODE not in json.dumps(entry.profile)
    store.set(profile.id, "passcode", NEW_PASSCODE)
    journey = replay_journey(history.get(entry.id), svc)
    journey.load_secrets()
    request = journey.prepare_fire().request
    assert journey.profile.id == profile.id
    assert ("X-CleverTap-Passcode", NEW_PASSCODE) in request.headers
    assert PASSCODE not in repr(request.headers)
    store.delete(profile.id, "passcode")
    journey.load_secrets()
    with pytest.raises(JourneyError, match="Passcode"):
        journey.prepare_fire()


def test_an_unwritable_history_says_what_to_do(profile: Profile, tmp_path: Path) -> None:
    blocker = tmp_path / "history"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HistoryError, match="fire itself is unaffected"):
        record_fire(_echo_result(profile), profile, history=History(blocker))


def test_a_secret_hidden_behind_json_escapes_is_masked(profile: Profile, tmp_path: Path) -> None:
    """``\\u004d`` is "M": the stored body must not decode to the passcode either."""
    result = _echo_result(profile)
    escaped = "\\u004d" + PASSCODE[1:]
    result.body = ('{"you_sent": "' + escaped + '", "n": 1}').encode()
    entry = History(tmp_path).record(result, profile)
    assert escaped not in _all_text(tmp_path)
    assert json.loads(entry.response_body) == {"you_sent": MASK, "n": 1}
