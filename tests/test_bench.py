"""The benchmark's own parts (bench/): the version that bench/generate.py appends for the rebuild
after a new version, the reasons that bench/results.md keeps for the targets that missed, and a
smoke run of bench/run.py --quick (the build cases with the cache, serve and the compare page in
Chromium, at 20 versions) whose report has every case and target, with no timing asserted."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_module(name: str):
    """A module of bench/ (not a package): loaded from its file, with bench/ on the path as
    run.py expects."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "bench"))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("every", [False, True], ids=["some-clauses", "every-clause"])
def test_an_appended_version_is_the_one_generate_makes_next(tmp_path, every):
    """The rebuild after a new version builds the history that `generate` would have made with
    one version more: the same files, dates and messages, so the same commit."""
    generate = bench_module("generate")
    shape = dict(sections=3, clauses=4, languages=2, seed=5, every=every)
    grown = generate.generate(tmp_path / "grown", versions=11, **shape)
    made = generate.generate(tmp_path / "made", versions=12, **shape)
    assert generate.append_version(grown, **shape) == "2.1"
    assert git(grown, "rev-list", "--count", "HEAD") == "12"
    assert git(grown, "rev-parse", "HEAD") == git(made, "rev-parse", "HEAD")
    assert git(grown, "status", "--porcelain") == ""


def test_the_page_cache_is_outside_the_generated_history(tmp_path):
    """A build's cache folder beside mkdocs.yml is not part of the policy's history."""
    generate = bench_module("generate")
    repo = generate.generate(tmp_path / "repo", versions=2, sections=2, clauses=2, languages=1)
    (repo / ".cache" / "policykit").mkdir(parents=True)
    (repo / ".cache" / "policykit" / "entry").write_text("x", encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""


OLD = """# Benchmark results (bench/run.py)

| target | value | goal | result | reason |
|---|---:|---:|---|---|
| serve: an edit on screen at V=200, s | 1.71 | < 1 | MISS | MkDocs polls every 0.5 s |
| ours / floor | 0.38 | ≤ 1.5 | PASS |  |

## The compare page and `compare.json` at V=200

Written by hand.

## Worst case: every clause changes in every version

| target | value | goal | result | reason |
|---|---:|---:|---|---|
| CPU time(240) / time(120) | 2.31 | ≤ 2.2 | MISS | _reason: to be written_ |
"""


def test_a_reason_written_for_a_miss_stays_and_hand_written_sections_too():
    """The lead writes why a target missed into results.md once; the next run keeps it for the
    same target while it still misses, replaces the sections it measured and keeps the rest."""
    run = bench_module("run")
    reasons = run.old_reasons(OLD)
    assert reasons == {"serve: an edit on screen at V=200, s": "MkDocs polls every 0.5 s"}
    checks = [
        ("serve: an edit on screen at V=200, s", 1.2, "< 1", lambda x: x < 1, ""),
        ("rebuild of the same commit / cold build (V=200)", 0.5, "≤ 0.15", lambda x: x <= 0.15, ""),
        ("ours / floor", None, "≤ 1.5", lambda x: x <= 1.5, "skipped (--skip floor)"),
    ]
    table = run.with_reasons("\n".join(run.target_table(checks)), reasons)
    assert "| serve: an edit on screen at V=200, s | 1.20 | < 1 | MISS | MkDocs polls every 0.5 s |" in table
    assert f"| rebuild of the same commit / cold build (V=200) | 0.50 | ≤ 0.15 | MISS | {run.NO_REASON} |" in table
    assert "| ours / floor | – | ≤ 1.5 | n/a | skipped (--skip floor) |" in table
    worst = f"{run.WORST}\n\nnew figures\n"
    text = run.merged(OLD, "# Benchmark results (bench/run.py)\n\nnew head\n", {run.WORST: worst})
    assert text.index("new head") < text.index("new figures") < text.index("Written by hand.")
    assert "2.31" not in text and "1.71" not in text


@pytest.mark.build
@pytest.mark.browser
def test_the_quick_run_reports_every_case_and_target(tmp_path):
    """bench/run.py --quick, without the parts measured elsewhere at length (the worst case, the
    import, the floor, one build per version): it runs, and its report names the cold build, the
    rebuild, the one after a new version, memory at three sizes, serve and the compare page,
    each target with a verdict. No timing is asserted: the machine is shared."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--python",
            sys.executable,
            "--skip",
            "worst-case,import,floor,per-version,l5",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = (tmp_path / "results.md").read_text(encoding="utf-8")
    for case in [
        "ours | 20",
        "rebuild | 20",
        "new version | 21",
        "ours V/2 | 10",
        "ours 2V | 40",
        "serve rebuild | 20",
        "serve floor | 2",
    ]:
        assert f"| {case} | 2 |" in report, case
    for target in [
        "rebuild of the same commit / cold build (V=20)",
        "rebuild after one new version / cold build (V=20)",
        "peak RSS(40) / RSS(10), cold",
        "serve: an edit on screen at V=20, s",
        "compare page ready after its HTML loaded at V=20, s",
        "time(40) / time(20), cold",
    ]:
        row = next(line for line in report.splitlines() if line.startswith(f"| {target} |"))
        assert any(f"| {verdict} |" in row for verdict in ("PASS", "MISS")), row
    compare = report[report.index("## The compare page: size and time to ready") :]
    assert "| `/compare/index.html` |" in compare and "| `/compare.json` |" in compare
    assert "| ready after the HTML loaded |" in compare and "Not timed" not in compare
