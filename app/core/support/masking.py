"""Masking for text that leaves the machine on purpose (support bundles): secrets and
personal data.

Known secrets go through a :class:`~app.core.secrets.store.Redactor` (every form). On top of
that, anything that looks like a credential is masked even when Hooksmith does not
know it: tokens after ``Basic``/``Bearer``/``ApiKey-v1``/``ManagementKey-v1``, values
of secret-looking headers and JSON keys. Personal data means email addresses (also
URL-encoded) and phone numbers; a phone number needs a ``+``, separators, or a
phone-like JSON key, so IDs, timestamps and mParticle's 64-bit ``mpid`` stay readable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from app.core.secrets.logsafe import redact_known
from app.core.secrets.store import MASK, Redactor
from app.core.support.detect import has_placeholder, is_secret_header

EMAIL_MASK = "[email masked]"
PHONE_MASK = "[phone masked]"

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+(?:@|%40|%2540)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_PHONE = re.compile(r"(?<![\w+.\-/])\+?\(?\d[\d ().\-/]{5,22}\d(?![\w.\-/])")
_PHONE_KEY = re.compile(
    r'("[^"\n]*(?:phone|mobile|msisdn|telephone)[^"\n]*"\s*:\s*)("(?:[^"\\\n]|\\.)*"|\d+)',
    re.IGNORECASE,
)
_SCHEME = re.compile(
    r"\b(Basic|Bearer|ApiKey-v1|ManagementKey-v1|Token)(\s+)([A-Za-z0-9._~+/=\-]{6,})"
)
_HEADER = re.compile(r"(?m)(^|[\"'\[,{]\s*)([A-Za-z][A-Za-z0-9_\-]*)(:[ \t]*)([^\"'\n]+)")
_SECRET_KEY = re.compile(
    r'("([^"\n]*(?:password|secret|token|passcode|api_?key)[^"\n]*)"\s*:\s*)"(?:[^"\\\n]|\\.)*"',
    re.IGNORECASE,
)


def _is_phone(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if not 7 <= digits <= 15:
        return False
    if re.search(r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}", text):
        return False  # a date
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}|\d+\.\d+", text):
        return False  # an IP address or a decimal number
    return text.startswith("+") or bool(re.search(r"\d[ ().\-/]+\d", text))


class Masker:
    """Masks secrets and personal data, and counts what it masked.

    Args:
        secrets: secret values known to be involved (read from the store); masked in
            every form, and checked for by :meth:`leaks`.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.redactor = Redactor(list(secrets))
        self.counts: Counter[str] = Counter()

    def mask(self, text: str) -> str:
        """``text`` with secrets, email addresses and phone numbers masked."""
        before = text
        text = redact_known(self.redactor.redact(text))
        text = _SCHEME.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
        text = _HEADER.sub(self._header, text)
        text = _SECRET_KEY.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
        if text != before:
            self.counts["secret"] += 1
        text, emails = _EMAIL.subn(EMAIL_MASK, text)
        self.counts["email"] += emails
        text = _PHONE_KEY.sub(self._phone_value, text)
        text = _PHONE.sub(self._phone, text)
        return text

    def _header(self, match: re.Match[str]) -> str:
        name, value = match.group(2), match.group(4)
        if not is_secret_header(name) or value.strip() in ("", MASK) or has_placeholder(value):
            return match.group(0)
        scheme = value.split(" ", 1)[0] + " " if " " in value.strip() else ""
        return f"{match.group(1)}{name}{match.group(3)}{scheme}{MASK}"

    def _phone_value(self, match: re.Match[str]) -> str:
        self.counts["phone"] += 1
        return f'{match.group(1)}"{PHONE_MASK}"'

    def _phone(self, match: re.Match[str]) -> str:
        if not _is_phone(match.group(0)):
            return match.group(0)
        self.counts["phone"] += 1
        return PHONE_MASK

    def leaks(self, text: str) -> list[str]:
        """What the masking missed in ``text``: kinds only, never the values."""
        found = []
        if self.redactor.redact(text) != text:
            found.append("a known secret")
        if _EMAIL.search(text):
            found.append("an email address")
        if any(_is_phone(m.group(0)) for m in _PHONE.finditer(text)):
            found.append("a phone number")
        return found
