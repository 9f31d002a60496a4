"""Finds the vendored fonts and registers each family with ReportLab once per process.

Layout code asks for a family by name (`NotoSans`) and gets the ReportLab font names back; it
never opens a font file itself. `covered_chars` answers "can this family draw that character?"
from the font's own cmap, because ReportLab silently drops (or draws tofu for) missing glyphs.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.caches import register
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


class _Families(Mapping[str, FontFamily]):
    """The families of `fonts/families.yaml`, read on first use (then kept)."""

    def __getitem__(self, name: str) -> FontFamily:
        return _load_families()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_load_families())

    def __len__(self) -> int:
        return len(_load_families())


@register
@cache
def _load_families() -> dict[str, FontFamily]:
    from handout.content import load_records

    return load_records(fonts_dir() / "families.yaml", FontFamily, "name")


FAMILIES: Mapping[str, FontFamily] = _Families()
DEFAULT_FAMILY = "NotoSans"


def fallback_chain(chain: tuple[str, ...]) -> tuple[str, ...]:
    """`chain`, then every other vendored family: the fonts for text a user typed.

    A patient's name can be in any script whatever the handout's language (an Arabic name on
    an English handout), while the article's own text keeps its language's chain.
    """
    return chain + tuple(name for name in FAMILIES if name not in chain)


def fonts_dir() -> Path:
    """`fonts/` shipped in the installed package, or the checkout's top-level `fonts/`."""
    env = os.environ.get(FONTS_ENV)
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "fonts", package_dir.parent / "fonts"):
        if (candidate / "families.yaml").is_file():
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


@register
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
        _embed_short_names(font.face)
        pdfmetrics.registerFont(font)
        # The font's own characters, before private-use codes join its charToGlyph below.
        _CMAPS[face] = frozenset(chr(cp) for cp, gid in font.face.charToGlyph.items() if gid)
        _reserve_private_codes(font)
    addMapping(family.name, 0, 0, family.name)
    addMapping(family.name, 1, 0, family.bold_name)
    addMapping(family.name, 0, 1, family.name)
    addMapping(family.name, 1, 1, family.bold_name)
    # Anything that falls back to the canvas default font must still get an embedded font.
    if name == DEFAULT_FAMILY:
        rl_config.canvas_basefontname = DEFAULT_FAMILY
    return family


# Name records each embedded subset keeps: copyright, family, subfamily, full and PostScript
# names, licence URL. The licence text itself (ID 13, 660 bytes) stays in the vendored file.
_SUBSET_NAME_IDS = frozenset({0, 1, 2, 4, 6, 14})


def _embed_short_names(face: object) -> None:
    """Make ReportLab copy a short `name` table into every subset it embeds.

    ReportLab copies the font's whole `name` table into each subset (one per 256 characters
    used, per face): about 500 compressed bytes each, 2 KB of a Chinese handout. A PDF reader
    never looks at it; the copyright and licence URL records are kept all the same.
    """
    table = face.get_table("name")  # type: ignore[attr-defined]
    short = _short_name_table(table)
    original = face.get_table  # type: ignore[attr-defined]

    def get_table(tag: str) -> bytes:
        return short if tag == "name" else original(tag)

    face.get_table = get_table  # type: ignore[attr-defined]


def _short_name_table(table: bytes) -> bytes:
    """A format-0 `name` table with only the `_SUBSET_NAME_IDS` records (Windows platform)."""
    _format, count, string_offset = struct.unpack(">HHH", table[:6])
    records, strings = [], b""
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack(
            ">6H", table[6 + 12 * i: 18 + 12 * i])
        if platform == 3 and name_id in _SUBSET_NAME_IDS:
            text = table[string_offset + offset: string_offset + offset + length]
            records.append((platform, encoding, language, name_id, len(text), len(strings)))
            strings += text
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return header + b"".join(struct.pack(">6H", *r) for r in records) + strings


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


# Per registered face: the characters its cmap maps to a glyph other than .notdef. Read from
# the cmap ReportLab parses when it registers the font: the build registers the family anyway,
# and reading the cmap again with fontTools would cost a cold build 25 ms.
_CMAPS: dict[str, frozenset[str]] = register({}, "handout.fonts._CMAPS")


@register
@cache
def covered_chars(name: str) -> frozenset[str]:
    """Characters both faces (regular and bold) of family `name` can draw.

    Strings, not code points, so `covered_chars(f).issuperset(text)` runs in C: checking a
    whole paragraph costs about as much as copying it.
    """
    family = register_family(name)
    return _CMAPS[family.name] & _CMAPS[family.bold_name]
