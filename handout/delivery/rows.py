"""Reads a mail-merge CSV into rows to build, checking every cell of every row in one pass.

Rows are numbered as a spreadsheet shows them (the header is row 1), and problems never echo a
patient's name, address or note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from handout.build import output_name
from handout.delivery.encrypt import MIN_PASSWORD
from handout.delivery.keys import digest
from handout.errors import BadInputError, Issue
from handout.library import ContentLibrary
from handout.options import Clinic, RenderOptions
from handout.request import Problem, RequestError, parse_request

# A column per request field (the patient's is `name`, as a spreadsheet calls it), and the address.
COLUMN_OF_FIELD = {"patient": "name"}
COLUMNS = (
    "article", "name", "email", "lang", "country", "region", "format", "paper", "note", "date",
    "large_print", "grayscale", "cut_marks", "password",
)
NOT_REQUEST_FIELDS = ("email", "password")
FIELD_OF_COLUMN = {column: name for name, column in COLUMN_OF_FIELD.items()}
ALIASES = {
    "patient": "name",
    "language": "lang",
    "e_mail": "email",
    "edition_large_print": "large_print",
}


@dataclass(frozen=True)
class Row:
    """One valid CSV row, ready to build; `number` is the row a spreadsheet shows (header = 1).

    `password` is the row's own (a `password` cell), else empty: with `encrypt`, the batch then
    makes one for this patient alone."""

    number: int
    article: str
    opts: RenderOptions
    email: str = ""
    encrypt: bool = False
    password: str = field(default="", repr=False)

    @property
    def filename(self) -> str:
        return f"row-{self.number:04d}_{output_name(self.article, self.opts)}"

    def inputs(self, key: bytes) -> str:
        """A keyed digest of what the row asks for (not where it stands in the CSV): an edited
        row is built and sent again, a moved one is not."""
        return digest(key, repr((self.article, self.opts, self.encrypt, self.password)))

    def recipient(self, key: bytes) -> str:
        """The address as a keyed digest, for the sent-log (no addresses at rest in our files)."""
        return digest(key, self.email.strip().lower())


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
            issues.append(Issue(name, number, "", f"{len(values)} values but {len(columns)} columns; "
                                "quote values that contain the separator"))
            continue
        cells = {
            c: v.strip() if c == "password" else " ".join(v.split()) for c, v in zip(columns, values, strict=False)
        }
        try:
            rows.append(_row(number, cells, library, clinic, article, date, encrypt, need_email))
        except RequestError as exc:
            issues.extend(Issue(name, number, exc.names.get(p.field, p.field), p.message) for p in exc.problems)
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


def _row(
    number: int, cells: dict[str, str], library: ContentLibrary, clinic: Clinic, article: str | None,
    date: dt.date | None, encrypt: bool, need_email: bool,
) -> Row:
    """The row as a request, through the same parser as the command line; its address checked too."""
    from handout.delivery.mail import valid_address

    fields = {FIELD_OF_COLUMN.get(c, c): value for c, value in cells.items() if c not in NOT_REQUEST_FIELDS}
    problems: list[Problem] = []
    try:
        request = parse_request(fields, library, clinic=clinic, default_article=article, default_date=date,
                                names=COLUMN_OF_FIELD)
    except RequestError as exc:
        problems += exc.problems
    email = cells.get("email", "")
    if need_email and not email:
        problems.append(Problem("email", "missing; --send needs an address on every row"))
    elif email and not valid_address(email):
        problems.append(Problem("email", "not an email address such as name@example.org"))
    password = cells.get("password", "")
    if password and len(password) < MIN_PASSWORD:  # described, never echoed
        problems.append(Problem("password", f"shorter than {MIN_PASSWORD} characters; give a longer one"))
    if problems:
        order = [FIELD_OF_COLUMN.get(c, c) for c in COLUMNS]
        raise RequestError(sorted(problems, key=lambda p: order.index(p.field) if p.field in order else -1),
                           COLUMN_OF_FIELD)
    return Row(number, request.article, request.opts, email, encrypt or bool(password), password)
