"""Plain words for a JSON syntax error, and where exactly it is.

The json module names what its parser expected ("Expecting ',' delimiter"); the user
needs the mistake ("a comma is missing") and what to do about it.
"""

from __future__ import annotations

import json

#: Plain words for the json module's error messages (matched by their start): the
#: message and the hint. Trailing commas and early ends are told apart in explain.
_JSON_ERRORS: tuple[tuple[str, str, str], ...] = (
    (
        "Expecting value",
        "A value is missing or is not valid JSON here.",
        "Strings need double quotes; numbers, true, false and null go bare.",
    ),
    (
        "Expecting property name",
        "Expected a field name in double quotes here.",
        'Field names need double quotes, like "evtName".',
    ),
    (
        "Expecting ',' delimiter",
        "A comma is missing between two fields or items (or a quote is unbalanced).",
        "Add a ',' before this point, or close the string before it.",
    ),
    ("Expecting ':' delimiter", "A ':' is missing after the field name.", ""),
    ("Unterminated string", "This string is never closed with a double quote.", ""),
    (
        "Invalid control character",
        "A line break or tab sits inside a string; JSON does not allow it.",
        "Keep the string on one line, or write \\n.",
    ),
    (
        "Extra data",
        "There is more text after the end of the JSON.",
        "Remove it, or check for an extra closing bracket.",
    ),
    ("Invalid \\escape", "An invalid backslash escape sits inside a string.", ""),
)


def explain(exc: json.JSONDecodeError) -> tuple[int, str, str]:
    """Where the mistake is (an offset into ``exc.doc``), what it is, and what to do.

    The offset moves back to a trailing comma, since that is what to remove; the hint
    may be "" when the message says it all.
    """
    text = exc.doc
    pos = exc.pos
    before = text[:pos].rstrip()
    prev = before[-1:] if before else ""
    following = text[pos : pos + 1]
    msg = exc.msg
    hint = ""
    if msg.startswith("Expecting property name") and prev == ",":
        pos = len(before) - 1
        message = "Trailing comma: JSON allows no ',' after the last field of an object."
        hint = "Remove this comma."
    elif msg == "Expecting value" and prev == "," and following == "]":
        pos = len(before) - 1
        message = "Trailing comma: JSON allows no ',' after the last item of an array."
        hint = "Remove this comma."
    elif pos >= len(text.rstrip()) and msg in ("Expecting value", "Expecting ',' delimiter"):
        message = "The JSON ends too early: a value or a closing bracket is missing."
        hint = "Check that every { and [ is closed."
    else:
        message, hint = next(
            ((m, h) for start, m, h in _JSON_ERRORS if msg.startswith(start)),
            (f"Invalid JSON: {msg}.", ""),
        )
    return pos, message, hint
