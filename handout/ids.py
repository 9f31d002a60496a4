"""The one rule for ids: article, language, format, paper and region, in content and from users.

An id is lower-case letters and digits in words joined by single hyphens (`back-spasms-pregnancy`,
`half-letter`, `zh-hans`). Nothing else, so an id can never name a path (`../../x/en`) outside
its folder or a file outside `--out`. Case is folded first: users type `ES` and `zh-Hans`, and a
language file may be named `zh-Hans.yaml`. A bilingual pair (`es+en`) is two ids, each checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from handout.errors import BadInputError

MAX_ID_LENGTH = 64
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EXAMPLES = {"language": "es or zh-Hans", "article": "back-spasms-pregnancy", "paper": "a4 or half-letter"}


def is_id(text: str) -> bool:
    """Whether `text`, exactly as written, is an id (content files must write ids in lower case)."""
    return len(text) <= MAX_ID_LENGTH and _ID.fullmatch(text) is not None


def check_id(kind: str, value: str) -> str:
    """`value` in lower case when it is an id; else a BadInputError naming `kind` and the rule."""
    folded = value.strip().lower()
    if is_id(folded):
        return folded
    shown = value if len(value) <= 40 else value[:40] + "…"
    example = _EXAMPLES.get(kind, "lower-back")
    raise BadInputError(
        f"{kind} {shown!r} is not a valid {kind} id: use letters, digits and single hyphens "
        f"only (e.g. {example})"
    )


def pick(kind: str, value: str, choices: Iterable[str]) -> str | None:
    """The one of `choices` (names found on disk) that `value` names, ignoring case, or None.

    Paths are then made from the choice, never from what the user typed.
    """
    wanted = check_id(kind, value)
    return next((choice for choice in choices if choice.lower() == wanted), None)


def normalise(text: str) -> str:
    """How a user's spelling of an id is read: case folded, `_` and spaces as hyphens
    (`Half_Letter` and `half letter` are `half-letter`, `ES_us` is `es-us`)."""
    return "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def choose(value: str, choices: Sequence[str], what: str) -> str:
    """The one of `choices` that `value` names as `normalise` reads it, or ValueError listing them."""
    wanted = normalise(value)
    for choice in choices:
        if normalise(choice) == wanted:
            return choice
    raise ValueError(f"unknown {what} '{value.strip()}'; valid {what}s: {', '.join(choices)}")
