"""The page footer: clinic contact, document control, translation status and page X of Y."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.story import Kit

PAGE_PLACEHOLDER = 99  # widest page number we reserve room for
NBSP = "\u00a0"
SEPARATOR = f"{NBSP}·  "  # the dot stays with the item before it when a line breaks


def join_items(items: list[str]) -> str:
    """Items that break between each other, never inside one ("Next review / 2027")."""
    return SEPARATOR.join(item.replace(" ", NBSP) for item in items if item)


def info_paragraphs(kit: Kit, *, contact: bool = True, lead: str = "") -> list[Flowable]:
    """Clinic contact (if any, and if asked for) and document control, as small paragraphs.

    The handout draws these in its footer; the tri-fold sets them on its back panel, where the
    clinic's contact has a block of its own. `lead` goes first on the control line (a page
    number set inline).
    """
    lab = kit.labels
    doc = kit.article.document
    items = [
        lead,
        lab("version", version=doc.version),
        lab("published", date=kit.date(doc.published)),
        lab("last_reviewed", date=kit.date(doc.last_reviewed)),
        lab("next_review", date=kit.date(doc.next_review)),
    ]
    if kit.article.lang != "en" or kit.is_draft:
        status = lab(f"status.{kit.article.translation.status.value}")
        items.append(lab("translation_status", status=status))
    if kit.opts.date is not None and kit.opts.format != "checklist":  # the checklist's is its week
        items.append(lab("printed_on", date=kit.date(kit.opts.date)))
    lines = []
    clinic = kit.opts.clinic
    contact_line = "  ·  ".join(part for part in (clinic.name, clinic.contact_line) if part)
    if contact_line and contact:
        lines.append(kit.ts.paragraph(contact_line, "small.bold"))
    lines.append(kit.ts.paragraph(join_items(items), "small"))
    return lines


class Footer:
    """Measures itself once (to reserve room at the bottom) and draws on every page.

    "Page X of Y" sits in a column on the right, unless the footer wraps to more lines that way
    than with the page number set first on the control line (large print): then it goes inline.
    `page_numbers=False` leaves it out (a one-page checklist needs none).
    """

    def __init__(self, kit: Kit, width: float, *, page_numbers: bool = True) -> None:
        self.kit, self.width, self.page_numbers = kit, width, page_numbers
        self.page_col = 0.0
        self.inline = False
        widest = self._page_text(PAGE_PLACEHOLDER, PAGE_PLACEHOLDER)
        if page_numbers:
            self.page_col = kit.ts.width_of(widest, "small") + 6
        self.height = self._wrapped(info_paragraphs(kit), width - self.page_col)[1]
        if page_numbers:
            inline_height = self._wrapped(info_paragraphs(kit, lead=widest), width)[1]
            if inline_height < self.height - 1:
                self.inline, self.page_col, self.height = True, 0.0, inline_height

    def _page_text(self, page: int, pages: int) -> str:
        return self.kit.labels("page_x_of_y", page=self.kit.digits(str(page)), pages=self.kit.digits(str(pages)))

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
        lead = self._page_text(page, pages) if self.inline else ""
        placed, total = self._wrapped(info_paragraphs(kit, lead=lead), self.width - self.page_col)
        rtl = kit.language.rtl
        text_x = x + self.page_col if rtl else x
        top = y + total
        for para, h in placed:
            top -= h + 1
            para.drawOn(canvas, text_x, top)
        if self.page_numbers and not self.inline:
            page_x = x if rtl else x + self.width
            # The reading end: the right edge, or the left one in a right-to-left language.
            first = getattr(placed[0][0], "first_baseline", kit.theme.small)  # its tall letters' room
            kit.ts.draw_line(canvas, page_x, y + total - first, self._page_text(page, pages),
                             "small", anchor="end")
        canvas.setStrokeColor(canvas._fillColorObj)  # noqa: SLF001 - same grey as the text
        canvas.setLineWidth(0.5)
        canvas.line(x, y + total + 4, x + self.width, y + total + 4)
