"""Pictograms and body figures for handouts, drawn from their SVG files as ReportLab Drawings.

They are drawn in the colours of `handout.theme.ArtColours` (`make_palette(...).art`); the
files, their names and their drawing rules are `handout.artfiles`.
"""

from .art import FIGURE_ASPECT, body_figure, pictogram, zone_box

__all__ = ["FIGURE_ASPECT", "body_figure", "pictogram", "zone_box"]
