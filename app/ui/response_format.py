"""Turning a response into safe, readable text (no widgets here, so it is easy to test)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.core.http.fire import FireResult
    from app.core.http.tls import CertInfo


def _tr(text: str) -> str:
    return QCoreApplication.translate("response", text)


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def connection_text(result: FireResult) -> str:
    """Who answered and how: ``from 127.0.0.1:8080 · TLSv1.3 · via proxy …``."""
    parts = []
    if result.peer:
        parts.append(_tr("from {peer}").format(peer=result.peer))
    if result.tls_version:
        parts.append(result.tls_version)
    if result.proxy:
        parts.append(_tr("via proxy {proxy}").format(proxy=result.proxy))
    return " · ".join(parts)


def certificate_lines(cert: CertInfo | None) -> list[str]:
    """The certificate a TLS failure was about, in the terms a user can check."""
    if cert is None:
        return []
    lines = [
        _tr("Certificate issued to: {subject}").format(subject=cert.subject),
        _tr("Issued by: {issuer}").format(issuer=cert.issuer),
    ]
    if cert.not_after is not None:
        lines.append(_tr("Valid until: {date}").format(date=cert.not_after.strftime("%Y-%m-%d")))
    if cert.names:
        lines.append(_tr("Valid for: {names}").format(names=", ".join(cert.names[:6])))
    return lines


def request_text(result: FireResult) -> str:
    """What was sent, secrets masked."""
    request = result.request
    lines = [f"{request.method} {request.redactor.redact(request.url)}"]
    lines += [f"{name}: {value}" for name, value in request.shown_headers()]
    return "\n".join(lines) + "\n\n" + request.shown_body()


def redirect_lines(result: FireResult) -> list[str]:
    redactor = result.request.redactor
    out = []
    for hop in result.redirects:
        line = f"{hop.status}: {redactor.redact(hop.url)} → {redactor.redact(hop.location)}"
        if hop.withheld:
            line += _tr(
                " (withheld from the new host: {names}; credentials are only sent to the "
                "host you configured)"
            ).format(names=", ".join(hop.withheld))
        out.append(line)
    return out
