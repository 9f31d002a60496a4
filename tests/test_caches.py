"""Every process-wide cache is registered in `handout.caches`, and `clear_all` empties them all."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import handout
from handout import caches
from handout.build import build_pdf
from handout.library import ContentLibrary
from handout.memo import BoundedMemo
from handout.options import RenderOptions

ARTICLE = "back-spasms-pregnancy"


def _every_module() -> list[ModuleType]:
    names = [info.name for info in pkgutil.walk_packages(handout.__path__, "handout.")
             if not info.name.endswith("__main__")]  # running it would start the CLI
    return [importlib.import_module(name) for name in names]


def test_every_function_cache_and_memo_is_registered() -> None:
    modules = _every_module()  # first: a cache registers when its module is imported
    registered = {id(cache) for cache in caches.registered()}
    unregistered = []
    for module in modules:
        for attr, value in vars(module).items():
            is_function_cache = (hasattr(value, "cache_clear") and not isinstance(value, type)
                                 and getattr(value, "__module__", "") == getattr(module, "__name__", ""))
            if (is_function_cache or isinstance(value, BoundedMemo)) and id(value) not in registered:
                unregistered.append(f"{module.__name__}.{attr}")
    assert unregistered == []


@pytest.mark.usefixtures("fresh_caches")
def test_clear_all_empties_every_cache_a_build_fills() -> None:
    library = ContentLibrary()
    for lang in ("en", "ar", "zh-Hans"):
        build_pdf(library, ARTICLE, RenderOptions(invariant=True, lang=lang, format="checklist"))
    filled = {name for name, size in caches.sizes().items() if size}
    for name in ("handout.paragraphs._PARSED", "handout.text.bidi._SHAPED", "handout.typeset.typesetter",
                 "handout.artcache._operators", "handout.fonts.register_family", "handout.i18n.labels"):
        assert name in filled
    caches.clear_all()
    assert {name: size for name, size in caches.sizes().items() if size} == {}


def test_a_second_cache_under_a_taken_name_is_refused() -> None:
    mine: dict[str, int] = caches.register({}, "tests.test_caches.mine")
    assert caches.register(mine, "tests.test_caches.mine") is mine  # registering twice is harmless
    with pytest.raises(ValueError, match="already registered"):
        caches.register({}, "tests.test_caches.mine")
