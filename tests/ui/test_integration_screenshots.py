"""Screenshots of each integration's distinctive pages and the credentials manager,
checked for clipped text. HOOKSMITH_SCREENSHOTS=docs/screenshots refreshes the README's
pictures; otherwise they go to a temporary folder and only the checks count."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage

from tests.helpers.integration_screens import walk_integrations
from tests.helpers.screens import SIZE

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "31-mparticle-mapping",
    "31-mparticle-fire",
    "31-mparticle-handover",
    "32-bloomreach-mapping",
    "32-bloomreach-fire",
    "32-bloomreach-handover",
    "32-bloomreach-handover-email",
    "33-talon-event-mapping",
    "33-talon-event-fire",
    "33-talon-event-handover",
    "33-talon-event-handover-curl",
    "34-custom-credentials",
    "34-custom-fire",
    "34-custom-handover",
    "35-credentials-manager",
    "35-credentials-unavailable",
}


def test_each_integration_is_shot_with_no_clipped_text(qapp: object, tmp_path: Path) -> None:
    chosen = os.environ.get("HOOKSMITH_SCREENSHOTS")
    out = (ROOT / chosen) if chosen else tmp_path
    report = walk_integrations(out)
    assert set(report) == EXPECTED
    for name, problems in report.items():
        assert problems == [], name
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull(), name
        if name != "35-credentials-manager":
            assert (image.width(), image.height()) == SIZE, name
