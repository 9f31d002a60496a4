"""The JSON Schema of an article file (`content/<article>/<lang>.yaml`), generated from the model.

Editors' YAML extensions (VS Code's YAML, IntelliJ, Zed: all use yaml-language-server or read
JSON Schema) then complete keys and underline mistakes as they type; the file's first line
`# yaml-language-server: $schema=../schema.json` points them at it. The schema is shipped as
`content/schema.json`; `python -m handout.schema --write` regenerates it, and a test keeps it
in step with the validator (`handout.validate`), which stays the one that decides.

Sections, keys and types come from the model's dataclasses (the same key lists the validator
reads: `validate.TOP_KEYS` and the rest); this module adds what a dataclass cannot say: which
keys are optional, which only the English source must give, and a sentence for each.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import typing
from dataclasses import is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from handout import validate as v
from handout.artfiles import shipped_content_dir
from handout.ids import MAX_ID_LENGTH
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
    WhenToTalk,
)

SCHEMA_FILE = "schema.json"
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
_ID_FIELDS = frozenset({"id", "pictogram", "figure", "zone", "group", "lang"})
_VERSION_FIELDS = frozenset({"version", "source_version"})

# A sentence for each key, shown by an editor on hover and completion.
DESCRIPTIONS: dict[tuple[type, str], str] = {
    (Article, "lang"): "The language of this file: the file's name without .yaml (en, es, zh-Hans).",
    (Article, "title"): "The article's title, printed in the title band.",
    (Article, "subtitle"): "One line under the title (optional).",
    (Article, "main_message"): "The one thing to remember, printed first in a tinted box.",
    (Article, "intro"): "A short introduction.",
    (Article, "fact"): "A 'Did you know?' fact.",
    (Article, "regions"): ("The parts of the body the article can focus on, by id (e.g. lower, upper), each with "
                           "its causes. Leave it out for an article without a body figure."),
    (Article, "figure_caption"): "The caption under the figure; {zones} is replaced by the shaded zones' names.",
    (Article, "causes_intro"): "The bold line above each region's causes, e.g. 'What can cause them:'.",
    (Article, "remedies_title"): "The heading above the remedies.",
    (Article, "remedy_groups"): ("Titled sections of the remedies, by id, in print order (optional), e.g. "
                                 "when-it-starts: {title: When a cramp starts}."),
    (Article, "remedies"): "What helps: each with a pictogram and its text; printed in this order.",
    (Article, "when_to_talk"): "When to talk to a health care provider: a title and its items.",
    (Article, "sources"): "Where the advice comes from.",
    (Article, "document"): "Version and review dates (the English source; a translation shares them).",
    (Article, "translation"): "Who translated this file, its status and the English version it was made from.",
    (Region, "title"): "The region's heading, e.g. 'Lower back spasms'.",
    (Region, "figure"): "The body figure (content/figures/<figure>.svg) that shows it. English only.",
    (Region, "zone"): "The zone of that figure to shade (a shape's id in its zones layer). English only.",
    (Region, "zone_name"): "The zone's name as the caption prints it, e.g. 'lower back'.",
    (Region, "causes"): "What can cause it: at most 7, each with an id and its text.",
    (Cause, "id"): "An id that stays the same in every language.",
    (Cause, "text"): "The cause, in plain words.",
    (RemedyGroup, "title"): "The section's title, e.g. 'Every day'.",
    (Remedy, "id"): "An id that stays the same in every language.",
    (Remedy, "pictogram"): ("Its pictogram: pictograms/<name>.svg in the article's folder or the shared "
                            "content/pictograms/. English only."),
    (Remedy, "regions"): "The regions it helps with (default: all). English only.",
    (Remedy, "text"): "The remedy, in plain words. Mark quantities like {{10-15 min}} or {{2 L}}.",
    (Remedy, "action"): "The short phrase on the fridge checklist, e.g. 'Walk for 20 minutes'.",
    (Remedy, "checklist"): ("Whether it is a daily action for the fridge checklist (default true; the "
                            "checklist holds 3 to 7). English only."),
    (Remedy, "group"): "The remedy group (an id of remedy_groups) it is printed in. English only.",
    (WhenToTalk, "title"): "The box's title.",
    (WhenToTalk, "items"): "When to talk to a provider: at most 7 items.",
    (Source, "title"): "The source's title.",
    (Source, "publisher"): "Who published it (optional).",
    (Source, "url"): "Where to find it (optional).",
    (DocumentControl, "version"): "The article's version, in quotes (\"1.0\").",
    (DocumentControl, "published"): "First published, YYYY-MM-DD.",
    (DocumentControl, "last_reviewed"): "Last reviewed, YYYY-MM-DD.",
    (DocumentControl, "next_review"): "Next review due, YYYY-MM-DD, at most 3 years after the last.",
    (TranslationRecord, "status"): "source for English; machine-draft, professional or reviewed for a translation.",
    (TranslationRecord, "translator"): "Who translated it (optional).",
    (TranslationRecord, "reviewer"): "Who reviewed the translation (optional).",
    (TranslationRecord, "date"): "When it was translated, YYYY-MM-DD.",
    (TranslationRecord, "source_version"): "The English document.version it was made from, in quotes.",
}

# Keys a file may leave out: in every language, and (structure) in translations only.
OPTIONAL: dict[type, frozenset[str]] = {
    Article: frozenset({"subtitle", "regions", "figure_caption", "causes_intro", "remedy_groups", "document"}),
    Remedy: frozenset({"regions", "checklist", "group", "action", "pictogram"}),
    Region: frozenset({"figure", "zone"}),
    Source: frozenset({"publisher", "url"}),
    TranslationRecord: frozenset({"translator", "reviewer"}),
}
ENGLISH_ONLY: dict[type, tuple[str, ...]] = {
    Article: ("document",),
    Region: v.INHERITED_REGION_KEYS,
    Remedy: ("pictogram",),
}
# The dataclass that each section's items are, and how the YAML holds them.
_MAPPED_BY_ID = {"regions": Region, "remedy_groups": RemedyGroup}
_KEYS = {Article: v.TOP_KEYS, Region: v.REGION_KEYS, Cause: v.CAUSE_KEYS, RemedyGroup: v.GROUP_KEYS,
         Remedy: v.REMEDY_KEYS, WhenToTalk: v.TALK_KEYS, Source: v.SOURCE_KEYS, DocumentControl: v.DOCUMENT_KEYS,
         TranslationRecord: v.TRANSLATION_KEYS}


def article_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an article file."""
    defs = {cls.__name__: _object(cls) for cls in _KEYS if cls is not Article}
    top = _object(Article)
    english: dict[str, Any] = {
        "if": {"properties": {"lang": {"const": "en"}}, "required": ["lang"]},
        "then": {
            "required": list(ENGLISH_ONLY[Article]),
            "properties": {
                "regions": {"additionalProperties": {"required": list(ENGLISH_ONLY[Region])}},
                "remedies": {"items": {
                    "required": list(ENGLISH_ONLY[Remedy]),
                    "if": {"not": {"properties": {"checklist": {"const": False}}, "required": ["checklist"]}},
                    "then": {"required": ["action"]},
                }},
            },
        },
    }
    grouped = {  # with remedy groups every remedy names its group; without, none does
        "if": {"required": ["remedy_groups"]},
        "then": {"properties": {"remedies": {"items": {"required": ["group"]}}}},
        "else": {"properties": {"remedies": {"items": {"not": {"required": ["group"]}}}}},
    }
    english["then"]["allOf"] = [grouped]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "handout article",
        "description": ("One language version of a patient-education article: content/<article>/<lang>.yaml. "
                        "English (en.yaml) is the source and holds the structure; a translation holds the text."),
        **top,
        "dependentRequired": {"regions": ["figure_caption", "causes_intro"]},
        "allOf": [english],
        "$defs": defs,
    }


def _object(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    optional = OPTIONAL.get(cls, frozenset())
    props = {name: _property(cls, name, hints[name], name not in optional) for name in _KEYS[cls]}
    required = [name for name in _KEYS[cls] if name not in optional]
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _property(cls: type, name: str, hint: Any, required: bool) -> dict[str, Any]:
    if cls is Article and name in _MAPPED_BY_ID:
        schema: dict[str, Any] = {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH,
                              **({"not": {"const": ALL_REGIONS}} if name == "regions" else {})},
            "additionalProperties": {"$ref": f"#/$defs/{_MAPPED_BY_ID[name].__name__}"}}
    else:
        schema = _type(name, hint, required)
    description = DESCRIPTIONS.get((cls, name))
    if description:
        schema = {"description": description, **schema}
    return schema


def _type(name: str, hint: Any, required: bool) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return {"type": "array", "minItems": 1, "items": _type(name, item, True)}
    if is_dataclass(hint) and isinstance(hint, type):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [member.value for member in hint]}
    if hint is bool:
        return {"type": "boolean"}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if name in _ID_FIELDS or name == "regions":
        return {"type": "string", "pattern": "^[A-Za-z0-9-]+$" if name == "lang" else ID_PATTERN}
    if name in _VERSION_FIELDS:
        return {"type": "string", "minLength": 1}  # a number (1.10) would lose its zero: quote it
    return {"type": "string", "minLength": 1} if required else {"type": "string"}


def schema_text() -> str:
    return json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema() -> Path:
    return shipped_content_dir() / SCHEMA_FILE


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        shipped_schema().write_text(schema_text(), encoding="utf-8")
        print(f"wrote {shipped_schema()}")  # noqa: T201
    else:
        sys.stdout.write(schema_text())
