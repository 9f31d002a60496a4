"""How big each input may be, in one table: a YAML file, a patient's name, a note, a clinic field.

Bounds keep a hostile or mistaken input from costing gigabytes or minutes, and turn what would be
a layout error deep in ReportLab into one line that names the field. Every way in (the CLI, a
batch CSV row, later an HTTP form) checks what it receives with `check_length`; `check_user_text`
is the library's own check of one request, so a way in that forgets is still covered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.options import RenderOptions

# YAML (content files and clinic profiles). A bundled article is about 10 kB and nests 5 levels.
MAX_YAML_BYTES = 1_000_000
MAX_YAML_ALIAS_VALUES = 10_000  # values aliases may add to one file (an alias bomb adds 10**9)
MAX_YAML_DEPTH = 32

# One text field of an article (a remedy's text, a cause, the intro), in characters: the
# longest bundled one is about 400; a field past this could never fit any layout.
MAX_CONTENT_FIELD = 2_000

# What a user types for one document, in characters.
MAX_PATIENT_NAME = 200
MAX_NOTE = 2_000  # no layout prints more; the A4 handout holds about 1,800 Latin letters

# A clinic profile's text fields, in characters (a name of two lines, an address of two).
CLINIC_LIMITS: dict[str, int] = {"name": 80, "phone": 40, "address": 160, "website": 80}


def too_long(value: str, limit: int) -> str | None:
    """Why `value` is too long (`212 characters, 12 over the limit of 200`), or None."""
    if len(value) <= limit:
        return None
    return f"{len(value):,} characters, {len(value) - limit:,} over the limit of {limit:,}; shorten it"


def check_length(field: str, value: str, limit: int) -> None:
    """Raise BadInputError naming `field` (as the user knows it: `--patient`, `name`) if too long."""
    problem = too_long(value, limit)
    if problem:
        raise BadInputError(f"{field}: {problem}")


def check_user_text(opts: RenderOptions) -> None:
    """Every text a user gave for one document, against its limit."""
    check_length("patient name", opts.patient, MAX_PATIENT_NAME)
    check_length("note", opts.note, MAX_NOTE)
    for key, limit in CLINIC_LIMITS.items():
        check_length(f"clinic {key}", getattr(opts.clinic, key), limit)


def too_long_to_print(opts: RenderOptions, fits: Callable[[RenderOptions], bool]) -> BadInputError | None:
    """When a document does not fit and the user's own text is why: which text, by about how much.

    `fits` builds the document with changed options. Under its limit a note may still be more
    than one layout prints (a trifold panel holds about 600 letters), where ReportLab would only
    say that a flowable is too large.
    """
    fields: list[tuple[str, str, Callable[[str], RenderOptions]]] = [
        ("note", opts.note, lambda text: replace(opts, note=text)),
        ("patient name", opts.patient, lambda text: replace(opts, patient=text)),
    ]
    for name, text, with_text in fields:
        if text and fits(with_text("")):
            room = longest_fitting(text, _composed(fits, with_text))
            return BadInputError(
                f"{name}: {len(text):,} characters, about {len(text) - room:,} more than the "
                f"{opts.format} on {opts.paper.value} has room for (about {room:,}); shorten it"
            )
    return None


def _composed(fits: Callable[[RenderOptions], bool],
              with_text: Callable[[str], RenderOptions]) -> Callable[[str], bool]:
    return lambda text: fits(with_text(text))


def longest_fitting(value: str, fits: Callable[[str], bool]) -> int:
    """About how many leading characters of `value` fit (`fits(prefix)`), to within 2 %.

    For a message that says by how much a text is too long: a few layouts, not one per character.
    """
    lo, hi = 0, len(value)  # fits(value[:lo]) holds, fits(value[:hi]) does not
    while hi - lo > max(10, len(value) // 50):
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(value[:mid]) else (lo, mid)
    return lo
