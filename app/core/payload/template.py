"""Talon.One's webhook template language: ``${$Name}`` placeholders in URL, headers and payload.

Talon.One substitutes each placeholder with the value's text, as it is: it does not
quote or escape. A string parameter therefore belongs inside JSON quotes
(``"${$CouponCode}"``) and a number or boolean goes bare (``${$Profile.Attributes.mpid}``).
This module parses templates (never raising, whatever the text), says where each
placeholder sits, and renders a template with sample values while keeping a map from
the rendered text back to the template, so a JSON error in the output points at the
line the user typed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.payload.problems import LineIndex, Problem, Severity

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_EXPR_RE = re.compile(rf"\$({_IDENT}(?:\.{_IDENT})*)")
#: A well-formed placeholder; its one group is the expression, as in ``_EXPR_RE``.
_PLACEHOLDER_RE = re.compile(rf"\$\{{\$({_IDENT}(?:\.{_IDENT})*)\}}")
_BARE_NAME_RE = re.compile(rf"{_IDENT}(?:\.{_IDENT})*")
# A JSON string literal; placeholders contain no quotes, so this also works on templates.
_JSON_STRING_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')

#: Talon.One's built-in values, by the form they take after ``$``. ``*`` is any name.
BUILTINS: dict[str, tuple[str, str, str]] = {
    # expression: (type, sample value, description)
    "Profile.IntegrationId": ("string", "customer-0042", "Customer profile: Integration ID"),
    "Profile.Attributes.*": ("string", "", "Customer profile attribute"),
    "Session.IntegrationId": ("string", "session-7781", "Customer session: Integration ID"),
    "Session.Attributes.*": ("string", "", "Customer session attribute"),
    "Campaign.Attributes.*": ("string", "", "Campaign attribute"),
}

#: The parameter types Talon.One offers for webhook parameters (``TemplateArgDef.type``).
#: TemplateArgDef types: the Management API spec's enum (t1-openapi-specs 2026-06, which
#: added "(list number)"; the talon-one SDK 26.02 does not list it yet).
PARAM_TYPES = ("string", "number", "boolean", "time", "(list string)", "(list number)")


@dataclass(frozen=True)
class Placeholder:
    """One ``${$...}`` in a template.

    Attributes:
        start: offset of ``$`` of ``${`` in the template.
        end: offset just past the closing ``}``.
        expr: the expression without the leading ``$`` (``CouponCode``,
            ``Profile.Attributes.mpid``).
        in_string: True when it sits inside a JSON string literal.
    """

    start: int
    end: int
    expr: str
    in_string: bool = False

    @property
    def is_param(self) -> bool:
        """A webhook parameter is a single name; built-ins have dots."""
        return "." not in self.expr

    @property
    def text(self) -> str:
        return "${$" + self.expr + "}"


@dataclass
class ParsedTemplate:
    """A template split into literal text and placeholders."""

    text: str
    parts: list[str | Placeholder] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def placeholders(self) -> list[Placeholder]:
        return [p for p in self.parts if isinstance(p, Placeholder)]


def builtin_for(expr: str) -> tuple[str, str, str] | None:
    """Return (type, sample, description) when ``expr`` is a documented built-in."""
    if expr in BUILTINS:
        return BUILTINS[expr]
    head, _, _ = expr.rpartition(".")
    return BUILTINS.get(head + ".*") if head else None


def parse(text: str, *, json_context: bool = False) -> ParsedTemplate:
    """Split ``text`` into literals and placeholders; never raises.

    Args:
        text: the template as the user typed it.
        json_context: work out, for each placeholder, whether it sits inside a JSON
            string literal (for payloads; URLs and headers are plain text).

    Returns:
        The parts, plus syntax problems with line and column.
    """
    found = list(_PLACEHOLDER_RE.finditer(text))
    if len(found) != text.count("${"):
        return _scan(text, json_context=json_context)  # something to explain: the full scan
    # Every "${" starts a well-formed placeholder (one per match, none inside another):
    # the regex's matches are exactly what the scan would find, at a fraction of the cost.
    result = ParsedTemplate(text)
    strings = _StringSpans(text) if json_context else None
    append = result.parts.append
    literal_start = 0
    for match in found:
        start, end = match.span()
        if literal_start < start:
            append(text[literal_start:start])
        append(
            Placeholder(start, end, match.group(1), strings is not None and strings.inside(start))
        )
        literal_start = end
    if literal_start < len(text):
        append(text[literal_start:])
    return result


def _scan(text: str, *, json_context: bool = False) -> ParsedTemplate:
    """:func:`parse` by a scan from each ``${``, explaining what is malformed."""
    result = ParsedTemplate(text)
    index: LineIndex | None = None
    strings = _StringSpans(text) if json_context else None

    def problem(offset: int, code: str, message: str, hint: str) -> None:
        nonlocal index
        if index is None:
            index = LineIndex(text)
        line, col = index.line_col(offset)
        result.problems.append(Problem(Severity.ERROR, code, message, hint, line, col))

    pos = 0
    literal_start = 0
    while True:
        start = text.find("${", pos)
        if start == -1:
            break
        close = text.find("}", start + 2)
        inner = text[start + 2 : close] if close != -1 else ""
        if close == -1 or "\n" in inner or '"' in inner:
            problem(
                start,
                "template.unclosed",
                "A placeholder starts here but is never closed with '}'.",
                "Write it as ${$Name}.",
            )
            pos = start + 2
            continue
        match = _EXPR_RE.fullmatch(inner)
        if match is None:
            stripped = inner.strip()
            if not stripped:
                hint = "Put a parameter name inside, for example ${$CouponCode}."
                problem(start, "template.empty", "This placeholder is empty.", hint)
            elif _EXPR_RE.fullmatch(stripped):
                problem(
                    start,
                    "template.spaces",
                    f"The placeholder {text[start : close + 1]} has spaces inside.",
                    f"Write ${{{stripped}}}.",
                )
            elif _BARE_NAME_RE.fullmatch(stripped):
                problem(
                    start,
                    "template.missing_dollar",
                    f"The placeholder {text[start : close + 1]} lacks the '$' before the name.",
                    f"Talon.One writes it as ${{${stripped}}}.",
                )
            else:
                problem(
                    start,
                    "template.invalid",
                    f"{text[start : close + 1]} is not a valid Talon.One placeholder.",
                    "Use ${$Name} with letters, digits and underscores, or a built-in such "
                    "as ${$Profile.IntegrationId}.",
                )
            pos = close + 1
            continue
        in_string = strings is not None and strings.inside(start)
        if literal_start < start:
            result.parts.append(text[literal_start:start])
        result.parts.append(Placeholder(start, close + 1, match.group(1), in_string))
        literal_start = pos = close + 1
    if literal_start < len(text):
        result.parts.append(text[literal_start:])
    return result


class _StringSpans:
    """Answers "is this offset inside a JSON string literal?" for one template.

    A string literal never spans a line break (``_JSON_STRING_RE`` excludes raw line
    breaks), so only the placeholder's own line matters. On a line without
    backslashes, quotes pair up from the left, so the offset is inside a literal when
    an odd number of quotes precede it and another one follows; the count carries on
    from the previous offset on the same line, so a minified one-line payload is
    still read once. Lines with backslashes are scanned with the regex, once per line.
    Either way the answer is the one a scan of the whole text gives, at a fraction of
    the cost: the preview parses payloads of 1000 records on every keystroke.
    Offsets must be asked for in increasing order, as :func:`parse` does.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._start = self._end = -1  # the current line, [start, end)
        self._plain = True  # the current line has no backslash
        self._counted = 0  # quotes were counted up to here...
        self._quotes = 0  # ...and this many were found on the line
        self._next_quote = -1  # the first quote at or after the last offset asked
        self._spans: tuple[list[int], list[int]] | None = None

    def inside(self, offset: int) -> bool:
        text = self._text
        if not self._start <= offset < self._end or offset < self._counted:
            # A new line (inline: a payload of 1000 records asks this 2000 times).
            start = self._start = text.rfind("\n", 0, offset) + 1
            end = text.find("\n", offset)
            end = self._end = len(text) if end == -1 else end
            self._plain = text.find("\\", start, end) == -1
            self._spans = None
            if self._plain:  # count from the line's start; no quote after the offset yet
                quotes = self._quotes = text.count('"', start, offset)
                self._counted = offset
                if quotes % 2 == 0:
                    self._next_quote = -1
                    return False
                quote = text.find('"', offset, end)
                self._next_quote = end if quote == -1 else quote
                return self._next_quote < end
            self._counted, self._quotes, self._next_quote = start, 0, -1
        if self._plain:
            self._quotes += text.count('"', self._counted, offset)
            self._counted = offset
            if self._quotes % 2 == 0:
                return False
            if self._next_quote < offset:
                quote = text.find('"', offset, self._end)
                self._next_quote = self._end if quote == -1 else quote
            return self._next_quote < self._end
        if self._spans is None:
            found = [m.span() for m in _JSON_STRING_RE.finditer(text, self._start, self._end)]
            self._spans = ([s for s, _ in found], [e for _, e in found])
        starts, ends = self._spans
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and starts[i] < offset < ends[i]


@dataclass
class Rendered:
    """A rendered template and the map from its text back to the template's."""

    text: str
    # (rendered start, template start, rendered length, template length) per placeholder
    _map: list[tuple[int, int, int, int]] = field(default_factory=list)

    def template_offset(self, offset: int) -> int:
        """Map an offset in the rendered text to the offset in the template."""
        shift = 0
        for out_start, tpl_start, out_len, tpl_len in self._map:
            if offset < out_start:
                break
            if offset < out_start + out_len:
                return tpl_start
            shift = (tpl_start + tpl_len) - (out_start + out_len)
        return offset + shift


def render(parsed: ParsedTemplate, values: Mapping[str, str]) -> Rendered:
    """Substitute every placeholder with ``values[expr]`` (missing ones become empty).

    Talon.One inserts values as raw text, and so does this: a quote inside a string
    value ends up unescaped, exactly as it would in the real webhook.
    """
    out: list[str] = []
    mapping: list[tuple[int, int, int, int]] = []
    length = 0
    for part in parsed.parts:
        if isinstance(part, str):
            out.append(part)
            length += len(part)
        else:
            value = values.get(part.expr, "")
            mapping.append((length, part.start, len(value), part.end - part.start))
            out.append(value)
            length += len(value)
    return Rendered("".join(out), mapping)


def render_text(text: str, values: Mapping[str, str]) -> str:
    """Parse and render a template (URL, header or payload) in one call.

    When every ``${`` in the text opens a well-formed placeholder, one regex split
    gives the same text as :func:`parse` and :func:`render` without building a
    Placeholder per use: the request preview renders payloads of 1000 records on
    every keystroke. Any other text takes the full path.
    """
    pieces = _PLACEHOLDER_RE.split(text)
    if text.count("${") == len(pieces) // 2:
        pieces[1::2] = [values.get(expr, "") for expr in pieces[1::2]]
        return "".join(pieces)
    return render(parse(text), values).text
