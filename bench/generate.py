"""Deterministic synthetic policy repositories for benchmarks: a git repo with V versions.

Run (from /work/main):

    .venv/bin/python bench/generate.py /tmp/policy-200 --versions 200 --sections 20 --clauses 10 --languages 2

or from Python: `from generate import generate; generate(path, versions=200, sections=20, ...)`.
`--append` (`append_version`) commits one more version to a repository made with the same
arguments: the benchmark's rebuild after a new version.

OUT (which must not exist, or be empty) becomes a git repository holding the site scaffold of
/work/main (mkdocs.yml with its i18n `languages:` rewritten for L languages: sv, en, de, fr, fi,
da, nb, nl, es, it; hooks/, docs/LANG/index.md) and policy/: policy.yml
plus policy/LANG/NN-slug.md in the authoring syntax of the editors' guide (docs/manual/editors.md). There is one commit
per version, labelled "1.0" ... "1.9", "2.0", ... (the major is bumped every ten versions), with
pinned dates: one week apart from 2020-01-06T10:00:00Z (closer together when V is so large that
weekly versions would reach 2026); `effective:` is the commit date + 7 days.

Each version after the first changes 2-4 wordings (the same sentences in every language: all
languages render one sequence of sentence tuples with the parallel word lists of bench/vocab.py),
and sometimes inserts a clause (`ca.` after `c.`), removes one (declared in `removed:`, with its sub-clauses)
or moves one to the end of another section (declared in `moved:`, values kept pointing at where
the clause lives now). Labels are never reused, so a declared id never comes back to life.
With `every=True` (--every-clause), the worst case for the pages that carry each unit's history:
each version after the first rewords every clause and sub-clause, and inserts, removes and moves
nothing. Everything is a function of the arguments and `seed`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from vocab import VOCAB  # noqa: E402  (bench/vocab.py: parallel word lists, one per language)

LANGS = ["sv", "en", "de", "fr", "fi", "da", "nb", "nl", "es", "it"]
NAMES = {
    "sv": "Svenska",
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "fi": "Suomi",
    "da": "Dansk",
    "nb": "Norsk bokmål",
    "nl": "Nederlands",
    "es": "Español",
    "it": "Italiano",
}
START = dt.datetime(2020, 1, 6, 10, 0, tzinfo=dt.timezone.utc)
LAST = dt.datetime(2025, 12, 1, 10, 0, tzinfo=dt.timezone.utc)  # latest commit date; + 7 days < 2026


def vocab(lang: str) -> dict:
    return VOCAB.get(lang, VOCAB["en"])  # da, nb, ... reuse the English words


def sentence(rng: random.Random) -> tuple:
    """A language-neutral sentence: indices into the parallel word lists (+ an optional second phrase)."""
    n = {k: len(VOCAB["en"][k]) for k in "SMVOP"}
    first = rng.randrange(n["P"])
    second = (first + rng.randrange(1, n["P"])) % n["P"] if rng.random() < 0.3 else None
    return (rng.randrange(n["S"]), rng.randrange(n["M"]), rng.randrange(n["V"]), rng.randrange(n["O"]), first, second)


def render_sentence(s: tuple, lang: str) -> str:
    w = vocab(lang)
    parts = dict(S=w["S"][s[0]], M=w["M"][s[1]], V=w["V"][s[2]], O=w["O"][s[3]], P=w["P"][s[4]])
    if s[5] is not None:
        parts["P"] += f" {w['also']} {w['P'][s[5]]}"
    text = " ".join(parts[k] for k in w["order"].split())
    return text[0].upper() + text[1:] + "."


def prose(sents: list, lang: str) -> str:
    return " ".join(render_sentence(s, lang) for s in sents)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words if len(words) <= 40 else words[:41].rsplit("-", 1)[0]


def section_title(k: int, lang: str) -> str:
    topics = vocab(lang)["topics"]
    if k < len(topics):
        return topics[k]
    return f"{topics[k % len(topics)]} {vocab(lang)['also']} {topics[(k * 7 + 3) % len(topics)].lower()}"


def successor(label: str) -> str:
    """The label after `label` at the end of a list: `j` -> `k`, `z` -> `za`, `cb` -> `cc`."""
    new = label + "a" if label[-1] == "z" else label[:-1] + chr(ord(label[-1]) + 1)
    assert len(new) <= 3, f"ran out of clause labels after {label!r}"
    return new


class Policy:
    """The evolving policy: sections of clauses of sentence tuples, and the anchor declarations."""

    def __init__(self, rng: random.Random, sections: int, clauses: int):
        self.rng = rng
        self.preamble = [sentence(rng) for _ in range(4)]
        self.sections = []
        for k in range(sections):
            sec = {"num": k + 1, "topic": k, "clauses": [], "used": set()}
            for i in range(clauses):
                sec["clauses"].append(self.new_clause(chr(ord("a") + i)))
                sec["used"].add(chr(ord("a") + i))
            self.sections.append(sec)
        self.moved: dict[str, str] = {}
        self.removed: list[str] = []

    def new_clause(self, label: str) -> dict:
        rng = self.rng
        subs = (
            [{"label": str(n), "sents": [sentence(rng)]} for n in range(1, rng.randint(2, 4) + 1)]
            if rng.random() < 0.2
            else []
        )
        return {"label": label, "sents": [sentence(rng) for _ in range(rng.randint(1, 3))], "subs": subs}

    def ids(self, sec: dict, clause: dict) -> list[str]:
        base = f"s{sec['num']}-{clause['label']}"
        return [base] + [f"{base}-{s['label']}" for s in clause["subs"]]

    def reword(self) -> str:
        """Change one sentence of a random clause or sub-clause; return its display label."""
        sec = self.rng.choice(self.sections)
        clause = self.rng.choice(sec["clauses"])
        unit, shown = clause, f"{sec['num']} {clause['label']}"
        if clause["subs"] and self.rng.random() < 0.4:
            unit = self.rng.choice(clause["subs"])
            shown += f" ({unit['label']})"
        i = self.rng.randrange(len(unit["sents"]))
        old = unit["sents"][i]
        while unit["sents"][i] == old:
            unit["sents"][i] = sentence(self.rng)
        return shown

    def reword_all(self) -> list[str]:
        """Change one sentence of every clause and sub-clause; return the first and last label."""
        shown = []
        for sec in self.sections:
            for clause in sec["clauses"]:
                for unit in [clause] + clause["subs"]:
                    i = self.rng.randrange(len(unit["sents"]))
                    old = unit["sents"][i]
                    while unit["sents"][i] == old:
                        unit["sents"][i] = sentence(self.rng)
                shown.append(f"{sec['num']} {clause['label']}")
        return [f"{shown[0]}–{shown[-1]}"]

    def insert(self) -> str | None:
        """Insert a clause after a random one, with an inserted label (`ca` after `c`)."""
        sec = self.rng.choice(self.sections)
        at = self.rng.randrange(len(sec["clauses"]))
        label = sec["clauses"][at]["label"] + "a"
        nxt = sec["clauses"][at + 1]["label"] if at + 1 < len(sec["clauses"]) else None
        if len(label) > 3 or label in sec["used"] or (nxt is not None and label >= nxt):
            return None
        sec["clauses"].insert(at + 1, self.new_clause(label))
        sec["used"].add(label)
        return f"{sec['num']} {label}"

    def remove(self) -> str | None:
        sec = self.rng.choice(self.sections)
        if len(sec["clauses"]) <= 2:
            return None
        clause = sec["clauses"].pop(self.rng.randrange(len(sec["clauses"])))
        self.removed.extend(self.ids(sec, clause))
        return f"{sec['num']} {clause['label']}"

    def move(self) -> tuple[str, str] | None:
        """Move a clause to the end of another section, under a label never used there."""
        src, dst = self.rng.sample(self.sections, 2)
        if len(src["clauses"]) <= 2:
            return None
        clause = src["clauses"].pop(self.rng.randrange(len(src["clauses"])))
        old_ids = self.ids(src, clause)
        clause["label"] = successor(max(dst["used"]))
        dst["used"].add(clause["label"])
        dst["clauses"].append(clause)
        for old, new in zip(old_ids, self.ids(dst, clause)):
            for key, value in self.moved.items():  # keep each value where the clause lives now
                if value == old:
                    self.moved[key] = new
            self.moved[old] = new
        return f"{src['num']} {old_ids[0].split('-')[1]}", f"{dst['num']} {clause['label']}"

    def files(self, langs: list[str]) -> dict[str, str]:
        """policy/LANG/*.md as text, by path below policy/."""
        out = {}
        for lang in langs:
            w = vocab(lang)
            out[f"{lang}/00-{slug(w['preamble'])}.md"] = f"# {w['title']}\n\n{prose(self.preamble, lang)}\n"
            for sec in self.sections:
                title = section_title(sec["topic"], lang)
                lines = [f"# {sec['num']}. {title}", ""]
                for clause in sec["clauses"]:
                    lines += [f"{clause['label']}. {prose(clause['sents'], lang)}", ""]
                    lines += [
                        x for sub in clause["subs"] for x in (f"({sub['label']}) {prose(sub['sents'], lang)}", "")
                    ]
                out[f"{lang}/{sec['num']:02d}-{slug(title)}.md"] = "\n".join(lines)
        return out


def meta_yml(label: str, effective: dt.date, langs: list[str], summary: dict, policy: Policy) -> str:
    def mapping(values: dict) -> str:  # a JSON string is a YAML double-quoted scalar
        return "{" + ", ".join(f"{l}: {json.dumps(values[l], ensure_ascii=False)}" for l in langs) + "}"

    moved = ", ".join(f"{k}: {v}" for k, v in policy.moved.items())
    return (
        f'version: "{label}"\neffective: {effective.isoformat()}\ntimezone: Europe/Stockholm\n'
        f"authoritative: sv\ntitle: {mapping({l: vocab(l)['title'] for l in langs})}\n"
        f"summary: {mapping(summary)}\nmoved: {{{moved}}}\nremoved: [{', '.join(policy.removed)}]\n"
    )


def languages_block(langs: list[str]) -> str:
    lines = ["      languages:"]
    for i, lang in enumerate(langs):
        lines += [f"        - locale: {lang}", f"          name: {NAMES[lang]}"]
        lines += ["          default: true"] if i == 0 else []
        lines += ["          build: true"]
    return "\n".join(lines) + "\n"


def scaffold(out: Path, langs: list[str]) -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"^      languages:\n(?:        .*\n)+", languages_block(langs), text, flags=re.M)
    assert n == 1, "mkdocs.yml: the i18n languages: block was not found"
    # Without this site's own things (its custom_dir, overrides/: its company's footer).
    text = re.sub(r"(?m)^  custom_dir: overrides\b.*\n", "", text)
    (out / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "hooks", out / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    for lang in langs:
        (out / "docs" / lang).mkdir(parents=True)
        (out / "docs" / lang / "index.md").write_text("---\npolicy: current\n---\n", encoding="utf-8")
    (out / ".gitignore").write_text("site/\n__pycache__/\n.cache/\n", encoding="utf-8")


def summaries(label: str, changed: list, inserted: list, removed: list, moved: list, langs: list[str]) -> dict:
    result = {}
    for lang in langs:
        t = vocab(lang)["summary"]
        parts = [t[0].format(v=label, changed=", ".join(changed))]
        parts += [t[1].format(x=x) for x in inserted] + [t[2].format(x=x) for x in removed]
        parts += [t[3].format(x=x, y=y) for x, y in moved]
        result[lang] = " ".join(parts)
    return result


def history(versions: int, sections: int, clauses: int, languages: int, seed: int, every: bool, step: dt.timedelta):
    """Each version in turn: (label, commit date, policy/... files as text by path, summary by
    language). A version's files do not depend on how many versions follow it, so the first V of
    V + 1 versions are the V versions themselves (what `append_version` relies on)."""
    langs = LANGS[:languages]
    rng = random.Random(seed)
    policy = Policy(rng, sections, clauses)
    for i in range(versions):
        label = f"{1 + i // 10}.{i % 10}"
        when = START + step * i
        if i == 0:
            summary = {l: "Första versionen." if l == "sv" else "First version." for l in langs}
        elif every:
            summary = summaries(label, policy.reword_all(), [], [], [], langs)
        else:
            changed = [policy.reword() for _ in range(rng.randint(2, 4))]
            inserted = [x for x in [policy.insert() if rng.random() < 0.3 else None] if x]
            removed = [x for x in [policy.remove() if rng.random() < 0.1 else None] if x]
            moved = [x for x in [policy.move() if rng.random() < 0.1 else None] if x]
            changed = sorted(set(changed), key=lambda x: (int(x.split()[0]), x))
            summary = summaries(label, changed, inserted, removed, moved, langs)
        files = policy.files(langs)
        files["policy.yml"] = meta_yml(label, (when + dt.timedelta(days=7)).date(), langs, summary, policy)
        yield label, when, files, summary


def weekly(versions: int) -> dt.timedelta:
    """The time between two versions: a week, closer together when weekly versions would reach 2026."""
    return min(dt.timedelta(days=7), (LAST - START) / max(versions - 1, 1))


def commit_version(out: Path, label: str, when: dt.datetime, files: dict[str, str], summary: dict) -> None:
    """Write the files of a version that differ from the working tree's, and commit them at `when`."""
    for name, text in files.items():
        target = out / "policy" / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git = lambda *args: subprocess.run(["git", *args], cwd=out, check=True, env=env, stdout=subprocess.DEVNULL)
    git("add", "-A", "policy")
    git("commit", "-q", "--no-verify", "-m", f"Policy {label}\n\n{summary.get('en', summary['sv'])}")


def generate(
    path,
    versions: int = 200,
    sections: int = 20,
    clauses: int = 10,
    languages: int = 2,
    seed: int = 0,
    every: bool = False,
) -> Path:
    """Create the repository at `path` (must not exist or be empty); return its path. `every`:
    every version after the first rewords every clause and sub-clause, nothing else."""
    if not 1 <= languages <= len(LANGS) or not 1 <= clauses <= 26 or sections < 2 or versions < 1:
        raise ValueError("need 1-10 languages, 1-26 clauses, at least 2 sections and 1 version")
    out = Path(path)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    scaffold(out, LANGS[:languages])
    git = lambda *args: subprocess.run(["git", *args], cwd=out, check=True, stdout=subprocess.DEVNULL)
    git("init", "-q", "-b", "main")
    for key, value in [
        ("user.name", "Bench Generator"),
        ("user.email", "bench@example.com"),
        ("commit.gpgsign", "false"),
        ("gc.auto", "0"),
        ("core.autocrlf", "false"),
    ]:
        git("config", key, value)
    git("add", "-A")  # the scaffold goes into the first version's commit
    for label, when, files, summary in history(versions, sections, clauses, languages, seed, every, weekly(versions)):
        commit_version(out, label, when, files, summary)
    return out


def append_version(
    path, sections: int = 20, clauses: int = 10, languages: int = 2, seed: int = 0, every: bool = False
) -> str:
    """Commit one more version to a repository that `generate` made with these arguments: the
    version that `generate` would have made next, dated one step after the last (at V=200, the
    same tree as `generate(versions=201)`'s last commit). The benchmark's rebuild after a new
    version. Returns the new version's label."""
    out = Path(path)
    done = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=out, capture_output=True, text=True, check=True
    ).stdout
    versions = int(done)
    *_, last = history(versions + 1, sections, clauses, languages, seed, every, weekly(versions))
    commit_version(out, *last)
    return last[0]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--sections", type=int, default=20)
    parser.add_argument("--clauses", type=int, default=10)
    parser.add_argument("--languages", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--every-clause",
        action="store_true",
        help="every version rewords every clause and sub-clause (the worst case for history lines)",
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="commit one more version to OUT, made with the same arguments (--versions is ignored)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.append:
        label = append_version(args.out, args.sections, args.clauses, args.languages, args.seed, args.every_clause)
        print(f"appended version {label} to {args.out}", file=sys.stderr)
        return
    generate(args.out, args.versions, args.sections, args.clauses, args.languages, args.seed, args.every_clause)
    print(
        f"generated {args.out} ({args.versions} versions, {args.sections} sections, {args.clauses} clauses, "
        f"{args.languages} languages) in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
