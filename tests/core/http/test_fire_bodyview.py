"""Any body bytes become safe display text: JSON pretty-printed, text with replacement,
a hex preview for binary, a truncation marker with the size, no terminal escapes."""

from __future__ import annotations

from app.core.http.bodyview import charset_of, human_size, render_body, safe_text
from app.core.secrets.store import Redactor


def test_json_is_pretty_printed() -> None:
    view = render_body(b'{"status":"success","processed":1,"unprocessed":[]}')
    assert view.kind == "json" and view.encoding == "utf-8"
    assert view.text.splitlines()[:2] == ["{", '  "status": "success",']
    assert not view.truncated and view.note == ""


def test_json_scalars_and_broken_json_stay_text() -> None:
    assert render_body(b"42").kind == "text"
    view = render_body(b'{"a": 1', content_type="application/json")
    assert view.kind == "text" and view.text == '{"a": 1'


def test_declared_charset_is_used() -> None:
    view = render_body("Grüße".encode("latin-1"), content_type="text/plain; charset=ISO-8859-1")
    assert view.text == "Grüße" and view.encoding == "iso8859-1" and view.note == ""
    assert charset_of('text/html; charset="utf-8"') == "utf-8"
    assert charset_of("text/html; charset=klingon") == ""


def test_invalid_utf8_is_replaced_and_counted() -> None:
    view = render_body(b"ok \xff\xfe then \xc3")
    assert view.kind == "text" and view.text == "ok \ufffd\ufffd then \ufffd"
    assert "3 invalid byte sequences" in view.note


def test_binary_gets_a_hex_preview_with_size() -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100
    view = render_body(data, limit=2000)
    assert view.kind == "binary" and view.truncated
    assert view.text.startswith("00000000  89 50 4e 47 0d 0a 1a 0a")
    assert view.text.splitlines()[0].endswith("|.PNG............|")
    assert "hex preview of the first" in view.text.splitlines()[-1]
    assert "binary (25.0 KB)" in view.note
    assert render_body(b"abc", content_type="image/png").kind == "binary"


def test_terminal_escapes_and_bidi_overrides_become_visible() -> None:
    view = render_body(b"red \x1b[31mALERT\x1b[0m \xe2\x80\xae evil \x07")
    assert "\x1b" not in view.text and "\u202e" not in view.text and "\x07" not in view.text
    assert "\\x1b[31mALERT" in view.text and "\\u202e" in view.text
    assert safe_text("a\r\nb\tc") == "a\nb\tc"


def test_long_text_is_truncated_with_a_marker() -> None:
    view = render_body(b"line\n" * 100_000, limit=1000)
    assert view.truncated and view.text.startswith("line\nline")
    assert view.text.splitlines()[-1] == (
        "… [truncated: showing 1,000 characters of a 488.3 KB body; save the body to see all of it]"
    )
    assert "Showing the start of a 488.3 KB body" in view.note


def test_a_partial_body_says_how_big_the_whole_is() -> None:
    view = render_body(b'{"a": "\xc3\xa9\xc3', size=5_000_000)  # cut inside a character
    assert view.truncated and view.kind == "text" and view.note.startswith("Showing the start")
    assert view.text.startswith('{"a": "é\n… [truncated')
    assert "4.8 MB body" in view.text


def test_secrets_are_masked() -> None:
    view = render_body(b'{"echo": "pc-secret-123"}', redactor=Redactor(["pc-secret-123"]))
    assert "pc-secret-123" not in view.text and "••••••" in view.text


def test_empty_body_and_sizes() -> None:
    assert render_body(b"").kind == "empty"
    assert [human_size(n) for n in (1, 1023, 1536, 10 * 1024 * 1024)] == [
        "1 byte",
        "1023 bytes",
        "1.5 KB",
        "10.0 MB",
    ]
