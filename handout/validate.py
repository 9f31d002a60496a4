"""Turns one article YAML document into the typed model, gathering every problem it finds.

Each problem is placed (`file:line: field: message`) and says what to do; nothing stops at the
first one, so an editor fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from handout.artfiles import FIGURE, PICTOGRAM, ArtCatalogue, ArtKind, art_problems
from handout.content import FieldPath, YamlDocument
from handout.errors import ContentError, Issue
from handout.ids import is_id
from handout.limits import MAX_CONTENT_FIELD, too_long
from handout.model import (
    ALL_REGIONS,
    Article,
    Cause,
    DocumentControl,
    Region,
    Remedy,
    RemedyGroup,
    Source,
    TranslationRecord,
    TranslationStatus,
    WhenToTalk,
)
from handout.quantities import QUANTITY_PATTERN, parse_quantity

_BREAKING_SPACE = re.compile(r"[ \t\r\n]+")
MAX_REVIEW_INTERVAL_DAYS = 3 * 366
ZONES_PLACEHOLDER = "{zones}"  # in figure_caption: the names of the shaded zones


def _keys(cls: type, *, without: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A section's keys in the YAML file: the model's fields, less those that are not written
    there (the id a mapping is keyed by, files found on disk)."""
    return tuple(f.name for f in fields(cls) if f.name not in without and not f.name.endswith("_file"))


# The keys of each section, from the model: the one list the validator and the JSON Schema use.
TOP_KEYS = _keys(Article, without=("id", "path"))
REGION_KEYS = _keys(Region, without=("id",))
CAUSE_KEYS = _keys(Cause)
GROUP_KEYS = _keys(RemedyGroup, without=("id",))
REMEDY_KEYS = _keys(Remedy)
TALK_KEYS = _keys(WhenToTalk)
SOURCE_KEYS = _keys(Source)
DOCUMENT_KEYS = _keys(DocumentControl)
TRANSLATION_KEYS = _keys(TranslationRecord)
# Structure lives in the English source; a translation may leave these out and inherits them.
INHERITED_REGION_KEYS = ("figure", "zone")
INHERITED_REMEDY_KEYS = ("pictogram", "regions", "checklist", "group")


def _collapse_spaces(text: str) -> str:
    """Fold line breaks and runs of ordinary spaces; keep no-break spaces (French `touchée :`)."""
    return _BREAKING_SPACE.sub(" ", text)


class _Reader:
    """Reads typed values out of a YamlDocument, recording an Issue instead of raising."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.issues: list[Issue] = []
        self._missing: set[FieldPath] = set()

    def problem(self, where: FieldPath, message: str) -> None:
        """Record a problem, unless a missing parent section was already reported."""
        if any(where[:end] in self._missing for end in range(len(where))):
            return
        self.issues.append(self.doc.issue(where, message))
        if message.startswith("missing"):
            self._missing.add(where)

    def value(self, where: FieldPath) -> Any:
        node: Any = self.doc.data
        for part in where:
            if isinstance(part, int):
                node = node[part] if isinstance(node, list) and part < len(node) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
        return node

    def mapping(self, where: FieldPath, allowed: Collection[str]) -> dict[str, Any]:
        node = self.value(where)
        if not isinstance(node, dict):
            self.problem(where, "missing; add this section" if node is None else "must be a mapping of keys")
            return {}
        for key in node:
            if key not in allowed:
                self.problem((*where, key), f"unknown key; allowed keys are {', '.join(allowed)}")
        return node

    def sequence(self, where: FieldPath, *, min_items: int = 1) -> list[Any]:
        node = self.value(where)
        if not isinstance(node, list):
            self.problem(where, "missing; add a list" if node is None else "must be a list (lines starting with '- ')")
            return []
        if len(node) < min_items:
            self.problem(where, f"needs at least {min_items} item(s)")
        return node

    def text(self, where: FieldPath, *, required: bool = True) -> str:
        node = self.value(where)
        if node is None or node == "":
            if required:
                self.problem(where, "missing; write the text")
            return ""
        if not isinstance(node, str):
            self.problem(where, f"must be text, not {type(node).__name__}; put it in quotes")
            return str(node)
        text = unicodedata.normalize("NFC", _collapse_spaces(node).strip(" "))
        problem = too_long(text, MAX_CONTENT_FIELD)
        if problem:  # no layout prints more; a longer one would only cost minutes before failing
            self.problem(where, problem.replace("; shorten it", "; no layout prints more: split or shorten it"))
            return text[:MAX_CONTENT_FIELD]
        self._check_quantities(where, text)
        return text

    def identifier(self, where: FieldPath) -> str:
        ident = self.text(where)
        if ident and not is_id(ident):
            self.problem(where, f"'{ident}' is not a valid id; use lower-case letters, digits and hyphens")
        return ident

    def date(self, where: FieldPath) -> dt.date:
        node = self.value(where)
        if isinstance(node, dt.date):
            return node
        if node is None:
            self.problem(where, "missing; write a date as YYYY-MM-DD")
        else:
            self.problem(where, f"'{node}' is not a date; write it as YYYY-MM-DD")
        return dt.date.min

    def version(self, where: FieldPath) -> str:
        node = self.value(where)
        if isinstance(node, int | float) and not isinstance(node, bool):
            self.problem(where, f"write the version in quotes, e.g. \"{node}\", so 1.10 stays 1.10")
            return str(node)
        return self.text(where)

    def flag(self, where: FieldPath, default: bool) -> bool:
        node = self.value(where)
        if node is None:
            return default
        if not isinstance(node, bool):
            self.problem(where, f"'{node}' is not true or false; write true or false")
            return default
        return node

    def unique_ids(self, where: FieldPath, ids: Iterable[tuple[int, str]]) -> None:
        seen: set[str] = set()
        for index, ident in ids:
            if ident and ident in seen:
                self.problem((*where, index, "id"), f"'{ident}' is used twice; ids must be unique")
            seen.add(ident)

    def _check_quantities(self, where: FieldPath, text: str) -> None:
        for match in QUANTITY_PATTERN.finditer(text):
            try:
                parse_quantity(match.group(1))
            except ValueError as exc:
                self.problem(where, str(exc))
        if "{{" in QUANTITY_PATTERN.sub("", text) or "}}" in QUANTITY_PATTERN.sub("", text):
            self.problem(where, "unbalanced '{{' or '}}'; a quantity is written like {{10-11 kg}}")


def read_article(
    doc: YamlDocument,
    article_id: str,
    *,
    art: ArtCatalogue,
    source: Article | None = None,
    source_document: DocumentControl | None = None,
) -> Article:
    """Build the Article from `doc` or raise ContentError listing every problem found.

    A translation (`source` is the English article) carries the text; the structure (figure
    and zone of each region; pictogram, regions, checklist flag and group of each remedy) may
    be left out and is then the English one. It may leave out `document` too: it then shares
    the English source's control block (`source_document` stands in when English is invalid).
    """
    r = _Reader(doc)
    top = r.mapping((), TOP_KEYS)
    if not top and not r.issues:
        r.problem((), "the file is empty; start from `handout new ARTICLE`, or copy another article's en.yaml")
    lang = r.text(("lang",))
    expected_lang = doc.path.stem
    if lang and lang != expected_lang:
        r.problem(("lang",), f"says '{lang}' but the file is named {doc.path.name}; make them agree")

    regions = _read_regions(r, art, source)
    region_ids = {region.id for region in regions}
    groups = _read_groups(r, source)
    remedies = _read_remedies(r, region_ids, groups, art, source)
    control = source_document if source_document is not None else (source.document if source else None)
    article = Article(
        id=article_id,
        lang=lang or expected_lang,
        path=doc.path,
        title=r.text(("title",)),
        subtitle=r.text(("subtitle",), required=False),
        main_message=r.text(("main_message",)),
        intro=r.text(("intro",)),
        fact=r.text(("fact",)),
        regions=regions,
        figure_caption=_read_caption(r, bool(regions)),
        causes_intro=r.text(("causes_intro",), required=bool(regions)),
        remedies_title=r.text(("remedies_title",)),
        remedy_groups=groups,
        remedies=remedies,
        when_to_talk=_read_when_to_talk(r),
        sources=_read_sources(r),
        document=(
            control if control is not None and r.value(("document",)) is None else _read_document(r)
        ),
        translation=_read_translation(r),
    )
    if r.issues:
        raise ContentError(sorted(r.issues, key=lambda issue: issue.line or 0))
    return article


def _read_caption(r: _Reader, needed: bool) -> str:
    caption = r.text(("figure_caption",), required=needed)
    if caption and ZONES_PLACEHOLDER not in caption:
        r.problem(("figure_caption",), f"write {ZONES_PLACEHOLDER} where the shaded zones are named, "
                  "e.g. \"Shaded: {zones}\"")
    for name in re.findall(r"\{(\w*)\}", caption.replace(ZONES_PLACEHOLDER, "")):
        r.problem(("figure_caption",), f"{{{name}}} is not filled in; the caption has only {ZONES_PLACEHOLDER}")
    return caption


def _art_issues(r: _Reader, where: FieldPath, path: Any, kind: ArtKind) -> None:
    """The drawing-rule problems of a file the article uses, placed in that file."""
    problems = art_problems(path, kind)
    if problems:
        r.problem(where, f"{path.name} breaks the drawing rules (see below); fix the file or choose another")
        r.issues.extend(Issue(str(p.path), p.line, "", p.message) for p in problems)


def _read_regions(r: _Reader, art: ArtCatalogue, source: Article | None) -> tuple[Region, ...]:
    node = r.value(("regions",))
    if node is None and "regions" not in (r.doc.data or {}):
        return ()  # an article without a body figure
    if not isinstance(node, dict) or not node:
        r.problem(("regions",), "must map region ids to regions, e.g. 'lower:'; leave it out for no figure")
        return ()
    english = {region.id: region for region in source.regions} if source else {}
    regions = []
    for region_id in node:
        where: FieldPath = ("regions", region_id)
        if region_id == ALL_REGIONS or not is_id(region_id):
            r.problem(where, f"'{region_id}' cannot be a region id; use lower-case words like 'lower'")
        r.mapping(where, REGION_KEYS)
        twin = english.get(region_id)
        figure = _structure(r, (*where, "figure"), twin.figure if twin else None)
        zone = _structure(r, (*where, "zone"), twin.zone if twin else None)
        figure_file = art.figures.get(figure)
        if figure and figure_file is None:
            known = ", ".join(art.figures) or "none found"
            r.problem((*where, "figure"), f"unknown figure '{figure}'; use one of {known} "
                      "(or add content/figures/<name>.svg)")
        elif figure_file is not None:
            zones = art.zones(figure)
            if zone and zone not in zones:
                r.problem((*where, "zone"), f"unknown zone '{zone}' of figure '{figure}'; use one of "
                          f"{', '.join(zones)} (or add a shape with id=\"{zone}\" to its zones layer)")
            if twin is None or twin.figure_file != figure_file:
                _art_issues(r, (*where, "figure"), figure_file, FIGURE)
        causes = tuple(
            Cause(r.identifier((*where, "causes", i, "id")), r.text((*where, "causes", i, "text")))
            for i, _ in enumerate(r.sequence((*where, "causes")))
        )
        for i, _ in enumerate(causes):
            r.mapping((*where, "causes", i), CAUSE_KEYS)
        r.unique_ids((*where, "causes"), ((i, c.id) for i, c in enumerate(causes)))
        regions.append(Region(region_id, r.text((*where, "title")), figure, zone, r.text((*where, "zone_name")),
                              causes, figure_file or Path()))
    if len({region.figure for region in regions}) > 1:
        r.problem(("regions",), "every region is shown on one figure; name the same figure in each "
                  f"(found {', '.join(sorted({region.figure for region in regions}))})")
    return tuple(regions)


def _structure(r: _Reader, where: FieldPath, english: str | None) -> str:
    """An id that structures the article: the translation's own if it gives one, else English's."""
    if english is not None and r.value(where) is None:
        return english
    return r.identifier(where)


def _read_groups(r: _Reader, source: Article | None) -> tuple[RemedyGroup, ...]:
    """The titled sections of the remedies, in the order the English source lists them."""
    node = r.value(("remedy_groups",))
    if node is None:
        if source is not None and source.remedy_groups:
            r.problem(("remedy_groups",), "missing; translate the title of each group of "
                      f"{source.lang}.yaml ({', '.join(g.id for g in source.remedy_groups)})")
        return ()
    if not isinstance(node, dict) or not node:
        r.problem(("remedy_groups",), "must map group ids to a title, e.g. 'every-day: {title: Every day}'")
        return ()
    groups = []
    for group_id in node:
        where: FieldPath = ("remedy_groups", group_id)
        if not is_id(group_id):
            r.problem(where, f"'{group_id}' cannot be a group id; use lower-case words like 'every-day'")
        r.mapping(where, GROUP_KEYS)
        groups.append(RemedyGroup(group_id, r.text((*where, "title"))))
    if source is not None and source.remedy_groups:
        order = [g.id for g in source.remedy_groups]
        groups.sort(key=lambda g: order.index(g.id) if g.id in order else len(order))
    return tuple(groups)


def _read_remedies(r: _Reader, region_ids: set[str], groups: tuple[RemedyGroup, ...], art: ArtCatalogue,
                   source: Article | None) -> tuple[Remedy, ...]:
    english = {remedy.id: remedy for remedy in source.remedies} if source else {}
    group_ids = [group.id for group in groups]
    remedies = []
    for i, _ in enumerate(r.sequence(("remedies",))):
        where: FieldPath = ("remedies", i)
        r.mapping(where, REMEDY_KEYS)
        remedy_id = r.identifier((*where, "id"))
        twin = english.get(remedy_id)
        pictogram = _structure(r, (*where, "pictogram"), twin.pictogram if twin else None)
        pictogram_file = art.pictograms.get(pictogram)
        if pictogram and pictogram_file is None:
            r.problem((*where, "pictogram"), f"unknown pictogram '{pictogram}'; use one of "
                      f"{', '.join(art.pictograms)} (or add pictograms/{pictogram}.svg to the article's folder)")
        elif pictogram_file is not None and (twin is None or twin.pictogram_file != pictogram_file):
            _art_issues(r, (*where, "pictogram"), pictogram_file, PICTOGRAM)
        applies_to = _remedy_regions(r, where, region_ids, twin)
        checklist = r.flag((*where, "checklist"), twin.checklist if twin else True)
        group = _structure(r, (*where, "group"), twin.group if twin else None) if (
            groups or r.value((*where, "group")) is not None) else ""
        if group and group not in group_ids:
            listed = f"one of {', '.join(group_ids)}" if group_ids else "a group listed under remedy_groups"
            r.problem((*where, "group"), f"unknown group '{group}'; use {listed}")
        elif groups and not group:
            r.problem((*where, "group"), f"missing; say which group it is printed in: {', '.join(group_ids)}")
        remedies.append(
            Remedy(
                id=remedy_id,
                pictogram=pictogram,
                regions=applies_to,
                text=r.text((*where, "text")),
                action=r.text((*where, "action"), required=checklist),
                checklist=checklist,
                group=group,
                pictogram_file=pictogram_file or Path(),
            )
        )
    r.unique_ids(("remedies",), ((i, remedy.id) for i, remedy in enumerate(remedies)))
    return tuple(remedies)


def _remedy_regions(r: _Reader, where: FieldPath, region_ids: set[str], twin: Remedy | None) -> tuple[str, ...]:
    """The regions a remedy applies to; left out, every region (or the English source's list)."""
    node = r.value((*where, "regions"))
    if node is None:
        return twin.regions if twin else tuple(sorted(region_ids))
    applies_to = []
    for j, region in enumerate(r.sequence((*where, "regions"))):
        if region not in region_ids:
            valid = ", ".join(sorted(region_ids)) or "none: the article has no regions, so leave regions out"
            r.problem((*where, "regions", j), f"unknown region '{region}'; use one of {valid}")
        applies_to.append(str(region))
    return tuple(applies_to)


def _read_when_to_talk(r: _Reader) -> WhenToTalk:
    r.mapping(("when_to_talk",), TALK_KEYS)
    items = tuple(r.text(("when_to_talk", "items", i)) for i, _ in enumerate(r.sequence(("when_to_talk", "items"))))
    return WhenToTalk(r.text(("when_to_talk", "title")), items)


def _read_sources(r: _Reader) -> tuple[Source, ...]:
    sources = []
    for i, _ in enumerate(r.sequence(("sources",))):
        where: FieldPath = ("sources", i)
        r.mapping(where, SOURCE_KEYS)
        sources.append(
            Source(r.text((*where, "title")), r.text((*where, "publisher"), required=False),
                   r.text((*where, "url"), required=False))
        )
    return tuple(sources)


def _read_document(r: _Reader) -> DocumentControl:
    where: FieldPath = ("document",)
    r.mapping(where, DOCUMENT_KEYS)
    control = DocumentControl(
        version=r.version((*where, "version")),
        published=r.date((*where, "published")),
        last_reviewed=r.date((*where, "last_reviewed")),
        next_review=r.date((*where, "next_review")),
    )
    if dt.date.min not in (control.published, control.last_reviewed, control.next_review):
        if control.last_reviewed < control.published:
            r.problem((*where, "last_reviewed"), "is before the published date")
        if control.next_review <= control.last_reviewed:
            r.problem((*where, "next_review"), "must be after last_reviewed")
        elif (control.next_review - control.last_reviewed).days > MAX_REVIEW_INTERVAL_DAYS:
            r.problem((*where, "next_review"), "must be at most 3 years after last_reviewed")
    return control


def _read_translation(r: _Reader) -> TranslationRecord:
    where: FieldPath = ("translation",)
    r.mapping(where, TRANSLATION_KEYS)
    raw_status = r.text((*where, "status"))
    try:
        status = TranslationStatus(raw_status)
    except ValueError:
        if raw_status:
            choices = ", ".join(s.value for s in TranslationStatus)
            r.problem((*where, "status"), f"'{raw_status}' is not a status; use one of {choices}")
        status = TranslationStatus.MACHINE_DRAFT
    return TranslationRecord(
        status=status,
        translator=r.text((*where, "translator"), required=False),
        reviewer=r.text((*where, "reviewer"), required=False),
        date=r.date((*where, "date")),
        source_version=r.version((*where, "source_version")),
    )
