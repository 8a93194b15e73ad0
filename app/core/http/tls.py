"""TLS: the verifying context every fire uses, and the peer certificate in words.

Verification is always on: the operating system's trust store (via ``truststore``, so a
company's own root CA installed on the machine works) plus an optional CA bundle.

When verification fails, OpenSSL says *why* but not *what* it was shown. To name the
certificate's subject, issuer and dates, :func:`fetch_peer_cert` opens a second, short
connection **without** verification, only to read the certificate; nothing is sent on it
but the TLS handshake. The certificate is decoded with the standard library (no extra
dependency).
"""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

Connector = Callable[[tuple[str, int], float], socket.socket]

_SHORT = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "localityName": "L",
    "stateOrProvinceName": "ST",
    "emailAddress": "E",
}


@dataclass(frozen=True)
class CertInfo:
    """What a certificate says, in the terms a user can check.

    Attributes:
        subject: who it was issued to, like ``CN=api.example.com, O=Example``.
        issuer: who signed it.
        not_before: first valid moment (UTC).
        not_after: last valid moment (UTC).
        names: the host names and IP addresses it is valid for.
    """

    subject: str
    issuer: str
    not_before: datetime | None
    not_after: datetime | None
    names: tuple[str, ...] = ()

    @property
    def self_signed(self) -> bool:
        return self.subject == self.issuer

    @property
    def expired(self) -> bool:
        return self.not_after is not None and self.not_after < datetime.now(UTC)

    @property
    def not_yet_valid(self) -> bool:
        return self.not_before is not None and self.not_before > datetime.now(UTC)

    def describe(self) -> str:
        """One line: subject, issuer, validity and names, separated by semicolons."""

        def day(value: datetime | None) -> str:
            return value.strftime("%Y-%m-%d") if value else "?"

        issuer = "itself (self-signed)" if self.self_signed else self.issuer or "?"
        text = f"Certificate issued to: {self.subject or '(no subject)'}; issued by: {issuer}"
        text += f"; valid {day(self.not_before)} to {day(self.not_after)}"
        if self.names:
            text += f"; for: {', '.join(self.names[:6])}"
            if len(self.names) > 6:
                text += f" and {len(self.names) - 6} more"
        return text + "."


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The OS trust store (via ``truststore``) plus ``ca_bundle`` when given."""
    import truststore

    context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        context.load_verify_locations(cafile=os.path.expanduser(ca_bundle))
    return context


def _name(value: Any) -> str:
    """RFC 4514 order, most specific first: ``CN=api.example.com, O=Example, C=US``."""
    parts = []
    for rdn in value or ():
        for key, item in rdn:
            parts.append(f"{_SHORT.get(key, key)}={item}")
    return ", ".join(reversed(parts))


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(ssl.cert_time_to_seconds(str(value)), UTC)
    except ValueError:
        return None


def cert_info(decoded: dict[str, Any]) -> CertInfo:
    """A :class:`CertInfo` from the dictionary form ``SSLSocket.getpeercert()`` returns."""
    names = tuple(str(v) for _, v in decoded.get("subjectAltName", ()))
    return CertInfo(
        subject=_name(decoded.get("subject")),
        issuer=_name(decoded.get("issuer")),
        not_before=_time(decoded.get("notBefore")),
        not_after=_time(decoded.get("notAfter")),
        names=names,
    )


def decode_der(der: bytes) -> CertInfo | None:
    """Decode a DER certificate with the standard library; None if it cannot.

    ``ssl`` only decodes certificates from a file (``_test_decode_cert``, used by
    CPython's own tests and stable since Python 3.3), so the PEM goes to a temp file.
    """
    decode = getattr(getattr(ssl, "_ssl", None), "_test_decode_cert", None)
    if decode is None:
        return None
    fd, path = tempfile.mkstemp(prefix="hooksmith-cert-", suffix=".pem")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(ssl.DER_cert_to_PEM_cert(der))
        return cert_info(decode(path))
    except (ssl.SSLError, ValueError, OSError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def fetch_peer_cert(
    host: str,
    port: int,
    *,
    timeout: float = 5.0,
    proxy: str = "",
    connect: Connector | None = None,
) -> CertInfo | None:
    """Read (without verifying) the certificate ``host:port`` presents; None on failure.

    Args:
        host: the server's name, sent as SNI so the same certificate comes back.
        port: its port.
        timeout: for the whole look-up.
        proxy: an ``http://`` proxy to tunnel through (the proxy may be what answers).
        connect: opens the TCP connection (the fire passes one that Cancel can stop).
    """
    connector = connect or (lambda address, limit: socket.create_connection(address, limit))
    deadline = time.monotonic() + timeout
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        if proxy:
            parts = urlsplit(proxy)
            if parts.scheme != "http" or not parts.hostname:
                return None
            raw = connector((parts.hostname, parts.port or 80), timeout)
            _tunnel(raw, host, port, parts.username, parts.password)
        else:
            raw = connector((host, port), timeout)
        with raw:
            raw.settimeout(max(0.1, deadline - time.monotonic()))
            sni = None if _is_ip(host) else host
            with context.wrap_socket(raw, server_hostname=sni) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return None
    return decode_der(der) if der else None


def _is_ip(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True


def _tunnel(
    sock: socket.socket, host: str, port: int, user: str | None, password: str | None
) -> None:
    """``CONNECT host:port`` through an HTTP proxy; raises OSError unless it answers 2xx."""
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if user is not None:
        token = base64.b64encode(f"{unquote(user)}:{unquote(password or '')}".encode()).decode()
        lines.append(f"Proxy-Authorization: Basic {token}")
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        answer = b""
        while b"\r\n\r\n" not in answer and len(answer) < 16384:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        status = answer.split(b" ", 2)[1:2]
        if not status or not status[0].startswith(b"2"):
            raise OSError("the proxy refused the tunnel")
    except BaseException:
        sock.close()
        raise
