"""Does a translation hold the same items as its English source (regions, causes, remedies)?

The one parity rule, used by `handout build` for every translation, by the bilingual edition
and by `handout check`: a translation that dropped, added or renamed an item must never print
(a Spanish checklist one row short). Ids are compared as sets: the order a version lists its
items in carries no meaning (each version prints in its own order, and the bilingual edition
pairs items by id), and neither does the order of a remedy's regions.
"""

from __future__ import annotations

from collections.abc import Sequence

from handout.errors import ContentError, Issue
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import Article


def differences(source: Article, translation: Article) -> list[Issue]:
    """One Issue per difference, placed in the translation's file; none for the source itself."""
    if translation.lang == source.lang:
        return []
    where, theirs = str(translation.path), f"{source.lang}.yaml"
    issues: list[Issue] = []

    def compare(field: str, expected: Sequence[str], found: Sequence[str]) -> None:
        issues.extend(Issue(where, None, field, f"'{i}' is missing ({theirs} has it)")
                      for i in expected if i not in found)
        issues.extend(Issue(where, None, field, f"'{i}' is not in {theirs}")
                      for i in found if i not in expected)

    def differ(field: str, found: str, expected: str) -> None:
        if found != expected:
            issues.append(Issue(where, None, field, f"{found}, {theirs} has {expected}"))

    compare("regions", source.region_ids, translation.region_ids)
    regions = {region.id: region for region in translation.regions}
    for region in source.regions:
        twin = regions.get(region.id)
        if twin is not None:
            compare(f"regions.{region.id}.causes", [c.id for c in region.causes], [c.id for c in twin.causes])
            differ(f"regions.{region.id}.zone", f"'{twin.zone}'", f"'{region.zone}'")
    compare("remedies", [r.id for r in source.remedies], [r.id for r in translation.remedies])
    remedies = {remedy.id: remedy for remedy in translation.remedies}
    for remedy in source.remedies:
        twin_remedy = remedies.get(remedy.id)
        if twin_remedy is not None:
            differ(f"remedies.{remedy.id}.pictogram", f"'{twin_remedy.pictogram}'", f"'{remedy.pictogram}'")
            if set(twin_remedy.regions) != set(remedy.regions):
                differ(f"remedies.{remedy.id}.regions", _listed(twin_remedy.regions), _listed(remedy.regions))
    ours, english = len(translation.when_to_talk.items), len(source.when_to_talk.items)
    if ours != english:
        differ("when_to_talk.items", f"{ours} items", f"{english}")
    return issues


def require_same_items(library: ContentLibrary, article: Article) -> None:
    """Refuse (ContentError, exit 2) a translation whose items differ from its English source."""
    if article.lang == SOURCE_LANG:
        return
    problems = differences(library.load(article.id, SOURCE_LANG), article)
    if problems:
        raise ContentError(problems)


def _listed(ids: Sequence[str]) -> str:
    return f"[{', '.join(ids)}]"
