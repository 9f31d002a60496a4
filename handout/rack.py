"""The rack: every output a clinic may print, article × language × region × format × paper ×
edition, as `handout build --all` builds it and `handout check` checks it.

One definition, so the two can never disagree about what "everything" means.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

from handout.formats import FORMAT_NAMES, cut_mark_papers, get_format, refusal
from handout.library import SOURCE_LANG, ContentLibrary
from handout.options import Paper, RenderOptions

Edition = tuple[bool, bool]  # (large print, greyscale)
EDITIONS: tuple[Edition, ...] = ((False, False), (True, False), (False, True))
Language = tuple[str, str | None]  # (language, companion language of a bilingual edition)


def all_languages(library: ContentLibrary, article_id: str) -> list[Language]:
    """Each language alone, then each translation beside the English source."""
    langs = library.languages(article_id)
    return [*((lang, None) for lang in langs), *((lang, SOURCE_LANG) for lang in langs if lang != SOURCE_LANG)]


def rack(
    library: ContentLibrary,
    base: RenderOptions,
    *,
    article_ids: Sequence[str] | None = None,
    langs: Sequence[Language] | None = None,
    regions: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    papers: Sequence[Paper] | None = None,
    editions: Sequence[Edition] | None = None,
) -> Iterator[tuple[str, RenderOptions]]:
    """Every combination, narrowed by the filters given; refused combinations are left out.

    Bilingual copies are in the standard edition only, unless `editions` asks otherwise.
    """
    for article_id in article_ids or library.article_ids:
        source = library.load(article_id)
        chosen_langs = langs or all_languages(library, article_id)
        # An article of one region or none is built once; `both` is its only choice.
        own = source.region_choices or (source.default_region,)
        chosen_regions = dict.fromkeys(source.region_choice(r) or r for r in regions) if regions else own
        for (lang, companion), region, fmt_name, (large, grey) in itertools.product(
            chosen_langs, chosen_regions, formats or FORMAT_NAMES, editions or EDITIONS
        ):
            if companion and (large or grey) and editions is None:
                continue
            fmt = get_format(fmt_name)
            for paper in [p for p in (papers or fmt.PAPERS) if p in fmt.PAPERS]:
                opts = replace(base, lang=lang, companion=companion, region=region, format=fmt_name,
                               paper=paper, large_print=large, grayscale=grey,
                               cut_marks=base.cut_marks and paper in cut_mark_papers(fmt))
                if refusal(fmt, opts) is None:
                    yield article_id, opts
