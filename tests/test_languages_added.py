"""Korean, Japanese, Traditional Chinese, Ukrainian, Haitian Creole, Somali and Swahili: line
breaking by each language's rule, the regional CJK glyph forms, the CLDR locale defaults and
the size of the CJK handouts.

Line breaks are read back from real PDFs (glyph positions, pdfplumber) of paragraphs set to a
narrow column, as in tests/test_text_scripts.py.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pdfplumber
import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.build import BuiltPdf
from handout.fonts import FAMILIES, fonts_dir
from handout.i18n import LANGUAGES, LINE_BREAKS, format_date
from handout.options import Paper, default_paper
from handout.quantities import render_quantities, uses_imperial
from handout.text.cjk import RULES
from handout.weekdays import week_day_names

from .test_text_scripts import build as build_frame
from .test_text_scripts import glyph_lines, squash, typesetter

KB = 1024
LEFT = 40.0  # where `build` puts its frame

KOREAN = (
    "자라는 아기가 들어설 공간을 만들기 위해 배 근육이 느슨해집니다. 배 근육이 약한 여성이 많습니다. "
    "근육이 약하면 균형을 잡으려고 몸을 뒤로 젖히기 쉽습니다. 이 때문에 허리에 경련과 통증이 생깁니다."
)
# Brackets, small kana, the long-vowel mark, commas and full stops, and numbers before a
# counter: every kinsoku rule gets its chance at one width or another.
JAPANESE = (
    "「背中のけいれん」は、妊娠中によくあります。（約30%）ゆっくり休みましょう。"
    "ヒールの高い靴は避けましょう。マットレスは、かためのものを選びます。10人に3人が経験します。"
) * 2
NARROW_WIDTHS = range(90, 190, 7)


def _lines(pdf: bytes) -> list[str]:
    """The text of every line, its glyphs in left-to-right order."""
    return ["".join(str(c["text"]) for c in sorted(line, key=lambda c: float(str(c["x0"]))))
            for line in glyph_lines(pdf)]


def _kinsoku_faults(lines: list[str], code: str) -> list[str]:
    rule = RULES[LANGUAGES[code].line_break]
    faults = [f"starts with {line[0]!r}: {line}" for line in lines[1:] if line[0] in rule.cannot_start]
    faults += [f"ends with {line[-1]!r}: {line}" for line in lines[:-1] if line[-1] in rule.cannot_end]
    faults += [f"number split from {b[0]!r}: {a} / {b}" for a, b in zip(lines, lines[1:], strict=False)
               if a[-1].isdigit() and not b[0].isspace()]
    return faults


def _knife_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """Lines cut wherever they are full, with no rule at all: what the rules must improve on."""
    lines, line, used = [], "", 0.0
    for char in text:
        w = stringWidth(char, font, size)
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += w
    return [*lines, line]


# -- line breaking --------------------------------------------------------------------------------


def test_every_line_break_of_the_language_data_has_its_rule() -> None:
    assert set(LINE_BREAKS) == {"words", *RULES}
    assert {lang.line_break for lang in LANGUAGES.values()} <= set(LINE_BREAKS)
    assert (LANGUAGES["ko"].word_wrap, LANGUAGES["ja"].word_wrap) == (None, "CJK")


def test_korean_breaks_between_words_never_inside_one() -> None:
    pdf = build_frame([typesetter("ko").paragraph(KOREAN)], width=150)
    lines = _lines(pdf)
    assert len(lines) >= 6, "the paragraph should wrap onto many lines"
    words = KOREAN.split()
    assert [w for line in lines for w in line.split()] == words  # every line holds whole words
    assert not any(line.startswith(" ") for line in lines)


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_japanese_lines_keep_the_kinsoku_rules(width: int) -> None:
    ts = typesetter("ja")
    pdf = build_frame([ts.paragraph(JAPANESE)], width=width)
    lines = _lines(pdf)
    assert squash("".join(lines)) == squash(JAPANESE)
    assert not _kinsoku_faults(lines, "ja")


def test_the_kinsoku_widths_would_break_the_rules_without_them() -> None:
    """The widths above are ones where cutting wherever a line is full breaks a rule."""
    style = typesetter("ja").style("body")
    broken = [w for w in NARROW_WIDTHS
              if _kinsoku_faults(_knife_lines(JAPANESE, w, style.fontName, style.fontSize), "ja")]
    assert len(broken) >= len(NARROW_WIDTHS) // 2


@pytest.mark.parametrize("code", ["ja", "zh-Hant", "zh-Hans"])
def test_cjk_lines_stay_inside_their_frame(code: str) -> None:
    """No punctuation hangs past the line end: in the last column it would print in the margin."""
    text = {"ja": JAPANESE, "zh-Hant": "懷孕期間背部痙攣很常見。大約三成的女性會出現。" * 6,
            "zh-Hans": "怀孕期间背部痉挛很常见。大约三成的女性会出现。" * 6}[code]
    for width in NARROW_WIDTHS:
        pdf = build_frame([typesetter(code).paragraph(text, "heading")], width=width)
        right = max(float(str(c["x1"])) for line in glyph_lines(pdf) for c in line)
        assert right <= LEFT + width + 0.01, f"{code} at {width} pt: ink to {right - LEFT:.1f} pt"


def test_long_day_names_stay_inside_the_checklist(build: Callable[..., BuiltPdf]) -> None:
    """Swahili's day names are whole words (Jumapili): the last one must not reach the margin."""
    pdf = build(lang="sw", format="checklist", large_print=True)
    with pdfplumber.open(io.BytesIO(pdf.pdf)) as doc:
        page = doc.pages[0]
        assert "Jumapili" in page.extract_text()
        assert max(float(c["x1"]) for c in page.chars) <= float(page.width) - 10 * 72 / 25.4


# -- fonts --------------------------------------------------------------------------------------


def _outline(family: str, char: str) -> list[object]:
    with TTFont(str(fonts_dir() / FAMILIES[family].regular_file)) as font:
        pen = RecordingPen()
        font.getGlyphSet()[font.getBestCmap()[ord(char)]].draw(pen)
        return list(pen.value)


@pytest.mark.parametrize("char", ["骨", "令"])
def test_each_cjk_face_draws_its_own_regional_forms(char: str) -> None:
    """The same character comes from the Japanese, Traditional or Simplified face, not one of them."""
    outlines = {family: _outline(family, char) for family in ("NotoSansSC", "NotoSansTC", "NotoSansJP")}
    assert len({repr(o) for o in outlines.values()}) == 3


@pytest.mark.parametrize(("family", "standard", "sample", "absent"), [
    ("NotoSansKR", "KS X 1001 Hangul", "가힝똥쌍", "骨"),  # Hangul only: no Hanja
    ("NotoSansJP", "JIS X 0208 level 1", "あア骨直妊娠", "龘"),
    ("NotoSansTC", "Big5 level 1", "骨直懷孕痙攣", "龘"),
])
def test_cjk_files_are_the_documented_subsets(family: str, standard: str, sample: str,
                                               absent: str) -> None:
    for filename in (FAMILIES[family].regular_file, FAMILIES[family].bold_file):
        with TTFont(str(fonts_dir() / filename)) as font:
            assert "glyf" in font and "CFF " not in font  # TrueType outlines, as ReportLab needs
            assert standard in font["name"].getDebugName(5)
            cmap = font.getBestCmap()
            assert all(ord(c) in cmap for c in sample + "0123456789ABCabc%()")
            assert ord(absent) not in cmap


# -- locale defaults (CLDR via Babel) ---------------------------------------------------------------


@pytest.mark.parametrize(("lang", "country", "first_day", "date", "paper", "mass"), [
    ("ko", "KR", "일", "2026년 11월 24일", Paper.A4, "10–11kg"),  # CLDR: no space in Korean
    ("ko", "US", "일", "2026년 11월 24일", Paper.LETTER, "22–24lb"),
    ("ja", "JP", "日", "2026年11月24日", Paper.A4, "10–11 kg"),
    ("zh-Hant", None, "週日", "2026年11月24日", Paper.A4, "10–11 公斤"),  # Taiwan's week by default
    ("zh-Hant", "HK", "週日", "2026年11月24日", Paper.A4, "10–11 公斤"),
    ("uk", "UA", "пн", "24 листопада 2026\u202fр.", Paper.A4, "10–11 кг"),
    ("ht", "US", "dim.", "24 novembre 2026", Paper.LETTER, "22–24\u202flb"),  # CLDR: ht from fr_HT
    ("so", "SO", "Isn", "Noofeembar 24, 2026", Paper.A4, "10–11 kg"),
    ("sw", "KE", "Jumapili", "24 Novemba 2026", Paper.A4, "kg 10–11"),
    ("sw", "TZ", "Jumatatu", "24 Novemba 2026", Paper.A4, "kg 10–11"),
])
def test_new_languages_take_their_locale_defaults_from_cldr(
    lang: str, country: str | None, first_day: str, date: str, paper: Paper, mass: str
) -> None:
    locale = LANGUAGES[lang].locale
    assert week_day_names(locale, country)[0] == first_day
    assert format_date(dt.date(2026, 11, 24), lang, country=country) == date
    assert default_paper(country) is paper
    assert render_quantities("{{10-11 kg}}", locale, imperial=uses_imperial(country), glue=False) == mass


# -- size ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans", "ja", "ko"])
def test_cjk_handouts_stay_within_90_kb(build: Callable[..., BuiltPdf], lang: str) -> None:
    """The biggest editions of a CJK handout: large print on Letter, and beside English."""
    sizes = {
        "large print": len(build(lang=lang, large_print=True, paper=Paper.LETTER).pdf),
        "bilingual": len(build(lang=lang, companion="en").pdf),
    }
    over = {edition: f"{size / KB:.1f} KB" for edition, size in sizes.items() if size > 90 * KB}
    assert not over, f"{lang} handouts over 90 KB: {over}"
