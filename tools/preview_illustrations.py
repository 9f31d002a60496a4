"""Render every pictogram and body-figure variant into out/illustrations.pdf for review by eye.

Usage: python tools/preview_illustrations.py [output.pdf]
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handout.colours import DEFAULT_ACCENT  # noqa: E402
from handout.illustrations import FIGURE_ZONES, PICTOGRAM_IDS, body_figure, pictogram  # noqa: E402
from handout.theme import ArtColours, make_palette  # noqa: E402

PAGE_W, PAGE_H = landscape(A4)


def palette(brand_hex: str = DEFAULT_ACCENT, *, grayscale: bool = False) -> ArtColours:
    """The illustrations' colours for a brand colour, as a build derives them."""
    return make_palette(brand_hex, grayscale=grayscale).art

MARGIN = 14 * mm
SIZES = (20.0, 24.0, 28.0, 40.0, 60.0)
LARGE = 96.0
LABEL_FONT = ("Helvetica", 8)


def _title(c: Canvas, text: str) -> float:
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN, PAGE_H - MARGIN - 10, text)
    return PAGE_H - MARGIN - 28


def _pictogram_page(c: Canvas, pal: ArtColours, title: str) -> None:
    """All pictograms, one row each, at handout (20-28 pt), checklist (40-60 pt) and large sizes."""
    top = _title(c, title)
    row_h = (top - MARGIN) / len(PICTOGRAM_IDS)
    c.setFont(*LABEL_FONT)
    for i, pid in enumerate(PICTOGRAM_IDS):
        base = top - (i + 1) * row_h + 6
        c.drawString(MARGIN, base + 4, pid)
        x = MARGIN + 95
        for size in SIZES:
            renderPDF.draw(pictogram(pid, size, pal), c, x, base)
            if i == len(PICTOGRAM_IDS) - 1:
                c.drawString(x, base - 10, f"{size:g} pt")
            x += size + 22
    c.showPage()


def _large_page(c: Canvas) -> None:
    """Every pictogram large, colour above greyscale, to check drawing detail."""
    top = _title(c, f"Pictograms large ({LARGE:g} pt): colour and greyscale")
    for row, pal in enumerate((palette(), palette(grayscale=True))):
        y = top - (row + 1) * (LARGE + 40)
        for i, pid in enumerate(PICTOGRAM_IDS):
            x = MARGIN + i * (LARGE + 12)
            renderPDF.draw(pictogram(pid, LARGE, pal), c, x, y)
            c.setFont(*LABEL_FONT)
            c.drawString(x, y - 12, pid)
    c.showPage()


def _in_context_page(c: Canvas) -> None:
    """Pictograms at 24 pt next to 12 pt body text, as in a handout, plus other brand colours."""
    top = _title(c, "In context: 24 pt next to 12 pt text; other brand colours at 24 / 48 pt")
    pals = [(f"default {DEFAULT_ACCENT}", palette()), ("greyscale", palette(grayscale=True)),
            ("light brand #F9A825", palette("#F9A825")), ("purple #6A1B9A", palette("#6A1B9A")),
            ("navy #1A3A6B", palette("#1A3A6B"))]
    y = top - 30
    for name, pal in pals:
        c.setFont(*LABEL_FONT)
        c.drawString(MARGIN, y + 30, name)
        x = MARGIN
        for pid in PICTOGRAM_IDS:
            renderPDF.draw(pictogram(pid, 24, pal), c, x, y)
            c.setFont("Helvetica", 12)
            c.drawString(x + 30, y + 8, "Text")
            x += 64
        x += 10
        for pid in PICTOGRAM_IDS[:4]:
            renderPDF.draw(pictogram(pid, 48, pal), c, x, y - 12)
            x += 56
        y -= 90
    c.showPage()


def _body_page(c: Canvas, width_mm: float, title: str,
               variants: list[tuple[bool, tuple[str, ...]]]) -> None:
    """Zone combinations in colour and greyscale, side by side at one width."""
    top = _title(c, title)
    width = width_mm * mm
    x = MARGIN
    c.setFont(*LABEL_FONT)
    for grey, zones in variants:
        d = body_figure(zones, width, palette(grayscale=grey))
        renderPDF.draw(d, c, x, top - d.height)
        c.drawString(x, top - d.height - 12,
                     ("grey: " if grey else "colour: ")
                     + (" + ".join(z.split("-")[0] for z in zones) or "none"))
        x += width + 6 * mm
    c.showPage()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "out" / "illustrations.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    c = Canvas(str(out), pagesize=(PAGE_W, PAGE_H))
    c.setTitle("handout illustrations preview")
    _pictogram_page(c, palette(), "Pictograms, colour (default accent)")
    _pictogram_page(c, palette(grayscale=True), "Pictograms, greyscale")
    _large_page(c)
    _in_context_page(c)
    combos: list[tuple[str, ...]] = [(), ("lower-back",), ("upper-back",), FIGURE_ZONES]
    small = [(grey, z) for z in combos for grey in (False, True)][:8]
    _body_page(c, 28, "Body figure, every zone combination, colour and greyscale (28 mm)", small)
    _body_page(c, 50, "Body figure at 50 mm (handout size)",
               [(False, ("lower-back",)), (True, ("lower-back",)), (False, ("upper-back",)),
                (True, FIGURE_ZONES)])
    _body_page(c, 85, "Body figure large (85 mm)",
               [(False, FIGURE_ZONES), (True, FIGURE_ZONES)])
    c.save()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
