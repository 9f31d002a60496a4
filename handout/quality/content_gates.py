"""Content gates: what can be checked in the YAML before anything is laid out.

Schema validity, id parity with the English source, UI-catalogue key parity, stale and
machine-draft translations, glyph coverage, the review date and list lengths. Each gate takes
loaded data and returns results, so a test can drive one gate with one bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from handout.content import load_yaml
from handout.errors import ContentError
from handout.glyphs import article_strings, user_problems
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import ALL_REGIONS, Article, DocumentControl, TranslationStatus
from handout.options import Clinic, RenderOptions
from handout.parity import differences
from handout.quality import Result, failed, passed, warned
from handout.validate import read_article

MAX_LIST_ITEMS = 7  # T9: no bullet list longer than 7 items
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_UNKNOWN_SOURCE = DocumentControl("?", dt.date.min, dt.date.min, dt.date.min)


# -- schema ------------------------------------------------------------------------------------
def schema_gate(
    library: ContentLibrary, article_id: str, lang: str
) -> tuple[Article | None, list[Result]]:
    """Load one language version; every validation problem becomes one failure (file:line)."""
    try:
        return library.load(article_id, lang), [passed("schema", "valid")]
    except ContentError as exc:
        return None, [failed("schema", str(issue)) for issue in exc.issues]


def standalone_schema_gate(library: ContentLibrary, path: Path, article_id: str) -> list[Result]:
    """Validate a translation on its own, when the English source is itself invalid.

    A translation may borrow the English `document` block, so a placeholder stands in for it.
    """
    try:
        read_article(
            load_yaml(path),
            article_id,
            art=library.art(article_id),
            source_document=_UNKNOWN_SOURCE,
        )
    except ContentError as exc:
        return [failed("schema", str(issue)) for issue in exc.issues]
    return [passed("schema", "valid (the English source is not, so nothing else was checked)")]


# -- id parity ---------------------------------------------------------------------------------
def id_parity_gate(source: Article, translation: Article) -> list[Result]:
    """Same region, cause and remedy ids (and each remedy's pictogram and regions) as English,
    and as many when-to-talk items: the rule `handout build` refuses a translation by."""
    if translation.lang == SOURCE_LANG:
        return [passed("ids", "English source: the reference for every translation")]
    problems = differences(source, translation)
    return [failed("ids", f"{p.field}: {p.message}") for p in problems] or [passed("ids", "same ids as English")]


# -- UI catalogues -----------------------------------------------------------------------------
def read_catalogue(path: Path) -> dict[str, str]:
    """A UI-label catalogue as key -> text; ContentError if it is not a YAML mapping."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise ContentError([doc.issue((), "must be a mapping of label keys to text")])
    return {str(key): "" if value is None else str(value) for key, value in doc.data.items()}


def catalogue_gate(locales_dir: Path, lang: str) -> list[Result]:
    """`<lang>.yaml` has every key of `en.yaml`, with no placeholder the code does not fill."""
    path = locales_dir / f"{lang}.yaml"
    if not path.is_file():
        return [failed("ui-keys", f"no UI catalogue {path}; copy en.yaml and translate it")]
    try:
        english = read_catalogue(locales_dir / f"{SOURCE_LANG}.yaml")
        labels = read_catalogue(path)
    except ContentError as exc:
        return [failed("ui-keys", line) for line in exc.lines]
    results = [
        failed("ui-keys", f"{path.name}: key '{key}' is missing (en.yaml has it)")
        for key in english
        if key not in labels
    ]
    results += [
        warned("ui-keys", f"{path.name}: key '{key}' is not in en.yaml and is never used")
        for key in labels
        if key not in english
    ]
    for key, text in labels.items():
        if key not in english:
            continue
        wanted, used = set(_PLACEHOLDER.findall(english[key])), set(_PLACEHOLDER.findall(text))
        for name in sorted(used - wanted):
            results.append(
                failed(
                    "ui-keys",
                    f"{path.name}: {key}: placeholder {{{name}}} is not "
                    f"filled in; en.yaml has {_names(wanted)}",
                )
            )
        for name in sorted(wanted - used):
            results.append(
                warned("ui-keys", f"{path.name}: {key}: placeholder {{{name}}} is left out")
            )
    return results or [passed("ui-keys", f"all {len(english)} keys of en.yaml")]


def _names(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


# -- translation status ------------------------------------------------------------------------
def stale_gate(source: Article, translation: Article) -> list[Result]:
    """P4: a translation made from an older English version is invalid until it is updated."""
    if translation.lang == SOURCE_LANG:
        return [passed("stale", "English source")]
    made_from, current = translation.translation.source_version, source.document.version
    if made_from != current:
        return [
            failed(
                "stale",
                f"translated from English version {made_from}, but the English is "
                f"now version {current}; update the translation and its source_version",
            )
        ]
    return [passed("stale", f"made from English version {current}")]


def draft_gate(translation: Article) -> list[Result]:
    """P6: a machine-draft translation may print, with a notice, but someone should check it."""
    status = translation.translation.status
    if status is TranslationStatus.MACHINE_DRAFT:
        return [warned("draft", "machine-draft translation: have a qualified translator check it")]
    return [passed("draft", status.value)]


# -- review date and lists ---------------------------------------------------------------------
def review_gate(article: Article, today: dt.date) -> list[Result]:
    """P2: after its next-review date an article may still print, but it is overdue."""
    due = article.document.next_review
    if due < today:
        return [
            warned(
                "review",
                f"next review was due {due.isoformat()} ({(today - due).days} days "
                "ago); review the article and update its document dates",
            )
        ]
    return [passed("review", f"next review {due.isoformat()}")]


def list_gate(article: Article) -> list[Result]:
    """T9: no printed list longer than 7 items (causes of a region, remedies or each group of
    them, when-to-talk)."""
    lists = [(f"regions.{region.id}.causes", len(region.causes)) for region in article.regions]
    lists += [(f"remedy_groups.{group.id}" if group else "remedies", len(remedies))
              for group, remedies in article.remedy_sections(ALL_REGIONS)]
    lists += [("when_to_talk.items", len(article.when_to_talk.items))]
    results = [
        failed("lists", f"{name}: {count} items; split it or cut it to at most {MAX_LIST_ITEMS}")
        for name, count in lists
        if count > MAX_LIST_ITEMS
    ]
    longest = max(count for _, count in lists)
    return results or [passed("lists", f"longest list {longest} items (at most {MAX_LIST_ITEMS})")]


def checklist_gate(article: Article) -> list[Result]:
    """The fridge checklist of each region choice holds 3 to 7 daily actions (`checklist: true`)."""
    choices = article.region_choices or (article.default_region,)
    problems = [problem for choice in choices if (problem := article.checklist_problem(choice))]
    if problems:
        return [failed("checklist", problem) for problem in problems]
    counts = ", ".join(f"{choice}: {len(article.checklist_actions(choice))}" for choice in choices)
    return [passed("checklist", f"daily actions per region choice: {counts}")]


def art_gate(library: ContentLibrary, article_id: str) -> list[Result]:
    """Every pictogram and figure file the article can name keeps the drawing rules (viewBox on
    the grid, colour roles only, strokes in range, no text, no raster), each problem placed."""
    from handout.artfiles import FIGURE, PICTOGRAM, art_problems

    art = library.art(article_id)
    files = [(path, PICTOGRAM) for path in art.pictograms.values()] + [(path, FIGURE) for path in art.figures.values()]
    problems = [failed("art", str(problem)) for path, kind in files for problem in art_problems(path, kind)]
    return problems or [passed("art", f"{len(files)} illustration files keep the drawing rules")]


# -- glyph coverage ----------------------------------------------------------------------------
def glyph_gate(article: Article, labels: dict[str, str], clinic: Clinic) -> list[Result]:
    """E1: every character printed for this language exists in one font of its chain.

    Checked: every article field (quantities rendered both in metric and US units), every UI
    label, the dates and day names Babel writes for the language and digits; the clinic's text
    as the build checks it (any vendored font: it is user text, `handout.glyphs.user_problems`).
    """
    from handout.i18n import LANGUAGES
    from handout.text.coverage import describe_chars, missing_glyphs

    language = LANGUAGES.get(article.lang)
    if language is None:
        return [
            failed(
                "glyphs", f"'{article.lang}' has no font chain; add it to handout.i18n.LANGUAGES"
            )
        ]
    chain = language.font_chain
    results = []
    for field, text in printed_strings(article, labels, language.locale):
        missing = missing_glyphs(text, chain)
        if missing:
            results.append(
                failed(
                    "glyphs",
                    f"{field}: no font can draw {describe_chars(missing)}; "
                    f"fonts tried: {', '.join(chain)}",
                )
            )
    results += [failed("glyphs", problem) for problem in user_problems(RenderOptions(clinic=clinic), language)]
    return results or [passed("glyphs", f"every character is in {' + '.join(chain)}")]


def printed_strings(
    article: Article, labels: dict[str, str], locale: str
) -> Iterator[tuple[str, str]]:
    """(field, text) for everything of this language that can end up on paper."""
    from handout.i18n import printable_digits
    from handout.quantities import render_quantities

    for field, text in _article_strings(article):
        for imperial in (False, True):
            try:
                yield field, render_quantities(text, locale, imperial=imperial)
            except ValueError:  # a malformed quantity: the schema gate reports it
                yield field, text
    for key, text in labels.items():
        yield f"ui.{key}", _PLACEHOLDER.sub("", text)
    yield from _calendar_strings(article, locale)
    yield "digits", printable_digits(locale)


def _article_strings(a: Article) -> Iterator[tuple[str, str]]:
    """What the build's own glyph gate checks, and the source links and translator names too."""
    yield from article_strings(a)
    for i, source in enumerate(a.sources):
        yield f"sources[{i}].url", source.url
    yield "translation", f"{a.translation.translator} {a.translation.reviewer}"


def _calendar_strings(a: Article, locale: str) -> Iterator[tuple[str, str]]:
    """Dates (any month: the printed-on date is today's) and day names as Babel writes them."""
    from babel.dates import format_date

    from handout.weekdays import week_day_names

    year = a.document.next_review.year if a.document.next_review != dt.date.min else 2026
    for fmt in ("medium", "long"):
        dates = (
            format_date(dt.date(year, month, 28), format=fmt, locale=locale)
            for month in range(1, 13)
        )
        yield f"dates ({fmt}, as printed)", " ".join(dates)
    for width in ("abbreviated", "short", "wide"):
        yield f"day names ({width})", " ".join(week_day_names(locale, None, width))
