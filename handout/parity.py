"""Do two language versions of an article hold the same items (regions, causes, remedies)?

Needed wherever two versions are set side by side (the bilingual edition) and by the content
quality gate: a translation that dropped or renamed an item must never print silently.
"""

from __future__ import annotations

from handout.errors import Issue
from handout.model import Article


def same_items(source: Article, translation: Article) -> list[Issue]:
    """One Issue per difference, placed in the translation's file."""
    where = str(translation.path)
    issues: list[Issue] = []

    def compare(field: str, expected: tuple[str, ...], found: tuple[str, ...]) -> None:
        if expected != found:
            missing = [i for i in expected if i not in found]
            extra = [i for i in found if i not in expected]
            detail = "; ".join(
                part for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"not in {source.lang}: {', '.join(extra)}" if extra else "",
                    "same ids in another order" if not missing and not extra else "",
                ) if part
            )
            issues.append(Issue(where, None, field, f"ids differ from {source.lang}.yaml: {detail}"))

    compare("regions", source.region_ids, translation.region_ids)
    for region in source.regions:
        twin = next((r for r in translation.regions if r.id == region.id), None)
        if twin is not None:
            compare(f"regions.{region.id}.causes", tuple(c.id for c in region.causes),
                    tuple(c.id for c in twin.causes))
            if twin.zone != region.zone:
                issues.append(Issue(where, None, f"regions.{region.id}.zone",
                                    f"'{twin.zone}' differs from {source.lang}.yaml ('{region.zone}')"))
    compare("remedies", tuple(r.id for r in source.remedies), tuple(r.id for r in translation.remedies))
    for remedy in source.remedies:
        match = next((r for r in translation.remedies if r.id == remedy.id), None)
        if match is not None and (match.pictogram, match.regions) != (remedy.pictogram, remedy.regions):
            issues.append(Issue(where, None, f"remedies.{remedy.id}",
                                f"pictogram or regions differ from {source.lang}.yaml"))
    if len(source.when_to_talk.items) != len(translation.when_to_talk.items):
        issues.append(Issue(where, None, "when_to_talk.items",
                            f"{len(translation.when_to_talk.items)} items, {source.lang}.yaml has "
                            f"{len(source.when_to_talk.items)}"))
    return issues
