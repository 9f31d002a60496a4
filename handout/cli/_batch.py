"""`handout batch`: one handout per CSV row, built on every core, optionally emailed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handout.cli._options import ContentOpt
from handout.cli._report import error_line, reporting
from handout.errors import Issue

if TYPE_CHECKING:
    from handout.delivery.batch import Entry

CSV_HELP = (
    "CSV with a header row. Columns: article, name, email, lang, country, region, format, paper, "
    "note, date, large_print, grayscale (all optional; empty cells take the defaults)."
)


def batch(
    csv_file: Annotated[Path, typer.Argument(help=CSV_HELP, show_default=False, metavar="CSV")],
    article: Annotated[
        str | None, typer.Option(help="Article for rows without an 'article' column.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder (default out/<CSV name>/): the PDFs, manifest.csv and sent-log.tsv."
        ),
    ] = None,
    clinic: Annotated[Path | None, typer.Option(help="Clinic profile YAML, for every row.")] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Date printed on rows without a date, YYYY-MM-DD (default today)."),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Email each row's PDF to its 'email' address (once, even across re-runs).",
        ),
    ] = False,
    encrypt: Annotated[
        bool,
        typer.Option(
            "--encrypt",
            help="Protect every PDF with AES-256 (password: HANDOUT_PDF_PASSWORD or a prompt).",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Build the valid rows even if others have problems."),
    ] = False,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Parallel builds (default: one per CPU core).")
    ] = None,
    content: ContentOpt = None,
) -> None:
    """Build a handout for every row of a CSV (mail-merge), and with --send email each one.

    Every row is checked before anything is built; problems are listed as CSV:ROW: column: what
    is wrong. Re-running finishes what is missing and never sends a row twice. File names,
    manifest and logs carry row numbers, never names. Example:
    `handout batch patients.csv --article back-spasms-pregnancy --clinic clinic.yaml --send`.
    """
    with reporting():
        from handout.cli._build import _parse_date
        from handout.cli._email import ask_password
        from handout.clinic import load_clinic
        from handout.delivery import batch as runner
        from handout.delivery import mail
        from handout.delivery.rows import read_rows
        from handout.errors import BadInputError, ContentError
        from handout.library import ContentLibrary
        from handout.options import Clinic

        if content is not None and not content.is_dir():
            raise BadInputError(f"--content {content} is not a folder")
        library = ContentLibrary(content) if content else ContentLibrary()
        profile = load_clinic(clinic) if clinic else Clinic()
        settings = mail.smtp_settings(profile).require_server() if send else None
        if settings is not None:
            mail.signer(profile, settings.sender)
        rows, issues = read_rows(
            csv_file,
            library,
            profile,
            article=article,
            date=_parse_date(date),
            need_email=send,
            encrypt=encrypt,
        )
        if issues and (not skip_invalid or any(issue.line in (None, 1) for issue in issues)):
            raise ContentError(issues)
        for issue in issues:
            typer.echo(f"handout: warning: skipped {issue}", err=True)
        if not rows:
            raise BadInputError(f"{csv_file}: no valid rows to build")
        password = ask_password() if encrypt else None
        if send and not encrypt and any(row.opts.patient for row in rows):
            typer.echo(
                "handout: warning: these PDFs carry patients' names and are not encrypted; "
                "consider --encrypt (AES-256) and give the password separately",
                err=True,
            )
        folder = out or Path("out") / csv_file.stem
        invalid = _invalid_entries(issues)
        with typer.progressbar(
            length=len(rows), label="Building", show_pos=True, file=sys.stderr
        ) as bar:
            report = runner.build_rows(
                rows,
                folder,
                library.root,
                password=password,
                workers=workers,
                invalid=invalid,
                on_done=lambda _: bar.update(1),
            )
        for entry in report.failed:
            error_line(f"{csv_file}:{entry.row}: {entry.error}")
        ok = len(rows) - len(report.failed)
        typer.echo(
            f"Built {ok} of {len(rows)} rows into {folder}/ ({report.skipped} already done)"
            + (f"; {len(report.failed)} failed" if report.failed else "")
            + (f"; {len(invalid)} invalid rows skipped" if invalid else "")
        )
        problems = 0
        if settings is not None:
            with typer.progressbar(
                length=ok, label="Sending", show_pos=True, file=sys.stderr
            ) as bar:
                sent = runner.send_rows(
                    rows, report, folder, settings, library, on_done=lambda _: bar.update(1)
                )
            for row, message in sent.problems:
                error_line(f"{csv_file}:{row}: {message}")
            problems = len(sent.problems)
            typer.echo(
                f"Sent {sent.sent} email{'' if sent.sent == 1 else 's'} "
                f"({sent.before} sent by an earlier run)"
                + (f"; {problems} not sent" if problems else "")
            )
        typer.echo(str(folder / runner.MANIFEST))
        if report.failed or problems:
            raise typer.Exit(1)


def _invalid_entries(issues: list[Issue]) -> list[Entry]:
    """Manifest entries for the rows --skip-invalid left out, with their problems."""
    from handout.delivery.batch import Entry

    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.line or 0, []).append(
            f"{issue.field}: {issue.message}" if issue.field else issue.message
        )
    return [
        Entry(row, status="invalid", error="; ".join(lines))
        for row, lines in sorted(by_row.items())
    ]
