"""The speed benchmark: our versioned build against what it costs without us, side by side.

Run (from /work/main; `make bench` runs the defaults, about 5 minutes on 2 cores):

    .venv/bin/python bench/run.py                # V=200 S=20 C=10 L=2, 3 runs per case
    .venv/bin/python bench/run.py --quick        # smoke run: V=20, 1 run; results not saved
    .venv/bin/python bench/run.py --versions 100 --repeat 5 --sample 5 --keep
    .venv/bin/python bench/run.py --worst-case   # every clause changes in every version, V=60, 120, 240

Repositories come from bench/generate.py; builds are timed by bench/build.py (a fresh `python -m
mkdocs build` child: wall time, CPU time of it and its descendants, peak RSS). Every case reports
the median of --repeat runs; ours, floor and ours 2V run interleaved (round 1 of each, round 2,
...), so that a change of the load, or of the code, during the run touches them alike.

  ours         `mkdocs build --strict` of the generated repo: every version read from git.
  floor        the same pages by plain MkDocs, our hooks off: the policykit API (load_project,
               policykit.pages) exports every page our build makes as Markdown into docs/LANG/... of a
               copy without .git (same URLs); mkdocs.yml minus `hooks:` (same theme, i18n plugin,
               markdown_extensions with policykit.render.extension; archives `not_in_nav` as in ours).
  per-version  what users do today (like `mike`): one plain build per version. --sample versions,
               spread evenly, are checked out (`git archive`) and built (not --strict: without
               history the build warns); total EXTRAPOLATED as mean x V (CPU too; RSS: one build).
  ours 2V      ours at twice the versions: time(2V)/time(V).
  ours L=5     ours at --l5-versions versions in 5 languages.
  serve        `mkdocs serve` at --serve-versions versions: after the first build, append a word to
               a Swedish clause and time until `/` shows it (poll 50 ms, give up after 120 s).

  worst case   --worst-case, apart from the rest (about 10 minutes on 2 cores): a history where
               every version changes every clause and sub-clause (generate.py --every-clause), built
               at each of --worst-versions: site size, HTML pages, the largest archived page, the
               text in force, wall and CPU time, peak RSS. Each archived page names a unit's last
               versions only, so all of them must grow linearly with V. Its section of
               bench/results.md is rewritten; the default run keeps it.

Prints a Markdown table and the issue's targets with PASS/MISS; writes them to bench/results.md
and a bar chart to bench/results.svg (--quick: into the temporary directory). Exit 1 if a build
fails; a MISS is a result, exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build as measure  # noqa: E402  (bench/build.py: timed(), build(), the subreaper)
import generate  # noqa: E402

MB = 2**20


@dataclass
class Row:
    case: str
    versions: int
    langs: int
    wall: float | None  # seconds, median
    cpu: float | None = None
    rss: float | None = None  # MB
    notes: str = ""


class Bench:
    def __init__(self, args, work: Path):
        self.args, self.work, self.repos = args, work, {}

    def log(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def repo(self, versions: int, langs: int, tag: str = "") -> Path:
        """A generated repository (made once per size); tag "-every": the worst case."""
        key = (versions, langs, tag)
        if key not in self.repos:
            path, start = self.work / f"repo-{versions}v-{langs}l{tag}", time.perf_counter()
            a = self.args
            generate.generate(path, versions, a.sections, a.clauses, langs, a.seed, every=tag == "-every")
            self.log(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
            self.repos[key] = path
        return self.repos[key]

    def once(self, name: str, project: Path, strict: bool):
        """One timed build of `project` (sets self.pages); a failed one prints its log and exits."""
        site = self.work / "site"
        run = measure.build(project, site, self.args.python, strict, self.work / "build.log")
        if run.returncode != 0:
            self.log(f"{name}: build of {project} failed (exit {run.returncode}):\n{run.output}")
            raise SystemExit(1)
        self.log(f"  {name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss / MB:.0f} MB")
        self.pages = sum(1 for _ in site.rglob("*.html"))
        return run

    def export_floor(self, versions: int, langs: int) -> Path:
        dest = self.work / f"floor-{versions}v"
        subprocess.run(
            [str(self.args.python), __file__, "export-floor", str(self.repo(versions, langs)), str(dest)], check=True
        )
        measure.reap_orphans()  # git processes left by the export's history reader
        return dest

    def rounds(self, cases: dict[str, tuple[Path, int, int]]) -> dict[str, Row]:
        """--repeat rounds of one `--strict` build per case, interleaved (A B C A B C ...), so that
        a change of the code or of the machine's load during the run touches every case alike."""
        runs, pages = {case: [] for case in cases}, {}
        for r in range(self.args.repeat):
            for case, (project, _, _) in cases.items():
                runs[case].append(self.once(f"{case} (round {r + 1})", project, strict=True))
                pages[case] = self.pages
        rows = {}
        for case, (_, versions, langs) in cases.items():
            if case == "floor":
                same = "the same" if pages[case] == pages.get("ours") else "NOT the same as ours"
                notes = f"plain MkDocs, hooks off, the exported pages; {pages[case]} HTML pages, {same}"
            else:
                notes = f"`mkdocs build --strict`, all versions from git; {pages[case]} HTML pages"
            med = statistics.median
            rows[case] = Row(
                case,
                versions,
                langs,
                med(r.wall for r in runs[case]),
                med(r.cpu for r in runs[case]),
                med(r.rss for r in runs[case]) / MB,
                notes,
            )
        return rows

    def per_version(self, versions: int, langs: int) -> Row:
        repo, k = self.repo(versions, langs), min(self.args.sample, versions)
        commits = subprocess.run(
            ["git", "rev-list", "--reverse", "--first-parent", "HEAD"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        picks = sorted({round(i * (len(commits) - 1) / max(k - 1, 1)) for i in range(k)})
        trees = []
        for i in picks:  # the commit's tree, without .git
            tree = self.work / f"version-{i}"
            tree.mkdir()
            archive = subprocess.Popen(["git", "archive", commits[i]], cwd=repo, stdout=subprocess.PIPE)
            subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout, check=True)
            archive.stdout.close()
            if archive.wait() != 0:
                raise SystemExit(f"git archive {commits[i]} failed")
            trees.append(tree)
        totals = []  # per run: (wall, cpu, rss) extrapolated to all versions
        for r in range(self.args.repeat):
            runs = [self.once(f"per-version #{i + 1} (round {r + 1})", t, strict=False) for i, t in zip(picks, trees)]
            scale = len(commits) / len(runs)
            totals.append(
                (sum(x.wall for x in runs) * scale, sum(x.cpu for x in runs) * scale, max(x.rss for x in runs) / MB)
            )
        med = statistics.median
        wall = med(t[0] for t in totals)
        return Row(
            "per-version",
            versions,
            langs,
            wall,
            med(t[1] for t in totals),
            med(t[2] for t in totals),
            f"EXTRAPOLATED: {len(picks)} of {len(commits)} versions built one by one (plain, no "
            f"history), mean {wall / len(commits):.2f} s each, x {len(commits)}; RSS: one build",
        )

    def worst_case(self, sizes: list[int], langs: int) -> list[dict]:
        """The worst case for history lines at each size: --repeat builds (medians), interleaved
        across sizes as `rounds` does, and what the last build wrote."""
        runs = {v: [] for v in sizes}
        site = self.work / "site"
        facts = {}
        for r in range(self.args.repeat):
            for v in sizes:
                runs[v].append(
                    self.once(f"worst case V={v} (round {r + 1})", self.repo(v, langs, "-every"), strict=True)
                )
                if r == 0:
                    facts[v] = site_facts(site)
        med = statistics.median
        return [
            {
                "versions": v,
                **facts[v],
                "wall": med(x.wall for x in runs[v]),
                "cpu": med(x.cpu for x in runs[v]),
                "rss": med(x.rss for x in runs[v]) / MB,
            }
            for v in sizes
        ]

    def serve(self, versions: int, langs: int) -> Row:
        repo = self.repo(versions, langs, tag="-serve")  # its working tree gets edited
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": measure.EPOCH_2026}
        with open(self.work / "serve.log", "wb") as log:  # closed after the server stops
            server = subprocess.Popen(
                [str(self.args.python), "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                cwd=repo,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            url = f"http://127.0.0.1:{port}/"
            target = sorted((repo / "policy" / "sv").glob("01-*.md"))[0]
            original = target.read_text(encoding="utf-8")
            times = []
            try:
                start = time.perf_counter()
                first = self.wait_for(url, None, start)
                if first is None:
                    raise SystemExit(f"mkdocs serve did not serve {url} within 120 s; see {self.work}/serve.log")
                self.log(f"  serve: first build served after {first:.1f} s")
                for i in range(self.args.repeat):
                    word = f"benchword{i}x{os.getpid()}"
                    text = re.sub(r"^([a-z]+\. .*)$", rf"\1 {word}", original, count=1, flags=re.M)
                    start = time.perf_counter()
                    target.write_text(text, encoding="utf-8")
                    took = self.wait_for(url, word, start)
                    self.log(f"  serve rebuild {i + 1}: " + (f"{took:.2f} s" if took else "gave up after 120 s"))
                    times.append(took)
            finally:
                stop(server)
                target.write_text(original, encoding="utf-8")
                measure.reap_orphans()
        done = [t for t in times if t is not None]
        gave_up = f", {len(times) - len(done)} gave up after 120 s" if len(done) < len(times) else ""
        return Row(
            "serve rebuild",
            versions,
            langs,
            statistics.median(done) if done else None,
            notes=f"`mkdocs serve`: one clause edited until `/` shows it (poll 50 ms); "
            f"first build {first:.1f} s{gave_up}",
        )

    @staticmethod
    def wait_for(url: str, word: str | None, start: float, limit: float = 120.0) -> float | None:
        """Seconds from `start` until `url` answers (and contains `word`), or None after `limit`."""
        while time.perf_counter() - start < limit:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if word is None or word in response.read().decode("utf-8", "replace"):
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        return None


def stop(server: subprocess.Popen) -> None:
    """Stop `mkdocs serve` and everything it started: SIGINT (it cleans up), then SIGKILL."""
    for sig, grace in [(signal.SIGINT, 10), (signal.SIGKILL, 5)]:
        try:
            os.killpg(server.pid, sig)
            server.wait(timeout=grace)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def export_floor(repo: Path, dest: Path) -> None:
    """Write every page our build makes as plain Markdown into a copy of `repo`, hooks off."""
    from policykit.pages import PageContext, current_page, generated
    from policykit.project.load import load_project

    project = load_project(repo)
    languages = project.languages
    if project.record is None or project.problems.errors:
        raise SystemExit(f"{repo}: the policy did not load: {[str(p) for p in project.problems.errors]}")
    pages = PageContext(project.record, project.languages, languages[0])
    # The generator's own blocks are kept in this process (render/prerendered.py) and named by
    # markers; a page for another process carries them as raw HTML instead.
    standalone = pages.blocks.expand
    measure.plain_copy(repo, dest)
    for lang in languages:
        docs = dest / "docs" / lang
        (docs / "index.md").write_text(
            standalone(current_page(pages, lang, pages.url(lang)).markdown), encoding="utf-8"
        )
        for page in generated(pages, lang):
            (docs / page.path).mkdir(parents=True, exist_ok=True)
            (docs / page.path / "index.md").write_text(standalone(page.document), encoding="utf-8")
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config.pop("hooks", None), "mkdocs.yml: no hooks: entry"
    # What the plugin would set, written out: the same theme files, extensions and search.
    from policykit.adapter import site

    config["theme"].update(custom_dir=str(site.THEME), font=False)
    config["markdown_extensions"] = [{"toc": {"permalink": True}}, "attr_list", "tables", "fenced_code", site.EXTENSION]
    config["extra_css"] = [site.STYLESHEET]
    config["plugins"] = [{"search": dict(site.SEARCH)} if p == "search" else p for p in config["plugins"]]
    config["not_in_nav"] = "/*/versions/*/\n"  # as the plugin marks archives and redlines
    config = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")


def site_facts(site: Path) -> dict:
    """What a build wrote: bytes in all, HTML pages, the largest archived version's page (of any
    language: LANG/versions/V/index.html) and the default language's text in force."""
    files = [f for f in site.rglob("*") if f.is_file()]
    archives = [f.stat().st_size for f in files if f.name == "index.html" and f.parent.parent.name == "versions"]
    return {
        "bytes": sum(f.stat().st_size for f in files),
        "pages": sum(1 for f in files if f.suffix == ".html"),
        "archive": max(archives, default=0),
        "in_force": (site / "index.html").stat().st_size,
    }


WORST = "## Worst case: every clause changes in every version"


def worst_targets(rows: list[dict]) -> list[tuple[str, str, str, bool]]:
    """(what, value, goal, ok): doubling the versions at most doubles (x 2.2) the site, the CPU
    time and the memory; the largest archived page does not grow with them."""
    small, big = rows[-2], rows[-1]
    v, w, first = small["versions"], big["versions"], rows[0]
    out = [
        (f"site size({w}) / size({v})", big["bytes"] / small["bytes"], "≤ 2.2", 2.2),
        (f"CPU time({w}) / time({v})", big["cpu"] / small["cpu"], "≤ 2.2", 2.2),
        (f"peak RSS({w}) / RSS({v})", big["rss"] / small["rss"], "≤ 2.2", 2.2),
        (f"largest archived page at V={w} / at V={first['versions']}", big["archive"] / first["archive"], "≤ 1.1", 1.1),
    ]
    return [(what, f"{value:.2f}", goal, value <= limit) for what, value, goal, limit in out]


def worst_report(rows: list[dict], args, elapsed: float) -> str:
    lines = [
        WORST,
        "",
        "| V | site MB | HTML pages | largest archived page kB | text in force kB | wall s (median) "
        "| CPU s | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['versions']} | {r['bytes'] / MB:.1f} | {r['pages']} | {r['archive'] / 1024:.0f} "
            f"| {r['in_force'] / 1024:.0f} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} |"
        )
    lines += ["", "| target | value | goal | result |", "|---|---:|---:|---|"]
    lines += [f"| {what} | {value} | {goal} | {verdict(ok)} |" for what, value, goal, ok in worst_targets(rows)]
    lines += [
        "",
        f"Run on {dt.date.today().isoformat()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"`bench/run.py --worst-case`: bench/generate.py --every-clause (every version after the first "
        f"rewords every clause and sub-clause), S={args.sections} x C={args.clauses}, L={args.languages}; "
        f"{args.repeat} run(s) per size, whole run {elapsed / 60:.1f} min. CPU time is judged, not wall "
        f"time, which the machine's other load inflates.",
    ]
    return "\n".join(lines) + "\n"


def with_section(text: str, section: str | None) -> str:
    """`text` (results.md) with its worst-case section replaced by `section`; None keeps the one
    `text` has (if any). The sections after it (measured apart, such as the compare page's
    sizes) stay."""
    head, found, rest = text.partition(WORST)
    later = rest[rest.find("\n## ") :] if found and "\n## " in rest else ""
    if section is None:
        section = found + rest
    elif later:
        section = section.rstrip("\n") + "\n" + later
    return head.rstrip("\n") + "\n\n" + section if section else head


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "MISS"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def num(x: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def targets(rows: dict[str, Row]) -> list[tuple[str, str, str, bool | None]]:
    """(what, value, target, ok) for each target of the issue."""
    ours, big = rows["ours"], rows["ours 2V"]
    checks = [
        ("ours / floor", ratio(ours.wall, rows["floor"].wall), "≤ 1.5", lambda x: x <= 1.5),
        ("per-version / ours", ratio(rows["per-version"].wall, ours.wall), "≥ 20", lambda x: x >= 20),
        (f"time({big.versions}) / time({ours.versions})", ratio(big.wall, ours.wall), "≤ 2.2", lambda x: x <= 2.2),
        (f"serve rebuild at V={rows['serve rebuild'].versions}, s", rows["serve rebuild"].wall, "< 2", lambda x: x < 2),
        (
            f"peak RSS of ours at V={ours.versions}, MB (at {big.versions}: {num(big.rss, '{:.0f}')})",
            ours.rss,
            "< 500",
            lambda x: x < 500,
        ),
    ]
    return [
        (what, num(v, "{:.0f}" if "MB" in what else "{:.2f}"), goal, None if v is None else test(v))
        for what, v, goal, test in checks
    ]


def report(rows: dict[str, Row], args, elapsed: float) -> str:
    lines = ["| case | V | L | wall s (median) | CPU s | peak RSS MB | notes |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows.values():
        lines.append(
            f"| {r.case} | {r.versions} | {r.langs} | {num(r.wall)} | {num(r.cpu)} "
            f"| {num(r.rss, '{:.0f}')} | {r.notes} |"
        )
    lines += ["", "| target | value | goal | result |", "|---|---:|---:|---|"]
    lines += [f"| {what} | {value} | {goal} | {verdict(ok)} |" for what, value, goal, ok in targets(rows)]
    cpu = (
        next(
            (
                l.split(":", 1)[1].strip()
                for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    lines += [
        "",
        f"Run on {dt.date.today().isoformat()}: {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, {platform.system()}; S={args.sections} sections x "
        f"C={args.clauses} clauses, {args.repeat} run(s) per case, whole run {elapsed / 60:.1f} min.",
    ]
    return "\n".join(lines) + "\n"


def svg_chart(rows: dict[str, Row]) -> str:
    """Horizontal bars of the median wall time per case, hand-written SVG."""
    shown = [r for r in rows.values() if r.wall is not None]
    top = max(r.wall for r in shown)
    width, label_w, bar_w, bar_h, gap = 760, 250, 380, 22, 14
    height = 60 + len(shown) * (bar_h + gap) + 20
    colours = {"ours": "#1f6fb2", "floor": "#7a7a7a", "per-version": "#c0560b", "serve rebuild": "#2e8540"}
    desc = "; ".join(f"{r.case} (V={r.versions}, L={r.langs}): {r.wall:.2f} s" for r in shown)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="bench-title bench-desc" '
        f'font-family="sans-serif" font-size="13">',
        '<title id="bench-title">Build time per case (median wall seconds)</title>',
        f'<desc id="bench-desc">{html.escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<text x="10" y="24" font-size="15" font-weight="bold" fill="#222">Wall time, seconds '
        "(median; per-version extrapolated)</text>",
    ]
    for i, r in enumerate(shown):
        y = 44 + i * (bar_h + gap)
        w = max(1.0, bar_w * r.wall / top)
        colour = colours.get(r.case, "#5b8fc7")
        out += [
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#222">'
            f"{html.escape(r.case)} (V={r.versions}, L={r.langs})</text>",
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>',
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" fill="#222">{r.wall:.2f} s</text>',
        ]
    return "\n".join(out + ["</svg>"]) + "\n"


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export-floor"]:  # internal: Bench.export_floor runs it in a child
        return export_floor(Path(argv[1]), Path(argv[2]))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--versions", "-V", type=int, default=200)
    p.add_argument("--sections", "-S", type=int, default=20)
    p.add_argument("--clauses", "-C", type=int, default=10)
    p.add_argument("--languages", "-L", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=3, help="runs per case (medians)")
    p.add_argument("--sample", type=int, default=10, help="versions built one by one for per-version")
    p.add_argument("--serve-versions", type=int, default=50)
    p.add_argument("--l5-versions", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="smoke run: V=20, 1 run, results not saved")
    p.add_argument("--out", type=Path, help="where results.md/.svg go (default bench/; --quick: the temp dir)")
    p.add_argument("--python", type=Path, default=measure.DEFAULT_PYTHON)
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument(
        "--worst-case",
        action="store_true",
        help="only the worst case for history lines (every clause changes in every version)",
    )
    p.add_argument("--worst-versions", default="60,120,240", help="its sizes, comma-separated (default 60,120,240)")
    args = p.parse_args(argv)
    if args.quick:
        args.versions, args.repeat, args.serve_versions = 20, 1, 20
    start = time.perf_counter()
    measure.become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="policy-run-"))
    bench, keep = Bench(args, work), args.keep
    V, L = args.versions, args.languages
    with _work_folder(bench, work, keep):
        if args.worst_case:
            return run_worst_case(bench, args, work, start)
        rows = bench.rounds(
            {
                "ours": (bench.repo(V, L), V, L),
                "floor": (bench.export_floor(V, L), V, L),
                "ours 2V": (bench.repo(2 * V, L), 2 * V, L),
            }
        )
        rows = {
            "ours": rows["ours"],
            "floor": rows["floor"],
            "per-version": bench.per_version(V, L),
            "ours 2V": rows["ours 2V"],
        }
        rows.update(bench.rounds({"ours L=5": (bench.repo(args.l5_versions, 5), args.l5_versions, 5)}))
        rows["serve rebuild"] = bench.serve(args.serve_versions, L)
        text = report(rows, args, time.perf_counter() - start)
        print(text)
        out = args.out or (work if args.quick else HERE)
        old = (out / "results.md").read_text(encoding="utf-8") if (out / "results.md").is_file() else ""
        kept = old[old.find(WORST) :] if WORST in old else None  # the worst case's section: run apart, kept
        (out / "results.md").write_text(
            with_section("# Benchmark results (bench/run.py)\n\n" + text, kept), encoding="utf-8"
        )
        (out / "results.svg").write_text(svg_chart(rows), encoding="utf-8")
        bench.log(
            f"wrote {out / 'results.md'} and {out / 'results.svg'}"
            f"{' (removed at exit; --keep keeps them)' if out == work and not keep else ''}; "
            f"{(time.perf_counter() - start) / 60:.1f} min in all"
        )


def run_worst_case(bench: Bench, args, work: Path, start: float) -> None:
    sizes = sorted(int(v) for v in args.worst_versions.split(","))
    if len(sizes) < 2:
        raise SystemExit("--worst-versions: name at least two sizes, such as 60,120,240")
    rows = bench.worst_case(sizes, args.languages)
    section = worst_report(rows, args, time.perf_counter() - start)
    print(section)
    out = args.out or (work if args.quick else HERE)
    old = (out / "results.md").read_text(encoding="utf-8") if (out / "results.md").is_file() else ""
    (out / "results.md").write_text(
        with_section(old or "# Benchmark results (bench/run.py)\n", section), encoding="utf-8"
    )
    bench.log(f"wrote its section of {out / 'results.md'}; {(time.perf_counter() - start) / 60:.1f} min in all")


@contextlib.contextmanager
def _work_folder(bench: Bench, work: Path, keep: bool):
    """The temporary folder of a run: removed at the end, unless --keep, or the run was stopped
    or failed (then it is kept, to look into)."""
    try:
        yield
    except (SystemExit, KeyboardInterrupt):
        keep = True
        raise
    finally:
        if keep:
            bench.log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
