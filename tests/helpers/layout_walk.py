"""Walk every destination's journey through the wizard, against the sandbox, and check
the layout of every page with tests/helpers/layout_check.py, saving a screenshot of each.

Run in a child process per scale (the scale factor and the screen must be set before
the QApplication exists; test_layout.py does it):

    QT_SCALE_FACTOR=2 python tests/helpers/layout_walk.py OUT_DIR
    python tests/helpers/layout_walk.py OUT_DIR --sizes 1000x620,1600x1000

With ``--sizes``, every page is checked and shot at each size (named
``<destination>-<NN-page>-<W>x<H>.png``); without, at the size the wizard opened at
(``…-<scale>x.png``, e.g. ``-2x``), which must fit the screen. OUT_DIR ``-`` saves no
shots. The last line printed is JSON: the scale, the screen's available size, the
wizard's opening size, the time the walk took and the findings per shot.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]  # run as a script: the app and tests.helpers

from app.core.journey.services import Services  # noqa: E402
from app.core.sandbox.server import Sandbox  # noqa: E402
from app.core.secrets.store import MemoryStore  # noqa: E402
from app.ui.compat import collect_garbage_between_events  # noqa: E402
from app.ui.dialogs import Prompter  # noqa: E402
from app.ui.pages.credentials import CredentialsPage  # noqa: E402
from app.ui.pages.fire import FirePage  # noqa: E402
from app.ui.pages.handover import HandoverPage  # noqa: E402
from app.ui.pages.integration import IntegrationPage  # noqa: E402
from app.ui.pages.mapping import MappingPage  # noqa: E402
from app.ui.pages.payload import PayloadPage  # noqa: E402
from app.ui.pages.region import RegionPage  # noqa: E402
from app.ui.sources import MapEditor  # noqa: E402
from app.ui.wizard import HooksmithWizard, PageId  # noqa: E402
from tests.helpers.layout_check import check_layout, window_fits  # noqa: E402

P = TypeVar("P", bound=QWidget)

#: The sizes every page is checked at, at 100 %: a small laptop's and a large window.
SIZES = ((1000, 620), (1600, 1000))
#: Shots only checked, never saved: states between the pages' own pictures.
CHECKED_ONLY = ("-05-payload-problem", "-06-fire-unfired")


@dataclass(frozen=True)
class Journey:
    """What a destination's walk types: its address, credentials and mapping values."""

    destination: str
    address: str = ""
    demo: bool = True
    options: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)


JOURNEYS = (
    Journey("clevertap"),
    Journey("mparticle"),
    Journey("braze"),
    Journey("iterable"),
    Journey("moengage"),
    Journey(
        "bloomreach-referral",
        credentials={"deployment_host": "https://acme.europe-west1.talon.one"},
        mapping={"campaign_id": "373"},
    ),
    Journey(
        "bloomreach-coupon",
        credentials={"deployment_host": "https://acme.europe-west1.talon.one"},
        mapping={"application_id": "316", "campaign_id": "5843"},
    ),
    Journey(
        "bloomreach-loyalty",
        credentials={"deployment_host": "https://acme.europe-west1.talon.one"},
        mapping={"loyalty_program_id": "25"},
    ),
    Journey(
        "bloomreach-loyalty-points",
        credentials={"deployment_host": "https://acme.europe-west1.talon.one"},
    ),
    Journey("talon-event"),
    Journey(
        "custom",
        address="https://hooks.example.com/talon/in",
        demo=False,
        options={"auth": "bearer"},
        credentials={"token": "example-bearer-token"},
    ),
)


def flush() -> None:
    """Run pending layouts, deferred deletes and zero timers, then a short quiet spell."""
    loop = QEventLoop()
    QTimer.singleShot(30, loop.quit)
    loop.exec()
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QCoreApplication.processEvents()


def wait(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the wizard did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


Visit = Callable[[QWidget, str], None]


class _Yes(Prompter):
    def confirm(self, *args: object) -> bool:
        return True

    def choose(self, *args: object) -> str:
        return "discard"  # closing a walk's wizard loses nothing

    def inform(self, *args: object, **kwargs: object) -> None:
        return None


def walk(visit: Visit) -> None:
    """Go through every journey, calling ``visit(wizard, "<destination>-<NN-page>")`` on
    each page: the fire page before and after a fire, the hand-over's both tabs."""
    with Sandbox() as sandbox:
        for journey in JOURNEYS:
            services = Services(store=MemoryStore(), sandbox_factory=lambda: sandbox)
            wizard = HooksmithWizard(services, _Yes())
            wizard.show()
            try:
                _walk_one(wizard, journey, visit)
            finally:
                wizard.close()
                services.shutdown()


def _forward(wizard: HooksmithWizard) -> None:
    before = wizard.current()
    wizard.next()
    if wizard.current() == before:
        message = wizard.currentPage().message.text()  # type: ignore[attr-defined]
        raise RuntimeError(f"stuck on {before.name}: {message}")


def _page(wizard: HooksmithWizard, page_id: PageId, cls: type[P]) -> P:
    page = wizard.page_for(page_id)
    assert isinstance(page, cls), page
    return page


def _walk_one(wizard: HooksmithWizard, journey: Journey, visit: Visit) -> None:
    def at(name: str) -> None:
        flush()
        visit(wizard, f"{journey.destination}-{name}")

    _page(wizard, PageId.INTEGRATION, IntegrationPage).radios[journey.destination].setChecked(True)
    at("01-integration")
    _forward(wizard)
    region = _page(wizard, PageId.REGION, RegionPage)
    if journey.address:
        edit = next(iter(region.edits.values()))
        edit.setText(journey.address)
        edit.textEdited.emit(journey.address)
    region.choose("sandbox")
    at("02-region")
    _forward(wizard)
    if wizard.current() == PageId.CREDENTIALS:
        credentials = _page(wizard, PageId.CREDENTIALS, CredentialsPage)
        for option, value in journey.options.items():
            box = credentials.options.widgets[option]
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(box.findData(value))
        if journey.demo:
            credentials.demo.click()
        for field_id, value in journey.credentials.items():
            credentials.set_value(field_id, value)
        at("03-credentials")
        _forward(wizard)
    mapping = _page(wizard, PageId.MAPPING, MappingPage)
    for slot, value in journey.mapping.items():
        edit = mapping.slots[slot]
        assert isinstance(edit, QLineEdit)
        edit.setText(value)
    for editor in mapping.slots.values():
        if isinstance(editor, MapEditor) and editor.isVisibleTo(mapping):
            editor.add_button.click()  # a new, empty row shows its placeholders
    at("04-mapping")
    _forward(wizard)
    if wizard.current() == PageId.PAYLOAD:  # not for a destination called with a URL alone
        payload = _page(wizard, PageId.PAYLOAD, PayloadPage)
        payload.refresh()  # not waiting for the debounce
        at("05-payload")
        template = payload.editor.toPlainText()
        payload.editor.setPlainText(template.replace("{", "{,", 1))  # a problem to list
        payload.refresh()
        at("05-payload-problem")
        payload.editor.setPlainText(template)
        payload.refresh()
        _forward(wizard)
    fire = _page(wizard, PageId.FIRE, FirePage)
    at("06-fire-unfired")
    results: list[object] = []
    fire.runner.resultReady.connect(results.append)
    fire.fire_button.click()
    wait(lambda: bool(results))
    at("06-fire")
    _forward(wizard)
    handover = _page(wizard, PageId.HANDOVER, HandoverPage)
    at("07-handover")
    if handover.tabs.isTabVisible(1):
        handover.tabs.setCurrentIndex(1)
        at("08-export")


def main(argv: list[str]) -> int:
    out_dir = argv[1] if argv[1] != "-" else ""
    sizes: list[tuple[int, int]] = []
    if "--sizes" in argv:
        for text in argv[argv.index("--sizes") + 1].split(","):
            width, height = text.split("x")
            sizes.append((int(width), int(height)))
    app = QApplication(argv[:1])
    collect_garbage_between_events(app)  # as the application does
    screen = QGuiApplication.primaryScreen()
    scale = screen.devicePixelRatio()
    free = screen.availableGeometry()
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    findings: dict[str, list[str]] = {}
    opened: list[list[int]] = []

    def visit(wizard: QWidget, shot: str) -> None:
        if not opened:
            opened.append([wizard.width(), wizard.height()])
        # The integration page looks the same in every journey: one picture of it; the
        # states in between (a problem listed, the fire page before the fire) are only
        # checked.
        save = bool(out_dir) and not shot.endswith(CHECKED_ONLY)
        save &= not shot.endswith("-01-integration") or shot.startswith(JOURNEYS[0].destination)
        if sizes:
            targets = [(size, f"{shot}-{size[0]}x{size[1]}") for size in sizes]
        else:
            frame = wizard.frameGeometry().size() - wizard.size()
            fitted = QSize(*opened[0]).boundedTo(free.size() - frame)
            targets = [((fitted.width(), fitted.height()), f"{shot}-{scale:g}x")]
        for (width, height), name in targets:
            before = window_fits(wizard)
            least = wizard.minimumSize()
            if not sizes and (least.width() > width or least.height() > height):
                # A window manager squeezes a window larger than the screen into it,
                # whatever its minimum size (``before`` has that finding): see the result.
                wizard.setMinimumSize(0, 0)
            wizard.resize(width, height)
            if sizes and not free.contains(wizard.frameGeometry()):
                wizard.move(free.topLeft())  # as a user would, to see all of it
            flush()
            after = check_layout(wizard)
            found = [line for line in before if line not in after] + after
            if (wizard.width(), wizard.height()) != (width, height):
                least = wizard.minimumSizeHint().expandedTo(wizard.minimumSize())
                found.insert(
                    0,
                    f"window is {wizard.width()}x{wizard.height()} when made {width}x{height}"
                    f" (it cannot shrink below {least.width()}x{least.height()})",
                )
            findings[name] = found
            if save:
                wizard.grab().save(str(Path(out_dir) / f"{name}.png"))

    started = time.monotonic()
    walk(visit)
    print(
        json.dumps(
            {
                "scale": scale,
                "screen": [free.width(), free.height()],
                "opened": opened[0],
                "seconds": round(time.monotonic() - started, 1),
                "findings": findings,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
