"""Reads a mail-merge CSV into rows to build, checking every cell of every row in one pass.

Rows are numbered as a spreadsheet shows them (the header is row 1), and problems never echo a
patient's name, address or note.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handout.build import output_name
from handout.errors import BadInputError, Issue
from handout.library import ContentLibrary
from handout.model import ALL_REGIONS
from handout.options import Clinic, Paper, RenderOptions, default_paper, split_locale

COLUMNS = (
    "article",
    "name",
    "email",
    "lang",
    "country",
    "region",
    "format",
    "paper",
    "note",
    "date",
    "large_print",
    "grayscale",
)
ALIASES = {
    "patient": "name",
    "language": "lang",
    "e_mail": "email",
    "edition_large_print": "large_print",
}
TRUE, FALSE = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Row:
    """One valid CSV row, ready to build; `number` is the row a spreadsheet shows (header = 1)."""

    number: int
    article: str
    opts: RenderOptions
    email: str = ""
    encrypt: bool = False

    @property
    def filename(self) -> str:
        return f"row-{self.number:04d}_{output_name(self.article, self.opts)}"

    @property
    def inputs(self) -> str:
        """A digest of everything the row asked for: an edited row is built (and sent) again."""
        asked = repr((self.article, self.opts, self.encrypt)).encode()
        return hashlib.sha256(asked).hexdigest()[:16]

    @property
    def recipient(self) -> str:
        """The address as a digest, for the sent-log (no addresses at rest in our files)."""
        return hashlib.sha256(self.email.strip().lower().encode()).hexdigest()[:16]


def read_rows(
    path: Path,
    library: ContentLibrary,
    clinic: Clinic,
    *,
    article: str | None = None,
    date: dt.date | None = None,
    need_email: bool = False,
    encrypt: bool = False,
) -> tuple[list[Row], list[Issue]]:
    """Every valid row, and one Issue per problem in every other row (all found in one pass)."""
    name = str(path)
    header, records = _records(path)
    issues: list[Issue] = []
    columns = []
    for raw in header:
        column = ALIASES.get(_norm(raw), _norm(raw))
        if column not in COLUMNS:
            issues.append(
                Issue(
                    name,
                    1,
                    raw or "(empty)",
                    f"unknown column; known columns: {', '.join(COLUMNS)}",
                )
            )
        elif column in columns:
            issues.append(Issue(name, 1, raw, "column appears twice"))
        columns.append(column)
    if issues:
        return [], issues
    if not records:
        return [], [Issue(name, None, "", "no rows below the header; add one row per patient")]
    rows: list[Row] = []
    for number, values in records:
        if len(values) > len(columns):
            issues.append(
                Issue(
                    name,
                    number,
                    "",
                    f"{len(values)} values but {len(columns)} columns; "
                    "quote values that contain the separator",
                )
            )
            continue
        cells = dict(zip(columns, (" ".join(v.split()) for v in values), strict=False))
        row_issues = sorted(
            (
                Issue(name, number, column, message)
                for column, message in _check(cells, library, article, need_email)
            ),
            key=lambda issue: columns.index(issue.field) if issue.field in columns else -1,
        )
        if row_issues:
            issues.extend(row_issues)
            continue
        rows.append(_row(number, cells, clinic, article, date, encrypt))
    return rows, issues


def _records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"{path}: not UTF-8 text (byte {exc.start}); "
            "save it as 'CSV UTF-8' from your spreadsheet"
        ) from None
    except OSError as exc:
        raise BadInputError(f"cannot read {path}: {exc.strerror}") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # spreadsheets in many locales export with ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise BadInputError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from None
    if not lines:
        raise BadInputError(
            f"{path}: empty; the first line must name the columns, e.g. name,lang,region,email"
        )
    # Records, not lines, are what a spreadsheet numbers: a quoted line break stays in its row.
    records = [
        (number, values)
        for number, values in enumerate(lines[1:], start=2)
        if any(v.strip() for v in values)
    ]
    return lines[0], records


def _norm(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def _check(
    cells: dict[str, str], library: ContentLibrary, default_article: str | None, need_email: bool
) -> Iterator[tuple[str, str]]:
    """(column, what is wrong) for each problem of one row; never echoes a name or address."""
    from handout.delivery.mail import valid_address
    from handout.formats import FORMAT_NAMES, get_format

    article = cells.get("article") or default_article
    if not article:
        yield "article", "missing; add an 'article' column or pass --article"
    elif article not in library.article_ids:
        yield (
            "article",
            f"unknown article '{article}'; valid articles: {', '.join(library.article_ids)}",
        )
        article = None
    email = cells.get("email", "")
    if need_email and not email:
        yield "email", "missing; --send needs an address on every row"
    elif email and not valid_address(email):
        yield "email", "not an email address such as name@example.org"
    lang, country = _locale(cells)
    if country and not (len(country) == 2 and country.isalpha()):
        yield "country", f"'{country}' is not a two-letter country code such as US or GB"
    if article:
        languages = library.languages(article)
        if lang not in languages:
            yield (
                "lang",
                f"'{lang}' is not available for {article}; available: {', '.join(languages)}",
            )
        regions = (*library.load(article).region_ids, ALL_REGIONS)
        if (cells.get("region") or ALL_REGIONS) not in regions:
            yield (
                "region",
                f"unknown region '{cells['region']}'; valid regions: {', '.join(regions)}",
            )
    paper = cells.get("paper", "").lower()
    if paper and paper not in {p.value for p in Paper}:
        yield "paper", f"unknown paper '{paper}'; valid papers: {', '.join(p.value for p in Paper)}"
    fmt_name = cells.get("format") or "handout"
    if fmt_name not in FORMAT_NAMES:
        yield "format", f"unknown format '{fmt_name}'; valid formats: {', '.join(FORMAT_NAMES)}"
    elif not paper or paper in {p.value for p in Paper}:
        papers = get_format(fmt_name).PAPERS
        if (Paper(paper) if paper else default_paper(country)) not in papers:
            chosen = paper or f"{default_paper(country).value} (the default)"
            yield (
                "paper",
                f"format '{fmt_name}' does not print on {chosen}; "
                f"valid papers: {', '.join(p.value for p in papers)}",
            )
    for column in ("large_print", "grayscale"):
        if cells.get(column, "").lower() not in TRUE | FALSE:
            yield column, f"'{cells[column]}' is not yes or no"
    if cells.get("date"):
        try:
            dt.date.fromisoformat(cells["date"])
        except ValueError:
            yield "date", f"'{cells['date']}' is not a date; write it as YYYY-MM-DD"


def _locale(cells: dict[str, str]) -> tuple[str, str | None]:
    """`es-US` -> (`es`, `US`), as `--lang` does; an explicit country column wins."""
    return split_locale(cells.get("lang") or "en", cells.get("country") or None)


def _row(
    number: int,
    cells: dict[str, str],
    clinic: Clinic,
    article: str | None,
    date: dt.date | None,
    encrypt: bool,
) -> Row:
    lang, country = _locale(cells)
    paper = cells.get("paper", "")
    opts = RenderOptions(
        format=cells.get("format") or "handout",
        region=cells.get("region") or ALL_REGIONS,
        lang=lang,
        paper=Paper(paper.lower()) if paper else default_paper(country),
        country=country,
        clinic=clinic,
        patient=cells.get("name", ""),
        note=cells.get("note", ""),
        date=dt.date.fromisoformat(cells["date"]) if cells.get("date") else date,
        large_print=cells.get("large_print", "").lower() in TRUE,
        grayscale=cells.get("grayscale", "").lower() in TRUE,
    )
    return Row(number, cells.get("article") or article or "", opts, cells.get("email", ""), encrypt)
