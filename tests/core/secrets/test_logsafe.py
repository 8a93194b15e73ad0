"""Redaction: every form a secret takes is masked, in views, log records and tracebacks."""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import threading
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.secrets import logsafe
from app.core.secrets.logsafe import MASK, Redactor, secret_forms

SECRET = 'Pass+co/de="9q\\ü'


def _shown_forms(secret: str, user: str = "ACC-1") -> dict[str, str]:
    raw = secret.encode()
    return {
        "plain": secret,
        "url": quote(secret, safe=""),
        "url-plus": quote_plus(secret),
        "url-requests": quote(secret, safe="!#$%&'()*+,/:;=?@[]~"),
        "json": json.dumps(secret)[1:-1],
        "json-utf8": json.dumps(secret, ensure_ascii=False)[1:-1],
        "repr": repr(secret)[1:-1],
        "bytes-repr": repr(raw)[2:-1],
        "base64": base64.b64encode(raw).decode(),
        "base64-url": base64.urlsafe_b64encode(raw).decode(),
        "basic": base64.b64encode(f"{user}:{secret}".encode()).decode(),
        "basic-any-user": base64.b64encode(f"someone-else!:{secret}".encode()).decode(),
    }


@pytest.mark.parametrize("form", list(_shown_forms(SECRET)))
def test_every_form_is_masked(form: str) -> None:
    text = f"before {_shown_forms(SECRET)[form]} after"
    redacted = Redactor([SECRET]).redact(text)
    assert MASK in redacted
    for shown in _shown_forms(SECRET).values():
        assert shown not in redacted


def test_basic_token_is_masked_whole() -> None:
    redactor = Redactor()
    redactor.add_basic("api-key-1", "api-secret-1")
    token = base64.b64encode(b"api-key-1:api-secret-1").decode()
    assert redactor.redact(f"Authorization: Basic {token}") == f"Authorization: Basic {MASK}"


def test_short_and_empty_values_are_ignored() -> None:
    redactor = Redactor(["", "ab"])
    assert not redactor
    assert redactor.redact("ab cd") == "ab cd"


def test_redact_bytes_keeps_undecodable_bytes() -> None:
    redactor = Redactor(["topsecret"])
    assert redactor.redact_bytes(b"\xff topsecret \xfe") == b"\xff " + MASK.encode() + b" \xfe"


@settings(max_examples=200, deadline=None)
@given(
    secret=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)), min_size=6, max_size=40
    ).filter(lambda s: s.strip() == s and len(set(s)) > 2),
    prefix=st.text(max_size=12),
    suffix=st.text(max_size=12),
    form=st.sampled_from(list(_shown_forms("x" * 6))),
)
def test_property_no_form_survives(secret: str, prefix: str, suffix: str, form: str) -> None:
    shown = _shown_forms(secret)[form]
    redacted = Redactor([secret]).redact(prefix + shown + suffix)
    assert MASK in redacted
    assert shown not in redacted or shown in prefix or shown in suffix


def test_forms_are_remembered_process_wide() -> None:
    Redactor(["remembered-7d1e"])
    assert logsafe.redact_known("a remembered-7d1e b") == f"a {MASK} b"
    assert secret_forms("remembered-7d1e") <= set(logsafe.KNOWN._forms)


def test_log_records_are_masked_after_install(caplog: pytest.LogCaptureFixture) -> None:
    logsafe.install()
    logsafe.remember("log-secret-31a")
    logger = logging.getLogger("urllib3.connectionpool")
    with caplog.at_level(logging.DEBUG):
        logger.debug('"%s %s HTTP/1.1" %s', "POST", "/x?key=log-secret-31a", 200)
        logger.warning("header %r", {"X-Passcode": "log-secret-31a"})
        try:
            raise ValueError("Invalid header value b'log-secret-31a'")
        except ValueError:
            logger.exception("failed")
    text = caplog.text
    assert "log-secret-31a" not in text
    assert text.count(MASK) >= 4  # three messages and the traceback


def test_filter_masks_records_made_before_install() -> None:
    logsafe.remember("filter-secret-55b")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "v=%s", ("filter-secret-55b",), None)
    assert logsafe.RedactingFilter().filter(record)
    assert record.getMessage() == f"v={MASK}"


def test_install_masks_uncaught_exceptions_in_a_real_process() -> None:
    code = (
        "import threading\n"
        "from app.core.secrets import logsafe\n"
        "logsafe.install()\n"
        "logsafe.remember('proc-secret-' + '42f')\n"
        "def work():\n"
        "    raise KeyError('in thread proc-secret-' + '42f')\n"
        "t = threading.Thread(target=work, name='worker'); t.start(); t.join()\n"
        "raise RuntimeError('main proc-secret-' + '42f')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "proc-secret-42f" not in done.stderr
    assert f"KeyError: 'in thread {MASK}'" in done.stderr
    assert f"RuntimeError: main {MASK}" in done.stderr


def test_uncaught_exceptions_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    logsafe.remember("hook-secret-88c")
    try:
        raise RuntimeError("boom hook-secret-88c")
    except RuntimeError as exc:
        logsafe._excepthook(type(exc), exc, exc.__traceback__)
        args = threading.ExceptHookArgs(
            (type(exc), exc, exc.__traceback__, threading.current_thread())
        )
        logsafe._thread_excepthook(args)
    err = capsys.readouterr().err
    assert "hook-secret-88c" not in err
    assert (
        err.count(f"RuntimeError: boom {MASK}") == 2
        and "Exception in thread" in err
        and MASK in err
    )


def test_json_bodies_are_parsed_before_masking() -> None:
    """A server escaping ``/`` as ``\\/`` or letters as ``\\u00xx`` still gets masked."""
    redactor = Redactor(["doc/secret+1"])
    body = '{"echo": "doc\\/secret+1", "u": "\\u0064oc/secret+1", "doc/secret+1": [1, "x"]}'
    shown = redactor.redact_document(body)
    assert "secret" not in shown
    assert json.loads(shown) == {"echo": MASK, "u": MASK, MASK: [1, "x"]}
    assert redactor.redact_document("not json doc/secret+1") == f"not json {MASK}"
