"""Unicode bidi levels of a paragraph (python-bidi) and the visual order of one line (rule L2).

Why not `bidi.get_display`: it reorders a whole paragraph, but lines must be broken first, in
logical order, and each line reordered on its own. The pure-Python `bidi.algorithm` gives the
resolved levels; two of its pitfalls are handled here: it asserts on isolates (LRI, RLI, FSI,
PDI), so each isolate is resolved on its own and stands as one neutral in the text around it
(as UAX #9 says; the isolates carry the user's text), and it drops BN characters (ZWJ,
ZWNJ, LRM...) from its list, so levels are mapped back by index and the gaps filled. It also
predates rule N0 (paired brackets, Unicode 6.3), without which "(Magnesium citrate) 400" in
Arabic text shows its brackets on the wrong sides, so N0 is added here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from bidi import algorithm as uba

from handout.text.isolation import isolated_spans

_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"
_OBJECT = "\ufffc"  # OBJECT REPLACEMENT CHARACTER, bidi class ON: what an isolate is outside
_RTL_TYPES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
# Bidi_Paired_Bracket pairs (BidiBrackets.txt) likely in our text: ASCII, CJK and fullwidth.
_OPENING = dict(zip("([{⁅⁽₍〈《「『【〔〖〘〚（［｛｟｢⟨⟪⟦", ")]}⁆⁾₎〉》」』】〕〗〙〛）］｝｠｣⟩⟫⟧", strict=True))
_CLOSING = {close: open_ for open_, close in _OPENING.items()}
_MAX_BRACKET_DEPTH = 63  # BD16


def _first_strong_is_rtl(text: str, start: int) -> bool:
    depth = 0
    for char in text[start:]:
        if char in (_LRI, _RLI, _FSI):
            depth += 1
        elif char == _PDI:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return False


def needs_bidi(text: str) -> bool:
    """True if an LTR paragraph holds anything right-to-left (else every level is 0)."""
    return any(unicodedata.bidirectional(c) in _RTL_TYPES for c in text)


def paragraph_levels(text: str, rtl: bool) -> list[int]:
    """Resolved embedding level of every character (rules P to I1-I2), one per character.

    Args:
        text: the whole paragraph, logical order.
        rtl: paragraph direction; set from the language, not guessed from the first letter,
            so an Arabic paragraph that starts with "COVID-19" stays right-to-left.
    """
    return _levels(text, 1 if rtl else 0)


def _levels(text: str, base: int) -> list[int]:
    """Levels of `text` as a paragraph at level `base` (0 or 1), its isolates resolved apart.

    UAX #9 isolation (BD13, X5a-X6a): to the text around it an isolate is a single neutral,
    and its content is resolved as if it were a paragraph of its own, one embedding level
    deeper. So the outer text is resolved with U+FFFC (a neutral) for each isolate, and each
    content on its own; the pure-Python UBA never sees an isolate.
    """
    if not text or (not base and not needs_bidi(text)):
        return [base] * len(text)
    spans = isolated_spans(text)
    if not any(isolated for _, isolated in spans):
        return _resolved(text, base)
    outer = "".join(_OBJECT if isolated else piece for piece, isolated in spans)
    outer_levels, levels = _levels(outer, base), []
    at = 0
    for piece, isolated in spans:
        if not isolated:
            levels += outer_levels[at:at + len(piece)]
            at += len(piece)
            continue
        level = outer_levels[at]  # the initiator's and the PDI's: those of a neutral there
        at += 1
        closed = piece[-1] == _PDI and len(piece) > 1
        content = piece[1:-1] if closed else piece[1:]
        rtl = piece[0] == _RLI or (piece[0] == _FSI and _first_strong_is_rtl(content, 0))
        inner = base + 1 if rtl != bool(base % 2) else base + 2  # X5a-X5c: next odd or even
        levels += [level, *(v + inner - inner % 2 for v in _levels(content, inner % 2))]
        if closed:
            levels.append(level)
    return levels


def _resolved(text: str, base: int) -> list[int]:
    """Rules P to I1-I2 by python-bidi's pure-Python UBA, plus N0, for text with no isolate."""
    storage: dict[str, Any] = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base else "L"
    # A PDI left here has no initiator (X6a: it does nothing): a neutral, as the UBA sees it.
    uba.get_embedding_levels(text.replace(_PDI, _OBJECT), storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage, False)
    _resolve_paired_brackets(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    # X9 removed BN and explicit codes; give each the level of its neighbour so that nothing
    # is lost and a ZWNJ stays inside its word's run.
    filled: list[int] = []
    for i, level in enumerate(levels):
        if level is None:
            level = filled[-1] if filled else next((v for v in levels[i:] if v is not None), base)
        filled.append(level)
    return filled


def _strong(kind: str) -> str | None:
    """N0's view of a resolved type: numbers count as R."""
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def _bracket_pairs(chars: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """BD16: matching bracket pairs of one level run, sorted by opening position."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(chars):
        if char["type"] != "ON":
            continue
        ch = char["ch"]
        if ch in _OPENING:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((_OPENING[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_paired_brackets(storage: dict[str, Any]) -> None:
    """Rule N0: a bracket pair takes one direction, from its content or its context."""
    for run in storage["runs"]:
        chars = storage["chars"][run["start"]:run["start"] + run["length"]]
        if not chars:
            continue
        embedding = "R" if chars[0]["level"] % 2 else "L"
        for open_at, close_at in _bracket_pairs(chars):
            inside = {_strong(c["type"]) for c in chars[open_at + 1:close_at]} - {None}
            if not inside:
                continue  # N0 d: no strong type inside, leave to N1/N2
            if embedding in inside:
                direction = embedding  # N0 b
            else:  # N0 c: only the opposite direction inside; look at the context before
                before = next((s for c in reversed(chars[:open_at])
                               if (s := _strong(c["type"])) is not None), run["sor"])
                direction = before if before != embedding else embedding
            chars[open_at]["type"] = chars[close_at]["type"] = direction


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indexes of runs in left-to-right display order, by rule L2, given each run's level.

    Reversing runs (not characters) is enough: a run's own glyphs come out of HarfBuzz in
    visual order already, since it is shaped in the direction of its level.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    odd = [lv for lv in levels if lv % 2]
    if not odd:
        return order
    lowest_odd, highest = min(odd), max(levels)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order
