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

    Families are opened only while characters remain, so checking a Latin name against every
    vendored family (`fonts.fallback_chain`) never loads the CJK fonts.

    Args:
        text: any plain text; it is NFC-normalised first, as the typesetter does.
        chain: font family names, e.g. ``("NotoSansDevanagari", "NotoSans")``.
    """
    text = unicodedata.normalize("NFC", text)
    if chain and covered_chars(chain[0]).issuperset(text):  # the usual case, checked in C
        return []
    left = [char for char in dict.fromkeys(text) if not is_ignorable(char)]
    for family in chain:
        if not left:
            break
        cov = covered_chars(family)
        left = [char for char in left if char not in cov]
    return left


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


def unprintable_problem(text: str, chain: Sequence[str], *, field: str) -> str | None:
    """One line for text a user typed if some character of it has no glyph, else None.

    Example: ``--patient: cannot print U+1F600 (😀): no font for it; remove it``. `chain` is
    every vendored family (`fonts.fallback_chain`), so what is left is what no font can draw:
    emoji, or a script the project has no font for.
    """
    missing = missing_glyphs(text, chain)
    if not missing:
        return None
    chars = ", ".join(f"U+{ord(c):04X} ({c})" for c in missing[:_NAMED])
    if len(missing) > _NAMED:
        chars += f" and {len(missing) - _NAMED} more"
    it = "it" if len(missing) == 1 else "them"
    return f"{field}: cannot print {chars}: no font for {it}; remove {it}"


_NAMED = 5  # characters a message names: a whole name in a script without a font is enough
