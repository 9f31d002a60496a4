"""Errors that reach the user as one clear line each, with the exit code the CLI uses."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILED = 1  # a valid request that could not be done (does not fit, SMTP refused, ...)
EXIT_BAD_INPUT = 2  # usage, malformed or invalid content, clinic profile or CSV


@dataclass(frozen=True)
class Issue:
    """One problem in an input file, placed as precisely as we can."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class HandoutError(Exception):
    """Base of every error we expect; the CLI prints `lines` and exits with `exit_code`."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def lines(self) -> list[str]:
        return [self.message]


class BadInputError(HandoutError):
    """The user asked for something that does not exist or gave a malformed file (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class ContentError(BadInputError):
    """Content or profile files with one or more problems, each reported on its own line."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))

    @property
    def lines(self) -> list[str]:
        return [str(issue) for issue in self.issues]


class BuildFailedError(HandoutError):
    """A valid request that could not be done, e.g. it does not fit its page budget (exit 1)."""

    exit_code = EXIT_FAILED


class DoesNotFitError(BuildFailedError):
    """Content that does not fit its page or panel at this density; a denser layout may fit.

    `message` says what in plain words (`cannot hold 7 rows`); `detail` keeps the measurements
    (`7 action rows need 147 mm but ... has 104 mm`) for `--debug` and the check's JSON.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail
