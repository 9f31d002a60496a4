"""Day names and the first day of the week, from CLDR (Babel), for the fridge checklist.

The week starts where the reader's calendar starts it: Sunday in the US, Monday in Britain and
most of the world. The territory comes from --country or the locale, never from the process.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names

from handout.caches import register

DAYS_IN_WEEK = 7
DayWidth = Literal["abbreviated", "short", "wide"]


@register
@cache
def first_weekday(locale: str, country: str | None = None) -> int:
    """The first day of the week, 0 for Monday to 6 for Sunday.

    The territory is `country` when given, else the locale's own (`en_US`); a locale without
    one (`en`) uses CLDR's world default, Monday.
    """
    base = Locale.parse(locale)
    territory = (country or base.territory or "").upper()
    if not territory or territory == base.territory:
        return int(base.first_week_day)
    # Week data belongs to the territory; `und_XX` finds it when the language has no XX locale.
    for candidate in (f"{base.language}_{territory}", f"und_{territory}"):
        try:
            return int(Locale.parse(candidate).first_week_day)
        except (UnknownLocaleError, ValueError):
            continue
    return int(base.first_week_day)


@register
@cache
def week_day_names(locale: str, country: str | None = None,
                   width: DayWidth = "abbreviated") -> tuple[str, ...]:
    """The seven day names in the reader's language, in the reader's week order.

    `width` is a CLDR width: "abbreviated" (Mon), "short" (Mo) or "wide" (Monday).
    """
    names = get_day_names(width, locale=Locale.parse(locale))
    start = first_weekday(locale, country)
    return tuple(str(names[(start + offset) % DAYS_IN_WEEK]) for offset in range(DAYS_IN_WEEK))
