"""Shared fixtures: the bundled library, the fixture library, an invariant builder, and the
--regenerate-references switch of the reference PDFs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from handout import caches
from handout.build import BuiltPdf, build_pdf
from handout.library import ContentLibrary
from handout.options import RenderOptions

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLE = "back-spasms-pregnancy"
REGENERATE_ENV = "HANDOUT_REGENERATE"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-references",
        action="store_true",
        default=False,
        help=f"rewrite the reference PDFs in tests/reference/ from the current code (or {REGENERATE_ENV}=1)",
    )


@pytest.fixture(scope="session")
def regenerate_references(request: pytest.FixtureRequest) -> bool:
    """Whether to rewrite the reference PDFs instead of comparing with them."""
    return bool(request.config.getoption("--regenerate-references")) or os.environ.get(REGENERATE_ENV) == "1"


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

    def _build(article: str = ARTICLE, **options: Any) -> BuiltPdf:
        key = (article, repr(sorted(options.items(), key=lambda kv: kv[0])))
        if key not in cache:
            opts = replace(RenderOptions(invariant=True), **options)
            cache[key] = build_pdf(library, article, opts)
        return cache[key]

    return _build
