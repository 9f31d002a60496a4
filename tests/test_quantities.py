"""Marked quantities: any CLDR unit, the reader's words and numbers, US customary units where
they are used, ranges kept, and never broken across a line."""

from __future__ import annotations

import re

import pytest

from handout.quantities import NO_BREAK, format_quantity, parse_quantity, render_quantities

CASES = [
    # (marked, locale, US customary?, printed)
    ("10-11 kg", "en", False, "10–11 kg"),
    ("10-11 kg", "en_US", True, "22–24 lb"),
    ("5 m", "en_US", True, "16 ft"),
    ("2 L", "en_US", True, "8.5 cups"),
    ("150 mL", "en_US", True, "5.1 fl oz"),
    ("38 °C", "en_US", True, "100.4°F"),
    ("38.5 °C", "fr", False, "38,5\u202f°C"),
    ("10-15 min", "en", False, "10–15 minutes"),
    ("10-15 min", "en_US", True, "10–15 minutes"),
    ("10-15 min", "es", False, "10–15 minutos"),
    ("10-15 min", "ru", False, "10–15 минут"),
    ("10-15 min", "zh_Hans_CN", False, "10–15分钟"),
    ("2 cup", "es", False, "2 tazas"),
    ("3 duration-week", "en", False, "3 weeks"),
    ("1 h", "en", False, "1 hour"),
    ("10-11 stone", "en", False, "10–11 st"),
]


@pytest.mark.parametrize(("marked", "locale", "imperial", "printed"), CASES)
def test_a_quantity_prints_in_the_readers_units_and_words(marked: str, locale: str, imperial: bool,
                                                          printed: str) -> None:
    text = format_quantity(parse_quantity(marked), locale, imperial=imperial)
    assert text == printed.replace(" ", NO_BREAK)
    assert " " not in text  # glued: it never breaks across a line


def test_quantities_in_running_text() -> None:
    text = render_quantities("Walk {{10-15 min}}, drink {{2 L}} a day.", "en_US", imperial=True)
    assert text == f"Walk 10–15{NO_BREAK}minutes, drink 8.5{NO_BREAK}cups a day."


@pytest.mark.parametrize(("body", "words"), [
    ("10-11 handfuls", "unit 'handfuls' in '{{10-11 handfuls}}' is not known; use a symbol such as kg"),
    ("about 5 kg", "is not like {{10-11 kg}}"),
    ("kg", "is not like {{10-11 kg}}"),
])
def test_a_badly_marked_quantity_says_how_to_write_it(body: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        parse_quantity(body)


def test_a_quantity_stays_on_one_line_in_a_narrow_column() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from handout.fonts import register_family

    face = register_family("NotoSans").name
    text = render_quantities("Each day walk for about {{10-15 min}} and drink {{2 L}} of water.", "en", imperial=False)
    para = Paragraph(text, ParagraphStyle("t", fontName=face, fontSize=12, leading=15))
    para.wrap(95, 1000)
    lines = [" ".join(words) for _, words in para.blPara.lines]
    assert len(lines) > 2  # the column is narrow enough to wrap the sentence
    for line in lines:
        assert not line.rstrip().endswith(("10–15", "2")), lines


def test_cjk_text_keeps_plain_spaces(build: object) -> None:
    """ReportLab's CJK wrapping shrinks a line's only space to fit it: a no-break space there
    squashed '11 kg' into '1kg'. Checked on the drawn glyphs of the Chinese handout."""
    import io

    import pdfplumber

    built = build(lang="zh-Hans", region="lower")  # type: ignore[operator]
    with pdfplumber.open(io.BytesIO(built.pdf)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    unit = next(i for i, c in enumerate(chars) if c["text"] == "k" and chars[i + 1]["text"] == "g")
    assert chars[unit]["x0"] >= chars[unit - 1]["x1"] - 0.1  # the unit starts after what precedes it
