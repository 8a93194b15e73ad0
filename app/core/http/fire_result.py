"""What a fire produced: the answer, how it got there, and how to show or save its body."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from app.core.http.bodyview import VIEW_LIMIT, BodyView, render_body
from app.core.http.request import PreparedRequest
from app.core.http.sanitize import visible

if TYPE_CHECKING:  # TLS is loaded by the fire engine; a result is read without it
    from app.core.http.tls import CertInfo


@dataclass(frozen=True)
class FireError:
    """Why a fire produced no (complete) response.

    Attributes:
        kind: ``dns``, ``refused``, ``unreachable``, ``connect_timeout``,
            ``read_timeout``, ``too_slow``, ``reset``, ``protocol``, ``tls``, ``proxy``,
            ``invalid_url``, ``invalid_request``, ``redirects``, ``too_large``,
            ``settings`` (a setting is unusable: nothing was sent), ``cancelled`` or ``other``.
        message: one or two plain sentences.
        hint: what to do.
        detail: the raw technical text, secrets masked.
        cause: a finer reason where one is known: for ``tls`` ``expired``,
            ``not_yet_valid``, ``wrong_host``, ``self_signed`` or ``unknown_issuer``; for
            ``dns`` ``not_found`` or ``timeout``; for ``read_timeout`` ``headers`` or ``body``;
            for ``connect_timeout`` ``handshake`` when TCP connected but TLS never finished.
        cert: for TLS failures, the certificate the server presented (when it could be read).
    """

    kind: str
    message: str
    hint: str = ""
    detail: str = ""
    cause: str = ""
    cert: CertInfo | None = None


@dataclass(frozen=True)
class Hop:
    """One redirect that was followed.

    Attributes:
        status: the 3xx status.
        url: the URL that answered with it.
        location: the absolute URL it pointed to (followed next).
        withheld: secret header names not sent to ``location`` (another origin).
        method: the method used for ``location`` (303 turns POST into GET).
        body_sent: whether the request body was sent again to ``location``.
        reason: the 3xx's reason phrase.
    """

    status: int
    url: str
    location: str
    withheld: tuple[str, ...] = ()
    method: str = ""
    body_sent: bool = False
    reason: str = ""


@dataclass
class FireResult:
    """Everything known after a fire, whether it succeeded or not.

    A result can have both a ``status`` and an ``error``: the answer started but was
    cut (reset, silence, cancel, time limit, too large), or a redirect was not followed.

    Attributes:
        ttfb: seconds from the start until the final answer's status line and headers.
        body: the body, or its first ``max_body`` bytes when ``truncated``.
        size: bytes of body received in all (after content decoding).
        truncated: ``body`` holds less than ``size`` bytes.
        body_file: a private file with the whole body received, when it was too large to
            keep in memory; removed by :meth:`discard` or at exit.
        complete: the whole body was read (no error cut it).
        proxy: the proxy used for the final answer (password masked), "" if direct.
        peer: the address that answered, ``host:port``.
        tls_version: ``TLSv1.3`` and the like for HTTPS, else "".
        cert: the verified certificate of an HTTPS server.
    """

    request: PreparedRequest
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    size: int = 0
    truncated: bool = False
    elapsed: float = 0.0
    ttfb: float | None = None
    redirects: list[Hop] = field(default_factory=list)
    error: FireError | None = None
    url: str = ""
    body_file: Path | None = None
    complete: bool = False
    proxy: str = ""
    peer: str = ""
    tls_version: str = ""
    cert: CertInfo | None = None

    @property
    def header_map(self) -> dict[str, str]:
        return {k: v for k, v in self.headers}

    def header(self, name: str) -> str | None:
        """A response header, case-insensitively (the first one if repeated)."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def content_type(self) -> str:
        return self.header("Content-Type") or ""

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait from the Retry-After header (seconds or an HTTP date)."""
        value = (self.header("Retry-After") or "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            import email.utils  # only for an HTTP-date Retry-After (it loads socket, calendar)

            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())

    def body_view(self, limit: int = VIEW_LIMIT) -> BodyView:
        """The body as safe display text (pretty JSON, text or hex), secrets masked."""
        return render_body(
            self.body,
            content_type=self.content_type,
            size=self.size,
            limit=limit,
            redactor=self.request.redactor,
        )

    def echoed_secrets(self) -> int:
        """How many copies of the request's secrets the body holds (the server echoed them)."""
        redactor = self.request.redactor
        if not redactor:
            return 0
        with self._open_body() as source:
            return redactor.redact_stream(source, _Discard())

    def save_body(self, path: str | os.PathLike[str], *, reveal: bool = False) -> Path:
        """Write every byte of the body received to ``path`` (atomically).

        The request's secrets are masked as on screen unless ``reveal``: a body that
        echoes a token must not land in a file in clear text without the user saying so.
        Everything else is written exactly as received.
        """
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle, self._open_body() as source:
                if reveal:
                    shutil.copyfileobj(source, handle, 1024 * 1024)
                else:
                    self.request.redactor.redact_stream(source, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return target

    def _open_body(self) -> BinaryIO:
        """The whole body received: the spilled file when there is one, else memory."""
        if self.body_file is not None and self.body_file.exists():
            return self.body_file.open("rb")
        return io.BytesIO(self.body)

    def discard(self) -> None:
        """Delete the spilled body file, if any (the in-memory part stays)."""
        if self.body_file is not None:
            with contextlib.suppress(OSError):
                self.body_file.unlink()
            self.body_file = None


class _Discard:
    """A sink that drops what it is given (to count masks without writing)."""

    def write(self, data: bytes, /) -> int:
        return len(data)


def other_host(configured_url: str, followed: Sequence[str] = ()) -> str:
    """The sentence that says an answer came from another host than the one configured,
    or "" when it came from that host.

    Args:
        configured_url: the URL the request was sent to first.
        followed: the redirect targets followed, in order (the last one answered).
    """
    final_url = followed[-1] if followed else configured_url
    configured = (urlsplit(configured_url).hostname or "").lower()
    final = (urlsplit(final_url).hostname or "").lower()
    if not final or final == configured:
        return ""
    return (
        f"The answer came from another host ({visible(final)}), not the one configured "
        f"({visible(configured)}): it received no credentials; check the URL."
    )


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps (``__cause__``, ``__context__``, ``.reason``, args)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        nested += [a for a in current.args if isinstance(a, BaseException)]
        todo += [n for n in nested if isinstance(n, BaseException)]
