"""Reads YAML files safely, keeping the line of every value so problems can be placed.

This is the only module that imports `yaml`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handout.errors import ContentError, Issue

FieldPath = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it (its wheels are): the same nodes and marks,
# several times faster than the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """Parse `path` with the safe loader; malformed YAML becomes a placed ContentError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Issue(str(path), None, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError(
            [Issue(str(path), None, "", f"not UTF-8 text ({exc.reason}); save the file as UTF-8")]
        ) from None
    except OSError as exc:
        raise ContentError([Issue(str(path), None, "", f"cannot read: {exc.strerror}")]) from None
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "malformed YAML"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            problem = f"{exc.context} starting here: {problem} (on line {line})"
            line = exc.context_mark.line + 1
        raise ContentError(
            [Issue(str(path), line, "", f"malformed YAML: {problem}; check indentation and quoting")]
        ) from None
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
