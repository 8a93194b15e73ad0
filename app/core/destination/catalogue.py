"""The destination catalogue: one JSON file per integration under ``resources/destinations``.

Everything that differs between CleverTap, mParticle and Talon.One lives in those
files (regions, credential fields, headers, payload skeleton, rules, how to read the
response, how the sandbox behaves); the engine reads them. Adding an integration means
adding a file. The format is ``resources/schema/destination.schema.json`` (explained in
``docs/destinations.md``); each file is checked against it as it loads, and one that
does not meet it is skipped, logged and reported by :func:`catalogue_problems`.

:class:`Destination` holds every key of a file as a typed field. The parts written in a
language of their own stay JSON: the rule language of ``schema``, ``query_schema`` and
``rule`` keys (:mod:`app.core.payload.rules`), the payload ``skeleton``, and ``when``
conditions.

Size: one typed dataclass per part of the destination format and its reader; they change
together with the schema.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.core.destination.destination_schema import known_valid, remember_valid, schema_problems
from app.core.destination.profile import SANDBOX_REGION as SANDBOX_REGION
from app.core.destination.resources import resource_path

#: ``{base}`` and the credential fields a destination's ``url`` names.
_URL_FIELD_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

#: A rule of the rule language (:mod:`app.core.payload.rules`), as written in the file.
Rule = dict[str, Any]
#: A ``when`` condition: choice id -> the value, or a list of values, it must have.
When = dict[str, Any]

log = logging.getLogger("hooksmith.catalogue")
# The GUI logs to a file; the CLI names skipped files itself: never Python's stderr fallback.
log.addHandler(logging.NullHandler())


class CatalogueError(Exception):
    """No destination file could be loaded, or one file is missing, not JSON, or does not
    meet the format (``problem`` then says which file and why)."""

    def __init__(self, message: str, problem: CatalogueProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class Region:
    """A host choice. ``custom`` regions take the base URL the user types (``custom_base``);
    ``advanced`` ones belong behind an "advanced" switch; ``certainty`` says when the
    vendor has not confirmed the host for this use."""

    id: str
    label: str
    base: str
    dashboard: str = ""
    note: str = ""
    custom: bool = False
    advanced: bool = False
    placeholder: str = ""
    certainty: str = ""


@dataclass(frozen=True)
class CredentialField:
    """One credential input. ``when`` (``{"auth": "basic"}``) limits it to some choices;
    ``rule`` checks a non-secret value; ``optional`` ones may stay empty."""

    id: str
    label: str
    secret: bool
    help: str = ""
    placeholder: str = ""
    default: str = ""
    certainty: str = ""
    when: When = field(default_factory=dict, compare=False, hash=False)
    rule: Rule | None = field(default=None, compare=False, hash=False)
    optional: bool = False


@dataclass(frozen=True)
class Choice:
    """One entry of a drop-down: the value stored and sent, and the label shown."""

    value: str
    label: str


@dataclass(frozen=True)
class DryRun:
    """The service's validation-only mode: the query and headers that switch it on."""

    query: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    headers: tuple[str, ...] = ()
    default: bool = False
    label: str = ""
    ok_title: str = ""
    certainty: str = ""


@dataclass(frozen=True)
class Option:
    """A request-level choice: ``toggle`` (adds ``query`` when on), ``choice``,
    ``headers`` (extra header lines) or ``text``."""

    id: str
    kind: str = "text"
    label: str = ""
    help: str = ""
    default: Any = field(default=None, compare=False, hash=False)
    choices: tuple[Choice, ...] = ()
    query: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class AuthMethod:
    """One way to authenticate: ``basic`` (from the ``username`` and ``password`` fields),
    ``header`` (``name: value`` with ``{field}`` references) or none (``type`` empty).
    ``id`` and ``label`` name it among ``auth.options``."""

    type: str = ""
    username: str = ""
    password: str = ""
    name: str = ""
    value: str = ""
    id: str = ""
    label: str = ""


@dataclass(frozen=True)
class Auth:
    """``auth``: one fixed ``method``, or ``options`` the user picks from."""

    method: AuthMethod | None = None
    options: tuple[AuthMethod, ...] = ()
    default: str | None = None
    label: str = ""
    help: str = ""


@dataclass(frozen=True)
class Slot:
    """One value of the mapping page (see ``app.core.payload.mapping`` for the kinds)."""

    kind: str
    label: str
    default: Any = field(default=None, compare=False, hash=False)
    help: str = ""
    placeholder: str = ""
    when: When | None = field(default=None, compare=False, hash=False)
    rule: Rule | None = field(default=None, compare=False, hash=False)
    certainty: str = ""
    choices: tuple[Choice, ...] = ()
    sources: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    key_label: str = ""
    key_choices: tuple[str, ...] = ()
    key_suggest: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    syntax: str = ""
    object: str = "customer"


@dataclass(frozen=True)
class MappingSpec:
    """``mapping``: the JSON ``skeleton`` with ``"@slot"`` strings (None: the request has
    no body) and the slots by id, in page order."""

    skeleton: Any = field(default=None, compare=False, hash=False)
    slots: Mapping[str, Slot] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class WebhookParam:
    """A webhook parameter a new profile declares, with the sample previews use."""

    name: str
    type: str = "string"
    description: str = ""
    sample: str = ""


@dataclass(frozen=True)
class Limits:
    """Size limits the service enforces; 0 means none is known."""

    body_bytes: int = 0


@dataclass(frozen=True)
class QueryParam:
    """A query parameter: a fixed ``value`` or ``"@slot"``; ``optional`` ones are left
    out while empty."""

    name: str
    value: str = ""
    optional: bool = False


@dataclass(frozen=True)
class StepField:
    """A copyable field of a hand-over step: ``value`` with tokens, or one ``row`` per
    entry of the map slot ``rows_from``."""

    label: str
    value: str = ""
    multiline: bool = False
    rows_from: str = ""
    row: str = ""
    empty: str = ""
    when: When | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class HandoverStep:
    """One section of a ``steps`` hand-over."""

    title: str
    help: str = ""
    fields: tuple[StepField, ...] = ()
    when: When | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class HandoverNote:
    """A reminder, shown for every choice or only ``when`` they match."""

    text: str
    when: When | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Elsewhere:
    """Steps to take in the vendor's own app (``elsewhere``), with a link to its guide.
    Steps may use the hand-over tokens (``{slot:event_name}``)."""

    title: str
    steps: tuple[str, ...] = ()
    link: str = ""
    link_label: str = ""
    help: str = ""
    when: When | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class ExportCheck:
    """A problem the export reports ``when`` the choices match."""

    id: str
    when: When = field(compare=False, hash=False)
    message: str
    severity: str = "warning"
    hint: str = ""


@dataclass(frozen=True)
class Meaning:
    """What an HTTP status, or a status in the body, means."""

    verdict: str
    title: str
    detail: str = ""


@dataclass(frozen=True)
class BodyReading:
    """``response.body``: how a 2xx JSON body overrides the status's meaning."""

    status_field: str = ""
    statuses: Mapping[str, Meaning] = field(default_factory=dict, compare=False, hash=False)
    #: The meaning when ``records_field`` lists at least one record (Braze's partial
    #: success: ``"message": "success"`` with a non-empty ``errors`` list).
    when_records: Meaning | None = None
    count_field: str = ""
    records_field: str = ""
    code_field: str = "code"
    error_field: str = "error"
    codes: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    show: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ErrorReading:
    """``response.errors``: where error bodies hold the server's words."""

    message_field: str = ""
    list_field: str = ""
    item_fields: tuple[str, ...] = ("message",)
    id_field: str = ""
    #: A top-level field with the vendor's error code (Iterable's ``code``) and what
    #: each code means.
    code_field: str = ""
    codes: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ResponseList:
    """A list in a 2xx body shown one line per item (``item`` with ``{field}`` references)."""

    field: str
    title: str
    item: str
    empty: str = ""
    always: bool = False


@dataclass(frozen=True)
class ResponseSpec:
    """``response``: how to explain the service's answer."""

    http: Mapping[str, Meaning] = field(default_factory=dict, compare=False, hash=False)
    body: BodyReading | None = None
    errors: ErrorReading | None = None
    empty_body: str = ""
    lists: tuple[ResponseList, ...] = ()


@dataclass(frozen=True)
class SandboxSpec:
    """``sandbox``: the built-in handler, the paths it answers and the demo accounts."""

    handler: str
    paths: tuple[str, ...] = ()
    accounts: tuple[Mapping[str, str], ...] = field(default=(), compare=False, hash=False)


@dataclass(frozen=True)
class DetectSpec:
    """``detect``: what recognises an imported request (None: derived from the file)."""

    hosts: tuple[str, ...] | None = None
    headers: tuple[str, ...] | None = None
    paths: tuple[str, ...] = ()
    fallback: bool = False


def when_matches(when: Mapping[str, Any] | None, values: Mapping[str, Any]) -> bool:
    """True when every ``key: value`` (or ``key: [values]``) of ``when`` holds in ``values``."""
    for key, expected in (when or {}).items():
        actual = values.get(key)
        if isinstance(expected, list):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    return True


@dataclass(frozen=True)
class Destination:
    """One integration as described by its data file, every key typed.

    ``regions`` is flattened into ``regions`` (the choices), ``default_region``,
    ``region_label``, ``region_help`` and, for the older typed-URL form,
    ``region_custom`` and ``region_placeholder``. Keys the file leaves out hold their
    documented defaults; ``caller``, ``verbs`` and ``webhook_title`` hold the value in
    force (Talon.One for a ``talon-webhook`` hand-over, just ``verb``, the title).
    """

    id: str
    title: str
    summary: str
    verb: str
    url: str
    regions: tuple[Region, ...]
    default_region: str
    region_label: str
    region_help: str
    credentials: tuple[CredentialField, ...]
    headers: tuple[str, ...]
    order: int = 100
    caller: str = "Talon.One"
    handover_kind: str = "talon-webhook"
    webhook_title: str = ""
    verbs: tuple[str, ...] = ()
    docs: str = ""
    region_custom: bool = False
    region_placeholder: str = ""
    dry_run: DryRun | None = None
    #: Said before every test fire at a real host, which is asked about every time: the
    #: service has no dry run and a test fire changes real data (adds loyalty points).
    fire_warning: str = ""
    options: tuple[Option, ...] = ()
    auth: Auth | None = None
    mapping: MappingSpec = field(default_factory=MappingSpec)
    params: tuple[WebhookParam, ...] = ()
    samples: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    limits: Limits = field(default_factory=Limits)
    query: tuple[QueryParam, ...] = ()
    query_schema: Rule = field(default_factory=dict, compare=False, hash=False)
    schema: Rule = field(default_factory=dict, compare=False, hash=False)
    handover_steps: tuple[HandoverStep, ...] = ()
    handover_notes: tuple[HandoverNote, ...] = ()
    elsewhere: tuple[Elsewhere, ...] = ()
    customer_params: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    export_checks: tuple[ExportCheck, ...] = ()
    response: ResponseSpec = field(default_factory=ResponseSpec)
    sandbox: SandboxSpec | None = None
    detect: DetectSpec = field(default_factory=DetectSpec)

    @property
    def service(self) -> str:
        """The receiving side's name from the title: "CleverTap" in "Talon.One → CleverTap"."""
        return self.title.split("→")[-1].strip()

    @property
    def secret_fields(self) -> list[str]:
        return [c.id for c in self.credentials if c.secret]

    @property
    def url_fields(self) -> list[str]:
        """The credential fields named in ``url`` (``{base}/v1/event/{workspace_id}``),
        in order; never secret ones (the format refuses them)."""
        return [name for name in _URL_FIELD_RE.findall(self.url) if name != "base"]

    def fill_url(self, base: str, values: Mapping[str, str], raw: Iterable[str] = ()) -> str:
        """``url`` with ``{base}`` and its credential fields filled in, URL-encoded but
        for the ``raw`` ones."""
        kept = set(raw)

        def one(found: re.Match[str]) -> str:
            name = found.group(1)
            if name == "base":
                return base
            value = values.get(name, "")
            return value if name in kept else quote(value, safe="")

        return _URL_FIELD_RE.sub(one, self.url)

    def url_pattern(self, base: str) -> re.Pattern[str]:
        """A pattern matching this destination's URL at ``base``, with one named group per
        credential field of the path (the reverse of :meth:`fill_url`)."""
        pattern = ""
        pieces = _URL_FIELD_RE.split(self.url)
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                pattern += re.escape(piece)
            elif piece == "base":
                pattern += re.escape(base.rstrip("/"))
            else:
                pattern += f"(?P<{piece}>[^/?#]+)"
        return re.compile(pattern + "/?$", re.IGNORECASE)

    @property
    def demo_accounts(self) -> tuple[Mapping[str, str], ...]:
        """The sandbox's demo accounts (none without a sandbox)."""
        return self.sandbox.accounts if self.sandbox else ()

    def choices(self, mapping: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
        """Option and slot values (defaults filled in) that ``when`` conditions test."""
        values: dict[str, Any] = {o.id: o.default for o in self.options}
        if self.auth and self.auth.options:
            values["auth"] = self.auth.default
        for slot_id, slot in self.mapping.slots.items():
            if slot.kind in ("text", "choice"):
                values[slot_id] = mapping.get(slot_id, slot.default)
        values.update(options)
        return values

    def verb_for(self, options: Mapping[str, Any]) -> str:
        """The method a profile uses: its chosen ``verb`` option when allowed."""
        chosen = str(options.get("verb") or "").upper()
        return chosen if chosen in self.verbs else self.verb

    def auth_for(self, options: Mapping[str, Any]) -> AuthMethod | None:
        """The authentication in force: ``auth``, or the ``auth.options`` entry chosen."""
        if self.auth is None:
            return None
        if not self.auth.options:
            return self.auth.method
        chosen = options.get("auth", self.auth.default)
        for option in self.auth.options:
            if option.id == chosen:
                return option if option.type else None
        return None

    def active_credentials(
        self, mapping: Mapping[str, Any], options: Mapping[str, Any]
    ) -> list[CredentialField]:
        """The credential fields that apply to these choices (``when``)."""
        values = self.choices(mapping, options)
        return [c for c in self.credentials if when_matches(c.when, values)]

    def region(self, region_id: str) -> Region:
        for region in self.regions:
            if region.id == region_id:
                return region
        raise KeyError(f"{self.title} has no region {region_id!r}")


# -- from a file's JSON to a Destination -----------------------------------------------


def _choices(items: list[Any]) -> tuple[Choice, ...]:
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(Choice(str(item["value"]), str(item.get("label", item["value"]))))
        else:
            out.append(Choice(str(item), str(item)))
    return tuple(out)


def _auth_method(data: dict[str, Any]) -> AuthMethod:
    return AuthMethod(
        type=data.get("type", ""),
        username=data.get("username", ""),
        password=data.get("password", ""),
        name=data.get("name", ""),
        value=data.get("value", ""),
        id=data.get("id", ""),
        label=data.get("label", ""),
    )


def _auth(data: dict[str, Any] | None) -> Auth | None:
    if not data:
        return None
    if "options" not in data:
        return Auth(method=_auth_method(data), label=data.get("label", ""))
    return Auth(
        options=tuple(_auth_method(o) for o in data["options"]),
        default=data.get("default"),
        label=data.get("label", ""),
        help=data.get("help", ""),
    )


def _slot(data: dict[str, Any]) -> Slot:
    return Slot(
        kind=data["kind"],
        label=data["label"],
        default=data.get("default"),
        help=data.get("help", ""),
        placeholder=data.get("placeholder", ""),
        when=data.get("when"),
        rule=data.get("rule"),
        certainty=data.get("certainty", ""),
        choices=_choices(data.get("choices", [])),
        sources=tuple(data.get("sources", ())),
        types=tuple(data.get("types", ())),
        key_label=data.get("key_label", ""),
        key_choices=tuple(data.get("key_choices", ())),
        key_suggest=dict(data.get("key_suggest", {})),
        syntax=data.get("syntax", ""),
        object=data.get("object", "customer"),
    )


def _meaning(data: dict[str, Any]) -> Meaning:
    return Meaning(data["verdict"], data["title"], data.get("detail", ""))


def _response(data: dict[str, Any]) -> ResponseSpec:
    body = data.get("body")
    errors = data.get("errors")
    return ResponseSpec(
        http={status: _meaning(m) for status, m in data.get("http", {}).items()},
        body=None
        if body is None
        else BodyReading(
            status_field=body.get("status_field", ""),
            statuses={k: _meaning(m) for k, m in body.get("statuses", {}).items()},
            when_records=_meaning(body["when_records"]) if "when_records" in body else None,
            count_field=body.get("count_field", ""),
            records_field=body.get("records_field", ""),
            code_field=body.get("code_field", "code"),
            error_field=body.get("error_field", "error"),
            codes=dict(body.get("codes", {})),
            show=dict(body.get("show", {})),
        ),
        errors=None
        if errors is None
        else ErrorReading(
            message_field=errors.get("message_field", ""),
            list_field=errors.get("list_field", ""),
            item_fields=tuple(errors.get("item_fields", ("message",))),
            id_field=errors.get("id_field", ""),
            code_field=errors.get("code_field", ""),
            codes=dict(errors.get("codes", {})),
        ),
        empty_body=data.get("empty_body", ""),
        lists=tuple(
            ResponseList(
                e["field"], e["title"], e["item"], e.get("empty", ""), bool(e.get("always"))
            )
            for e in data.get("lists", [])
        ),
    )


def _destination(data: dict[str, Any]) -> Destination:
    """Build a Destination from a file's JSON, which meets the schema."""
    regions = data["regions"]
    handover = data.get("handover", "talon-webhook")
    dry_run = data.get("dry_run")
    sandbox = data.get("sandbox")
    detect = data.get("detect", {})
    mapping = data.get("mapping", {})
    return Destination(
        id=data["id"],
        title=data["title"],
        summary=data.get("summary", ""),
        verb=data["verb"],
        url=data["url"],
        regions=tuple(
            Region(
                r["id"],
                r["label"],
                r.get("base", ""),
                r.get("dashboard", ""),
                r.get("note", ""),
                bool(r.get("custom")),
                bool(r.get("advanced")),
                r.get("placeholder", ""),
                r.get("certainty", ""),
            )
            for r in regions["choices"]
        ),
        default_region=regions.get("default", regions["choices"][0]["id"]),
        region_label=regions.get("label", "Region"),
        region_help=regions.get("help", ""),
        region_custom=bool(regions.get("custom")),
        region_placeholder=regions.get("placeholder", ""),
        credentials=tuple(
            CredentialField(
                c["id"],
                c["label"],
                bool(c.get("secret")),
                c.get("help", ""),
                c.get("placeholder", ""),
                c.get("default", ""),
                c.get("certainty", ""),
                dict(c.get("when", {})),
                c.get("rule"),
                bool(c.get("optional")) or c.get("required", True) is False,
            )
            for c in data.get("credentials", [])
        ),
        headers=tuple(data.get("headers", [])),
        order=int(data.get("order", 100)),
        caller="Talon.One"
        if handover == "talon-webhook"
        else str(data.get("caller") or "the caller"),
        handover_kind=handover,
        webhook_title=data.get("webhook_title", data["title"]),
        verbs=tuple(data.get("verbs") or (data["verb"],)),
        docs=data.get("docs", ""),
        fire_warning=str(data.get("fire_warning", "")),
        dry_run=None
        if not dry_run
        else DryRun(
            query={str(k): str(v) for k, v in dry_run.get("query", {}).items()},
            headers=tuple(dry_run.get("headers", ())),
            default=bool(dry_run.get("default", False)),
            label=dry_run.get("label", ""),
            ok_title=dry_run.get("ok_title", ""),
            certainty=dry_run.get("certainty", ""),
        ),
        options=tuple(
            Option(
                id=o["id"],
                kind=o.get("kind", "text"),
                label=o.get("label", ""),
                help=o.get("help", ""),
                default=o.get("default"),
                choices=_choices(o.get("choices", [])),
                query={str(k): str(v) for k, v in o.get("query", {}).items()},
            )
            for o in data.get("options", [])
        ),
        auth=_auth(data.get("auth")),
        mapping=MappingSpec(
            skeleton=mapping.get("skeleton"),
            slots={slot_id: _slot(s) for slot_id, s in mapping.get("slots", {}).items()},
        ),
        params=tuple(
            WebhookParam(
                p["name"], p.get("type", "string"), p.get("description", ""), p.get("sample", "")
            )
            for p in data.get("params", [])
        ),
        samples=dict(data.get("samples", {})),
        limits=Limits(int(data.get("limits", {}).get("body_bytes", 0))),
        query=tuple(
            QueryParam(q["name"], q.get("value", ""), bool(q.get("optional")))
            for q in data.get("query", [])
        ),
        query_schema=dict(data.get("query_schema", {})),
        schema=dict(data.get("schema", {})),
        handover_steps=tuple(
            HandoverStep(
                s["title"],
                s.get("help", ""),
                tuple(
                    StepField(
                        f["label"],
                        f.get("value", ""),
                        bool(f.get("multiline")),
                        f.get("rows_from", ""),
                        f.get("row", ""),
                        f.get("empty", ""),
                        f.get("when"),
                    )
                    for f in s.get("fields", [])
                ),
                s.get("when"),
            )
            for s in data.get("handover_steps", [])
        ),
        handover_notes=tuple(
            HandoverNote(n) if isinstance(n, str) else HandoverNote(n["text"], n.get("when"))
            for n in data.get("handover_notes", [])
        ),
        elsewhere=tuple(
            Elsewhere(
                e["title"],
                tuple(e.get("steps", ())),
                e.get("link", ""),
                e.get("link_label", ""),
                e.get("help", ""),
                e.get("when"),
            )
            for e in data.get("elsewhere", [])
        ),
        customer_params=dict(data.get("customer_params", {})),
        export_checks=tuple(
            ExportCheck(
                c["id"], c["when"], c["message"], c.get("severity", "warning"), c.get("hint", "")
            )
            for c in data.get("export_checks", [])
        ),
        response=_response(data.get("response", {})),
        sandbox=None
        if not sandbox
        else SandboxSpec(
            sandbox["handler"],
            tuple(sandbox.get("paths", ())),
            tuple(dict(a) for a in sandbox.get("accounts", ())),
        ),
        detect=DetectSpec(
            hosts=None if detect.get("hosts") is None else tuple(detect["hosts"]),
            headers=None if detect.get("headers") is None else tuple(detect["headers"]),
            paths=tuple(detect.get("paths", ())),
            fallback=bool(detect.get("fallback")),
        ),
    )


def takes_url(destination: Destination) -> bool:
    """The destination is called with a URL and no body (Bloomreach's GET to the referral
    endpoint): what a caller sends is checked as a URL against ``query_schema``."""
    return bool(destination.query_schema) and destination.mapping.skeleton is None


# -- loading the catalogue ----------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueProblem:
    """A destination file that was skipped, and why.

    Attributes:
        file: the file as ``resources/destinations/<name>.json``.
        destination_id: the id the file gives, when it could be read.
        messages: one line each: ``<file>: <key path>: <what is expected>``.
    """

    file: str
    destination_id: str | None
    messages: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.messages)


_problems: tuple[CatalogueProblem, ...] = ()


def read_destination(path: Path, shown: str) -> Destination:
    """Read and check one destination file; ``shown`` names it in messages.

    Raises:
        CatalogueError: the file cannot be read, is not JSON or does not meet the format;
            its ``problem`` says where and what.
    """
    data: Any = None
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        messages = [f"{shown}: cannot be read: {exc.strerror or exc}"]
    except UnicodeDecodeError as exc:
        messages = [f"{shown}: not UTF-8 text: {exc.reason} at byte {exc.start}"]
    except json.JSONDecodeError as exc:
        messages = [f"{shown}: not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"]
    else:  # a file found good before is not checked again (index.py lists it from its text)
        known = known_valid(text)
        messages = [] if known else [f"{shown}: {p}" for p in schema_problems(data)]
    destination_id = data.get("id") if isinstance(data, dict) else None
    if not messages:
        try:
            destination = _destination(data)
        except (KeyError, TypeError, IndexError, ValueError) as exc:  # the schema missed it
            messages = [f"{shown}: missing or malformed field {exc}"]
        else:
            remember_valid(text)
            return destination
    problem = CatalogueProblem(
        shown, destination_id if isinstance(destination_id, str) else None, tuple(messages)
    )
    raise CatalogueError("\n".join(messages), problem)


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[Destination, ...]:
    """Load every destination, in the order their files ask for.

    A file that cannot be used is skipped and logged; :func:`catalogue_problems` lists
    those. Of two files with one id, the first (by file name) is kept.

    Raises:
        CatalogueError: no file could be loaded (the message lists why).
    """
    global _problems
    folder = resource_path("destinations")
    loaded: list[Destination] = []
    problems: list[CatalogueProblem] = []
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        shown = f"{folder.parent.name}/{folder.name}/{path.name}"
        try:
            destination = read_destination(path, shown)
        except CatalogueError as exc:
            assert exc.problem is not None
            problems.append(exc.problem)
            continue
        if destination.id in files:
            message = (
                f"{shown}: id: {json.dumps(destination.id)} is also the id of "
                f"{files[destination.id]}"
            )
            problems.append(CatalogueProblem(shown, destination.id, (message,)))
            continue
        files[destination.id] = shown
        loaded.append(destination)
    _problems = tuple(problems)
    for problem in problems:
        log.error("Destination file skipped: %s", problem)
    if not loaded:
        why = "\n".join(m for p in problems for m in p.messages)
        raise CatalogueError(
            f"no usable destination file in {folder}" + (f":\n{why}" if why else "")
        )
    return tuple(sorted(loaded, key=lambda d: d.order))


def catalogue_problems() -> tuple[CatalogueProblem, ...]:
    """The destination files the catalogue skipped, and why (loads it if need be)."""
    load_catalogue()
    return _problems


def get_destination(destination_id: str) -> Destination:
    """Return one destination by id; KeyError names the ones that exist, or says why a
    file with that id was skipped."""
    for destination in load_catalogue():
        if destination.id == destination_id:
            return destination
    for problem in catalogue_problems():
        if destination_id in (problem.destination_id, Path(problem.file).stem):
            raise KeyError(
                f"destination {destination_id!r} is unusable: its file was skipped: {problem}"
            )
    known = ", ".join(d.id for d in load_catalogue())
    raise KeyError(f"unknown destination {destination_id!r}; known: {known}")
