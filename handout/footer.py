"""The page footer: clinic contact, document control, translation status and page X of Y."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.story import Kit

PAGE_PLACEHOLDER = 99  # widest page number we reserve room for


class Footer:
    """Measures itself once (to reserve room at the bottom) and draws on every page."""

    def __init__(self, kit: Kit, width: float) -> None:
        self.kit, self.width = kit, width
        self.page_col = kit.ts.width_of(self._page_text(PAGE_PLACEHOLDER, PAGE_PLACEHOLDER), "small") + 6
        self.height = self._wrapped(self._info_paragraphs(), width - self.page_col)[1]

    def _page_text(self, page: int, pages: int) -> str:
        return self.kit.labels("page_x_of_y", page=page, pages=pages)

    def _info_paragraphs(self) -> list[Flowable]:
        kit, lab = self.kit, self.kit.labels
        doc = kit.article.document
        control = "  ·  ".join(
            [
                lab("version", version=doc.version),
                lab("published", date=kit.date(doc.published)),
                lab("last_reviewed", date=kit.date(doc.last_reviewed)),
                lab("next_review", date=kit.date(doc.next_review)),
            ]
        )
        if kit.article.lang != "en" or kit.is_draft:
            status = lab(f"status.{kit.article.translation.status.value}")
            control += "  ·  " + lab("translation_status", status=status)
        lines = []
        clinic = kit.opts.clinic
        contact = "  ·  ".join(part for part in (clinic.name, clinic.contact_line) if part)
        if contact:
            lines.append(kit.ts.paragraph(contact, "small.bold"))
        lines.append(kit.ts.paragraph(control, "small"))
        return lines

    @staticmethod
    def _wrapped(paragraphs: list[Flowable], width: float) -> tuple[list[tuple[Flowable, float]], float]:
        placed, total = [], 0.0
        for para in paragraphs:
            _, h = para.wrap(width, 1000)
            placed.append((para, h))
            total += h + 1
        return placed, total

    def draw(self, canvas: Canvas, page: int, pages: int, x: float, y: float) -> None:
        """Draw with the footer's bottom-left corner at (x, y)."""
        kit = self.kit
        placed, total = self._wrapped(self._info_paragraphs(), self.width - self.page_col)
        rtl = kit.language.rtl
        text_x = x + self.page_col if rtl else x
        top = y + total
        for para, h in placed:
            top -= h + 1
            para.drawOn(canvas, text_x, top)
        page_x = x if rtl else x + self.width
        kit.ts.draw_line(canvas, page_x, y + total - kit.theme.small, self._page_text(page, pages),
                         "small", anchor="start" if rtl else "end")
        canvas.setStrokeColor(canvas._fillColorObj)  # noqa: SLF001 - same grey as the text
        canvas.setLineWidth(0.5)
        canvas.line(x, y + total + 4, x + self.width, y + total + 4)
