"""The summaries of imported versions: what a reader of the list of versions sees of each.

A commit's subject is the summary unless something better is known. A merge commit's
subject says which branch was merged ("Merge pull request #8 from …"), and its pull
request's title, the first line of the message's body, says what changed. A subject that is
only a file name ("Update privacy.md", what GitHub's editor writes) says nothing; the report
lists those, and `--summaries FILE` gives better ones in bulk, per language.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import git
import yaml

from policykit.importing.gitsource import ReplayError
from policykit.importing.replay import DIRECTION_RE  # as the commits' subjects: a summary is one line, never reordered
from policykit.importing.source_commit import SourceCommit
from policykit.importing.units import ImportProblem
from policykit.text import limits
from policykit.text.meta import LOADER


class SummaryFileError(ReplayError):
    """A --summaries file with bad entries: `problems`, one per entry, each located at its
    line (`FILE:LINE: KEY: what (fix)`), as ImportProblems holds a source's; the error itself
    is the first of them."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        first = problems[0]
        super().__init__(
            first.message, first.fix, path=first.path, line=first.line, lines=[problem.said for problem in problems]
        )


def pull_request_title(repo: git.Repo, sha: str) -> str | None:
    """The first non-empty line of a merge commit's body (its pull request's title on GitHub
    and GitLab); None for a commit with one parent, or a merge without a body."""
    commit = repo.commit(sha)
    if len(commit.parents) < 2:
        return None
    message = commit.message if isinstance(commit.message, str) else commit.message.decode("utf-8", "replace")
    body = message.strip().split("\n", 1)[1:] or [""]
    return next((line.strip() for line in body[0].splitlines() if line.strip()), None)


def with_pull_request_titles(repo: git.Repo, files: dict[str, list[SourceCommit]]) -> dict[str, list[SourceCommit]]:
    """Each language's commits, a merge commit's subject replaced by its pull request's title."""
    titles: dict[str, str | None] = {}
    result: dict[str, list[SourceCommit]] = {}
    for lang, commits in files.items():
        result[lang] = []
        for commit in commits:
            if commit.sha not in titles:
                titles[commit.sha] = pull_request_title(repo, commit.sha)
            title = titles[commit.sha]
            result[lang].append(dataclasses.replace(commit, subject=title) if title else commit)
    return result


#: A subject that names only the file: GitHub's web editor ("Update privacy.md", "Create …",
#: "Add files via upload"), or a bare file name.
FILE_NAME_RE = re.compile(
    r"^(?:(?:update[ds]?|create[ds]?|add(?:s|ed)?|edit(?:s|ed)?|delete[ds]?|rename[ds]?|change[ds]?|"
    r"modif(?:y|ies|ied)|upload(?:s|ed)?)\s+)?\S{1,120}\.(?:md|markdown|mdown|txt|html?|rst|docx?)$|"
    r"^add\s+files\s+via\s+upload$",
    re.IGNORECASE,
)


def only_a_file_name(summary: str) -> bool:
    """Whether a summary is only a file name (or an editor's "Update X"): worth replacing."""
    return bool(FILE_NAME_RE.match(summary.strip()))


#: The most a --summaries file may hold: a summary of limits.MAX_SUMMARY characters in two
#: languages for each of a thousand versions.
MAX_SUMMARIES_FILE = 20_000_000


def load_summaries(path: Path) -> tuple[str, yaml.Node | None]:
    """A --summaries FILE read under the YAML guard (no aliases, no deep nesting) and composed,
    not constructed: every key and value stays as written (a short id of digits stays text).
    Read before the history, so that a file that cannot be read stops the import at once."""
    shown = str(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SUMMARIES_FILE + 1)  # bounded: /dev/zero or a device is no file of summaries
        if len(data) > MAX_SUMMARIES_FILE:
            raise ReplayError(
                f"the summaries file is larger than {MAX_SUMMARIES_FILE // 1_000_000} MB",
                "name a YAML file of COMMIT: {LANG: summary}, one entry per version",
                path=shown,
            )
        text = data.decode("utf-8")
    except OSError as exc:
        raise ReplayError(
            f"cannot read the summaries file ({exc.strerror})",
            "name a YAML file of COMMIT: {LANG: summary}",
            path=shown,
        ) from None
    except UnicodeDecodeError:
        raise ReplayError("the summaries file is not UTF-8", "save it as UTF-8", path=shown) from None
    refused = limits.yaml_guard(text, LOADER)
    if refused:
        line, message, fix = refused
        raise ReplayError(f"the summaries file {message}", fix, path=shown, line=line)
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ReplayError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
            'write one entry per line: abc1234: {en: "New retention rules"}',
            path=shown,
            line=mark.line + 1 if mark else 1,
        ) from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise ReplayError(
            "the summaries file must map commits to summaries",
            'write one entry per line: abc1234: {en: "New retention rules"}',
            path=shown,
            line=root.start_mark.line + 1,
        )
    return shown, root


def read_summaries(
    loaded: tuple[str, yaml.Node | None],
    repo: git.Repo,
    versions: list[SourceCommit],
    languages: list[str],
    authoritative: str,
) -> dict[str, dict[str, str]]:
    """The entries of a --summaries FILE (`load_summaries`): `COMMIT: {LANG: text}` or
    `COMMIT: text` (the authoritative language's), COMMIT a full or short commit id or a tag of
    the source, one of `versions`. Returns source commit -> language -> summary; every bad
    entry is a problem naming FILE, the line and the key, all raised at once."""
    shown, root = loaded
    if root is None:
        return {}
    by_sha = {c.sha: c for c in versions}
    result: dict[str, dict[str, str]] = {}
    named: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"

        def bad(message: str, fix: str, keyed: bool = True, key: str = key, line: int = line) -> None:
            """A problem of this entry, at its key's line, named by its key (`keyed`)."""
            problems.append(ImportProblem(f"{key}: {message}" if keyed else message, fix, path=shown, line=line))

        if not isinstance(key_node, yaml.ScalarNode) or not key.strip():
            bad("a key that is not a commit id or tag", "write abc1234: or v1.0:", keyed=False)
            continue
        sha = resolve_commit(repo, key)
        if sha is None:
            bad("no such commit or tag in the source", "write a commit id or tag of it")
            continue
        if sha not in by_sha:
            bad(
                f"{sha[:7]} is not a version of this import: it did not change the file, or is left out or skipped",
                "name a commit the import lists as a version",
            )
            continue
        if sha in named:
            bad(f"{sha[:7]} is named already, as {named[sha]}", "give each commit once")
            continue
        named[sha] = key
        texts = _texts(value_node, authoritative)
        twice = _given_twice(value_node)
        if twice:  # YAML would keep the last one without a word
            bad(f"the {twice} summary is given twice", "give it once")
            continue
        if texts is None:
            bad(
                "the value is neither a summary nor a mapping of languages to summaries",
                f'write {key}: {{{authoritative}: "…"}}',
            )
            continue
        for lang, said in texts.items():
            if lang not in languages:
                bad(f"{lang} is not a language of the import", f"write one of {', '.join(languages)}")
            elif not said.strip():
                bad(f"the {lang} summary is empty", "write it, or leave the language out")
            elif len(said) > limits.MAX_SUMMARY:
                bad(f"the {lang} summary has {len(said)} characters, more than {limits.MAX_SUMMARY}", "shorten it")
            elif (found := limits.REFUSED_RE.search(said) or DIRECTION_RE.search(said)) is not None:
                bad(f"the {lang} summary holds {limits.describe(found.group())}", "remove it")
            else:
                result.setdefault(sha, {})[lang] = " ".join(said.split())
    if problems:
        raise SummaryFileError(problems)
    return result


def resolve_commit(repo: git.Repo, rev: str) -> str | None:
    """The commit that `rev` (a commit id, a short one, a tag, any git revision) names; None
    where it names none."""
    try:
        return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip() or None
    except git.GitCommandError:
        return None


def object_kind(repo: git.Repo, rev: str) -> str | None:
    """What `rev` names where it is no commit: "file" (a blob) or "folder" (a tree); None
    where it names nothing."""
    try:
        kind = repo.git.cat_file("-t", "--end-of-options", rev).strip()
        if kind == "tag":  # peeled: a tag of a tag of a tree is a folder
            kind = repo.git.cat_file("-t", "--end-of-options", f"{rev}^{{}}").strip()
    except git.GitCommandError:
        return None
    return {"blob": "file", "tree": "folder"}.get(kind)


def _given_twice(node: yaml.Node) -> str | None:
    """A language that a mapping of summaries names twice; None where there is none."""
    seen: set[str] = set()
    for lang_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(lang_node, yaml.ScalarNode):
            if lang_node.value in seen:
                return lang_node.value
            seen.add(lang_node.value)
    return None


def _texts(node: yaml.Node, authoritative: str) -> dict[str, str] | None:
    """{language: summary} of one entry's value; None for a value of another shape."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        return {authoritative: node.value}
    if not isinstance(node, yaml.MappingNode):
        return None
    texts = {}
    for lang_node, text_node in node.value:
        if (
            not isinstance(lang_node, yaml.ScalarNode)
            or not isinstance(text_node, yaml.ScalarNode)
            or text_node.tag.endswith(":null")
        ):
            return None
        texts[lang_node.value] = text_node.value
    return texts
