"""Identity and property mapping: from the user's choices to a Talon.One payload template.

A destination's ``mapping`` block has a JSON ``skeleton`` whose ``"@slot"`` strings are
filled from the user's choices: ``text`` slots with fixed text, ``choice`` slots with one
of their ``choices``, ``value`` slots with one Talon.One value, ``map`` slots with an
object of key -> Talon.One value. String values are written inside quotes, numbers and
booleans bare, as Talon.One requires. A slot with ``when`` (``{"identity_mode": "general"}``)
is left out, key and all, unless the condition holds.

``expression`` slots hold a value in the *caller's* template language (Bloomreach's
Jinja ``{{ customer.email }}``) plus a sample used for test fires; the destination's
``query`` list puts slots into the URL's query string.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from app.core.destination.catalogue import Destination, Slot, when_matches
from app.core.destination.profile import Param, Profile, Source
from app.core.payload.template import builtin_for


def source_from(data: dict[str, Any]) -> Source:
    """Read a source from profile or catalogue data (``source`` or ``kind`` key)."""
    return Source(
        kind=str(data.get("kind", data.get("source", "param"))),
        name=str(data.get("name", "")),
        type=str(data.get("type", "string")),
    )


def source_to(source: Source) -> dict[str, str]:
    return {"kind": source.kind, "name": source.name, "type": source.type}


def default_mapping(destination: Destination) -> dict[str, Any]:
    """The mapping a new profile starts with, from the destination's defaults."""
    mapping: dict[str, Any] = {}
    for slot_id, slot in destination.mapping.slots.items():
        default = slot.default
        if slot.kind == "text":
            mapping[slot_id] = str(default or "")
        elif slot.kind == "value":
            mapping[slot_id] = source_to(source_from(default or {}))
        elif slot.kind == "map":
            mapping[slot_id] = [
                {"key": entry["key"], **source_to(source_from(entry))} for entry in default or []
            ]
        elif slot.kind == "choice":
            mapping[slot_id] = str(default or "")
        elif slot.kind == "expression":
            mapping[slot_id] = dict(default or {"attribute": "", "sample": ""})
    return mapping


def new_profile(destination: Destination, **overrides: Any) -> Profile:
    """A fresh profile for ``destination`` with its defaults and a generated template."""
    profile = Profile(
        destination=destination.id,
        name=destination.webhook_title,
        region=destination.default_region,
        credentials={c.id: c.default for c in destination.credentials if c.default},
        params=[Param(p.name, p.type, p.description, p.sample) for p in destination.params],
        samples=dict(destination.samples),
        mapping=default_mapping(destination),
        dry_run=destination.dry_run is not None and destination.dry_run.default,
        options={o.id: copy.deepcopy(o.default) for o in destination.options},
    )
    if destination.auth is not None and destination.auth.options:
        profile.options["auth"] = destination.auth.default
    for key, value in overrides.items():
        setattr(profile, key, value)
    apply_mapping(profile, destination)
    return profile


def slot_active(profile: Profile, destination: Destination, slot: Slot) -> bool:
    """False when the slot's ``when`` condition does not hold for the profile's choices."""
    if not slot.when:
        return True
    return when_matches(slot.when, destination.choices(profile.mapping, profile.options))


def mapped_sources(profile: Profile, destination: Destination) -> list[Source]:
    """Every Talon.One value the mapping uses, in slot order (inactive slots skipped)."""
    sources: list[Source] = []
    for slot_id, slot in destination.mapping.slots.items():
        if not slot_active(profile, destination, slot):
            continue
        value = profile.mapping.get(slot_id)
        if slot.kind == "value" and isinstance(value, dict):
            sources.append(source_from(value))
        elif slot.kind == "map" and isinstance(value, list):
            sources.extend(source_from(entry) for entry in value)
    return sources


def apply_mapping(profile: Profile, destination: Destination) -> None:
    """Regenerate the template from the mapping and declare the parameters it uses.

    Parameters the mapping no longer uses are kept (the validator flags them), so
    nothing the user typed is lost.
    """
    for source in mapped_sources(profile, destination):
        if source.kind == "param" and source.name and profile.param(source.name) is None:
            profile.params.append(Param(source.name, source.type, "", _sample_for(source)))
        elif source.kind != "param" and source.expr and source.expr not in profile.samples:
            profile.samples[source.expr] = _sample_for(source)
    profile.template = build_template(profile, destination)
    profile.template_edited = False


def _sample_for(source: Source) -> str:
    if source.type == "number":
        return "12345"
    if source.type == "boolean":
        return "true"
    builtin = builtin_for(source.expr or "")
    if builtin and builtin[1]:
        return builtin[1]
    return f"sample-{source.name.lower()}" if source.name else "sample"


def build_template(profile: Profile, destination: Destination) -> str:
    """Fill the destination's skeleton with the profile's mapping; return the template."""
    spec = destination.mapping
    if spec.skeleton is None:
        return ""
    slots = spec.slots
    tokens: dict[str, str] = {}

    def token_for(source: Source) -> Any:
        if source.kind == "literal":
            return _literal(source)
        placeholder = "${$" + (source.expr or "") + "}"
        key = f"\x00{len(tokens)}\x00"
        bare = source.type in ("number", "boolean")
        tokens[json.dumps(key)] = placeholder if bare else json.dumps(placeholder)
        return key

    def fill(node: Any) -> Any:
        if isinstance(node, str) and node.startswith("@") and node[1:] in slots:
            slot_id = node[1:]
            slot = slots[slot_id]
            value = profile.mapping.get(slot_id)
            if not slot_active(profile, destination, slot):
                return _OMIT
            if slot.kind in ("text", "choice"):
                return value if value is not None else (slot.default or "")
            if slot.kind == "expression":
                return expression_text(slot, value or {})
            if slot.kind == "value":
                return token_for(source_from(value or {}))
            if slot.kind == "map":
                return {
                    str(entry.get("key", "")): token_for(source_from(entry))
                    for entry in (value or [])
                    if entry.get("key")
                }
        if isinstance(node, dict):
            out = {}
            for key, item in node.items():
                filled = fill(item)
                if filled is not _OMIT:
                    out[key] = filled
            return out
        if isinstance(node, list):
            return [item for item in map(fill, node) if item is not _OMIT]
        return node

    text = json.dumps(fill(spec.skeleton), indent=2, ensure_ascii=False)
    for key, replacement in tokens.items():
        text = text.replace(key, replacement)
    return text


_OMIT = object()


def _literal(source: Source) -> Any:
    if source.type == "number":
        try:
            return json.loads(source.name)
        except ValueError:
            return source.name
    if source.type == "boolean":
        return source.name.strip().lower() == "true"
    return source.name


_JINJA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def expression_text(slot: Slot, value: dict[str, Any]) -> str:
    """The caller-side expression for an ``expression`` slot, such as ``{{ customer.email }}``.

    A name with spaces or other characters takes Jinja's bracket form
    (``{{ customer["first name"] }}``); text that already starts with ``{{`` is kept as typed.
    """
    attribute = str(value.get("attribute", "")).strip()
    if not attribute:
        return ""
    if attribute.startswith("{{"):
        return attribute
    owner = slot.object
    if _JINJA_NAME.match(attribute):
        return "{{ " + f"{owner}.{attribute}" + " }}"
    return "{{ " + f"{owner}[{json.dumps(attribute)}]" + " }}"


def caller_samples(profile: Profile, destination: Destination) -> dict[str, str]:
    """For a test fire of a caller's body: each ``expression`` slot's expression as a JSON
    string (``"{{ customer.email }}"``, as the payload holds it) -> its sample as one, so
    the request sends the sample where the caller would put its value."""
    out: dict[str, str] = {}
    for slot_id, slot in destination.mapping.slots.items():
        if slot.kind != "expression" or not slot_active(profile, destination, slot):
            continue
        value = profile.mapping.get(slot_id, slot.default) or {}
        expression = expression_text(slot, value)
        if expression:
            sample = str(value.get("sample", ""))
            out[json.dumps(expression, ensure_ascii=False)] = json.dumps(sample, ensure_ascii=False)
    return out


def url_encoded(expression: str) -> str:
    """``{{ customer.email }}`` -> ``{{ customer.email | urlencode }}``: the caller's value
    is percent-encoded in the query string, as a test fire encodes the sample (an email
    with ``+`` or ``&`` would otherwise change the query). ``urlencode`` is a standard
    Jinja filter, and Bloomreach's expressions are Jinja; an expression that already
    encodes is kept."""
    text = expression.strip()
    if not (text.startswith("{{") and text.endswith("}}")) or "urlencode" in text:
        return expression
    return text[:-2].rstrip() + " | urlencode }}"


def query_items(
    profile: Profile, destination: Destination, *, for_handover: bool = False
) -> list[tuple[str, str, bool]]:
    """The query parameters the destination's ``query`` list and toggled options add.

    Returns:
        ``(name, value, raw)`` triples; ``raw`` values are caller expressions to paste
        as they are (Jinja), the others are URL-encoded. For a test fire an
        ``expression`` slot gives its sample instead. Optional entries with no value
        (an expression slot: no attribute) are left out.
    """
    slots = destination.mapping.slots
    items: list[tuple[str, str, bool]] = []
    for entry in destination.query:
        value = entry.value
        raw = False
        if value.startswith("@") and value[1:] in slots:
            slot = slots[value[1:]]
            current = profile.mapping.get(value[1:], slot.default)
            if slot.kind == "expression":
                current = current or {}
                raw = for_handover
                expression = expression_text(slot, current)
                value = url_encoded(expression) if raw else str(current.get("sample", ""))
                if entry.optional and not expression:
                    value = ""  # left out of the hand-over, so out of test fires too
            else:
                value = "" if current is None else str(current).strip()
        if value or not entry.optional:
            items.append((entry.name, value, raw))
    for option in destination.options:
        if option.kind == "toggle" and profile.options.get(option.id, option.default):
            items.extend((k, v, False) for k, v in option.query.items())
    return items
