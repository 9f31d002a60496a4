"""Finds the vendored fonts and registers each family with ReportLab once per process.

Layout code asks for a family by name (`NotoSans`) and gets the ReportLab font names back; it
never opens a font file itself. `covered_chars` answers "can this family draw that character?"
from the font's own cmap, because ReportLab silently drops (or draws tofu for) missing glyphs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.errors import BuildFailedError

FONTS_ENV = "HANDOUT_FONTS_DIR"


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular_file: str
    bold_file: str

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold"

    def face(self, bold: bool = False) -> str:
        """The ReportLab font name of the regular or bold face."""
        return self.bold_name if bold else self.name


FAMILIES: dict[str, FontFamily] = {
    "NotoSans": FontFamily("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "NotoSansArabic": FontFamily(
        "NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"
    ),
    "NotoSansDevanagari": FontFamily(
        "NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"
    ),
    # Noto Sans CJK SC, converted to TrueType outlines and subset by tools/make_cjk_ttf.py.
    "NotoSansSC": FontFamily("NotoSansSC", "NotoSansCJKsc-Regular.ttf", "NotoSansCJKsc-Bold.ttf"),
}
DEFAULT_FAMILY = "NotoSans"


def fonts_dir() -> Path:
    """`fonts/` shipped in the installed package, or the checkout's top-level `fonts/`."""
    env = os.environ.get(FONTS_ENV)
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "fonts", package_dir.parent / "fonts"):
        if (candidate / FAMILIES[DEFAULT_FAMILY].regular_file).is_file():
            return candidate
    return package_dir.parent / "fonts"


def _family(name: str) -> FontFamily:
    try:
        return FAMILIES[name]
    except KeyError:
        raise BuildFailedError(
            f"unknown font family '{name}'; known families: {', '.join(FAMILIES)}"
        ) from None


def font_path(filename: str) -> Path:
    """The path of one vendored font file, or a clear error if the install lacks it."""
    path = fonts_dir() / filename
    if not path.is_file():
        raise BuildFailedError(
            f"font file {path} is missing; reinstall handout or set {FONTS_ENV} to the fonts folder"
        )
    return path


@cache
def register_family(name: str) -> FontFamily:
    """Register regular and bold of `name` (once) and map `<b>` to the bold face."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = _family(name)
    faces = ((family.name, family.regular_file), (family.bold_name, family.bold_file))
    for face, filename in faces:
        # asciiReadable=0: do not force all of printable ASCII into every subset (smaller files).
        font = TTFont(face, str(font_path(filename)), asciiReadable=0)
        pdfmetrics.registerFont(font)
        _reserve_private_codes(font)
    addMapping(family.name, 0, 0, family.name)
    addMapping(family.name, 1, 0, family.bold_name)
    addMapping(family.name, 0, 1, family.name)
    addMapping(family.name, 1, 1, family.bold_name)
    # Anything that falls back to the canvas default font must still get an embedded font.
    if name == DEFAULT_FAMILY:
        rl_config.canvas_basefontname = DEFAULT_FAMILY
    return family


def _reserve_private_codes(font: object) -> None:
    """Give every glyph that has no character its private-use code now, in glyph order.

    Why: ReportLab hands such glyphs (ligatures, conjuncts, joining forms) a private-use code
    the first time HarfBuzz emits them in the process, and the PDF's ToUnicode map records
    it, so an Arabic or Hindi PDF would depend on what the process drew before (`build --all`
    versus a single build). Reserving all codes up front makes every build byte-identical.
    """
    if not getattr(font, "shapable", False):  # uharfbuzz missing: nothing is ever shaped
        return
    hb_font = font.hbFont(1000)  # type: ignore[attr-defined]
    mapped = font.face.glyphToChar  # type: ignore[attr-defined]
    for gid in range(hb_font.face.glyph_count):
        if gid not in mapped:
            advance = font.pdfScale(hb_font.get_glyph_h_advance(gid))  # type: ignore[attr-defined]
            font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, advance)  # type: ignore[attr-defined]


@cache
def _file_cmap(filename: str) -> frozenset[str]:
    """Characters one font file maps to a glyph, read once (fontTools reads only the cmap)."""
    from fontTools.ttLib import TTFont as FtFont

    with FtFont(str(font_path(filename)), lazy=True) as font:
        return frozenset(chr(cp) for cp, glyph in font.getBestCmap().items() if glyph != ".notdef")


@cache
def covered_chars(name: str) -> frozenset[str]:
    """Characters both faces (regular and bold) of family `name` can draw.

    Strings, not code points, so `covered_chars(f).issuperset(text)` runs in C: checking a
    whole paragraph costs about as much as copying it.
    """
    family = _family(name)
    return _file_cmap(family.regular_file) & _file_cmap(family.bold_file)
