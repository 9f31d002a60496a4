"""Persian, Urdu (Nastaliq), Bengali, Punjabi (Gurmukhi), Amharic (Ethiopic) and Nepali: each
builds every format in its own fonts, prints digits as CLDR says, and Urdu's tall Nastaliq
lines never touch one another (read back from the PDFs, with the letters' real outlines).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from functools import cache

import pdfplumber
import pytest
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics

from handout.build import BuiltPdf
from handout.fonts import FAMILIES, font_path, register_family
from handout.i18n import localise_digits, numbering_system
from handout.options import Paper
from handout.quality.pdf_facts import read_document
from handout.text.bidi import draw_shaped_line

KB = 1024
FACES = {"fa": "NotoSansArabic-", "ur": "NotoNastaliqUrdu-", "bn": "NotoSansBengali-",
         "pa": "NotoSansGurmukhi-", "am": "NotoSansEthiopic-", "ne": "NotoSansDevanagari-"}
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@pytest.mark.parametrize("lang", sorted(set(FACES) - {"ur"}))  # Urdu content: docs/unmerged/urdu
@pytest.mark.parametrize("fmt", ["handout", "checklist", "trifold"])
def test_each_format_embeds_a_subset_of_the_languages_own_font(
        build: Callable[..., BuiltPdf], lang: str, fmt: str) -> None:
    fonts = read_document(build(lang=lang, format=fmt).pdf).fonts
    faces = [name.lstrip("/").split("+", 1) for name in fonts]
    assert all(len(tag) == 6 and tag.isupper() for tag, _ in faces), fonts
    assert all(font.embedded for font in fonts.values()), f"not embedded: {fonts}"
    assert any(face.startswith(FACES[lang]) for _, face in faces), fonts


@pytest.mark.parametrize("lang", sorted(set(FACES) - {"ur"}))  # Urdu content: docs/unmerged/urdu
def test_the_largest_handout_is_at_most_90_kb(build: Callable[..., BuiltPdf], lang: str) -> None:
    sizes = {(paper.value, large): len(build(lang=lang, paper=paper, large_print=large).pdf)
             for paper in (Paper.A4, Paper.LETTER) for large in (False, True)}
    assert max(sizes.values()) <= 90 * KB, sizes


@pytest.mark.parametrize(("locale", "country", "system"), [
    ("fa", None, "arabext"), ("fa", "IR", "arabext"), ("fa", "AF", "arabext"),
    ("ur", "PK", "latn"), ("ur", "IN", "arabext"), ("bn", "BD", "beng"), ("ne", "NP", "deva"),
    ("pa_Guru", "IN", "latn"), ("am", "ET", "latn"),
])
def test_numbering_system_is_cldrs(locale: str, country: str | None, system: str) -> None:
    assert numbering_system(locale, country) == system


def test_digits_are_written_in_the_readers_own() -> None:
    assert localise_digits("24 / 2026", "fa") == "۲۴ / ۲۰۲۶"
    assert localise_digits("2026", "ur", "PK") == "2026"
    assert localise_digits("2026", "ur", "IN") == "۲۰۲۶"
    assert localise_digits("10–11", "bn") == "১০–১১"
    assert localise_digits("2026", "ne") == "२०२६"


def _visual_lines(pdf: bytes) -> list[str]:
    """Each line's characters left to right (digits of a right-to-left line read in order)."""
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for char in page.chars:
                lines.setdefault((page.page_number, round(char["matrix"][5], 1)), []).append(
                    (char["x0"], char["text"]))
    return ["".join(text for _, text in sorted(chars)) for chars in lines.values()]


def test_persian_dates_page_numbers_and_quantities_use_persian_digits(
        build: Callable[..., BuiltPdf]) -> None:
    text = "\n".join(_visual_lines(build(lang="fa", country="IR").pdf))
    assert text.count("۲۰۲۶") >= 4 and "۲۰۲۷" in text  # the footer's dates, on both pages
    # 10-11 kg, drawn right to left: Persian digits, the range reads ۱۰–۱۱ from the right.
    assert "۱۱–۱۰" in text
    # Western digits only in the version (1.0), a document-control id kept as the source's.
    assert not re.search("[0-9][0-9]", text) and set(re.findall("[0-9]", text)) <= {"0", "1"}


@pytest.mark.skip(reason="the Urdu article is not bundled until its handout fits a real clinic profile "
                         "(docs/unmerged/urdu/README.md)")
def test_urdu_digits_follow_the_country(build: Callable[..., BuiltPdf]) -> None:
    pakistan = "\n".join(_visual_lines(build(lang="ur", country="PK").pdf))
    india = "\n".join(_visual_lines(build(lang="ur", country="IN").pdf))
    assert "2026" in pakistan and "11–10" in pakistan and not set(PERSIAN_DIGITS) & set(pakistan)
    # In India CLDR gives Urdu its own digits for dates and quantities; prose stays as written.
    assert "۲۰۲۶" in india and "۱۱–۱۰" in india and "30" in india


def test_each_glyph_is_drawn_at_the_height_harfbuzz_gives_it() -> None:
    """ReportLab 5.1 folded "r0 Ts r1 Ts" without updating its rise, so the dal of ڈھیلے,
    drawn after its lowered small tah, dropped a quarter em (handout.text.shaping fixes it)."""
    from reportlab.pdfgen.canvas import Canvas

    from handout.text.shaping import shape

    register_family("NotoNastaliqUrdu")
    word, size = "ڈھیلے", 12
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    draw_shaped_line(canvas, 100, 400, word, ("NotoNastaliqUrdu", "NotoSans"), size, rtl=True,
                     language="ur")
    canvas.save()
    wanted = [d.y_offset * size / 1000 for d in shape(word, "NotoNastaliqUrdu", True, "ur")[0].__shapeData__]
    descent = _fonts()["NotoNastaliqUrdu-Regular"][2]
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as doc:
        page = doc.pages[0]
        drawn = [(page.height - c["bottom"]) - descent * size - 400 for c in page.chars]
    assert drawn == pytest.approx(wanted, abs=0.01)


# -- Nastaliq ink, read from the PDF with the letters' real outlines ---------------------------

COLUMN = 0.5  # points


class _Points(BasePen):
    """Points along a glyph's outline, a few font units apart."""

    def __init__(self, glyphs: object) -> None:
        super().__init__(glyphs)
        self.points: list[tuple[float, float]] = []
        self._at = (0.0, 0.0)

    def _line(self, end: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = self._at, end
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) // 10))
        self.points += [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]
        self._at = end

    def _moveTo(self, pt: tuple[float, float]) -> None:  # noqa: N802 - pen protocol
        self._at = pt

    def _lineTo(self, pt: tuple[float, float]) -> None:  # noqa: N802
        self._line(pt)

    def _curveToOne(self, a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> None:  # noqa: N802
        p = self._at
        for i in range(1, 9):
            t = i / 8
            self._line((sum(w * q[0] for w, q in zip(_bez(t), (p, a, b, c), strict=True)),
                        sum(w * q[1] for w, q in zip(_bez(t), (p, a, b, c), strict=True))))

    def _qCurveToOne(self, a: tuple[float, float], c: tuple[float, float]) -> None:  # noqa: N802
        p = self._at
        for i in range(1, 7):
            t = i / 6
            self._line(((1 - t) ** 2 * p[0] + 2 * (1 - t) * t * a[0] + t * t * c[0],
                        (1 - t) ** 2 * p[1] + 2 * (1 - t) * t * a[1] + t * t * c[1]))

    def _closePath(self) -> None:  # noqa: N802
        pass


def _bez(t: float) -> tuple[float, float, float, float]:
    return ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3)


@cache
def _fonts() -> dict[str, tuple[object, list[str], float, dict[int, int]]]:
    """PostScript name -> glyph set, glyph order, descent (em) and ReportLab's char -> glyph."""
    family = register_family("NotoNastaliqUrdu")
    out = {}
    for face, filename in ((family.name, family.regular_file), (family.bold_name, family.bold_file)):
        font = TTFont(str(font_path(filename)))
        upem = font["head"].unitsPerEm
        entry = (font.getGlyphSet(), font.getGlyphOrder(), font["hhea"].descent / upem,
                 pdfmetrics.getFont(face).face.charToGlyph)
        out[str(font["name"].getDebugName(6))] = entry
    return out


@cache
def _profile(face: str, gid: int) -> dict[int, tuple[float, float]]:
    """Lowest and highest point of a glyph per 1/100-em column, in ems from its origin."""
    glyphs, order, _, _ = _fonts()[face]
    pen = _Points(glyphs)
    glyphs[order[gid]].draw(pen)  # type: ignore[index]
    columns: dict[int, tuple[float, float]] = {}
    for x, y in pen.points:
        low, high = columns.get(int(x // 10), (y, y))
        columns[int(x // 10)] = (min(low, y), max(high, y))
    return {c: (low / 1000, high / 1000) for c, (low, high) in columns.items()}


def _ink_by_line(pdf: bytes) -> dict[tuple[int, float], dict[int, tuple[float, float]]]:
    """Per line (page, baseline): per 0.5 pt column of the page, the lowest and highest ink."""
    lines: dict[tuple[int, float], dict[int, tuple[float, float]]] = {}
    fonts = _fonts()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for char in page.chars:
                face = char["fontname"].split("+", 1)[-1]
                if face not in fonts or not char["text"].strip():
                    continue
                gid = fonts[face][3].get(ord(char["text"]))
                if gid is None:
                    continue
                size = char["size"]
                base = (page.height - char["bottom"]) - fonts[face][2] * size  # baseline + rise
                ink = lines.setdefault((page.page_number, round(char["matrix"][5], 2)), {})
                for column, (low, high) in _profile(face, gid).items():
                    x = int((char["x0"] + column * 10 * size / 1000) // COLUMN)
                    for key in (x, x + 1):
                        a, b = ink.get(key, (1e9, -1e9))
                        ink[key] = (min(a, base + low * size), max(b, base + high * size))
    return lines


@pytest.mark.parametrize("options", [
    {}, {"large_print": True}, {"format": "checklist", "paper": Paper.A5},
    {"format": "trifold", "paper": Paper.LETTER}, {"companion": "en"},
], ids=["handout", "large-print", "checklist-a5", "trifold-letter", "bilingual"])
@pytest.mark.skip(reason="the Urdu article is not bundled until its handout fits a real clinic profile "
                         "(docs/unmerged/urdu/README.md)")
def test_urdu_lines_leave_room_between_their_letters(
        build: Callable[..., BuiltPdf], options: dict[str, object]) -> None:
    """No letter of any Nastaliq line touches a letter of another line: for every two lines on
    a page, in every column where both have ink, the upper one's lowest ink is above the lower
    one's highest."""
    lines = _ink_by_line(build(lang="ur", **options).pdf)
    touching = []
    ordered = sorted(lines.items(), key=lambda kv: (kv[0][0], -kv[0][1]))  # by page, then down it
    for (upper, top_ink), (lower, low_ink) in itertools.combinations(ordered, 2):
        if upper[0] != lower[0] or upper[1] - lower[1] > 80:
            continue
        for column in top_ink.keys() & low_ink.keys():
            if top_ink[column][0] <= low_ink[column][1]:
                touching.append((upper, lower, column * COLUMN))
                break
    assert not touching, f"letters of two lines touch: {touching[:5]}"
    assert len(lines) > 10


def test_urdu_is_set_in_nastaliq_with_its_tall_lines_further_apart() -> None:
    from handout.i18n import LANGUAGES

    urdu, arabic = LANGUAGES["ur"], LANGUAGES["ar"]
    assert urdu.font_chain[0] == "NotoNastaliqUrdu" and "NotoNastaliqUrdu" in FAMILIES
    assert urdu.ink_spacing and urdu.leading > arabic.leading
