"""Turns plain text into ReportLab flowables in one language's fonts, sizes and direction.

All text, from content or from users, enters the PDF through here and is escaped on the way:
it is data, never markup. Formats ask for semantic styles ("body", "heading") and never build
a ParagraphStyle themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.colours import RGB
from handout.fonts import register_family
from handout.i18n import Language
from handout.theme import Palette, Theme


def rl_colour(colour: RGB) -> Color:
    return Color(colour.r, colour.g, colour.b)


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
        self.font = self.language.font_chain[0]
        self.bold_font = f"{self.font}-Bold"
        self._styles = self._make_styles()

    @property
    def align(self) -> int:
        return TA_RIGHT if self.language.rtl else TA_LEFT

    def _make_styles(self) -> dict[str, ParagraphStyle]:
        t, p = self.theme, self.palette
        base = ParagraphStyle(
            "body", fontName=self.font, fontSize=t.body, leading=t.lead(t.body),
            textColor=rl_colour(p.ink), alignment=self.align, spaceAfter=0,
            wordWrap=self.language.word_wrap, allowWidows=0, allowOrphans=0,
        )

        def derive(name: str, **kw: object) -> ParagraphStyle:
            size = float(kw.get("fontSize", base.fontSize))  # type: ignore[arg-type]
            kw.setdefault("leading", t.lead(size))
            return ParagraphStyle(name, parent=base, **kw)  # type: ignore[arg-type]

        styles = {
            "body": base,
            "body.bold": derive("body.bold", fontName=self.bold_font),
            "title": derive("title", fontName=self.bold_font, fontSize=t.title, leading=t.title * 1.15,
                            textColor=rl_colour(p.on_accent)),
            "subtitle": derive("subtitle", fontSize=t.subtitle, textColor=rl_colour(p.on_accent)),
            "band.clinic": derive("band.clinic", fontName=self.bold_font, fontSize=max(t.small, 11.0),
                                  textColor=rl_colour(p.on_accent)),
            "heading": derive("heading", fontName=self.bold_font, fontSize=t.heading,
                              textColor=rl_colour(p.accent), spaceBefore=0),
            "subheading": derive("subheading", fontName=self.bold_font, fontSize=t.subheading,
                                 textColor=rl_colour(p.ink)),
            "message": derive("message", fontName=self.bold_font, fontSize=t.subheading),
            "caption": derive("caption", fontSize=t.small, textColor=rl_colour(p.muted),
                              alignment=TA_CENTER),
            "small": derive("small", fontSize=t.small, textColor=rl_colour(p.muted)),
            "small.bold": derive("small.bold", fontName=self.bold_font, fontSize=t.small,
                                 textColor=rl_colour(p.ink)),
        }
        return styles

    def style(self, name: str) -> ParagraphStyle:
        return self._styles[name]

    def paragraph(self, text: str, style: str = "body") -> Flowable:
        """One paragraph of plain text; markup characters print literally."""
        return Paragraph(escape(clean(text)), self._styles[style])

    def runs(self, parts: Sequence[tuple[str, bool]], style: str = "body") -> Flowable:
        """A paragraph of plain-text runs, each regular or bold, e.g. a label and a value."""
        markup = "".join(
            f"<b>{escape(clean(text))}</b>" if bold else escape(clean(text)) for text, bold in parts
        )
        return Paragraph(markup, self._styles[style])

    def bullet(self, text: str, style: str = "body") -> Flowable:
        """A bulleted paragraph; the bullet sits on the reading-start side."""
        base = self._styles[style]
        indent = base.fontSize * 1.1
        bullet_style = ParagraphStyle(
            f"{style}.bullet", parent=base, leftIndent=0 if self.language.rtl else indent,
            rightIndent=indent if self.language.rtl else 0, bulletIndent=0, bulletFontName=self.font,
        )
        return Paragraph(escape(clean(text)), bullet_style, bulletText="•")

    def width_of(self, text: str, style: str = "body") -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        s = self._styles[style]
        return stringWidth(clean(text), s.fontName, s.fontSize)

    def draw_line(self, canvas: Canvas, x: float, y: float, text: str, style: str = "small",
                  *, anchor: str = "start") -> None:
        """One line of plain text on the canvas (headers, footers); `anchor` start, end or middle."""
        s = self._styles[style]
        canvas.setFont(s.fontName, s.fontSize)
        canvas.setFillColor(s.textColor)
        text = clean(text)
        if anchor == "middle":
            canvas.drawCentredString(x, y, text)
        elif (anchor == "end") != self.language.rtl:
            canvas.drawRightString(x, y, text)
        else:
            canvas.drawString(x, y, text)
