"""`handout batch`: one handout per CSV row, built on every core, optionally emailed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handout.cli._options import ClinicOpt, ContentOpt, DateOpt, ShardOpt, WorkersOpt
from handout.cli._report import error_line, reporting, warn
from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.delivery.batch import BuildReport, Entry
    from handout.delivery.mail import SmtpSettings
    from handout.delivery.rows import Row
    from handout.errors import Issue
    from handout.library import ContentLibrary

CSV_HELP = (
    "CSV with a header row. Columns: {columns} (all optional; empty cells take the defaults). "
    "With --merge-manifests: the folders the shards wrote to."
)


def batch(
    paths: Annotated[list[Path], typer.Argument(help=CSV_HELP, show_default=False, metavar="CSV")],
    article: Annotated[str | None, typer.Option(help="Article for rows without an 'article' column.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Output folder (default out/<CSV name>/): the PDFs, manifest.csv and sent-log.tsv."),
    ] = None,
    clinic: ClinicOpt = None,
    date: DateOpt = None,
    send: Annotated[
        bool, typer.Option("--send", help="Email each row's PDF to its 'email' address (once, even across re-runs).")
    ] = False,
    encrypt: Annotated[
        bool,
        typer.Option("--encrypt", help="Protect every PDF with AES-256, each with its patient's own password: the "
                     "row's 'password' cell, else one made for it and written to passwords.csv (mode 0600)."),
    ] = False,
    shared_password: Annotated[
        bool,
        typer.Option("--shared-password", help="With --encrypt: one password for every PDF "
                     "(HANDOUT_PDF_PASSWORD or a prompt), instead of one per patient."),
    ] = False,
    mark_sent: Annotated[
        str | None,
        typer.Option(metavar="ROWS", help="Rows a stopped run left unknown that did arrive (you checked the sent "
                     "mail), e.g. 7,12: recorded as sent."),
    ] = None,
    send_again: Annotated[
        str | None,
        typer.Option(metavar="ROWS", help="Rows a stopped run left unknown that did not arrive: sent again."),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Build the valid rows even if others have problems.")
    ] = False,
    workers: WorkersOpt = None,
    shard: ShardOpt = None,
    merge_manifests: Annotated[
        bool, typer.Option("--merge-manifests", help="Join the shards' manifests in the given folders into --out.")
    ] = False,
    content: ContentOpt = None,
) -> None:
    """Build a handout for every row of a CSV (mail-merge), and with --send email each one.

    Every row is checked before anything is built; problems are listed as CSV:ROW: column: what
    is wrong. Re-running finishes what is missing and never sends a row twice. File names,
    manifest and logs carry row numbers, never names. Example:
    `handout batch patients.csv --article back-spasms-pregnancy --clinic clinic.yaml --send`.
    """
    with reporting():
        if merge_manifests:
            return _merge(paths, out)
        if len(paths) != 1:
            raise BadInputError("give one CSV file (or --merge-manifests with the shards' folders)")
        from handout.cli._context import clinic_profile, content_library
        from handout.delivery import mail
        from handout.delivery.batch import manifest_name
        from handout.delivery.rows import read_rows
        from handout.jobs import Shard

        csv_file, part = paths[0], Shard.parse(shard)
        library, profile = content_library(content), clinic_profile(clinic)
        settings = mail.smtp_settings(profile).require_server() if send else None
        if settings is not None:
            mail.signer(profile, settings.sender)
        rows, issues = read_rows(csv_file, library, profile, article=article, date=_date(date), need_email=send,
                                 encrypt=encrypt)
        _stop_on(issues, skip_invalid)
        rows = [row for row in rows if part.owns(row.number - 2)]
        if not rows:
            raise BadInputError(f"{csv_file}: no valid rows to build" + (" in this shard" if part.count > 1 else ""))
        if shared_password and not encrypt:
            raise BadInputError("--shared-password goes with --encrypt")
        settle = _row_numbers(mark_sent, "--mark-sent"), _row_numbers(send_again, "--send-again")
        if any(settle) and not send:
            raise BadInputError("--mark-sent and --send-again go with --send")
        password = _password() if shared_password else None
        if send and any(row.opts.patient and not row.encrypt for row in rows):
            warn("these PDFs carry patients' names and are not encrypted, and each email's subject names the "
                 "condition; consider --encrypt (AES-256, one password per patient, given separately)")
        folder = out or Path("out") / csv_file.stem
        invalid = [e for e in _invalid_entries(issues) if part.owns(e.row - 2)]
        report = _build(rows, folder, library.root, password, workers, invalid, part.suffix)
        failed = _report_build(csv_file, folder, rows, report, invalid)
        problems = _send(rows, report, folder, settings, library, csv_file, part.suffix, settle) if settings else 0
        typer.echo(str(folder / manifest_name(part.suffix)))
        if failed or problems:
            raise typer.Exit(1)


def _date(text: str | None) -> dt.date | None:
    from handout.request import parse_date

    try:
        return parse_date(text) if text else None
    except ValueError as exc:
        raise BadInputError(f"--date: {exc}") from None


def _row_numbers(text: str | None, option: str) -> list[int]:
    numbers = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not all(n.isdigit() for n in numbers):
        raise BadInputError(f"{option} takes row numbers as your spreadsheet shows them, e.g. 7,12")
    return [int(n) for n in numbers]


def _password() -> str:
    from handout.cli._password import ask_password

    return ask_password()


def _stop_on(issues: list[Issue], skip_invalid: bool) -> None:
    """Problems stop the run, unless --skip-invalid and all of them are in rows (not the header)."""
    from handout.errors import ContentError

    if issues and (not skip_invalid or any(issue.line in (None, 1) for issue in issues)):
        raise ContentError(issues)
    for issue in issues:
        warn(f"skipped {issue}")


def _build(rows: list[Row], folder: Path, root: Path, password: str | None,
           workers: int | None, invalid: list[Entry], suffix: str) -> BuildReport:
    from handout.cli._progress import progress
    from handout.delivery.batch import build_rows

    with progress("Building", len(rows)) as advance:
        report = build_rows(rows, folder, root, shared_password=password, workers=workers, invalid=invalid,
                            on_done=lambda _: advance(1), shard_suffix=suffix)
    return report


def _report_build(csv_file: Path, folder: Path, rows: list[Row], report: BuildReport, invalid: list[Entry]) -> int:
    for entry in report.failed:
        error_line(f"{csv_file}:{entry.row}: {entry.error}")
    ok = len(rows) - len(report.failed)
    typer.echo(
        f"Built {ok} of {len(rows)} rows into {folder}/ ({report.skipped} already done)"
        + (f"; {len(report.failed)} failed" if report.failed else "")
        + (f"; {len(invalid)} invalid rows skipped" if invalid else "")
        + (f"; {report.removed} files of rows no longer asked for removed" if report.removed else "")
    )
    if report.passwords is not None:
        typer.echo(f"Each patient's password: {report.passwords} (give each by phone; keep the file private)")
    return len(report.failed)


def _send(rows: list[Row], report: BuildReport, folder: Path, settings: SmtpSettings,
          library: ContentLibrary, csv_file: Path, suffix: str, settle: tuple[list[int], list[int]]) -> int:
    from handout.cli._progress import progress
    from handout.delivery.batch import send_rows

    ok = len(rows) - len(report.failed)
    with progress("Sending", ok) as advance:
        sent = send_rows(rows, report, folder, settings, library, on_done=lambda _: advance(1),
                                shard_suffix=suffix, mark_sent=settle[0], send_again=settle[1])
    for row, message in sent.problems:
        error_line(f"{csv_file}:{row}: {message}")
    typer.echo(f"Sent {sent.sent} email{'' if sent.sent == 1 else 's'} ({sent.before} already sent, so not again)"
               + (f"; {len(sent.problems)} not sent" if sent.problems else ""))
    return len(sent.problems)


def _merge(folders: list[Path], out: Path | None) -> None:
    from handout.delivery.batch import merge_manifests

    if out is None:
        raise BadInputError("--merge-manifests needs --out, the folder for the joined manifest.csv")
    merged = merge_manifests(folders, out)
    states = Counter(entry.status for entry in merged.entries)
    typer.echo(f"Joined {merged.manifests} manifests: {len(merged.entries)} rows ("
               + ", ".join(f"{n} {status}" for status, n in sorted(states.items())) + ")")
    typer.echo(str(merged.path))


def _invalid_entries(issues: list[Issue]) -> list[Entry]:
    """Manifest entries for the rows --skip-invalid left out, with their problems."""
    from handout.delivery.batch import Entry

    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.line or 0, []).append(
            f"{issue.field}: {issue.message}" if issue.field else issue.message
        )
    return [Entry(row, status="invalid", error="; ".join(lines)) for row, lines in sorted(by_row.items())]
