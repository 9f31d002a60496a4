"""Output gates, read back from each PDF itself (see pdf_facts), never from layout numbers.

A layout bug (a footer drawn in 7 pt, a box past the margin, white text on a light fill) shows in
the PDF whatever the theme says, so these gates look only at what the file draws: page count
and size, the size, colour and background of every character, the ink nearest each paper edge,
the font dictionaries and the document metadata.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from handout.colours import MIN_TEXT_CONTRAST, RGB, WHITE, contrast
from handout.options import MM
from handout.quality import Result, failed, passed, warned
from handout.quality.pdf_facts import Mark, Page, PdfFacts, has_ink, read_facts

MIN_EDGE = 10 * MM  # brief: all content at least 10 mm from the paper edge (home printers)
MIN_BODY = 12.0  # T1: body text, standard edition
MIN_SMALL = 9.0  # captions and footer, standard edition
MIN_LARGE = 18.0  # T2: every character, large-print edition
CAPTION_WIDTH = 60 * MM  # a label line (in a grid, beside a box) is no wider
CAPTION_GAP = 12 * MM  # a caption starts at most this far below the figure it names
_TOLERANCE = 0.05  # points; PDF coordinates are written with 2-5 decimals


@dataclass(frozen=True)
class Expect:
    """What one PDF was asked to be; None skips that comparison."""

    page_budget: int | None = None
    paper: tuple[float, float] | None = None  # portrait width, height in points
    large_print: bool = False
    lang: str | None = None
    brand: str | None = None  # the clinic's brand colour as given, e.g. "#FFD700"


# -- gates -------------------------------------------------------------------------------------
def pages_gate(facts: PdfFacts, expect: Expect) -> list[Result]:
    """T13 and T12: no more pages than the format's budget, each the size of the paper asked for."""
    count = len(facts.pages)
    results = []
    if count == 0:
        return [failed("pages", "the PDF has no pages")]
    if expect.page_budget is not None and count > expect.page_budget:
        results.append(failed("pages", f"{count} pages, over the budget of {expect.page_budget}"))
    if expect.paper is not None:
        wanted = {
            tuple(round(v) for v in expect.paper),
            tuple(round(v) for v in reversed(expect.paper)),
        }
        for page in facts.pages:
            if (round(page.width), round(page.height)) not in wanted:
                results.append(
                    failed(
                        "pages",
                        f"page {page.number} is {page.width:.0f} × {page.height:.0f} pt, "
                        f"not the paper asked for ({expect.paper[0]:.0f} × {expect.paper[1]:.0f})",
                    )
                )
    budget = f" of {expect.page_budget}" if expect.page_budget is not None else ""
    return results or [passed("pages", f"{count} page(s){budget}")]


def text_size_gate(facts: PdfFacts, expect: Expect) -> list[Result]:
    """T1/T2 on every character drawn (its size on paper, transforms included).

    Large print: every character at least 18 pt. Standard: every character at least 9 pt, and
    text under 12 pt only as a footer (no 12 pt text below it in its column), a caption (lines
    starting within 12 mm under a drawing or image) or a label (a line at most 60 mm wide); any
    other line under 12 pt is body text set too small.
    """
    if not any(page.chars for page in facts.pages):
        return [passed("text-size", "no text")]
    floor = MIN_LARGE if expect.large_print else MIN_SMALL
    results = []
    for page in facts.pages:
        chars = page.chars
        small = [m for m in chars if m.size < floor - _TOLERANCE]
        if small:
            sizes = ", ".join(f"{s:g}" for s in sorted({round(m.size, 1) for m in small}))
            edition = " (large print)" if expect.large_print else ""
            results.append(
                failed(
                    "text-size",
                    f"page {page.number}: {len(small)} characters at "
                    f"{sizes} pt, under {floor:g} pt{edition}, e.g. '{_sample(small)}'",
                )
            )
        if expect.large_print or not chars:
            continue
        if all(m.size < MIN_BODY - _TOLERANCE for m in chars):
            results.append(
                failed(
                    "text-size",
                    f"page {page.number}: no text of {MIN_BODY:g} pt or "
                    f"more; body text needs {MIN_BODY:g} pt, e.g. '{_sample(chars)}'",
                )
            )
            continue
        loose = _fine_print_outside_footer_and_captions(page)
        if loose:
            size = min(m.size for line in loose for m in line)
            results.append(
                failed(
                    "text-size",
                    f"page {page.number}: {len(loose)} line(s) at "
                    f"{size:g} pt that are neither footer nor caption (body text "
                    f"needs {MIN_BODY:g} pt), e.g. '{_sample(loose[0])}'",
                )
            )
    counts = Counter(round(m.size, 1) for page in facts.pages for m in page.chars)
    body = max(
        (size for size in counts if size >= MIN_BODY - _TOLERANCE),
        key=counts.__getitem__,
        default=min(counts),
    )
    detail = (
        f"all text ≥ {MIN_LARGE:g} pt (smallest {min(counts):g})"
        if expect.large_print
        else f"body {body:g} pt; under {MIN_BODY:g} pt only in footers and captions "
        f"(smallest {min(counts):g} pt)"
    )
    return results or [passed("text-size", detail)]


def _lines(chars: list[Mark]) -> list[list[Mark]]:
    """Characters grouped into runs on one baseline, in one size, without a column gap."""
    lines: list[list[Mark]] = []
    for char in sorted(chars, key=lambda m: (round(m.baseline), m.x0)):
        last = lines[-1][-1] if lines else None
        if (
            last is None
            or abs(char.baseline - last.baseline) > 1
            or abs(char.size - last.size) > 0.05
            or char.x0 - last.x1 > 2 * last.size
            or char.x0 < last.x0
        ):
            lines.append([char])
        else:
            lines[-1].append(char)
    return lines


def _fine_print_outside_footer_and_captions(page: Page) -> list[list[Mark]]:
    """Lines under 12 pt that are not footer (no 12 pt text below them in their column), not a
    label (at most 60 mm wide) and not a caption (a block of lines right under a figure)."""
    chars = page.chars
    big = [m for m in chars if m.size >= MIN_BODY - _TOLERANCE]
    figures = [m for m in page.marks if m.kind in ("curve", "image") and has_ink(m)]
    loose: list[list[Mark]] = []
    placed: list[tuple[float, float, float, bool]] = []  # x0, x1, bottom, caption? per line
    small = [line for line in _lines(chars) if line[0].size < MIN_BODY - _TOLERANCE]
    for line in sorted(small, key=lambda ln: ln[0].top):
        x0, x1 = min(m.x0 for m in line), max(m.x1 for m in line)
        top, bottom = min(m.top for m in line), max(m.bottom for m in line)
        above = next(
            (
                p
                for p in reversed(placed)
                if -0.5 * line[0].size <= top - p[2] <= 0.8 * line[0].size
                and x1 > p[0]
                and x0 < p[1]
            ),
            None,
        )  # the line before, in the same block
        caption = (
            above[3]
            if above
            else any(
                top - CAPTION_GAP <= g.bottom <= top + 1 and g.x1 > x0 and g.x0 < x1
                for g in figures
            )
        )
        placed.append((x0, x1, bottom, caption))
        footer = not any(m.top >= bottom - _TOLERANCE and m.x1 > x0 and m.x0 < x1 for m in big)
        if not (footer or caption or x1 - x0 <= CAPTION_WIDTH):
            loose.append(line)
    return loose


def contrast_gate(facts: PdfFacts, expect: Expect) -> list[Result]:
    """C1: every character's colour against the topmost fill under its centre (paper is white).

    The clinic's brand colour is checked as given too: the palette darkens a light brand colour
    so it prints readably, and that change is worth a warning to whoever chose it.
    """
    results: list[Result] = []
    lowest = 21.0
    for page in facts.pages:
        fills = [m for m in page.marks if m.filled]
        worst: dict[tuple[str, str], tuple[float, list[Mark]]] = {}
        over_image: list[Mark] = []
        for char in page.chars:
            cx, cy = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
            under = next(
                (f for f in reversed(fills) if f.seq < char.seq and f.contains(cx, cy)), None
            )
            if under is not None and under.kind == "image":
                over_image.append(char)
                continue
            background = WHITE if under is None else under.colour
            if char.colour is None or background is None:
                continue
            ratio = contrast(char.colour, background)
            lowest = min(lowest, ratio)
            if ratio < MIN_TEXT_CONTRAST:
                key = (char.colour.hex, background.hex)
                worst.setdefault(key, (ratio, []))[1].append(char)
        for (ink, paper), (ratio, chars) in worst.items():
            results.append(
                failed(
                    "contrast",
                    f"page {page.number}: text {ink} on {paper} is {ratio:.2f}:1 "
                    f"(at least {MIN_TEXT_CONTRAST:g}:1), e.g. '{_sample(chars)}'",
                )
            )
        if over_image:
            results.append(
                warned(
                    "contrast",
                    f"page {page.number}: text over an image cannot be measured "
                    f"(T7), e.g. '{_sample(over_image)}'",
                )
            )
    if expect.brand:
        results += _brand_warning(expect.brand, facts)
    if not results:
        measured = f"lowest {lowest:.1f}:1" if lowest < 21 else "no text"
        return [passed("contrast", f"{measured} (at least {MIN_TEXT_CONTRAST:g}:1)")]
    return results


def _brand_warning(brand_hex: str, facts: PdfFacts) -> list[Result]:
    from handout.theme import make_palette

    brand = RGB.from_hex(brand_hex)
    ratio = contrast(brand, WHITE)
    if ratio >= MIN_TEXT_CONTRAST:
        return []
    printed = make_palette(brand_hex).accent
    return [
        warned(
            "contrast",
            f"clinic brand colour {brand.hex} is {ratio:.2f}:1 on white paper; it is "
            f"printed darkened to {printed.hex} ({contrast(printed, WHITE):.1f}:1). "
            "Choose a darker brand colour to print it as it is",
        )
    ]


def margin_gate(facts: PdfFacts) -> list[Result]:
    """Everything with ink at least 10 mm from every paper edge (home printers cannot print
    closer). Characters count by their ink (pdfium's tight glyph box, so hanging CJK punctuation
    whose cell overhangs is judged by its dot); rects, lines, curves and images by their box plus
    half the stroke width; an unstroked white fill on white paper has no ink and does not count."""
    results = []
    for page in facts.pages:
        for edge, distance, mark in _closest_marks(page):
            if distance < MIN_EDGE - _TOLERANCE:
                what = (
                    f"text '{mark.text}' (in '{mark.outline_text}')"
                    if mark.kind == "char"
                    else f"a {mark.kind} at {mark.x0:.0f},{mark.top:.0f} pt"
                )
                where = (
                    f"runs {-distance / MM:.1f} mm off the page at the {edge} edge"
                    if distance < 0
                    else f"is {distance / MM:.1f} mm from the {edge} edge"
                )
                results.append(
                    failed(
                        "margins",
                        f"page {page.number}: {what} {where} (at least {MIN_EDGE / MM:.0f} mm)",
                    )
                )
    if results:
        return results
    closest = min((d for page in facts.pages for _, d, _ in _closest_marks(page)), default=None)
    detail = (
        f"closest ink {closest / MM:.1f} mm from an edge"
        if closest is not None
        else "nothing drawn"
    )
    return [passed("margins", f"{detail} (at least {MIN_EDGE / MM:.0f} mm)")]


def _closest_marks(page: Page) -> list[tuple[str, float, Mark]]:
    inked = [m for m in page.marks if m.kind != "char" and has_ink(m)] + page.glyphs
    if not inked:
        return []
    edges: tuple[tuple[str, Callable[[Mark], float]], ...] = (
        ("left", lambda m: m.x0),
        ("top", lambda m: m.top),
        ("right", lambda m: page.width - m.x1),
        ("bottom", lambda m: page.height - m.bottom),
    )
    found = []
    for name, distance in edges:
        mark = min(inked, key=distance)
        found.append((name, distance(mark), mark))
    return found


def fonts_gate(facts: PdfFacts) -> list[Result]:
    """E1: every font embedded (FontFile, FontFile2 or FontFile3); a full, unsubset font is a
    warning (bigger files, and the whole font travels with every handout)."""
    results = [
        failed("fonts", f"font {name} is not embedded; it prints with whatever the printer has")
        for name, font in sorted(facts.fonts.items())
        if not font.embedded
    ]
    results += [
        warned("fonts", f"font {name} is embedded whole, not subset")
        for name, font in sorted(facts.fonts.items())
        if font.embedded and not font.subset
    ]
    return results or [passed("fonts", f"{len(facts.fonts)} fonts, all embedded and subset")]


def metadata_gate(facts: PdfFacts, expect: Expect) -> list[Result]:
    """E2: /Title and /Lang (the language asked for) must be set; /Author, /Subject and
    DisplayDocTitle should be."""
    results = []
    if not facts.info.get("Title", "").strip():
        results.append(
            failed("metadata", "no document /Title; screen readers and tabs show the file name")
        )
    if not facts.lang:
        results.append(failed("metadata", "no /Lang; screen readers cannot pick the language"))
    elif expect.lang and facts.lang != expect.lang:
        results.append(
            failed("metadata", f"/Lang is '{facts.lang}', but the text is '{expect.lang}'")
        )
    for key in ("Author", "Subject"):
        if not facts.info.get(key, "").strip():
            results.append(warned("metadata", f"no document /{key}"))
    if not facts.display_doc_title:
        results.append(warned("metadata", "DisplayDocTitle is not set; viewers show the file name"))
    return results or [
        passed("metadata", f"title '{facts.info['Title'][:40]}', language {facts.lang}")
    ]


def _sample(chars: list[Mark], limit: int = 24) -> str:
    """The first characters of a run, with the spaces (not drawn as characters) put back."""
    text = ""
    for previous, char in zip([None, *chars[:limit]], chars[:limit], strict=False):
        if previous is not None and (
            char.x0 - previous.x1 > previous.size * 0.15
            or abs(char.top - previous.top) > previous.size / 2
        ):
            text += " "
        text += char.text
    return text.strip() + ("…" if len(chars) > limit else "")


def check_pdf(data: bytes, expect: Expect) -> list[Result]:
    """Every output gate on one PDF."""
    try:
        facts = read_facts(data)
    except Exception as exc:  # noqa: BLE001 - a PDF our readers cannot parse fails, whatever the cause
        return [failed("pages", f"cannot read the PDF back ({type(exc).__name__}: {exc})")]
    return [
        *pages_gate(facts, expect),
        *text_size_gate(facts, expect),
        *contrast_gate(facts, expect),
        *margin_gate(facts),
        *fonts_gate(facts),
        *metadata_gate(facts, expect),
    ]
