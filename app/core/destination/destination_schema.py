"""Check a destination file against ``resources/schema/destination.schema.json``.

The schema (JSON Schema, draft 2020-12) closes every part of the format, so a typo in a
key is refused instead of falling back to a default. Its errors are put in words here:
where (``regions.choices[5].base``) and what the key must hold (``expected a URL
starting with https://, found 42``), with the nearest known key for an unknown one. A
schema's ``x-expected`` gives the words for keys whose type alone says too little.

A file that meets the schema is then checked for what a schema cannot say: that the
ids one key names exist elsewhere in the file (the default region, the credential
fields of header lines and of the authentication, the slots of the skeleton...).

Size: one wording per JSON Schema keyword, so an author reads every message of the
format in one place.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.destination import paths
from app.core.destination.resources import bundled_resource_path, bundled_root

try:  # CPython's own SHA-256 (what hashlib falls back to): hashlib loads OpenSSL, 2 ms of
    # every start, for the few digests start-up takes
    from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]  # 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]  # 3.11
    except ImportError:
        from hashlib import sha256

if TYPE_CHECKING:  # jsonschema loads only when a file is not known to be valid
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

#: Where the schema lives under the bundled resources.
SCHEMA_FILE = ("schema", "destination.schema.json")

KeyPath = tuple[str | int, ...]

#: The same ``{field}`` references :mod:`app.core.http.request` fills (``${$...}`` stays).
_FIELD_RE = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


@dataclass(frozen=True)
class SchemaProblem:
    """One thing wrong in a destination file: where, and what was expected there."""

    path: KeyPath
    text: str

    def __str__(self) -> str:
        where = format_path(self.path)
        return f"{where}: {self.text}" if where else self.text


def format_path(path: Sequence[str | int]) -> str:
    """``("regions", "choices", 5, "base")`` -> ``regions.choices[5].base``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The destination schema (read once)."""
    path = bundled_resource_path(*SCHEMA_FILE)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(load_schema(), format_checker=FormatChecker(formats=("regex",)))


#: Files found good before (they met the schema, their references held and they made a
#: destination), by a digest of the schema and the file's content: start-up then skips
#: importing jsonschema (about 80 ms) and the catalogue lists them from their text.
VERDICTS = "destination-schema-verdicts.json"
#: The same verdicts for the destination files Hooksmith ships, written when they change
#: (:func:`stamp_bundled`) and checked by the tests, so even the very first start skips
#: the schema for them. A file edited after the release has another digest and is checked.
SHIPPED_VERDICTS = ("schema", "verified-destinations.json")


@lru_cache(maxsize=1)
def _schema_digest() -> str:
    """The schema file's digest, from its text as :func:`digest` reads a destination
    file's (parsing and re-serialising it cost every start about 4 ms)."""
    text = bundled_resource_path(*SCHEMA_FILE).read_text(encoding="utf-8")
    return str(sha256(text.replace("\r\n", "\n").encode()).hexdigest())


def digest(text: str) -> str:
    """What a verdict is kept under: the schema and one file's text (with Windows line
    endings made Unix ones, so a checkout on either platform has one digest)."""
    key = _schema_digest() + text.replace("\r\n", "\n")
    return str(sha256(key.encode()).hexdigest())


@lru_cache(maxsize=1)
def shipped_verdicts() -> dict[str, str]:
    """The bundled files' digests, by file name (empty when the list is missing)."""
    try:
        path = bundled_resource_path(*SHIPPED_VERDICTS)
        known = json.loads(path.read_text(encoding="utf-8")).get("digests", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in known.items()} if isinstance(known, dict) else {}


def known_valid(text: str) -> bool:
    """True when a file with this exact text was found good with this exact schema
    before: it met the schema, its references held and it made a destination (a shipped
    file, or one the catalogue loaded on an earlier start)."""
    return digest(text) in _known_valid()


def _known_valid() -> set[str]:
    shipped = set(shipped_verdicts().values())
    try:
        known = json.loads((paths.cache_dir() / VERDICTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return shipped
    return shipped | ({str(k) for k in known} if isinstance(known, list) else set())


def remember_valid(text: str) -> None:
    """Note that a file with this text was found good (the catalogue calls this once a
    file met the schema and made a destination), so later starts neither check it nor
    build the catalogue to list it."""
    key = digest(text)
    if key not in _known_valid():
        _remember_valid(key)


def _remember_valid(digest: str) -> None:
    try:
        known = json.loads((paths.cache_dir() / VERDICTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = []
    known = [str(k) for k in known if k != digest] if isinstance(known, list) else []
    target = paths.cache_dir() / VERDICTS
    with contextlib.suppress(OSError):  # only a speed-up: a read-only cache is fine
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps([*known, digest][-200:]), encoding="utf-8")


def bundled_digests() -> dict[str, str]:
    """The digest of every destination file Hooksmith ships, by file name."""
    folder = bundled_resource_path("destinations")
    return {
        path.name: digest(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
    }


def stamp_bundled() -> Path:
    """Check every shipped destination file against the schema and write their digests
    to :data:`SHIPPED_VERDICTS` (``python -m app.core.destination.destination_schema``
    after editing one).

    Raises:
        ValueError: a shipped file does not meet the schema (nothing is written).
    """
    folder = bundled_resource_path("destinations")
    for path in sorted(folder.glob("*.json")):
        problems = schema_problems(json.loads(path.read_text(encoding="utf-8")))
        if problems:
            raise ValueError(f"{path.name}: " + "; ".join(str(p) for p in problems))
    target = bundled_root().joinpath(*SHIPPED_VERDICTS)
    about = (
        "Digests of the shipped destination files that meet the schema, so start-up "
        "need not check them. Written by: python -m app.core.destination.destination_schema"
    )
    text = json.dumps({"about": about, "digests": bundled_digests()}, indent=2)
    target.write_text(text + "\n", encoding="utf-8")
    shipped_verdicts.cache_clear()
    return target


def schema_problems(data: Any) -> list[SchemaProblem]:
    """Everything wrong in one parsed destination file, in the file's order.

    The schema first; only a file that meets it has its references between keys checked
    (:func:`reference_problems`).
    """
    found: list[SchemaProblem] = []
    for error in _validator().iter_errors(data):
        found += [p for p in _explain(error) if p not in found]
    if not found:
        found = reference_problems(data)
    return sorted(found, key=lambda p: _position(data, p.path))


# -- schema errors in words ------------------------------------------------------------


def _explain(error: ValidationError) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if "propertyNames" in error.absolute_schema_path:
        # The instance is a key of the object at ``path``.
        return [
            SchemaProblem(
                (*path, str(error.instance)),
                f"not a key allowed here: expected {_expected(schema)}",
            )
        ]
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        return [
            SchemaProblem((*path, key), _unknown_key(key, known))
            for key in error.instance
            if key not in known
        ]
    if kind == "required" and isinstance(error.instance, dict):
        properties = schema.get("properties", {})
        required: list[str] = list(schema.get("required", []))
        return [
            SchemaProblem((*path, name), f"missing; expected {_expected(properties.get(name, {}))}")
            for name in required
            if name not in error.instance
        ]
    if kind in ("anyOf", "oneOf"):
        fitting = _fitting_branch(error)
        if fitting is not None:
            return [p for sub in fitting for p in _explain(sub)]
    found = _show(error.instance)
    if kind == "minItems":
        return [SchemaProblem(path, f"expected at least {error.validator_value} item(s), found 0")]
    if kind == "uniqueItems":
        return [SchemaProblem(path, "expected no item twice, found a repeated one")]
    if kind == "minimum":
        least = error.validator_value
        return [SchemaProblem(path, f"expected a number of at least {least}, found {found}")]
    if kind == "format" and error.cause is not None:
        text = f"expected {_expected(schema)}, found {found}: {error.cause}"
        return [SchemaProblem(path, text)]
    if kind in ("type", "enum", "const", "pattern", "format", "minLength", "anyOf", "oneOf"):
        return [SchemaProblem(path, f"expected {_expected(schema)}, found {found}")]
    return [SchemaProblem(path, error.message)]


def _fitting_branch(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the one ``anyOf`` branch whose type the value has, if just one has it."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _unknown_key(key: str, known: list[str]) -> str:
    import difflib  # only for a file with an unknown key

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f'unknown key; did you mean "{close[0]}"?'
    return f"unknown key; the keys here are: {', '.join(known) or 'none'}"


def _resolve(schema: Any) -> dict[str, Any]:
    """``schema`` with its ``$ref`` chain followed (its own keys win)."""
    if not isinstance(schema, dict):
        return {}
    merged = dict(schema)
    while "$ref" in merged:
        target: Any = load_schema()
        for part in str(merged.pop("$ref")).removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


def _expected(schema: Any) -> str:
    """What a value meeting ``schema`` looks like, in words."""
    schema = _resolve(schema)
    if "x-expected" in schema:
        return str(schema["x-expected"])
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    kind = schema.get("type")
    if kind == "string" and schema.get("minLength", 0) >= 1:
        return "a non-empty string"
    if kind == "string" and "pattern" in schema:
        return f"a string matching {schema['pattern']}"
    if isinstance(kind, list):
        return " or ".join(_TYPE_WORDS.get(str(k), str(k)) for k in kind)
    return _TYPE_WORDS.get(str(kind), "another value")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _position(data: Any, path: KeyPath) -> tuple[int, ...]:
    """Where ``path`` is in the file: a key's index among its siblings at each level (a
    missing key comes before them), so problems are listed top to bottom."""
    out = []
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            out.append(list(node).index(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        else:
            out.append(-1)
            node = None
    return tuple(out)


# -- references between keys -----------------------------------------------------------


def reference_problems(data: dict[str, Any]) -> list[SchemaProblem]:
    """Ids that one part of a valid file names and another must define."""
    out: list[SchemaProblem] = []
    regions = data["regions"]
    choices = regions["choices"]
    region_ids = [r["id"] for r in choices]
    if regions.get("custom") or not choices:
        region_ids.append("custom")  # the region page's "Another address"
    out += _twice(choices, ("regions", "choices"))
    if "default" in regions and regions["default"] not in region_ids:
        out.append(_not_one_of(("regions", "default"), regions["default"], "region", region_ids))

    credentials = data.get("credentials", [])
    credential_ids = [c["id"] for c in credentials]
    out += _twice(credentials, ("credentials",))
    out += _twice(data.get("options", []), ("options",))
    for index, line in enumerate(data.get("headers", [])):
        out += _field_references(line, credential_ids, ("headers", index))
    out += _url_references(data["url"], credentials)
    out += _auth_references(data.get("auth"), credential_ids)

    mapping = data.get("mapping", {})
    slots: dict[str, Any] = mapping.get("slots", {})
    if "skeleton" in mapping:
        for where, text in _strings(mapping["skeleton"], ("mapping", "skeleton")):
            out += _slot_reference(text, slots, where)
    for index, entry in enumerate(data.get("query", [])):
        out += _slot_reference(entry.get("value", ""), slots, ("query", index, "value"))
    map_slots = [s for s, spec in slots.items() if spec["kind"] == "map"]
    for i, step in enumerate(data.get("handover_steps", [])):
        for j, item in enumerate(step.get("fields", [])):
            if "rows_from" in item and item["rows_from"] not in map_slots:
                out.append(
                    SchemaProblem(
                        ("handover_steps", i, "fields", j, "rows_from"),
                        f"{json.dumps(item['rows_from'])} is not a map slot; the map slots "
                        f"are: {', '.join(map_slots) or 'none'}",
                    )
                )
    out += _when_references(data, slots)
    return out


def _twice(items: Iterable[dict[str, Any]], where: KeyPath) -> list[SchemaProblem]:
    seen: set[str] = set()
    out = []
    for index, item in enumerate(items):
        if item["id"] in seen:
            out.append(
                SchemaProblem(
                    (*where, index, "id"),
                    f"{json.dumps(item['id'])} is the id of an earlier entry too",
                )
            )
        seen.add(item["id"])
    return out


def _not_one_of(where: KeyPath, value: Any, what: str, ids: list[str]) -> SchemaProblem:
    return SchemaProblem(
        where,
        f"{json.dumps(value, ensure_ascii=False)} is not one of the {what} ids: "
        f"{', '.join(ids) or 'none'}",
    )


def _field_references(text: str, credential_ids: list[str], where: KeyPath) -> list[SchemaProblem]:
    return [
        SchemaProblem(
            where,
            f"{{{name}}} is not a credential id; the credential ids are: "
            f"{', '.join(credential_ids) or 'none'}",
        )
        for name in _FIELD_RE.findall(text)
        if name not in credential_ids
    ]


def _url_references(url: str, credentials: list[dict[str, Any]]) -> list[SchemaProblem]:
    """``{field}`` in ``url``: a credential that is not secret (its value ends up in the
    URL, which Talon.One shows and logs), ``{base}`` aside."""
    secret = [c["id"] for c in credentials if c.get("secret", False)]
    plain = [c["id"] for c in credentials if not c.get("secret", False)]
    out = []
    for name in _FIELD_RE.findall(url):
        if name == "base":
            continue
        if name in secret:
            out.append(
                SchemaProblem(
                    ("url",),
                    f"{{{name}}} is a secret credential; a URL may hold only the ones that "
                    f"are not secret: {', '.join(plain) or 'none'}",
                )
            )
        elif name not in plain:
            out += _field_references(url.replace("{base}", ""), plain, ("url",))
            break
    return out


def _auth_references(auth: dict[str, Any] | None, credential_ids: list[str]) -> list[SchemaProblem]:
    if not auth:
        return []
    out = []
    methods: list[tuple[KeyPath, dict[str, Any]]] = [(("auth",), auth)]
    if "options" in auth:
        ids = [o["id"] for o in auth["options"]]
        out += _twice(auth["options"], ("auth", "options"))
        if "default" in auth and auth["default"] not in ids:
            out.append(_not_one_of(("auth", "default"), auth["default"], "auth option", ids))
        methods = [(("auth", "options", i), o) for i, o in enumerate(auth["options"])]
    for where, method in methods:
        for key in ("username", "password"):
            if key in method and method[key] not in credential_ids:
                out.append(
                    SchemaProblem(
                        (*where, key),
                        f"{json.dumps(method[key])} is not a credential id; the credential ids "
                        f"are: {', '.join(credential_ids) or 'none'}",
                    )
                )
        for key in ("name", "value"):
            if key in method:
                out += _field_references(method[key], credential_ids, (*where, key))
    return out


def _strings(node: Any, where: KeyPath) -> list[tuple[KeyPath, str]]:
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in _strings(value, (*where, key))]
    if isinstance(node, list):
        return [s for index, value in enumerate(node) for s in _strings(value, (*where, index))]
    return []


def _slot_reference(text: str, slots: dict[str, Any], where: KeyPath) -> list[SchemaProblem]:
    if not text.startswith("@") or text[1:] in slots:
        return []
    return [
        SchemaProblem(
            where,
            f"{json.dumps(text)} names no slot; the slots are: {', '.join(slots) or 'none'}",
        )
    ]


def _when_references(data: dict[str, Any], slots: dict[str, Any]) -> list[SchemaProblem]:
    """``when`` conditions test choices that exist, with values those choices can take."""
    values: dict[str, list[Any] | None] = {}  # None: any value (a text)
    for option in data.get("options", []):
        choices = option.get("choices")
        values[option["id"]] = [_choice_value(c) for c in choices] if choices else None
        if option["kind"] == "toggle":
            values[option["id"]] = [True, False]
    auth = data.get("auth") or {}
    if "options" in auth:
        values["auth"] = [o["id"] for o in auth["options"]]
    for slot_id, slot in slots.items():
        if slot["kind"] == "choice":
            values[slot_id] = [_choice_value(c) for c in slot["choices"]]
        elif slot["kind"] == "text":
            values[slot_id] = None
    if len(data.get("verbs") or ()) > 1:
        values.setdefault("verb", list(data["verbs"]))
    conditions: list[tuple[KeyPath, dict[str, Any]]] = []
    for i, item in enumerate(data.get("credentials", [])):
        conditions.append((("credentials", i, "when"), item.get("when") or {}))
    for slot_id, slot in slots.items():
        conditions.append((("mapping", "slots", slot_id, "when"), slot.get("when") or {}))
    for i, step in enumerate(data.get("handover_steps", [])):
        conditions.append((("handover_steps", i, "when"), step.get("when") or {}))
        for j, item in enumerate(step.get("fields", [])):
            conditions.append((("handover_steps", i, "fields", j, "when"), item.get("when") or {}))
    for i, note in enumerate(data.get("handover_notes", [])):
        if isinstance(note, dict):
            conditions.append((("handover_notes", i, "when"), note.get("when") or {}))
    for i, check in enumerate(data.get("export_checks", [])):
        conditions.append((("export_checks", i, "when"), check["when"]))
    out = []
    for where, when in conditions:
        for key, wanted in when.items():
            if key not in values:
                out.append(
                    SchemaProblem(
                        (*where, key),
                        "not a choice a condition can test; the choices are: "
                        f"{', '.join(values) or 'none'}",
                    )
                )
                continue
            allowed = values[key]
            for value in wanted if isinstance(wanted, list) else [wanted]:
                if allowed is not None and value not in allowed:
                    out.append(
                        SchemaProblem(
                            (*where, key),
                            f"{json.dumps(value)} is not one of its values: "
                            f"{', '.join(str(v) for v in allowed)}",
                        )
                    )
    return out


def _choice_value(choice: Any) -> Any:
    return choice["value"] if isinstance(choice, dict) else choice


if __name__ == "__main__":
    print(f"Wrote {stamp_bundled()}")
