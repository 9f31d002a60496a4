"""Shared fixtures: the bundled library, the fixture library and an invariant builder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from handout import caches
from handout.build import BuiltPdf, build_pdf
from handout.library import ContentLibrary
from handout.options import RenderOptions

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLE = "back-spasms-pregnancy"


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Every process-wide cache empty, as in a fresh process, before and after the test."""
    caches.clear_all()
    yield
    caches.clear_all()


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

    def _build(article: str = ARTICLE, **options: object) -> BuiltPdf:
        key = (article, repr(sorted(options.items(), key=lambda kv: kv[0])))
        if key not in cache:
            opts = replace(RenderOptions(invariant=True), **options)  # type: ignore[arg-type]
            cache[key] = build_pdf(library, article, opts)
        return cache[key]

    return _build
