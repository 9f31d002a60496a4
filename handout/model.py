"""The typed content model of an article. No ReportLab and no YAML here: plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ALL_REGIONS = "both"  # the region choice that selects every region of an article
CHECKLIST_ROWS = (3, 7)  # a fridge checklist holds 3 to 7 daily actions: fewer is no chart, more no habit


class TranslationStatus(StrEnum):
    """How far a language version can be trusted; only `source` and `reviewed` need no notice."""

    SOURCE = "source"
    MACHINE_DRAFT = "machine-draft"
    PROFESSIONAL = "professional"
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class Cause:
    id: str
    text: str


@dataclass(frozen=True)
class Region:
    """A part of the body an article can focus on, with the figure and the zone that show it.

    `zone_name` is the zone as the figure's caption names it, in the article's language.
    """

    id: str
    title: str
    figure: str
    zone: str
    zone_name: str
    causes: tuple[Cause, ...]
    figure_file: Path = Path()  # the figure's SVG file, found when the article is loaded

    def cause(self, cause_id: str) -> Cause:
        return next(cause for cause in self.causes if cause.id == cause_id)


@dataclass(frozen=True)
class Remedy:
    """One thing that helps; `checklist` marks a daily action, which the fridge checklist holds."""

    id: str
    pictogram: str
    regions: tuple[str, ...]
    text: str
    action: str  # the short phrase printed on the fridge checklist ("" when not a checklist action)
    checklist: bool = True
    group: str = ""  # the titled section it is printed in ("" when the article has none)
    pictogram_file: Path = Path()  # the pictogram's SVG file, found when the article is loaded


@dataclass(frozen=True)
class RemedyGroup:
    """A titled section of the remedies, e.g. "When it starts" and "Every day"."""

    id: str
    title: str


@dataclass(frozen=True)
class WhenToTalk:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
class DocumentControl:
    """Printed on every output so a reader can tell how current the advice is."""

    version: str
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date


@dataclass(frozen=True)
class TranslationRecord:
    status: TranslationStatus
    translator: str
    reviewer: str
    date: dt.date
    source_version: str


@dataclass(frozen=True)
class Article:
    """One language version of one article, as the layout code needs it."""

    id: str
    lang: str
    path: Path
    title: str
    subtitle: str
    main_message: str
    intro: str
    fact: str
    regions: tuple[Region, ...]
    figure_caption: str  # "Shaded: {zones}": the caption under the figure ("" with no regions)
    causes_intro: str  # "What can cause them:", above each region's causes ("" with no regions)
    remedies_title: str
    remedy_groups: tuple[RemedyGroup, ...]
    remedies: tuple[Remedy, ...]
    when_to_talk: WhenToTalk
    sources: tuple[Source, ...]
    document: DocumentControl
    translation: TranslationRecord

    @property
    def region_ids(self) -> tuple[str, ...]:
        return tuple(region.id for region in self.regions)

    def region(self, region_id: str) -> Region:
        return next(region for region in self.regions if region.id == region_id)

    def remedy(self, remedy_id: str) -> Remedy:
        return next(remedy for remedy in self.remedies if remedy.id == remedy_id)

    @property
    def region_choices(self) -> tuple[str, ...]:
        """What `--region` can choose: each region and `both`; nothing when there is one or none."""
        return (*self.region_ids, ALL_REGIONS) if len(self.regions) > 1 else ()

    @property
    def default_region(self) -> str:
        """The region choice when none is given: all of them, or the article's only region."""
        return self.regions[0].id if len(self.regions) == 1 else ALL_REGIONS

    def region_choice(self, choice: str) -> str | None:
        """`choice` as this article reads it (`both` is the only region of a one-region
        article), or None when the article has no such region."""
        if choice == ALL_REGIONS or choice == self.default_region:
            return self.default_region
        return choice if choice in self.region_choices else None

    def select_regions(self, choice: str) -> tuple[Region, ...]:
        """The regions a handout for `choice` shows: one region, or all for `both`."""
        if choice == ALL_REGIONS:
            return self.regions
        return tuple(region for region in self.regions if region.id == choice)

    def remedies_for(self, choice: str) -> tuple[Remedy, ...]:
        """Remedies that apply to at least one of the chosen regions, in article order."""
        wanted = {region.id for region in self.select_regions(choice)}
        return tuple(remedy for remedy in self.remedies if not self.regions or wanted & set(remedy.regions))

    def checklist_actions(self, choice: str) -> tuple[Remedy, ...]:
        """The remedies for `choice` that are daily actions: the rows of the fridge checklist."""
        return tuple(remedy for remedy in self.remedies_for(choice) if remedy.checklist)

    def checklist_problem(self, choice: str) -> str | None:
        """Why the daily actions for `choice` do not make a checklist (naming which to mark or
        unmark), or None when they do."""
        fewest, most = CHECKLIST_ROWS
        actions = self.checklist_actions(choice)
        if fewest <= len(actions) <= most:
            return None
        shown = f" for region '{choice}'" if self.region_choices else ""
        head = f"a checklist holds {fewest} to {most} daily actions; {self.id} has {len(actions)}{shown}"
        if len(actions) > most:
            return (f"{head}: set `checklist: false` on {len(actions) - most} of "
                    f"{', '.join(r.id for r in actions)} in {self.path.name}")
        others = [r.id for r in self.remedies_for(choice) if not r.checklist]
        more = (f"mark {fewest - len(actions)} more of {', '.join(others)} with `checklist: true`" if others
                else "add remedies with a daily action (or widen the regions of those there are)")
        return f"{head}: {more} in {self.path.name}"

    def remedy_sections(self, choice: str) -> tuple[tuple[RemedyGroup | None, tuple[Remedy, ...]], ...]:
        """The remedies for `choice` in their titled sections, in the order the groups are
        listed (one untitled section when the article has no groups); empty sections left out."""
        remedies = self.remedies_for(choice)
        if not self.remedy_groups:
            return ((None, remedies),)
        sections = ((group, tuple(r for r in remedies if r.group == group.id)) for group in self.remedy_groups)
        return tuple((group, items) for group, items in sections if items)
