"""Time a real `mkdocs build` of a policy repository: with its git history, and without.

Run (from /work/main):

    .venv/bin/python bench/build.py --versions 200 --sections 20 --clauses 10 --languages 2 --repeat 3
    .venv/bin/python bench/build.py --repo /tmp/policy-200 --repeat 5    # reuse a generated repo

Without --repo, a repository is generated with bench/generate.py into a temporary directory
(kept with --keep). Two cases are measured, each --repeat times, in a fresh child process
(`python -m mkdocs build`, env NO_MKDOCS_2_WARNING=1, SOURCE_DATE_EPOCH=2026-01-01T00:00:00Z):

  history  `mkdocs build --strict` in the repository: every version is read from git and built.
  plain    `mkdocs build` (not --strict) in a copy of the working tree without .git: the same
           current text, no history; the hooks warn that the history is unavailable, which
           --strict would turn into a failure, so this case runs without it.

For each run: wall time (time.perf_counter until the child exits), CPU time (user + sys of the
child and all its descendants: the RUSAGE_CHILDREN delta; on Linux this process is a child
subreaper, so the `git cat-file` processes that mkdocs leaves to exit on their own are reaped and
counted too) and peak RSS (ru_maxrss of the child from os.wait4: the largest resident set of the
mkdocs process or of a descendant it waited for). Other load on the machine inflates wall time,
not CPU time: compare the two. The table shows medians;
`versions` is the number of version pages the site has (site/versions/*/), `pages` the number
of HTML files written. A failed build prints its log, keeps the temporary directory and exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

EPOCH_2026 = "1767225600"  # 2026-01-01T00:00:00Z
DEFAULT_PYTHON = ROOT / ".venv" / "bin" / "python"


@dataclass
class Run:
    returncode: int
    wall: float  # seconds
    cpu: float  # seconds, user + sys
    rss: int  # bytes
    output: str


def become_subreaper() -> None:
    """Linux: adopt the orphans of our children (mkdocs leaves `git cat-file` processes behind to
    exit after it), so that their CPU time reaches RUSAGE_CHILDREN when we reap them."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap_orphans(deadline: float = 10.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def timed(cmd: list[str], cwd: Path, env: dict, log: Path) -> Run:
    """Run `cmd` as a child: wall time until it exits, CPU time of it and all its descendants
    (RUSAGE_CHILDREN delta, orphans included), peak RSS of the child (os.wait4)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait for it again
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # Linux reports KiB
    return Run(proc.returncode, wall, cpu, rss, log.read_text(encoding="utf-8", errors="replace"))


def build(project: Path, site: Path, python: Path, strict: bool, log: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH_2026}
    cmd = [str(python), "-m", "mkdocs", "build", "--site-dir", str(site)] + (["--strict"] if strict else [])
    return timed(cmd, project, env, log)


def plain_copy(repo: Path, dest: Path) -> Path:
    """The working tree without .git (and without build output): the current text only."""
    shutil.copytree(repo, dest, ignore=shutil.ignore_patterns(".git", "site", "__pycache__", ".cache"))
    return dest


def site_counts(site: Path) -> tuple[int, int]:
    versions = site / "versions"
    count = sum(1 for p in versions.iterdir() if p.is_dir()) if versions.is_dir() else 0
    return count, sum(1 for _ in site.rglob("*.html"))


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING"))]


def measure(case: str, project: Path, work: Path, python: Path, strict: bool, repeat: int, warmup: int) -> dict:
    runs = []
    for i in range(warmup + repeat):
        site = work / f"site-{case}"
        run = build(project, site, python, strict, work / f"{case}-{i}.log")
        if run.returncode != 0:
            print(
                f"\n{case}: `mkdocs build{' --strict' if strict else ''}` in {project} failed "
                f"(exit {run.returncode}); its log:\n{run.output}",
                file=sys.stderr,
            )
            sys.exit(1)
        if i >= warmup:
            runs.append(run)
        print(
            f"  {case} run {i + 1}/{warmup + repeat}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, "
            f"{run.rss / 2**20:.0f} MB{' (warm-up)' if i < warmup else ''}",
            file=sys.stderr,
        )
    versions, pages = site_counts(site)
    shown = problems(runs[-1].output)
    return {
        "case": case,
        "versions": versions,
        "pages": pages,
        "wall": statistics.median(r.wall for r in runs),
        "cpu": statistics.median(r.cpu for r in runs),
        "rss": statistics.median(r.rss for r in runs) / 2**20,
        "wall_range": (min(r.wall for r in runs), max(r.wall for r in runs)),
        "problems": shown,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| case | versions | wall s (median) | CPU s | peak RSS MB | wall s (min–max) | HTML pages |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lo, hi = r["wall_range"]
        lines.append(
            f"| {r['case']} | {r['versions']} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} "
            f"| {lo:.2f}–{hi:.2f} | {r['pages']} |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, help="a generated repository to build (default: generate one)")
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--clauses", type=int, default=10)
    parser.add_argument("--languages", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="measured runs per case (median reported)")
    parser.add_argument("--warmup", type=int, default=0, help="unmeasured runs before them")
    parser.add_argument("--python", type=Path, default=DEFAULT_PYTHON, help="the Python with mkdocs and policykit")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print it")
    parser.add_argument("--no-plain", action="store_true", help="measure only the build with history")
    args = parser.parse_args(argv)

    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    keep = args.keep
    try:
        repo = args.repo.resolve() if args.repo else None
        if repo is None:
            repo = work / "repo"
            start = time.perf_counter()
            generate.generate(repo, args.versions, args.sections, args.clauses, args.languages, args.seed)
            print(
                f"generated {args.versions} versions, {args.sections} sections x {args.clauses} clauses, "
                f"{args.languages} languages in {time.perf_counter() - start:.2f} s: {repo}",
                file=sys.stderr,
            )
        commits = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"building {repo} ({commits} commits), {args.repeat} runs per case", file=sys.stderr)
        rows = [measure("history (--strict)", repo, work, args.python, True, args.repeat, args.warmup)]
        if not args.no_plain:
            plain = plain_copy(repo, work / "plain")
            rows.append(measure("plain (no .git)", plain, work, args.python, False, args.repeat, args.warmup))
        print()
        print(table(rows))
        for row in rows:
            if row["problems"]:
                print(
                    f"\n{row['case']} logged {len(row['problems'])} warning(s)/error(s), e.g.:\n  "
                    + "\n  ".join(row["problems"][:3])
                )
    except SystemExit:
        keep = True  # a failed build: keep the input and the logs for inspection
        raise
    finally:
        if keep:
            print(f"\nkept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
