"""Payload templates of a chosen size, grown from a destination's own generated template.

The benchmark starts from what the wizard generates for a new profile (the
destination's mapping skeleton) and repeats the record array's first item, so the
template keeps the user's placeholders, quoting and indentation at any size.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.core.destination.catalogue import Destination
from app.core.destination.profile import Profile
from app.core.payload.mapping import new_profile
from app.core.payload.template import Placeholder, parse

_TOKEN_RE = re.compile(r'"@@bare(\d+)@@"|@@ph(\d+)@@')


def _to_json(template: str) -> tuple[Any, list[str]]:
    """Parse a template as JSON by standing a token in for each placeholder.

    A bare placeholder (a number, ``${$Profile.Attributes.mpid}``) becomes the string
    ``"@@bareN@@"`` and returns to bare text; one inside a string stays inside it.
    """
    out: list[str] = []
    originals: list[str] = []
    for part in parse(template, json_context=True).parts:
        if isinstance(part, Placeholder):
            kind = "ph" if part.in_string else "bare"
            token = f"@@{kind}{len(originals)}@@"
            originals.append(part.text)
            out.append(token if part.in_string else f'"{token}"')
        else:
            out.append(part)
    return json.loads("".join(out)), originals


def _from_json(document: Any, originals: list[str]) -> str:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _TOKEN_RE.sub(lambda m: originals[int(m.group(1) or m.group(2))], text)


def record_key(document: Any) -> str:
    """The key of the top-level array of records (``d`` for CleverTap, ``events``...)."""
    if isinstance(document, dict):
        for key, value in document.items():
            if isinstance(value, list) and value:
                return str(key)
    raise ValueError("the generated template has no top-level array of records to repeat")


def _free_form(node: Any) -> dict[str, Any] | None:
    """The first object inside a record that holds a placeholder's value (``evtData``,
    ``custom_attributes``): where a user adds more properties."""
    if isinstance(node, dict):
        if any(isinstance(v, str) and "@@" in v for v in node.values()):
            return node
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _free_form(child)
        if found is not None:
            return found
    return None


def grown_template(
    destination: Destination, records: int, properties: int = 0
) -> tuple[Profile, str]:
    """A new profile for ``destination`` whose template holds ``records`` records.

    Args:
        records: how many times the generated record is repeated.
        properties: extra fixed-text properties added to each record (next to the
            mapped ones), for destinations that cap the record count but not the size.
    """
    profile = new_profile(destination)
    document, originals = _to_json(profile.template)
    key = record_key(document)
    record = document[key][0]
    if properties:
        bag = _free_form(record)
        if bag is None:
            raise ValueError("the generated record has no object of properties to extend")
        for i in range(properties):
            bag[f"benchmark_property_{i:03d}"] = f"a fixed sample value, number {i:03d}"
    document[key] = [record] * records
    profile.template = _from_json(document, originals)
    profile.template_edited = True
    return profile, key


def max_records(destination: Destination, key: str) -> int | None:
    """The destination's cap on the record array (``maxItems``), if it has one."""
    rule = destination.schema.get("properties", {}).get(key, {})
    limit = rule.get("maxItems")
    return int(limit) if limit else None


def template_near(destination: Destination, limit: int, fraction: float = 0.97) -> Profile:
    """A profile whose rendered body is just under ``fraction`` of ``limit`` bytes.

    It takes as many records as the destination allows, then adds properties to each
    record until the body reaches the size: a batch that is full in both respects.
    """
    from app.core.payload.template import render
    from app.core.payload.validate import sample_values

    target = limit * fraction

    def size(records: int, properties: int = 0) -> int:
        profile, _ = grown_template(destination, records, properties)
        values = sample_values(profile.params, profile.samples)
        return len(render(parse(profile.template), values).text.encode())

    one = size(1)
    per_record = max(1, size(2) - one)
    records = max(1, int((target - (one - per_record)) // per_record))
    _, key = grown_template(destination, 1)
    cap = max_records(destination, key)
    properties = 0
    if cap is not None and records > cap:
        records = cap
        base = size(records)
        per_property = max(1, size(records, 1) - base)
        properties = max(0, int((target - base) // per_property))
    while size(records, properties) > target and (properties or records > 1):
        if properties:
            properties -= 1
        else:
            records -= 1
    profile, _ = grown_template(destination, records, properties)
    return profile
