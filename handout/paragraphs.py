"""Paragraphs that parse their markup once per process and break their lines once per width.

A clinic prints the same article again and again, often with only the patient's name changing,
and one document wraps most paragraphs more than once (a table wraps each cell to size its row
and again to draw it; KeepTogether wraps its content before the frame does). ReportLab parses a
paragraph's markup in pure Python each time one is made, and breaks its lines at every wrap:
together a third of a handout's build time. Both depend only on the markup, the style and the
width (`Paragraph.wrap` never reads the height), so they are computed once and shared.

Sharing is safe because ReportLab treats the parsed fragments and a wrap's line structure as
read-only once made: `draw` only reads them, and `split` builds new paragraphs from them. Styles
are keys by identity, which holds because typesetters (and their styles) live for the process
(`handout.typeset.typesetter`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from handout.caches import register
from handout.memo import BoundedMemo

# Distinct paragraphs kept: every bundled article in every language and format is a few
# thousand; a batch adds one per patient name, which is why the cache is bounded.
CACHE_SIZE = 8192


@dataclass
class _Parsed:
    """One paragraph's parse, and the attributes each wrap width left on it."""

    style: ParagraphStyle
    frags: list[object]
    bullet: object
    wraps: dict[float, tuple[dict[str, object], tuple[float, float]]] = field(default_factory=dict)


_PARSED: BoundedMemo[_Parsed] = register(BoundedMemo(CACHE_SIZE), "handout.paragraphs._PARSED")


class SharedParagraph(Paragraph):
    """A ReportLab Paragraph whose parse and line breaks are shared with its identical twins."""

    _shared: _Parsed | None = None

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: object = None,  # noqa: N803
                 frags: list[object] | None = None, **kwargs: object) -> None:
        if frags is not None or text is None or not isinstance(bulletText, (str, type(None))):
            # The halves `split` makes from fragments: not shared, made as ReportLab makes them.
            super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)
            return
        shared = _PARSED.get((text, style, bulletText))
        if shared is None:
            super().__init__(text, style, bulletText=bulletText)
            shared = _Parsed(self.style, self.frags, self.bulletText)
            _PARSED.put((text, style, bulletText), shared)
        else:
            super().__init__(text, shared.style, bulletText=shared.bullet, frags=shared.frags)
        self._shared = shared

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._shared is None:
            return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]
        done = self._shared.wraps.get(availWidth)
        if done is not None:
            attributes, size = done
            self.__dict__.update(attributes)
            return size
        before = dict(self.__dict__)
        width, height = super().wrap(availWidth, availHeight)
        size = (float(width), float(height))
        # What this wrap set or replaced: the widths, the line structure (blPara), the height,
        # and for mixed-font text the word list that replaces the fragments.
        attributes = {k: v for k, v in self.__dict__.items() if k not in before or before[k] is not v}
        self._shared.wraps[availWidth] = (attributes, size)
        return size
