"""Read a payload template backwards: which mapping made it, and which values filled it.

:mod:`app.core.payload.mapping` turns the user's choices into a template; an import has to go
the other way (a webhook from Talon.One should open in the wizard with its identity
and properties filled in), and a diagnosis has to find the values Talon.One put into
a payload that was actually sent. Both work on the template parsed as JSON with each
``${$...}`` replaced by a token.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

from app.core.destination.catalogue import Destination, Slot
from app.core.destination.profile import Param, Profile, Source
from app.core.payload.mapping import build_template, default_mapping, source_to
from app.core.payload.template import Placeholder, parse

_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def tokenize(template: str) -> tuple[Any, list[Placeholder]] | None:
    """The template as a JSON document whose placeholders are tokens; None if not JSON.

    A placeholder inside a JSON string becomes a token inside that string; a bare one
    (a number or boolean) becomes a string holding only its token.
    """
    parsed = parse(template, json_context=True)
    out: list[str] = []
    placeholders: list[Placeholder] = []
    for part in parsed.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        token = f"{_OPEN}{len(placeholders)}{_CLOSE}"
        placeholders.append(part)
        out.append(token if part.in_string else json.dumps(token))
    try:
        return json.loads("".join(out)), placeholders
    except ValueError:
        return None


def lenient_json(text: str) -> Any:
    """JSON that may carry trailing commas (the mParticle guide's); None when unreadable."""
    for candidate in (text, re.sub(r",(\s*[}\]])", r"\1", text)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def _normalise(node: Any, placeholders: list[Placeholder]) -> Any:
    """Tokens back to ``${$expr}`` text, with bare ones marked, so two templates compare."""
    if isinstance(node, dict):
        return {k: _normalise(v, placeholders) for k, v in node.items()}
    if isinstance(node, list):
        return [_normalise(v, placeholders) for v in node]
    if isinstance(node, str) and _OPEN in node:

        def text(match: re.Match[str]) -> str:
            ph = placeholders[int(match.group(1))]
            return ph.text if ph.in_string else f"{ph.text}(bare)"

        return _TOKEN.sub(text, node)
    return node


def _source(ph: Placeholder, params: dict[str, Param]) -> Source:
    expr = ph.expr
    if ph.in_string:  # a time is written in quotes too: the declared type tells
        declared = params.get(expr)
        type_name = "time" if declared and declared.type == "time" else "string"
    else:
        declared = params.get(expr)
        type_name = declared.type if declared and declared.type != "string" else "number"
    if ph.is_param:
        return Source("param", expr, type_name)
    if expr == "Profile.IntegrationId":
        return Source("integration_id", "", type_name)
    if expr == "Session.IntegrationId":
        return Source("session_id", "", type_name)
    if expr.startswith("Profile.Attributes."):
        return Source("attribute", expr.removeprefix("Profile.Attributes."), type_name)
    raise ValueError(expr)


def _value_source(node: Any, placeholders: list[Placeholder], params: dict[str, Param]) -> Source:
    """A slot value: one whole placeholder, or fixed text."""
    if isinstance(node, str):
        match = _TOKEN.fullmatch(node)
        if match:
            return _source(placeholders[int(match.group(1))], params)
        if _OPEN in node:
            raise ValueError(node)
        return Source("literal", node, "string")
    if isinstance(node, bool):
        return Source("literal", "true" if node else "false", "boolean")
    if isinstance(node, int | float):
        return Source("literal", json.dumps(node), "number")
    raise ValueError(node)


def _fill_slots(
    skeleton: Any,
    node: Any,
    slots: Mapping[str, Slot],
    mapping: dict[str, Any],
    placeholders: list[Placeholder],
    params: dict[str, Param],
) -> None:
    if isinstance(skeleton, str) and skeleton.startswith("@") and skeleton[1:] in slots:
        slot_id, slot = skeleton[1:], slots[skeleton[1:]]
        try:
            if slot.kind in ("text", "choice") and isinstance(node, str) and _OPEN not in node:
                mapping[slot_id] = node
            elif slot.kind == "value":
                mapping[slot_id] = source_to(_value_source(node, placeholders, params))
            elif slot.kind == "map" and isinstance(node, dict):
                mapping[slot_id] = [
                    {"key": key, **source_to(_value_source(value, placeholders, params))}
                    for key, value in node.items()
                ]
        except ValueError:
            return  # a Campaign attribute or mixed text: the template stays as imported
    elif isinstance(skeleton, dict) and isinstance(node, dict):
        for key, part in skeleton.items():
            if key in node:
                _fill_slots(part, node[key], slots, mapping, placeholders, params)
    elif isinstance(skeleton, list) and isinstance(node, list):
        for part, item in zip(skeleton, node, strict=False):
            _fill_slots(part, item, slots, mapping, placeholders, params)


def _skeleton_slots(node: Any) -> set[str]:
    if isinstance(node, str) and node.startswith("@"):
        return {node[1:]}
    if isinstance(node, dict):
        return set().union(*(_skeleton_slots(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_skeleton_slots(v) for v in node)) if node else set()
    return set()


def infer_mapping(
    destination: Destination, template: str, profile: Profile
) -> tuple[dict[str, Any], bool]:
    """The mapping that best explains ``template``, and whether it rebuilds it exactly.

    Slots found in the payload take the payload's values; choice slots that only switch
    other slots on and off (mParticle's identity mode) are tried one by one. Slots the
    payload does not show keep the destination's defaults.
    """
    spec = destination.mapping
    base = default_mapping(destination)
    tokenized = tokenize(template)
    if spec.skeleton is None or tokenized is None:
        return base, False
    document, placeholders = tokenized
    slots = spec.slots
    params = {p.name: p for p in profile.params}
    in_skeleton = _skeleton_slots(spec.skeleton)
    switches = [
        (slot_id, [c.value for c in slot.choices])
        for slot_id, slot in slots.items()
        if slot.kind == "choice" and slot_id not in in_skeleton
    ]
    candidates = [base]
    for slot_id, values in switches:
        candidates = [{**c, slot_id: v} for c in candidates for v in values] or candidates
    target = _normalise(document, placeholders)
    wanted = _key_paths(target)
    best: tuple[int, dict[str, Any]] | None = None
    for candidate in candidates:
        mapping = copy.deepcopy(candidate)
        _fill_slots(spec.skeleton, document, slots, mapping, placeholders, params)
        trial = copy.copy(profile)
        trial.mapping = mapping
        rebuilt = tokenize(build_template(trial, destination))
        normal = _normalise(rebuilt[0], rebuilt[1]) if rebuilt is not None else None
        if normal == target:
            return mapping, True
        # No exact rebuild (fixed values, extra keys): the candidate whose keys are most
        # like the payload's wins, so a body with user_identities and no mpid is
        # mParticle's general mode even when the rest differs.
        have = _key_paths(normal)
        score = len(have & wanted) - len(have ^ wanted)
        if best is None or score > best[0]:
            best = (score, mapping)
    assert best is not None
    return best[1], False


def _key_paths(node: Any, prefix: str = "") -> set[str]:
    """Every object key's path in a parsed document (list items share their list's path)."""
    out: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}"
            out.add(path)
            out |= _key_paths(value, path)
    elif isinstance(node, list):
        for item in node:
            out |= _key_paths(item, prefix + "[]")
    return out


def infer_values(template: str, sent: Any) -> dict[str, str]:
    """The value each placeholder took in ``sent`` (a parsed payload), where it can be read."""
    tokenized = tokenize(template)
    if tokenized is None:
        return {}
    document, placeholders = tokenized
    values: dict[str, str] = {}

    def walk(node: Any, actual: Any) -> None:
        if isinstance(node, dict) and isinstance(actual, dict):
            for key, part in node.items():
                if key in actual:
                    walk(part, actual[key])
        elif isinstance(node, list) and isinstance(actual, list):
            for part, item in zip(node, actual, strict=False):
                walk(part, item)
        elif isinstance(node, str) and _OPEN in node:
            whole = _TOKEN.fullmatch(node)
            if whole:
                expr = placeholders[int(whole.group(1))].expr
                values.setdefault(expr, actual if isinstance(actual, str) else json.dumps(actual))
            elif isinstance(actual, str):
                pattern = "".join(
                    "(.*?)" if i % 2 else re.escape(piece)
                    for i, piece in enumerate(_TOKEN.split(node))
                )
                match = re.fullmatch(pattern, actual, re.DOTALL)
                if match:
                    for index, value in zip(_TOKEN.findall(node), match.groups(), strict=False):
                        values.setdefault(placeholders[int(index)].expr, value)

    walk(document, sent)
    return values
