"""The import's side of outside.py: its options, a history's texts made to stand alone, and
the copied images placed in the site.

outside.resolve_references works on one text and reads nothing by itself. Here are `--source-url` and
`--define`, checked (`Options.parse`), and the parts that touch repositories and folders: each
commit's text of a history resolved once, before it is split (`resolve_commits`), with its images
read from the source at that commit; one file's text with its images read from its own
repository (`resolve_file`); and the images written below the site's docs folder
(`place_images`), checked before anything is written.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import git

from policykit.importing.outside import Resolved, resolve_references
from policykit.importing.outside_options import Options, OutsideError
from policykit.importing.source_commit import SourceCommit
from policykit.importing.split import ImportProblem, ImportProblems
from policykit.project.config import docs_folder


def undefined_message(shown: str) -> str:
    return (
        f"the template expression '{shown}' is the source site's: its generator filled it in, and the import "
        "cannot know the words it wrote"
    )


def define_fix(keys: list[str]) -> str:
    """The options that give every undefined expression its value, to copy."""
    options = " ".join(f"--define {shlex.quote(_define_key(key) + '=…')}" for key in dict.fromkeys(keys))
    return f"give the words the published page showed: {options}"


def _define_key(key: str) -> str:
    """KEY as `--define` takes it: in its braces where it holds `=` or is empty."""
    return key if key and "=" not in key else ("{{ " + key + " }}" if key else "{{}}")


def place_images(site: Path, images: dict[str, bytes], write: bool = False) -> list[Path]:
    """The copied images' files below the site's docs folder (MkDocs' docs_dir). Checked first
    (write=False): a file of the site's own at one of their names, or a symbolic link on the
    way, is refused before anything is written; a file with the same bytes is there already."""
    docs = docs_folder(site) or site / "docs"
    placed = []
    for rel, data in sorted(images.items()):
        target = docs / rel
        on_the_way = [docs, *[docs / p for p in [rel.rsplit("/", n)[0] for n in range(rel.count("/"), 0, -1)]]]
        if any(p.is_symlink() for p in on_the_way + [target]) or (target.exists() and not target.is_file()):
            raise OutsideError(
                f"{target}: a symbolic link or a folder where an imported image goes",
                "remove it, or import without the image",
            )
        blocking = next((p for p in on_the_way if p.exists() and not p.is_dir()), None)
        if blocking is not None:  # found now, not once the commits are made
            raise OutsideError(
                f"{blocking}: a file where the folder of an imported image ({target}) goes",
                "move the file away, then import again",
            )
        if target.is_file() and target.read_bytes() != data:
            raise OutsideError(
                f"{target}: the site has another file where an imported image goes",
                "rename the site's file, then import again",
            )
        if write and not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        placed.append(target)
    return placed


def resolve_commits(
    commits: Iterable[tuple[str, SourceCommit]], repo: git.Repo, options: Options | None, published: str
) -> tuple[list[str], dict[str, bytes]]:
    """A history's texts made to stand alone before any is split: each source commit's `data`
    becomes its resolved text (the same lines), so that every later reading of it (the split,
    a translation's alignment, a note's line) sees one text. Returns the notes, each said once
    per file (PATH@SHORT:LINE, the first commit that needs it), and the images to place. An
    expression without a value stops the import before anything is written, naming each once
    with the --define options that give them. `published`: the file --source-url is the address of."""
    notes: list[str] = []
    said: set[tuple[str, str]] = set()
    images: dict[str, bytes] = {}
    undefined: dict[str, str] = {}  # key -> its first place, said
    done: set[int] = set()
    used: set[str] = set()
    for lang, commit in commits:
        if id(commit) in done or commit.data is None:
            continue
        done.add(id(commit))
        where = f"{commit.path}@{commit.short}"
        alone = resolve_references(
            commit.raw, commit.path, lang, options, partial(_blob_at, repo, commit.sha), published
        )
        for line, what in alone.notes:
            if (commit.path, what) not in said:
                said.add((commit.path, what))
                notes.append(f"{where}:{line}: {what}")
        for line, key, shown in alone.undefined:
            undefined.setdefault(key, f"{where}:{line}: {undefined_message(shown)}")
        images.update(alone.images)
        used |= alone.defined
        commit.data = alone.text.encode("utf-8")
    if undefined:
        raise OutsideError(
            f"{len(undefined)} template expression(s) without a value; nothing was written",
            define_fix(list(undefined)),
            lines=[
                *undefined.values(),
                f"{len(undefined)} template expression(s) without a value; nothing "
                f"was written ({define_fix(list(undefined))})",
            ],
        )
    return notes + unused(options, used), images


def unused(options: Options | None, used: set[str]) -> list[str]:
    """A --define that no expression of the text has: most likely a key spelt otherwise."""
    return [
        f"--define {key}: no template expression of the text is '{key}' (write KEY as the text has it "
        "inside the braces)"
        for key in (options.defines if options else {})
        if key not in used
    ]


def _blob_at(repo: git.Repo, sha: str, rel: str) -> bytes | None:
    """A regular file of the source at commit `sha` (never a symbolic link or a submodule)."""
    try:
        entry = repo.commit(sha).tree / rel
    except (KeyError, ValueError):
        return None
    return entry.data_stream.read() if entry.type == "blob" and entry.mode in (0o100644, 0o100755) else None


def images_note(site: Path, placed: list[Path]) -> list[str]:
    """What a history import says of the images it wrote: they are the working tree's, to commit."""
    if not placed:
        return []
    folders = sorted({path.parent.resolve().relative_to(site.resolve()).as_posix() for path in placed})
    return [
        f"{len(placed)} image(s) written to {', '.join(f + '/' for f in folders)}, not committed: every version "
        f"that shows them needs them (git add {' '.join(shlex.quote(f) for f in folders)} && git commit -m "
        "'Images of the imported policy')"
    ]


def resolve_file(text: str, file: Path, shown: str, language: str, options: Options) -> Resolved:
    """`policy import FILE`: its text standing alone (shown as `shown` in messages). Its relative
    images are read from its own repository (or, outside one, its folder), never beyond it; an
    expression without a value is an ImportProblem at its line, with the --define to add."""
    top = next(
        (folder for folder in [file.resolve().parent, *file.resolve().parents] if (folder / ".git").exists()),
        file.resolve().parent,
    )

    def read(rel: str) -> bytes | None:
        path = top / rel
        try:
            inside = path.resolve().is_relative_to(top) and not path.is_symlink() and path.is_file()
            return path.read_bytes() if inside else None
        except OSError:
            return None

    alone = resolve_references(text, file.resolve().relative_to(top).as_posix(), language, options, read)
    if alone.undefined:
        raise ImportProblems(
            [
                ImportProblem(undefined_message(as_written), define_fix([key]), path=shown, line=line)
                for line, key, as_written in alone.undefined
            ]
        )
    return alone
