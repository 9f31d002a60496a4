"""Chinese line breaking: teach ReportLab's CJK wrapper the full-width punctuation of Chinese.

ReportLab's `wordWrap='CJK'` keeps a "cannot start a line" character on the line above (it
hangs into the margin), but its list is Japanese-centred: it lacks the full-width comma,
colon, semicolon, question and exclamation marks and the closing quotes that Chinese uses,
so a line could start with "，". The list is a module constant; adding to it only stops
breaks that no CJK typesetting rule allows, so extending it process-wide is safe.
"""

from __future__ import annotations

from functools import cache

from handout.caches import register

# GB/T 15834 and common practice: punctuation that must not begin a line.
CANNOT_START = (
    "\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d\uff5e"  # ！），．：；？］｝～
    "\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b"  # 、。〉》」』】〕〗〙〛
    "\u201d\u2019\u2026\u00b7\u2030%"  # ” ’ … · ‰ %
)


@register
@cache
def extend_cannot_start() -> str:
    """Add Chinese punctuation to ReportLab's cannot-start set (once); return the new set."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(c for c in CANNOT_START if c not in paragraph.ALL_CANNOT_START)
    paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + extra
    textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    return str(paragraph.ALL_CANNOT_START)
