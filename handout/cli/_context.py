"""What every command reads before its work: the content library, the clinic profile and the
request fields, each turned from what was typed into the library's types in one way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handout.errors import BadInputError

if TYPE_CHECKING:
    from handout.library import ContentLibrary
    from handout.options import Clinic
    from handout.request import Value


def content_library(content: Path | None) -> ContentLibrary:
    from handout.library import ContentLibrary

    if content is None:
        return ContentLibrary()
    if not content.is_dir():
        raise BadInputError(f"--content {content} is not a folder")
    return ContentLibrary(content)


def clinic_profile(path: Path | None) -> Clinic:
    from handout.cli._report import warn
    from handout.clinic import load_clinic
    from handout.options import Clinic

    return load_clinic(path, warn=warn) if path is not None else Clinic()


def request_fields(**values: Value) -> dict[str, Value]:
    """The request fields the user gave (None and False mean "not given")."""
    return {name: value for name, value in values.items() if value not in (None, False, "")}
