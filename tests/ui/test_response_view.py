"""The response view shows any response safely: odd bodies, huge bodies, redirects."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.destination.catalogue import get_destination
from app.core.http.bodyview import VIEW_LIMIT
from app.core.http.fire import FireResult, Hop
from app.core.http.interpret import explain
from app.core.http.request import PreparedRequest
from app.core.secrets.store import MASK, Redactor
from app.ui.response_view import ResponseView
from tests.helpers.wizard_helpers import ScriptedPrompter, click

SECRET = "pass-Zq81-secret"


def request() -> PreparedRequest:
    return PreparedRequest(
        "POST",
        "https://api.clevertap.com/1/upload",
        [("X-CleverTap-Passcode", SECRET)],
        b'{"d": []}',
        {"x-clevertap-passcode"},
        Redactor([SECRET]),
    )


def view(qtbot: QtBot, prompter: ScriptedPrompter | None = None) -> ResponseView:
    widget = ResponseView(prompter or ScriptedPrompter())
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show(widget: ResponseView, status: int, body: bytes, **extra: object) -> FireResult:
    headers = list(extra.pop("headers", [("Content-Type", "application/json")]))  # type: ignore[call-overload]
    result = FireResult(
        request(),
        status=status,
        reason="OK",
        headers=headers,
        body=body,
        size=len(body),
        elapsed=0.25,
        ttfb=0.1,
        **extra,  # type: ignore[arg-type]
    )
    explanation = explain(get_destination("clevertap"), status, result.header_map, body)
    widget.show_result(result, explanation)
    return result


def test_json_is_pretty_printed_and_secrets_echoed_back_are_masked(qtbot: QtBot) -> None:
    widget = view(qtbot)
    body = json.dumps({"status": "success", "processed": 1, "echo": SECRET}).encode()
    show(widget, 200, body, headers=[("X-Echo", SECRET)])
    assert widget.summary.text() == f"200 OK · 250 ms (first byte after 100 ms) · {len(body)} bytes"
    text = widget.body.toPlainText()
    assert text.startswith('{\n  "status": "success"') and SECRET not in text and MASK in text
    assert widget.headers.item(0, 1).text() == MASK
    assert SECRET not in widget.summary_text() and SECRET not in widget.sent.toPlainText()
    assert widget.verdict.text() == "All records were processed."
    assert not widget.body_note.isVisible()


def test_invalid_utf8_and_control_characters_are_shown_safely(qtbot: QtBot) -> None:
    widget = view(qtbot)
    show(widget, 500, b"broken \xff\xfe body\x1b[31m end", headers=[])
    text = widget.body.toPlainText()
    assert "broken \ufffd\ufffd body\\x1b[31m end" in text  # no terminal escape survives
    assert "not valid utf-8" in widget.body_note.text()
    assert widget.verdict.text() == "CleverTap had an internal error (500)."


def test_a_huge_body_is_cut_in_the_view_and_saved_whole(qtbot: QtBot, tmp_path: Path) -> None:
    prompter = ScriptedPrompter()
    widget = view(qtbot, prompter)
    body = (b"0123456789abcdef" * (1024 * 1024 // 16)) + SECRET.encode()  # a bit over 1 MB
    show(widget, 200, body, headers=[("Content-Type", "text/plain")])
    shown = widget.body.toPlainText()
    assert shown.startswith("0123456789abcdef") and len(shown) < VIEW_LIMIT + 200
    assert "truncated" in shown and "1.0 MB" in widget.body_note.text()
    # One 200 KB line would take seconds to wrap: it scrolls sideways instead.
    assert widget.body.lineWrapMode() == widget.body.LineWrapMode.NoWrap
    target = tmp_path / "body.txt"
    prompter.paths = [str(target)]
    prompter.choices = ["masked"]
    click(qtbot, widget.save_body)
    assert prompter.asked[-1][0] == "The answer holds your secret"
    assert target.read_bytes() == body.replace(SECRET.encode(), "••••••".encode())
    prompter.paths = [str(target)]
    prompter.choices = ["reveal"]
    click(qtbot, widget.save_body)
    assert target.read_bytes() == body  # every byte, as received: the user chose so
    prompter.choices = []  # Escape: nothing is saved, no file chooser
    target.unlink()
    prompter.paths = [str(target)]
    click(qtbot, widget.save_body)
    assert not target.exists() and prompter.paths == [str(target)]


def test_a_body_without_secrets_is_saved_without_a_question(qtbot: QtBot, tmp_path: Path) -> None:
    prompter = ScriptedPrompter()
    widget = view(qtbot, prompter)
    show(widget, 200, b'{"status": "success"}')
    target = tmp_path / "body.json"
    prompter.paths = [str(target)]
    click(qtbot, widget.save_body)
    assert prompter.asked == [] and target.read_bytes() == b'{"status": "success"}'


def test_redirects_show_what_was_withheld(qtbot: QtBot) -> None:
    widget = view(qtbot)
    hop = Hop(
        307,
        "https://api.clevertap.com/1/upload",
        "https://other.example/up",
        ("X-CleverTap-Passcode",),
    )
    show(widget, 200, b'{"status": "success", "processed": 1}', redirects=[hop])
    assert widget.tabs.tabText(2) == "Redirects (1)"
    text = widget.redirects.toPlainText()
    assert "307: https://api.clevertap.com/1/upload → https://other.example/up" in text
    assert "withheld from the new host: X-CleverTap-Passcode" in text


def test_empty_answer_and_retry_after_are_explained(qtbot: QtBot) -> None:
    widget = view(qtbot)
    show(widget, 429, b"", headers=[("Retry-After", "30")])
    assert widget.verdict.text() == "Too many requests (429)."
    assert "wait 30 seconds" in widget.details.text()
    assert "The response has no body." in widget.body_note.text()


def test_nothing_is_shown_before_a_fire(qtbot: QtBot) -> None:
    widget = view(qtbot)
    assert widget.summary.text() == "No response yet."
    hidden: list[QWidget] = [widget.verdict_frame, widget.tabs]
    assert not any(w.isVisible() for w in hidden)


def test_a_tls_failure_shows_the_certificate_it_was_about(qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    from app.core.http.fire import FireError
    from app.core.http.tls import CertInfo

    widget = view(qtbot)
    cert = CertInfo(
        "CN=proxy.corp.example",
        "CN=Corp Root CA",
        None,
        datetime(2027, 1, 31, tzinfo=UTC),
        ("proxy.corp.example",),
    )
    error = FireError(
        "tls",
        "The certificate is issued by an authority this computer does not trust.",
        "Choose your company's CA bundle in Settings.",
        "SSLError: CERTIFICATE_VERIFY_FAILED",
        cause="unknown_issuer",
        cert=cert,
    )
    widget.show_result(FireResult(request(), error=error, elapsed=0.2), None)
    details = widget.details.text()
    assert "Certificate issued to: CN=proxy.corp.example" in details
    assert "Issued by: CN=Corp Root CA" in details and "Valid until: 2027-01-31" in details
    assert not widget.tabs.isVisible()  # no response to show


def test_who_answered_is_in_the_summary(qtbot: QtBot) -> None:
    widget = view(qtbot)
    show(widget, 200, b"{}", peer="127.0.0.1:8443", tls_version="TLSv1.3")
    assert widget.summary.text().endswith("from 127.0.0.1:8443 · TLSv1.3")
