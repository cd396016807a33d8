"""The speed benchmark: what a build costs, cold and with its cache, side by side in one run.

Run (from the repository's root; `make bench` runs the defaults, about 30 minutes on 2 cores):

    .venv/bin/python bench/run.py                # everything below, V=200 S=20 C=10 L=2, 3 runs per case
    .venv/bin/python bench/run.py --quick        # smoke run: V=20, 1 run, small worst case and import; not saved
    .venv/bin/python bench/run.py --skip worst-case,import   # without the slow parts (about 10 minutes)
    .venv/bin/python bench/run.py --versions 100 --repeat 5 --sample 5 --keep
    .venv/bin/python bench/run.py --worst-case   # only the worst case: every clause changes in every version

Repositories come from bench/generate.py; builds are timed by bench/build.py (a fresh `python -m
mkdocs build` child: wall time, CPU time of it and its descendants, peak RSS). Every case reports
the median of --repeat runs; the build cases run interleaved (round 1 of each, round 2, ...), so
that a change of the load, or of the code, during the run touches them alike.

The build's page cache lives in `.cache/policykit` beside mkdocs.yml. A cold build deletes it
first; a warm one keeps what the build before it left. Every case is cold unless it says warm.

  ours         `mkdocs build --strict` of the generated repo at V versions, cold: every version
               read from git and rendered.
  rebuild      warm: the same commit built again, with the cache of the cold build just before.
  new version  warm: one more version committed (generate.append_version: the version that
               generate.py would make next), built with the cache of the two builds before it
               (V versions); the repository goes back to V versions after it.
  floor        the same pages by plain MkDocs, our hooks off: the policykit API (load_project,
               policykit.pages) exports every page our build makes as Markdown into docs/LANG/... of a
               copy without .git (same URLs); mkdocs.yml minus `hooks:` (same theme, i18n plugin,
               markdown_extensions with policykit.render.extension; archives `not_in_nav` as in ours).
  ours V/2     ours at half the versions, and
  ours 2V      at twice: peak memory at V/2, V and 2V, and time(2V)/time(V).
  per-version  what users do today (like `mike`): one plain build per version. --sample versions,
               spread evenly, are checked out (`git archive`) and built (not --strict: without
               history the build warns); total EXTRAPOLATED as mean x V (CPU too; RSS: one build).
  ours L=5     ours at --l5-versions versions in 5 languages.
  serve        `mkdocs serve` at --serve-versions versions (default V): after the first build (cache
               emptied before it), append a word to a Swedish clause and time from the moment the
               file is saved until `/` shows it (poll 50 ms, give up after 120 s); and the same at
               2 versions (`serve floor`): what a rebuild costs this stack with almost no history.
  compare      the compare page of the cold V build: its HTML per language and its data (`compare.json`
               and any other compare*.json), raw and gzip -9; and in Chromium (Playwright,
               /usr/bin/chromium, a new context each run, served over local HTTP with no-store),
               the time from the HTML loaded (and from DOMContentLoaded) until it is ready at
               /compare/?from=1.0: the form's version menus and button usable, and the comparison
               of the first version with the one in force on screen (its heading and a unit's
               redline shown; timed at the frame after the page's script put them there).
  worst case   a history where every version changes every clause and sub-clause (generate.py
               --every-clause), built at each of --worst-versions (--worst-repeat runs): site size,
               HTML pages, the largest archived page, the text in force, wall and CPU time, peak
               RSS. Each archived page names a unit's last versions only, so all of them must grow
               linearly with V. `--worst-case` runs it alone.
  import       bench/importing.py --both (--quick with --quick), in a child: `policy import
               --history` on long synthetic histories against a cold strict build; it writes
               bench/importing.md too.

--skip leaves parts out (comma-separated: floor, per-version, l5, serve, compare, worst-case,
import); their sections of bench/results.md stay as the last run wrote them.

Prints Markdown tables and the issue's targets with PASS/MISS; writes them to bench/results.md
and a bar chart to bench/results.svg (--quick: into the temporary directory). A MISS row carries
a reason: the run writes a placeholder, and keeps the reason written in results.md for the same
target by hand. Exit 1 if a build fails; a MISS is a result, exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import html
import http.server
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
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build as measure  # noqa: E402  (bench/build.py: timed(), build(), the subreaper)
import generate  # noqa: E402

MB = 2**20
#: The build's page cache, beside mkdocs.yml: a cold build starts without it.
CACHE = Path(".cache") / "policykit"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PARTS = ("floor", "per-version", "l5", "serve", "compare", "worst-case", "import")


@dataclass
class Row:
    case: str
    versions: int
    langs: int
    wall: float | None  # seconds, median
    cpu: float | None = None
    rss: float | None = None  # MB
    notes: str = ""


@dataclass
class Case:
    """One build of a round: `warm` keeps the cache the build before left; `before` and `after`
    change the repository around it (a new version, and back)."""

    name: str
    project: Path
    versions: int
    langs: int
    warm: bool = False
    before: Callable[[], object] | None = None
    after: Callable[[], object] | None = None
    site: str = "site"


def cache_facts(project: Path) -> tuple[int, int]:
    """Files and bytes in the project's page cache (0, 0 without one)."""
    files = [f for f in (project / CACHE).rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def cache_said(output: str) -> str:
    """The last line of a build's log that speaks of the cache (how many pages it served), if any."""
    said = [line.strip() for line in output.splitlines() if re.search(r"\bcache\b", line, re.I)]
    return said[-1].replace("|", "\\|")[:160] if said else ""


class Bench:
    def __init__(self, args, work: Path):
        self.args, self.work, self.repos = args, work, {}
        self.pages, self.said = 0, ""

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

    def once(self, name: str, project: Path, strict: bool, warm: bool = False, site: str = "site"):
        """One timed build of `project` into work/`site` (sets self.pages and self.said); cold
        unless `warm`. A failed one prints its log and exits."""
        if not warm:
            shutil.rmtree(project / CACHE, ignore_errors=True)
        out = self.work / site
        run = measure.build(project, out, self.args.python, strict, self.work / "build.log")
        if run.returncode != 0:
            self.log(f"{name}: build of {project} failed (exit {run.returncode}):\n{run.output}")
            raise SystemExit(1)
        self.pages, self.said = sum(1 for _ in out.rglob("*.html")), cache_said(run.output)
        files, size = cache_facts(project)
        self.log(
            f"  {name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.rss / MB:.0f} MB"
            + (f"; cache {files} files, {size / MB:.1f} MB" if files else "")
            + (f"; {self.said}" if self.said else "")
        )
        return run

    def export_floor(self, versions: int, langs: int) -> Path:
        dest = self.work / f"floor-{versions}v"
        subprocess.run(
            [str(self.args.python), __file__, "export-floor", str(self.repo(versions, langs)), str(dest)], check=True
        )
        measure.reap_orphans()  # git processes left by the export's history reader
        return dest

    def rounds(self, cases: list[Case]) -> dict[str, Row]:
        """--repeat rounds of one `--strict` build per case, interleaved (A B C A B C ...), so that
        a change of the code or of the machine's load during the run touches every case alike."""
        runs: dict[str, list] = {c.name: [] for c in cases}
        pages, said, cached = {}, {}, {}
        for r in range(self.args.repeat):
            for case in cases:
                if case.before:
                    case.before()
                runs[case.name].append(
                    self.once(f"{case.name} (round {r + 1})", case.project, True, case.warm, case.site)
                )
                pages[case.name], said[case.name] = self.pages, self.said
                cached[case.name] = cache_facts(case.project)
                if case.after:
                    case.after()
        rows = {}
        for case in cases:
            name, n = case.name, pages[case.name]
            if name == "floor":
                same = "the same" if n == pages.get("ours") else "NOT the same as ours"
                notes = f"plain MkDocs, hooks off, the exported pages; {n} HTML pages, {same}"
            else:
                what = {
                    "rebuild": "warm: the same commit again, with the cache of the cold build before",
                    "new version": f"warm: one version more ({case.versions}), with the cache of V={case.versions - 1}",
                }.get(name, "cold (cache emptied first), all versions from git")
                files, size = cached[name]
                cache = f"; cache after: {files} files, {size / MB:.1f} MB" if files else "; no cache written"
                notes = f"`mkdocs build --strict`, {what}; {n} HTML pages{cache}" + (
                    f"; the log: {said[name]}" if said[name] else ""
                )
            med = statistics.median
            rows[name] = Row(
                name,
                case.versions,
                case.langs,
                med(r.wall for r in runs[name]),
                med(r.cpu for r in runs[name]),
                med(r.rss for r in runs[name]) / MB,
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
        """The worst case for history lines at each size: --worst-repeat cold builds (medians),
        interleaved across sizes as `rounds` does, and what the last build wrote."""
        runs: dict[int, list] = {v: [] for v in sizes}
        site = self.work / "site"
        facts = {}
        for r in range(self.args.worst_repeat):
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

    def serve(self, repo: Path, versions: int, langs: int, case: str = "serve rebuild") -> Row:
        """`mkdocs serve` in `repo` (its working tree is edited, and put back after)."""
        shutil.rmtree(repo / CACHE, ignore_errors=True)
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
                    target.write_text(text, encoding="utf-8")  # saved: the clock runs from here
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
            case,
            versions,
            langs,
            statistics.median(done) if done else None,
            notes=f"`mkdocs serve`: one clause edited, from the file saved until `/` shows it (poll 50 ms); "
            f"first build {first:.1f} s (cache emptied before it){gave_up}",
        )

    @staticmethod
    def wait_for(url: str, word: str | None, start: float, limit: float = 120.0) -> float | None:
        """Seconds from `start` until `url` answers (and contains `word`), or None after `limit`.
        A request starts every 50 ms (or as soon as the one before is answered, if it took longer)."""
        while (now := time.perf_counter()) - start < limit:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if word is None or word in response.read().decode("utf-8", "replace"):
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(max(0.0, now + 0.05 - time.perf_counter()))
        return None

    def compare(self, site: Path, versions: int, langs: int) -> dict:
        """The compare page of a built site: its files' sizes, and its time to ready in Chromium."""
        data = {
            f
            for f in site.rglob("*.json")
            if f.name.startswith("compare") or "compare" in f.relative_to(site).parent.parts
        }
        files = sorted(site.glob("**/compare/index.html")) + sorted(f for f in data if f.is_file())
        sizes = [
            (f.relative_to(site).as_posix(), f.stat().st_size, len(gzip.compress(f.read_bytes(), 9))) for f in files
        ]
        result = {"versions": versions, "langs": langs, "sizes": sizes, "ready": [], "problem": ""}
        if not CHROMIUM.exists():
            result["problem"] = f"not timed: no Chromium at {CHROMIUM} (`apt-get install chromium`)"
            return result
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            result["problem"] = "not timed: Playwright is not installed (`pip install -e '.[test]'`)"
            return result
        with served(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                # Unmeasured: Chromium's own first start (its code compiled, its caches laid out),
                # which a reader's running browser has behind it. Another page: nothing of it is reused.
                warm = browser.new_context()
                warm.new_page().goto(f"{url}/404.html")
                warm.close()
                for r in range(self.args.repeat):
                    timing = ready_in(browser, f"{url}/compare/?from=1.0")
                    if "problem" in timing:
                        result["problem"] = timing["problem"]
                        self.log(f"  compare page (round {r + 1}): {timing['problem']}")
                        break
                    result["ready"].append(timing)
                    self.log(
                        f"  compare page (round {r + 1}): ready {timing['from_html']:.0f} ms after the HTML loaded, "
                        f"{timing['from_dcl']:.0f} ms after DOMContentLoaded; {timing['units']} units shown, "
                        f"{timing['data_kb']:.0f} kB of JSON fetched ({', '.join(timing['data_files'])})"
                    )
            finally:
                browser.close()
        return result


#: Put into the compare page before its own scripts: the moment (performance.now(), at the
#: animation frame after it) when the form is usable and a comparison is on screen.
READY_SCRIPT = """
(() => {
  const shown = element => !!element && element.getClientRects().length > 0 && !element.closest("[hidden]");
  const usable = element => shown(element) && !element.disabled;
  const ready = () => {
    const form = document.querySelector(".policy-compare-form");
    return !!form && usable(form.querySelector("select[name=from]")) && usable(form.querySelector("select[name=to]"))
      && usable(form.querySelector("button")) && shown(document.querySelector(".policy-compare-result h2"))
      && shown(document.querySelector(".policy-compare-result .policy-redline-unit .policy-redline"));
  };
  let seen = false;
  const check = () => {
    if (seen || !document.body || !ready()) return;
    seen = true;
    observer.disconnect();
    requestAnimationFrame(() => { window.__policyReady = performance.now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true, attributes: true});
})();
"""

#: What the page says once ready: the navigation's marks, what it fetched, what it shows.
READY_FACTS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const data = performance.getEntriesByType("resource").filter(e => /\\.json(\\?|$)/.test(e.name));
  return {ready: window.__policyReady, html: nav.responseEnd, dcl: nav.domContentLoadedEventStart,
          data: data.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0),
          files: data.map(e => new URL(e.name).pathname.slice(1) + " (" + Math.round((e.decodedBodySize || 0) / 1024) + " kB)"),
          units: document.querySelectorAll(".policy-compare-result .policy-redline-unit").length,
          to: (document.querySelector(".policy-compare-form select[name=to]") || {}).value || "",
          current: (document.getElementById("policy-compare") || {dataset: {}}).dataset.current || ""};
}"""


def ready_in(browser, url: str, limit: float = 30.0) -> dict:
    """Open `url` in a new context (nothing cached) and time the compare page to ready, in ms."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script(READY_SCRIPT)
        page.goto(url, wait_until="domcontentloaded")
        try:
            page.wait_for_function("() => window.__policyReady !== undefined", timeout=limit * 1000)
        except Exception:  # Playwright's TimeoutError: the page never got there
            return {"problem": f"not ready within {limit:.0f} s" + (f"; script errors: {errors[:2]}" if errors else "")}
        facts = page.evaluate(READY_FACTS)
    finally:
        context.close()
    if facts["to"] != facts["current"]:
        return {
            "problem": f"the comparison shown is not with the version in force ({facts['to']} ≠ {facts['current']})"
        }
    return {
        "from_html": facts["ready"] - facts["html"],
        "from_dcl": facts["ready"] - facts["dcl"],
        "units": facts["units"],
        "data_kb": facts["data"] / 1024,
        "data_files": facts["files"],
    }


@contextlib.contextmanager
def served(site: Path):
    """`site` over HTTP on a free port of 127.0.0.1 (yields the base URL), every answer
    `Cache-Control: no-store`, so that each run loads what the site holds."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


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


TITLE = "# Benchmark results (bench/run.py)"
WORST = "## Worst case: every clause changes in every version"
COMPARE = "## The compare page: size and time to ready"
IMPORT = "## Importing a history (bench/importing.py)"
#: What a MISS says until someone writes why into bench/results.md; a later run keeps what they wrote.
NO_REASON = "_reason: to be written_"


def split_sections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """results.md as its head (before the first `## `) and its sections: (heading line, whole text)."""
    parts = re.split(r"(?m)^(?=## )", text)
    head, sections = parts[0], []
    for part in parts[1:]:
        sections.append((part.split("\n", 1)[0].strip(), part.rstrip("\n") + "\n"))
    return head, sections


def merged(old: str, head: str | None, new: dict[str, str]) -> str:
    """results.md: `head` (None: the old one) and the sections of this run (by heading) in place
    of the old ones; the old sections this run did not measure (skipped, or written by hand)
    stay, in their order, after the new ones."""
    old_head, old_sections = split_sections(old)
    out = [(head if head is not None else old_head or TITLE + "\n").rstrip("\n") + "\n"]
    out += [text.rstrip("\n") + "\n" for text in new.values()]
    out += [text for heading, text in old_sections if heading not in new]
    return "\n".join(out)


def old_reasons(text: str) -> dict[str, str]:
    """The reasons written in results.md for targets that missed: {target: reason}."""
    reasons = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[3] == "MISS" and cells[4] and cells[4] != NO_REASON:
            reasons[cells[0]] = cells[4]
    return reasons


def with_reasons(text: str, reasons: dict[str, str]) -> str:
    """`text` with each MISS row's placeholder replaced by the reason written before for its target."""

    def fill(match: re.Match) -> str:
        return match.group(1) + reasons.get(match.group(2).strip(), NO_REASON) + " |"

    return re.sub(rf"(?m)^(\| ([^|]+) \|.*\| MISS \| ){re.escape(NO_REASON)} \|$", fill, text)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "MISS"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def num(x: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


Check = tuple[str, float | None, str, Callable[[float], bool], str]  # what, value, goal, test, why n/a


def target_table(checks: list[Check]) -> list[str]:
    """The targets as a table: a MISS gets a reason (a placeholder until one is written), a
    target that was not measured says why."""
    lines = ["| target | value | goal | result | reason |", "|---|---:|---:|---|---|"]
    for what, value, goal, test, missing in checks:
        ok = None if value is None else test(value)
        reason = missing if ok is None else "" if ok else NO_REASON
        shown = num(value, "{:.0f}" if what.endswith("MB") else "{:.2f}")
        lines.append(f"| {what} | {shown} | {goal} | {verdict(ok)} | {reason} |")
    return lines


def targets(rows: dict[str, Row], compare: dict | None, baseline: float | None, skip: set[str]) -> list[Check]:
    """The issue's targets, then the earlier ones that still hold."""
    ours = rows["ours"]
    V, half, big = ours.versions, rows["ours V/2"], rows["ours 2V"]
    serve = rows.get("serve rebuild")
    ready = None
    if compare and compare["ready"]:
        ready = statistics.median(t["from_html"] for t in compare["ready"]) / 1000
    why_compare = "skipped (--skip compare)" if "compare" in skip else (compare or {}).get("problem", "")
    wall = lambda name: rows[name].wall if name in rows else None  # noqa: E731
    return [
        (f"rebuild of the same commit / cold build (V={V})", ratio(wall("rebuild"), ours.wall), "≤ 0.15",
         lambda x: x <= 0.15, ""),
        (f"rebuild after one new version / cold build (V={V})", ratio(wall("new version"), ours.wall), "≤ 0.3",
         lambda x: x <= 0.3, ""),
        (f"peak RSS({big.versions}) / RSS({half.versions}), cold", ratio(big.rss, half.rss), "≤ 1.25",
         lambda x: x <= 1.25, ""),
        (f"serve: an edit on screen at V={serve.versions if serve else V}, s", serve.wall if serve else None, "< 1",
         lambda x: x < 1, "skipped (--skip serve)" if not serve else "every edit gave up after 120 s"),
        (f"compare page ready after its HTML loaded at V={V}, s", ready, "< 1", lambda x: x < 1, why_compare),
        (f"time({big.versions}) / time({V}), cold", ratio(big.wall, ours.wall), "≤ 2.2", lambda x: x <= 2.2, ""),
        (f"cold build / the previous run's (V={V})", ratio(ours.wall, baseline),
         f"≤ 1.10 ({num(baseline)} s)", lambda x: x <= 1.10, "no previous run at this size (--baseline SECONDS)"),
        ("ours / floor", ratio(ours.wall, wall("floor")), "≤ 1.5", lambda x: x <= 1.5, "skipped (--skip floor)"),
        ("per-version / ours", ratio(wall("per-version"), ours.wall), "≥ 20", lambda x: x >= 20,
         "skipped (--skip per-version)"),
        (f"peak RSS of a cold build at V={V}, MB", ours.rss, "< 500", lambda x: x < 500, ""),
    ]  # fmt: skip


def machine() -> str:
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        models = [l for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")]
        cpu = models[0].split(":", 1)[1].strip() if models else ""
    return f"{os.cpu_count()} cores ({cpu or platform.processor()}), Python {platform.python_version()}, {platform.system()}"


def report(rows: dict[str, Row], checks: list[Check], args, elapsed: float) -> str:
    lines = [TITLE, "", "| case | V | L | wall s (median) | CPU s | peak RSS MB | notes |"]
    lines.append("|---|---:|---:|---:|---:|---:|---|")
    for r in rows.values():
        lines.append(
            f"| {r.case} | {r.versions} | {r.langs} | {num(r.wall)} | {num(r.cpu)} "
            f"| {num(r.rss, '{:.0f}')} | {r.notes} |"
        )
    lines += ["", *target_table(checks)]
    lines += [
        "",
        f"Run on {dt.date.today().isoformat()}: {machine()}; `bench/run.py{' ' + ' '.join(args.argv) if args.argv else ''}`; "
        f"S={args.sections} sections x C={args.clauses} clauses, {args.repeat} run(s) per case, "
        f"{elapsed / 60:.1f} min for these cases. Cold: `.cache/policykit` deleted before the build; warm: kept from the build "
        f"before. A MISS names its reason in the last column.",
    ]
    return "\n".join(lines) + "\n"


def compare_report(result: dict, args) -> str:
    lines = [COMPARE, "", "| file | raw kB | gzip kB |", "|---|---:|---:|"]
    lines += [f"| `/{name}` | {raw / 1024:.1f} | {packed / 1024:.1f} |" for name, raw, packed in result["sizes"]]
    lines += ["", "| in Chromium, ms | median | min–max |", "|---|---:|---:|"]
    ready = result["ready"]
    for key, what in [
        ("from_html", "ready after the HTML loaded"),
        ("from_dcl", "ready after DOMContentLoaded"),
        ("parsed", "DOMContentLoaded after the HTML loaded (the page's blocking styles and scripts)"),
    ]:
        values = [t["from_html"] - t["from_dcl"] if key == "parsed" else t[key] for t in ready]
        shown = f"{statistics.median(values):.0f} | {min(values):.0f}–{max(values):.0f}" if values else "– | –"
        lines.append(f"| {what} | {shown} |")
    facts = (
        f" It showed {ready[-1]['units']} changed units and had fetched {ready[-1]['data_kb']:.0f} kB of JSON "
        f"when it was ready: {', '.join(ready[-1]['data_files']) or 'none'}."
        if ready
        else f" Not timed: {result['problem']}."
    )
    lines += [
        "",
        f"Measured on {dt.date.today().isoformat()} on the cold build at V={result['versions']} (S={args.sections} x "
        f"C={args.clauses}, L={result['langs']}); gzip -9. In Chromium (headless, a new context per run, "
        f"{args.repeat} run(s), served over local HTTP with `Cache-Control: no-store`): /compare/?from=1.0, the "
        f"first version against the one in force; ready when the form's menus and button can be used and the "
        f"comparison's heading and a unit's redline are shown, at the frame after.{facts}",
    ]
    return "\n".join(lines) + "\n"


def run_import(args) -> str:
    """bench/importing.py in a child (its progress on our stderr); its report as our section."""
    cmd = [sys.executable, str(HERE / "importing.py"), "--python", str(args.python)]
    cmd += ["--quick"] if args.quick else ["--both", "--out", str(HERE / "importing.md")]
    print(f"import: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    said = done.stdout.strip() or "(it printed nothing)"
    if done.returncode != 0:
        said += f"\n\nThe import benchmark failed (exit {done.returncode}): its log is above this run's report."
    return f"{IMPORT}\n\n{said}\n"


def previous_cold(old: str, versions: int, langs: int) -> float | None:
    """The cold build's median wall time at this size in the results.md this run replaces."""
    found = re.search(rf"(?m)^\| ours \| {versions} \| {langs} \| ([0-9.]+) \|", old)
    return float(found.group(1)) if found else None


def worst_targets(rows: list[dict]) -> list[Check]:
    """Doubling the versions at most doubles (x 2.2) the site, the CPU time and the memory; the
    largest archived page does not grow with them."""
    small, big = rows[-2], rows[-1]
    v, w, first = small["versions"], big["versions"], rows[0]
    return [
        (f"site size({w}) / size({v})", big["bytes"] / small["bytes"], "≤ 2.2", lambda x: x <= 2.2, ""),
        (f"CPU time({w}) / time({v})", big["cpu"] / small["cpu"], "≤ 2.2", lambda x: x <= 2.2, ""),
        (f"peak RSS({w}) / RSS({v})", big["rss"] / small["rss"], "≤ 2.2", lambda x: x <= 2.2, ""),
        (
            f"largest archived page at V={w} / at V={first['versions']}",
            big["archive"] / first["archive"],
            "≤ 1.1",
            lambda x: x <= 1.1,
            "",
        ),
    ]


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
    lines += ["", *target_table(worst_targets(rows))]
    lines += [
        "",
        f"Run on {dt.date.today().isoformat()}: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"bench/generate.py --every-clause (every version after the first rewords every clause and "
        f"sub-clause), S={args.sections} x C={args.clauses}, L={args.languages}; cold builds, "
        f"{args.worst_repeat} run(s) per size, {elapsed / 60:.1f} min. CPU time is judged, not wall "
        f"time, which the machine's other load inflates.",
    ]
    return "\n".join(lines) + "\n"


def svg_chart(rows: dict[str, Row]) -> str:
    """Horizontal bars of the median wall time per case, hand-written SVG."""
    shown = [r for r in rows.values() if r.wall is not None]
    top = max(r.wall for r in shown)
    width, label_w, bar_w, bar_h, gap = 760, 250, 380, 22, 14
    height = 60 + len(shown) * (bar_h + gap) + 20
    colours = {
        "ours": "#1f6fb2",
        "rebuild": "#6aa84f",
        "new version": "#6aa84f",
        "floor": "#7a7a7a",
        "per-version": "#c0560b",
        "serve rebuild": "#2e8540",
        "serve floor": "#7a7a7a",
    }
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
    p.add_argument("--serve-versions", type=int, help="versions of the serve case (default: --versions)")
    p.add_argument("--l5-versions", type=int, default=20)
    p.add_argument(
        "--quick", action="store_true", help="smoke run: V=20, 1 run, small worst case and import; results not saved"
    )
    p.add_argument("--skip", default="", help=f"parts to leave out, comma-separated: {', '.join(PARTS)}")
    p.add_argument("--baseline", type=float, help="the cold build's seconds to compare with (default: results.md's)")
    p.add_argument("--out", type=Path, help="where results.md/.svg go (default bench/; --quick: the temp dir)")
    p.add_argument("--python", type=Path, default=measure.DEFAULT_PYTHON)
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument(
        "--worst-case",
        action="store_true",
        help="only the worst case for history lines (every clause changes in every version)",
    )
    p.add_argument("--worst-versions", help="its sizes, comma-separated (default 60,120,240; --quick: 6,12,24)")
    p.add_argument("--worst-repeat", type=int, default=1, help="runs per size of the worst case")
    args = p.parse_args(argv)
    args.argv = argv
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(PARTS):
        p.error(f"--skip: unknown part(s) {', '.join(sorted(skip - set(PARTS)))}; the parts: {', '.join(PARTS)}")
    if args.quick:
        args.versions, args.repeat, args.sample, args.l5_versions = 20, 1, 3, 10
        args.worst_versions = args.worst_versions or "6,12,24"
    if args.worst_case:
        skip = set(PARTS) - {"worst-case"}
    sizes = sorted(int(v) for v in (args.worst_versions or "60,120,240").split(","))
    if "worst-case" not in skip and len(sizes) < 2:
        p.error("--worst-versions: name at least two sizes, such as 60,120,240")
    if os.environ.get("POLICYKIT_CACHE"):
        print(f"note: POLICYKIT_CACHE={os.environ['POLICYKIT_CACHE']} is set for every build", file=sys.stderr)
    start = time.perf_counter()
    measure.become_subreaper()
    byte_compile(args.python)
    work = Path(tempfile.mkdtemp(prefix="policy-run-"))
    bench = Bench(args, work)
    out = args.out or (work if args.quick else HERE)
    old = (out / "results.md").read_text(encoding="utf-8") if (out / "results.md").is_file() else ""
    with _work_folder(bench, work, args.keep):
        head, sections, rows = None, {}, {}
        if not args.worst_case:
            rows, compare = builds(bench, args, skip)
            baseline = args.baseline or previous_cold(old, args.versions, args.languages)
            head = report(rows, targets(rows, compare, baseline, skip), args, time.perf_counter() - start)
            if compare:
                sections[COMPARE] = compare_report(compare, args)
        if "worst-case" not in skip:
            began = time.perf_counter()
            sections[WORST] = worst_report(bench.worst_case(sizes, args.languages), args, time.perf_counter() - began)
        if "import" not in skip:
            sections[IMPORT] = run_import(args)
        reasons = old_reasons(old)
        text = with_reasons("\n".join(([head] if head else []) + list(sections.values())), reasons)
        print(text)
        (out / "results.md").write_text(with_reasons(merged(old, head, sections), reasons), encoding="utf-8")
        if rows:
            (out / "results.svg").write_text(svg_chart(rows), encoding="utf-8")
        bench.log(
            f"wrote {out / 'results.md'}{' and results.svg' if rows else ''}"
            f"{' (removed at exit; --keep keeps them)' if out == work and not args.keep else ''}; "
            f"{(time.perf_counter() - start) / 60:.1f} min in all"
        )


def byte_compile(python: Path) -> None:
    """The package's modules byte-compiled, as pip installs a package: an editable install run
    where PYTHONDONTWRITEBYTECODE is set (as on some CI machines) compiles every module again
    in every build, about 0.3 s that no deployment of an installed package pays."""
    code = "import compileall, os, policykit; compileall.compile_dir(os.path.dirname(policykit.__file__), quiet=1)"
    subprocess.run([str(python), "-c", code], check=False)


def builds(bench: Bench, args, skip: set[str]) -> tuple[dict[str, Row], dict | None]:
    """The build cases, serve and the compare page: their rows, and the compare page's facts."""
    V, L = args.versions, args.languages
    repo = bench.repo(V, L)
    base = git_head(repo)

    def new_version():
        label = generate.append_version(repo, args.sections, args.clauses, L, args.seed)
        bench.log(f"  committed version {label}")

    site, kept = bench.work / "site-ours", bench.work / "site-compare"

    def keep_site():  # the cold build's site at V, for the compare page: the next builds replace it
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(site, kept)

    # The three build into one folder, as a deployment does: the cache's key may not depend on it.
    cases = [
        Case("ours", repo, V, L, site=site.name, after=keep_site),
        Case("rebuild", repo, V, L, warm=True, site=site.name),
        Case(
            "new version",
            repo,
            V + 1,
            L,
            warm=True,
            before=new_version,
            after=lambda: back_to(repo, base),
            site=site.name,
        ),
    ]
    if "floor" not in skip:
        # Plain MkDocs' output is not a site our build wrote: ours would refuse to replace it.
        cases.append(Case("floor", bench.export_floor(V, L), V, L, site="site-floor"))
    cases += [Case("ours V/2", bench.repo(V // 2, L), V // 2, L), Case("ours 2V", bench.repo(2 * V, L), 2 * V, L)]
    found = bench.rounds(cases)
    order = ["ours", "rebuild", "new version", "floor", "per-version", "ours V/2", "ours 2V"]
    if "per-version" not in skip:
        found["per-version"] = bench.per_version(V, L)
    rows = {name: found[name] for name in order if name in found}
    if "l5" not in skip:
        rows.update(bench.rounds([Case("ours L=5", bench.repo(args.l5_versions, 5), args.l5_versions, 5)]))
    if "serve" not in skip:
        versions = args.serve_versions or V
        rows["serve rebuild"] = bench.serve(bench.repo(versions, L), versions, L)
        # The least a rebuild under `mkdocs serve` costs with MkDocs, Material and i18n: a
        # history of two versions, every language rebuilt, and the server's polling.
        rows["serve floor"] = bench.serve(bench.repo(2, L), 2, L, "serve floor")
    compare = None if "compare" in skip else bench.compare(kept, V, L)
    return rows, compare


def git_head(repo: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def back_to(repo: Path, commit: str) -> None:
    """The repository as it was at `commit` (the version added for a case taken away again)."""
    subprocess.run(["git", "reset", "-q", "--hard", commit], cwd=repo, check=True)


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
