"""Finds the vendored fonts and registers each family with ReportLab once per process.

Layout code asks for a family by name (`NotoSans`) and gets the ReportLab font names back; it
never opens a font file itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.errors import BuildFailedError

FONTS_ENV = "HANDOUT_FONTS_DIR"


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular_file: str
    bold_file: str

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold"


FAMILIES: dict[str, FontFamily] = {
    "NotoSans": FontFamily("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
}
DEFAULT_FAMILY = "NotoSans"


def fonts_dir() -> Path:
    """`fonts/` shipped in the installed package, or the checkout's top-level `fonts/`."""
    env = os.environ.get(FONTS_ENV)
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "fonts", package_dir.parent / "fonts"):
        if (candidate / FAMILIES[DEFAULT_FAMILY].regular_file).is_file():
            return candidate
    return package_dir.parent / "fonts"


@cache
def register_family(name: str) -> FontFamily:
    """Register regular and bold of `name` (once) and map `<b>` to the bold face."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = FAMILIES[name]
    folder = fonts_dir()
    for face, filename in ((family.name, family.regular_file), (family.bold_name, family.bold_file)):
        path = folder / filename
        if not path.is_file():
            raise BuildFailedError(
                f"font file {path} is missing; reinstall handout or set {FONTS_ENV} to the fonts folder"
            )
        # asciiReadable=0: do not force all of printable ASCII into every subset (smaller files).
        pdfmetrics.registerFont(TTFont(face, str(path), asciiReadable=0))
    addMapping(family.name, 0, 0, family.name)
    addMapping(family.name, 1, 0, family.bold_name)
    addMapping(family.name, 0, 1, family.name)
    addMapping(family.name, 1, 1, family.bold_name)
    # Anything that falls back to the canvas default font must still get an embedded font.
    rl_config.canvas_basefontname = DEFAULT_FAMILY if name == DEFAULT_FAMILY else rl_config.canvas_basefontname
    return family
