"""Why a fire failed, in words: a plain message, what to do, and the raw detail (redacted).

The classification walks the exception's whole chain (``urllib3`` wraps the socket or
``ssl`` error that really happened) and looks at types and OpenSSL's verify codes, not
at message text, which differs between platforms and versions.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl

from urllib3 import exceptions as u3

from app.core.http.fire_result import FireError as FireError
from app.core.http.fire_result import chain
from app.core.http.fire_result import other_host as other_host
from app.core.http.request import PreparedRequest
from app.core.http.sanitize import visible
from app.core.http.sockets import FireAborted, ResolveTimeout
from app.core.http.tls import CertInfo
from app.core.http.tls_errors import tls_error
from app.core.secrets.store import Redactor


def _first(exc: BaseException, *types: type[BaseException]) -> BaseException | None:
    return next((e for e in chain(exc) if isinstance(e, types)), None)


_USERINFO = re.compile(r"(://)[^/@\s'\"]+@")


def redact_detail(exc: BaseException, redactor: Redactor) -> str:
    """The exception chain as text, each secret and any ``user:password@`` masked."""
    parts = []
    for item in chain(exc):
        text = f"{type(item).__name__}: {item}"
        if text not in parts:
            parts.append(text)
    return _USERINFO.sub(r"\1••••••@", redactor.redact(" <- ".join(parts[:4])))


def classify(
    exc: BaseException,
    host: str | PreparedRequest,
    redactor: Redactor | None = None,
    *,
    answered: bool = False,
    proxy: str = "",
    cert: CertInfo | None = None,
) -> FireError:
    """Turn an exception from sending or reading into a :class:`FireError`.

    Args:
        exc: what was raised.
        host: the host being talked to (named in the message), or the request.
        redactor: masks secrets in the detail.
        answered: the status line and headers had arrived (the body was being read).
        proxy: the proxy in use (masked), named when the proxy is the likely culprit.
        cert: the peer certificate, for TLS errors.
    """
    if isinstance(host, PreparedRequest):  # the older call: classify(exc, request)
        redactor = redactor or host.redactor
        host = host.host
    redactor = redactor or Redactor()
    detail = redact_detail(exc, redactor)
    aborted = _first(exc, FireAborted)
    if isinstance(aborted, FireAborted):
        return _aborted(aborted.reason, host, detail)
    if _first(exc, ssl.SSLError) and not _first(exc, u3.ProxyError):
        return tls_error(exc, host, detail, cert)
    if _first(exc, u3.ProxyError):
        return FireError(
            "proxy",
            f"The proxy {proxy or ''} refused or failed the connection to {host}.".replace(
                "  ", " "
            ),
            "Check the proxy in Settings (and HTTPS_PROXY / NO_PROXY in the environment).",
            detail,
        )
    if _first(exc, ResolveTimeout):
        return FireError(
            "dns",
            f"Looking up the host name {host} took too long.",
            "Check your network and DNS; raise the connect timeout in Settings if it is slow.",
            detail,
            "timeout",
        )
    if _first(exc, socket.gaierror, u3.NameResolutionError):
        return FireError(
            "dns",
            f"The host name {host} could not be found (DNS).",
            "Check the spelling of the host and the region you chose, and your network.",
            detail,
            "not_found",
        )
    if _first(exc, ConnectionRefusedError):
        return FireError(
            "refused",
            f"{host} refused the connection: nothing listens on that port.",
            "Check the URL and port; for the sandbox, start it again.",
            detail,
        )
    timeout = _first(exc, u3.ConnectTimeoutError)
    if timeout is not None and not isinstance(timeout, u3.NewConnectionError):
        return FireError(
            "connect_timeout",
            f"{host} did not accept a connection in time.",
            "Check the host, port and your network (a firewall may drop the connection), "
            "or raise the connect timeout in Settings.",
            detail,
        )
    if timeout is not None:  # NewConnectionError: no route, network down...
        return FireError(
            "unreachable",
            f"{host} cannot be reached from this computer.",
            "Check your network connection, VPN and firewall, and the host name.",
            detail,
        )
    if any("handshake operation timed out" in str(e) for e in chain(exc)):
        return FireError(
            "connect_timeout",
            f"{host} accepted the connection but did not complete the secure (TLS) "
            "handshake in time.",
            "The port may not speak TLS (check http:// versus https:// and the port), or a "
            "firewall interferes; raise the connect timeout in Settings if the server is slow.",
            detail,
            "handshake",
        )
    if _first(exc, u3.ReadTimeoutError, TimeoutError):
        if answered:
            return FireError(
                "read_timeout",
                f"{host} started answering, then went silent before the answer was complete.",
                "Try again; raise the read timeout in Settings if the server is known to be slow.",
                detail,
                "body",
            )
        return FireError(
            "read_timeout",
            f"{host} accepted the request but did not answer in time.",
            "The server may be overloaded or stuck; try again later, or raise the read "
            "timeout in Settings.",
            detail,
            "headers",
        )
    if _first(exc, u3.LocationParseError, u3.URLSchemeUnknown, http.client.InvalidURL):
        return FireError(
            "invalid_url", "The URL is not valid.", "It should look like https://host/path.", detail
        )
    # The server's faults first: a ValueError deep in the chain of a bad status line
    # (``int("OK")``) must not read as the user's request holding bad characters.
    broken = _protocol_error(exc, host, detail)
    if broken is not None:
        return broken
    bad_value = _first(exc, UnicodeEncodeError, ValueError)
    if bad_value is not None and not answered:
        return FireError(
            "invalid_request",
            "The request cannot be sent: a header or the URL holds characters HTTP cannot carry.",
            "Check the credentials and headers for stray line breaks or non-Latin characters.",
            detail,
        )
    if _first(exc, ConnectionError, u3.ProtocolError, http.client.HTTPException, OSError):
        if answered:
            message = f"{host} cut the connection before the answer was complete."
        else:
            message = f"{host} closed the connection without answering."
        return FireError(
            "reset",
            message,
            "Try again; if it keeps happening the server or a proxy is cutting the connection.",
            detail,
        )
    return FireError(
        "other",
        "The request failed before a response arrived.",
        "See the technical detail.",
        detail,
    )


_SERVER_FAULT = (
    "The fault is on the server's side (or a proxy or load balancer in front of it), not in "
    "your request: check that the URL's scheme and port are right, then tell the server's "
    "operator."
)


def _quoted(raw: object, limit: int = 80) -> str:
    """A piece of what the server sent, quoted, shortened and made harmless to show."""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    text = text.rstrip("\r\n")
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"“{visible(text)}”"


def _protocol_error(exc: BaseException, host: str, detail: str) -> FireError | None:
    """The answer broke HTTP (status line, headers, framing), most specific cause first."""

    def broke(what: str, hint: str = _SERVER_FAULT) -> FireError:
        return FireError("protocol", f"{host} broke the HTTP protocol: {what}.", hint, detail)

    chunk = _first(exc, u3.InvalidChunkLength)
    if isinstance(chunk, u3.InvalidChunkLength):
        return broke(
            f"its chunked body has a chunk size that is not a number ({_quoted(chunk.length)}), "
            f"after {chunk.partial:,} bytes of body"
        )
    short = _first(exc, http.client.IncompleteRead)
    if short is not None and _first(short, ValueError):  # http.client's chunk reader
        return broke("its chunked body has a chunk size that is not a number")
    if isinstance(short, http.client.IncompleteRead):
        got = short.partial if isinstance(short.partial, int) else len(short.partial)
        more = short.expected
        told = f" it sent {got:,} of the {got + more:,} bytes it announced" if more else ""
        return FireError(
            "reset",
            f"{host} closed the connection before the answer was complete:"
            f"{told or ' the body ended early'}.",
            "The fault is on the server's side (or a proxy's in between), not in your request; "
            "try again, and tell the server's operator if it keeps happening.",
            detail,
        )
    if _first(exc, http.client.RemoteDisconnected):
        return None  # closed without answering: explained as a reset below
    status = _first(exc, http.client.BadStatusLine)
    if isinstance(status, http.client.BadStatusLine):
        line = status.args[0] if status.args else ""
        if str(line).startswith("HTTP/"):
            return broke(f"its status line {_quoted(line)} has no valid status code")
        return FireError(
            "protocol",
            f"{host} answered with something that is not HTTP (no status line; it sent "
            f"{_quoted(line)}).",
            "Check the port and the scheme: an https:// port answers plain HTTP with garbage, "
            "and the other way round. If they are right, the server on that port does not "
            "speak HTTP: tell its operator.",
            detail,
        )
    if _first(exc, http.client.LineTooLong):
        return broke("it sent a header line longer than 64 KB")
    too_many = _first(exc, http.client.HTTPException)
    if too_many is not None and "more than" in str(too_many) and "headers" in str(too_many):
        return broke("it sent more than 100 headers")
    header = _first(exc, u3.InvalidHeader, u3.HeaderParsingError)
    if header is not None:
        return broke(f"a header of its answer is invalid ({visible(str(header))})")
    return None


def _aborted(reason: str, host: str, detail: str) -> FireError:
    if reason == "deadline":
        return FireError(
            "too_slow",
            f"{host} did not finish answering within the total time limit.",
            "The server answers very slowly (or never stops). Raise the total time limit in "
            "Settings if that is expected.",
            detail,
        )
    return FireError(
        "cancelled",
        "The fire was cancelled.",
        "Nothing more was read; the server may still have received the request.",
        detail,
    )
