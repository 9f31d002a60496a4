"""One request model for every way in: CLI options, a batch CSV row and (next) an HTTP body.

Each way in hands over plain strings (or booleans); `parse_request` normalises case and
spelling once, checks every field against the registries (articles, languages, formats,
papers, regions, ISO 3166 countries), and returns either a `DocumentRequest` or every
problem at once, each naming its field and, where there is a closed set, the valid choices.
The ways in only decide how a field is named in their messages (`--lang`, a CSV column, JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from handout.caches import register
from handout.errors import BadInputError
from handout.ids import choose
from handout.library import SOURCE_LANG, ContentLibrary
from handout.limits import MAX_NOTE, MAX_PATIENT_NAME, too_long
from handout.model import ALL_REGIONS
from handout.options import Clinic, Paper, RenderOptions, default_paper

Value = str | bool | None

# The request's fields, in the order problems are reported (and CSV columns and JSON keys are named).
FIELDS = (
    "article", "lang", "country", "region", "format", "paper", "large_print", "grayscale",
    "cut_marks", "patient", "note", "date", "encrypt",
)
FLAGS = ("large_print", "grayscale", "cut_marks", "encrypt")
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "on"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "", "off"})


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field, in words for the user; `choices` when the set is closed."""

    field: str
    message: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRequest:
    """A valid request for one document."""

    article: str
    opts: RenderOptions
    encrypt: bool = False


class RequestError(BadInputError):
    """One or more fields of a request are wrong; each way in names the fields its own way."""

    def __init__(self, problems: Sequence[Problem], name: Mapping[str, str] | None = None) -> None:
        self.problems = tuple(problems)
        self.names = dict(name or {})
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        return [f"{self.names.get(p.field, p.field)}: {p.message}" for p in self.problems]


def cli_names(fields: Sequence[str] = FIELDS) -> dict[str, str]:
    """How the CLI names each field in a message: `--large-print`, and the ARTICLE argument."""
    names = {name: "--" + name.replace("_", "-") for name in fields}
    names["article"] = "ARTICLE"
    return names


# --- normalising one value ------------------------------------------------------------------


def flag(text: Value) -> bool | None:
    """A yes/no cell as a bool; None when it is neither."""
    if isinstance(text, bool) or text is None:
        return bool(text)
    word = text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


@register
@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from CLDR: its territory names less its groupings and codes
    reserved for private or exceptional use (EU, UN, ZZ, QO, XA, EA, IC, ...)."""
    from babel import Locale

    reserved = {"AA", "AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "ZZ"}
    reserved |= {f"Q{c}" for c in "MNOPQRSTUVWXYZ"} | {f"X{c}" for c in "ABCDEFGHIJLMNOPQRSTUVWYZ"}
    return frozenset(str(code) for code in Locale("en").territories if len(str(code)) == 2 and code not in reserved)


def parse_country(text: str) -> str:
    """`us`, `US` or `USA` -> `US`; anything else is refused (never a silent default)."""
    code = text.strip().upper()
    if len(code) == 3 and code.isalpha():
        from babel.core import get_global

        aliases = get_global("territory_aliases").get(code, [])
        code = aliases[0] if len(aliases) == 1 else code
    if code in countries():
        return code
    raise ValueError(f"'{text.strip()}' is not a country code; use a two-letter ISO 3166 code such as US, GB or MX")


@dataclass(frozen=True)
class Locale:
    """What a `--lang` value asks for: `es-US+en` is Spanish beside English, for the US."""

    lang: str
    companion: str | None = None
    country: str | None = None


def parse_locale(text: str, known: Sequence[str], article: str | None = None) -> Locale:
    """`ES`, `es_us`, `zh-hans`, `es-US+en`: languages matched to `known` without regard to case."""
    by_lower = {code.lower(): code for code in known}
    parts = [part.strip() for part in text.split("+")]
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"'{text}' is not a language; write one such as es or es-US, or es+en for a bilingual edition")
    langs: list[str] = []
    country: str | None = None
    for part in parts:
        subtags = part.replace("_", "-").split("-")
        region = subtags[-1] if len(subtags) > 1 and (len(subtags[-1]) == 2 or subtags[-1].isdigit()) else None
        code = "-".join(subtags[:-1] if region else subtags).lower()
        if code not in by_lower:
            owner = f"article '{article}' has no" if article else "no article has a"
            raise ValueError(f"{owner} '{part}' version; available: {', '.join(known)}")
        if region is not None:
            found = parse_country(region)
            if country not in (None, found):
                raise ValueError(f"'{text}' names two countries; name one, e.g. {langs[0]}-{country}+{code}")
            country = found
        langs.append(by_lower[code])
    if len(langs) == 2 and langs[0] == langs[1]:
        raise ValueError(f"'{text}': a bilingual edition needs two different languages, e.g. es+en")
    return Locale(langs[0], langs[1] if len(langs) == 2 else None, country)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date; write it as YYYY-MM-DD") from None


# --- the whole request ----------------------------------------------------------------------


@dataclass
class _Parse:
    """The fields parsed so far and the problems found; each field is read at most once."""

    values: Mapping[str, Value]
    problems: list[Problem] = field(default_factory=list)

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return value.strip() if isinstance(value, str) else ""

    def fail(self, name: str, message: str, choices: Sequence[str] = ()) -> None:
        self.problems.append(Problem(name, message, tuple(choices)))


def parse_request(
    values: Mapping[str, Value],
    library: ContentLibrary,
    *,
    clinic: Clinic | None = None,
    default_article: str | None = None,
    default_date: dt.date | None = None,
    names: Mapping[str, str] | None = None,
) -> DocumentRequest:
    """Every field checked and normalised; RequestError lists every problem at once, each field
    named as `names` says (the CLI's options), else by its own name (CSV columns, JSON keys)."""
    p = _Parse(_known_fields(values))
    article = _article(p, library, default_article)
    parsed = _fields(p, library, article, clinic, default_date)
    if p.problems:
        raise RequestError(sorted(p.problems, key=lambda x: FIELDS.index(x.field)), names)
    assert article is not None
    return DocumentRequest(article, parsed.opts, encrypt=parsed.encrypt)


@dataclass(frozen=True)
class Selection:
    """A request for many documents (`build --all`): each field given narrows the rack."""

    article: str | None
    opts: RenderOptions  # the defaults and the personal fields shared by every document
    given: frozenset[str]  # the fields the user gave

    def narrows(self, name: str) -> bool:
        return name in self.given


def parse_selection(
    values: Mapping[str, Value], library: ContentLibrary, *, clinic: Clinic | None = None,
    names: Mapping[str, str] | None = None,
) -> Selection:
    """Fields as `parse_request` reads them, against every article when none is named."""
    p = _Parse(_known_fields(values))
    article = _article(p, library, None) if p.text("article") else None
    parsed = _fields(p, library, article, clinic, None)
    if p.problems:
        raise RequestError(sorted(p.problems, key=lambda x: FIELDS.index(x.field)), names)
    given = frozenset(name for name in FIELDS if p.text(name) or values.get(name) is True)
    return Selection(article, parsed.opts, given)


@dataclass(frozen=True)
class _Parsed:
    opts: RenderOptions
    encrypt: bool


def _known_fields(values: Mapping[str, Value]) -> Mapping[str, Value]:
    """Each way in offers only the request's fields; an unknown one is a programming error
    in CLI and CSV (they map their names first) and a user's typo over HTTP."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise RequestError([Problem(name, f"unknown field; known fields: {', '.join(FIELDS)}") for name in unknown])
    return values


def _fields(
    p: _Parse, library: ContentLibrary, article: str | None, clinic: Clinic | None, default_date: dt.date | None
) -> _Parsed:
    """Every field but the article; with no article, languages and regions of any article."""
    from handout.formats import FORMAT_NAMES, combination_problems, get_format

    articles = [article] if article else list(library.article_ids)
    known = tuple(dict.fromkeys(lang for a in articles for lang in library.languages(a)))
    locale = Locale(SOURCE_LANG)
    if p.text("lang") and not any(x.field == "article" for x in p.problems):
        try:
            locale = parse_locale(p.text("lang"), known, article)
        except ValueError as exc:
            p.fail("lang", str(exc), known)
    country = locale.country
    if p.text("country"):
        try:
            country = parse_country(p.text("country"))
        except ValueError as exc:
            p.fail("country", str(exc))
    regions = (*dict.fromkeys(r for a in articles for r in library.load(a).region_ids), ALL_REGIONS)
    region = _pick(p, "region", regions, ALL_REGIONS)
    fmt_name = _pick(p, "format", FORMAT_NAMES, "handout")
    papers = [x.value for x in Paper]
    paper = Paper(_pick(p, "paper", papers, default_paper(country).value))
    flags: dict[str, bool] = {}
    for name in FLAGS:
        value = flag(p.values.get(name))
        if value is None:
            p.fail(name, f"'{p.text(name)}' is not yes or no")
        flags[name] = bool(value)
    for name, limit in (("patient", MAX_PATIENT_NAME), ("note", MAX_NOTE)):
        problem = too_long(p.text(name), limit)
        if problem:
            p.fail(name, problem)
    date = default_date
    if p.text("date"):
        try:
            date = parse_date(p.text("date"))
        except ValueError as exc:
            p.fail("date", str(exc))
    opts = RenderOptions(
        format=fmt_name, region=region, lang=locale.lang, companion=locale.companion, paper=paper,
        country=country, clinic=clinic or Clinic(), patient=p.text("patient"), note=p.text("note"), date=date,
        large_print=flags["large_print"], grayscale=flags["grayscale"], cut_marks=flags["cut_marks"],
    )
    if article and not any(x.field in ("format", "paper", "country", "cut_marks") for x in p.problems):
        for name, message, choices in combination_problems(get_format(fmt_name), opts, bool(p.text("paper"))):
            p.fail(name, message, choices)
    return _Parsed(opts, flags["encrypt"])


def _article(p: _Parse, library: ContentLibrary, default: str | None) -> str | None:
    text = p.text("article") or default or ""
    if not text:
        p.fail("article", "missing; name the article to build (see `handout list`)", library.article_ids)
        return None
    try:
        return choose(text, library.article_ids, "article")
    except ValueError as exc:
        p.fail("article", str(exc), library.article_ids)
        return None


def _pick(p: _Parse, name: str, choices: Sequence[str], default: str) -> str:
    if not p.text(name):
        return default
    try:
        return choose(p.text(name), choices, name)
    except ValueError as exc:
        p.fail(name, str(exc), choices)
        return default
