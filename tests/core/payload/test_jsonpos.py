"""``jsonpos.positions`` finds a path's offset by walking only that path; it must give
the offsets a walk over the whole document gives, in any layout."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.payload import jsonpos
from app.core.payload.jsonpos import positions

_KEYS = st.text(alphabet='ab"\\é\n ', max_size=4)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _KEYS
)
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_DOCS, st.sampled_from([None, 0, 1, 2, "\t"]), st.booleans())
def test_every_lookup_matches_a_whole_walk(doc: Any, indent: Any, compact: bool) -> None:
    separators = (",", ":") if compact else (", ", ": ")
    text = " \n" + json.dumps(doc, indent=indent, separators=separators) + "\n"
    every = jsonpos._walk(text)
    found = positions(text)
    for key, offset in every.items():
        assert found[key] == offset, key
    assert dict(found) == every
    assert found.get((("missing", 7), False)) is None
    assert found.get(((), True)) is None


def test_lookups_deep_in_a_large_array_and_repeated_keys() -> None:
    records = [{"type": "event", "identity": f"id-{i}", "evtData": {"k": i}} for i in range(300)]
    text = json.dumps({"d": records}, indent=2)
    found = positions(text)
    at = found[(("d", 299, "identity"), False)]
    assert text[at:].startswith('"id-299"')
    key = found[(("d", 5, "evtData"), True)]
    assert text[key:].startswith('"evtData"')
    assert found.get((("d", 300), False)) is None
    repeated = '{"a": 1, "a": [true, {"b": null}]}'
    assert repeated[positions(repeated)[(("a", 1, "b"), False)] :].startswith("null")
