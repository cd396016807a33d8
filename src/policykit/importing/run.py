"""`policy import --history`, the whole run: which commits become versions, and the report.

A history of years has commits that cannot be read (an HTML period, a misread heading, an
upload that broke the file). History cannot be corrected, so one such commit never stops the
import: it is skipped, and the report names it as PATH@COMMIT:LINE, what and why. The newest
commit is the exception: skipping it would publish a superseded text as the one in force, so
an unreadable newest commit stops the import unless `--skip` names it. `--since` starts the
history later (after the HTML period); `--skip` leaves commits out.

The reading, matching and writing are replay.py's, the plan of each commit planning.py's; the summaries are summaries.py's; this
module chooses the commits, says how far it has come, and tells the user what they got and
what to do next.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import git

from policykit.importing import standalone
from policykit.importing.gitsource import UNREADABLE_FIX, ReplayError, repo_path, split_spec
from policykit.importing.outside_options import Options
from policykit.importing.planning import plan
from policykit.importing.progress import Progress
from policykit.importing.replay import ReplaySplitter, ReplayStep, Unreadable, clean_subject, timeline
from policykit.importing.site_after import next_commands, update_readme
from policykit.importing.source_commit import SourceCommit
from policykit.importing.source_log import first_parent_order, follow, open_source, tags_on
from policykit.importing.summaries import (
    load_summaries,
    object_kind,
    only_a_file_name,
    read_summaries,
    resolve_commit,
    with_pull_request_titles,
)
from policykit.importing.target import check_languages, open_site, published, write_commits
from policykit.text.checks import located


class ImportStopped(ReplayError):
    """The import cannot go on; `problems`, one line each, say why (nothing was written)."""

    def __init__(self, problems: list[str], message: str, fix: str):
        super().__init__(message, fix, lines=[*problems, located(None, None, message, fix)])
        self.problems = self.lines


@dataclass
class ImportReport:
    """What `policy import --history` did, for the command to print."""

    lines: list[str]  # one per commit written
    notes: list[str]  # guesses, renumberings, dates
    commits: list[str]  # the site's new commits, oldest first
    versions: int = 0  # how many of the commits are versions (the others bring translations)
    skipped: list[tuple[str, list[str]]] = field(default_factory=list)  # PATH@SHORT -> why, one line each
    file_names: list[str] = field(default_factory=list)  # versions whose summary is only a file name
    readme: str | None = None  # what was done to the site's README
    next: list[str] = field(default_factory=list)  # the commands to run next


def parse_translations(values: list[str]) -> dict[str, str]:
    """`LANG=PATH` options -> {LANG: PATH}."""
    result = {}
    for value in values:
        lang, sep, path = value.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", lang) or not path.strip():
            raise ReplayError(
                f"--translation {value!r} is not LANG=PATH",
                "name the language and the file in the same repository, e.g. --translation de=de/privacy.md",
            )
        if lang in result:
            raise ReplayError(f"--translation {lang} is given twice", "give each language once")
        result[lang] = path.strip().strip("/")
    return result


def replay(
    spec: str,
    language: str,
    translations: dict[str, str] | None = None,
    *,
    by: str = "commit",
    into: Path = Path("."),
    force: bool = False,
    keep_authors: bool = False,
    heading_level: int | None = None,
    since: str | None = None,
    skip: list[str] | tuple = (),
    summaries: Path | None = None,
    progress: Progress | None = None,
    alone: Options | None = None,
) -> ImportReport:
    """Import the history of the policy file `spec` (REPO:PATH) into the site at `into`.

    Everything is checked, read and worked out first (the site, the source, every split), so
    that a ReplayError leaves the site as it was; then the commits are written at once."""
    translations = dict(translations or {})
    location = split_spec(spec)[0]
    if language in translations:
        raise ReplayError(
            f"--translation {language}: {language} is the authoritative language (--language)",
            "give the translations' languages only",
        )
    site = open_site(into, force)
    languages = [language, *translations]
    check_languages(site, languages)
    progress = progress or Progress(None)
    loaded = load_summaries(summaries) if summaries else None
    source = open_source(spec, keep_unreadable=True)
    try:
        files = {language: source.commits}
        named = {source.path: language}  # one file is one language's text: an English "translation" is none
        for lang, path in translations.items():
            clean = repo_path(location, path, f"{location}:{path} (--translation {lang})")
            if clean in named:
                raise ReplayError(
                    f"--translation {lang}={path}: {clean} is the {named[clean]} text already",
                    f"name the file that holds the {lang} text",
                )
            named[clean] = lang
            files[lang] = follow(source.repo, path, f"{location}:{path} (--translation {lang})", keep_unreadable=True)
        order = first_parent_order(source.repo)
        skipped: dict[str, list[str]] = {}
        files = choose(source.repo, f"{location}:{source.path}", files, language, order, since, skip, skipped)
        files = without_problems(files, language, skipped)
        # links to the source site's other pages, images, template syntax: resolved before any split
        alone_notes, images = standalone.resolve_commits(
            [(lang, commit) for lang, commits in files.items() for commit in commits], source.repo, alone, source.path
        )
        files = with_pull_request_titles(source.repo, files)
        source.commits = files[language]
        tags: list[tuple[str, SourceCommit]] | None = None
        notes: list[str] = []
        if by == "tag":
            tags = tags_on(source, notes)
            if not tags:
                raise ReplayError(
                    f"{spec}: no tag points at a commit that changed the file",
                    "tag the releases (git tag v1 COMMIT), or import --by commit",
                )
        splitter = ReplaySplitter(language, notes, heading_level)
        steps = readable_steps(files, language, order, tags, splitter, skipped, progress)
        if by == "commit":
            unchanged(files, steps, skipped)
        versions = [step.commit for step in steps if step.new_version]
        given = read_summaries(loaded, source.repo, versions, languages, language) if loaded else {}
        anchors, previous, taken = published(site, language)
        planned = plan(
            steps,
            language,
            languages,
            anchors,
            previous,
            taken,
            heading_level,
            site.policy_dir,
            splitter=splitter,
            summaries=given,
            progress=progress.phase("Matching versions", len(steps)),
        )
        progress.end()
    finally:
        source.close()
    standalone.place_images(site.root, images)  # checked before anything is written
    try:
        made = write_commits(site, planned.commits, keep_authors, spec)
    except subprocess.CalledProcessError as exc:  # before the branch moved: only unreferenced objects
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise ReplayError(
            f"git {exc.cmd[1]} failed{': ' + said[-1] if said else ''}; nothing was written",
            "fix what git says and run the import again",
        ) from None
    file_names = [
        f"version {p.label} ({p.step.commit.short}): {clean_subject(p.step.commit)!r}"
        for p in planned.commits
        if p.step.new_version
        and language not in given.get(p.step.commit.sha, {})
        and only_a_file_name(clean_subject(p.step.commit))
    ]
    alone_notes += standalone.images_note(site.root, standalone.place_images(site.root, images, write=True))
    report = ImportReport(
        [p.line for p in planned.commits],
        list(dict.fromkeys(alone_notes + planned.notes)),
        made,
        sum(p.step.new_version for p in planned.commits),
        list(skipped.items()),
        file_names,
    )
    last = planned.commits[-1] if planned.commits else None
    report.readme = update_readme(site.root, site.policy_dir, languages, source.path, last.files if last else {})
    report.next = next_commands(site.repo, site.root, into, site.policy_path)
    return report


def choose(
    repo: git.Repo,
    spec: str,
    files: dict[str, list[SourceCommit]],
    language: str,
    order: dict[str, int],
    since: str | None,
    skip: Iterable[str],
    skipped: dict[str, list[str]],
) -> dict[str, list[SourceCommit]]:
    """The commits left after --since (the authoritative file's commits before REV left out)
    and --skip (each REV left out, in every language); each REV is checked to be a commit of
    the file's first-parent history, else the error names the nearest ones that are."""
    chain = files[language]
    result = dict(files)
    if since is not None:
        sha = _on_chain(repo, spec, since, "--since", chain, order)
        start = next(n for n, c in enumerate(chain) if c.sha == sha)
        result[language] = chain[start:]
    for rev in skip:
        every = [c for commits in files.values() for c in commits]
        sha = _on_chain(repo, spec, rev, "--skip", every, order)
        for lang, commits in result.items():
            for commit in commits:
                said = f"{commit.path}@{commit.short}: left out (--skip {rev})"
                if commit.sha == sha and said not in skipped.get(f"{commit.path}@{commit.short}", []):
                    skipped.setdefault(f"{commit.path}@{commit.short}", []).append(said)
            result[lang] = [c for c in commits if c.sha != sha]
    if (since is not None or skip) and not any(c.data is not None or c.problem for c in result[language]):
        raise ReplayError(f"--skip leaves no commit of {chain[-1].path} to import", "skip fewer commits")
    return result


def _on_chain(
    repo: git.Repo, spec: str, rev: str, option: str, chain: list[SourceCommit], order: dict[str, int]
) -> str:
    """The commit of `chain` that `rev` names; an error naming the nearest commits that are
    on it, where `rev` names another commit or none."""
    sha = resolve_commit(repo, rev)
    if sha is None:
        location, _, path = spec.rpartition(":")
        kind = object_kind(repo, rev)  # a tag of a file or a folder is no commit either
        raise ReplayError(
            f"{option} {rev}: "
            + (f"names a {kind}, not a commit," if kind else "no such commit or tag")
            + f" in {location}",
            f"name a commit of the file's history: git -C {shlex.quote(location)} log --first-parent "
            f"--follow --oneline -- {shlex.quote(path)} lists them",
        )
    if any(c.sha == sha for c in chain):
        return sha
    if sha in order:  # on HEAD's first-parent line: by place in it
        distance = {c.sha: abs(order[c.sha] - order[sha]) for c in chain}
    else:  # on a branch merged in, or not merged: by date
        when = int(repo.git.show("-s", "--format=%ct", sha))
        distance = {c.sha: abs(int(c.committed.timestamp()) - when) for c in chain}
    nearest = sorted({c.sha: c for c in chain}.values(), key=lambda c: distance[c.sha])[:3]
    named = "; ".join(
        f"{c.short} {c.committed.date()} {clean_subject(c)[:60]!r}"
        for c in sorted(nearest, key=lambda c: order.get(c.sha, 0))
    )
    raise ReplayError(
        f"{option} {rev}: {sha[:7]} is not a commit of the file's first-parent history (the nearest that are: {named})",
        f"name one of those with {option}",
    )


def without_problems(
    files: dict[str, list[SourceCommit]], language: str, skipped: dict[str, list[str]]
) -> dict[str, list[SourceCommit]]:
    """The commits left after those git itself cannot give (a date out of range, a symbolic
    link or a folder at the path: gitsource names each commit's `problem`), each said in
    `skipped`. The newest authoritative commit is the exception, as in `readable_steps`: skipping it
    would publish the text before it as the one in force, so it stops the import."""
    newest = files[language][-1] if files[language] else None
    if newest is not None and newest.problem:
        raise ImportStopped(
            [f"{newest.path}@{newest.short}: {newest.problem}"],
            f"{newest.path}@{newest.short} is the newest commit, and it cannot be read: "
            "skipping it would publish the text before it as the one in force",
            f"leave the commit out with --skip {newest.short}; or, since " + UNREADABLE_FIX.format(short=newest.short),
        )
    result = {}
    for lang, commits in files.items():
        for commit in commits:
            if commit.problem:
                skipped.setdefault(f"{commit.path}@{commit.short}", []).append(
                    f"{commit.path}@{commit.short}: skipped: {commit.problem}"
                )
        result[lang] = [c for c in commits if not c.problem]
    return result


def readable_steps(
    files: dict[str, list[SourceCommit]],
    language: str,
    order: dict[str, int],
    tags: list[tuple[str, SourceCommit]] | None,
    splitter: ReplaySplitter,
    skipped: dict[str, list[str]],
    progress: Progress,
) -> list[ReplayStep]:
    """The timeline without the commits whose text cannot be read (each said in `skipped`).
    Every text a step holds is read once, the authoritative ones first, oldest first (the first
    sets the numbering scheme). A text left out brings back the one before it, which is then
    read too. An unreadable newest authoritative commit stops the import."""
    newest = next((c.sha for c in reversed(files[language]) if c.data is not None), None)
    checked: set[tuple[str, str]] = set()
    while True:
        steps = timeline(files, language, order, tags)
        held = {
            (lang, step.texts[lang].sha): (lang, step.texts[lang])
            for lang in files
            for step in steps
            if lang in step.texts and (lang, step.texts[lang].sha) not in checked
        }
        todo = sorted(held.values(), key=lambda item: (item[0] != language, order[item[1].sha]))
        if not todo:
            return steps
        bad: list[tuple[str, SourceCommit, Unreadable]] = []
        for done, (lang, commit) in enumerate(todo, 1):
            checked.add((lang, commit.sha))
            try:
                splitter.split(lang, commit)
            except Unreadable as exc:
                bad.append((lang, commit, exc))
            progress("Reading commits", done, len(todo))
        for lang, commit, unreadable in bad:
            if lang == language and commit.sha == newest:
                progress.end()
                raise ImportStopped(
                    unreadable.problems,
                    f"{commit.path}@{commit.short} is the newest commit, and its text "
                    "cannot be read: skipping it would publish the text before it as the one in force",
                    f"correct the file in the source and commit, or leave the commit out with --skip {commit.short}",
                )
            skipped.setdefault(f"{commit.path}@{commit.short}", []).extend(unreadable.problems)
            files[lang] = [c for c in files[lang] if c.sha != commit.sha]
            if tags is not None and lang == language:  # a tag on a text that cannot be read is no version
                tags = [(tag, c) for tag, c in tags if c.sha != commit.sha]


def unchanged(files: dict[str, list[SourceCommit]], steps: list[ReplayStep], skipped: dict[str, list[str]]) -> None:
    """The commits that touched a file but make no commit of the site: a rename that left the
    text as it was, a change of mode, a deletion (the version before stays in force)."""
    made = {step.commit.sha for step in steps}
    for commits in files.values():
        for before, commit in zip(commits, commits[1:]):
            if commit.sha in made or f"{commit.path}@{commit.short}" in skipped:
                continue
            if commit.data is None:
                why = "deletes the file (the version before stays in force until it comes back)"
            elif commit.data == before.data and commit.path != before.path:
                why = f"a rename only, from {before.path}: the text is as it was"
            elif commit.data == before.data:
                why = "the text is as it was"
            else:
                continue
            skipped.setdefault(f"{commit.path}@{commit.short}", []).append(
                f"{commit.path}@{commit.short}: skipped: {why}"
            )
