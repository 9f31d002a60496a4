"""One request model behind every way in: the CLI and a CSV row read the same fields the same
way (case, spelling, countries, bilingual editions) and refuse the same things."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from handout.cli import app
from handout.library import ContentLibrary
from handout.request import Problem, RequestError, parse_country, parse_request

from .conftest import ARTICLE

runner = CliRunner()

# (CLI arguments, CSV cells, the file name both must give)
SPELLINGS = [
    (["--paper", "A4"], {"paper": "A4"}, "handout_both_en_a4"),
    (["--lang", "ES"], {"lang": "ES"}, "handout_both_es_a4"),
    (["--format", "Checklist"], {"format": "Checklist"}, "checklist_both_en_a4"),
    (["--lang", "es_US"], {"lang": "es_US"}, "handout_both_es_letter"),
    (["--lang", "zh-hans"], {"lang": "ZH_HANS"}, "handout_both_zh-Hans_a4"),
    (["--region", "LOWER"], {"region": "Lower"}, "handout_lower_en_a4"),
    (["--paper", "Half_Letter", "--format", "checklist"], {"paper": "half letter", "format": "CHECKLIST"},
     "checklist_both_en_half-letter"),
    (["--country", "usa"], {"country": "USA"}, "handout_both_en_letter"),
    (["--lang", "es+en"], {"lang": "ES+EN"}, "handout_both_es+en_a4"),
    (["--lang", "es-MX+en"], {"lang": "es-mx+en"}, "handout_both_es+en_letter"),
    (["--format", "checklist", "--paper", "a5", "--cut-marks"],
     {"format": "checklist", "paper": "a5", "cut_marks": "yes"}, "checklist_both_en_a5-on-a4"),
]


def _cli(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", ARTICLE, *args, "--out", str(tmp_path)])
    return result.exit_code, result.stdout, result.stderr


def _batch(tmp_path: Path, cells: dict[str, str]) -> tuple[int, str, str]:
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text(",".join(["article", *cells]) + "\n" + ",".join([ARTICLE, *cells.values()]) + "\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["batch", str(csv_file), "--out", str(tmp_path / "batch")])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "cells", "name"), SPELLINGS)
def test_cli_and_csv_accept_the_same_spellings(tmp_path: Path, args: list[str], cells: dict[str, str],
                                               name: str) -> None:
    code, out, err = _cli(tmp_path, *args)
    assert code == 0, err
    assert Path(out.strip()).name == f"{ARTICLE}_{name}.pdf"
    code, out, err = _batch(tmp_path, cells)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "batch").glob("*.pdf")] == [f"row-0002_{ARTICLE}_{name}.pdf"]


# (CLI arguments, CSV cells, the field, words the message must hold)
REFUSALS = [
    (["--country", "ZZ"], {"country": "ZZ"}, "country", "'ZZ' is not a country code; use a two-letter ISO 3166"),
    (["--country", "United States"], {"country": "United States"}, "country", "'United States' is not a country"),
    (["--lang", "es-XX"], {"lang": "es-XX"}, "lang", "'XX' is not a country code"),
    (["--lang", "xx"], {"lang": "xx"}, "lang", f"article '{ARTICLE}' has no 'xx' version; available: en, "),
    (["--lang", "es+es"], {"lang": "es+es"}, "lang", "a bilingual edition needs two different languages"),
    (["--paper", "b5"], {"paper": "b5"}, "paper", "unknown paper 'b5'; valid papers: a4, letter, a5, half-letter"),
    (["--format", "poster"], {"format": "poster"}, "format", "unknown format 'poster'; valid formats: handout"),
    (["--format", "trifold", "--paper", "a5"], {"format": "trifold", "paper": "a5"}, "paper",
     "format 'trifold' does not print on a5"),
    (["--cut-marks"], {"cut_marks": "yes"}, "cut_marks", "is not offered for the handout format"),
    (["--date", "24/11/2026"], {"date": "24/11/2026"}, "date", "write it as YYYY-MM-DD"),
]


@pytest.mark.parametrize(("args", "cells", "field", "words"), REFUSALS)
def test_cli_and_csv_refuse_the_same_values(tmp_path: Path, args: list[str], cells: dict[str, str], field: str,
                                            words: str) -> None:
    code, out, err = _cli(tmp_path, *args)
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"handout: error: --{field.replace('_', '-')}: ") and words in line
    assert not list(tmp_path.glob("*.pdf"))
    code, out, err = _batch(tmp_path, cells)
    assert code == 2
    assert f"rows.csv:2: {field}: " in err and words in err
    assert not (tmp_path / "batch").exists()


def test_every_problem_of_a_request_is_reported_at_once(library: ContentLibrary) -> None:
    with pytest.raises(RequestError) as caught:
        parse_request({"article": ARTICLE, "lang": "xx", "paper": "b5", "large_print": "maybe"}, library)
    assert [p.field for p in caught.value.problems] == ["lang", "paper", "large_print"]
    paper = caught.value.problems[1]
    assert paper == Problem("paper", paper.message, ("a4", "letter", "a5", "half-letter"))


def test_a_field_no_way_in_has_is_refused(library: ContentLibrary) -> None:
    with pytest.raises(RequestError, match="langauge: unknown field; known fields: article, lang"):
        parse_request({"article": ARTICLE, "langauge": "es"}, library)


@pytest.mark.parametrize(("typed", "code"), [("us", "US"), ("GBR", "GB"), ("deu", "DE"), (" mx ", "MX"), ("XK", "XK")])
def test_countries_are_iso_3166(typed: str, code: str) -> None:
    assert parse_country(typed) == code


@pytest.mark.parametrize("typed", ["ZZ", "EU", "UN", "QO", "XA", "U", "USAA", "United States", "001"])
def test_groupings_and_reserved_codes_are_not_countries(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a country code"):
        parse_country(typed)


def test_the_country_of_the_locale_and_an_explicit_one(library: ContentLibrary) -> None:
    explicit = parse_request({"article": ARTICLE, "lang": "es-US", "country": "GB"}, library)
    assert (explicit.opts.lang, explicit.opts.country, explicit.opts.paper.value) == ("es", "GB", "a4")
    implied = parse_request({"article": ARTICLE, "lang": "es-us"}, library)
    assert (implied.opts.country, implied.opts.paper.value) == ("US", "letter")


def test_help_lists_the_registries_choices() -> None:
    result = runner.invoke(app, ["build", "--help"], terminal_width=200)
    assert result.exit_code == 0
    library = ContentLibrary()
    regions = dict.fromkeys(r for a in library.article_ids for r in library.load(a).region_ids)
    assert f"A region of the article: {', '.join([*regions, 'both'])}" in result.stdout
    assert "One of: handout, checklist, trifold" in result.stdout
    assert "One of: a4, letter, a5, half-letter" in result.stdout
    assert "{" not in result.stdout
