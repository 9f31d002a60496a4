"""The clinic's logo as it is embedded: no more pixels than print needs, made once per process.

A clinic may give the 8000×8000 master of its logo; embedded as it is, a two-page handout
becomes a 100 MB PDF, too big to email. The largest a layout prints a logo is the title band's
box (42×20 mm), and 300 dpi there needs at most 496×236 pixels: a bigger source is resampled to
that once, and every build in the process reuses it. A logo already small enough is embedded
exactly as before.
"""

from __future__ import annotations

import io
import math
import warnings
from functools import lru_cache
from pathlib import Path

from handout.caches import register

MM = 72 / 25.4
PRINT_DPI = 300
LARGEST_BOX = (42 * MM, 20 * MM)  # points; the title band's logo box (the trifold's is smaller)
WARN_PIXELS = 20_000_000
WARN_BYTES = 10_000_000

ImageSource = str | io.BytesIO  # what ReportLab's Image and ImageReader take


def print_pixels(size: tuple[int, int], box: tuple[float, float] = LARGEST_BOX) -> tuple[int, int]:
    """Pixels a `size` image needs at PRINT_DPI when scaled to fit `box` (points)."""
    w, h = size
    scale = min(box[0] / w, box[1] / h)  # points per source pixel
    return (min(w, math.ceil(w * scale / 72 * PRINT_DPI)), min(h, math.ceil(h * scale / 72 * PRINT_DPI)))


def logo_source(path: Path, *, grayscale: bool, box: tuple[float, float] = LARGEST_BOX) -> ImageSource:
    """The logo for ReportLab: the file itself when small enough, else a resampled copy.

    `box` is where the layout prints it; resampling is for the larger of it and LARGEST_BOX, so
    every layout of the process shares one copy. A fresh stream each call: ReportLab reads it.
    """
    box = (max(box[0], LARGEST_BOX[0]), max(box[1], LARGEST_BOX[1]))
    stat = path.stat()
    data = _prepared(str(path), stat.st_mtime_ns, stat.st_size, grayscale, box)
    return str(path) if data is None else io.BytesIO(data)


def source_warning(path: Path) -> str | None:
    """A warning when the source is far bigger than any print needs (slow to read each run)."""
    size = path.stat().st_size
    pixels = _open_size(path)
    if pixels[0] * pixels[1] <= WARN_PIXELS and size <= WARN_BYTES:
        return None
    need = print_pixels(pixels)
    return (f"{pixels[0]}×{pixels[1]} pixels ({size / 1_000_000:.1f} MB), far more than the "
            f"{need[0]}×{need[1]} its largest print needs at {PRINT_DPI} dpi; it is shrunk on every "
            "run: save a copy about that size and point the profile at it")


def _open_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we warn ourselves
        with Image.open(path) as img:
            return img.size


@register
@lru_cache(maxsize=8)
def _prepared(path: str, mtime_ns: int, size: int, grayscale: bool,
              box: tuple[float, float]) -> bytes | None:
    """Encoded image bytes, or None when the file can be embedded as it is (colour, small)."""
    del mtime_ns, size  # part of the cache key only: an edited file is read again
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as img:
            target = print_pixels(img.size, box)
            if target == img.size and not grayscale:
                return None
            is_jpeg = img.format == "JPEG"
            alpha = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
            mode = "RGBA" if alpha or grayscale else ("L" if img.mode in ("1", "L") else "RGB")
            if target != img.size:
                img.draft(None, target)  # JPEG: decode at a reduced scale, far faster
            # Resample in the source's own mode when Pillow can (no full-size converted copy).
            picture = img if img.mode in ("L", "LA", "RGB", "RGBA") else img.convert(mode)
            if picture.size != target:
                picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
            picture = picture.convert(mode)
    out = io.BytesIO()
    if grayscale:  # transparency flattened on white: no colour anywhere in the greyscale PDF
        flat = Image.new("RGBA", picture.size, (255, 255, 255, 255))
        flat.alpha_composite(picture)
        flat.convert("L").save(out, format="PNG")
    elif is_jpeg and not alpha:
        picture.save(out, format="JPEG", quality=90)
    else:
        picture.save(out, format="PNG")
    return out.getvalue()
