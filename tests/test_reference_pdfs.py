"""Reference PDFs: a few outputs checked in under tests/reference/, compared structurally.

Not byte for byte (a new ReportLab or a re-subset font changes the bytes, not the page) but
what a reader sees: page count and sizes, the metadata (without dates and producer), every text
block with its box within 1 mm, and the embedded fonts. A change that moves, rewraps or loses
text fails here, naming the page, the block and where it went. When the change is intended,
regenerate the references and look at them before committing:

    python -m pytest tests/test_reference_pdfs.py --regenerate-references   # or HANDOUT_REGENERATE=1
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from handout.build import BuiltPdf
from handout.fonts import register_family
from handout.options import MM, Paper
from handout.quality.pdf_facts import TextBlock, read_facts, text_blocks

from .conftest import ARTICLE, HERE, REGENERATE_ENV

REFERENCE_DIR = HERE / "reference"
TOLERANCE = 1.0 * MM  # a block may move this far (any edge) before it counts as moved
VOLATILE = {"CreationDate", "ModDate", "Producer"}  # differ between builds or ReportLab versions
REGENERATE = f"python -m pytest tests/test_reference_pdfs.py --regenerate-references (or {REGENERATE_ENV}=1)"
SHOWN = 12  # differences listed in a failure; the rest are counted


@dataclass(frozen=True)
class Reference:
    """One checked-in output of the bundled article (all regions), built in invariant mode."""

    lang: str
    format: str
    paper: Paper
    large_print: bool = False

    @property
    def path(self) -> Path:
        edition = "-large" if self.large_print else ""
        return REFERENCE_DIR / f"{ARTICLE}-{self.lang}-{self.format}-{self.paper.value}{edition}.pdf"


REFERENCES = [
    Reference("en", "handout", Paper.A4),
    Reference("en", "checklist", Paper.LETTER),
    Reference("en", "trifold", Paper.A4),
    Reference("ar", "handout", Paper.A4),  # right to left, shaped, mirrored page
    Reference("zh-Hans", "checklist", Paper.A4),  # CJK line breaking; the smallest CJK output
    Reference("en", "handout", Paper.LETTER, large_print=True),
]


@dataclass(frozen=True)
class Structure:
    """What the comparison looks at, read through the one PDF reader (handout.quality.pdf_facts)."""

    sizes: list[tuple[float, float]]
    metadata: dict[str, str]
    fonts: list[str]  # names without the subset tag, so that re-subsetting is no change
    blocks: list[list[TextBlock]]  # per page, in drawing order


def structure(data: bytes) -> Structure:
    facts = read_facts(data)
    document = facts.document
    metadata = {key: value for key, value in document.info.items() if key not in VOLATILE}
    metadata |= {"Lang": document.lang, "DisplayDocTitle": str(document.display_doc_title)}
    fonts = sorted(f"{f.base_name}{'' if f.embedded else ' (not embedded)'}" for f in document.fonts.values())
    return Structure(document.sizes, metadata, fonts, [text_blocks(page) for page in facts.pages])


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _at(block: TextBlock, *, size: bool = False) -> str:
    """Where a block is: its top-left corner from the page's top-left (and its size), in mm."""
    where = f"({block.x0 / MM:.1f}, {block.top / MM:.1f}) mm"
    return f"{where}, {(block.x1 - block.x0) / MM:.1f} × {(block.bottom - block.top) / MM:.1f} mm" if size else where


def _moved(expected: TextBlock, found: TextBlock) -> float:
    return max(
        abs(expected.x0 - found.x0),
        abs(expected.top - found.top),
        abs(expected.x1 - found.x1),
        abs(expected.bottom - found.bottom),
    )


def _page_differences(number: int, expected: list[TextBlock], found: list[TextBlock]) -> list[str]:
    out = []
    matcher = difflib.SequenceMatcher(
        a=[b.text for b in expected], b=[b.text for b in found], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                e, f = expected[i], found[j]
                moved = _moved(e, f)
                if moved > TOLERANCE:
                    resized = max(abs((e.x1 - e.x0) - (f.x1 - f.x0)), abs((e.bottom - e.top) - (f.bottom - f.top)))
                    sized = resized > TOLERANCE
                    out.append(
                        f"page {number}, block {i + 1} {_short(e.text)}: expected at {_at(e, size=sized)}, "
                        f"found at {_at(f, size=sized)} ({moved / MM:.1f} mm off)"
                    )
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            e, f = expected[i1 + k], found[j1 + k]
            out.append(  # the same place, other text
                f"page {number}, block {i1 + k + 1}: expected {_short(e.text)} at {_at(e)}, "
                f"found {_short(f.text)} at {_at(f)}"
            )
        for i in range(i1 + pairs, i2):
            out.append(
                f"page {number}, block {i + 1}: expected {_short(expected[i].text)} at "
                f"{_at(expected[i])}, not found"
            )
        for j in range(j1 + pairs, j2):
            out.append(
                f"page {number}: found {_short(found[j].text)} at {_at(found[j])}, "
                f"not in the reference (after block {i2})"
            )
    return out


def differences(expected: Structure, found: Structure) -> list[str]:
    """What differs, one line each, in page order; empty if the two read the same."""
    out = []
    if len(expected.sizes) != len(found.sizes):
        out.append(f"{len(expected.sizes)} pages expected, found {len(found.sizes)}")
    for number, (e, f) in enumerate(zip(expected.sizes, found.sizes, strict=False), start=1):
        if max(abs(e[0] - f[0]), abs(e[1] - f[1])) > 0.01:
            out.append(f"page {number}: expected {e[0]:.1f} × {e[1]:.1f} pt, found {f[0]:.1f} × {f[1]:.1f} pt")
    for key in sorted(expected.metadata.keys() | found.metadata.keys()):
        if expected.metadata.get(key) != found.metadata.get(key):
            out.append(
                f"metadata /{key}: expected {expected.metadata.get(key)!r}, found {found.metadata.get(key)!r}"
            )
    if expected.fonts != found.fonts:
        missing = sorted(set(expected.fonts) - set(found.fonts))
        extra = sorted(set(found.fonts) - set(expected.fonts))
        out.append(f"fonts: expected {', '.join(missing) or 'none'} not found; found {', '.join(extra) or 'none'} new")
    for number, (e_blocks, f_blocks) in enumerate(zip(expected.blocks, found.blocks, strict=False), start=1):
        out += _page_differences(number, e_blocks, f_blocks)
    return out


def failure_message(path: Path, found: list[str]) -> str:
    """Every difference (the first SHOWN), then how to accept the change."""
    lines = [f"{path.relative_to(HERE.parent)} differs from the build in {len(found)} place(s):"]
    lines += [f"  {line}" for line in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"  … and {len(found) - SHOWN} more")
    lines += [
        "If the change is intended, regenerate the references with",
        f"  {REGENERATE}",
        f"then look at them (pdftoppm -r 70 -png {path.relative_to(HERE.parent)} /tmp/ref) and commit them.",
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("reference", REFERENCES, ids=lambda r: r.path.stem)
def test_output_matches_its_reference_pdf(
    build: Callable[..., BuiltPdf], regenerate_references: bool, reference: Reference
) -> None:
    built = build(lang=reference.lang, format=reference.format, paper=reference.paper,
                  large_print=reference.large_print)
    if regenerate_references:
        reference.path.parent.mkdir(exist_ok=True)
        reference.path.write_bytes(built.pdf)
    if not reference.path.is_file():
        pytest.fail(f"no reference {reference.path.relative_to(HERE.parent)}; make it with {REGENERATE}")
    found = differences(structure(reference.path.read_bytes()), structure(built.pdf))
    assert not found, failure_message(reference.path, found)


def test_references_stay_small() -> None:
    """They are committed: a few dozen KB each (the CJK one carries the most glyphs)."""
    sizes = {path.name: path.stat().st_size for path in REFERENCE_DIR.glob("*.pdf")}
    assert sorted(sizes) == sorted(r.path.name for r in REFERENCES)
    assert sum(sizes.values()) <= 200 * 1024, sizes


# -- the comparison itself, on small sheets drawn here ------------------------------------------
def _sheet(*lines: tuple[float, float, str], pages: int = 1, size: tuple[float, float] = (595.28, 841.89)) -> bytes:
    """Pages with the given lines of 12 pt Noto Sans, (x mm, y mm from the top, text)."""
    register_family("NotoSans")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1, lang="en")
    canvas.setTitle("Reference test")
    for _ in range(pages):
        canvas.setFont("NotoSans", 12)
        for x, y, text in lines:
            canvas.drawString(x * MM, size[1] - y * MM, text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_same_sheet_and_a_small_shift_are_no_difference() -> None:
    reference = structure(_sheet((20, 30, "Rest on your left side"), (20, 40, "Drink water")))
    assert differences(reference, reference) == []
    nudged = structure(_sheet((20.6, 30, "Rest on your left side"), (20, 40.4, "Drink water")))
    assert differences(reference, nudged) == []


def test_a_moved_block_is_named_with_its_page_and_both_positions() -> None:
    reference = structure(_sheet((20, 30, "Rest on your left side"), (20, 40, "Drink water")))
    moved = structure(_sheet((20, 30, "Rest on your left side"), (23, 40, "Drink water")))
    [line] = differences(reference, moved)
    assert line.startswith("page 1, block 2 'Drink water': expected at (20.0, ")
    assert ", found at (23.0, " in line and "(3.0 mm off)" in line


def test_changed_missing_and_new_text_are_named() -> None:
    reference = structure(_sheet((20, 30, "Rest on your left side"), (20, 40, "Drink water")))
    changed = structure(_sheet((20, 30, "Rest on your right side"), (20, 40, "Drink water")))
    [line] = differences(reference, changed)
    assert line.startswith("page 1, block 1: expected 'Rest on your left side' at (20.0, ")
    assert "found 'Rest on your right side' at (20.0, " in line
    shorter = structure(_sheet((20, 30, "Rest on your left side")))
    assert differences(reference, shorter) == [
        f"page 1, block 2: expected 'Drink water' at {_at(reference.blocks[0][1])}, not found"
    ]
    assert differences(shorter, reference) == [
        f"page 1: found 'Drink water' at {_at(reference.blocks[0][1])}, not in the reference (after block 1)"
    ]


def test_pages_sizes_and_metadata_are_compared() -> None:
    reference = structure(_sheet((20, 30, "Drink water")))
    two_pages = structure(_sheet((20, 30, "Drink water"), pages=2))
    assert differences(reference, two_pages) == ["1 pages expected, found 2"]
    letter = structure(_sheet((20, 30, "Drink water"), size=(612, 792)))
    assert "page 1: expected 595.3 × 841.9 pt, found 612.0 × 792.0 pt" in differences(reference, letter)
    retitled = Structure(reference.sizes, {**reference.metadata, "Title": "Other"}, reference.fonts,
                         reference.blocks)
    assert differences(reference, retitled) == ["metadata /Title: expected 'Reference test', found 'Other'"]
    assert "Producer" not in reference.metadata and "CreationDate" not in reference.metadata
    assert reference.fonts == ["NotoSans-Regular"]


def test_the_failure_message_says_what_differs_and_how_to_regenerate() -> None:
    path = REFERENCE_DIR / "back-spasms-pregnancy-en-handout-a4.pdf"
    message = failure_message(path, [f"page 1, block {n}: …" for n in range(1, 15)])
    assert message.startswith("tests/reference/back-spasms-pregnancy-en-handout-a4.pdf differs from the build "
                              "in 14 place(s):")
    assert "  page 1, block 12: …" in message and "block 13" not in message and "… and 2 more" in message
    assert "--regenerate-references" in message and "HANDOUT_REGENERATE=1" in message
