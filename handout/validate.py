"""Turns one article YAML document into the typed model, gathering every problem it finds.

Each problem is placed (`file:line: field: message`) and says what to do; nothing stops at the
first one, so an editor fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import Any

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
    Source,
    TranslationRecord,
    TranslationStatus,
    WhenToTalk,
)
from handout.quantities import QUANTITY_PATTERN, parse_quantity

_BREAKING_SPACE = re.compile(r"[ \t\r\n]+")
MAX_REVIEW_INTERVAL_DAYS = 3 * 366
TOP_KEYS = (
    "lang", "title", "subtitle", "main_message", "intro", "fact", "regions", "remedies_title",
    "remedies", "when_to_talk", "sources", "document", "translation",
)


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
    pictogram_ids: Collection[str],
    zone_ids: Collection[str],
    source_document: DocumentControl | None = None,
) -> Article:
    """Build the Article from `doc` or raise ContentError listing every problem found.

    A translation may leave out `document`: it then shares the English source's control block.
    """
    r = _Reader(doc)
    top = r.mapping((), TOP_KEYS)
    if not top and not r.issues:
        r.problem((), "the file is empty; start from content/back-spasms-pregnancy/en.yaml")
    lang = r.text(("lang",))
    expected_lang = doc.path.stem
    if lang and lang != expected_lang:
        r.problem(("lang",), f"says '{lang}' but the file is named {doc.path.name}; make them agree")

    regions = _read_regions(r, zone_ids)
    region_ids = {region.id for region in regions}
    remedies = _read_remedies(r, region_ids, pictogram_ids)
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
        remedies_title=r.text(("remedies_title",)),
        remedies=remedies,
        when_to_talk=_read_when_to_talk(r),
        sources=_read_sources(r),
        document=(
            source_document
            if source_document is not None and r.value(("document",)) is None
            else _read_document(r)
        ),
        translation=_read_translation(r),
    )
    if r.issues:
        raise ContentError(sorted(r.issues, key=lambda issue: issue.line or 0))
    return article


def _read_regions(r: _Reader, zone_ids: Collection[str]) -> tuple[Region, ...]:
    node = r.value(("regions",))
    if not isinstance(node, dict) or not node:
        r.problem(("regions",), "missing; add at least one region such as 'lower:'")
        return ()
    regions = []
    for region_id in node:
        where: FieldPath = ("regions", region_id)
        if region_id == ALL_REGIONS or not is_id(region_id):
            r.problem(where, f"'{region_id}' cannot be a region id; use lower-case words like 'lower'")
        r.mapping(where, ("title", "zone", "causes"))
        zone = r.identifier((*where, "zone"))
        if zone and zone not in zone_ids:
            r.problem((*where, "zone"), f"unknown figure zone '{zone}'; use one of {', '.join(zone_ids)}")
        causes = tuple(
            Cause(r.identifier((*where, "causes", i, "id")), r.text((*where, "causes", i, "text")))
            for i, _ in enumerate(r.sequence((*where, "causes")))
        )
        for i, _ in enumerate(causes):
            r.mapping((*where, "causes", i), ("id", "text"))
        r.unique_ids((*where, "causes"), ((i, c.id) for i, c in enumerate(causes)))
        regions.append(Region(region_id, r.text((*where, "title")), zone, causes))
    return tuple(regions)


def _read_remedies(r: _Reader, region_ids: set[str], pictogram_ids: Collection[str]) -> tuple[Remedy, ...]:
    remedies = []
    for i, _ in enumerate(r.sequence(("remedies",))):
        where: FieldPath = ("remedies", i)
        r.mapping(where, ("id", "pictogram", "regions", "text", "action"))
        pictogram = r.identifier((*where, "pictogram"))
        if pictogram and pictogram not in pictogram_ids:
            r.problem((*where, "pictogram"), f"unknown pictogram '{pictogram}'; use one of {', '.join(pictogram_ids)}")
        applies_to = []
        for j, region in enumerate(r.sequence((*where, "regions"))):
            if region not in region_ids:
                valid = ", ".join(sorted(region_ids))
                r.problem((*where, "regions", j), f"unknown region '{region}'; use one of {valid}")
            applies_to.append(str(region))
        remedies.append(
            Remedy(
                id=r.identifier((*where, "id")),
                pictogram=pictogram,
                regions=tuple(applies_to),
                text=r.text((*where, "text")),
                action=r.text((*where, "action")),
            )
        )
    r.unique_ids(("remedies",), ((i, remedy.id) for i, remedy in enumerate(remedies)))
    return tuple(remedies)


def _read_when_to_talk(r: _Reader) -> WhenToTalk:
    r.mapping(("when_to_talk",), ("title", "items"))
    items = tuple(r.text(("when_to_talk", "items", i)) for i, _ in enumerate(r.sequence(("when_to_talk", "items"))))
    return WhenToTalk(r.text(("when_to_talk", "title")), items)


def _read_sources(r: _Reader) -> tuple[Source, ...]:
    sources = []
    for i, _ in enumerate(r.sequence(("sources",))):
        where: FieldPath = ("sources", i)
        r.mapping(where, ("title", "publisher", "url"))
        sources.append(
            Source(r.text((*where, "title")), r.text((*where, "publisher"), required=False),
                   r.text((*where, "url"), required=False))
        )
    return tuple(sources)


def _read_document(r: _Reader) -> DocumentControl:
    where: FieldPath = ("document",)
    r.mapping(where, ("version", "published", "last_reviewed", "next_review"))
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
    r.mapping(where, ("status", "translator", "reviewer", "date", "source_version"))
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
