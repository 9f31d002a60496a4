"""Make the vendored Simplified Chinese fonts: Noto Sans CJK SC (CFF) to a TrueType (glyf) subset.

Why: ReportLab 5.1 only embeds TrueType outlines ("postscript outlines are not supported"), and
Debian's Noto Sans CJK ships as CFF inside a 20 MB .ttc. This script takes the SC face of the
Regular and Bold collections, keeps the characters everyday Simplified Chinese text needs
(GB 2312, ASCII, Latin-1, general and CJK punctuation, fullwidth forms, plus any characters of
the --extra files), and converts the cubic CFF outlines to quadratic glyf outlines (cu2qu).

Re-runnable; the output depends only on the input fonts, this script and the --extra files:

    python tools/make_cjk_ttf.py    # writes fonts/NotoSansCJKsc-{Regular,Bold}.ttf
    python tools/make_cjk_ttf.py --extra content/*/zh-Hans.yaml    # also keep those characters

Takes about 10 s per weight. Needs fontTools (a runtime dependency of handout already).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from strip_fonts import strip_font  # noqa: E402 - tools/ is a folder of scripts, not a package

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian package fonts-noto-cjk
FACE_FAMILY = "Noto Sans CJK SC"
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
OUTPUT_NAME = "NotoSansCJKsc-{weight}.ttf"
MAX_ERR = 3.0  # font units (of 1000): cu2qu approximation error, 0.03 mm at 26 pt: invisible in print

# Ranges kept besides GB 2312: ASCII, Latin-1, general punctuation, letterlike symbols, arrows,
# CJK symbols and punctuation, and halfwidth/fullwidth forms.
EXTRA_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
)


def gb2312_codepoints() -> set[int]:
    """Every character of GB 2312 (6,763 hanzi plus symbols), via Python's own codec."""
    found: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def wanted_codepoints(extra_files: list[Path]) -> set[int]:
    cps = gb2312_codepoints()
    for lo, hi in EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    for path in extra_files:
        cps.update(ord(c) for c in path.read_text(encoding="utf-8") if not c.isspace())
    return cps


def load_face(ttc: Path) -> TTFont:
    """The SC face of a Noto Sans CJK collection, chosen by name rather than by index."""
    collection = TTCollection(str(ttc), lazy=False)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == FACE_FAMILY:
            return font
    raise SystemExit(f"{ttc}: no '{FACE_FAMILY}' face")


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    # No "locl"/"vert": their closure pulls in the JP/KR/TC and vertical variants (13,880 glyphs
    # instead of 7,848, twice the file size), none of which horizontal SC text uses.
    options.layout_features = ["ccmp", "kern", "liga"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True  # flat charstrings are simpler to convert
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (after fontTools' otf2ttf)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font["maxp"] = _maxp_v1(font)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: ReportLab and HarfBuzz work by glyph id
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def _maxp_v1(font: TTFont):  # type: ignore[no-untyped-def]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    return maxp


def mark_modified(font: TTFont) -> None:
    """OFL 1.1 section 2 asks modified versions to say so; the version string carries it."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    note = "; subset GB 2312 and converted to TrueType outlines by handout tools/make_cjk_ttf.py"
    for record in name.names:
        if record.nameID == 5:
            record.string = version + note


def build(weight: str, source: Path, out_dir: Path, codepoints: set[int]) -> Path:
    font = load_face(source)
    subset_font(font, codepoints)
    cff_to_glyf(font)
    mark_modified(font)
    strip_font(font)  # no hinting (none after conversion) and only the licence/identity names
    out = out_dir / OUTPUT_NAME.format(weight=weight)
    font.recalcTimestamp = False  # keep the source's head.modified: byte-identical re-runs
    font.save(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR,
                        help="folder with NotoSansCJK-Regular.ttc and -Bold.ttc")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "fonts")
    parser.add_argument("--extra", type=Path, nargs="*", default=[],
                        help="text files whose characters must also be kept")
    args = parser.parse_args(argv)
    codepoints = wanted_codepoints(args.extra)
    for weight, filename in WEIGHTS.items():
        out = build(weight, args.source_dir / filename, args.out_dir, codepoints)
        kept = len(TTFont(str(out))["cmap"].getBestCmap())
        sys.stdout.write(f"{out}: {out.stat().st_size:,} bytes, {kept:,} characters\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
