"""Turns check results into what a coordinator reads: two tables, the problems, a summary, JSON.

The tables stay readable for the whole rack by taking, per cell, the worst status over the
results under it: content per article × language, PDFs per article × language × format × paper
(worst over regions and editions). Every failure and warning is then listed once, with how many
outputs share it; the JSON keeps every single result.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from handout.quality import CONTENT_GATES, OUTPUT_GATES, Result, Status, worst

_CELL = {Status.PASS: "pass", Status.WARN: "WARN", Status.FAIL: "FAIL", None: "-"}
_PROBLEM_ORDER = {gate: i for i, gate in enumerate(CONTENT_GATES + OUTPUT_GATES)}


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    rows = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def content_table(results: Sequence[Result]) -> list[str]:
    """One row per article × language; a language's UI catalogue is shown on its rows."""
    cells: dict[tuple[str, str], dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    catalogues: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.gate not in CONTENT_GATES:
            continue
        if r.gate == "ui-keys" and not r.article:
            catalogues[r.lang].append(r)
        else:
            cells[(r.article, r.lang)][r.gate].append(r)
    shown_langs = {lang for _, lang in cells}
    for lang in catalogues:
        if lang not in shown_langs:
            cells[("(UI catalogue only)", lang)]
    rows = []
    previous = ""
    for (article, lang), gates in cells.items():
        row = [article if article != previous else "", lang]
        previous = article
        for gate in CONTENT_GATES:
            found = catalogues[lang] if gate == "ui-keys" else gates.get(gate, [])
            row.append(_CELL[worst(found)])
        rows.append(row)
    return _table(["article", "lang", *CONTENT_GATES], rows)


def output_table(results: Sequence[Result]) -> list[str]:
    """One row per article × language × format × paper, worst over regions and editions."""
    cells: dict[tuple[str, str, str, str], dict[str, list[Result]]] = defaultdict(
        lambda: defaultdict(list)
    )
    files: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for r in results:
        if r.gate in OUTPUT_GATES:
            key = (r.article, r.lang, r.format, r.paper)
            cells[key][r.gate].append(r)
            files[key].add(r.file)
    rows = []
    previous = ""
    for key, gates in cells.items():
        article = key[0] if key[0] != previous else ""
        previous = key[0]
        rows.append(
            [
                article,
                key[1],
                key[2],
                key[3],
                str(len(files[key])),
                *(_CELL[worst(gates.get(gate, []))] for gate in OUTPUT_GATES),
            ]
        )
    return _table(["article", "lang", "format", "paper", "pdfs", *OUTPUT_GATES], rows)


def problem_lines(results: Sequence[Result]) -> list[str]:
    """Each distinct failure or warning once: status, gate, where (+ how many more), detail."""
    groups: dict[tuple[Status, str, str], list[str]] = defaultdict(list)
    for r in results:
        if r.status is not Status.PASS:
            subjects = groups[(r.status, r.gate, r.detail)]
            if r.subject not in subjects:
                subjects.append(r.subject)
    ordered = sorted(
        groups.items(), key=lambda item: (-item[0][0].rank, _PROBLEM_ORDER.get(item[0][1], 99))
    )
    lines = []
    for (status, gate, detail), subjects in ordered:
        more = f" (+{len(subjects) - 1} more)" if len(subjects) > 1 else ""
        lines.append(f"{_CELL[status]}  {gate}  {subjects[0]}{more}: {detail}")
    return lines


def counts(results: Sequence[Result]) -> dict[str, int]:
    return {status.value: sum(1 for r in results if r.status is status) for status in Status}


def translations_with(results: Sequence[Result], gate: str, status: Status) -> list[str]:
    """`article/lang` of every translation a gate flagged (stale or machine-draft), in order."""
    return list(
        dict.fromkeys(
            f"{r.article}/{r.lang}" for r in results if r.gate == gate and r.status is status
        )
    )


def summary_lines(
    results: Sequence[Result], *, articles: int, langs: int, pdfs: int, seconds: float
) -> list[str]:
    tally = counts(results)
    failed_gates = sorted(
        {r.gate for r in results if r.status is Status.FAIL},
        key=lambda g: _PROBLEM_ORDER.get(g, 99),
    )
    verdict = (
        f"FAILED: {tally['fail']} failure(s) in {', '.join(failed_gates)}"
        if tally["fail"]
        else "PASSED"
    )
    lines = [
        f"Checked {articles} article(s) in {langs} language(s) and {pdfs} PDF(s) "
        f"in {seconds:.0f} s: "
        f"{tally['pass']} passed, {tally['warn']} warning(s), {tally['fail']} failure(s).",
        verdict + (f", {tally['warn']} warning(s)" if tally["warn"] else "") + ".",
    ]
    stale = translations_with(results, "stale", Status.FAIL)
    if stale:
        lines.append(f"Stale translations (English changed since): {', '.join(stale)}")
    for status in (Status.WARN, Status.FAIL):  # FAIL: a draft warning under --strict
        drafts = translations_with(results, "draft", status)
        if drafts:
            lines.append(f"Machine-draft translations: {', '.join(drafts)}")
    return lines


def report_lines(results: Sequence[Result], *, articles: int, langs: int, pdfs: int, seconds: float) -> list[str]:
    """What `handout check` prints: both tables, the problems, then the summary."""
    lines = ["Content and reading level (per article × language)", *(f"  {line}" for line in content_table(results))]
    table = output_table(results)
    if len(table) > 1:
        lines += ["", "PDFs read back (per article × language × format × paper; worst over regions and editions)",
                  *(f"  {line}" for line in table)]
    problems = problem_lines(results)
    lines.append("")
    if problems:
        lines += ["Failures and warnings (each once; +N more: other outputs with the same problem):",
                  *(f"  {line}" for line in problems), ""]
    return lines + summary_lines(results, articles=articles, langs=langs, pdfs=pdfs, seconds=seconds)


def to_json(
    results: Sequence[Result],
    *,
    articles: Sequence[str],
    langs: Sequence[str],
    pdfs: int,
    seconds: float,
    strict: bool,
) -> bytes:
    """Every result, plus a summary a CI job or a dashboard can read."""
    tally = counts(results)
    document = {
        "ok": tally["fail"] == 0,
        "strict": strict,
        "checked": {"articles": list(articles), "languages": list(langs), "pdfs": pdfs},
        "seconds": round(seconds, 1),
        "counts": tally,
        "stale_translations": translations_with(results, "stale", Status.FAIL),
        "machine_draft_translations": translations_with(results, "draft", Status.WARN)
        + translations_with(results, "draft", Status.FAIL),
        "results": [{**asdict(r), "status": r.status.value} for r in results],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
