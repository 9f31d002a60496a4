"""Strip screen hinting and surplus name records from the vendored fonts (smaller PDFs, faster).

    python tools/strip_fonts.py                                          # in place, fonts/*.ttf
    python tools/strip_fonts.py --source-dir /usr/share/fonts/truetype/noto   # from Debian's files

ReportLab copies a font's `cvt `, `fpgm` and `prep` tables, every glyph's TrueType instructions
and the whole `name` table into each subset it embeds (one subset per 256 characters used, per
face). Hinting only helps rasterising small text on low-resolution screens; print does not need
it. This script, for each vendored font:

- removes the glyph instructions and the `cvt `, `fpgm`, `prep`, `gasp`, `hdmx`, `LTSH` and
  `VDMX` tables, and resets the instruction limits in `maxp`;
- keeps only the Windows-platform name records that identify the font and its licence:
  copyright (0), family (1), subfamily (2), unique id (3), full name (4), version (5),
  PostScript name (6), trademark (7), licence description (13) and licence URL (14);
- says in the version string (name ID 5) that the file is modified, as OFL 1.1 asks (and drops
  the ttfautohint settings from it, which no longer apply).

Outlines, metrics, cmap and the OpenType layout tables (GSUB, GPOS, GDEF: HarfBuzz shapes with
them) are untouched. The output is byte-identical on re-runs, and running it on its own output
changes nothing. `tools/make_cjk_ttf.py` calls `strip_font` too, so its output is already
stripped.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
FILES = (
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
    "NotoSansCJKsc-Regular.ttf", "NotoSansCJKsc-Bold.ttf",
    "NotoSansCJKkr-Regular.ttf", "NotoSansCJKkr-Bold.ttf",
    "NotoSansCJKjp-Regular.ttf", "NotoSansCJKjp-Bold.ttf",
    "NotoSansCJKtc-Regular.ttf", "NotoSansCJKtc-Bold.ttf",
    "NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf",
    "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf",
    "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf",
)
HINTING_TABLES = ("cvt ", "fpgm", "prep", "gasp", "hdmx", "LTSH", "VDMX")
KEPT_NAME_IDS = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 13, 14})
WINDOWS = 3
NOTE = "; unhinted for print by handout tools/strip_fonts.py"


def strip_font(font: TTFont) -> None:
    """Remove hinting and surplus name records from `font`, in memory."""
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    if "glyf" in font:
        glyf = font["glyf"]
        for name in font.getGlyphOrder():
            glyph = glyf[name]
            glyph.removeHinting()
    maxp = font["maxp"]
    if maxp.tableVersion >= 0x00010000:
        for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                     "maxStackElements", "maxSizeOfInstructions"):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
    # head flags bit 4: "instructions may alter advance widths"; no instructions remain.
    font["head"].flags &= ~(1 << 4)
    name = font["name"]
    name.names = [record for record in name.names
                  if record.platformID == WINDOWS and record.nameID in KEPT_NAME_IDS]
    for record in name.names:
        if record.nameID == 5:
            # The ttfautohint settings no longer describe the file: the hinting is gone.
            parts = [part for part in record.toUnicode().split(";")
                     if not part.strip().startswith("ttfautohint") and part != NOTE[1:]]
            record.string = ";".join(parts) + NOTE


def strip_file(source: Path, out: Path) -> tuple[int, int]:
    """Strip one file; returns (bytes before, bytes after)."""
    data = source.read_bytes()
    font = TTFont(io.BytesIO(data))
    strip_font(font)
    font.recalcTimestamp = False  # keep head.modified: byte-identical re-runs
    buffer = io.BytesIO()
    font.save(buffer)
    out.write_bytes(buffer.getvalue())
    return len(data), len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=FONTS,
                        help="where to read the fonts from (default: fonts/, in place)")
    parser.add_argument("--out-dir", type=Path, default=FONTS)
    parser.add_argument("files", nargs="*", default=list(FILES), help="file names (default: all)")
    args = parser.parse_args(argv)
    for filename in args.files:
        source = args.source_dir / filename
        if not source.is_file():  # e.g. the CJK files are not in Debian's truetype folder
            source = args.out_dir / filename
        before, after = strip_file(source, args.out_dir / filename)
        sys.stdout.write(f"{args.out_dir / filename}: {before:,} -> {after:,} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
