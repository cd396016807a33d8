"""How long `policy import --history` takes on long histories, against a cold strict build.

Run (from the repository's root; `make bench` runs it with --both, as part of bench/run.py; about 3
minutes on 2 cores):

    .venv/bin/python bench/importing.py            # the three cases at two sizes each; writes bench/importing.md
    .venv/bin/python bench/importing.py --quick    # small sizes for the inner loop (under a minute); not saved
    .venv/bin/python bench/importing.py --case terms --plain --keep

Each case is a source repository made here with real git (`git fast-import`, pinned dates, one
file, first-parent history), imported by the real command (`policy import --history SRC:FILE
--language en` in a fresh child process) into a new site (mkdocs.yml with the i18n plugin and
policykit, one commit), then built once cold (`mkdocs build --strict`, a fresh child):

  terms      a terms of service of about 11,000 words in 109 commits, in the shape such texts
             take: a setext title (underlined with === in the early years, --- later), a
             "Last Updated:" line, an unnumbered preamble headed "The Gist", sections written
             `## 1\\. Who's Who` (the escape pandoc and document exports write), lettered
             sub-sections `### a. Fees` with bullet lists, and a few commits that insert a
             section (renumbering those after it). --plain: the same history written with
             `# Title`, `## 1. Who's Who` and clauses `a. **Fees.** ...` (a shape every
             version of the splitter reads), to measure the import apart from the reading.
  renumber   200 commits of 20 sections x 10 clauses (~50 kB): each commit rewords one
             clause, and every other commit also inserts a clause into a section (shifting the
             labels of every clause after it) or removes one.
  every      every clause of 20 x 10 reworded in every commit.

Each case runs at its size and at half of it (the first half of the same history), so that
seconds per commit at the two sizes show whether the import is linear in commits. For each
run: commits, versions the site got, commits skipped (as the report's last line says),
seconds (wall), CPU seconds (the child and its descendants), peak memory (ru_maxrss of the
child, from os.wait4), seconds per commit and, at the full size, seconds per commit of the
second half (what the commits past half cost: the start-up of the command left out), and the
ratio to one cold `mkdocs build --strict` of the imported site. Targets: each import under 60 s, seconds per commit at the full size at
most 1.5x that at half (linear), import at most 2x the strict build. A MISS is a result, and
so is a failed import or strict build (its log's end printed, its first error in the table):
the run goes on, exit 0.

Progress goes to stderr: a line per step, and on a terminal a live count of seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_PYTHON = ROOT / ".venv" / "bin" / "python"
EPOCH_2026 = "1767225600"  # 2026-01-01T00:00:00Z: after every generated commit
MB = 2**20

WORDS = [
    "account",
    "service",
    "content",
    "website",
    "payment",
    "renewal",
    "refund",
    "domain",
    "plan",
    "upgrade",
    "storage",
    "backup",
    "license",
    "copyright",
    "notice",
    "termination",
    "warranty",
    "liability",
    "indemnity",
    "dispute",
    "arbitration",
    "law",
    "court",
    "privacy",
    "data",
    "cookie",
    "email",
    "address",
    "user",
    "visitor",
    "member",
    "owner",
    "contributor",
    "theme",
    "plugin",
    "feature",
    "subscription",
    "fee",
    "tax",
    "invoice",
    "credit",
    "card",
    "currency",
    "price",
    "period",
    "term",
    "agreement",
    "policy",
    "rule",
    "guideline",
    "report",
    "abuse",
    "spam",
    "malware",
    "security",
    "password",
    "access",
    "right",
    "obligation",
    "limit",
    "damage",
    "loss",
    "claim",
    "party",
    "notice",
    "change",
    "update",
    "version",
    "consent",
    "request",
    "support",
    "team",
    "partner",
    "vendor",
    "region",
    "country",
    "jurisdiction",
    "language",
    "translation",
    "summary",
    "section",
    "clause",
    "item",
]
VERBS = [
    "may use",
    "will keep",
    "must provide",
    "shall remove",
    "can change",
    "may suspend",
    "will notify",
    "must accept",
    "may share",
    "will refund",
    "shall apply",
    "can cancel",
    "may review",
    "will protect",
    "must report",
    "may charge",
]
TOPICS = [
    "Who’s Who",
    "Your Account",
    "Minimum Age Requirements",
    "Responsibility of Visitors and Users",
    "Fees, Payment, and Renewal",
    "Feedback",
    "General Representation and Warranty",
    "Copyright Infringement",
    "Intellectual Property",
    "Third-Party Services",
    "Changes",
    "Termination",
    "Disclaimers",
    "Jurisdiction and Applicable Law",
    "Limitation of Liability",
    "Indemnification",
    "Arbitration Agreement",
    "US Economic Sanctions",
    "Translation",
    "Miscellaneous",
    "Domains",
    "Advertising",
    "Content Removal",
    "Security",
    "Export Controls",
    "Notices",
    "Assignment",
    "Severability",
    "Waiver",
    "Entire Agreement",
]
SUBTOPICS = ["Fees", "Automatic Renewal", "Refunds", "Taxes", "Payment Methods", "Price Changes", "Trials", "Credits"]


def sentence(rng: random.Random, words: int = 16) -> str:
    body = [rng.choice(WORDS) for _ in range(words)]
    body.insert(2, rng.choice(VERBS))
    return " ".join(body).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def reword(rng: random.Random, text: str) -> str:
    """The text with one word replaced (a wording change, as most commits of a policy make)."""
    words = text.split(" ")
    n = rng.randrange(len(words))
    tail = "." if words[n].endswith(".") else ""
    words[n] = rng.choice(WORDS) + tail
    return " ".join(words)


# The histories: a list of (ISO date with zone, subject, text) ---------------------------------


def dates(count: int, start: dt.datetime, step_days: int):
    """`count` commit dates, `step_days` apart, in the afternoon of a -07:00 zone (so that a
    commit's own day is not its UTC day)."""
    zone = dt.timezone(dt.timedelta(hours=-7))
    for n in range(count):
        yield (start + dt.timedelta(days=step_days * n)).replace(hour=17, minute=2, tzinfo=zone)


@dataclass
class Terms:
    """The terms of service as one commit has it: sections of paragraphs or of lettered
    sub-sections with bullets."""

    preamble: list[str]
    sections: list[tuple[str, list]]  # (title, [paragraph] or [(subtitle, intro, [bullet])])

    def render(self, when: dt.datetime, era: int, plain: bool) -> str:
        day = f"{when:%B} {when.day}, {when.year}"
        if plain:
            out = ["# Terms of Service", "", f"Last Updated: {day}", "", "## The Gist", ""]
        else:
            out = [
                "Terms of Service",
                "=" * 16 if era == 0 else "-" * 16,
                "",
                f"**Last Updated: {day}**",
                "",
                "### The Gist",
                "",
            ]
        for text in self.preamble:
            out += [text, ""]
        for number, (title, body) in enumerate(self.sections, 1):
            out += [f"## {number}. {title}" if plain else f"## {number}\\. {title}", ""]
            for n, part in enumerate(body):
                if isinstance(part, str):
                    out += [part, ""]
                    continue
                subtitle, intro, bullets = part
                label = chr(ord("a") + n)
                out += [f"{label}. **{subtitle}.** {intro}" if plain else f"### {label}. {subtitle}", ""]
                if not plain:
                    out += [intro, ""]
                out += [f"- {bullet}" for bullet in bullets] + [""]
        return "\n".join(out)


def terms_history(commits: int, seed: int = 0, plain: bool = False) -> list[tuple[str, str, str]]:
    """A terms of service of about 11,000 words growing over `commits` commits: most reword a
    few sentences; every 9th adds a bullet or a paragraph; every 25th inserts a section (the
    sections after it are renumbered); the title's underline changes style after the 60th."""
    rng = random.Random(seed)
    sections = []
    for n in range(18):
        if n % 4 == 2:
            body = [
                (sub, paragraph(rng, 3), [sentence(rng, 18) for _ in range(rng.randrange(4, 7))])
                for sub in SUBTOPICS[: rng.randrange(4, 7)]
            ]
        else:
            body = [paragraph(rng, rng.randrange(4, 7)) for _ in range(rng.randrange(4, 7))]
        sections.append((TOPICS[n], body))
    terms = Terms([paragraph(rng, 3), paragraph(rng, 2)], sections)
    history = []
    for n, when in enumerate(dates(commits, dt.datetime(2016, 3, 1), 14)):
        if n:
            subject = "Update EN-Terms-of-Service.md"
            for _ in range(rng.randrange(1, 4)):
                title, body = rng.choice(terms.sections)
                k = rng.randrange(len(body))
                if isinstance(body[k], str):
                    body[k] = reword(rng, body[k])
                else:
                    sub, intro, bullets = body[k]
                    bullets[rng.randrange(len(bullets))] = reword(rng, rng.choice(bullets))
            if n % 9 == 0:
                title, body = rng.choice(terms.sections)
                if isinstance(body[-1], str):
                    body.append(paragraph(rng, 2))
                else:
                    body[-1][2].append(sentence(rng, 18))
                subject = f"Add to {title}"
            if n % 25 == 0 and len(terms.sections) < len(TOPICS):
                title = TOPICS[len(terms.sections)]
                terms.sections.insert(
                    rng.randrange(1, len(terms.sections)), (title, [paragraph(rng, 3) for _ in range(3)])
                )
                subject = f"New section: {title}"
        else:
            subject = "Terms of Service"
        history.append((when.isoformat(), subject, terms.render(when, int(n >= 60), plain)))
    return history


def clauses_text(sections: list[list[str]], when: dt.datetime) -> str:
    out = ["# Service Agreement", "", f"Last updated: {when:%Y-%m-%d}", ""]
    for number, clauses in enumerate(sections, 1):
        out += [f"## {number}. {TOPICS[number % len(TOPICS)]}", ""]
        for n, clause in enumerate(clauses):
            out += [f"{chr(ord('a') + n)}. {clause}", ""]
    return "\n".join(out)


def clauses_history(
    commits: int, sections: int = 20, clauses: int = 10, seed: int = 0, every: bool = False
) -> list[tuple[str, str, str]]:
    """`sections` x `clauses` clauses of ~40 words (~50 kB at 20 x 10). every=False: each commit
    rewords one clause, and every other commit inserts a clause (the later labels of its section
    shift) or removes one, in turn. every=True: each commit rewords every clause."""
    rng = random.Random(seed)
    text = [[f"{sentence(rng, 18)} {sentence(rng, 18)}" for _ in range(clauses)] for _ in range(sections)]
    history = []
    for n, when in enumerate(dates(commits, dt.datetime(2018, 1, 1), 7)):
        subject = "Service agreement"
        if n and every:
            text = [[reword(rng, clause) for clause in section] for section in text]
            subject = "Reword every clause"
        elif n:
            section = rng.choice(text)
            k = rng.randrange(len(section))
            section[k] = reword(rng, section[k])
            subject = f"Reword a clause of section {text.index(section) + 1}"
            if n % 4 == 1:
                section = rng.choice([s for s in text if len(s) < 20])
                section.insert(rng.randrange(len(section)), f"{sentence(rng, 18)} {sentence(rng, 18)}")
                subject = f"New clause in section {text.index(section) + 1}"
            elif n % 4 == 3:
                section = rng.choice([s for s in text if len(s) > 3])
                del section[rng.randrange(len(section))]
                subject = f"A clause of section {text.index(section) + 1} removed"
        history.append((when.isoformat(), subject, clauses_text(text, when)))
    return history


CASES = {  # name -> (file in the source, full size, quick size, history(commits, plain))
    "terms": ("Terms of Service/EN-Terms-of-Service.md", 109, 16, lambda n, plain: terms_history(n, plain=plain)),
    "renumber": ("agreement.md", 200, 24, lambda n, plain: clauses_history(n)),
    "every": ("agreement.md", 100, 10, lambda n, plain: clauses_history(n, every=True)),
}


# Repositories -------------------------------------------------------------------------------


def git(*args: str, cwd: Path, data: bytes | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace").strip()


def make_source(path: Path, name: str, history: list[tuple[str, str, str]]) -> None:
    """A repository whose main branch has one commit per entry, each writing `name` (git
    fast-import: one process, dates as given)."""
    path.mkdir(parents=True)
    git("init", "--quiet", "--initial-branch=main", cwd=path)
    stream = bytearray()
    for n, (date, subject, text) in enumerate(history):
        when = dt.datetime.fromisoformat(date)
        offset = when.strftime("%z")
        stamp = f"{int(when.timestamp())} {offset}"
        data, message = text.encode("utf-8"), subject.encode("utf-8")
        stream += f"commit refs/heads/main\nmark :{n + 1}\n".encode()
        stream += (
            f"author Ann Author <ann@example.org> {stamp}\ncommitter Ann Author <ann@example.org> {stamp}\n".encode()
        )
        stream += f"data {len(message)}\n".encode() + message + b"\n"
        if n:
            stream += f"from :{n}\n".encode()
        quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        stream += f"M 100644 inline {quoted}\ndata {len(data)}\n".encode() + data + b"\n"
    git("fast-import", "--quiet", cwd=path, data=bytes(stream))
    git("checkout", "--quiet", "main", cwd=path)


def make_site(path: Path) -> None:
    """A new site: mkdocs.yml (the i18n plugin with English, policykit) and docs/, one commit."""
    path.mkdir(parents=True)
    git("init", "--quiet", "--initial-branch=main", cwd=path)
    mkdocs = {
        "site_name": "Policy",
        "site_url": "https://policy.example.org/",
        "theme": {"name": "material"},
        "plugins": [
            "search",
            {
                "i18n": {
                    "docs_structure": "folder",
                    "languages": [{"locale": "en", "name": "English", "build": True, "default": True}],
                }
            },
            "policykit",
        ],
    }
    (path / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs, sort_keys=False), encoding="utf-8")
    (path / "docs").mkdir()
    (path / "docs" / ".gitkeep").write_text("")
    (path / ".gitignore").write_text("site/\n.site.policy-building-*/\n")
    git("add", "--all", cwd=path)
    env = "-c", "user.name=Site", "-c", "user.email=site@example.org"
    git(*env, "commit", "--quiet", "-m", "Site scaffold", "--date", "2016-01-01T12:00:00+00:00", cwd=path)


# Timing a child -----------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    wall: float
    cpu: float
    rss: int  # bytes
    output: str


def timed(cmd: list[str], cwd: Path, log: Path, what: str) -> Run:
    """`cmd` as a child: wall time, CPU time of it and its descendants, its peak RSS (os.wait4);
    on a terminal, a live count of seconds on stderr."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH_2026}
    live = sys.stderr.isatty()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if live:
                print(f"\r  {what}: {time.perf_counter() - start:5.0f} s", end="", file=sys.stderr, flush=True)
            time.sleep(0.2)
        wall = time.perf_counter() - start
    if live:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    proc.returncode = os.waitstatus_to_exitcode(status)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(proc.returncode, wall, cpu, usage.ru_maxrss * 1024, log.read_text(encoding="utf-8", errors="replace"))


@dataclass
class Row:
    case: str
    commits: int
    versions: int
    skipped: int
    run: Run
    build: Run | None = None
    problem: str = ""  # a failed import or build, in a line

    @property
    def per_commit(self) -> float:
        return self.run.wall / self.commits


def last_error(output: str) -> str:
    """The first ERROR line of a log (else its last line), shortened: what the table says."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    found = next((line for line in lines if line.startswith("ERROR")), lines[-1] if lines else "")
    return found[:160].replace("|", "\\|")


#: What a MISS says until someone writes why (bench/run.py keeps what was written in results.md).
NO_REASON = "_reason: to be written_"

#: The report's last line: "Imported 40 version(s) in 40 commit(s); 0 commit(s) skipped; ...".
SKIPPED_RE = re.compile(r"([0-9]+) commit\(s\) skipped")


def import_case(name: str, commits: int, work: Path, python: Path, plain: bool, build: bool) -> Row:
    """Generate the case's source at `commits` commits, import it into a new site, and (with
    `build`) build the site cold and strict."""
    file, _, _, history = CASES[name]
    tag = f"{name}{'-plain' if plain else ''}-{commits}"
    source, site = work / f"source-{tag}", work / f"site-{tag}"
    start = time.perf_counter()
    made = history(commits, plain)
    make_source(source, file, made)
    make_site(site)
    words = len(made[-1][2].split())
    log(f"{tag}: source of {commits} commits, {words:,} words in the last, made in {time.perf_counter() - start:.1f} s")
    policy = python.parent / "policy"
    run = timed(
        [str(policy), "import", "--history", f"{source}:{file}", "--language", "en", "--into", str(site)],
        site,
        work / f"{tag}-import.log",
        f"{tag}: importing",
    )
    if run.returncode != 0:
        log(f"{tag}: the import failed (exit {run.returncode}); the end of its log:\n{run.output[-3000:]}")
        return Row(tag, commits, 0, 0, run, problem=f"the import failed: {last_error(run.output)}")
    versions = int(git("rev-list", "--count", "HEAD", "--", "policy/policy.yml", cwd=site) or 0)
    said = SKIPPED_RE.search(run.output)
    skipped = int(said.group(1)) if said else 0
    log(
        f"{tag}: imported {versions} versions in {run.wall:.1f} s ({run.cpu:.1f} s CPU, {run.rss / MB:.0f} MB), "
        f"{run.wall / commits:.3f} s per commit"
    )
    row = Row(tag, commits, versions, skipped, run)
    if build:
        row.build = timed(
            [str(python), "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "built")],
            site,
            work / f"{tag}-build.log",
            f"{tag}: building",
        )
        if row.build.returncode != 0:
            log(
                f"{tag}: `mkdocs build --strict` of the imported site failed; the end of its log:\n"
                f"{row.build.output[-3000:]}"
            )
            row.problem = f"the strict build failed: {last_error(row.build.output)}"
        log(f"{tag}: cold strict build {row.build.wall:.1f} s ({row.build.cpu:.1f} s CPU)")
        shutil.rmtree(work / "built", ignore_errors=True)
    return row


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# The report ---------------------------------------------------------------------------------


def half_of(row: Row, rows: list[Row]) -> Row | None:
    """The run of the same case at half the commits."""
    return next((h for h in rows if h is not row and h.case.rsplit("-", 1)[0] == row.case.rsplit("-", 1)[0]), None)


def tables(rows: list[Row]) -> str:
    lines = [
        "| case | commits | versions | skipped | import s | CPU s | peak MB | s per commit | s per commit, "
        "second half | strict build s | import / build |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        half = half_of(r, rows) if r.build else None
        marginal = f"{(r.run.wall - half.run.wall) / (r.commits - half.commits):.3f}" if half else "–"
        built = f"{r.build.wall:.1f} | {r.run.wall / r.build.wall:.2f}" if r.build and not r.problem else "– | –"
        lines.append(
            f"| {r.case} | {r.commits} | {r.versions} | {r.skipped} | {r.run.wall:.1f} | {r.run.cpu:.1f} "
            f"| {r.run.rss / MB:.0f} | {r.per_commit:.3f} | {marginal} | {built} |"
        )
    lines += ["", "| target | value | goal | result | reason |", "|---|---:|---:|---|---|"]
    for r in [r for r in rows if r.build]:
        half = half_of(r, rows)
        checks = [(f"{r.case}: import s", r.run.wall, 60, "< 60")]
        if half:
            checks.append(
                (f"{r.case}: s per commit / at {half.commits} commits", r.per_commit / half.per_commit, 1.5, "≤ 1.5")
            )
        if not r.problem:
            checks.append((f"{r.case}: import / cold strict build", r.run.wall / r.build.wall, 2, "≤ 2"))
        for what, value, goal, shown in checks:
            result = "PASS | " if value <= goal else f"MISS | {NO_REASON}"
            lines.append(f"| {what} | {value:.2f} | {shown} | {result} |")
    failed = [f"- {r.case}: {r.problem}" for r in rows if r.problem]
    return "\n".join(lines + (["", "Failed (measured as far as they went):", *failed] if failed else []))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (under a minute); results not saved")
    parser.add_argument("--case", choices=list(CASES), action="append", help="only this case (repeatable)")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="terms: `## 1.` headings instead of the setext title, `1\\.` and `### a.` sub-sections",
    )
    parser.add_argument("--both", action="store_true", help="terms: both shapes")
    parser.add_argument("--python", type=Path, default=DEFAULT_PYTHON, help="the Python with mkdocs and policykit")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories and logs")
    parser.add_argument("--out", type=Path, default=HERE / "importing.md")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="policy-bench-import-"))
    began, rows = time.perf_counter(), []
    try:
        for name in args.case or list(CASES):
            shapes = [False, True] if name == "terms" and args.both else [args.plain and name == "terms"]
            for plain in shapes:
                size = CASES[name][2 if args.quick else 1]
                for commits, build in ((size // 2, False), (size, True)):
                    rows.append(import_case(name, commits, work, args.python, plain, build))
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report = tables(rows)
    print(report)
    minutes = (time.perf_counter() - began) / 60
    footer = (
        f"Run on {dt.date.today()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; `bench/importing.py{' --quick' if args.quick else ''}`, one run per size, "
        f"whole run {minutes:.1f} min. Wall time: the machine's other load inflates it (compare CPU s)."
    )
    footer += (
        " terms: the shape such texts take (setext title, `1\\.`, `### a.` sub-sections with bullets);"
        " terms-plain: the same history in `## 1.` headings and `a.` clauses. renumber: 20 x 10 clauses,"
        " a clause inserted or removed every other commit. every: 20 x 10, every clause reworded in"
        " every commit. The half size is the first half of the same history."
    )
    print(f"\n{footer}")
    if not args.quick:
        args.out.write_text(f"# Importing a history (bench/importing.py)\n\n{report}\n\n{footer}\n", encoding="utf-8")
        log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
