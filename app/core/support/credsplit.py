"""Take credentials out of an imported request's headers, split into kept and secret values.

The destination's own header lines (``X-CleverTap-Passcode: {passcode}``) and its
authentication (HTTP Basic, a header with a ``{field}``) say which part of which
header is which credential field; secret fields are returned apart, to be offered
for the keyring, and never kept with the profile.
"""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from app.core.destination.catalogue import AuthMethod, Destination
from app.core.secrets.store import MASK
from app.core.support.detect import has_placeholder, is_secret_header

#: Headers that are never credentials, whatever their value looks like.
_HARMLESS = re.compile(
    r"^(content-|accept|user-agent$|host$|cache-control$|if-|origin$|referer$|x-request-id$"
    r"|x-correlation-id$|traceparent$|tracestate$|x-trace|x-forwarded-|x-?idempotency-key$"
    r"|destination-hostname$|customer-engagement-platform-name$)",
    re.IGNORECASE,
)


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_like_credential(name: str, value: str) -> bool:
    """A header that carries a credential: by its name, or by a token-like value.

    An imported custom webhook may sign requests with any header name; a value of 12 or
    more characters mixing letters and digits with high entropy is taken as a secret
    (kept out of the profile) unless the name is one that never holds one.
    """
    if is_secret_header(name):
        return True
    value = value.strip()
    if not value or _HARMLESS.match(name.strip()) or has_placeholder(value):
        return False
    token = value.split(" ", 1)[1] if re.fullmatch(r"[A-Za-z][\w.-]* \S+", value) else value
    if len(token) < 12 or re.search(r"\s", token) or "://" in token:
        return False
    classes = sum(bool(re.search(p, token)) for p in (r"[a-z]", r"[A-Z]", r"\d"))
    return classes >= 2 and _entropy(token) >= 3.0


@dataclass
class Extracted:
    """Credentials found in a request's headers, split into kept and secret values.

    Attributes:
        credentials: non-secret credential values by field id (kept in the profile).
        secrets: secret values by field id, to offer for the keyring; never saved.
        sources: for each secret field id, the header it came from (for messages).
        other_headers: headers the destination does not describe, secret ones masked.
        notes: what was found and what the user should do, in plain words.
    """

    credentials: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    other_headers: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def template_regex(template: str) -> re.Pattern[str]:
    """``ApiKey-v1 {api_key}`` -> a regex with a named group per field."""
    out, pos = "", 0
    for match in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", template):
        out += re.escape(template[pos : match.start()]) + f"(?P<{match.group(1)}>.*)"
        pos = match.end()
    return re.compile(out + re.escape(template[pos:]) + "$", re.IGNORECASE | re.DOTALL)


def decode_basic(value: str) -> tuple[str, str] | None:
    """``Basic dXNlcjpwdw==`` -> ``("user", "pw")``; None when it is not Basic auth."""
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except ValueError:  # not base64 (a masked "Basic ••••••" too), or not UTF-8
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def split_credentials(
    destination: Destination,
    headers: list[tuple[str, str]],
    basic: tuple[str, str] | None = None,
    *,
    auth: AuthMethod | None = None,
) -> Extracted:
    """Take credential values out of imported headers, using the destination's header lines.

    Args:
        destination: the recognised destination.
        headers: the imported headers, as ``(name, value)``.
        basic: a ``user:password`` pair given outside the headers (curl ``-u``, URL).
        auth: the authentication in force (``Destination.auth_for``); default: the
            destination's single ``auth`` block.
    """
    out = Extracted()
    secret_ids = set(destination.secret_fields)
    labels = {c.id: c.label for c in destination.credentials}
    if auth is None and destination.auth is not None and not destination.auth.options:
        auth = destination.auth.method
    kind = auth.type if auth is not None else ""
    lines = list(destination.headers)
    if auth is not None and kind == "header":
        lines.append(f"{auth.name}: {auth.value}")
    templates = []
    for line in lines:
        name, _, template = line.partition(":")
        templates.append((template_regex(name.strip()), template_regex(template.strip()), line))

    def take(field_id: str, value: str, where: str) -> None:
        value = value.strip()
        label = labels.get(field_id, field_id)
        if not value or value == MASK or MASK in value:
            out.notes.append(f"{where} holds no {label} (it was masked); enter it yourself.")
        elif has_placeholder(value):
            out.notes.append(
                f"{where} takes the {label} from a placeholder ({value}); Hooksmith needs the "
                "real value for test fires: enter it on the credentials page."
            )
        elif field_id in secret_ids:
            out.secrets[field_id] = value
            out.sources[field_id] = where
        else:
            out.credentials[field_id] = value

    used: set[str] = set()
    for name, value in headers:
        pair = decode_basic(value) if name.strip().lower() == "authorization" else None
        if pair is not None and kind == "basic":
            basic = pair
            continue
        scheme = value.strip().partition(" ")[0].lower()
        if kind == "basic" and name.strip().lower() == "authorization" and scheme == "basic":
            assert auth is not None
            out.notes.append(
                f"The Authorization header's Basic login was masked; enter the "
                f"{labels.get(auth.username, auth.username)} and "
                f"{labels.get(auth.password, auth.password)} yourself."
            )
            continue
        found = next(
            (
                (n, v, line)
                for n, v, line in templates
                if n.match(name.strip())
                # A templated name ("{header_name}") takes only one secret-looking header.
                and (not n.groupindex or (looks_like_credential(name, value) and line not in used))
            ),
            None,
        )
        if found is not None and found[0].groupindex:
            used.add(found[2])
        match = found[1].match(value.strip()) if found else None
        if found is None or match is None:
            if found is not None and found[1].groupindex:
                out.notes.append(
                    f"The header {name} does not have the form {destination.title} expects "
                    f"({found[2]}); check its value."
                )
            elif found is not None:
                out.notes.append(
                    f"The header {name} is {value.strip()!r}; Hooksmith sends "
                    f"{found[2].partition(':')[2].strip()!r} as {destination.title} documents."
                )
                continue
            secret = is_secret_header(name, destination) or looks_like_credential(name, value)
            shown = MASK if secret and value.strip() else value
            out.other_headers.append((name, shown))
            continue
        name_match = found[0].match(name.strip())
        captured = {**(name_match.groupdict() if name_match else {}), **match.groupdict()}
        for field_id, field_value in captured.items():
            take(field_id, field_value, f"The header {name}")
    if basic is not None:
        if auth is not None and kind == "basic":
            take(auth.username, basic[0], "The Basic authentication")
            take(auth.password, basic[1], "The Basic authentication")
        else:
            out.other_headers.append(("Authorization", MASK))
            out.notes.append(
                f"The request uses HTTP Basic authentication, which {destination.title} does "
                "not use here; it was left out."
            )
    return out
