"""Page 7: exactly what to enter in Talon.One, the NewWebhook export, and saving the profile."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.destination import paths
from app.core.destination.profile import atomic_write
from app.core.handover.export import (
    HandoverField,
    new_webhook,
    parse_application_ids,
    talon_credential,
    title_problem,
)
from app.core.handover.handover import Handover, build_handover
from app.core.http.request import RequestError
from app.core.journey.journey import missing_secret_message
from app.ui.checklist import ChecklistView
from app.ui.editor import FittedCodeView
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.style import monospace
from app.ui.support.bundle_action import save_bundle
from app.ui.widgets import CopyButton, TabPage, copy_text, heading, note, scrolling, wrapped

#: A one-line value longer than this many characters (a URL with its query) is shown
#: wrapped, like a multi-line one: a one-line field would cut it in a small window.
ONE_LINE = 60

if TYPE_CHECKING:
    from app.ui.applications_dialog import ApplicationsDialog


class HandoverPage(HooksmithPage):
    """The webhook form's fields with copy buttons, the JSON export and Save profile."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Hand it over"))
        self.rows: dict[str, QWidget] = {}
        #: What is wrong with a Talon.One setting as typed ("" when it reads right).
        self.typed_problems: dict[str, str] = {}
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("handoverTitle")
        self.title_edit.textEdited.connect(self.on_title_edit_textEdited)
        title_form = self.title_form = QFormLayout()
        title_label = self.title_label = QLabel(self.tr("Webhook t&itle:"))
        title_label.setBuddy(self.title_edit)
        title_form.addRow(title_label, self.title_edit)
        # Talon.One's own settings of the webhook, carried into the form and the export.
        self.applications = QLineEdit()
        self.applications.setObjectName("handoverApplications")
        self.applications.setPlaceholderText(self.tr("empty for all; or IDs such as 12, 40"))
        self.applications.textEdited.connect(self.on_applications_textEdited)
        self.choose_applications = QPushButton(self.tr("Ch&oose…"))
        self.choose_applications.setObjectName("chooseApplications")
        self.choose_applications.setToolTip(
            self.tr("Tick Applications by name (reads them with a Management API key)")
        )
        self.choose_applications.clicked.connect(self.on_choose_applications_clicked)
        self.applications_dialog: ApplicationsDialog | None = None
        applications_row = QHBoxLayout()
        applications_row.addWidget(self.applications, 1)
        applications_row.addWidget(self.choose_applications)
        applications_label = QLabel(self.tr("App&lications:"))
        applications_label.setBuddy(self.applications)
        title_form.addRow(applications_label, applications_row)
        self.credential_id = QLineEdit()
        self.credential_id.setObjectName("handoverCredentialId")
        self.credential_id.setPlaceholderText(
            self.tr("optional: the ID Talon.One shows for the credential")
        )
        self.credential_id.textEdited.connect(self.on_credential_id_textEdited)
        title_form.addRow(self.tr("Cre&dential ID:"), self.credential_id)
        self.rule_builder = QCheckBox(self.tr("Display in &Rule Builder"))
        self.rule_builder.setObjectName("handoverRuleBuilder")
        self.rule_builder.toggled.connect(self.on_rule_builder_toggled)
        self.secret_as_header = QCheckBox(
            self.tr("Send the secret as a &header instead (every Talon.One admin can read it)")
        )
        self.secret_as_header.setObjectName("handoverSecretAsHeader")
        self.secret_as_header.toggled.connect(self.on_secret_as_header_toggled)
        checks = QHBoxLayout()
        checks.addWidget(self.rule_builder)
        checks.addWidget(self.secret_as_header)
        checks.addStretch(1)
        title_form.addRow(checks)

        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        form_tab = TabPage()
        form_layout = QVBoxLayout(form_tab)
        form_layout.addLayout(self.grid)
        form_layout.addStretch(1)

        self.include_secrets = QCheckBox(self.tr("Include secrets in the e&xport"))
        self.include_secrets.setObjectName("includeSecrets")
        self.include_secrets.toggled.connect(self.on_include_secrets_toggled)
        self.secrets_warning = wrapped()
        note(self.secrets_warning, "error")
        self.export = FittedCodeView()
        self.export.setObjectName("exportJson")
        self.save_json = QPushButton(self.tr("Save &JSON…"))
        self.save_json.clicked.connect(self.on_save_json_clicked)
        export_tab = TabPage()
        export_layout = QVBoxLayout(export_tab)
        export_layout.addWidget(
            wrapped(
                self.tr(
                    "The same webhook in the shape of Talon.One's NewWebhook (Management API), for "
                    "support staff and scripts."
                )
            )
        )
        export_layout.addWidget(self.include_secrets)
        export_layout.addWidget(self.secrets_warning)
        export_layout.addWidget(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(CopyButton(self.export.toPlainText, self.tr("Copy JSON")))
        buttons.addWidget(self.save_json)
        buttons.addStretch(1)
        export_layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(form_tab, self.tr("What to paste where"))
        self.tabs.addTab(export_tab, self.tr("Export JSON"))

        self.checklist = ChecklistView()
        self.checklist.setObjectName("checklist")
        self.checklist_scroll = scrolling(self.checklist)
        self.checklist_scroll.setMinimumHeight(self.fontMetrics().height() * 4)
        self.save_button = QPushButton(self.tr("&Save profile"))
        self.save_button.setObjectName("saveProfile")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.saved_label = wrapped(selectable=True)
        self.saved_label.setObjectName("savedPath")
        self.bundle_button = QPushButton(self.tr("Su&pport bundle…"))
        self.bundle_button.setObjectName("handoverBundle")
        self.bundle_button.setToolTip(
            self.tr("A zip for a ticket: profile, last fires and versions, secrets masked")
        )
        self.bundle_button.clicked.connect(self.on_bundle_button_clicked)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)
        save_row.addWidget(self.bundle_button)

        # The Talon.One settings and the form scroll together, every value shown whole
        # (a multi-line one is as tall as its text: no box scrolling within the page).
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(title_form)
        upper_layout.addWidget(self.tabs)
        upper_layout.addStretch(1)
        layout = QVBoxLayout(self)
        # The form and the checklist share the height; the user can move the divider.
        split = self.split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(scrolling(upper))
        split.addWidget(self.checklist_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.message)
        session.secretsChanged.connect(self.on_session_secretsChanged)
        session.profileSaved.connect(lambda _path: self.show_saved())

    # -- content ----------------------------------------------------------------------

    @property
    def _secrets(self) -> dict[str, str]:
        journey = self.session.journey
        return journey.secrets if journey is not None else {}

    def initializePage(self) -> None:
        self.title_edit.setText(self.profile.name)
        exportable = self.destination.handover_kind == "talon-webhook"
        self.tabs.setTabVisible(1, exportable)
        self.tabs.setTabText(
            0, self.tr("Talon.One webhook form") if exportable else self.tr("What to paste where")
        )
        self.setTitle(self.tr("Hand over to Talon.One") if exportable else self.tr("Hand it over"))
        self.title_label.setText(self.tr("Webhook t&itle:") if exportable else self.tr("Na&me:"))
        for row in (1, 2, 3):
            self.title_form.setRowVisible(row, exportable)
        self.typed_problems.clear()
        self.applications.setText(", ".join(str(i) for i in self.profile.application_ids))
        self.credential_id.setText(
            "" if self.profile.authentication_id is None else str(self.profile.authentication_id)
        )
        for box, value in (
            (self.rule_builder, self.profile.enabled),
            (self.secret_as_header, self.profile.secret_in_headers),
        ):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.refresh()
        QTimer.singleShot(0, self, self.share_height)

    def share_height(self) -> None:
        """Give the checklist the height of all its items, up to two fifths of the page's
        (the user can move the divider; this happens on entering the page)."""
        total = sum(self.split.sizes())
        if total <= 0:
            return
        wanted = self.checklist.sizeHint().height() + 2
        low = self.checklist_scroll.minimumHeight()
        checklist = max(low, min(wanted, total * 2 // 5))
        self.split.setSizes([total - checklist, checklist])

    def on_session_secretsChanged(self) -> None:
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.refresh()

    def show_saved(self) -> None:
        """Where the profile is saved, and whether what is shown is what the file holds."""
        journey = self.session.journey
        if journey is None or journey.path is None:
            self.saved_label.setText(self.tr("Not saved yet. Finish saves it too."))
        elif journey.dirty:
            self.saved_label.setText(
                self.tr(
                    "Changes not saved yet (the file {path} holds the earlier version)."
                ).format(path=journey.path)
            )
        else:
            self.saved_label.setText(self.tr("Saved as {path}").format(path=journey.path))

    def handover(self, *, reveal: bool = False) -> Handover:
        """The core's hand-over for the profile (secrets masked unless ``reveal``)."""
        return build_handover(
            self.profile,
            self.destination,
            self._secrets,
            sandbox_base=self.session.sandbox_base(),
            reveal=reveal,
        )

    def fields(self) -> list[HandoverField]:
        return [f for section in self.handover().sections for f in section.fields]

    def refresh(self) -> None:
        """Rebuild the sections, the export and the problems from the profile."""
        needs_credential = talon_credential(self.profile, self.destination) is not None
        self.secret_as_header.setVisible(needs_credential)
        self.title_form.setRowVisible(
            2, needs_credential and self.destination.handover_kind == "talon-webhook"
        )
        self.credential_id.setEnabled(not self.profile.secret_in_headers)
        if self.destination.handover_kind != "talon-webhook":
            self.setSubTitle(self.tr("Copy each value into the place named above it."))
        elif needs_credential and not self.profile.secret_in_headers:
            self.setSubTitle(
                self.tr(
                    "First create the credential, then the webhook, copying each value into "
                    "Talon.One. Secrets are masked; copy them with “Copy with secret…”."
                )
            )
        else:
            self.setSubTitle(
                self.tr(
                    "Copy each value into Talon.One's webhook form. Secrets are masked; "
                    "copy them one by one with “Copy with secret…”."
                )
            )
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows.clear()
        handover = self.handover()
        # The destination's reminders are items of the checklist below (said once).
        row = 0
        for number, section in enumerate(handover.sections):
            title = heading(section.title)
            self.grid.addWidget(title, row, 0, 1, 4)
            row += 1
            if section.help:
                self.grid.addWidget(wrapped(section.help), row, 0, 1, 4)
                row += 1
            for index, field in enumerate(section.fields):
                self._add_row(row, field, (number, index))
                row += 1
            if section.steps:
                steps = wrapped(
                    "\n".join(f"{n}. {step}" for n, step in enumerate(section.steps, 1))
                )
                steps.setTextFormat(Qt.TextFormat.PlainText)
                steps.setObjectName(f"steps_{section.title}")
                self.grid.addWidget(steps, row, 0, 1, 4)
                row += 1
            if section.link:
                link = QLabel(
                    f'<a href="{html.escape(section.link)}">'
                    f"{html.escape(section.link_label or section.link)}</a>"
                )
                link.setTextFormat(Qt.TextFormat.RichText)
                link.setOpenExternalLinks(True)
                link.setToolTip(section.link)
                link.setObjectName(f"link_{section.title}")
                self.grid.addWidget(link, row, 0, 1, 4)
                row += 1
        self.refresh_export()
        self.refresh_checklist()

    def refresh_checklist(self) -> None:
        """The go-live checklist from the journey, and the save state beside it."""
        journey = self.session.journey
        assert journey is not None
        self.checklist.show_readiness(journey.readiness())
        # Every item visible without scrolling, up to about a quarter of a small window.
        wanted = self.checklist.sizeHint().height() + 2
        self.checklist_scroll.setMinimumHeight(min(wanted, self.fontMetrics().height() * 7))
        self.show_saved()

    def _add_row(self, row: int, field: HandoverField, where: tuple[int, int]) -> None:
        label = QLabel(field.label)
        value: QWidget
        multiline = field.multiline or len(field.value) > ONE_LINE
        if multiline:
            # As tall as its text, wrapped: read whole, and never a box within the page.
            view = FittedCodeView(highlight=field.multiline)
            view.setPlainText(field.value)
            value = view
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        else:
            edit = QLineEdit(field.value)
            edit.setReadOnly(True)
            edit.setFont(monospace())
            edit.setCursorPosition(0)
            value = edit
        value.setObjectName(f"handover_{field.label}")
        label.setBuddy(value)
        top = Qt.AlignmentFlag.AlignTop if multiline else Qt.AlignmentFlag.AlignVCenter
        self.grid.addWidget(label, row, 0, top)
        self.grid.addWidget(value, row, 1)
        if not field.secret:  # a masked value pasted into Talon.One would fail at run time
            copy = CopyButton(lambda text=field.value: text)
            copy.setAccessibleName(self.tr("Copy {label}").format(label=field.label))
            self.grid.addWidget(copy, row, 2, top)
        else:
            reveal = QPushButton(self.tr("Copy with secret…"))
            reveal.setObjectName(f"reveal_{field.label}")
            reveal.setAccessibleName(
                self.tr("Copy {label} with the secret").format(label=field.label)
            )
            reveal.clicked.connect(lambda _=False, w=where, f=field: self.copy_with_secret(w, f))
            self.grid.addWidget(reveal, row, 2, top)
        self.rows[field.label] = value

    def copy_with_secret(self, where: tuple[int, int], field: HandoverField) -> bool:
        """Copy a field with its secret in clear after a warning; returns whether it did."""
        journey = self.session.journey
        assert journey is not None
        missing = journey.missing_secrets()
        if missing:
            self.say(missing_secret_message(missing))
            return False
        if not self.session.prompter.confirm(
            self,
            self.tr("Copy the secret?"),
            self.tr(
                "The clipboard will hold “{label}” with the secret in clear text, and other "
                "programs can read it. Paste it, then copy something else."
            ).format(label=field.label),
            self.tr("Copy with secret"),
        ):
            return False
        copy_text(self.revealed(where, field))
        return True

    def revealed(self, where: tuple[int, int], field: HandoverField) -> str:
        """The field's value with the real secret in it."""
        section, index = where
        return self.handover(reveal=True).sections[section].fields[index].value

    def refresh_export(self) -> None:
        include = self.include_secrets.isChecked()
        problem = next((p for p in self.typed_problems.values() if p), "")
        if problem:
            self.export.setPlainText(self.tr("No export until this is fixed: ") + problem)
            return
        try:
            data = new_webhook(
                self.profile,
                self.destination,
                self._secrets,
                include_secrets=include,
                sandbox_base=self.session.sandbox_base(),
            )
        except RequestError as exc:
            self.export.setPlainText(str(exc))
            return
        self.export.setPlainText(json.dumps(data, indent=2, ensure_ascii=False))
        self.secrets_warning.setText(
            self.tr(
                "This export holds your secrets in clear text. Do not email it or commit "
                "it anywhere; untick the box to mask them again."
            )
        )
        self.secrets_warning.setVisible(include)

    def on_include_secrets_toggled(self, checked: bool) -> None:
        if checked and not self.session.prompter.confirm(
            self,
            self.tr("Include secrets?"),
            self.tr(
                "The export will show your secrets in clear text, and a saved file will "
                "hold them. Only do this to paste them somewhere safe."
            ),
            self.tr("Include secrets"),
        ):
            self.include_secrets.blockSignals(True)
            self.include_secrets.setChecked(False)
            self.include_secrets.blockSignals(False)
            return
        self.refresh_export()

    def on_applications_textEdited(self, text: str) -> None:
        """Keep what was typed; take it into the profile only when it reads as IDs."""
        try:
            self.profile.application_ids = parse_application_ids(text)
        except ValueError as exc:
            self.typed_problem("applications", str(exc))
            return
        self.typed_problem("applications", "")
        self.refresh()

    def on_choose_applications_clicked(self) -> None:
        """Open the dialog that lists Applications by name (window-modal, not blocking)."""
        # Imported here: it brings the Management API client, which the page needs only now.
        from app.ui.applications_dialog import ApplicationsDialog

        dialog = ApplicationsDialog(self.session, self.profile.application_ids, self)
        dialog.accepted.connect(lambda: self.on_applications_chosen(dialog.checked_ids()))
        self.applications_dialog = dialog
        dialog.open()

    def on_applications_chosen(self, ids: list[int]) -> None:
        self.profile.application_ids = ids
        self.applications.setText(", ".join(str(i) for i in ids))
        self.typed_problem("applications", "")
        self.refresh()

    def on_credential_id_textEdited(self, text: str) -> None:
        value = text.strip()
        if value and not value.isdigit():
            self.typed_problem(
                "credential_id",
                self.tr(
                    "The credential ID is a number, shown in Talon.One under Account > "
                    "Credentials; leave it empty to choose the credential in Talon.One."
                ),
            )
            return
        self.typed_problem("credential_id", "")
        self.profile.authentication_id = int(value) if value else None
        self.refresh()

    def typed_problem(self, key: str, problem: str) -> None:
        """Say what is wrong with a setting as typed; the export waits until it reads right
        (what was typed stays in the field)."""
        self.typed_problems[key] = problem
        self.say(next((p for p in self.typed_problems.values() if p), ""))
        self.refresh_export()

    def on_rule_builder_toggled(self, checked: bool) -> None:
        self.profile.enabled = checked
        self.refresh()

    def on_secret_as_header_toggled(self, checked: bool) -> None:
        if checked and not self.session.prompter.confirm(
            self,
            self.tr("Send the secret as a header?"),
            self.tr(
                "The secret will be typed into the webhook itself: every Talon.One admin "
                "can read it there, and it is copied with the webhook. A Talon.One "
                "credential keeps it out of sight."
            ),
            self.tr("Send as a header"),
        ):
            self.secret_as_header.blockSignals(True)
            self.secret_as_header.setChecked(False)
            self.secret_as_header.blockSignals(False)
            return
        self.profile.secret_in_headers = checked
        self.refresh()

    def on_title_edit_textEdited(self, text: str) -> None:
        self.profile.name = text
        problem = title_problem(text)
        self.title_edit.setToolTip(f"{problem.message} {problem.hint}" if problem else "")
        self.refresh()

    # -- saving -----------------------------------------------------------------------

    def on_save_json_clicked(self) -> None:
        suggested = paths.profile_filename(self.profile.name).replace(".hooksmith", ".webhook")
        path = self.session.prompter.save_file(
            self, self.tr("Save the webhook JSON"), suggested, self.tr("JSON (*.json)")
        )
        if path:
            try:
                atomic_write(Path(path), self.export.toPlainText() + "\n")
            except OSError as exc:
                self.say(self.tr("Could not save the JSON: {error}").format(error=exc))

    def on_save_button_clicked(self) -> bool:
        """Save the profile (never its secrets) and say where."""
        try:
            self.session.save()
        except OSError as exc:
            self.say(
                self.tr(
                    "Could not save the profile: {error}. Choose another folder with "
                    "HOOKSMITH_HOME or free some space."
                ).format(error=exc)
            )
            return False
        self.say("")
        self.refresh_checklist()
        return True

    def on_bundle_button_clicked(self) -> None:
        save_bundle(self, self.session, self.profile)

    def validatePage(self) -> bool:
        problem = next((p for p in self.typed_problems.values() if p), "")
        if problem:
            self.say(problem)
            return False
        return self.on_save_button_clicked()
