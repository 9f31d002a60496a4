"""Vector pictograms and the body figure for handouts, as ReportLab Drawings without text.

They are drawn in the colours of `handout.theme.ArtColours` (`make_palette(...).art`).
"""

from .body import FIGURE_ASPECT, FIGURE_ZONES, body_figure, zone_box
from .pictograms import PICTOGRAM_IDS, pictogram

__all__ = [
    "FIGURE_ASPECT",
    "FIGURE_ZONES",
    "PICTOGRAM_IDS",
    "body_figure",
    "pictogram",
    "zone_box",
]
