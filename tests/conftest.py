"""Shared fixtures: the bundled library, the fixture library and an invariant builder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from handout.build import BuiltPdf, build_pdf
from handout.library import ContentLibrary
from handout.options import RenderOptions

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLE = "back-spasms-pregnancy"


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    return ContentLibrary()


@pytest.fixture(scope="session")
def fixture_library() -> ContentLibrary:
    return ContentLibrary(FIXTURES / "content")


@pytest.fixture(scope="session")
def build(library: ContentLibrary) -> Callable[..., BuiltPdf]:
    """Build the bundled article in invariant mode; keyword arguments become RenderOptions."""
    cache: dict[tuple[object, ...], BuiltPdf] = {}

    def _build(article: str = ARTICLE, **options: Any) -> BuiltPdf:
        key = (article, repr(sorted(options.items(), key=lambda kv: kv[0])))
        if key not in cache:
            opts = replace(RenderOptions(invariant=True), **options)
            cache[key] = build_pdf(library, article, opts)
        return cache[key]

    return _build
