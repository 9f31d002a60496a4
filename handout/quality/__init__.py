"""Quality gates for `handout check`: what every article, language and printed PDF must meet.

Each gate is a small function that returns `Result`s (pass, warn or fail, with a one-line
detail); a gate that finds several problems returns one result per problem, so every problem
can be listed. The thresholds come from the print and health-literacy standards (section 3 of
the project's print-standards research) and the product brief's "Quality gates".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Status.PASS: 0, Status.WARN: 1, Status.FAIL: 2}

# Gates about the content (one result set per article × language), in table order.
CONTENT_GATES = (
    "schema",
    "ids",
    "ui-keys",
    "stale",
    "draft",
    "glyphs",
    "review",
    "lists",
    "checklist",
    "art",
    "reading",
)
# Gates about each generated PDF, read back from the PDF itself, in table order.
OUTPUT_GATES = ("build", "pages", "text-size", "contrast", "margins", "fonts", "metadata")
ALL_GATES = CONTENT_GATES + OUTPUT_GATES


@dataclass(frozen=True)
class Result:
    """The outcome of one gate on one subject (an article language, or one PDF).

    `file` names the PDF (output gates only); the other fields place the subject in the rack;
    `clinic` names the profile it was built with when that is not the one asked for
    (`worst-case`: `handout check` builds every output with the bundled worst case too);
    `measured` keeps what a layout measured when it did not fit (for the JSON, not the table).
    """

    gate: str
    status: Status
    detail: str
    article: str = ""
    lang: str = ""
    format: str = ""
    paper: str = ""
    region: str = ""
    edition: str = ""
    file: str = ""
    clinic: str = ""
    measured: str = ""

    @property
    def subject(self) -> str:
        """A short name for where the problem is, for the list under the table."""
        if self.file:
            return f"{self.file} ({self.clinic} clinic)" if self.clinic else self.file
        return "/".join(part for part in (self.article or "ui catalogue", self.lang) if part)

    def at(self, **place: str) -> Result:
        """The same result, placed: `at(article=..., lang=..., file=...)`."""
        fields: dict[str, Any] = dict(place)
        return replace(self, **fields)

    def strict(self) -> Result:
        """`--strict`: a warning counts as a failure."""
        if self.status is not Status.WARN:
            return self
        return replace(self, status=Status.FAIL, detail=f"{self.detail} (a warning; --strict)")


def passed(gate: str, detail: str = "") -> Result:
    return Result(gate, Status.PASS, detail)


def warned(gate: str, detail: str) -> Result:
    return Result(gate, Status.WARN, detail)


def failed(gate: str, detail: str) -> Result:
    return Result(gate, Status.FAIL, detail)


def worst(results: list[Result] | tuple[Result, ...]) -> Status | None:
    """The worst status among `results`, or None when there are none (the gate did not run)."""
    if not results:
        return None
    return max((r.status for r in results), key=lambda s: s.rank)


__all__ = [
    "ALL_GATES",
    "CONTENT_GATES",
    "OUTPUT_GATES",
    "Result",
    "Status",
    "failed",
    "passed",
    "warned",
    "worst",
]
