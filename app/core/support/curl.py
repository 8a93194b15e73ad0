"""Read a pasted ``curl`` command into method, URL, headers, body and Basic credentials.

Support staff get requests as ``curl`` commands: from a ticket, from a vendor's guide
(Talon.One's Track Event page has one), or from Hooksmith's own preview. The command
may span lines with ``\\`` (or ``^`` / a backtick from Windows shells), use short or
long options, and hold secrets; this module only parses, it never runs anything, and
it keeps a note for every option it ignored so nothing is dropped silently.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from urllib.parse import quote_plus

_CONTINUATION = re.compile(r"(?:\\|(?<=[ \t])[\^`])[ \t]*\r?\n")
_PROMPT = re.compile(r"^\s*(?:\$|>|PS [^>]*>)\s+")

#: Options whose value is the request body (``--json`` also sets JSON headers).
_DATA = {
    "-d",
    "--data",
    "--data-ascii",
    "--data-binary",
    "--data-raw",
    "--data-urlencode",
    "--json",
}
#: Options that take a value this parser does not need (timeouts, output files...).
_IGNORED_WITH_VALUE = {
    "-o", "--output", "-m", "--max-time", "--connect-timeout", "--retry", "-w",
    "--write-out", "--cacert", "--capath", "--cert", "--key", "-x", "--proxy", "--resolve",
    "-c", "--cookie-jar", "--max-redirs", "-T", "--upload-file", "-F", "--form",
}  # fmt: skip
#: Flags without a value that change nothing Hooksmith imports.
_FLAGS = {
    "-s", "--silent", "-S", "--show-error", "-k", "--insecure", "-L", "--location",
    "-v", "--verbose", "-i", "--include", "--compressed", "-f", "--fail", "-g",
    "--globoff", "-N", "--no-buffer", "--http1.1", "--http2", "-#", "--progress-bar",
}  # fmt: skip
_SHORT_WITH_VALUE = set("XHdubAeomwxcTF")


class CurlError(Exception):
    """The text is not a curl command that can be read; the message says why."""


@dataclass
class CurlCommand:
    """What a curl command would send.

    Attributes:
        method: the HTTP verb (explicit ``-X``, else POST when there is a body).
        url: the URL as written (may be empty, as in Talon.One's own example).
        headers: ``(name, value)`` in the order given.
        body: the request body, or None.
        user: the ``-u user:password`` value, or None.
        notes: what was ignored or could not be read, in plain words.
    """

    method: str = "GET"
    url: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str | None = None
    user: str | None = None
    notes: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    text = _CONTINUATION.sub(" ", text.strip())
    text = _PROMPT.sub("", text)
    try:
        tokens = shlex.split(text, comments=False, posix=True)
    except ValueError as exc:
        raise CurlError(
            f"The curl command cannot be split into arguments ({exc}): a quote is probably "
            "not closed. Paste the whole command, including the closing quote of the body."
        ) from None
    if not tokens or not re.fullmatch(r"(?:.*[/\\])?curl(?:\.exe)?", tokens[0]):
        raise CurlError("This does not start with 'curl'. Paste the whole curl command.")
    return tokens[1:]


def _split_short(token: str) -> list[str]:
    """``-sSXPOST`` -> ``-s -S -X POST``; a value glued to its option stays with it."""
    out: list[str] = []
    for i, char in enumerate(token[1:], start=1):
        out.append("-" + char)
        if char in _SHORT_WITH_VALUE:
            rest = token[i + 1 :]
            if rest:
                out.append(rest)
            break
    return out


def parse_curl(text: str) -> CurlCommand:
    """Parse a curl command.

    Raises:
        CurlError: the text is not a curl command, or its quoting is broken.
    """
    args = _tokens(text)
    expanded: list[str] = []
    for token in args:
        if (
            token.startswith("--")
            and "=" in token
            and token.split("=", 1)[0]
            in _DATA
            | {
                "--url",
                "--request",
                "--header",
                "--user",
            }
        ):
            expanded.extend(token.split("=", 1))
        elif token.startswith("-") and not token.startswith("--") and len(token) > 2:
            expanded.extend(_split_short(token))
        else:
            expanded.append(token)
    command = CurlCommand()
    data: list[str] = []
    explicit_method = ""
    get_mode = head = False
    urls: list[str] = []
    i = 0
    while i < len(expanded):
        token = expanded[i]
        i += 1

        def value(option: str) -> str:
            nonlocal i
            if i >= len(expanded):
                raise CurlError(f"The option {option} has no value at the end of the command.")
            i += 1
            return expanded[i - 1]

        if token == "--":
            urls.extend(expanded[i:])
            break
        if token in ("-X", "--request"):
            explicit_method = value(token).upper()
        elif token in ("-H", "--header"):
            name, sep, header_value = value(token).partition(":")
            if not sep:
                command.notes.append(f"Ignored the header {name!r}: it has no ':'.")
            elif header_value.strip() or name.strip():
                command.headers.append((name.strip(), header_value.strip()))
        elif token in _DATA:
            piece = _data_value(token, value(token), command)
            if piece is not None:
                data.append(piece)
        elif token in ("-u", "--user"):
            command.user = value(token)
        elif token == "--url":
            urls.append(value(token))
        elif token in ("-G", "--get"):
            get_mode = True
        elif token in ("-I", "--head"):
            head = True
        elif token in ("-A", "--user-agent"):
            command.headers.append(("User-Agent", value(token)))
        elif token in ("-e", "--referer"):
            command.headers.append(("Referer", value(token)))
        elif token in ("-b", "--cookie"):
            command.headers.append(("Cookie", value(token)))
        elif token == "--oauth2-bearer":
            command.headers.append(("Authorization", f"Bearer {value(token)}"))
        elif token in _IGNORED_WITH_VALUE:
            command.notes.append(
                f"Ignored {token} {value(token)!r}: it does not change the request."
            )
        elif token in _FLAGS:
            continue
        elif token.startswith("-") and token != "-":
            command.notes.append(f"Ignored the unknown option {token}.")
        else:
            urls.append(token)
    _finish(command, urls, data, explicit_method, get_mode, head)
    return command


def _data_value(option: str, raw: str, command: CurlCommand) -> str | None:
    if option == "--json":
        names = {n.lower() for n, _ in command.headers}
        if "content-type" not in names:
            command.headers.append(("Content-Type", "application/json"))
        if "accept" not in names:
            command.headers.append(("Accept", "application/json"))
    if raw.startswith("@") and option != "--data-raw":
        command.notes.append(
            f"The body is read from the file {raw[1:]!r}, which is not part of the pasted "
            "text; paste the file's contents as the payload."
        )
        return None
    if option == "--data-urlencode":
        name, sep, content = raw.partition("=")
        return f"{name}={quote_plus(content)}" if sep else quote_plus(raw)
    return raw


def _finish(
    command: CurlCommand,
    urls: list[str],
    data: list[str],
    explicit_method: str,
    get_mode: bool,
    head: bool,
) -> None:
    if urls:
        command.url = urls[0].strip()
        if len(urls) > 1:
            extra = ", ".join(repr(u) for u in urls[1:])
            command.notes.append(f"Only the first URL is imported; ignored: {extra}.")
    if not command.url:
        command.notes.append(
            "The command has no URL (Talon.One's own Track Event example ends with ''). "
            "Enter the URL or the deployment base after importing."
        )
    body = "&".join(data) if data else None
    if get_mode and body:
        command.url += ("&" if "?" in command.url else "?") + body
        body = None
    command.body = body
    if explicit_method:
        command.method = explicit_method
    elif head:
        command.method = "HEAD"
    elif body is not None:
        command.method = "POST"
    else:
        command.method = "GET"
