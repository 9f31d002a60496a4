"""User text is data: isolated from the text around it, and no bidi control is ever drawn.

A clinic name or a patient's name sits inside a label or a footer line of the handout's own
language. Wrapped in FSI...PDI (UAX #9 isolates) it takes its direction from its own first
letter and cannot reorder what surrounds it: `Ana & <b>Bo</b>` in an Arabic footer keeps its
brackets where they were typed. The isolate is also how layout knows the text is the user's,
which falls back through every vendored font (`handout.text.fallback`).

The user's own embeddings, overrides and isolates are removed first, so a U+202E (RLO) pasted
into a name cannot reverse it; the implicit marks (LRM, RLM, ALM) stay, since they only steer
how neutral characters around them are resolved. After bidi resolution every control is
dropped from what is drawn: Noto Sans has visible glyphs for most of them.
"""

from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
# Bidi_Control (PropList.txt): ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_EXPLICIT = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides, isolates
_ISOLATE = re.compile("[\u2066-\u2069]")


def isolate(text: str) -> str:
    """User text as printed: its explicit bidi controls removed, wrapped in FSI...PDI.

    Empty text stays empty (callers test `if clinic.name:`), and isolating twice changes
    nothing, so a bilingual edition's second kit can isolate the same options again.
    """
    inner = _EXPLICIT.sub("", text)
    return f"{FSI}{inner}{PDI}" if inner else ""


def without_controls(text: str) -> str:
    """What is drawn of `text`: every bidi control removed (they have been resolved)."""
    return _CONTROL.sub("", text)


def isolated_controls(text: str) -> set[int]:
    """Indexes of the bidi controls that belong to isolated (user) text, its isolate included.

    The shaped path drops these after resolving levels. A control in the article's own text
    (CLDR puts RLM in Arabic dates) is left to HarfBuzz, which draws it as a zero-width
    blank, so the bundled rack stays byte-identical.
    """
    found: set[int] = set()
    offset = 0
    for piece, isolated in isolated_spans(text):
        if isolated:
            found.update(offset + i for i, char in enumerate(piece) if char in BIDI_CONTROLS)
        offset += len(piece)
    return found


def isolated_spans(text: str) -> list[tuple[str, bool]]:
    """`text` cut into `(piece, inside an isolate)` in logical order.

    An isolate's initiator and its PDI belong to the inside piece; nested isolates are one
    piece, and an isolate left open runs to the end of the text, as in UAX #9.
    """
    if not _ISOLATE.search(text):
        return [(text, False)] if text else []
    spans: list[tuple[str, bool]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in _OPENERS:
            if depth == 0 and i > start:
                spans.append((text[start:i], False))
                start = i
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append((text[start:i + 1], True))
                start = i + 1
    if start < len(text):
        spans.append((text[start:], depth > 0))
    return spans
