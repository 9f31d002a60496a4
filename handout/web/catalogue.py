"""What can be asked for, read from the registries: articles with their languages (own name,
status), regions and figure zones, formats with their papers. The API lists it as JSON and the
page draws its choices from it, so neither keeps a list of its own."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from handout.caches import register
from handout.i18n import LANGUAGES, Labels, labels
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import ALL_REGIONS

WEB_LOCALES = Path(__file__).resolve().parent / "locales"
UI_LANGS = ("en", "es")  # the page's own languages: a catalogue for each in handout/web/locales


def ui_labels(lang: str) -> Labels:
    return labels(lang if lang in UI_LANGS else SOURCE_LANG, WEB_LOCALES)


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str  # in English
    own_name: str  # in itself: Español, العربية
    direction: str
    status: str
    stale: bool


@dataclass(frozen=True)
class RegionChoice:
    id: str
    title: str  # in the page's language when the article has it
    zones: tuple[str, ...]  # figure zones it shades


@dataclass(frozen=True)
class ArticleChoice:
    id: str
    title: str
    languages: tuple[LanguageChoice, ...]
    regions: tuple[RegionChoice, ...]  # the article's, then ALL_REGIONS


@dataclass(frozen=True)
class FormatChoice:
    name: str
    description: str
    papers: tuple[str, ...]
    cut_mark_papers: tuple[str, ...]


def article_choice(library: ContentLibrary, article_id: str, ui: str = SOURCE_LANG) -> ArticleChoice:
    """One article as the page shows it: titles in `ui` when the article is translated into it."""
    source = library.load(article_id)
    shown = library.load(article_id, ui) if ui in library.languages(article_id) else source
    langs = []
    for code in library.languages(article_id):
        known = LANGUAGES.get(code)
        own = known.own_name if known else code
        langs.append(LanguageChoice(
            code, known.name if known else code, own, known.direction if known else "ltr",
            library.load(article_id, code).translation.status.value, library.stale_from(article_id, code) is not None,
        ))
    regions = [RegionChoice(r.id, r.title, (r.zone,)) for r in shown.regions]
    regions.append(RegionChoice(ALL_REGIONS, "", tuple(r.zone for r in shown.regions)))
    return ArticleChoice(article_id, shown.title, tuple(langs), tuple(regions))


@register
@cache
def formats() -> tuple[FormatChoice, ...]:
    from handout.formats import FORMAT_NAMES, cut_mark_papers, get_format

    found = []
    for name in FORMAT_NAMES:
        fmt = get_format(name)
        found.append(FormatChoice(name, fmt.DESCRIPTION, tuple(p.value for p in fmt.PAPERS),
                                  tuple(p.value for p in cut_mark_papers(fmt))))
    return tuple(found)


def papers() -> list[dict[str, object]]:
    from handout.options import MM, Paper

    return [{"id": p.value, "width_mm": round(p.size[0] / MM), "height_mm": round(p.size[1] / MM)} for p in Paper]


def as_json(library: ContentLibrary, ui: str = SOURCE_LANG) -> dict[str, object]:
    """`GET /api/v1/articles`: everything a clinic system may put in a request."""
    from dataclasses import asdict

    from handout.options import LETTER_COUNTRIES

    return {
        "articles": [asdict(article_choice(library, a, ui)) for a in library.article_ids],
        "formats": [asdict(f) for f in formats()],
        "papers": papers(),
        "letter_countries": sorted(LETTER_COUNTRIES),
    }
