"""The page footer: clinic contact, document control, translation status and page X of Y."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.options import Clinic
from handout.story import Kit
from handout.text.isolation import isolate

PAGE_PLACEHOLDER = 99  # widest page number we reserve room for
NBSP = "\u00a0"
SEPARATOR = f"{NBSP}·  "  # the dot stays with the item before it when a line breaks
CONTACT_LINES = 2  # a longer contact would crowd every page: the footer condenses it


def join_items(items: list[str]) -> str:
    """Items that break between each other, never inside one ("Next review / 2027")."""
    return SEPARATOR.join(item.replace(" ", NBSP) for item in items if item)


def contact_parts(clinic: Clinic) -> dict[str, str]:
    """The clinic's contact as printed on one line, by field: the phone never breaks (it is
    dialled) and the address's lines are joined into one isolate, so its commas read in the
    address's own direction, also in a right-to-left handout."""
    parts = {"name": clinic.name, "phone": clinic.phone.replace(" ", NBSP),
             "address": isolate(clinic.address_line), "website": clinic.website}
    return {field: text for field, text in parts.items() if text}


def full_contact(clinic: Clinic) -> str:
    """Everything the profile says about the clinic, on one line: name, phone, address, website."""
    return "  ·  ".join(contact_parts(clinic).values())


def control_items(kit: Kit, lead: str = "") -> list[str]:
    """Document control: version, the dates, the translation's status (and `lead` first)."""
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
    return items


def info_paragraphs(kit: Kit, *, contact: bool = True, lead: str = "") -> list[Flowable]:
    """Clinic contact (if any, and if asked for) and document control, as small paragraphs.

    The handout draws these in its footer; the tri-fold sets them on its back panel, where the
    clinic's contact has a block of its own. `lead` goes first on the control line (a page
    number set inline).
    """
    lines = []
    contact_line = full_contact(kit.opts.clinic)
    if contact_line and contact:
        lines.append(kit.ts.paragraph(contact_line, "small.bold"))
    lines.append(kit.ts.paragraph(join_items(control_items(kit, lead)), "small"))
    return lines


def condensed_contact(kit: Kit, width: float) -> str:
    """The contact as a condensed footer prints it: name and phone, then the website and the
    address for as long as they add no line at `width`."""
    found = contact_parts(kit.opts.clinic)
    parts = [found[field] for field in ("name", "phone", "website", "address") if field in found]

    def lines(text: str) -> int:
        leading = float(kit.ts.style("small.bold").leading)
        return round(float(kit.ts.paragraph(text, "small.bold").wrap(width, 10_000)[1]) / leading)

    chosen = parts[:2]
    for part in parts[2:]:
        if lines(SEPARATOR.join([*chosen, part])) > lines(SEPARATOR.join(chosen)):
            break
        chosen.append(part)
    return SEPARATOR.join(chosen)


class Footer:
    """Measures itself once (to reserve room at the bottom) and draws on every page.

    "Page X of Y" sits in a column on the right, unless the footer wraps to more lines that way
    than with the page number set first on the control line (large print): then it goes inline.
    `page_numbers=False` leaves it out (a one-page checklist needs none).

    The clinic's contact takes one line of its own, or two, as the profile gives it; a longer
    one, or any in a condensed layout (`Theme.condense`), is cut to what fits on one line and
    set in one paragraph with the control line. Then `complete` is False: the format prints the
    whole contact once elsewhere (the handout, under its notes). At condensed level 2 a footer
    with page numbers leaves the document control out too (`control` is False), at level 3 the
    contact as well: the format prints them once.
    """

    def __init__(self, kit: Kit, width: float, *, page_numbers: bool = True) -> None:
        self.kit, self.width, self.page_numbers = kit, width, page_numbers
        self.page_col = 0.0
        self.inline = False
        widest = self._page_text(PAGE_PLACEHOLDER, PAGE_PLACEHOLDER)
        if page_numbers:
            self.page_col = kit.ts.width_of(widest, "small") + 6
        self.control = not (page_numbers and kit.theme.condensed >= 2)
        self.contact, self.complete = self._contact(width - self.page_col)
        self.height = self._wrapped(self._paragraphs(), width - self.page_col)[1]
        if not self.control:  # the page number leads the one short line left
            self.inline, self.page_col = True, 0.0
            self.height = self._wrapped(self._paragraphs(lead=widest), width)[1]
        elif page_numbers:
            inline_height = self._wrapped(self._paragraphs(lead=widest), width)[1]
            if inline_height < self.height - 1:
                self.inline, self.page_col, self.height = True, 0.0, inline_height

    def _contact(self, width: float) -> tuple[str, bool]:
        """The contact the footer prints, and whether it is all of it."""
        kit = self.kit
        whole = full_contact(kit.opts.clinic)
        if not whole:
            return "", True
        if self.page_numbers and kit.theme.condensed >= 3:
            return "", False  # page numbers alone: the contact is printed once
        if not kit.theme.condensed:
            para = kit.ts.paragraph(whole, "small.bold")
            if para.wrap(width, 10_000)[1] <= CONTACT_LINES * kit.ts.style("small.bold").leading + 0.5:
                return whole, True
        short = condensed_contact(kit, width)
        return short, False

    def _paragraphs(self, lead: str = "") -> list[Flowable]:
        """A full contact on its own line(s) above the control line; a condensed one run in
        with it, bold, so their last lines share the room."""
        kit = self.kit
        if self.complete and self.control:
            return info_paragraphs(kit, lead=lead)
        before = f"{lead}{SEPARATOR}" if lead and self.contact else lead
        control = SEPARATOR + join_items(control_items(kit)) if self.control else ""
        if not self.contact:
            control = control.removeprefix(SEPARATOR)
        return [kit.ts.runs([(before, False), (self.contact, True), (control, False)], "small")]

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
        placed, total = self._wrapped(self._paragraphs(lead), self.width - self.page_col)
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
