"""How ``wqy-microhei-gb2312.ttf`` was made (run by hand; nothing runs this at request time).

    apt-get download fonts-wqy-microhei && dpkg-deb -x fonts-wqy-microhei_*.deb x
    python -m autolend.origination.fonts.subset x/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

WenQuanYi Micro Hei 0.2.0-beta (Apache-2.0, see ``LICENSE-wqy-microhei.txt``), face 0 of the
collection, subset with fontTools to what a contract prints: ASCII and Latin-1, general
punctuation, CJK symbols and punctuation, full-width forms and every character of GB 2312
(6,763 hanzi). TrueType outlines, so reportlab's ``TTFont`` can subset-embed it in each PDF.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).with_name("wqy-microhei-gb2312.ttf")


def gb2312_text() -> str:
    """Every character GB 2312 encodes (rows 0xA1–0xF7, cells 0xA1–0xFE)."""
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def codepoints() -> set[int]:
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x20A0, 0x20BF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    points = {c for start, end in ranges for c in range(start, end + 1)}
    return points | {ord(c) for c in gb2312_text()}


def main(source: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=0)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the names (copyright and licence records included)
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints()))
    subsetter.subset(font)
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
