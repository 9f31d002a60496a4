"""A translator's round trip: an article's strings out to a PO file, and back into its YAML.

PO (gettext) is what translators' tools read (Poedit, Weblate, memoQ, Trados, OmegaT). Each
entry's context is the string's place in the article (`remedies.exercise.text`), its msgid the
English source, its msgstr the translation; comments give the English of the surrounding item.
Babel reads and writes the files. Import edits only the strings that changed, in place, so a
round trip with no changes leaves the YAML byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handout.content import FieldPath, ScalarSpan, scalar_spans, with_scalars
from handout.errors import BadInputError, BuildFailedError
from handout.i18n import LANGUAGES
from handout.library import SOURCE_LANG, ContentLibrary
from handout.model import TranslationStatus
from handout.output import write_atomic

# Fields whose values are structure (ids, art, flags) and sections that are document control:
# never text to translate.
NOT_TEXT = frozenset({"id", "pictogram", "pictograms", "regions", "zone", "figure", "group", "checklist", "url"})
NOT_TEXT_SECTIONS = frozenset({"lang", "document", "translation"})
_BREAKING_SPACE = re.compile(r"[ \t\r\n]+")
HEADER_ARTICLE = "X-Handout-Article"
HEADER_SOURCE_VERSION = "X-Handout-Source-Version"


def _text(value: str) -> str:
    """A string as the article reads it: line breaks and runs of spaces folded, no-break kept."""
    return _BREAKING_SPACE.sub(" ", value).strip()


def _key(path: FieldPath, spans: dict[FieldPath, ScalarSpan]) -> str:
    """`remedies.exercise.text`: list items named by their id where they have one."""
    parts: list[str] = []
    for depth, part in enumerate(path):
        if isinstance(part, int):
            id_span = spans.get((*path[:depth + 1], "id"))
            parts.append(id_span.text if id_span is not None else str(part))
        else:
            parts.append(part)
    return ".".join(parts)


def _is_text(where: FieldPath) -> bool:
    names = [part for part in where if isinstance(part, str)]
    return bool(names) and names[0] not in NOT_TEXT_SECTIONS and names[-1] not in NOT_TEXT


def translatable(path: Path) -> tuple[str, dict[FieldPath, ScalarSpan], dict[str, FieldPath]]:
    """The file's text, its scalar spans, and each translatable string's key -> field path."""
    text, spans = scalar_spans(path)
    keys = {_key(where, spans): where for where, span in spans.items() if _is_text(where) and span.text.strip()}
    return text, spans, keys


def export_po(library: ContentLibrary, article_id: str, lang: str) -> bytes:
    """Every string of the English article, with the `lang` translation where there is one.

    Strings of a stale translation (English changed since) are marked fuzzy: check them."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    if lang == SOURCE_LANG or lang not in LANGUAGES:
        known = ", ".join(code for code in LANGUAGES if code != SOURCE_LANG)
        raise BadInputError(f"--lang: '{lang}' is not a language to translate into; languages: {known}")
    source_path = library.root / article_id / f"{SOURCE_LANG}.yaml"
    library.load(article_id)  # the source must be valid before anything is sent out
    _, source_spans, source_keys = translatable(source_path)
    version = library.load(article_id).document.version
    target = library.root / article_id / f"{lang}.yaml"
    current: dict[str, str] = {}
    stale = False
    if target.is_file():
        _, spans, keys = translatable(target)
        current = {key: _text(spans[where].text) for key, where in keys.items()}
        stale = library.stale_from(article_id, lang) is not None
    catalog = Catalog(locale=LANGUAGES[lang].locale, project=article_id, version=version,
                      header_comment=f"# {article_id}: English {version} to {LANGUAGES[lang].name} ({lang}).\n"
                      "# msgctxt is the string's place in the article; keep {{10-11 kg}} markers as they are.",
                      fuzzy=False)
    for key, where in source_keys.items():
        english = _text(source_spans[where].text)
        flags = ["fuzzy"] if stale and key in current else []
        catalog.add(english, current.get(key, ""), context=key, auto_comments=[_comment(key)], flags=flags)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=False, sort_output=False)
    return _with_headers(buffer.getvalue(), {HEADER_ARTICLE: article_id, HEADER_SOURCE_VERSION: version})


def _comment(key: str) -> str:
    field_name = key.rsplit(".", 1)[-1]
    return {"text": "the full text of this item", "action": "a short action for the fridge checklist (a few words)",
            "title": "a heading"}.get(field_name, field_name.replace("_", " "))


def _with_headers(po: bytes, headers: dict[str, str]) -> bytes:
    """Our two headers added to the PO header entry (Babel keeps unknown headers on reading)."""
    text = po.decode("utf-8")
    extra = "".join(f'"{name}: {value}\\n"\n' for name, value in headers.items())
    marker = '"Content-Transfer-Encoding: 8bit\\n"\n'
    return text.replace(marker, marker + extra, 1).encode("utf-8")


@dataclass
class ImportReport:
    path: Path
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # no translation given (kept as it was)
    stale: list[str] = field(default_factory=list)  # the English changed since the export
    unknown: list[str] = field(default_factory=list)  # not a string of the article
    created: bool = False
    written: bool = False


@dataclass(frozen=True)
class Signature:
    """Who stands behind an imported translation."""

    status: TranslationStatus
    translator: str
    reviewer: str = ""
    date: dt.date = field(default_factory=dt.date.today)


def signature(status: str | None, translator: str, reviewer: str, date: str | None) -> Signature | None:
    """Who stands behind an import, from the options; None when none was given."""
    from handout.request import parse_date

    if status is None and not (translator or reviewer or date):
        return None
    allowed = (TranslationStatus.PROFESSIONAL, TranslationStatus.REVIEWED)
    chosen = next((s for s in allowed if s.value == (status or "").strip().lower()), None)
    if chosen is None:
        raise BadInputError(f"--status: give {' or '.join(s.value for s in allowed)}; a machine translation is "
                            "not imported as one")
    if not translator.strip():
        raise BadInputError("--translator: say who translated it")
    if chosen is TranslationStatus.REVIEWED and not reviewer.strip():
        raise BadInputError("--reviewer: a reviewed translation names its reviewer")
    try:
        day = parse_date(date) if date else dt.date.today()
    except ValueError as exc:
        raise BadInputError(f"--date: {exc}") from None
    return Signature(chosen, translator.strip(), reviewer.strip(), day)


def import_po(library: ContentLibrary, po_file: Path, signature: Signature | None) -> ImportReport:
    """Write a translated PO file back into the article's `<lang>.yaml`, changing only the
    strings that changed (and the translation record, when they did or `signature` is given)."""
    article_id, lang, entries, po_version = _read_po(po_file)
    if article_id not in library.article_ids:
        raise BadInputError(f"{po_file}: article '{article_id}' is not in {library.root}")
    source_path = library.root / article_id / f"{SOURCE_LANG}.yaml"
    source_text, source_spans, source_keys = translatable(source_path)
    version = library.load(article_id).document.version
    target = library.root / article_id / f"{lang}.yaml"
    report = ImportReport(target, created=not target.is_file())
    text, spans, keys = translatable(target) if target.is_file() else (source_text, source_spans, source_keys)
    values: dict[FieldPath, str | dt.date] = {}
    for key, where in source_keys.items():
        english = _text(source_spans[where].text)
        given = entries.get(key)
        if given is None or not given[1] or given[2]:
            report.missing.append(key)
            continue
        msgid, msgstr, _ = given
        if _text(msgid) != english:
            report.stale.append(key)
            continue
        place = keys.get(key)
        if place is None:
            raise BuildFailedError(f"{target}: has no '{key}'; the translation's structure differs from English")
        if report.created or _text(spans[place].text) != _text(msgstr):
            values[place] = msgstr
            report.changed.append(key)
    report.unknown = sorted(set(entries) - set(source_keys))
    if report.created and (report.missing or report.stale):
        raise BuildFailedError(f"{po_file}: {len(report.missing) + len(report.stale)} strings are missing or stale, "
                               f"so {target.name} cannot be made yet (first: {(report.missing + report.stale)[0]}); "
                               "translate them and import again")
    if not values and signature is None:
        return report
    if signature is None:
        raise BadInputError("strings changed: say who translated them with --status (professional or reviewed) "
                            "and --translator")
    values.update(_record(spans, signature, version if po_version == version else po_version, lang, report.created))
    written = with_scalars(text, spans, values)
    if report.created:  # the English file's own comments describe the English file
        body = written.split("\n")
        while body and body[0].startswith("#"):
            body.pop(0)
        header = (f"# {article_id}: {LANGUAGES[lang].name} translation, imported from {po_file.name}.\n"
                  f"# Made from English {version}; the same keys and ids as {SOURCE_LANG}.yaml.\n")
        written = header + "\n".join(body)
    write_atomic(target, written.encode("utf-8"))
    report.written = True
    return report


def _record(spans: dict[FieldPath, ScalarSpan], signature: Signature, made_from: str, lang: str,
            created: bool) -> Iterator[tuple[FieldPath, str | dt.date]]:
    yield ("translation", "status"), signature.status.value
    yield ("translation", "translator"), signature.translator
    yield ("translation", "reviewer"), signature.reviewer
    yield ("translation", "date"), signature.date
    yield ("translation", "source_version"), made_from
    if created:
        yield ("lang",), lang


def _read_po(path: Path) -> tuple[str, str, dict[str, tuple[str, str, bool]], str]:
    """Article id, language, entries by context (msgid, msgstr, fuzzy) and the English version."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        raw = path.read_bytes()
        catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    except OSError as exc:
        raise BadInputError(f"cannot read {path}: {exc.strerror}") from None
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: not a PO file this tool can read: {exc}") from None
    # Babel keeps only the headers it knows; ours are read from the header entry itself.
    headers = dict(re.findall(r'^"(X-Handout-[A-Za-z-]+): (.*?)\\n"$', raw.decode("utf-8", "replace"), re.M))
    article_id = headers.get(HEADER_ARTICLE, "")
    lang = next((code for code, language in LANGUAGES.items() if catalog.locale_identifier == language.locale),
                "")
    if not article_id or not lang:
        raise BadInputError(f"{path}: no {HEADER_ARTICLE} header or no known Language; export the file with "
                            "`handout translations export`")
    entries = {str(m.context): (str(m.id), str(m.string or ""), m.fuzzy) for m in catalog if m.id and m.context}
    return article_id, lang, entries, headers.get(HEADER_SOURCE_VERSION, "")
