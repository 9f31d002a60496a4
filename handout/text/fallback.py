"""Per-word font fallback: which family of a language's chain draws each part of a text.

Why per word and not per character: ReportLab shapes a whole word with the font of its first
character, so `(Magnesium` with `(` from Noto Sans Devanagari draws tofu. Each word therefore
goes, whole, to the first family that has every one of its characters. Only a word that no
single family covers is split, character by character (combining marks stay with their base).

Text inside a bidi isolate is what a user typed (`handout.text.isolation`): when the
language's chain cannot draw it, it falls back through every vendored family, so an Arabic
name on an English handout is drawn in Noto Sans Arabic. The article's text never leaves its
language's chain (the glyph gate holds it to that chain before layout).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from handout.fonts import covered_chars, fallback_chain
from handout.text.coverage import is_ignorable
from handout.text.isolation import isolated_spans, without_controls

# The spaces ReportLab breaks lines (and so words) at: every Unicode space except the
# no-break ones (U+00A0, U+2007, U+FEFF), as in reportlab.platypus.paragraph._wsc.
BREAKING_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000-\u2006\u2008-\u200b"
    "\u2028\u2029\u202f\u205f\u3000"
)
SPACES = re.compile(f"[{BREAKING_SPACE}]+")
WORDS = re.compile(f"[^{BREAKING_SPACE}]+")
_TOKENS = re.compile(f"[{BREAKING_SPACE}]+|[^{BREAKING_SPACE}]+")


def _is_break(char: str) -> bool:
    return SPACES.fullmatch(char) is not None


def _word_family(word: str, covered: list[frozenset[str]]) -> int | None:
    """Index of the first family covering all of `word` (ignorables need no glyph).

    Families that have the word's joiners are preferred (they shape with them); bidi
    controls are never drawn, so they do not count.
    """
    word = without_controls(word)
    for i, cov in enumerate(covered):
        if cov.issuperset(word):
            return i
    visible = [c for c in word if not is_ignorable(c)]
    for i, cov in enumerate(covered):
        if cov.issuperset(visible):
            return i
    return None


def _char_family(char: str, current: int | None, covered: list[frozenset[str]]) -> int:
    if current is not None and (
        is_ignorable(char) or (unicodedata.category(char)[0] == "M" and char in covered[current])
    ):
        return current
    for i, cov in enumerate(covered):
        if char in cov:
            return i
    return current if current is not None else 0


def _split_word(word: str, covered: list[frozenset[str]]) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    current: int | None = None
    for char in word:
        current = _char_family(char, current, covered)
        if pieces and pieces[-1][0] == current:
            pieces[-1] = (current, pieces[-1][1] + char)
        else:
            pieces.append((current, char))
    return pieces


def font_runs(text: str, chain: Sequence[str]) -> list[tuple[str, str]]:
    """Split `text` into `(family, text)` runs, each word wholly inside one run if possible.

    A word is what ReportLab treats as one: text between breaking spaces, so "1.0\u00a0·" is
    one word. Whitespace joins the run before it (when that family has it), so a Latin phrase
    inside Hindi becomes one Noto Sans run. Adjacent runs of one family are merged. Characters that
    no family has go to the first family; `missing_glyphs` is the gate that reports them.
    Isolated (user) text that `chain` cannot draw falls back through `fallback_chain(chain)`.

    Args:
        text: NFC text.
        chain: font family names in order of preference.
    """
    if not text:
        return []
    chain = tuple(chain)
    covered = [covered_chars(family) for family in chain]
    if covered[0].issuperset(text):  # fast path: no per-character work at all
        return [(chain[0], text)]
    runs: list[tuple[str, str]] = []
    for piece, isolated in isolated_spans(text):
        families, piece_covered = chain, covered
        if isolated and not _chain_covers(piece, covered):
            families = fallback_chain(chain)
            piece_covered = [covered_chars(family) for family in families]
        for family, run in _runs(piece, families, piece_covered, runs[-1][0] if runs else None):
            if runs and runs[-1][0] == family:
                runs[-1] = (family, runs[-1][1] + run)
            else:
                runs.append((family, run))
    return runs


def _chain_covers(text: str, covered: list[frozenset[str]]) -> bool:
    """True if some family of the chain has each visible character of `text`."""
    return all(is_ignorable(c) or any(c in cov for cov in covered) for c in text)


def _runs(text: str, chain: Sequence[str], covered: list[frozenset[str]],
          before: str | None) -> list[tuple[str, str]]:
    """`font_runs` of one piece in one chain; `before` is the family of the run before it."""
    runs: list[tuple[int, str]] = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if _is_break(token[0]):
            if runs:
                prev = runs[-1][0]
            else:
                prev = chain.index(before) if before is not None and before in chain else 0
            if not covered[prev].issuperset(token):
                prev = _char_family(token[0], None, covered)
            pieces = [(prev, token)]
        else:
            family = _word_family(token, covered)
            pieces = [(family, token)] if family is not None else _split_word(token, covered)
        for family, piece in pieces:
            if runs and runs[-1][0] == family:
                runs[-1] = (family, runs[-1][1] + piece)
            else:
                runs.append((family, piece))
    return [(chain[i], piece) for i, piece in runs]


def char_families(text: str, chain: Sequence[str]) -> list[str]:
    """The family of every character of `text`, as `font_runs` assigns them."""
    families: list[str] = []
    for family, piece in font_runs(text, chain):
        families.extend([family] * len(piece))
    return families


def has_split_word(runs: list[tuple[str, str]]) -> bool:
    """True if some word straddles two runs (ReportLab's shaper cannot draw such a word)."""
    return any(
        a[1] and b[1] and not _is_break(a[1][-1]) and not _is_break(b[1][0])
        for a, b in zip(runs, runs[1:], strict=False)
    )
