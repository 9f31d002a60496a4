"""Turn trusted patient-education articles into printable, illustrated PDFs."""

__version__ = "0.1.0"
