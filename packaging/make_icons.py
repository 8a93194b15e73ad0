"""Render resources/icons/hooksmith.svg into the icon files Windows and macOS want.

    python packaging/make_icons.py [OUTPUT_FOLDER]      (default: build/icons)

writes ``hooksmith.ico`` (Windows: 16 to 256 px) and ``hooksmith.icns`` (macOS: 16 to
1024 px) plus the PNGs. Both containers hold PNG images, which Windows Vista+ and
macOS 10.7+ read, so Qt's renderer is all that is needed: no Pillow, no iconutil, and it
runs on any of the three systems (Linux uses the SVG as is).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "hooksmith.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size (Apple's "ic" types).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09",
              1024: b"ic10"}  # fmt: skip


def render_png(size: int) -> bytes:
    """The icon as a PNG of ``size`` x ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QIcon

    pixmap = QIcon(str(SVG)).pixmap(size, size)
    if pixmap.isNull() or pixmap.width() != size:
        raise RuntimeError(f"could not render {SVG} at {size} px (is Qt's SVG plugin there?)")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico: a 6-byte header, one 16-byte entry per image, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns: ``icns`` + total length, then (type, length, PNG) elements."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in sorted(images.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    images = {size: render_png(size) for size in sizes}
    for size, png in images.items():
        (out / f"hooksmith-{size}.png").write_bytes(png)
    (out / "hooksmith.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (out / "hooksmith.icns").write_bytes(icns({s: images[s] for s in ICNS_TYPES}))
    del app
    print(f"wrote {out / 'hooksmith.ico'} and {out / 'hooksmith.icns'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
