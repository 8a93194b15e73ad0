"""Masking secrets wherever text leaves the process: views, logs, tracebacks.

A :class:`Redactor` knows a set of secrets in every form they take on the way out:
plain, URL-encoded (three quoting styles), JSON-escaped, ``repr``-escaped (how
``requests``/``http.client`` quote a bad header value in an exception), base64 (alone,
URL-safe, unpadded, inside a ``Basic`` token and at any alignment inside a longer
base64 string). Every secret any redactor learns is also remembered process-wide, so
:func:`install` can mask it in *every* log record and uncaught-exception report, even
those written by libraries (urllib3 logs request lines, backends log errors).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import Any, BinaryIO, Protocol
from urllib.parse import quote, quote_plus

MASK = "••••••"
#: Shorter values are not masked: masking two letters everywhere would garble all text.
MIN_LENGTH = 3


class Sink(Protocol):
    """Anything bytes can be written to (a file, a socket wrapper, a counter)."""

    def write(self, data: bytes, /) -> object: ...


#: The characters ``requests`` leaves alone when it re-quotes a URL.
_REQUESTS_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _b64_fragments(data: bytes) -> set[str]:
    """Base64 of ``data`` at each of the 3 alignments it can have inside a longer stream.

    The first and last characters of each encoding depend on the neighbouring bytes,
    so they are dropped; what is left appears verbatim in any base64 text that
    encodes ``data`` somewhere inside it (such as ``Basic`` of ``user:secret``).
    """
    out = set()
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + data).decode()
        # Characters whose 6 bits all come from ``data``: from ceil(8*pad/6) to
        # floor(8*(pad+len)/6).
        middle = encoded[-(-4 * pad // 3) : 4 * (pad + len(data)) // 3]
        if len(middle) >= 6:
            out.add(middle)
            out.add(middle.replace("+", "-").replace("/", "_"))
    return out


def secret_forms(secret: str) -> set[str]:
    """Every text form ``secret`` may take in a URL, header, body, log or exception."""
    if not secret or len(secret) < MIN_LENGTH:
        return set()
    raw = secret.encode("utf-8", "surrogatepass")
    b64 = base64.b64encode(raw).decode()
    forms = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote(secret, safe=_REQUESTS_SAFE),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        repr(raw)[2:-1],
        b64,
        b64.rstrip("="),
        base64.urlsafe_b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    forms |= _b64_fragments(raw)
    return {f for f in forms if len(f) >= MIN_LENGTH}


class Redactor:
    """Replaces every known secret, in every form it may take, by :data:`MASK`.

    Args:
        secrets: secrets to know from the start.
        remember: also remember each secret process-wide for log redaction (the
            process-wide registry itself passes False).
    """

    def __init__(self, secrets: Iterable[str] | None = None, *, remember: bool = True) -> None:
        self._remember = remember
        self._forms: frozenset[str] = frozenset()
        self._ordered: tuple[str, ...] = ()
        self._lock = threading.Lock()
        for secret in secrets or ():
            self.add(secret)

    def add(self, secret: str) -> None:
        """Know ``secret`` (ignored when empty or shorter than :data:`MIN_LENGTH`)."""
        self.add_forms(secret_forms(secret))

    def add_forms(self, forms: Iterable[str]) -> None:
        new = frozenset(forms) - self._forms
        if not new:
            return
        with self._lock:
            # Copy on write: a redact() running in another thread keeps its snapshot.
            self._forms = self._forms | new
            self._ordered = tuple(sorted(self._forms, key=len, reverse=True))
        if self._remember:
            KNOWN.add_forms(new)

    def forms(self) -> frozenset[str]:
        """Every form known now (to put back later with :meth:`restore`)."""
        return self._forms

    def restore(self, forms: frozenset[str]) -> None:
        """Know exactly ``forms`` again (tests keep each test's secrets to itself)."""
        with self._lock:
            self._forms = frozenset(forms)
            self._ordered = tuple(sorted(self._forms, key=len, reverse=True))

    def add_basic(self, username: str, password: str) -> None:
        """Also mask the ``Basic`` token of ``username:password``."""
        self.add(password)
        if password:
            token = base64.b64encode(f"{username}:{password}".encode()).decode()
            self.add_forms({token, token.rstrip("=")})

    def redact(self, text: str) -> str:
        for form in self._ordered:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def redact_document(self, text: str, *, indent: int | None = 2) -> str:
        """A response body for display: JSON pretty-printed, secrets masked either way.

        JSON is parsed *before* masking: a server may escape a secret in ways no list of
        forms covers (``\\/``, ``\\u0041``), and pretty-printing after masking would
        turn those escapes back into the plain secret.
        """
        try:
            document = json.loads(text)
        except ValueError:
            return self.redact(text)
        return self.redact(
            json.dumps(self.redact_value(document), indent=indent, ensure_ascii=False)
        )

    def redact_value(self, value: Any) -> Any:
        """``value`` (parsed JSON: dicts, lists, strings) with every string masked."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {self.redact(str(k)): self.redact_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_value(v) for v in value]
        return value

    def redact_bytes(self, data: bytes) -> bytes:
        if not self._ordered:
            return data
        return self.redact(data.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"
        )

    def redact_stream(self, source: BinaryIO, sink: Sink, chunk: int = 64 * 1024) -> int:
        """Copy ``source`` to ``sink`` with every known form masked; returns how many.

        Bytes, not text: what is not a secret is copied exactly as it was (a saved
        body stays the server's, byte for byte, apart from the masks). A form that
        straddles two chunks is still found: the last ``longest - 1`` bytes of each
        chunk wait for the next one.
        """
        ordered = self._ordered
        if not ordered:
            shutil.copyfileobj(source, sink, chunk)
            return 0
        pattern = re.compile(b"|".join(re.escape(f.encode("utf-8")) for f in ordered))
        keep = max(len(f.encode("utf-8")) for f in ordered) - 1
        mask = MASK.encode("utf-8")
        count = 0
        carry = b""
        while True:
            piece = source.read(chunk)
            data = carry + piece
            # At the end everything is final; otherwise a match may still grow.
            cut = len(data) if not piece else max(0, len(data) - keep)
            start = 0
            for match in pattern.finditer(data):
                if match.start() >= cut:
                    break
                sink.write(data[start : match.start()])
                sink.write(mask)
                count += 1
                start = match.end()
            cut = max(cut, start)
            sink.write(data[start:cut])
            carry = data[cut:]
            if not piece:
                return count

    def __bool__(self) -> bool:
        return bool(self._forms)


#: Every secret this process has handled (read from or written to a store, or masked).
KNOWN = Redactor(remember=False)


def remember(secret: str) -> None:
    """Mask ``secret`` from now on in every log record and exception report."""
    KNOWN.add(secret)


def redact_known(text: str) -> str:
    """``text`` with every secret this process has handled masked."""
    return KNOWN.redact(text)


class RedactingFilter(logging.Filter):
    """A logging filter that masks known secrets in the message, arguments and traceback.

    :func:`install` applies it to every record as it is created; add it to a handler
    yourself only for records that bypass ``logging.getLogger`` (there are none in
    Hooksmith).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record)
        return True


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """Mask known secrets in ``record`` in place (message merged with its args)."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what can be shown
        message = f"{record.msg!s} {record.args!r}"
    record.msg = redact_known(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact_known("".join(traceback.format_exception(*record.exc_info)))
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = redact_known(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_known(record.stack_info)
    return record


_installed = False
_install_lock = threading.Lock()


def install() -> None:
    """Mask known secrets in every log record and every uncaught exception report.

    Wraps the log record factory (so records from any logger, to any handler, are
    masked when created), ``sys.excepthook`` and ``threading.excepthook``. Safe to call
    more than once; front ends call it first thing.
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return scrub(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        sys.excepthook = _excepthook
        threading.excepthook = _thread_excepthook
        _installed = True


def format_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> str:
    """A traceback as text with known secrets masked."""
    return redact_known("".join(traceback.format_exception(kind, value, tb)))


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    sys.stderr.write(format_exception(kind, value, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread else "?"
    sys.stderr.write(f"Exception in thread {name}:\n")
    sys.stderr.write(format_exception(args.exc_type, args.exc_value, args.exc_traceback))
