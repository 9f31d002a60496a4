"""Any article, any body part: the calf-cramps test article (tests/fixtures/content) is files
only, its own pictograms, the calves on the figure seen from behind, two groups of remedies, a
remedy that is not a checklist action, quantities in m, min and L; it builds everywhere."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from handout.build import build_pdf
from handout.colours import RGB
from handout.errors import BadInputError, BuildFailedError
from handout.library import ContentLibrary
from handout.options import Paper, RenderOptions
from handout.quality.pdf_facts import read_document, read_facts, squash
from handout.rack import rack
from handout.request import RequestError, parse_request
from handout.theme import make_palette

from .conftest import FIXTURES

ARTICLE = "calf-cramps-test"
BASE = RenderOptions(invariant=True)


def near(colour: RGB | None, wanted: RGB) -> bool:
    """Colours read back from a PDF are rounded: close enough is the same."""
    pairs = zip(colour.channels, wanted.channels, strict=True) if colour is not None else ()
    return colour is not None and all(abs(a - b) < 0.01 for a, b in pairs)


@pytest.fixture(scope="module")
def every_output(fixture_library: ContentLibrary) -> list[tuple[RenderOptions, bytes]]:
    """Every format, paper and edition the rack offers for the test article, built."""
    chosen = [opts for article, opts in rack(fixture_library, BASE, article_ids=[ARTICLE])]
    return [(opts, build_pdf(fixture_library, ARTICLE, opts).pdf) for opts in chosen]


def test_it_is_marked_as_test_content(fixture_library: ContentLibrary) -> None:
    article = fixture_library.load(ARTICLE)
    assert "test" in article.title.lower() and "not medical advice" in article.main_message


def test_its_structure_comes_from_its_files(fixture_library: ContentLibrary) -> None:
    article = fixture_library.load(ARTICLE)
    (region,) = article.regions
    assert (region.figure, region.zone, region.zone_name) == ("pregnant-back", "calves", "calves")
    assert [g.id for g in article.remedy_groups] == ["when-it-starts", "every-day"]
    assert [r.id for r in article.remedies if not r.checklist] == ["test-rest"]
    own = fixture_library.art(ARTICLE).pictograms["calf-stretch"]
    assert own == FIXTURES / "content" / ARTICLE / "pictograms" / "calf-stretch.svg"
    assert article.remedy("test-stretch").pictogram_file == own


def test_an_article_of_one_region_has_no_region_choice(fixture_library: ContentLibrary) -> None:
    article = fixture_library.load(ARTICLE)
    assert article.region_choices == () and article.default_region == "calves"
    request = parse_request({"article": ARTICLE}, fixture_library)
    assert request.opts.region == "calves"
    assert parse_request({"article": ARTICLE, "region": "both"}, fixture_library).opts.region == "calves"
    with pytest.raises(RequestError, match="has one region \\(calves\\), so there is no region to choose"):
        parse_request({"article": ARTICLE, "region": "lower"}, fixture_library)
    with pytest.raises(BadInputError, match="none to choose"):
        build_pdf(fixture_library, ARTICLE, replace(BASE, region="lower"))


def test_the_rack_builds_it_once_per_format_paper_and_edition(
        every_output: list[tuple[RenderOptions, bytes]]) -> None:
    combos = [(o.format, o.paper, o.large_print, o.grayscale, o.lang, o.companion) for o, _ in every_output]
    assert len(combos) == len(set(combos))
    assert {o.region for o, _ in every_output} == {"calves"}
    assert {o.format for o, _ in every_output} == {"handout", "checklist", "trifold"}
    assert {(o.large_print, o.grayscale) for o, _ in every_output} == {(False, False), (True, False), (False, True)}
    assert {o.paper for o, _ in every_output if o.format == "checklist"} == set(Paper)


def test_every_output_prints_its_groups_and_own_text(every_output: list[tuple[RenderOptions, bytes]]) -> None:
    for opts, pdf in every_output:
        text = squash(read_document(pdf).text)
        assert squash("Calf cramps (test article)") in text
        if opts.format == "checklist":
            assert squash("Test action one") in text and squash("Test action five") in text
            assert squash("not a daily action") not in text  # the remedy that is not a checklist action
            assert "Test remedy" not in text
        else:
            first = text.index(squash("When it starts (test group)"))
            second = text.index(squash("Every day (test group)"))
            assert first < text.index(squash("Test remedy one")) < text.index(squash("not a daily action")) < second
            assert second < text.index(squash("Test remedy three"))
            assert squash("Shaded: calves") in text and squash("Test causes:") in text


def test_quantities_print_in_the_readers_units(fixture_library: ContentLibrary) -> None:
    metric = squash(read_document(build_pdf(fixture_library, ARTICLE, BASE).pdf).text)
    assert all(squash(q) in metric for q in ("200 m", "2–3 minutes", "500 m", "2 L", "1–2 minutes"))
    us = build_pdf(fixture_library, ARTICLE, replace(BASE, country="US", paper=Paper.LETTER)).pdf
    text = squash(read_document(us).text)
    assert all(squash(q) in text for q in ("656 ft", "1,640 ft", "8.5 cups", "2–3 minutes"))
    assert squash("500 m") not in text and squash("2 L") not in text


@pytest.mark.parametrize("grey", [False, True])
@pytest.mark.parametrize("fmt", ["handout", "trifold"])
def test_the_highlight_is_on_the_calves(fixture_library: ContentLibrary, fmt: str, grey: bool) -> None:
    """Read back from the PDF: the toned zone's drawing lies in the lower part of the figure,
    between the knees and the feet, and across both legs."""
    art = make_palette(grayscale=grey).art
    facts = read_facts(build_pdf(fixture_library, ARTICLE, replace(BASE, format=fmt, grayscale=grey)).pdf)
    page = facts.pages[0]  # the handout's first page; the tri-fold's outside, with the cover

    body = [m for m in page.marks if m.kind == "curve" and m.filled and near(m.colour, art.figure)]
    tone = [m for m in page.marks if m.kind == "curve" and m.filled and near(m.colour, art.highlight)]
    assert body and tone
    top, bottom = min(m.top for m in body), max(m.bottom for m in body)
    left, right = min(m.x0 for m in body), max(m.x1 for m in body)
    height = bottom - top
    zone_top, zone_bottom = min(m.top for m in tone), max(m.bottom for m in tone)
    assert zone_top > top + 0.7 * height  # below the knees
    assert zone_bottom < bottom - 0.05 * height  # above the feet
    assert len(tone) == 2 and all(left < m.x0 < m.x1 < right for m in tone)  # one on each leg
    assert tone[0].x1 < (left + right) / 2 < tone[1].x0


def test_a_checklist_names_the_actions_to_unmark(tmp_path: Path) -> None:
    folder = tmp_path / ARTICLE
    source = FIXTURES / "content" / ARTICLE
    folder.mkdir()
    (folder / "pictograms").mkdir()
    for svg in (source / "pictograms").glob("*.svg"):
        (folder / "pictograms" / svg.name).write_bytes(svg.read_bytes())
    text = (source / "en.yaml").read_text(encoding="utf-8")
    extra = "".join(f"  - id: test-extra-{i}\n    pictogram: exercise\n    group: every-day\n"
                    f"    text: Extra test remedy {i}.\n    action: Extra test action {i}\n" for i in range(4))
    (folder / "en.yaml").write_text(text.replace("\nwhen_to_talk:", extra + "\nwhen_to_talk:"), encoding="utf-8")
    library = ContentLibrary(tmp_path)
    with pytest.raises(BuildFailedError) as caught:
        build_pdf(library, ARTICLE, replace(BASE, format="checklist"))
    message = caught.value.message
    assert "holds 3 to 7 daily actions; calf-cramps-test has 8: set `checklist: false` on 1 of" in message
    assert "test-extra-3" in message and "test-rest" not in message
    build_pdf(library, ARTICLE, replace(BASE, format="handout"))  # the handout prints all nine


def _copy(tmp_path: Path, edit: dict[str, str] | None = None) -> ContentLibrary:
    """The test article copied into a content folder of its own, with text replaced."""
    source, folder = FIXTURES / "content" / ARTICLE, tmp_path / ARTICLE
    (folder / "pictograms").mkdir(parents=True)
    for svg in (source / "pictograms").glob("*.svg"):
        (folder / "pictograms" / svg.name).write_bytes(svg.read_bytes())
    text = (source / "en.yaml").read_text(encoding="utf-8")
    for old, new in (edit or {}).items():
        assert old in text
        text = text.replace(old, new)
    (folder / "en.yaml").write_text(text, encoding="utf-8")
    return ContentLibrary(tmp_path)


def test_a_translation_carries_text_only_and_inherits_the_structure(tmp_path: Path) -> None:
    library = _copy(tmp_path)
    english = library.load(ARTICLE)
    (tmp_path / ARTICLE / "es.yaml").write_text("""lang: es
title: Calambres (artículo de prueba)
main_message: Artículo de prueba, no es consejo médico.
intro: Texto de prueba.
fact: Dato de prueba de {{200 m}}.
figure_caption: "Zona sombreada: {zones}"
causes_intro: "Causas de prueba:"
regions:
  calves:
    title: Causas de prueba
    zone_name: pantorrillas
    causes:
      - {id: test-cause-one, text: Causa de prueba uno.}
      - {id: test-cause-two, text: Causa de prueba dos.}
remedies_title: Remedios de prueba
remedy_groups:
  every-day: {title: Cada día (grupo de prueba)}
  when-it-starts: {title: Al empezar (grupo de prueba)}
remedies:
  - {id: test-stretch, text: Remedio uno., action: Acción uno}
  - {id: test-rest, text: Remedio dos.}
  - {id: test-walk, text: Remedio tres., action: Acción tres}
  - {id: test-drink, text: Remedio cuatro., action: Acción cuatro}
  - {id: test-shoes, text: Remedio cinco., action: Acción cinco}
when_to_talk: {title: Caja de prueba, items: [Elemento de prueba.]}
sources: [{title: Sin fuente (prueba)}]
translation: {status: machine-draft, date: 2026-11-24, source_version: "1.0"}
""", encoding="utf-8")
    spanish = library.load(ARTICLE, "es")
    assert [(r.pictogram, r.pictogram_file, r.checklist, r.group) for r in spanish.remedies] == [
        (r.pictogram, r.pictogram_file, r.checklist, r.group) for r in english.remedies]
    assert [g.id for g in spanish.remedy_groups] == [g.id for g in english.remedy_groups]  # English's order
    assert (spanish.regions[0].figure, spanish.regions[0].zone) == ("pregnant-back", "calves")
    text = squash(read_document(build_pdf(library, ARTICLE, replace(BASE, lang="es")).pdf).text)
    assert squash("Zona sombreada: pantorrillas") in text
    assert text.index(squash("Al empezar")) < text.index(squash("Cada día"))


def test_a_pictogram_that_breaks_the_drawing_rules_is_refused_naming_the_file(tmp_path: Path) -> None:
    library = _copy(tmp_path)
    svg = tmp_path / ARTICLE / "pictograms" / "calf-stretch.svg"
    svg.write_text(svg.read_text().replace("</svg>", '<text x="2" y="20" fill="url(#ink)">Stretch</text></svg>'))
    with pytest.raises(BadInputError) as caught:
        library.load(ARTICLE)
    lines = caught.value.lines
    assert any(line.startswith(f"{svg}:") and "<text> holds text" in line for line in lines)
    assert any("remedies[0].pictogram: calf-stretch.svg breaks the drawing rules" in line for line in lines)


def test_an_article_without_a_figure_builds_once_everywhere(tmp_path: Path) -> None:
    text = (FIXTURES / "content" / ARTICLE / "en.yaml").read_text(encoding="utf-8")
    start, end = text.index('figure_caption:'), text.index("remedies_title:")
    library = _copy(tmp_path, {text[start:end]: ""})
    article = library.load(ARTICLE)
    assert article.regions == () and article.region_choices == () and article.default_region == "both"
    chosen = list(rack(library, BASE, article_ids=[ARTICLE], editions=[(False, False)]))
    assert {opts.region for _, opts in chosen} == {"both"}
    for _, opts in chosen:
        built = build_pdf(library, ARTICLE, opts)
        facts = read_facts(built.pdf)
        assert "Shaded" not in read_document(built.pdf).text
        tone = make_palette().art.highlight
        assert not any(near(m.colour, tone) for page in facts.pages for m in page.marks)


def test_handout_check_checks_every_art_file_and_the_checklist(tmp_path: Path) -> None:
    from handout.quality import content_gates

    library = _copy(tmp_path)
    assert {r.status.value for r in content_gates.art_gate(library, ARTICLE)} == {"pass"}
    unused = tmp_path / ARTICLE / "pictograms" / "draft.svg"
    unused.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
                      '<image href="x.png" width="32" height="32"/></svg>')
    problems = [r.detail for r in content_gates.art_gate(library, ARTICLE) if r.status.value == "fail"]
    assert len(problems) == 2 and all(p.startswith(f"{unused}:") for p in problems)
    assert any("viewBox is '0 0 32 32'" in p for p in problems) and any("raster" in p for p in problems)
    article = library.load(ARTICLE)
    assert [r.status.value for r in content_gates.checklist_gate(article)] == ["pass"]
    unmarked = replace(article, remedies=tuple(replace(r, checklist=False) if i < 3 else r
                                               for i, r in enumerate(article.remedies)))
    (result,) = content_gates.checklist_gate(unmarked)
    assert result.status.value == "fail" and "has 2: mark 1 more of test-stretch, test-rest, test-walk" in result.detail


def test_a_translation_that_restates_the_structure_differently_is_refused(tmp_path: Path) -> None:
    from handout.parity import differences

    library = _copy(tmp_path)
    english = library.load(ARTICLE)
    changed = replace(english, lang="es", remedy_groups=english.remedy_groups[:1], remedies=tuple(
        replace(r, checklist=not r.checklist, group="every-day") if r.id == "test-stretch" else r
        for r in english.remedies))
    found = {f"{issue.field}: {issue.message}" for issue in differences(english, changed)}
    assert found == {"remedy_groups: 'every-day' is missing (en.yaml has it)",
                     "remedies.test-stretch.checklist: false, en.yaml has true",
                     "remedies.test-stretch.group: 'every-day', en.yaml has 'when-it-starts'"}
