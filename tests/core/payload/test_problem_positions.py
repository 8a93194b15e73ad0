"""A problem's line and column come from counting newlines for the first few problems
(no index of a 1000-record payload built for one problem), and from a full line index
beyond that: both give exactly what :class:`LineIndex` gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.payload.problems import LineIndex
from app.core.payload.validate import _LazyIndex

_TEXT = st.lists(st.sampled_from(["\n", "a", "\r\n", " ", "{", "\n\n"]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=20))
def test_counted_and_indexed_positions_agree_with_the_line_index(
    text: str, offsets: list[int]
) -> None:
    lazy, index = _LazyIndex(text), LineIndex(text)
    for offset in sorted(o for o in offsets if o <= len(text)):
        assert lazy.at(offset) == index.line_col(offset)


def test_the_first_problems_build_no_index() -> None:
    lazy = _LazyIndex("a\nb\nc")
    assert lazy.at(4) == (3, 1)
    assert lazy._index is None
