"""Turns plain text into ReportLab flowables in one language's fonts, sizes and direction.

All text, from content or from users, enters the PDF through here and is escaped on the way:
it is data, never markup. Formats ask for semantic styles ("body", "heading") and never build
a ParagraphStyle themselves.

Per script: Latin, Cyrillic, Korean, Chinese and Japanese are ReportLab Paragraphs (Chinese and
Japanese broken between characters by their rules, `handout.text.cjk`);
Hindi is a shaped Paragraph (HarfBuzz); Arabic is a `BidiParagraph`, because ReportLab's own
right-to-left path puts words in the wrong order. In every script each word is drawn in the
first font of the language's chain that has all of its characters (`handout.text.fallback`).
What users typed arrives bidi-isolated (`handout.text.isolation`) and may fall back to any
vendored font; a paragraph holding such a run, or a right-to-left one, goes to BidiParagraph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape as _html_escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.caches import register
from handout.colours import rl_colour
from handout.fonts import DEFAULT_FAMILY, FAMILIES, register_family
from handout.i18n import Language
from handout.paragraphs import SharedParagraph
from handout.text import coverage
from handout.text.bidi import BidiParagraph, draw_shaped_line, shaped_line_width
from handout.text.cjk import CJKParagraph, break_rule
from handout.text.fallback import font_runs, has_split_word
from handout.text.isolation import PDI, without_controls
from handout.text.levels import needs_bidi
from handout.theme import TEXT_STYLES, Palette, TextStyle, Theme

BULLET = "\u2022"


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities: what ReportLab's paragraph markup treats as markup.
    (html.escape, not xml.sax.saxutils: that module drags in urllib, 12 ms of a cold build.)"""
    return _html_escape(text, quote=False)


def clean(text: str) -> str:
    """NFC-normalised text, so combining marks sit on the right letters."""
    return unicodedata.normalize("NFC", text)


@dataclass
class Typesetter:
    """Makes paragraphs for one language with one theme and palette."""

    language: Language
    theme: Theme
    palette: Palette
    _styles: dict[str, ParagraphStyle] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for family in self.language.font_chain:
            register_family(family)
        self.chain: tuple[str, ...] = tuple(self.language.font_chain)
        self.font = self.chain[0]
        self.bold_font = FAMILIES[self.font].bold_name
        self._own_faces = frozenset(FAMILIES[f].face(b) for f in self.chain for b in (False, True))
        self._styles = self._make_styles()

    @property
    def align(self) -> int:
        return int(TA_RIGHT if self.language.rtl else TA_LEFT)

    def _lead(self, spec: TextStyle) -> float:
        """The style's line height in the theme, times the script's own factor (Nastaliq's)."""
        lead = self.theme.leading_of(spec)
        return lead * self.language.leading if self.language.leading != 1.0 else lead

    def _make_styles(self) -> dict[str, ParagraphStyle]:
        """A ParagraphStyle for each style of the table (`handout.theme.TEXT_STYLES`)."""
        t, p = self.theme, self.palette

        def attributes(spec: TextStyle) -> dict[str, object]:
            return {
                "fontName": self.bold_font if spec.bold else self.font,
                "fontSize": t.size_of(spec),
                "leading": self._lead(spec),
                "textColor": rl_colour(getattr(p, spec.colour)),
                "alignment": TA_CENTER if spec.centred else self.align,
            }

        base = ParagraphStyle(
            "body", **attributes(TEXT_STYLES["body"]), spaceAfter=0,
            wordWrap=self.language.word_wrap, allowWidows=0, allowOrphans=0,
            shaping=1 if self.language.shaping else 0,
        )
        if self.language.word_wrap == "CJK":
            base.lineBreakRule = break_rule(self.language.line_break)  # CJKParagraph reads it
        styles = {name: ParagraphStyle(name, parent=base, **attributes(spec))
                  for name, spec in TEXT_STYLES.items() if name != "body"}
        return {"body": base, **styles}

    def style(self, name: str) -> ParagraphStyle:
        return self._styles[name]

    # -- text to flowables ------------------------------------------------------------------
    def _is_bold(self, style: ParagraphStyle) -> bool:
        return bool(style.fontName == self.bold_font)

    def _face(self, family: str, bold: bool) -> str:
        return FAMILIES[family].face(bold)

    def _faced_runs(self, parts: Sequence[tuple[str, bool]],
                    style_bold: bool) -> list[tuple[str, str]]:
        """`(face, text)` runs of all parts, adjacent runs of one face merged."""
        runs: list[tuple[str, str]] = []
        for text, bold in parts:
            for family, piece in font_runs(text, self.chain):
                face = self._face(family, bold or style_bold)
                if runs and runs[-1][0] == face:
                    runs[-1] = (face, runs[-1][1] + piece)
                else:
                    runs.append((face, piece))
        return runs

    def _flowable(self, parts: Sequence[tuple[str, bool]], style: ParagraphStyle,
                  bullet: str | None = None) -> Flowable:
        """A Paragraph with one `<font>` run per fallback run, or a BidiParagraph.

        BidiParagraph draws right-to-left text, and shaped text with a word that needs two
        fonts, which ReportLab's shaper would draw with the first font only (tofu).
        """
        parts = [(clean(text), bold) for text, bold in parts]
        style_bold = self._is_bold(style)
        if self.language.rtl:
            return BidiParagraph(parts, style, self.chain, bold=style_bold, rtl=True,
                                 language=self.language.code, bullet=bullet,
                                 ink_spacing=self.language.ink_spacing)
        runs = self._faced_runs(parts, style_bold)
        if (self.language.shaping and has_split_word(runs)) or self._foreign(runs):
            return BidiParagraph(parts, style, self.chain, bold=style_bold, rtl=False,
                                 language=self.language.code, bullet=bullet,
                                 ink_spacing=self.language.ink_spacing)
        markup = "".join(
            escape(text) if face == style.fontName else f'<font name="{face}">{escape(text)}</font>'
            for face, text in ((face, without_controls(text)) for face, text in runs) if text
        )
        paragraph = CJKParagraph if self.language.word_wrap == "CJK" else SharedParagraph
        if bullet is None:
            return paragraph(markup, style)
        return paragraph(markup, style, bulletText=bullet)

    def _foreign(self, runs: Sequence[tuple[str, str]]) -> bool:
        """User text in a font outside the language's chain, or right to left: an Arabic name
        on an English handout. Only the shaper (`BidiParagraph`) joins and orders it."""
        if any(face not in self._own_faces for face, _ in runs):
            return True
        text = "".join(piece for _, piece in runs)
        return PDI in text and needs_bidi(text)

    def paragraph(self, text: str, style: str = "body") -> Flowable:
        """One paragraph of plain text; markup characters print literally."""
        return self._flowable([(text, False)], self._styles[style])

    def runs(self, parts: Sequence[tuple[str, bool]], style: str = "body") -> Flowable:
        """A paragraph of plain-text runs, each regular or bold, e.g. a label and a value."""
        return self._flowable(parts, self._styles[style])

    def bullet(self, text: str, style: str = "body") -> Flowable:
        """A bulleted paragraph; the bullet sits on the reading-start side."""
        base = self._styles[style]
        indent = base.fontSize * self.theme.indent
        rtl = self.language.rtl
        bullet_family = self._bullet_family()
        bullet_style = self._derived(
            f"{style}.bullet", parent=base, leftIndent=0 if rtl else indent,
            rightIndent=indent if rtl else 0, bulletIndent=0,
            bulletFontName=self._face(bullet_family, self._is_bold(base)),
            bulletFontSize=base.fontSize,  # ReportLab's default is 10 pt, even in large print
        )
        return self._flowable([(text, False)], bullet_style, bullet=BULLET)

    def companion(self, text: str, style: str = "body", *, indent: bool = False) -> Flowable:
        """The second language of a bilingual edition: the same text style, in the muted colour,
        set beneath the first language (headings drop to the subheading size)."""
        on_band = style in ("title", "subtitle", "band.clinic")
        base = self._styles["subtitle" if on_band else "subheading" if style == "heading" else style]
        colour = base.textColor if on_band else rl_colour(self.palette.muted)
        pad = base.fontSize * self.theme.indent if indent else 0
        companion_style = self._derived(
            f"{style}.companion{'.indent' if indent else ''}", parent=base, textColor=colour,
            leftIndent=0 if self.language.rtl else pad, rightIndent=pad if self.language.rtl else 0,
        )
        return self._flowable([(text, False)], companion_style)

    def _derived(self, name: str, **attributes: object) -> ParagraphStyle:
        """A style made on first use and kept: paragraphs share their parse per style object
        (`handout.paragraphs`), so one style per name, not one per paragraph."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = ParagraphStyle(name, **attributes)
        return style

    def _bullet_family(self) -> str:
        """Noto Sans's round bullet where the chain has it (the CJK one is a small dot)."""
        if DEFAULT_FAMILY in self.chain:
            return DEFAULT_FAMILY
        return next((family for family, _ in font_runs(BULLET, self.chain)), self.font)

    # -- single lines -------------------------------------------------------------------------
    def _line_runs(self, text: str, bold: bool) -> list[tuple[str, str]] | None:
        """`(face, text)` runs of one line drawn without the shaper, or None if it needs it."""
        if self.language.rtl or self.language.shaping:
            return None
        runs = [(self._face(family, bold), piece) for family, piece in font_runs(text, self.chain)]
        return None if self._foreign(runs) else [(face, without_controls(piece)) for face, piece in runs]

    def width_of(self, text: str, style: str = "body") -> float:
        """Width of `text` on one line, as `draw_line` draws it."""
        s = self._styles[style]
        text, bold = clean(text), self._is_bold(s)
        runs = self._line_runs(text, bold)
        if runs is None:
            return float(shaped_line_width(text, self.chain, s.fontSize, bold=bold,
                                           rtl=self.language.rtl, language=self.language.code))
        return float(sum(stringWidth(piece, face, s.fontSize) for face, piece in runs))

    def draw_line(self, canvas: Canvas, x: float, y: float, text: str, style: str = "small",
                  *, anchor: str = "start") -> None:
        """One line of plain text on the canvas (headers, footers).

        `anchor` is logical: ``start`` puts the beginning of the text at `x` (its left end in
        a left-to-right language, its right end in a right-to-left one), ``end`` puts its end
        there, ``middle`` centres it on `x`.
        """
        s = self._styles[style]
        canvas.setFillColor(s.textColor)
        text, bold = clean(text), self._is_bold(s)
        if anchor == "middle":
            align = "centre"
        else:
            align = "right" if (anchor == "end") != self.language.rtl else "left"
        runs = self._line_runs(text, bold)
        if runs is None:
            draw_shaped_line(canvas, x, y, text, self.chain, s.fontSize, bold=bold,
                             rtl=self.language.rtl, language=self.language.code, align=align)
            return
        widths = [stringWidth(piece, face, s.fontSize) for face, piece in runs]
        if align == "right":
            x -= sum(widths)
        elif align == "centre":
            x -= sum(widths) / 2
        for (face, piece), width in zip(runs, widths, strict=True):
            canvas.setFont(face, s.fontSize)
            canvas.drawString(x, y, piece)
            x += width

    # -- checks -------------------------------------------------------------------------------
    def missing_glyphs(self, text: str) -> list[str]:
        """Characters of `text` that no font of this language can draw (the build gate)."""
        return coverage.missing_glyphs(text, self.chain)


@register
@lru_cache(maxsize=64)
def typesetter(language: Language, theme: Theme, palette: Palette) -> Typesetter:
    """The process's typesetter for one language, theme and palette.

    One per combination, so its styles are the same objects from one document to the next and
    paragraphs can share their parse and line breaks (`handout.paragraphs`).
    """
    return Typesetter(language, theme, palette)
