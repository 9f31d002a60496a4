"""Speed and size of handout builds: prints a table and writes JSON.

    python benchmarks/run.py [--quick] [--json out/benchmark.json]     # about a minute

Figures: median warm milliseconds per document for each format and script class (one process,
fonts registered once, at least 30 builds after warm-up); wall time of one cold `handout build`
and of `handout --help`; wall time of `handout build --all`; throughput of 1,000 personalised
handouts in one process and across all cores; peak memory of a batch worker; PDF size of each
output. Speed is measured here, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from handout.build import build_pdf
from handout.formats import FORMAT_NAMES, get_format
from handout.library import ContentLibrary
from handout.options import RenderOptions

ARTICLE = "back-spasms-pregnancy"
SCRIPT_CLASSES = {"Latin": "en", "Devanagari": "hi", "Arabic": "ar", "Chinese": "zh-Hans"}
# The targets on a 2-core machine, printed with the figures (not enforced here).
TARGETS = {
    "en handout warm ms": 8, "en checklist warm ms": 5, "handouts per CPU-second": 120,
    "cold build s": 0.25, "help s": 0.15, "en handout KB": 20, "en checklist KB": 15,
    "any handout KB": 80, "batch worker MB": 60,
}


def warm_ms(library: ContentLibrary, opts: RenderOptions, runs: int) -> tuple[float, int]:
    """Median build time after warm-up, and the PDF size."""
    for _ in range(3):
        built = build_pdf(library, ARTICLE, opts)
    times = []
    for i in range(runs):
        personal = replace(opts, patient=f"Patient {i}")
        start = time.perf_counter()
        built = build_pdf(library, ARTICLE, personal)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(built.pdf)


def wall(command: list[str], repeat: int = 5) -> float:
    """Median wall time of a fresh process, in seconds, after one unmeasured run.

    The run before writes the byte code, as `pip install` does for an installed package; and
    PYTHONDONTWRITEBYTECODE is dropped, or an editable checkout would compile every module on
    every start and the figure would measure the compiler, not the program.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=False, capture_output=True, env=env)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _personalised_chunk(first: int, count: int) -> tuple[float, int]:
    """Build `count` personalised English handouts; (seconds spent building, peak RSS in KiB)."""
    library = ContentLibrary()
    base = RenderOptions(invariant=True)
    start = time.perf_counter()
    for i in range(first, first + count):
        build_pdf(library, ARTICLE, replace(base, patient=f"Patient {i:04d}"))
    return time.perf_counter() - start, _peak_rss_kib()


def _peak_rss_kib() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    `exec`, so a spawned worker would report the RSS of the parent it was forked from."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def throughput(total: int, workers: int) -> tuple[float, float, int]:
    """Wall seconds for `total` personalised handouts over `workers` fresh (spawned) worker
    processes, start-up included; the longest worker's build seconds; the peak worker RSS in KiB.

    Spawned, not forked: a worker's memory is then its own, not a copy of this process (which
    has every script's fonts loaded by the table above).
    """
    per = total // workers
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_personalised_chunk, [i * per for i in range(workers)], [per] * workers))
    wall_s = time.perf_counter() - start
    return wall_s, max(s for s, _ in results), max(r for _, r in results)


def largest_handout(library: ContentLibrary) -> tuple[str, int]:
    """The largest A4 handout (both regions) over every language of the article."""
    sizes = {}
    for lang in library.languages(ARTICLE):
        opts = RenderOptions(lang=lang, invariant=True)
        sizes[lang] = len(build_pdf(library, ARTICLE, opts).pdf)
    lang = max(sizes, key=sizes.__getitem__)
    return lang, sizes[lang]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (for a smoke check)")
    parser.add_argument("--json", type=Path, default=Path("out/benchmark.json"))
    args = parser.parse_args()
    runs = 5 if args.quick else 30
    library = ContentLibrary()
    langs = set(library.languages(ARTICLE))
    rows: list[dict[str, object]] = []
    for fmt_name in FORMAT_NAMES:
        fmt = get_format(fmt_name)
        for script, lang in SCRIPT_CLASSES.items():
            if lang not in langs:
                continue
            opts = RenderOptions(format=fmt_name, lang=lang, paper=fmt.PAPERS[0], invariant=True)
            ms, size = warm_ms(library, opts, runs)
            rows.append({"format": fmt_name, "script": script, "lang": lang, "warm_ms": round(ms, 2),
                         "pdf_kb": round(size / 1024, 1)})
    handout_exe = shutil.which("handout") or sys.executable
    base_cmd = [handout_exe] if handout_exe.endswith("handout") else [sys.executable, "-m", "handout"]
    with tempfile.TemporaryDirectory() as tmp:
        cold_build = wall([*base_cmd, "build", ARTICLE, "--out", tmp])
        cold_help = wall([*base_cmd, "--help"])
        all_wall = wall([*base_cmd, "build", "--all", "--out", tmp], repeat=2)
    big_lang, big_size = largest_handout(library)
    total = 100 if args.quick else 1000
    cores = os.cpu_count() or 1
    _, one_s, one_rss = throughput(total, 1)
    all_s, _, all_rss = throughput(total, cores)
    summary = {
        "documents": rows,
        "largest_handout": {"lang": big_lang, "pdf_kb": round(big_size / 1024, 1)},
        "cold_build_s": round(cold_build, 3),
        "cold_help_s": round(cold_help, 3),
        "build_all_s": round(all_wall, 1),
        "personalised": {
            "count": total, "one_process_s": round(one_s, 2), "all_cores_s": round(all_s, 2), "cores": cores,
            "per_cpu_second": round(total / (one_s), 1),
        },
        "peak_worker_rss_mb": round(max(one_rss, all_rss) / 1024, 1),
        "targets": TARGETS,
    }
    print(f"{'format':10} {'script':11} {'lang':8} {'warm ms':>8} {'PDF KB':>7}")
    for row in rows:
        print(f"{row['format']:10} {row['script']:11} {row['lang']:8} {row['warm_ms']:>8} {row['pdf_kb']:>7}")
    print(f"cold `handout build`: {summary['cold_build_s']} s   `handout --help`: {summary['cold_help_s']} s")
    print(f"`handout build --all`: {summary['build_all_s']} s")
    p = summary["personalised"]
    big = summary["largest_handout"]
    print(f"largest handout over all languages: {big['lang']} {big['pdf_kb']} KB")  # type: ignore[index]
    print(f"{p['count']} personalised handouts: {p['one_process_s']} s in one process "  # type: ignore[index]
          f"({p['per_cpu_second']}/CPU-s), {p['all_cores_s']} s on {cores} cores")  # type: ignore[index]
    print(f"peak worker memory: {summary['peak_worker_rss_mb']} MB")
    print("targets: " + ", ".join(f"{k} <= {v}" if "per" not in k else f"{k} >= {v}"
                                  for k, v in TARGETS.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
