"""The missing-glyph gate: which characters of a text no font in a language's chain can draw.

ReportLab never warns about a missing glyph: unshaped text silently loses the character and
shaped text gets a .notdef box. So every string is checked against the font chain before it
is laid out, and the build fails naming the language, the field and the code point.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from handout.fonts import covered_chars

# Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): format and invisible
# characters that draw nothing, so no font needs a glyph for them (ZWJ, ZWNJ, LRM, isolates...).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_ignorable(char: str) -> bool:
    """Whitespace or a default-ignorable character: nothing that needs a glyph."""
    if char.isspace():
        return True
    cp = ord(char)
    return any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES)


def missing_glyphs(text: str, chain: Sequence[str]) -> list[str]:
    """Characters of `text` (NFC) that no family in `chain` has, once each, in order of use.

    Args:
        text: any plain text; it is NFC-normalised first, as the typesetter does.
        chain: font family names, e.g. ``("NotoSansDevanagari", "NotoSans")``.
    """
    text = unicodedata.normalize("NFC", text)
    covered = [covered_chars(family) for family in chain]
    if covered and covered[0].issuperset(text):  # the usual case, checked in C
        return []
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if not any(char in cov for cov in covered) and not is_ignorable(char):
            missing.append(char)
    return missing


def describe_chars(chars: Iterable[str]) -> str:
    """`U+0E01 'ก' (THAI CHARACTER KO KAI)` for each character, comma separated."""
    return ", ".join(
        f"U+{ord(c):04X} '{c}' ({unicodedata.name(c, 'unnamed')})" for c in chars
    )


def coverage_problem(text: str, chain: Sequence[str], *, language: str, field: str) -> str | None:
    """One line for the build gate if some character of `text` has no glyph, else None.

    Example: ``ar: remedies[2].text: no font can draw U+1F930 '🤰' (PREGNANT WOMAN);
    fonts tried: NotoSansArabic, NotoSans``.
    """
    missing = missing_glyphs(text, chain)
    if not missing:
        return None
    return (
        f"{language}: {field}: no font can draw {describe_chars(missing)}; "
        f"fonts tried: {', '.join(chain)}"
    )
