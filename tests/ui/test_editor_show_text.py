"""CodeView.show_text replaces only what changed, and always ends up showing the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from app.ui.editor import CodeView

TEXTS = st.text(alphabet='ab{}"\n 1é😀', max_size=40)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=TEXTS, second=TEXTS)
def test_show_text_ends_with_exactly_the_new_text(qtbot: QtBot, first: str, second: str) -> None:
    # qtbot only guarantees the QApplication; each example makes its own view.
    view = CodeView(read_only=True)
    view.show_text(first)
    view.show_text(second)
    assert view.toPlainText() == second
    view.deleteLater()


def test_an_edit_keeps_the_scroll_position(qtbot: QtBot) -> None:
    view = CodeView(read_only=True)
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    lines = [f'  "key{i}": "value {i}",' for i in range(2000)]
    view.show_text("\n".join(lines))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    before = bar.value()
    lines[1500] = '  "key1500": "edited",'
    view.show_text("\n".join(lines))
    assert view.toPlainText().splitlines()[1500] == '  "key1500": "edited",'
    assert bar.value() == before
