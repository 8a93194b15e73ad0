"""Qt settings for what is built before the first paint, without naming ``Qt``.

PySide6 creates every Python enum class of a class the first time that class is named:
``PySide6.QtCore.Qt`` alone has 93 of them, about 17 ms, a seventh of a bare PySide6
start. So the first page, and everything that runs before the window is first painted,
never names ``Qt``: it sets these few values through Qt's property system, which takes
plain numbers, and uses the numeric item-data roles. Code that runs later (the other
pages are built after the first paint) uses ``Qt`` as usual.

``tests/ui/test_import_set.py`` checks that ``Qt`` is not created before the first page is
idle, and ``tests/ui/test_lean.py`` that every number here is Qt's own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

#: ``Qt.ItemDataRole.UserRole``: the first item-data role free for the application.
USER_ROLE = 0x0100

#: ``Qt.TextFormat``
PLAIN_TEXT = 0
RICH_TEXT = 1
#: ``Qt.TextInteractionFlag.TextSelectableByMouse``
SELECTABLE_BY_MOUSE = 1
#: ``Qt.FocusPolicy.NoFocus``
NO_FOCUS = 0


def set_qt(widget: QObject, name: str, value: int) -> None:
    """Set the Qt property ``name`` (an enum or flags) to ``value`` (a number above).

    Raises:
        ValueError: the object has no such property (a typo would otherwise be silent).
    """
    if not widget.setProperty(name, value):
        raise ValueError(f"{type(widget).__name__} has no Qt property {name!r}")
