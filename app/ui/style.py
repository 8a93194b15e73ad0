"""Fonts and colours derived from the system palette, so light and dark themes both work.

Nothing here hard-codes a background: every colour is a hue whose lightness follows the
window colour, so text stays readable on a dark palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

#: Hues (degrees) for semantic colours; lightness is chosen from the palette.
HUES = {
    "ok": 130,
    "partial": 38,
    "retry": 38,
    "error": 0,
    "key": 210,
    "string": 120,
    "number": 280,
    "keyword": 25,
    "placeholder": 50,
}


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark (so accents must be light)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(palette: QPalette, name: str) -> QColor:
    """A foreground colour for ``name`` that reads well on the palette's base colour."""
    hue = HUES.get(name, 210)
    if is_dark(palette):
        return QColor.fromHsl(hue, 170, 170)
    return QColor.fromHsl(hue, 200, 75)


def wash(palette: QPalette, name: str, strength: float = 0.18) -> QColor:
    """A background tint: the base colour mixed with a little of ``name``'s hue."""
    base = palette.color(QPalette.ColorRole.Base)
    accent = tone(palette, name)
    return QColor(
        round(base.red() + (accent.red() - base.red()) * strength),
        round(base.green() + (accent.green() - base.green()) * strength),
        round(base.blue() + (accent.blue() - base.blue()) * strength),
    )


def monospace() -> QFont:
    """The system's fixed-width font, for payloads, headers and bodies."""
    from PySide6.QtGui import QFontDatabase  # the later pages: its enum classes cost start-up

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def set_role_colour(widget: QWidget, role: QPalette.ColorRole, colour: QColor) -> None:
    """Change one palette role of ``widget`` (no style sheet, so the theme stays intact)."""
    palette = widget.palette()
    palette.setColor(role, colour)
    widget.setPalette(palette)


def bold(widget: QWidget, on: bool = True) -> None:
    font = widget.font()
    font.setBold(on)
    widget.setFont(font)
