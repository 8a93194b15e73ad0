"""A small rule language for destination payloads, read from the destination's data file.

It is a subset of JSON Schema (``type``, ``required``, ``properties``, ``items``,
``enum``, ``minLength``/``maxLength``, ``minItems``/``maxItems``, ``minimum``/``maximum``)
plus what the vendors' rules need and JSON Schema lacks or words badly:

- ``maxBytes``: UTF-8 size of a string value (CleverTap's 512-byte values);
- ``oneKeyOf``: exactly one of these keys (CleverTap's identity keys);
- ``keys`` / ``values``: a rule for every key / every value of an object;
- ``forbidden``: values refused, with the reason (Talon.One's reserved event names);
- ``suggest``: known wrong values and their right form (mParticle's ``other5``);
- ``anyKeyOf``: at least one of these keys (mParticle's ``mpid`` or ``user_identities``);
- ``pattern``: a regular expression a string must match (a numeric campaign ID);
- ``cases``: ``[{"when": {"field": value}, "then": rule}]`` for per-type rules;
- ``epoch``: ``seconds`` or ``milliseconds``: a number that reads as a time since 1970
  in the other unit (or as no time this century) is named, with the value to write;
- ``format``: ``email`` or ``phone``: a string that cannot be one (a warning: the
  vendor may still take it, but the person will not be reached);
- ``messages`` / ``hints`` / ``codes``: plain-language text and the vendor's error code
  per keyword (``required.evtName`` beats ``required``; for ``enum`` and ``forbidden``
  the offending value is the name, so ``enum.sessionId`` words one wrong key). Texts may
  use ``{name}``, ``{value}``, ``{limit}``, ``{count}`` and ``{path}``;
- ``severities``: ``warning`` instead of the default ``error`` per keyword, for rules
  that rest on facts the vendor has not confirmed.

Written by hand rather than with ``jsonschema`` because the point is the wording and
the vendor codes, and because it must re-check 1000 records while the user types.

Size: one checker per keyword plus their wording; splitting it would scatter the rule
language a destination author reads.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Rule = dict[str, Any]
Path = tuple[str | int, ...]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
}
_TYPE_WORDS = {
    "object": "an object {...}",
    "array": "an array [...]",
    "string": "a string in quotes",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}

_DEFAULT_MESSAGES = {
    "type": "{path} must be {limit}.",
    "required": '{path} needs "{name}".',
    "enum": "{path} is {value}; allowed: {limit}.",
    "minLength": "{path} is empty.",
    "maxLength": "{path} is {count} characters long; the limit is {limit}.",
    "maxBytes": "{path} is {count} bytes; the limit is {limit}.",
    "minItems": "{path} must hold at least {limit} item(s).",
    "maxItems": "{path} holds {count} items; the limit is {limit}.",
    "minimum": "{path} is {value}; it must be at least {limit}.",
    "maximum": "{path} is {value}; it must be at most {limit}.",
    "oneKeyOf.none": "{path} needs one of: {limit}.",
    "oneKeyOf.many": "{path} has {value}; only one of them is allowed.",
    "anyKeyOf": "{path} needs at least one of: {limit}.",
    "pattern": "{path} is {value}, which does not have the expected form.",
    "epoch": "{path} is {value}, which looks like {count}; it must be in {limit}.",
    "epoch.none": "{path} is {value}, which is not a time in {limit} since 1970.",
    "format.email": "{path} is {value}, which is not an email address.",
    "format.phone": "{path} is {value}, which is not a phone number.",
    "forbidden": "{path} is {value}, which is reserved.",
    "key.enum": "{value} is not an accepted key here; accepted: {limit}.",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule.

    Attributes:
        path: where, as keys and indexes from the document root.
        keyword: the rule keyword that failed (``required``, ``maxItems``...).
        message: plain-language text.
        hint: what to do, possibly empty.
        code: the vendor's error code for this failure, when it has one: a number
            (CleverTap's 523) or a text (Iterable's ``BadParams``).
        on_key: True when the problem is the key at ``path``, not its value.
        severity: ``error`` or ``warning`` (from the rule's ``severities``).
    """

    path: Path
    keyword: str
    message: str
    hint: str = ""
    code: int | str | None = None
    on_key: bool = False
    severity: str = "error"


def format_path(path: Path) -> str:
    """``("d", 0, "evtName")`` -> ``d[0].evtName``; the root is ``the payload``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "the payload"


def _lookup(rule: Rule, table: str, keyword: str, name: str | None) -> Any:
    entries = rule.get(table)
    if not entries:
        return None
    if name is not None and f"{keyword}.{name}" in entries:
        return entries[f"{keyword}.{name}"]
    return entries.get(keyword)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _violation(
    rule: Rule,
    path: Path,
    keyword: str,
    *,
    name: str | None = None,
    value: Any = None,
    limit: Any = None,
    count: Any = None,
    on_key: bool = False,
    hint: str = "",
) -> Violation:
    template = _lookup(rule, "messages", keyword, name) or _DEFAULT_MESSAGES.get(
        keyword, "{path} breaks the rule " + keyword + "."
    )
    fields = {
        "path": format_path(path),
        "name": name or "",
        "value": _show(value) if value is not None else "",
        "limit": limit if limit is not None else "",
        "count": count if count is not None else "",
    }
    message = _fill(template, fields)
    hint = hint or _lookup(rule, "hints", keyword, name) or ""  # a suggestion is more precise
    code = _lookup(rule, "codes", keyword, name)
    severity = str(_lookup(rule, "severities", keyword, name) or "error")
    return Violation(path, keyword, message, _fill(hint, fields), code, on_key, severity)


_FIELD_RE = re.compile(r"\{(path|name|value|limit|count)\}")


def _fill(template: str, fields: dict[str, Any]) -> str:
    """Fill ``{name}``-style fields only, so texts may show JSON braces literally."""
    return _FIELD_RE.sub(lambda m: str(fields[m.group(1)]), template)


def check(rule: Rule, value: Any, path: Path = ()) -> Iterator[Violation]:
    """Yield every violation of ``rule`` by ``value``, depth first.

    The preview re-checks up to 1000 records on every keystroke, so each rule is
    compiled once (:func:`compiled`) into a function that does only the checks the rule
    asks for, appending to one list, and skips the keys of objects no rule looks into.
    """
    found: list[Violation] = []
    compiled(rule)(value, path, found)
    return iter(found)


Checker = Callable[[Any, Path, list[Violation]], None]

#: Compiled rules by ``id``, with the rule itself so a reused id is never mistaken.
#: Rules are read from the destination files once and never changed afterwards.
_COMPILED: dict[int, tuple[Rule, Checker]] = {}


def compiled(rule: Rule) -> Checker:
    """``rule`` as a function ``(value, path, out)`` appending its violations to ``out``."""
    entry = _COMPILED.get(id(rule))
    if entry is not None and entry[0] is rule:
        return entry[1]
    checker = _compile(rule)
    _COMPILED[id(rule)] = (rule, checker)
    return checker


def _check(rule: Rule, value: Any, path: Path, out: list[Violation]) -> None:
    compiled(rule)(value, path, out)


def _compile(rule: Rule) -> Checker:
    type_name = str(rule.get("type") or "")
    types = _TYPES[type_name] if type_name else None
    numeric = type_name in ("number", "integer")
    enum = rule.get("enum")
    forbidden = rule.get("forbidden")
    string_check = _string_checker(rule)
    numbers = any(k in rule for k in ("minimum", "maximum", "epoch"))
    sized = "maxBytes" in rule
    items = compiled(rule["items"]) if rule.get("items") else None
    arrays = items is not None or "minItems" in rule or "maxItems" in rule
    object_check = _object_checker(rule)

    def check(value: Any, path: Path, out: list[Violation]) -> None:
        if types is not None and (
            not isinstance(value, types) or (numeric and (value is True or value is False))
        ):
            out.append(
                _violation(
                    rule,
                    path,
                    "type",
                    value=value,
                    limit=_TYPE_WORDS[type_name],
                    hint=_unquote_hint(value, type_name),
                )
            )
            return
        if enum is not None and value not in enum:
            allowed = ", ".join(_show(v) for v in enum)
            hint = _suggestion(rule, value, enum)
            named = value if isinstance(value, str) else None
            out.append(
                _violation(rule, path, "enum", name=named, value=value, limit=allowed, hint=hint)
            )
        if forbidden is not None and value in forbidden:
            named = value if isinstance(value, str) else None
            out.append(_violation(rule, path, "forbidden", name=named, value=value))
        if isinstance(value, str):
            if string_check is not None:
                string_check(value, path, out)
        elif isinstance(value, dict):
            if object_check is not None:
                object_check(value, path, out)
        elif isinstance(value, list):
            if arrays:
                _check_array(rule, value, path, out, items)
        elif numbers and isinstance(value, int | float) and not isinstance(value, bool):
            _check_number(rule, value, path, out)
        if sized and not isinstance(value, str):
            size = len(json.dumps(value, ensure_ascii=False).encode())
            if size > rule["maxBytes"]:
                out.append(_violation(rule, path, "maxBytes", count=size, limit=rule["maxBytes"]))

    return check


def _check_number(rule: Rule, value: float, path: Path, out: list[Violation]) -> None:
    if "minimum" in rule and value < rule["minimum"]:
        out.append(_violation(rule, path, "minimum", value=value, limit=rule["minimum"]))
    if "maximum" in rule and value > rule["maximum"]:
        out.append(_violation(rule, path, "maximum", value=value, limit=rule["maximum"]))
    if "epoch" in rule:
        _check_epoch(rule, value, path, out)


def _string_checker(rule: Rule) -> Callable[[str, Path, list[Violation]], None] | None:
    """The checks ``rule`` asks of a string, or None when it asks none."""
    if not any(k in rule for k in ("minLength", "maxLength", "maxBytes", "pattern", "format")):
        return None
    min_length, max_length = rule.get("minLength"), rule.get("maxLength")
    max_bytes, pattern = rule.get("maxBytes"), rule.get("pattern")
    kind = rule.get("format")
    valid = _FORMATS.get(kind) if isinstance(kind, str) else None
    format_severity = "format" in (rule.get("severities") or {})

    def check_string(value: str, path: Path, out: list[Violation]) -> None:
        if min_length is not None and len(value) < min_length:
            out.append(_violation(rule, path, "minLength", value=value, limit=min_length))
        if max_length is not None and len(value) > max_length:
            out.append(
                _violation(rule, path, "maxLength", value=value, limit=max_length, count=len(value))
            )
        if max_bytes is not None:
            size = len(value.encode())
            if size > max_bytes:
                out.append(
                    _violation(rule, path, "maxBytes", value=value, count=size, limit=max_bytes)
                )
        if pattern is not None and not re.search(pattern, value):
            out.append(_violation(rule, path, "pattern", value=value, limit=pattern))
        if valid is not None and not valid(value):
            found = _violation(rule, path, f"format.{kind}", value=value)
            if not format_severity:
                found = Violation(
                    found.path,
                    "format",
                    found.message,
                    found.hint,
                    found.code,
                    found.on_key,
                    "warning",
                )
            out.append(found)

    return check_string


def _is_email(value: str) -> bool:
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value) is not None


def _is_phone(value: str) -> bool:
    return (
        re.fullmatch(r"\+?[0-9 ()./-]+", value) is not None and sum(c.isdigit() for c in value) >= 6
    )


_FORMATS = {"email": _is_email, "phone": _is_phone}

#: Plausible times: from 2000-01-01 to 2100-01-01, in seconds.
_EPOCH_RANGE = (946_684_800, 4_102_444_800)
_EPOCH_SCALE = {"seconds": 1, "milliseconds": 1000}


def _check_epoch(rule: Rule, value: float, path: Path, out: list[Violation]) -> None:
    """A time since 1970 in ``rule["epoch"]``: name a value that reads as the other unit."""
    unit = rule["epoch"]
    low, high = _EPOCH_RANGE
    scale = _EPOCH_SCALE[unit]
    if low * scale <= value <= high * scale:
        return
    for other, other_scale in _EPOCH_SCALE.items():
        if other != unit and low * other_scale <= value <= high * other_scale:
            fixed = int(value * scale / other_scale)
            hint = f"Write {fixed}, the same moment in {unit}."
            out.append(
                _violation(rule, path, "epoch", value=value, limit=unit, count=other, hint=hint)
            )
            return
    out.append(_violation(rule, path, "epoch.none", value=value, limit=unit))


def _unquote_hint(value: Any, type_name: str) -> str:
    """For a number sent in quotes: the same value without them."""
    if type_name not in ("number", "integer") or not isinstance(value, str):
        return ""
    try:
        number = json.loads(value.strip())
    except ValueError:
        return ""
    if isinstance(number, bool) or not isinstance(number, int | float):
        return ""
    if type_name == "integer" and not isinstance(number, int):
        return ""
    return f"Write it without quotes: {value.strip()}"


def _check_array(
    rule: Rule, value: list[Any], path: Path, out: list[Violation], items: Checker | None
) -> None:
    if "minItems" in rule and len(value) < rule["minItems"]:
        out.append(_violation(rule, path, "minItems", limit=rule["minItems"], count=len(value)))
    if "maxItems" in rule and len(value) > rule["maxItems"]:
        out.append(_violation(rule, path, "maxItems", limit=rule["maxItems"], count=len(value)))
    if items is not None:
        for i, item in enumerate(value):
            items(item, (*path, i), out)


def _object_checker(rule: Rule) -> Checker | None:
    """The checks ``rule`` asks of an object, or None when it asks none."""
    props = {key: compiled(sub) for key, sub in rule.get("properties", {}).items()}
    named = tuple(props.items())
    key_rule = compiled(rule["keys"]) if rule.get("keys") else None
    value_rule = compiled(rule["values"]) if rule.get("values") else None
    cases = tuple(
        (tuple(case["when"].items()), compiled(case["then"])) for case in rule.get("cases", ())
    )
    required = tuple(rule.get("required") or ())
    one_key_of = tuple(rule.get("oneKeyOf") or ())
    any_key_of = tuple(rule.get("anyKeyOf") or ())
    if not (props or key_rule or value_rule or cases or required or one_key_of or any_key_of):
        return None

    def check_object(value: dict[str, Any], path: Path, out: list[Violation]) -> None:
        for name in required:
            if name not in value:
                out.append(_violation(rule, path, "required", name=name))
        if one_key_of:
            present = [k for k in one_key_of if k in value]
            if not present:
                out.append(_violation(rule, path, "oneKeyOf.none", limit=", ".join(one_key_of)))
            elif len(present) > 1:
                out.append(_violation(rule, path, "oneKeyOf.many", value=" and ".join(present)))
        if any_key_of and not any(k in value for k in any_key_of):
            out.append(_violation(rule, path, "anyKeyOf", limit=", ".join(any_key_of)))
        if key_rule is None and value_rule is None:
            # Only the named properties: look them up rather than walking every key.
            for key, sub in named:
                item = value.get(key, _ABSENT)
                if item is not _ABSENT:
                    sub(item, (*path, key), out)
        else:
            for key, item in value.items():
                if key_rule is not None:
                    on_key: list[Violation] = []
                    key_rule(key, (*path, key), on_key)
                    out.extend(
                        Violation(
                            v.path,
                            v.keyword,
                            v.message,
                            v.hint,
                            v.code,
                            on_key=True,
                            severity=v.severity,
                        )
                        for v in on_key
                    )
                of_key = props.get(key)
                if of_key is not None:
                    of_key(item, (*path, key), out)
                if value_rule is not None:
                    value_rule(item, (*path, key), out)
        for when, then in cases:
            for field, wanted in when:
                if value.get(field) != wanted:
                    break
            else:
                then(value, path, out)

    return check_object


#: A property the object does not have (None is a value a payload may hold).
_ABSENT = object()


def _suggestion(rule: Rule, value: Any, allowed: list[Any]) -> str:
    if not isinstance(value, str):
        return ""
    known = rule.get("suggest", {})
    if value in known:
        return f'Did you mean "{known[value]}"?'
    close = difflib.get_close_matches(value, [a for a in allowed if isinstance(a, str)], n=1)
    return f'Did you mean "{close[0]}"?' if close else ""
