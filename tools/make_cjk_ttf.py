"""Make the vendored CJK fonts: Noto Sans CJK SC/KR/JP/TC (CFF) to TrueType (glyf) subsets.

Why: ReportLab 5.1 only embeds TrueType outlines ("postscript outlines are not supported"), and
Debian's Noto Sans CJK ships as CFF inside a 20 MB .ttc. This script takes one face of the
Regular and Bold collections per language (the face decides the regional glyph forms: the same
character is drawn the Chinese, Japanese or Korean way), keeps the characters everyday text in
that language needs (a national character set, ASCII, Latin-1, general and CJK punctuation,
fullwidth forms, plus every character of the language's articles and UI catalogue and of the
--extra files), scales the outlines to 333 units per em (smaller PDFs, see UNITS_PER_EM) and
converts the cubic CFF outlines to quadratic glyf outlines (cu2qu).

| face | national set kept                                                         | languages |
|------|---------------------------------------------------------------------------|-----------|
| sc   | GB 2312: 6,763 hanzi and its symbols                                      | zh-Hans   |
| kr   | KS X 1001 Hangul: the 2,350 syllables of everyday Korean, and its symbols | ko        |
|      | (no Hanja: Korean patient text does not use them)                         |           |
| jp   | JIS X 0208 level 1: 2,965 kanji, kana and symbols (not level 2's rarer    | ja        |
|      | 3,390 kanji)                                                              |           |
| tc   | Big5 level 1: the 5,401 hanzi in common use, and its symbols              | zh-Hant   |

Re-runnable; the output depends only on the input fonts, this script, the language's content
and catalogue files and the --extra files:

    python tools/make_cjk_ttf.py                  # every face: fonts/NotoSansCJK{sc,kr,jp,tc}-*.ttf
    python tools/make_cjk_ttf.py --face kr        # one face
    python tools/make_cjk_ttf.py --face tc --extra notes.txt   # also keep those characters

Takes 10-20 s per face and weight. Needs fontTools (a runtime dependency of handout already) and
Debian's fonts-noto-cjk (`apt-get install fonts-noto-cjk`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.scaleUpem import scale_upem

sys.path.insert(0, str(Path(__file__).resolve().parent))
from strip_fonts import strip_font  # noqa: E402 - tools/ is a folder of scripts, not a package

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")  # Debian package fonts-noto-cjk
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
# The outlines' grid: 333 units per em instead of the source's 1000. Coordinates then round to
# 1/333 em (at most 0.02 mm at 26 pt, below a printer dot), and the deltas between points fit
# in one byte more often: a Traditional Chinese handout is 11 KB (12 %) smaller. Full-width
# advances stay exactly one em.
UNITS_PER_EM = 333
MAX_ERR = 3.0 / 1000  # em: cu2qu approximation error, 0.03 mm at 26 pt: invisible in print

# Ranges every face keeps besides its national set: ASCII, Latin-1, general punctuation,
# letterlike symbols, arrows, CJK symbols and punctuation, and halfwidth/fullwidth forms.
EXTRA_RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
)
HANGUL_JAMO = ((0x3130, 0x318F),)  # Hangul compatibility jamo: ㄱ ㅏ, as in 1ㄱ or ㅋㅋ
KANA = ((0x3040, 0x30FF), (0x31F0, 0x31FF))  # hiragana, katakana, small katakana extension
ROWS = range(0xA1, 0xFF)  # the 94 rows (and cells) of an ISO 2022 double-byte set, EUC-coded
BIG5_TRAIL = (*range(0x40, 0x7F), *range(0xA1, 0xFF))


def _double_byte(codec: str, leads: Iterable[int], trails: Iterable[int] = ROWS,
                 keep: Callable[[bytes], bool] = lambda _: True) -> set[int]:
    """Every character of a double-byte codec whose lead byte is in `leads`."""
    found: set[int] = set()
    trails = tuple(trails)
    for high in leads:
        for low in trails:
            code = bytes((high, low))
            if not keep(code):
                continue
            try:
                found.add(ord(code.decode(codec)))
            except UnicodeDecodeError:
                continue
    return found


def gb2312_codepoints() -> set[int]:
    """Every character of GB 2312 (6,763 hanzi plus symbols), via Python's own codec."""
    return _double_byte("gb2312", range(0xA1, 0xF8))


def ksx1001_hangul_codepoints() -> set[int]:
    """KS X 1001's symbols (rows 1-12) and its 2,350 Hangul syllables (rows 16-40), no Hanja."""
    return _double_byte("euc_kr", range(0xA1, 0xAD)) | _double_byte("euc_kr", range(0xB0, 0xC9))


def jis_level1_codepoints() -> set[int]:
    """JIS X 0208's symbols, kana, Greek and Cyrillic (rows 1-8) and level-1 kanji (rows 16-47)."""
    return _double_byte("euc_jp", range(0xA1, 0xA9)) | _double_byte("euc_jp", range(0xB0, 0xD0))


def big5_level1_codepoints() -> set[int]:
    """Big5's symbols (A140-A3BF) and its 5,401 frequently used hanzi (A440-C67E)."""
    symbols = _double_byte("big5", range(0xA1, 0xA4), BIG5_TRAIL)
    common = _double_byte("big5", range(0xA4, 0xC7), BIG5_TRAIL, keep=lambda code: code <= b"\xc6\x7e")
    return symbols | common


@dataclass(frozen=True)
class Face:
    """One face of the collection and what of it a language needs."""

    key: str  # file name part: NotoSansCJK<key>-Regular.ttf
    family: str  # the face's family name inside the collection
    standard: str  # the national set, as the version string names it
    national: Callable[[], set[int]]
    languages: tuple[str, ...]  # BCP 47 codes whose content and catalogue characters are kept
    ranges: tuple[tuple[int, int], ...] = ()

    def output_name(self, weight: str) -> str:
        return f"NotoSansCJK{self.key}-{weight}.ttf"


FACES = {
    face.key: face for face in (
        Face("sc", "Noto Sans CJK SC", "GB 2312", gb2312_codepoints, ("zh-Hans",)),
        Face("kr", "Noto Sans CJK KR", "KS X 1001 Hangul", ksx1001_hangul_codepoints, ("ko",),
             HANGUL_JAMO),
        Face("jp", "Noto Sans CJK JP", "JIS X 0208 level 1", jis_level1_codepoints, ("ja",), KANA),
        Face("tc", "Noto Sans CJK TC", "Big5 level 1", big5_level1_codepoints, ("zh-Hant",)),
    )
}


def language_files(face: Face, root: Path = ROOT) -> list[Path]:
    """The articles and the UI catalogue of the face's languages: their characters are kept."""
    files: list[Path] = []
    for lang in face.languages:
        files += sorted((root / "content").glob(f"*/{lang}.yaml"))
        files += sorted((root / "languages" / "ui").glob(f"{lang}.yaml"))
    return files


def wanted_codepoints(face: Face, extra_files: list[Path]) -> set[int]:
    cps = face.national()
    for lo, hi in EXTRA_RANGES + face.ranges:
        cps.update(range(lo, hi + 1))
    for path in [*language_files(face), *extra_files]:
        cps.update(ord(c) for c in path.read_text(encoding="utf-8") if not c.isspace())
    return cps


def load_face(ttc: Path, family: str) -> TTFont:
    """One face of a Noto Sans CJK collection, chosen by name rather than by index."""
    collection = TTCollection(str(ttc), lazy=False)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{ttc}: no '{family}' face")


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    # No "locl"/"vert": their closure pulls in the other regions' and vertical variants (for SC
    # 13,880 glyphs instead of 7,848, twice the file size), which horizontal text never uses:
    # the face's own cmap already maps each character to its regional form.
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
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR * UNITS_PER_EM, reverse_direction=True))
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


def mark_modified(font: TTFont, face: Face) -> None:
    """OFL 1.1 section 2 asks modified versions to say so; the version string carries it."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    note = (f"; subset {face.standard}, scaled to {UNITS_PER_EM} units per em and converted to "
            "TrueType outlines by handout tools/make_cjk_ttf.py")
    for record in name.names:
        if record.nameID == 5:
            record.string = version + note


def build(face: Face, weight: str, source: Path, out_dir: Path, codepoints: set[int]) -> Path:
    font = load_face(source, face.family)
    subset_font(font, codepoints)
    scale_upem(font, UNITS_PER_EM)  # metrics, kerning and the cubic outlines, before conversion
    cff_to_glyf(font)
    mark_modified(font, face)
    strip_font(font)  # no hinting (none after conversion) and only the licence/identity names
    out = out_dir / face.output_name(weight)
    font.recalcTimestamp = False  # keep the source's head.modified: byte-identical re-runs
    font.save(str(out))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR,
                        help="folder with NotoSansCJK-Regular.ttc and -Bold.ttc")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "fonts")
    parser.add_argument("--face", choices=sorted(FACES), nargs="*", default=list(FACES),
                        help="which faces to make (default: all)")
    parser.add_argument("--extra", type=Path, nargs="*", default=[],
                        help="text files whose characters must also be kept")
    args = parser.parse_args(argv)
    for key in args.face:
        face = FACES[key]
        codepoints = wanted_codepoints(face, args.extra)
        for weight, filename in WEIGHTS.items():
            out = build(face, weight, args.source_dir / filename, args.out_dir, codepoints)
            kept = len(TTFont(str(out))["cmap"].getBestCmap())
            sys.stdout.write(f"{out}: {out.stat().st_size:,} bytes, {kept:,} characters\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
