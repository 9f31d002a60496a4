"""The glyph-coverage gate: every string a build will print must have a font that draws it.

ReportLab drops or boxes a character silently, so a build checks the article and the UI labels
against the language's font chain first, and stops naming the language, the field and the
character. The user's own text (patient, note, clinic) may be in any script: it is checked
against every vendored font, as it is drawn (`handout.text.fallback`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from handout.caches import register
from handout.errors import BadInputError, ContentError, Issue
from handout.fonts import fallback_chain
from handout.i18n import Language, labels, language
from handout.model import Article
from handout.options import RenderOptions
from handout.text.coverage import coverage_problem, unprintable_problem


def article_strings(article: Article) -> Iterator[tuple[str, str]]:
    """(field path, text) for every printed string of an article, named as in its YAML file."""
    yield "title", article.title
    yield "subtitle", article.subtitle
    yield "main_message", article.main_message
    yield "intro", article.intro
    yield "fact", article.fact
    for region in article.regions:
        yield f"regions.{region.id}.title", region.title
        for i, cause in enumerate(region.causes):
            yield f"regions.{region.id}.causes[{i}].text", cause.text
    yield "remedies_title", article.remedies_title
    for i, remedy in enumerate(article.remedies):
        yield f"remedies[{i}].text", remedy.text
        yield f"remedies[{i}].action", remedy.action
    yield "when_to_talk.title", article.when_to_talk.title
    for i, item in enumerate(article.when_to_talk.items):
        yield f"when_to_talk.items[{i}]", item
    for i, source in enumerate(article.sources):
        yield f"sources[{i}].title", source.title
        yield f"sources[{i}].publisher", source.publisher


def content_problems(article: Article) -> list[Issue]:
    """Missing glyphs in the article file and in its language's UI catalogue."""
    return list(_content_problems(article.path, article))


@register
@lru_cache(maxsize=64)
def _content_problems(path: Path, article: Article) -> tuple[Issue, ...]:
    lang = language(article.lang)
    found = [
        Issue(str(path), None, field, problem.split(": ", 2)[-1])
        for field, text in article_strings(article)
        if (problem := coverage_problem(text, lang.font_chain, language=lang.code, field=field))
    ]
    catalogue = labels(article.lang)
    found += [
        Issue(f"languages/ui/{article.lang}.yaml", None, key, problem.split(": ", 2)[-1])
        for key, text in catalogue.entries.items()
        if (problem := coverage_problem(text, lang.font_chain, language=lang.code, field=key))
    ]
    return tuple(found)


def user_problems(opts: RenderOptions, lang: Language) -> list[str]:
    """Characters that no vendored font has in what the user typed or the clinic profile holds."""
    fields = {
        "--patient": opts.patient, "--note": opts.note, "clinic name": opts.clinic.name,
        "clinic phone": opts.clinic.phone, "clinic address": opts.clinic.address,
        "clinic website": opts.clinic.website,
    }
    chain = fallback_chain(lang.font_chain)
    return [
        problem for field, text in fields.items()
        if text and (problem := unprintable_problem(text, chain, field=field))
    ]


def check_glyphs(article: Article, opts: RenderOptions) -> None:
    """Raise with every missing glyph of this build, or return quietly."""
    issues = content_problems(article)
    if issues:
        raise ContentError(issues)
    problems = user_problems(opts, language(article.lang))
    if problems:
        raise BadInputError("; ".join(problems))
