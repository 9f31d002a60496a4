"""Reads YAML files safely, keeping the line of every value so problems can be placed.

This is the only module that imports `yaml`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, cast

import yaml

from handout.errors import ContentError, Issue
from handout.limits import MAX_YAML_ALIAS_VALUES, MAX_YAML_BYTES, MAX_YAML_DEPTH

FieldPath = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it (its wheels are): the same events and marks,
# several times faster than the pure-Python one.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooBig(yaml.composer.ComposerError):
    """A file that would expand past a bound; raised while composing, before it costs memory."""


class _BoundedComposer(yaml.composer.Composer):
    """A composer that counts what aliases add and how deep nesting goes, and stops a bomb.

    An alias is a reference: nine levels of ten aliases are 90 events that expand to 10**9
    values once read as plain data. Counting each alias at the size of what it names stops
    such a file within a few thousand events. libyaml still parses; only composing is Python
    (libyaml's own composer also recurses without a bound and crashes on deep nesting).
    """

    _sizes: dict[int, int]  # id(node) -> values it stands for, aliases expanded
    _added: int
    _depth: int

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            named = self.anchors.get(event.anchor)
            size = self._sizes.get(id(named)) if named is not None else 0
            if size is None:
                raise _TooBig(None, None, f"the alias *{event.anchor} is inside the value it names; "
                              "an alias must refer to a value written before it", event.start_mark)
            self._added += size
            if self._added > MAX_YAML_ALIAS_VALUES:
                raise _TooBig(None, None, f"aliases (*{event.anchor} here) expand to over "
                              f"{MAX_YAML_ALIAS_VALUES:,} values; write the values out instead "
                              "of using aliases", event.start_mark)
            return cast(yaml.Node, super().compose_node(parent, index))
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise _TooBig(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep; "
                          "flatten the structure", event.start_mark)
        node = cast(yaml.Node, super().compose_node(parent, index))
        self._depth -= 1
        self._sizes[id(node)] = 1 + _child_sizes(node, self._sizes)
        return node


class _BoundedLoader(_BoundedComposer, _Parser):
    """The safe loader (libyaml's parser, our composer, the safe constructor)."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        yaml.composer.Composer.__init__(self)
        self._sizes, self._added, self._depth = {}, 0, 0


def _child_sizes(node: yaml.Node, sizes: dict[int, int]) -> int:
    if isinstance(node, yaml.SequenceNode):
        return sum(sizes[id(item)] for item in node.value)
    if isinstance(node, yaml.MappingNode):
        return sum(sizes[id(key)] + sizes[id(value)] for key, value in node.value)
    return 0


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, plus the line number of each value by field path."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, where: FieldPath) -> int | None:
        """Line of the value at `where`, or of its nearest ancestor that has one."""
        for end in range(len(where), -1, -1):
            line = self.lines.get(where[:end])
            if line is not None:
                return line
        return None

    def issue(self, where: FieldPath, message: str) -> Issue:
        return Issue(str(self.path), self.line_of(where), dotted(where), message)


def dotted(where: FieldPath) -> str:
    """`('remedies', 2, 'text')` -> `remedies[2].text`, the way the file is read by a person."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml(path: Path) -> YamlDocument:
    """Parse `path` with the safe loader; malformed or oversized YAML is a placed ContentError."""
    text = _read_text(path)
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
    except _TooBig as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError([Issue(str(path), line, "", str(exc.problem))]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_malformed(path, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Issue(str(path), None, "", f"malformed YAML: {exc}")]) from None
    lines: dict[FieldPath, int] = {}
    try:
        data = _to_data(loader, node, (), lines, path) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError([Issue(str(path), line, "", f"invalid value: {exc.problem}")]) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, lines)


def _read_text(path: Path) -> str:
    """The file as text, read no further than the size bound (a FIFO or /dev/zero included)."""
    def refuse(message: str) -> ContentError:
        return ContentError([Issue(str(path), None, "", message)])

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise refuse("file not found") from None
    except OSError as exc:
        raise refuse(f"cannot read: {exc.strerror}") from None
    if len(raw) > MAX_YAML_BYTES:
        size = path.stat().st_size if path.is_file() else 0
        shown = f"{size / 1_000_000:.1f} MB, " if size > MAX_YAML_BYTES else ""
        raise refuse(f"{shown}over the {MAX_YAML_BYTES // 1_000_000} MB limit for a content file "
                     "or clinic profile (they are a few kB); check that this is the right file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse(f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None


def _malformed(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Issue:
    """The parser's complaint, placed; a tab in the indentation is named as such."""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    source = text.splitlines()
    for mark in marks:
        if mark.line < len(source):
            indent = source[mark.line][: len(source[mark.line]) - len(source[mark.line].lstrip(" \t"))]
            if "\t" in indent:
                return Issue(str(path), mark.line + 1, "",
                             "indented with a tab; YAML indents with spaces only: replace the tab with spaces")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = exc.problem or "malformed YAML"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        problem = f"{exc.context} starting here: {problem} (on line {line})"
        line = exc.context_mark.line + 1
    return Issue(str(path), line, "", f"malformed YAML: {problem}; check indentation and quoting")


def _to_data(
    loader: Any, node: yaml.Node, where: FieldPath, lines: dict[FieldPath, int], path: Path) -> Any:
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if not isinstance(key, str | int):
                raise ContentError(
                    [Issue(str(path), key_node.start_mark.line + 1, dotted(where), "keys must be text")]
                )
            key = str(key)
            if key in mapping:
                raise ContentError(
                    [Issue(str(path), key_node.start_mark.line + 1, dotted((*where, key)),
                           "appears twice; keep one")]
                )
            mapping[key] = _to_data(loader, value_node, (*where, key), lines, path)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(loader, item, (*where, i), lines, path) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader: Any, node: yaml.Node) -> Any:
    """Resolve one scalar with the safe constructor (dates, numbers, booleans, null)."""
    value = loader.construct_object(node, deep=True)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


@dataclass(frozen=True)
class ScalarSpan:
    """Where one scalar value stands in a YAML file's text (character offsets), to edit it alone."""

    start: int
    end: int
    text: str


def scalar_spans(path: Path) -> tuple[str, dict[FieldPath, ScalarSpan]]:
    """The file's text and the span of every scalar value by field path (mapping keys; list
    items by their index). Editing a span leaves every other byte of the file as it was."""
    text = _read_text(path)
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ContentError([Issue(str(path), None, "", f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    spans: dict[FieldPath, ScalarSpan] = {}

    def walk(node: yaml.Node, where: FieldPath) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*where, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*where, i))
        elif isinstance(node, yaml.ScalarNode):
            spans[where] = ScalarSpan(node.start_mark.index, node.end_mark.index, str(node.value))

    if node is not None:
        walk(node, ())
    return text, spans


def quoted_scalar(value: str) -> str:
    """`value` as one double-quoted YAML scalar, valid wherever a scalar stands."""
    dumped = str(yaml.dump(value, default_style='"', allow_unicode=True, width=1_000_000))
    return dumped.rstrip("\n").removesuffix("\n...")


def with_scalars(text: str, spans: dict[FieldPath, ScalarSpan], values: dict[FieldPath, str | dt.date]) -> str:
    """`text` with the scalars at `values`' paths replaced (text quoted, dates plain, so they stay
    dates), every other byte kept."""
    out, last = [], 0
    for where, span in sorted(((w, spans[w]) for w in values), key=lambda item: item[1].start):
        original = text[span.start : span.end]
        value = values[where]
        written = value.isoformat() if isinstance(value, dt.date) else quoted_scalar(value)
        out += [text[last : span.start], written, "\n" if original.endswith("\n") else ""]
        last = span.end
    out.append(text[last:])
    return "".join(out)


R = TypeVar("R")


def load_records(path: Path, make: type[R], key: str, names: dict[str, str] | None = None) -> dict[str, R]:
    """A YAML mapping of id -> fields, each made into a `make` dataclass (`key` gets the id).

    Fields are the dataclass's own (or `names`' renamings, e.g. `fonts` -> `font_chain`); a list
    becomes a tuple. An unknown field, a wrong type or a missing required one is a placed
    ContentError, so a data file is checked like a content file.
    """
    import dataclasses
    import typing

    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise ContentError([doc.issue((), "must be a mapping of ids to their fields")])
    hints = typing.get_type_hints(make)
    fields = {f.name: f for f in dataclasses.fields(make)}  # type: ignore[arg-type]
    renamed = names or {}
    records: dict[str, R] = {}
    issues: list[Issue] = []
    for record_id, values in doc.data.items():
        if not isinstance(values, dict):
            issues.append(doc.issue((record_id,), "must be a mapping of fields"))
            continue
        arguments: dict[str, Any] = {key: str(record_id)}
        for name, value in values.items():
            attribute = renamed.get(name, name)
            if attribute not in fields or attribute == key:
                known = ", ".join(sorted({renamed.get(n, n) for n in renamed} | set(fields) - {key}))
                issues.append(doc.issue((record_id, name), f"unknown field; known fields: {known}"))
                continue
            value = tuple(value) if isinstance(value, list) else value
            expected = hints[attribute]
            if not _fits(value, expected):
                issues.append(doc.issue((record_id, name), f"'{value}' is not {_type_words(expected)}"))
                continue
            arguments[attribute] = value
        missing = [n for n, f in fields.items() if n not in arguments and f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING]
        if missing:
            issues.append(doc.issue((record_id,), f"missing {', '.join(missing)}"))
            continue
        records[str(record_id)] = make(**arguments)
    if issues:
        raise ContentError(issues)
    return records


def _fits(value: object, expected: object) -> bool:
    import typing

    options = typing.get_args(expected) if typing.get_origin(expected) in (typing.Union, UnionType) else (expected,)
    for option in options:
        if option is type(None) and value is None:
            return True
        origin = typing.get_origin(option)
        if origin is tuple:
            return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        if isinstance(option, type) and isinstance(value, option) and not (option is int and isinstance(value, bool)):
            return True
    return False


def _type_words(expected: object) -> str:
    words: dict[object, str] = {str: "text", bool: "true or false", int: "a whole number"}
    return words.get(expected, "of the right kind")
