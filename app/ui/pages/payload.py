"""Page 5: the payload template, its parameters, the live request preview and problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.destination.profile import Profile
from app.core.payload.mapping import apply_mapping
from app.core.payload.validate import Validation
from app.core.payload.words import counted
from app.ui.editor import CodeView
from app.ui.pages.base import HooksmithPage
from app.ui.params_table import BuiltinsTable, ParamsTable
from app.ui.session import Session
from app.ui.widgets import ProblemList, WrappingPane

#: Milliseconds of quiet typing before the preview and problems are recomputed.
DEBOUNCE_MS = 150

if TYPE_CHECKING:
    from app.ui.customer_samples import CustomerSamplesDialog


def _labelled(text: str, buddy: QWidget, *extra: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    label = QLabel(text)
    label.setBuddy(buddy)
    row.addWidget(label)
    row.addStretch(1)
    for widget in extra:
        row.addWidget(widget)
    return row


class PayloadPage(HooksmithPage):
    """Edit the template and parameters; see the request and the problems as you type."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Payload"))
        self.setSubTitle(
            self.tr(
                "Edit the payload if you need to. The right side shows the request a "
                "fire sends, with the sample values filled in."
            )
        )
        self._filled_for: Profile | None = None
        self._loading = False
        self.validation: Validation | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

        self.editor = CodeView()
        self.editor.setObjectName("templateEditor")
        self.editor.textChanged.connect(self.on_editor_textChanged)
        self.regenerate = QPushButton(self.tr("&Regenerate from mapping"))
        self.regenerate.clicked.connect(self.on_regenerate_clicked)
        self.params = ParamsTable()
        self.params.setObjectName("paramsTable")
        self.params.changed.connect(self.on_params_changed)
        self.add_param = QPushButton(self.tr("&Add parameter"))
        self.add_param.clicked.connect(self.params.add_param)
        self.remove_param = QPushButton(self.tr("Re&move"))
        self.remove_param.clicked.connect(self.params.remove_current)
        self.builtins = BuiltinsTable()
        self.builtins.setObjectName("builtinsTable")
        self.builtins.changed.connect(self.on_builtins_changed)
        self.builtins_label = QLabel(
            self.tr("Talon.One values used (sample values for the preview):")
        )
        self.from_customer = QPushButton(self.tr("Fill from a &customer…"))
        self.from_customer.setObjectName("fillFromCustomer")
        self.from_customer.setToolTip(
            self.tr("Use a real Talon.One customer profile's values (needs a Management API key)")
        )
        self.from_customer.clicked.connect(self.on_from_customer_clicked)
        self.customer_dialog: CustomerSamplesDialog | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(
            _labelled(self.tr("Payload temp&late:"), self.editor, self.regenerate)
        )
        left_layout.addWidget(self.editor, 3)
        left_layout.addLayout(
            _labelled(
                self.tr("Webhook &parameters:"), self.params, self.add_param, self.remove_param
            )
        )
        left_layout.addWidget(self.params, 2)
        samples_row = QHBoxLayout()
        samples_row.addWidget(self.builtins_label, 1)
        samples_row.addWidget(self.from_customer, 0, Qt.AlignmentFlag.AlignRight)
        left_layout.addLayout(samples_row)
        left_layout.addWidget(self.builtins, 1)

        self.head = CodeView(read_only=True, highlight=False)
        self.head.setObjectName("previewHead")
        self.body = CodeView(read_only=True)
        self.body.setObjectName("previewBody")
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel(self.tr("Request (secrets masked):")))
        preview_layout.addWidget(self.head, 1)
        preview_layout.addWidget(QLabel(self.tr("Body with sample values:")))
        preview_layout.addWidget(self.body, 3)

        self.problems = ProblemList()
        self.problems.setObjectName("problemList")
        self.problems.problemActivated.connect(self.editor.go_to)
        problems = WrappingPane()
        problems_layout = QVBoxLayout(problems)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setBuddy(self.problems)
        problems_layout.addWidget(self.problems_label)
        problems_layout.addWidget(self.problems, 1)

        # Every view keeps room for its first lines or rows, however small the window
        # (a 1920x1080 screen at 200 %): the problems sit under the preview, beside the
        # tables, so the page needs no more height than the template and its tables.
        for view in (self.editor, self.head, self.body):
            view.show_lines(5)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(preview)
        right.addWidget(problems)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

    # -- loading and editing ----------------------------------------------------------

    def initializePage(self) -> None:
        if (
            self._filled_for is not self.profile
            or self.editor.toPlainText() != self.profile.template
            or self.params.params() != self.profile.params
        ):
            self.load()
        self.refresh()

    def load(self) -> None:
        """Show the profile's template and parameters (replacing what the widgets hold)."""
        self._loading = True
        self.editor.setPlainText(self.profile.template)
        self.params.set_params(self.profile.params)
        self._loading = False
        self._filled_for = self.profile

    def on_editor_textChanged(self) -> None:
        if self._loading:
            return
        self.profile.template = self.editor.toPlainText()
        self.profile.template_edited = True
        self.timer.start()

    def on_params_changed(self) -> None:
        self.profile.params = self.params.params()
        self.timer.start()

    def on_builtins_changed(self) -> None:
        self.profile.samples.update(self.builtins.samples())
        self.timer.start()

    def on_from_customer_clicked(self) -> None:
        """Open the dialog that reads a customer profile (window-modal, not blocking)."""
        # Imported here: it brings the Management API client, which the page needs only now.
        from app.ui.customer_samples import CustomerSamplesDialog

        dialog = CustomerSamplesDialog(self.session, self.profile, self.destination, self)
        dialog.filled.connect(self.on_customer_filled)
        self.customer_dialog = dialog
        dialog.open()

    def on_customer_filled(self) -> None:
        self.load()  # the parameters' samples may have changed too
        self.refresh()

    def on_regenerate_clicked(self) -> None:
        if self.profile.template_edited and not self.session.prompter.confirm(
            self,
            self.tr("Replace the edited payload?"),
            self.tr("This replaces the payload you edited with one generated from the mapping."),
            self.tr("Replace payload"),
        ):
            return
        apply_mapping(self.profile, self.destination)
        self.load()
        self.refresh()

    # -- preview and problems ---------------------------------------------------------

    def refresh(self) -> None:
        """Validate and render now (the debounce timer calls this after typing stops)."""
        self.timer.stop()
        assert self.session.journey is not None
        profile = self.profile
        preview = self.session.journey.preview()
        self.validation = preview.validation
        builtins = []
        for placeholder in self.validation.parsed.placeholders:
            if not placeholder.is_param and placeholder.expr not in builtins:
                builtins.append(placeholder.expr)
        self.builtins.set_values(builtins, profile.samples)
        self.builtins.setVisible(bool(builtins))
        self.builtins_label.setVisible(bool(builtins))
        self.head.show_text(preview.head())
        self.body.show_text(preview.body())
        problems = self.validation.report.problems
        errors = len(self.validation.report.errors)
        self.problems_label.setText(
            self.tr("Probl&ems: none")
            if not problems
            else self.tr("Probl&ems: {errors}, {warnings} — click one to go to it").format(
                errors=counted(errors, self.tr("error")),
                warnings=counted(len(problems) - errors, self.tr("warning")),
            )
        )
        self.problems.show_problems(
            problems, self.tr("No problems: the payload matches the destination's rules.")
        )

    def cleanupPage(self) -> None:
        """Going Back keeps everything typed: it already lives in the profile."""
        self.timer.stop()

    def validatePage(self) -> bool:
        self.refresh()
        return True
