"""The typed content model of an article. No ReportLab and no YAML here: plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ALL_REGIONS = "both"  # the region choice that selects every region of an article


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
    """A part of the body an article can focus on, with the figure zone that shows it."""

    id: str
    title: str
    zone: str
    causes: tuple[Cause, ...]


    def cause(self, cause_id: str) -> Cause:
        return next(cause for cause in self.causes if cause.id == cause_id)


@dataclass(frozen=True)
class Remedy:
    id: str
    pictogram: str
    regions: tuple[str, ...]
    text: str
    action: str  # the short phrase printed on the fridge checklist


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
    remedies_title: str
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

    def select_regions(self, choice: str) -> tuple[Region, ...]:
        """The regions a handout for `choice` shows: one region, or all for `both`."""
        if choice == ALL_REGIONS:
            return self.regions
        return tuple(region for region in self.regions if region.id == choice)

    def remedies_for(self, choice: str) -> tuple[Remedy, ...]:
        """Remedies that apply to at least one of the chosen regions, in article order."""
        wanted = {region.id for region in self.select_regions(choice)}
        return tuple(remedy for remedy in self.remedies if wanted & set(remedy.regions))
