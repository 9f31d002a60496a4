"""From an HTTP body to the one request model: a JSON object (the API) or the page's form.

Both hand `parse_request` plain strings and booleans; only the shape is checked here (a JSON
value must be text, true/false or null). Errors become `Problem`s with the field's JSON name and
its valid choices, which the API returns as a 422 and the page shows next to the field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from handout.library import ContentLibrary
from handout.options import Clinic
from handout.request import FIELDS, DocumentRequest, Problem, RequestError, Value, cli_names, parse_request


class ShapeError(Exception):
    """The body is not a JSON object, or not UTF-8: nothing in it could be read as fields."""


def json_fields(body: bytes) -> dict[str, object]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ShapeError(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ShapeError("the body must be a JSON object of fields, e.g. {\"article\": \"...\"}")
    return data


def form_fields(body: bytes) -> dict[str, str]:
    """An `application/x-www-form-urlencoded` body; a repeated field keeps its last value."""
    from urllib.parse import parse_qsl

    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ShapeError(f"the form could not be read: {exc}") from None
    return dict(pairs)


def values(data: Mapping[str, object], allowed_extra: tuple[str, ...] = ()) -> tuple[dict[str, Value], dict[str, str]]:
    """The request's fields as `parse_request` takes them, and the extra fields asked for."""
    problems, fields, extra = [], {}, {}
    for name, value in data.items():
        if name in allowed_extra:
            if isinstance(value, str):
                extra[name] = value
            elif value is not None:
                problems.append(Problem(name, "must be text"))
        elif not isinstance(value, str | bool) and value is not None:
            problems.append(Problem(name, "must be text, true or false"))
        else:
            fields[name] = value
    if problems:
        raise RequestError(problems)
    return fields, extra


def page_values(form: Mapping[str, str]) -> dict[str, Value]:
    """The page's form as request fields: checkboxes are on when sent, `bilingual` adds English."""
    fields: dict[str, Value] = {name: form[name] for name in FIELDS if name in form and name != "encrypt"}
    lang = str(fields.get("lang") or "")
    if form.get("bilingual") and lang and "+" not in lang and lang.lower() != "en":
        fields["lang"] = f"{lang}+en"
    return fields


def parse(
    fields: Mapping[str, Value], library: ContentLibrary, clinic: Clinic, country: str | None,
    default_date: dt.date | None = None,
) -> DocumentRequest:
    """The request; in the server's country when neither `country` nor `lang` (es-US) names one."""
    request = parse_request(fields, library, clinic=clinic, default_date=default_date)
    if country and request.opts.country is None:
        request = parse_request({**fields, "country": country}, library, clinic=clinic, default_date=default_date)
    return request


def placed_lines(lines: tuple[str, ...] | list[str]) -> list[Problem]:
    """A build's problem lines (a letter no font has), each under the field it names."""
    return [_placed(line) for line in lines]


def _placed(line: str) -> Problem:
    """A build's message names a field the CLI's way (`--patient`); put it under the JSON name."""
    for name, option in cli_names().items():
        if option.startswith("--") and f"{option}:" in line:
            return Problem(name, line.replace(f"{option}: ", "").replace(option, name))
    return Problem("", line)


def problem_json(problems: list[Problem]) -> list[dict[str, object]]:
    return [{"field": p.field or None, "message": p.message, "choices": list(p.choices)} for p in problems]
