"""Page 4: which values fill the destination's payload (its mapping slots)."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.catalogue import Slot, when_matches
from app.core.destination.profile import Profile
from app.core.handover.export import title_problem
from app.core.payload.checks import check_settings
from app.core.payload.mapping import apply_mapping
from app.core.payload.problems import Severity
from app.ui.options import choice_items
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.sources import ExpressionEditor, MapEditor, SourceEditor
from app.ui.widgets import choice_combo, mnemonic, note, scrolling, wrapped

SlotWidget = QLineEdit | QComboBox | SourceEditor | MapEditor | ExpressionEditor


class MappingPage(HooksmithPage):
    """One editor per slot in ``destination.mapping.slots``, built from the data.

    ``text`` slots get a line edit, ``choice`` slots a drop-down, ``value`` slots a
    :class:`SourceEditor`, ``map`` slots a :class:`MapEditor` and ``expression``
    slots an :class:`ExpressionEditor`. A slot with ``when`` is shown only while the
    choices it depends on match.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Map the values"))
        self.setSubTitle(
            self.tr(
                "Choose which values fill the request. The payload is generated from "
                "these choices on the next page."
            )
        )
        self.slots: dict[str, SlotWidget] = {}
        self._holders: dict[str, QWidget] = {}
        self._built_for = ""
        self._filled_for: Profile | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("webhookTitle")
        self.title_edit.textEdited.connect(self.on_title_edit_textEdited)
        self.title_note = wrapped()
        note(self.title_note, "error")
        title_box = QGroupBox(self.tr("Name"))
        title_form = QFormLayout(title_box)
        self.title_label = QLabel()
        self.title_label.setBuddy(self.title_edit)
        title_form.addRow(self.title_label, self.title_edit)
        title_form.addRow("", self.title_note)

        self.slot_box = QGroupBox(self.tr("Values"))
        self.slot_form = QFormLayout(self.slot_box)
        self.slot_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A row too wide beside its label (a map's rows in a small window) goes below it.
        self.slot_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(title_box)
        column.addWidget(self.slot_box)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(inner), 1)
        layout.addWidget(self.message)

    # -- building ---------------------------------------------------------------------

    def _slot_specs(self) -> dict[str, Slot]:
        return dict(self.destination.mapping.slots)

    def _build(self) -> None:
        while self.slot_form.rowCount():
            self.slot_form.removeRow(0)
        self.slots.clear()
        self._holders.clear()
        taken = {"i", "m", "v"}  # the name field (Webhook t&itle, Na&me), Sa&ved credentials
        for slot_id, spec in self._slot_specs().items():
            widget = self._make(spec)
            widget.setObjectName(f"slot_{slot_id}")
            label = QLabel(mnemonic(spec.label or slot_id, taken) + ":")
            label.setBuddy(widget)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            if spec.help:
                column.addWidget(wrapped(spec.help))
            self.slot_form.addRow(label, holder)
            self.slots[slot_id] = widget
            self._holders[slot_id] = holder
        self.slot_box.setVisible(bool(self.slots))
        talon = self.destination.handover_kind == "talon-webhook"
        self.title_label.setText(
            self.tr("Webhook t&itle in Talon.One:")
            if talon
            else self.tr("Na&me of this integration:")
        )
        self._built_for = self.destination.id

    def _make(self, spec: Slot) -> SlotWidget:
        kind = spec.kind
        allowed, types = spec.sources or None, spec.types or None
        widget: SlotWidget
        if kind == "value":
            widget = SourceEditor(allowed, types)
            widget.changed.connect(self.on_slot_changed)
        elif kind == "map":
            widget = MapEditor(
                spec.key_label or self.tr("Key"),
                allowed,
                types,
                spec.key_choices or None,
                dict(spec.key_suggest) or None,
            )
            widget.changed.connect(self.on_slot_changed)
        elif kind == "expression":
            widget = ExpressionEditor(spec)
            widget.changed.connect(self.on_slot_changed)
        elif kind == "choice":
            widget = choice_combo()
            for text, value in choice_items(spec.choices):
                widget.addItem(text, value)
            widget.currentIndexChanged.connect(self.on_slot_changed)
        else:
            widget = QLineEdit()
            widget.setPlaceholderText(spec.placeholder)
            widget.textEdited.connect(self.on_slot_changed)
        return widget

    # -- page protocol ----------------------------------------------------------------

    def initializePage(self) -> None:
        if self._built_for != self.destination.id:
            self._build()
            self._filled_for = None
        if self._filled_for is not self.profile:
            self._fill()
            self._filled_for = self.profile
        self.title_edit.setText(self.profile.name)
        self.on_title_edit_textEdited(self.profile.name)
        self.on_slot_changed()

    def _fill(self) -> None:
        mapping = self.profile.mapping
        for slot_id, widget in self.slots.items():
            value = mapping.get(slot_id)
            if isinstance(widget, SourceEditor):
                widget.set_source(value if isinstance(value, dict) else {})
            elif isinstance(widget, MapEditor):
                widget.set_entries(value if isinstance(value, list) else [])
            elif isinstance(widget, ExpressionEditor):
                widget.set_value(value if isinstance(value, dict) else {})
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            else:
                widget.setText(str(value or ""))

    def on_title_edit_textEdited(self, text: str) -> None:
        self.profile.name = text
        problem = title_problem(text) if self.destination.handover_kind == "talon-webhook" else None
        self.title_note.setText(f"{problem.message} {problem.hint}" if problem else "")
        self.title_note.setVisible(problem is not None)

    def active(self, mapping: dict[str, Any]) -> set[str]:
        """Ids of the slots whose ``when`` holds for the values chosen on the page."""
        values = self.destination.choices(mapping, self.profile.options)
        return {
            slot_id
            for slot_id, spec in self._slot_specs().items()
            if when_matches(spec.when, values)
        }

    def on_slot_changed(self, *_: object) -> None:
        if self.session.profile is None:
            return
        shown = self.active(self.read_mapping())
        for slot_id, holder in self._holders.items():
            self.slot_form.setRowVisible(holder, slot_id in shown)
        self.say("")

    def read_mapping(self) -> dict[str, Any]:
        """The slots as the core's mapping dict."""
        out: dict[str, Any] = {}
        for slot_id, widget in self.slots.items():
            if isinstance(widget, SourceEditor):
                out[slot_id] = widget.source()
            elif isinstance(widget, MapEditor):
                out[slot_id] = widget.entries()
            elif isinstance(widget, ExpressionEditor):
                out[slot_id] = widget.value()
            elif isinstance(widget, QComboBox):
                out[slot_id] = widget.currentData()
            else:
                out[slot_id] = widget.text()
        return out

    def _problem(self, mapping: dict[str, Any]) -> tuple[str, QWidget] | None:
        specs = self._slot_specs()
        active = self.active(mapping)
        for slot_id, widget in self.slots.items():
            if slot_id not in active:
                continue
            label = specs[slot_id].label or slot_id
            value = mapping[slot_id]
            if isinstance(widget, SourceEditor):
                text = widget.problem()
                if text:
                    return f"{label}: {text}", widget.name
            elif isinstance(widget, MapEditor):
                found = self._map_problem(label, widget, value)
                if found:
                    return found
        return None

    def _map_problem(
        self, label: str, widget: MapEditor, entries: list[dict[str, str]]
    ) -> tuple[str, QWidget] | None:
        seen: set[str] = set()
        keyed = [row for row in widget.rows if row[0].text().strip() or row[1].source()["name"]]
        for entry, row in zip(entries, keyed, strict=False):
            if not entry["key"]:
                return self.tr("{label}: give every row a name.").format(label=label), row[0]
            if entry["key"] in seen:
                return self.tr("{label}: {key} appears twice.").format(
                    label=label, key=entry["key"]
                ), row[0]
            seen.add(entry["key"])
            key_text = widget.key_problem(entry["key"])
            if key_text:
                return f"{label}: {key_text}", row[0]
            text = row[1].problem()
            if text:
                return f"{label} {entry['key']}: {text}", row[1].name
        return None

    def _query_slot(self, path: str) -> str | None:
        """The slot on this page that fills the query parameter ``query.<name>``."""
        name = path.removeprefix("query.")
        for entry in self.destination.query:
            slot_id = entry.value[1:] if entry.value.startswith("@") else ""
            if entry.name == name and slot_id in self.slots:
                return slot_id
        return None

    def validatePage(self) -> bool:
        mapping = self.read_mapping()
        problem = self._problem(mapping)
        if problem is not None:
            self.say(problem[0])
            problem[1].setFocus()
            return False
        profile = self.profile
        previous = profile.mapping
        profile.mapping = copy.deepcopy(mapping)
        errors = [
            p
            for p in check_settings(profile, self.destination)
            if p.code.startswith(("slot.", "query.")) and p.severity is Severity.ERROR
        ]
        if errors:
            profile.mapping = previous
            first = errors[0]
            slot_id = self._query_slot(first.path)
            if slot_id is not None:
                # A query value (Bloomreach's campaignId) comes from a field on this page.
                label = self.destination.mapping.slots[slot_id].label
                self.say(f"{label}: {first.message} {first.hint}".strip())
                self.slots[slot_id].setFocus()
            else:
                self.say(f"{first.path}: {first.message} {first.hint}".strip())
            return False
        self.say("")
        if mapping == previous and (
            profile.template.strip() or self.destination.mapping.skeleton is None
        ):
            return True
        if profile.template_edited and profile.template.strip():
            replace = self.session.prompter.confirm(
                self,
                self.tr("Replace the edited payload?"),
                self.tr(
                    "You edited the payload by hand. Replace it with one generated from "
                    "the new mapping? Choose Cancel to keep your edits (the mapping is "
                    "saved either way)."
                ),
                self.tr("Replace payload"),
            )
            if not replace:
                return True
        apply_mapping(profile, self.destination)
        return True
