"""The redirect policy: who gets the secrets, what method and body a redirect keeps,
and when not to follow at all.

``requests`` strips only ``Authorization`` on a cross-host redirect and would forward
custom secret headers such as ``X-CleverTap-Passcode``. Here every secret header goes
only to the origin the user configured (same scheme, host and port), on every hop; a
hop back to that origin gets them again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app import __version__
from app.core.http.fire_result import FireError
from app.core.http.request import PreparedRequest
from app.core.payload.words import counted

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
#: Headers that describe a body, dropped when a redirect turns the request into a GET.
_BODY_HEADERS = ("content-type", "content-length", "content-encoding", "transfer-encoding")


def same_origin(a: str, b: str) -> bool:
    """Same scheme, host and port (an https -> http downgrade is another origin)."""
    pa, pb = urlsplit(a), urlsplit(b)
    ports = {"http": 80, "https": 443}
    return (pa.scheme, pa.hostname, pa.port or ports.get(pa.scheme)) == (
        pb.scheme,
        pb.hostname,
        pb.port or ports.get(pb.scheme),
    )


def redirected_method(method: str, body: bytes | None, status: int) -> tuple[str, bytes | None]:
    """What a browser sends next: 303 (and 301/302 after POST) become GET without a body;
    307 and 308 repeat the method and the body."""
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        return "GET", None
    return method, body


def headers_for(
    request: PreparedRequest, url: str, drop_body_headers: bool
) -> tuple[dict[str, str], list[str]]:
    """The headers to send to ``url`` and the secret ones withheld from it.

    Args:
        request: the request as built (its URL is the configured origin).
        url: where this hop goes.
        drop_body_headers: the body was dropped (303), so its headers go too.
    """
    secret = {name.lower() for name in request.secret_headers}
    secret |= {"authorization", "proxy-authorization", "cookie"}
    trusted = same_origin(url, request.url)
    headers: dict[str, str] = {}
    withheld: list[str] = []
    for name, value in request.headers:
        lowered = name.lower()
        if not trusted and lowered in secret:
            withheld.append(name)
        elif not (drop_body_headers and lowered in _BODY_HEADERS):
            headers[name] = value
    if not any(name.lower() == "user-agent" for name in headers):
        headers["User-Agent"] = f"Hooksmith/{__version__} (test fire)"
    return headers, withheld


def refusal(
    request: PreparedRequest, target: str, body: bytes | None, hop: int, max_redirects: int
) -> FireError | None:
    """Why the redirect to ``target`` (hop number ``hop``) must not be followed, if so."""
    shown = request.redactor.redact(target)
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        return FireError(
            "redirects",
            f"The server redirected to {shown}, which is not a web address; "
            "Hooksmith stopped there.",
            "Check the URL: the endpoint should answer directly.",
        )
    if hop >= max_redirects:
        return FireError(
            "redirects",
            f"More than {counted(max_redirects, 'redirect')}; stopped following.",
            "Check the URL: the endpoint should answer directly (or allow more redirects "
            "in Settings).",
        )
    if body and not same_origin(target, request.url):
        text = body.decode("utf-8", "replace")
        if request.redactor and request.redactor.redact(text) != text:
            return FireError(
                "redirects",
                f"The server redirected to another host ({urlsplit(target).hostname}), and "
                "the request body holds a credential, so Hooksmith did not follow.",
                "If that host is right, put it in the profile instead of the old one.",
            )
    return None
