"""The OpenAPI 3.1 description of the API, made from the request model's fields and the registries'
choices (articles, languages, regions, formats, papers) when the server starts, so it never
lists a choice the server would refuse. Starlette with this one small function, not FastAPI:
FastAPI would validate bodies with pydantic models, a second parser beside `parse_request`."""

from __future__ import annotations

from handout import __version__
from handout.library import ContentLibrary
from handout.request import FIELDS

_TEXT = {"type": "string"}
_FLAG = {"type": "boolean", "default": False}
_ABOUT = {
    "article": "Article id (see GET /api/v1/articles).",
    "lang": "Language: es; a locale such as es-US (sets paper, units and dates); es+en for a bilingual edition.",
    "country": "ISO 3166 country code (US, GB, ...): paper, units and date style. Default: the server's.",
    "region": "Part of the back the document is about; `both` for every region.",
    "format": "handout, checklist (fridge checklist) or trifold (leaflet).",
    "paper": "Paper; the default follows the country (Letter in the US, else A4).",
    "large_print": "Large-print edition: every text at least 18 pt.",
    "grayscale": "Greyscale edition for mono printers.",
    "cut_marks": "Checklist on A5 or half-letter: print it on A4 or Letter with crop marks.",
    "patient": "Patient name, printed on the name line; never in a file name, URL or log.",
    "note": "A short note from the care team.",
    "date": "Date printed on the document (the checklist: week starting), YYYY-MM-DD.",
    "encrypt": "Protect the PDF with AES-256; needs `password`.",
}


def schema(library: ContentLibrary) -> dict[str, object]:
    from handout.formats import FORMAT_NAMES
    from handout.model import ALL_REGIONS
    from handout.options import Paper

    articles = list(library.article_ids)
    langs = list(dict.fromkeys(lang for a in articles for lang in library.languages(a)))
    regions = [*dict.fromkeys(r for a in articles for r in library.load(a).region_ids), ALL_REGIONS]
    enums = {"article": articles, "format": list(FORMAT_NAMES), "paper": [p.value for p in Paper], "region": regions}
    props: dict[str, object] = {}
    for name in FIELDS:
        base = _FLAG if name in ("large_print", "grayscale", "cut_marks", "encrypt") else _TEXT
        prop: dict[str, object] = {**base, "description": _ABOUT[name]}
        if name in enums:
            prop["enum"] = enums[name]
        if name == "lang":
            prop["examples"] = [*langs[:3], "es-US", "es+en"]
        if name == "date":
            prop["format"] = "date"
        props[name] = prop
    props["password"] = {**_TEXT, "minLength": 8, "description": "The PDF password when `encrypt` is true."}
    problem = {"type": "object", "properties": {
        "field": {"type": ["string", "null"]}, "message": _TEXT, "choices": {"type": "array", "items": _TEXT}}}
    problems = {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}
    error = {"type": "object", "properties": {"error": _TEXT, "message": _TEXT, "problems": problems}}
    bad = {"description": "A field is wrong (each problem names its field and the valid choices), or the "
                          "document cannot be made (it does not fit its pages)",
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "handout", "version": __version__,
                 "description": "Patient-education handouts as PDF, built in memory from the clinic's request."},
        "security": [{"bearer": []}, {"basic": []}],
        "paths": {
            "/api/v1/articles": {"get": {
                "summary": "Articles with their languages (status), regions, and the formats and papers",
                "responses": {"200": {"description": "The catalogue", "content": {"application/json": {}}}}}},
            "/api/v1/documents": {"post": {
                "summary": "Build one PDF",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/DocumentRequest"},
                    "example": {"article": articles[0] if articles else "my-article", "lang": "es",
                                "region": regions[0], "patient": "Ana Lima"}}}},
                "responses": {
                    "200": {"description": "The PDF; X-Handout-Pages says how many pages",
                            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "400": {"description": "The body is not a JSON object"},
                    "401": {"description": "No or a wrong token"},
                    "413": {"description": "The body is over the size limit"},
                    "415": {"description": "The body is not application/json"},
                    "422": bad,
                }}},
            "/healthz": {"get": {"summary": "Liveness", "security": [],
                                 "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {
                "DocumentRequest": {"type": "object", "required": ["article"], "additionalProperties": False,
                                    "properties": props},
                "Problem": problem,
                "Error": error,
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "basic": {"type": "http", "scheme": "basic"}},
        },
    }
