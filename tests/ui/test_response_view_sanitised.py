"""The response view shows server text as plain, visible text: no control character,
escape sequence or markup a server sends is interpreted, and an answer from another host
than the one configured is never shown as a success."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import get_destination
from app.core.http.failures import FireError
from app.core.http.fire import FireResult, Hop
from app.core.http.interpret import explain
from app.core.http.request import PreparedRequest
from app.core.secrets.store import Redactor
from app.ui.response_view import ResponseView
from tests.helpers.wizard_helpers import ScriptedPrompter

SECRET = "pass-Zq81-secret"
CONFIGURED = "https://api.clevertap.com/1/upload"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OK_BODY = b'{"status": "success", "processed": 1}'


def request() -> PreparedRequest:
    return PreparedRequest(
        "POST",
        CONFIGURED,
        [("X-CleverTap-Passcode", SECRET)],
        b'{"d": []}',
        {"x-clevertap-passcode"},
        Redactor([SECRET]),
    )


def view(qtbot: QtBot) -> ResponseView:
    widget = ResponseView(ScriptedPrompter())
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    return widget


def texts(widget: ResponseView) -> list[str]:
    """Every text the view shows: labels, tables and text views."""
    out = [label.text() for label in widget.findChildren(QLabel)]
    for table in widget.findChildren(QTableWidget):
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                out.append(item.text() if item is not None else "")
    out += [widget.detail.toPlainText(), widget.body.toPlainText()]
    out += [widget.redirects.toPlainText(), widget.summary_text()]
    return out


def assert_clean(widget: ResponseView) -> None:
    for text in texts(widget):
        leaked = RAW_CONTROL.findall(text)
        assert not leaked, f"raw control characters shown: {leaked!r} in {text!r}"
        text.encode("utf-8")  # no lone surrogates
    for label in widget.findChildren(QLabel):
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=st.sampled_from([200, 400, 500]),
    reason=_TEXT,
    headers=st.lists(st.tuples(_TEXT, _TEXT), max_size=3),
    body=st.binary(max_size=200) | _TEXT.map(str.encode),
    error=st.none() | st.tuples(_TEXT, _TEXT, _TEXT),
    location=_TEXT,
)
def test_no_server_text_is_shown_raw(
    qtbot: QtBot,
    status: int,
    reason: str,
    headers: list[tuple[str, str]],
    body: bytes,
    error: tuple[str, str, str] | None,
    location: str,
) -> None:
    widget = view(qtbot)
    result = FireResult(
        request(),
        status=status,
        reason=reason,
        headers=[*headers, ("Content-Type", "application/json")],
        body=body,
        size=len(body),
        elapsed=0.2,
        ttfb=0.1,
        redirects=[Hop(302, CONFIGURED, CONFIGURED + "/" + location, reason=reason)],
        error=FireError("protocol", *error) if error else None,
    )
    explanation = explain(get_destination("clevertap"), status, result.header_map, body)
    widget.show_result(result, explanation)
    assert_clean(widget)


def test_escapes_and_markup_are_shown_as_typed(qtbot: QtBot) -> None:
    widget = view(qtbot)
    result = FireResult(
        request(),
        status=200,
        reason="\x1b[2J<b>bold</b>\rOK",
        headers=[("X-Evil", "one\rtwo \x1b]0;t\x07"), ("Content-Type", "application/json")],
        body=OK_BODY,
        size=len(OK_BODY),
        elapsed=0.2,
    )
    widget.show_result(result, explain(get_destination("clevertap"), 200, {}, OK_BODY))
    assert "\\x1b[2J<b>bold</b>\\rOK" in widget.summary.text()
    assert widget.headers.item(0, 1).text() == "one\\rtwo \\x1b]0;t\\x07"
    assert_clean(widget)


def test_an_error_detail_quoting_the_server_is_shown_visibly(qtbot: QtBot) -> None:
    widget = view(qtbot)
    error = FireError(
        "protocol",
        "127.0.0.1 broke the HTTP protocol: \x1b[31mred\x1b[0m.",
        "The fault is on the server's side.",
        "BadStatusLine: HTTP/1.0 \x1b[2J\r\n",
    )
    widget.show_result(FireResult(request(), error=error, elapsed=0.1), None)
    assert "\\x1b[31mred" in widget.verdict.text()
    assert "\\x1b[2J" in widget.detail.toPlainText()
    assert_clean(widget)


def test_an_answer_from_another_host_is_not_green_and_says_so_first(qtbot: QtBot) -> None:
    widget = view(qtbot)
    hop = Hop(307, CONFIGURED, "https://other.example/up", ("X-CleverTap-Passcode",))
    result = FireResult(
        request(),
        status=200,
        reason="OK",
        headers=[("Content-Type", "application/json")],
        body=OK_BODY,
        size=len(OK_BODY),
        redirects=[hop],
        url=hop.location,
    )
    explanation = explain(get_destination("clevertap"), 200, result.header_map, OK_BODY)
    assert explanation.verdict == "ok"
    widget.show_result(result, explanation)
    assert widget.verdict.text().startswith(
        "The answer came from another host (other.example), not the one configured "
        "(api.clevertap.com)"
    )
    assert widget.verdict_tone != "ok"
    assert explanation.title in widget.details.text()
    assert widget.summary_text().splitlines()[1].startswith("The answer came from another host")


def test_a_redirect_on_the_same_host_stays_green(qtbot: QtBot) -> None:
    widget = view(qtbot)
    hop = Hop(307, CONFIGURED, "https://api.clevertap.com/1/upload2")
    result = FireResult(
        request(), status=200, body=OK_BODY, size=len(OK_BODY), redirects=[hop], url=hop.location
    )
    explanation = explain(get_destination("clevertap"), 200, {}, OK_BODY)
    widget.show_result(result, explanation)
    assert widget.verdict_tone == "ok"
    assert widget.verdict.text() == explanation.title
