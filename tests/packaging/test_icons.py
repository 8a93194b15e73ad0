"""packaging/make_icons.py: the Windows .ico and macOS .icns hold every size, as PNGs."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging/make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("icons")
    assert module.main(["make_icons.py", str(out)]) == 0
    return out


def image_size(png: bytes) -> tuple[int, int]:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull()
    return image.width(), image.height()


def test_ico_holds_each_size_from_16_to_256(icons: Path) -> None:
    data = (icons / "hooksmith.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        side = width or 256
        assert bits == 32
        assert image_size(data[offset : offset + length]) == (side, side)
        sizes.append(side)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_holds_each_size_from_16_to_1024(icons: Path) -> None:
    data = (icons / "hooksmith.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    position, sizes = 8, []
    while position < len(data):
        kind, length = (
            data[position : position + 4],
            struct.unpack_from(">I", data, position + 4)[0],
        )
        width, height = image_size(data[position + 8 : position + length])
        assert width == height
        sizes.append((kind, width))
        position += length
    assert sizes == [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128),
                     (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024)]  # fmt: skip
