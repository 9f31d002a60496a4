"""Every process-wide cache, registered in one place, so all of them can be cleared at once.

A build keeps what it has worked out for the next one (parsed paragraphs, shaped text,
illustrations, typesetters, fonts, catalogues). Each such cache registers here where it is
made, with `register`, so a test that needs a fresh process, or a long-running server, calls
`clear_all()` instead of knowing every module's private state.

Registries that hold definitions rather than results (the pictogram builders, the formats'
module table) are not caches and are never cleared.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Protocol, TypeVar, runtime_checkable


@runtime_checkable
class _Clearable(Protocol):
    """A dict, a set or a `handout.memo.BoundedMemo`."""

    def clear(self) -> None: ...


@runtime_checkable
class _FunctionCache(Protocol):
    """A function wrapped by `functools.cache` or `functools.lru_cache`."""

    def cache_clear(self) -> None: ...


C = TypeVar("C", bound=_Clearable | _FunctionCache)

_REGISTRY: dict[str, _Clearable | _FunctionCache] = {}


def register(cache: C, name: str = "") -> C:
    """Register `cache` (returned unchanged, so it works as a decorator above `@cache`).

    A function cache is named after its function; give a dict or memo its `name`.
    """
    if not name:
        name = f"{getattr(cache, '__module__', '')}.{getattr(cache, '__qualname__', '')}"
    if name in _REGISTRY and _REGISTRY[name] is not cache:
        raise ValueError(f"a different cache is already registered as {name!r}")
    _REGISTRY[name] = cache
    return cache


def clear_all() -> None:
    """Forget everything every registered cache holds: the state of a fresh process."""
    for cache in _REGISTRY.values():
        if isinstance(cache, _FunctionCache):
            cache.cache_clear()
        else:
            cache.clear()


def sizes() -> dict[str, int]:
    """Entries held by each registered cache, by name (for tests and diagnostics)."""
    return {name: _size(cache) for name, cache in _REGISTRY.items()}


def registered() -> tuple[object, ...]:
    """The registered cache objects themselves (a test checks none is missing)."""
    return tuple(_REGISTRY.values())


def _size(cache: object) -> int:
    info = getattr(cache, "cache_info", None)
    if info is not None:
        return int(info().currsize)
    return len(cache) if isinstance(cache, Sized) else 0
