"""Vector pictograms and the body figure for handouts, as ReportLab Drawings without text."""

from ._style import Palette, palette
from .body import FIGURE_ASPECT, FIGURE_ZONES, body_figure, zone_box
from .pictograms import PICTOGRAM_IDS, pictogram

__all__ = [
    "FIGURE_ASPECT",
    "FIGURE_ZONES",
    "PICTOGRAM_IDS",
    "Palette",
    "body_figure",
    "palette",
    "pictogram",
    "zone_box",
]
