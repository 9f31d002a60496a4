"""Finds the bundled (or a given) content folder and loads articles from it, by id and language."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handout.content import load_yaml
from handout.errors import BadInputError
from handout.ids import is_id, pick
from handout.model import Article
from handout.validate import read_article

SOURCE_LANG = "en"
CONTENT_ENV = "HANDOUT_CONTENT_DIR"

# Figure zones and pictograms the illustrations package can draw. Kept here, free of ReportLab,
# so that validation does not pay for importing the drawing code; a test keeps them in step.
PICTOGRAM_IDS = (
    "exercise", "rest-sleep", "lift-bent-knees", "sit-upright", "flat-shoes", "firm-mattress",
    "healthy-weight",
)
FIGURE_ZONES = ("lower-back", "upper-back")


def bundled_content_dir() -> Path:
    """`content/` of a checkout, or the copy shipped inside the installed package."""
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env)
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "content", package_dir.parent / "content"):
        if candidate.is_dir():
            return candidate
    return package_dir.parent / "content"


@dataclass
class ContentLibrary:
    """The articles in one content folder: `<root>/<article-id>/<lang>.yaml`.

    Paths are made only from the names found in the folder (see `handout.ids`), never from an
    id as the user typed it: `../../x/en` names no language, so it can read nothing outside.
    """

    root: Path = field(default_factory=bundled_content_dir)
    _cache: dict[tuple[str, str], Article] = field(default_factory=dict, repr=False)

    @cached_property
    def article_ids(self) -> tuple[str, ...]:
        if not self.root.is_dir():
            return ()
        return tuple(sorted(p.name for p in self.root.iterdir()
                            if is_id(p.name.lower()) and (p / f"{SOURCE_LANG}.yaml").is_file()))

    def languages(self, article_id: str) -> tuple[str, ...]:
        """Languages of an article, the source first, then the translations by code."""
        folder = self._folder(article_id)
        others = sorted(p.stem for p in folder.glob("*.yaml") if p.stem != SOURCE_LANG and is_id(p.stem.lower()))
        return (SOURCE_LANG, *others)

    def load(self, article_id: str, lang: str = SOURCE_LANG) -> Article:
        """The article in `lang`; ids are matched ignoring case (`zh-hans` loads `zh-Hans.yaml`)."""
        key = (article_id, lang)
        if key not in self._cache:
            folder = self._folder(article_id)
            code = pick("language", lang, self.languages(folder.name))
            if code is None:
                raise BadInputError(
                    f"article '{folder.name}' has no '{lang}' version; "
                    f"available: {', '.join(self.languages(folder.name))}"
                )
            found = (folder.name, code)
            if found not in self._cache:
                source = self.load(folder.name).document if code != SOURCE_LANG else None
                self._cache[found] = read_article(
                    load_yaml(folder / f"{code}.yaml"), folder.name,
                    pictogram_ids=PICTOGRAM_IDS, zone_ids=FIGURE_ZONES, source_document=source,
                )
            self._cache[key] = self._cache[found]
        return self._cache[key]

    def stale_from(self, article_id: str, lang: str) -> str | None:
        """The English version a translation was made from, if English has changed since."""
        if lang == SOURCE_LANG:
            return None
        made_from = self.load(article_id, lang).translation.source_version
        return made_from if made_from != self.load(article_id).document.version else None

    def _folder(self, article_id: str) -> Path:
        name = pick("article", article_id, self.article_ids)
        if name is None:
            valid = ", ".join(self.article_ids) or f"none found in {self.root}"
            raise BadInputError(f"unknown article '{article_id}'; valid articles: {valid}")
        return self.root / name
