"""Previews: one PNG per page at the asked resolution, and a contact sheet with one thumbnail
(and its file name) per PDF."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, cast

import pytest
from PIL import Image, ImageChops, ImageStat
from typer.testing import CliRunner

from handout.cli import app
from handout.delivery.encrypt import encrypt_pdf
from handout.delivery.preview import contact_sheet, render_page
from handout.options import Paper

runner = CliRunner()


@pytest.fixture
def pdfs(tmp_path: Path, build: Any) -> list[Path]:
    """Three PDFs that look different: A4 lower, Letter upper, A4 large print."""
    folder = tmp_path / "release"
    folder.mkdir()
    paths = []
    for options in (
        {"region": "lower"},
        {"region": "upper", "paper": Paper.LETTER},
        {"large_print": True},
    ):
        built = build(**options)
        paths.append(folder / built.filename)
        paths[-1].write_bytes(built.pdf)
    return paths


def _pages(path: Path) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    return [doc[i].get_size() for i in range(len(doc))]


@pytest.mark.parametrize("dpi", [72, 50])
def test_one_png_per_page_at_the_asked_resolution(
    pdfs: list[Path], tmp_path: Path, dpi: int
) -> None:
    out = tmp_path / "png"
    result = runner.invoke(app, ["preview", str(pdfs[1]), "--out", str(out), "--dpi", str(dpi)])
    assert result.exit_code == 0, result.stderr
    pages = _pages(pdfs[1])
    expected = [out / f"{pdfs[1].stem}-p{n}.png" for n in range(1, len(pages) + 1)]
    assert result.stdout.split() == [str(p) for p in expected]
    assert sorted(out.iterdir()) == expected
    for png, (width, height) in zip(expected, pages, strict=True):
        with Image.open(png) as image:
            assert image.size == (math.ceil(width * dpi / 72), math.ceil(height * dpi / 72))
    if dpi == 72:
        assert Image.open(expected[0]).size == (612, 792)  # US Letter at 72 dpi: one pixel a point


def test_pngs_go_next_to_the_pdf_by_default(pdfs: list[Path]) -> None:
    result = runner.invoke(app, ["preview", str(pdfs[0]), "--dpi", "30"])
    assert result.exit_code == 0, result.stderr
    assert (pdfs[0].parent / f"{pdfs[0].stem}-p1.png").is_file()
    assert not list(pdfs[0].parent.glob("*.part"))


def _difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("L"), b.convert("L"))).mean)


def test_contact_sheet_has_one_labelled_thumbnail_per_pdf(pdfs: list[Path], tmp_path: Path) -> None:
    sheet = contact_sheet(pdfs, tmp_path, thumb=200, columns=2)
    assert sheet.path == tmp_path / "contact-sheet.png"
    image = Image.open(sheet.path).convert("RGB")
    assert image.size == sheet.size
    assert [cell.source for cell in sheet.cells] == pdfs
    thumbs = [image.crop(cell.box) for cell in sheet.cells]
    for n, (cell, thumb) in enumerate(zip(sheet.cells, thumbs, strict=True)):
        assert thumb.width == 200
        page = render_page(cell.source, 0, dpi=72).resize(thumb.size)
        assert _difference(thumb, page) < 12, cell.source.name  # it is this PDF's first page ...
        others = [t for m, t in enumerate(thumbs) if m != n and t.size == thumb.size]
        assert all(_difference(thumb, other) > 1 for other in others)  # ... and not another's
        left, _, right, bottom = cell.box
        label = image.crop((left, bottom + 2, right, bottom + 40))
        darkest, _ = cast(tuple[int, int], label.convert("L").getextrema())  # one band: (min, max)
        assert darkest < 100  # the file name is written underneath
    # Three PDFs on two columns: the fourth place stays empty.
    left, top = sheet.cells[1].box[0], sheet.cells[2].box[1]
    empty = image.crop((left, top, left + 200, top + 200))
    assert empty.getextrema() == ((255, 255), (255, 255), (255, 255))


def test_sheet_from_a_folder_on_the_command_line(pdfs: list[Path]) -> None:
    folder = pdfs[0].parent
    result = runner.invoke(app, ["preview", "--sheet", str(folder), "--thumb", "120"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(folder / "contact-sheet.png")
    with Image.open(folder / "contact-sheet.png") as image:
        assert image.width > 3 * 120


def test_encrypted_pdf_previews_with_the_password(
    pdfs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sealed = pdfs[0].with_name("sealed.pdf")
    sealed.write_bytes(encrypt_pdf(pdfs[0].read_bytes(), "preview-password"))
    monkeypatch.delenv("HANDOUT_PDF_PASSWORD", raising=False)
    result = runner.invoke(app, ["preview", str(sealed)])
    assert result.exit_code == 2
    assert "encrypted; set HANDOUT_PDF_PASSWORD" in result.stderr
    monkeypatch.setenv("HANDOUT_PDF_PASSWORD", "preview-password")
    assert runner.invoke(app, ["preview", str(sealed), "--dpi", "20"]).exit_code == 0


def test_nothing_to_preview_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["preview", str(tmp_path)])
    assert result.exit_code == 2
    assert "no PDF files to preview" in result.stderr
    result = runner.invoke(app, ["preview", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
