"""Text below the paragraph level: glyph coverage, per-word font fallback, shaping and bidi.

ReportLab 5.1 draws Latin, Cyrillic and CJK well by itself; what it lacks (a fallback font per
word, right-to-left paragraphs, a check for missing glyphs) lives here, so `typeset.py` can stay
a thin layer of styles.
"""

from handout.text.bidi import BidiParagraph, draw_shaped_line, shaped_line_width
from handout.text.coverage import coverage_problem, describe_chars, missing_glyphs
from handout.text.fallback import font_runs

__all__ = [
    "BidiParagraph",
    "coverage_problem",
    "describe_chars",
    "draw_shaped_line",
    "font_runs",
    "missing_glyphs",
    "shaped_line_width",
]
