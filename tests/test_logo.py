"""A clinic's logo is embedded at print resolution, however big the file it comes from."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.build import build_pdf
from handout.clinic import load_clinic
from handout.library import ContentLibrary
from handout.logo import PRINT_DPI
from handout.options import Clinic, RenderOptions

from .conftest import ARTICLE
from .test_cli import run


@pytest.fixture(scope="module")
def huge_logo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6000×6000 pixels of noise (36 MB): embedded as it is, a PDF of the same size."""
    from PIL import Image

    path = tmp_path_factory.mktemp("logo") / "huge.png"
    Image.effect_noise((6000, 6000), 90).save(path, compress_level=1)
    return path


def _images(pdf: bytes) -> list[tuple[int, int]]:
    """Pixel sizes of the images on the pages (pypdf decodes each one)."""
    sizes = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            assert image.image is not None
            sizes.append(image.image.size)
    return sizes


# At 300 dpi the largest box any layout prints a logo in (the title band's 42×20 mm) needs:
MOST_PIXELS = (math.ceil(42 / 25.4 * PRINT_DPI), math.ceil(20 / 25.4 * PRINT_DPI))


@pytest.mark.parametrize(("fmt", "grey"), [("handout", False), ("trifold", False), ("handout", True)])
def test_a_huge_logo_is_embedded_at_print_resolution(library: ContentLibrary, huge_logo: Path,
                                                     fmt: str, grey: bool) -> None:
    clinic = Clinic(name="Riverside Midwives", phone="555 0100", logo=huge_logo)
    built = build_pdf(library, ARTICLE, RenderOptions(format=fmt, clinic=clinic, grayscale=grey, invariant=True))
    assert len(built.pdf) < 400 * 1024, f"{len(built.pdf) / 1024:.0f} KB"
    sizes = _images(built.pdf)
    assert sizes, "the logo is missing"
    for w, h in sizes:
        assert w == h  # the square stays square
        assert w <= MOST_PIXELS[0] and h <= MOST_PIXELS[1], (w, h)
        assert h >= MOST_PIXELS[1] - 1  # and is not made coarser than print needs


def test_a_huge_logo_gets_one_warning_line(tmp_path: Path, huge_logo: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text(f"name: Riverside Midwives\nlogo: {huge_logo}\n")
    warnings: list[str] = []
    load_clinic(profile, warn=warnings.append)
    assert warnings == [
        f"{profile}:2: logo: 6000×6000 pixels ({huge_logo.stat().st_size / 1e6:.1f} MB), far more than the "
        f"{MOST_PIXELS[1]}×{MOST_PIXELS[1]} its largest print needs at 300 dpi; it is shrunk on every run: "
        "save a copy about that size and point the profile at it"
    ]
    code, out, err = run("build", ARTICLE, "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert err.count("handout: warning:") == 1 and "6000×6000 pixels" in err


def test_a_small_logo_is_embedded_as_it_is(library: ContentLibrary, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (200, 30, 30)).save(path)
    built = build_pdf(library, ARTICLE, RenderOptions(clinic=Clinic(name="Riverside", logo=path), invariant=True))
    assert _images(built.pdf) == [(120, 60)]
    warnings: list[str] = []
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Riverside\nlogo: logo.png\n")
    load_clinic(profile, warn=warnings.append)
    assert warnings == []
