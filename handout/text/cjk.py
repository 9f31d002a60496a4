"""Line breaking for Chinese and Japanese: between any two characters, by the language's rules.

ReportLab's `wordWrap='CJK'` cuts "like a knife" between any two characters and keeps one
cannot-start character on the line above, hanging past the end of the line, from a
Japanese-centred list that lacks the full-width comma, colon and closing quotes of Chinese. It
has no cannot-end rule, so a line could end with "（" or "「". And a hanging mark puts ink
outside the frame: Traditional Chinese centres "。" and "，" in their cell, so in the last
column it reached into the 10 mm the printer cannot print.

So each language that breaks this way names a `BreakRule` here (`Language.line_break`), and
`break_cjk_lines` breaks the paragraphs of both of ReportLab's CJK paths (one font, or several)
by it: a line never begins with a cannot-start character nor ends with a cannot-end one;
instead of hanging, the character before moves down with it (追い出し, "pushing out"), so
every line stays inside its frame.

Korean is not here: it breaks between words, at spaces, as every other language does
(ReportLab's default wrapping), never between two syllables of a word.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from handout.paragraphs import SharedParagraph

# ReportLab's own tolerance when it compares a line's width with the width available.
_FUZZ = 1e-8

# Opening brackets and quotes: none may end a line (GB/T 15834, JIS X 4051).
_OPENING = "（［｛〔〈《「『【〖〘〚“‘([{"
# Closing brackets and quotes, and sentence punctuation: none may begin a line.
_CLOSING = "）］｝〕〉》」』】〗〙〛”’)]}"
_STOPS = "、。，．：；？！,.:;?!・‼⁇⁈⁉"
_DIGITS = frozenset("0123456789０１２３４５６７８９")


@dataclass(frozen=True)
class BreakRule:
    """Where one language may break a line that has no spaces: never before a `cannot_start`
    character nor after a `cannot_end` one, nor inside a run of Latin letters or digits."""

    name: str
    cannot_start: frozenset[str]
    cannot_end: frozenset[str]

    def may_break(self, chars: Sequence[str], at: int) -> bool:
        """Whether a line may end just before `chars[at]` (0 < at < len(chars))."""
        before, after = chars[at - 1], chars[at]
        if after in self.cannot_start or before in self.cannot_end or after.isspace():
            return False
        # Letters, digits and Latin punctuation stay together, as words (`kg`, `30%`, `1.0`),
        # and a number keeps the character after it: "24日", "3人", not "24" then "日".
        return not ((_in_word(before) and _in_word(after)) or before in _DIGITS)

    def line_end(self, chars: Sequence[str], start: int, full: int) -> int:
        """Where a line ends that has room for `chars[start:full]` but not for `chars[full]`."""
        if chars[full].isspace():
            return full  # the break takes the space
        floor = start + max(1, (full - start) // 2)  # move back at most half the line
        for at in range(full, floor - 1, -1):
            if self.may_break(chars, at):
                return at
        return full  # nowhere allowed (one very long word): cut where the line is full


def _in_word(char: str) -> bool:
    """Part of a run that is not CJK text: ReportLab's test, code points below U+3000."""
    return bool(char) and ord(char) < 0x3000 and not char.isspace()


def _rule(name: str, cannot_start: str, cannot_end: str) -> BreakRule:
    return BreakRule(name, frozenset(cannot_start), frozenset(cannot_end))


# ReportLab's list (reportlab.lib.textsplit.ALL_CANNOT_START: closing marks, small kana,
# iteration and long-vowel marks, degree and percent signs), which Chinese text keeps using.
_REPORTLAB_CANNOT_START = (
    "!',.:;?!\")]\u3001\u3002\u300d\u300f\u3011\u3015\uff3d\uff09"
    "\u3005\u2015\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u30a1\u30a3"
    "\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30fc\u30f5\u30f6"
    "\u309b\u309c\u30fb\u30fd\u30fe\u309d\u309e\u2010\xb0\u2032\u2033\u2103\uffe0\uff05\u2030"
)
# GB/T 15834 and common practice: the Chinese punctuation that must not begin a line.
_CHINESE_CANNOT_START = (
    "\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d\uff5e"  # ！），．：；？］｝～
    "\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b"  # 、。〉》」』】〕〗〙〛
    "\u201d\u2019\u2026\u00b7\u2030%"  # ” ’ … · ‰ %
)
_SMALL_KANA = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"

RULES: dict[str, BreakRule] = {
    # Chinese, Simplified and Traditional (GB/T 15834 and common practice).
    "zh": _rule("zh", _REPORTLAB_CANNOT_START + _CHINESE_CANNOT_START, _OPENING),
    # Japanese kinsoku (JIS X 4051, W3C JLREQ): closing marks, sentence punctuation, small
    # kana, 々 ゝ ゞ ヽ ヾ, ー and the unit signs never begin a line.
    "ja": _rule("ja", _CLOSING + _STOPS + _SMALL_KANA + "々〻ゝゞヽヾーｰ゠‐–〜～%％‰℃°′″", _OPENING),
}


def break_rule(name: str) -> BreakRule:
    return RULES[name]


def line_spans(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float],
               rule: BreakRule, forced: Collection[int] = ()) -> list[tuple[int, int]]:
    """`(start, end)` of each line of `chars`: as many as fit, then back to the rule's break.

    `max_widths[i]` is the width of line i (the last one repeats); `forced` holds the indices
    after which a line must end (`<br/>`). Spaces at a break stay on the line above, so no
    line begins with one; every line has at least one character.
    """
    spans: list[tuple[int, int]] = []
    start, count = 0, len(chars)
    while start < count:
        limit = max_widths[min(len(spans), len(max_widths) - 1)]
        end, used = start, 0.0
        while end < count and (end == start or used + widths[end] <= limit + _FUZZ):
            used += widths[end]
            end += 1
            if end - 1 in forced:
                break
        if end < count and end - 1 not in forced:
            end = rule.line_end(chars, start, end)
            while end < count and chars[end].isspace():
                end += 1
        spans.append((start, end))
        start = end
    return spans


def _trimmed(chars: Sequence[str], start: int, end: int) -> int:
    """`end` without the spaces that close the line (they take no room on paper)."""
    while end > start and chars[end - 1].isspace():
        end -= 1
    return end


def break_cjk_lines(paragraph: Any, max_widths: float | list[float], rule: BreakRule) -> Any:
    """`Paragraph.breakLinesCJK` by `rule`: the same line structures ReportLab makes.

    One font (kind 0): a line is `(extra space, [text])`. Several fonts (kind 1): a line is
    ReportLab's `FragLine` of the characters' fragments.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine

    # A list is used as it is: ReportLab narrows its first width for a bullet, in place.
    widths_of_lines = max_widths if isinstance(max_widths, list) else [max_widths]
    style = paragraph.style
    paragraph.height = 0
    _handleBulletWidth(paragraph.bulletText, style, widths_of_lines)
    frags = paragraph.frags
    split_half = hasattr(paragraph, "blPara") and bool(getattr(paragraph, "_splitpara", False))
    if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
        frag = frags[0]
        if split_half:
            return frag.clone(kind=0, lines=paragraph.blPara.lines)
        text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
        widths = [stringWidth(c, frag.fontName, frag.fontSize) for c in text]
        lines = []
        for i, (start, end) in enumerate(line_spans(text, widths, widths_of_lines, rule)):
            end = _trimmed(text, start, end)
            limit = widths_of_lines[min(i, len(widths_of_lines) - 1)]
            lines.append((limit - sum(widths[start:end]), [text[start:end]]))
        return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
    if not frags:
        return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName,
                         textColor=style.textColor, lines=[], ascent=style.fontSize,
                         descent=-0.2 * style.fontSize)
    if split_half:
        return paragraph.blPara
    auto_leading = getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
    calc_bounds = auto_leading not in ("", "off")
    units = [cjkU(c, f, "utf8") for f in frags for c in (f.text or [""])]
    chars = [str(u) for u in units]
    unit_widths = [float(u.width) for u in units]
    forced = {i for i, u in enumerate(units) if hasattr(u.frag, "lineBreak")}
    lines = []
    for i, (start, end) in enumerate(line_spans(chars, unit_widths, widths_of_lines, rule, forced)):
        kept = _trimmed(chars, start, end)
        limit = widths_of_lines[min(i, len(widths_of_lines) - 1)]
        used = sum(unit_widths[start:kept])
        lines.append(makeCJKParaLine(units[start:kept], limit, used, limit - used,
                                     end - 1 in forced, calc_bounds))
    return ParaLines(kind=1, lines=lines)


class CJKParagraph(SharedParagraph):
    """A shared paragraph whose lines break by its style's rule (`style.lineBreakRule`)."""

    def breakLinesCJK(self, maxWidths: float | list[float]) -> Any:  # noqa: N802, N803
        return break_cjk_lines(self, maxWidths, self.style.lineBreakRule)
