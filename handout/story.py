"""What a format hands to the renderer (`Story`), and what it gets to build one with (`Kit`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate

from handout.i18n import Labels, Language, format_date, labels, language, localise_digits
from handout.model import Article, TranslationStatus
from handout.options import CUT_SHEETS, RenderOptions
from handout.quantities import render_quantities, uses_imperial
from handout.text.isolation import isolate
from handout.theme import Palette, Theme, make_palette, theme_for
from handout.typeset import Typesetter, typesetter

Decorate = Callable[[Canvas, int, int], None]  # (canvas, page number, page count)
Pick = Callable[[Article], str]  # which text of an article, the same item in every language


def pick_remedy(remedy_id: str, field: str = "text") -> Pick:
    """A remedy's `text` or `action`, found by id."""
    return lambda article: str(getattr(article.remedy(remedy_id), field))


def pick_cause(region_id: str, cause_id: str) -> Pick:
    return lambda article: article.region(region_id).cause(cause_id).text


def pick_region_title(region_id: str) -> Pick:
    return lambda article: article.region(region_id).title


def pick_group_title(group_id: str) -> Pick:
    return lambda article: next(group.title for group in article.remedy_groups if group.id == group_id)


def pick_talk_item(index: int) -> Pick:
    return lambda article: article.when_to_talk.items[index]


def _isolated(opts: RenderOptions) -> RenderOptions:
    """The request with what users typed bidi-isolated (`handout.text.isolation`), so every
    format prints it as data in its own script and direction, whatever surrounds it."""
    clinic = opts.clinic
    return replace(opts, patient=isolate(opts.patient), note=isolate(opts.note), clinic=replace(
        clinic, name=isolate(clinic.name), phone=isolate(clinic.phone),
        address="\n".join(isolate(line) for line in clinic.address_lines), website=isolate(clinic.website)))


@dataclass
class Story:
    """Flowables plus the page templates they flow into, ready for `render_pdf`."""

    flowables: list[Flowable]
    page_templates: list[PageTemplate]
    page_size: tuple[float, float]
    page_budget: int
    decorate: Decorate | None = None  # drawn once the page count is known (page X of Y)
    keywords: tuple[str, ...] = ()


@dataclass
class Kit:
    """The article, the request and the tools every format lays out with.

    `opts` holds the user's text as printed: each field isolated (FSI...PDI).
    """

    article: Article
    opts: RenderOptions
    density: int = 0
    condensed: int = 0  # the clinic's contact, then the footer's document control (`Theme.condense`)
    companion_article: Article | None = None  # bilingual edition: the second language
    theme: Theme = field(init=False)
    palette: Palette = field(init=False)
    ts: Typesetter = field(init=False)

    def __post_init__(self) -> None:
        self.opts = _isolated(self.opts)
        # Every overlay (edition, density, format, small paper) applies here, so one kind of
        # document always gets the same theme, and with it the process's cached typesetter.
        self.theme = theme_for(large_print=self.opts.large_print, density=self.density,
                               fmt=self.opts.format, small_paper=self.opts.paper in CUT_SHEETS,
                               condensed=self.condensed)
        self.palette = make_palette(self.opts.clinic.brand_color, grayscale=self.opts.grayscale)
        self.ts = typesetter(self.language, self.theme, self.palette)

    @cached_property
    def language(self) -> Language:
        return language(self.article.lang)

    @cached_property
    def labels(self) -> Labels:
        return labels(self.article.lang)

    @cached_property
    def companion(self) -> Kit | None:
        """The kit of the second language in a bilingual edition (same page, theme, palette)."""
        if self.companion_article is None:
            return None
        return Kit(self.companion_article, replace(self.opts, lang=self.companion_article.lang, companion=None),
                   density=self.density, condensed=self.condensed)

    def says(self, pick: Pick, style: str = "body", *,
             bullet: bool = False) -> list[Flowable]:
        """A text of the article in the reader's language; in a bilingual edition, the same
        text in the second language beneath it, in the muted companion style."""
        main = self.text(pick(self.article))
        flowables = [self.ts.bullet(main, style) if bullet else self.ts.paragraph(main, style)]
        if self.companion is not None:
            other = self.companion
            flowables.append(other.ts.companion(other.text(pick(other.article)), style, indent=bullet))
        return flowables

    def label(self, key: str, **values: object) -> str:
        """A UI label; in a bilingual edition both languages, `Notas / Notes`."""
        text = self.labels(key, **values)
        if self.companion is not None:
            text = f"{text} / {self.companion.labels(key, **values)}"
        return text

    def joined(self, pick: Pick) -> str:
        """An article's text used as a label; in a bilingual edition both languages, as `label`."""
        text = self.text(pick(self.article))
        if self.companion is not None:
            text = f"{text} / {self.companion.text(pick(self.companion.article))}"
        return text

    def text(self, content: str) -> str:
        """Content text with its marked quantities in the reader's units."""
        # ReportLab's CJK wrapping breaks between any two characters and shrinks the one space a
        # line has to fit it, so a no-break space would glue nothing there and squash the quantity.
        return render_quantities(content, self.language.locale, imperial=uses_imperial(self.opts.country),
                                 glue=self.language.word_wrap != "CJK", country=self.opts.country)

    def digits(self, text: str) -> str:
        """Western digits the program writes (page numbers) in the reader's own, as CLDR says."""
        return localise_digits(text, self.language.locale, self.opts.country)

    def date(self, day: object) -> str:
        import datetime as dt

        assert isinstance(day, dt.date)
        return format_date(day, self.article.lang, fmt="medium", country=self.opts.country)

    @property
    def is_draft(self) -> bool:
        return self.article.translation.status is TranslationStatus.MACHINE_DRAFT
