"""The one job runner: results in order, shards that add up, a clean Ctrl-C, no orphan workers."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handout import jobs
from handout.cli import app
from handout.errors import BadInputError

from .conftest import ARTICLE, FIXTURES

runner = CliRunner()


def _slow_square(n: int) -> int:
    time.sleep(0.02 * (n % 3))
    return n * n


def test_results_come_back_in_the_items_order_from_any_number_of_workers() -> None:
    items = list(range(23))
    seen: list[int] = []
    for workers in (1, 2):
        seen.clear()
        found = jobs.run(_slow_square, items, workers=workers, on_result=lambda i, _: seen.append(i))
        assert found == [n * n for n in items]
        assert sorted(seen) == items


@pytest.mark.parametrize(("text", "index", "count"), [("0/4", 0, 4), ("3/4", 3, 4), (" 1/2", 1, 2), (None, 0, 1)])
def test_a_shard_is_k_of_n(text: str | None, index: int, count: int) -> None:
    shard = jobs.Shard.parse(text)
    assert (shard.index, shard.count) == (index, count)


@pytest.mark.parametrize("text", ["4/4", "-1/4", "1", "a/b", "1/0", "2/"])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(BadInputError, match="is not K/N with 0 <= K < N"):
        jobs.Shard.parse(text)


def test_shards_of_the_rack_build_every_output_once(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    args = ["build", "--all", "--lang", "es", "--format", "checklist"]
    assert runner.invoke(app, [*args, "--out", str(whole)]).exit_code == 0
    parts = []
    for k in range(3):
        folder = tmp_path / f"shard-{k}"
        result = runner.invoke(app, [*args, "--out", str(folder), "--shard", f"{k}/3"])
        assert result.exit_code == 0, result.stderr
        parts.append({p.name for p in folder.glob("*.pdf")})
    expected = {p.name for p in whole.glob("*.pdf")}
    assert len(expected) > 3
    assert set().union(*parts) == expected
    assert sum(len(part) for part in parts) == len(expected)  # none twice


def _write_rows(path: Path, count: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "lang", "region", "format"])
        for i in range(count):
            writer.writerow([f"Patient {i}", ["en", "es", "vi"][i % 3], ["lower", "upper"][i % 2], "checklist"])


def _manifest(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_batch_shards_in_one_folder_join_into_the_unsharded_manifest(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # same bytes, so the checksums can be compared
    rows = tmp_path / "patients.csv"
    _write_rows(rows, 7)
    base = ["batch", str(rows), "--article", ARTICLE]
    assert runner.invoke(app, [*base, "--out", str(tmp_path / "whole")]).exit_code == 0
    shared = tmp_path / "shared"
    for k in range(3):
        result = runner.invoke(app, [*base, "--out", str(shared), "--shard", f"{k}/3"])
        assert result.exit_code == 0, result.stderr
        assert f"manifest-shard-{k}-of-3.csv" in result.stdout
    merged = runner.invoke(app, ["batch", "--merge-manifests", str(shared), "--out", str(shared)])
    assert merged.exit_code == 0, merged.stderr
    assert "Joined 3 manifests: 7 rows (7 ok)" in merged.stdout
    whole = _manifest(tmp_path / "whole" / "manifest.csv")
    joined = _manifest(shared / "manifest.csv")
    assert [(e["row"], e["file"], e["sha256"]) for e in joined] == [(e["row"], e["file"], e["sha256"]) for e in whole]


def test_manifests_of_shards_in_their_own_folders_name_files_from_the_joined_one(tmp_path: Path) -> None:
    rows = tmp_path / "patients.csv"
    _write_rows(rows, 4)
    for k in range(2):
        args = ["batch", str(rows), "--article", ARTICLE, "--out", str(tmp_path / f"pod-{k}"), "--shard", f"{k}/2"]
        assert runner.invoke(app, args).exit_code == 0
    out = tmp_path / "all"
    merged = runner.invoke(app, ["batch", "--merge-manifests", str(tmp_path / "pod-0"), str(tmp_path / "pod-1"),
                                 "--out", str(out)])
    assert merged.exit_code == 0, merged.stderr
    entries = _manifest(out / "manifest.csv")
    assert [int(e["row"]) for e in entries] == [2, 3, 4, 5]
    for entry in entries:
        assert (out / entry["file"]).is_file()
    nothing = runner.invoke(app, ["batch", "--merge-manifests", str(tmp_path / "nothing"), "--out", str(out)])
    assert nothing.exit_code == 2


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(c) for c in task.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_all_leaves_no_worker_running(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "handout", "build", "--all", "--workers", "2", "--out",
                             str(tmp_path)], start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build should have started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed build"


@pytest.mark.skipif(sys.platform == "win32", reason="needs process groups")
def test_ctrl_c_stops_build_all_with_a_summary(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "handout", "build", "--all", "--workers", "2", "--out",
                             str(tmp_path)], start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not list(tmp_path.glob("*.pdf")):
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the whole group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    last = err.splitlines()[-1]
    assert last.startswith("handout: error: interrupted; ") and " finished; every file written is complete" in last
    assert "Traceback" not in err
    assert not list(tmp_path.glob(".*.part"))
    done = int(last.split("interrupted; ")[1].split(" of ")[0])
    assert done <= len(list(tmp_path.glob("*.pdf")))


def test_two_checks_print_the_same_tables() -> None:
    args = ["check", "--lang", "es", "--format", "checklist", "--workers", "2"]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == second.exit_code == 0, first.stderr

    def tables(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("Checked ")]  # that line has seconds

    assert tables(first.stdout) == tables(second.stdout)
    assert "checklist" in first.stdout


def test_fixture_content_shards_like_the_bundled(tmp_path: Path) -> None:
    content = FIXTURES / "content"
    whole = runner.invoke(app, ["build", "--all", "--content", str(content), "--format", "handout",
                                "--out", str(tmp_path / "w")])
    assert whole.exit_code == 0, whole.stderr
    names = [runner.invoke(app, ["build", "--all", "--content", str(content), "--format", "handout",
                                 "--shard", f"{k}/2", "--out", str(tmp_path / "s")]) for k in range(2)]
    assert all(r.exit_code == 0 for r in names)
    sharded = sorted(p.name for p in (tmp_path / "s").glob("*.pdf"))
    assert sharded == sorted(p.name for p in (tmp_path / "w").glob("*.pdf"))
