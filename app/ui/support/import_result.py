"""What an import found: the destination and why, notes, secrets to keep, the masked text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.payload.problems import Severity
from app.core.secrets.store import SecretStore
from app.core.support.importer import ImportResult
from app.ui.editor import CodeView
from app.ui.style import bold
from app.ui.widgets import ProblemList, note, wrapped


class ImportResultView(QWidget):
    """Shows one :class:`ImportResult`; the secret check boxes say which to store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ImportResult | None = None
        self.checks: dict[str, QCheckBox] = {}
        self.recognised = wrapped(selectable=True)
        self.recognised.setObjectName("recognised")
        bold(self.recognised)
        self.reasons = wrapped(selectable=True)
        self.reasons.setObjectName("detectionReasons")
        self.where = wrapped(selectable=True)
        self.where.setObjectName("importAddress")
        self.secrets_box = QGroupBox(self.tr("Secrets found"))
        self.secrets_layout = QVBoxLayout(self.secrets_box)
        self.secrets_text = wrapped()
        self.secrets_layout.addWidget(self.secrets_text)
        self.notes = ProblemList()
        self.notes.setObjectName("importNotes")
        self.source = CodeView(read_only=True)
        self.source.setObjectName("importSource")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.notes, self.tr("Notes"))
        self.tabs.addTab(self.source, self.tr("Imported webhook (secrets masked)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.recognised)
        layout.addWidget(self.reasons)
        layout.addWidget(self.where)
        layout.addWidget(self.secrets_box)
        layout.addWidget(self.tabs, 1)

    def show_result(self, result: ImportResult, store: SecretStore) -> None:
        self.result = result
        dest, detection, profile = result.destination, result.detection, result.profile
        self.recognised.setText(
            self.tr("“{name}” will open as {destination}.").format(
                name=profile.name, destination=dest.title
            )
        )
        if detection.fallback:
            why = self.tr(
                "Nothing in the URL or the headers matches a known service, so it opens as a "
                "custom webhook. Choose the destination above and import again if you know it."
            )
        else:
            why = self.tr("Why: {reasons}.").format(reasons="; ".join(detection.reasons))
        if detection.alternatives:
            why += " " + self.tr("Also possible: {ids}.").format(
                ids=", ".join(detection.alternatives)
            )
        self.reasons.setText(why)
        self.where.setText(self._where())
        self._secrets(store)
        problems = sorted(result.notes, key=lambda p: list(Severity).index(p.severity))
        self.notes.show_problems(problems, self.tr("Everything in the webhook was carried over."))
        self.tabs.setTabText(0, self.tr("Notes ({n})").format(n=len(result.notes)))
        self.source.setPlainText(result.source)
        self.tabs.setCurrentIndex(0)

    def _where(self) -> str:
        assert self.result is not None
        profile, dest = self.result.profile, self.result.destination
        region = next((r for r in dest.regions if r.id == profile.region), None)
        if profile.custom_base:
            return self.tr("Address: {url}").format(url=profile.custom_base)
        if region is not None and region.custom:
            return self.tr("{label}: not set yet; enter it on the region page.").format(
                label=region.label
            )
        if region is not None:
            return self.tr("Region: {label}").format(label=region.label)
        return ""

    def _secrets(self, store: SecretStore) -> None:
        for check in self.checks.values():
            self.secrets_layout.removeWidget(check)
            check.deleteLater()
        self.checks.clear()
        assert self.result is not None
        offered = self.result.offered()
        self.secrets_box.setVisible(bool(offered))
        for field_id, label, where in offered:
            text = self.tr("Store the {label}").format(label=label)
            if where:
                text += self.tr(" (found in {where})").format(where=where[0].lower() + where[1:])
            check = QCheckBox(text)
            check.setObjectName(f"storeSecret_{field_id}")
            check.setChecked(True)
            self.secrets_layout.addWidget(check)
            self.checks[field_id] = check
        self.secrets_text.setText(
            self.tr(
                "They were taken out of the imported webhook and are not in the profile. "
                "Ticked ones are stored when the wizard opens; an unticked one is dropped, "
                "so you would enter it on the credentials page. Secret store: {store}."
            ).format(store=store.info().name)
        )
        note(self.secrets_text, "partial")

    def chosen(self) -> list[str]:
        """The credential field ids whose box is ticked."""
        return [field_id for field_id, check in self.checks.items() if check.isChecked()]
