"""A TLS failure in words: expired, not yet valid, wrong host, unknown issuer or
self-signed, decided by OpenSSL's verify code (not message text), with the certificate
the server presented named when it could be read."""

from __future__ import annotations

import ssl

from app.core.http.fire_result import FireError, chain
from app.core.http.sanitize import visible
from app.core.http.tls import CertInfo

#: OpenSSL X509 verify codes that have their own explanation.
_EXPIRED, _NOT_YET_VALID, _HOSTNAME = 10, 9, 62
_SELF_SIGNED = (18, 19)
_UNKNOWN_ISSUER = (2, 20, 21)


def tls_error(
    exc: BaseException, host: str, detail: str, cert: CertInfo | None = None
) -> FireError:
    """A TLS failure explained: expired, wrong host, unknown issuer, self-signed..."""
    verify = next((e for e in chain(exc) if isinstance(e, ssl.SSLCertVerificationError)), None)
    code = getattr(verify, "verify_code", None)
    text = str(getattr(verify, "verify_message", "") or exc).lower()
    about = f" {visible(cert.describe())}" if cert else ""  # the names are the server's
    untrusted = code in _SELF_SIGNED or code in _UNKNOWN_ISSUER
    if untrusted and cert is not None and cert.expired:  # OpenSSL names one problem: say both
        issuer = (
            "it is self-signed: no authority this computer trusts vouches for it"
            if code in _SELF_SIGNED
            else "it is issued by an authority this computer does not trust (unknown issuer)"
        )
        return FireError(
            "tls",
            f"The TLS certificate of {host} has expired, and {issuer}.{about}",
            "The server's operator must renew it; check the computer's date and time too. "
            "If your company inspects HTTPS with its own root certificate, install it in the "
            "system's trust store or choose its CA bundle (PEM) in Settings. Otherwise do not "
            "send credentials: someone may be intercepting the connection.",
            detail,
            "expired",
            cert,
        )
    if code == _EXPIRED or "expired" in text or (cert and cert.expired and verify):
        return FireError(
            "tls",
            f"The TLS certificate of {host} has expired.{about}",
            "The server's operator must renew it. Do not send credentials to it meanwhile; "
            "check the computer's date and time too.",
            detail,
            "expired",
            cert,
        )
    if code == _NOT_YET_VALID or "not yet valid" in text:
        return FireError(
            "tls",
            f"The TLS certificate of {host} is not valid yet.{about}",
            "Check this computer's date and time.",
            detail,
            "not_yet_valid",
            cert,
        )
    if code == _HOSTNAME or "hostname mismatch" in text or "not valid for" in text:
        return FireError(
            "tls",
            f"The TLS certificate presented is not valid for the name {host}.{about}",
            "Check the host name and region. A proxy, captive portal or wrong DNS entry may be "
            "answering instead of the real server.",
            detail,
            "wrong_host",
            cert,
        )
    if code in _SELF_SIGNED or code in _UNKNOWN_ISSUER or verify is not None:
        cause = "self_signed" if code in _SELF_SIGNED else "unknown_issuer"
        return FireError(
            "tls",
            f"The TLS certificate of {host} is issued by an authority this computer does "
            f"not trust (unknown issuer).{about}",
            "If your company inspects HTTPS with its own root certificate, install it in the "
            "system's trust store or choose its CA bundle (PEM) in Settings. Otherwise do not "
            "send credentials: someone may be intercepting the connection.",
            detail,
            cause,
            cert,
        )
    if "wrong_version_number" in text or "wrong version number" in text:
        return FireError(
            "tls",
            f"{host} did not speak TLS on that port.",
            "The port may serve plain HTTP: check whether the URL should start with http://.",
            detail,
            "",
            cert,
        )
    return FireError(
        "tls",
        f"The secure (TLS) connection to {host} failed.{about}",
        "The server may require a TLS version or cipher this computer does not offer; "
        "see the technical detail.",
        detail,
        "",
        cert,
    )
