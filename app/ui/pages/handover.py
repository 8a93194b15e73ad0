"""Page 7: exactly what to enter in Talon.One, the NewWebhook export, and saving the profile."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import paths
from app.core.export import (
    HandoverField,
    export_problems,
    handover_fields,
    new_webhook,
    secret_header_values,
    title_problem,
)
from app.core.profile import atomic_write
from app.core.request import RequestError
from app.ui.editor import CodeView
from app.ui.pages.base import HooksmithPage
from app.ui.session import Session
from app.ui.style import monospace
from app.ui.widgets import CopyButton, ProblemList, copy_text, note, wrapped


class HandoverPage(HooksmithPage):
    """The webhook form's fields with copy buttons, the JSON export and Save profile."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Hand over to Talon.One"))
        self.setSubTitle(
            self.tr(
                "In Talon.One's Campaign Manager open Account > Tools > Webhooks > Create "
                "webhook, and fill in these fields."
            )
        )
        self.rows: dict[str, QWidget] = {}
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("handoverTitle")
        self.title_edit.textEdited.connect(self.on_title_edit_textEdited)
        title_form = QFormLayout()
        title_label = QLabel(self.tr("Webhook t&itle:"))
        title_label.setBuddy(self.title_edit)
        title_form.addRow(title_label, self.title_edit)

        self.notes = wrapped()
        self.notes.setObjectName("handoverNotes")
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        form_inner = QWidget()
        form_layout = QVBoxLayout(form_inner)
        form_layout.addWidget(self.notes)
        form_layout.addLayout(self.grid)
        form_layout.addStretch(1)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(form_inner)

        self.include_secrets = QCheckBox(self.tr("Include secrets in the e&xport"))
        self.include_secrets.setObjectName("includeSecrets")
        self.include_secrets.toggled.connect(self.on_include_secrets_toggled)
        self.secrets_warning = wrapped()
        note(self.secrets_warning, "error")
        self.export = CodeView(read_only=True)
        self.export.setObjectName("exportJson")
        self.save_json = QPushButton(self.tr("Save &JSON…"))
        self.save_json.clicked.connect(self.on_save_json_clicked)
        export_tab = QWidget()
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
        export_layout.addWidget(self.export, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(CopyButton(self.export.toPlainText, self.tr("Copy JSON")))
        buttons.addWidget(self.save_json)
        buttons.addStretch(1)
        export_layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(form_scroll, self.tr("Talon.One webhook form"))
        self.tabs.addTab(export_tab, self.tr("Export JSON"))

        self.problems = ProblemList()
        self.problems.setObjectName("exportProblems")
        self.problems.setMaximumHeight(90)
        self.save_button = QPushButton(self.tr("&Save profile"))
        self.save_button.setObjectName("saveProfile")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.saved_label = wrapped(selectable=True)
        self.saved_label.setObjectName("savedPath")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_label, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(title_form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addLayout(save_row)
        layout.addWidget(self.message)

    # -- content ----------------------------------------------------------------------

    def initializePage(self) -> None:
        self._secrets = self.session.secrets()
        self.title_edit.setText(self.profile.name)
        notes = self.destination.raw.get("handover_notes") or []
        self.notes.setText("\n".join(f"• {line}" for line in notes))
        self.notes.setVisible(bool(notes))
        self.saved_label.setText(
            self.tr("Saved as {path}").format(path=self.session.saved_path)
            if self.session.saved_path
            else self.tr("Not saved yet. Finish saves it too.")
        )
        self.refresh()

    def fields(self) -> list[HandoverField]:
        return handover_fields(
            self.profile,
            self.destination,
            self._secrets,
            sandbox_base=self.session.sandbox_base(),
        )

    def refresh(self) -> None:
        """Rebuild the rows, the export and the problems from the profile."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows.clear()
        try:
            fields = self.fields()
        except RequestError as exc:
            self.say(str(exc))
            fields = []
        for row, field in enumerate(fields):
            self._add_row(row, field)
        self.refresh_export()
        problems = export_problems(self.profile, self.destination)
        self.problems.show_problems(problems, self.tr("Ready to paste into Talon.One."))

    def _add_row(self, row: int, field: HandoverField) -> None:
        label = QLabel(field.label)
        value: QWidget
        if field.multiline:
            view = CodeView(read_only=True)
            view.setPlainText(field.value)
            view.setMinimumHeight(160)
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
        top = Qt.AlignmentFlag.AlignTop if field.multiline else Qt.AlignmentFlag.AlignVCenter
        self.grid.addWidget(label, row, 0, top)
        self.grid.addWidget(value, row, 1)
        copy = CopyButton(lambda text=field.value: text)
        copy.setAccessibleName(self.tr("Copy {label}").format(label=field.label))
        self.grid.addWidget(copy, row, 2, top)
        if field.secret:
            reveal = QPushButton(self.tr("Copy with secret…"))
            reveal.setObjectName(f"reveal_{field.label}")
            reveal.setAccessibleName(
                self.tr("Copy {label} with the secret").format(label=field.label)
            )
            reveal.clicked.connect(lambda _=False, f=field: self.copy_with_secret(f))
            self.grid.addWidget(reveal, row, 3, top)
        self.rows[field.label] = value

    def copy_with_secret(self, field: HandoverField) -> bool:
        """Copy a secret header in clear after a warning; returns whether it was copied."""
        name = field.label.partition(": ")[2]
        values = secret_header_values(self.profile, self.destination, self._secrets)
        if name not in values or values[name].endswith(": "):
            self.say(
                self.tr("No {name} is stored; enter it on the Credentials page.").format(name=name)
            )
            return False
        if not self.session.prompter.confirm(
            self,
            self.tr("Copy the secret?"),
            self.tr(
                "The clipboard will hold {name} in clear text, and other programs can read "
                "it. Paste it into Talon.One, then copy something else."
            ).format(name=name),
            self.tr("Copy with secret"),
        ):
            return False
        copy_text(values[name])
        return True

    def refresh_export(self) -> None:
        include = self.include_secrets.isChecked()
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
            path = self.session.save()
        except OSError as exc:
            self.say(
                self.tr(
                    "Could not save the profile: {error}. Choose another folder with "
                    "HOOKSMITH_HOME or free some space."
                ).format(error=exc)
            )
            return False
        self.say("")
        self.saved_label.setText(self.tr("Saved as {path}").format(path=path))
        return True

    def validatePage(self) -> bool:
        return self.on_save_button_clicked()
