"""Every script renders correctly: checked on real PDFs (glyph positions, glyph counts, text).

Small documents are built in memory with the Typesetter and read back with pdfplumber (glyph
x-positions, fonts) and pypdf (text, embedded font files).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from handout.i18n import LANGUAGES
from handout.quality.pdf_facts import read_document
from handout.text import coverage_problem, missing_glyphs
from handout.text.bidi import BidiParagraph
from handout.text.fallback import font_runs
from handout.text.levels import paragraph_levels
from handout.text.shaping import glyph_count, shape
from handout.theme import STANDARD, make_palette
from handout.typeset import Typesetter

ARABIC_WORDS = ["الظهر", "الحمل", "تشنج", "راحة", "طبيب", "ألم", "دافئة", "مشي", "نوم", "ماء"]
HINDI_CONJUNCTS = "क्षत्रिय ज्ञान श्रम स्त्री द्वार शुद्ध अर्थ प्रति"
ROUND_TRIP = {
    "vi": "Người được những ưỡn ở ỹ Ỵ. Hãy chườm ấm trong 15–20 phút và nghỉ ngơi đầy đủ.",
    "pl": "Zażółć gęślą jaźń. Skurcze pleców w ciąży są częste; źdźbło, Łódź.",
    "ru": "Спазмы в спине во время беременности — обычное явление. Ёжик, щётка, объём.",
    "zh-Hans": "怀孕期间背部痉挛很常见。大约30%的女性会出现这种情况，请在医生建议下服用镁。",
    "zh-Hant": "懷孕期間背部痙攣很常見。大約30%的女性會出現這種情況，請在醫生建議下服用鎂。",
    "ja": "妊娠中の背中のけいれんはよくあります。約30%（10人に3人）の女性が経験します。",
    "ko": "임신 중 등 경련은 흔합니다. 여성의 약 30%(10명 중 3명)가 겪습니다.",
    "uk": "Спазми в спині під час вагітності — звичайне явище. Ґанок, їжак, м’язи, об’єм.",
}


def typesetter(code: str) -> Typesetter:
    return Typesetter(LANGUAGES[code], STANDARD, make_palette())


def build(flowables: Sequence[Flowable], *, width: float = 200.0, height: float = 700.0,
          on_page: object = None) -> bytes:
    """A PDF with one frame of `width` x `height` points per page."""
    buf = io.BytesIO()
    frame = Frame(40, 60, width, height, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)
    template = PageTemplate(frames=[frame], onPage=on_page or (lambda c, d: None))
    BaseDocTemplate(buf, pagesize=A4, pageTemplates=[template], invariant=1).build(list(flowables))
    return buf.getvalue()


def text_of(pdf: bytes) -> str:
    return read_document(pdf).text


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def glyph_lines(pdf: bytes) -> list[list[dict[str, Any]]]:
    """The glyphs of every page, grouped into lines by baseline, top to bottom."""
    out: list[list[dict[str, Any]]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for char in page.chars:
                lines[round(char["matrix"][5])].append(char)
            out += [lines[y] for y in sorted(lines, reverse=True)]
    return out


def rtl_tokens(line: list[dict[str, Any]]) -> list[str]:
    """Tokens of one right-to-left line in reading order, from glyph x-positions alone.

    Glyphs sorted right to left give each Arabic word in logical order (NFKC folds the
    joining forms back to letters); a digit run is left to right inside, so it is flipped.
    """
    chars = sorted(line, key=lambda c: -float(c["x0"]))
    text = "".join(str(c["text"]) for c in chars)
    tokens = unicodedata.normalize("NFKC", text).split()
    return [t[::-1] if t.isdigit() else t for t in tokens]


# -- Arabic: word order, from glyph positions ----------------------------------------------------


def test_arabic_word_order_over_several_lines() -> None:
    words = [f"{ARABIC_WORDS[i % len(ARABIC_WORDS)]} {i + 1}" for i in range(24)]
    text = " ".join(words)
    pdf = build([typesetter("ar").paragraph(text)], width=160)
    lines = glyph_lines(pdf)
    assert len(lines) >= 4, "the paragraph should wrap onto several lines"
    read = [token for line in lines for token in rtl_tokens(line)]
    assert read == text.split()
    numbers = [int(t) for t in read if t.isdigit()]
    assert numbers == list(range(1, 25)), "two-digit numbers must stay left to right"


def test_arabic_lines_are_right_aligned_and_latin_stays_ltr() -> None:
    text = "تناولي المغنيسيوم (Magnesium citrate) 400 ملغ بعد استشارة الطبيب"
    pdf = build([typesetter("ar").paragraph(text)], width=400)
    (line,) = glyph_lines(pdf)
    right = max(float(c["x1"]) for c in line)
    assert right == pytest.approx(40 + 400, abs=0.5)
    ordered = sorted(line, key=lambda c: float(c["x0"]))
    visual = "".join(str(c["text"]) for c in ordered)
    assert "(Magnesium citrate)" in visual  # mirrored brackets around a left-to-right phrase
    assert visual.index("400") < visual.index("(Magnesium")  # 400 follows it, to its left


def test_arabic_paragraph_splits_across_pages() -> None:
    words = [f"{ARABIC_WORDS[i % len(ARABIC_WORDS)]} {i + 1}" for i in range(400)]
    text = " ".join(words)
    pdf = build([typesetter("ar").paragraph(text)], width=150, height=200)
    assert read_document(pdf).page_count >= 2
    numbers = [int(t) for line in glyph_lines(pdf) for t in rtl_tokens(line) if t.isdigit()]
    assert numbers == list(range(1, 401))


def test_arabic_in_table_cell_with_bullet_and_bold() -> None:
    ts = typesetter("ar")
    cell = [ts.runs([("ملاحظة: ", True), ("الظهر الحمل", False)]), ts.bullet("راحة طبيب")]
    pdf = build([Table([[cell]], colWidths=[180])])
    lines = glyph_lines(pdf)
    fonts = {str(c["fontname"]).split("+")[1] for c in lines[0]}
    assert fonts == {"NotoSansArabic-Bold", "NotoSansArabic-Regular"}
    bullet_line = lines[1]
    bullet = next(c for c in bullet_line if c["text"] == "\u2022")
    assert float(bullet["x0"]) == max(float(c["x0"]) for c in bullet_line)


def test_rtl_footer_line_is_anchored_and_ordered() -> None:
    ts = typesetter("ar")

    def footer(canvas: Canvas, _doc: object) -> None:
        ts.draw_line(canvas, 500, 30, "الظهر 12 الحمل", "small", anchor="start")

    pdf = build([ts.paragraph("راحة")], on_page=footer)
    line = next(ln for ln in glyph_lines(pdf) if round(float(ln[0]["matrix"][5])) == 30)
    right = max(float(c["x1"]) for c in line)
    assert right == pytest.approx(500, abs=0.5)
    assert rtl_tokens(line) == ["الظهر", "12", "الحمل"]


def test_bidi_levels_survive_isolates_and_invisible_characters() -> None:
    text = "می\u200cخواهم \u2066555-0100\u2069 \u2068سلام\u2069"
    levels = paragraph_levels(text, rtl=True)
    assert len(levels) == len(text)  # nothing dropped: ZWNJ and isolates keep a level
    assert levels[text.index("5")] % 2 == 0


# -- Hindi: shaping and fallback -----------------------------------------------------------------


def test_hindi_is_shaped() -> None:
    pdf = build([typesetter("hi").paragraph(HINDI_CONJUNCTS)], width=400)
    glyphs = [c for line in glyph_lines(pdf) for c in line if not str(c["text"]).isspace()]
    letters = HINDI_CONJUNCTS.replace(" ", "")
    assert len(glyphs) < len(letters) - 8  # conjuncts and matras merge into fewer glyphs
    assert glyph_count("क्ष", "NotoSansDevanagari") == 1


def test_private_codes_of_shaped_glyphs_do_not_depend_on_history() -> None:
    """A conjunct glyph gets the same private-use code whatever the process drew before.

    The code ends up in the PDF's ToUnicode map, so reproducible builds depend on it.
    """
    script = (
        "from handout.fonts import register_family\n"
        "from handout.text.shaping import shape\n"
        "register_family('NotoSansDevanagari')\n"
        "for word in ('ज्ञान', 'श्रम', 'स्त्री', 'द्वार'):\n"
        "    shape(word, 'NotoSansDevanagari')\n"
        "print(' '.join(str(ord(c)) for c in shape('क्षत्रिय', 'NotoSansDevanagari')[0]))\n"
    )
    fresh = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, cwd=Path(__file__).resolve().parent.parent)
    typesetter("hi")
    here = " ".join(str(ord(c)) for c in shape("क्षत्रिय", "NotoSansDevanagari")[0])
    assert fresh.stdout.strip() == here
    assert any(int(code) >= 0xE000 for code in here.split())  # it does use private codes


def test_hindi_latin_words_fall_back_to_noto_sans() -> None:
    ts = typesetter("hi")
    story = [ts.paragraph("गर्म सेक (heat pack) 15 मिनट"),
             ts.paragraph("विटामिन-D लें", "body.bold")]
    pdf = build(story, width=400)
    fonts = {str(c["text"]): str(c["fontname"]).split("+")[1]
             for line in glyph_lines(pdf) for c in line}
    assert fonts["h"] == fonts["("] == "NotoSans-Regular"
    assert fonts["D"] == "NotoSans-Bold"  # a word needing two fonts, in a bold style
    chain = ("NotoSansDevanagari", "NotoSans")
    assert font_runs("(heat pack)", chain) == [("NotoSans", "(heat pack)")]


# -- Latin, Cyrillic, Chinese: text survives -------------------------------------------------


@pytest.mark.parametrize("code", sorted(ROUND_TRIP))
def test_text_round_trips(code: str) -> None:
    ts = typesetter(code)
    text = ROUND_TRIP[code]
    pdf = build([ts.paragraph(text), ts.bullet(text), ts.runs([(text, True)])], width=180)
    assert squash(text_of(pdf)).replace("\u2022", "") == squash(text) * 3


def test_decomposed_input_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Người được")
    pdf = build([typesetter("vi").paragraph(nfd)])
    assert squash(text_of(pdf)) == "Ngườiđược"


@pytest.mark.parametrize(("code", "text"), [
    ("zh-Hans", "怀孕期间背部痉挛很常见，大约三成的女性会出现，可以用热敷，并在医生建议下服用镁，"),
    ("zh-Hant", "懷孕期間背部痙攣很常見，大約三成的女性會出現，可以用熱敷，並在醫生建議下服用鎂，"),
])
def test_chinese_wraps_without_spaces_and_no_line_starts_with_a_comma(code: str, text: str) -> None:
    text *= 3
    pdf = build([typesetter(code).paragraph(text)], width=120)
    lines = ["".join(str(c["text"]) for c in sorted(ln, key=lambda c: float(str(c["x0"]))))
             for ln in glyph_lines(pdf)]
    assert len(lines) > 5
    assert not any(line.startswith(("，", "。")) for line in lines)


# -- gates and safety ----------------------------------------------------------------------


def test_missing_glyphs_are_named() -> None:
    ts = typesetter("ar")
    assert ts.missing_glyphs("الظهر (Magnesium) 20% \u200c") == []
    assert ts.missing_glyphs("ก 🤰 ก") == ["ก", "🤰"]
    message = coverage_problem("Rest 🤰", LANGUAGES["en"].font_chain, language="en",
                               field="remedies[2].text")
    assert message is not None
    assert message.startswith("en: remedies[2].text:")
    assert "U+1F930" in message
    assert missing_glyphs("Zażółć", ("NotoSans",)) == []


def test_markup_prints_literally() -> None:
    literal = "Ana & <b>Bo</b> <font name='x'>"
    for code in ("en", "hi", "zh-Hans"):
        ts = typesetter(code)
        story = [ts.paragraph(literal), ts.runs([(literal, True), (literal, False)])]
        pdf = build(story, width=400)
        assert squash(text_of(pdf)) == squash(literal) * 3, code


def test_all_fonts_embedded_and_subset() -> None:
    story = []
    for code in ("en", "ar", "hi", "zh-Hans", "ru"):
        ts = typesetter(code)
        story += [ts.paragraph("Magnesium " + ROUND_TRIP.get(code, "الظهر الحمل"), "heading"),
                  ts.bullet(HINDI_CONJUNCTS if code == "hi" else "text 20%")]
    fonts = read_document(build(story, width=300)).fonts
    families = {name.split("+")[1].split("-")[0] for name in fonts}
    assert families == {"NotoSans", "NotoSansArabic", "NotoSansDevanagari", "NotoSansCJKsc"}
    for name, font in fonts.items():
        assert re.fullmatch(r"[A-Z]{6}\+[\w-]+", name), name
        assert font.file == "FontFile2", name


def test_bidi_paragraph_is_a_plain_flowable() -> None:
    ts = typesetter("ar")
    para = ts.paragraph("الظهر " * 40)
    assert isinstance(para, BidiParagraph)
    w, h = para.wrap(100, 1000)
    assert h == pytest.approx(ts.style("body").leading * len(para.lines(100)))
    assert para.split(100, ts.style("body").leading * 0.5) == []
    assert para.minWidth() < 100
