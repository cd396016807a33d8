"""Import: one Markdown policy file, as an organisation has it, split into section files.

`split` reads the shapes policies come in (numbered or unnumbered headings of any level, `#`
or underlined; clauses `a.`, `(a)`, `a)`, `A.`, `1.`, `1.1`, numbered lists, sub-clauses `(1)`,
`1)`, `(i)`, `(a)`, `1.1.1`; labels escaped as exports write them, `1\\.`, `\\(a)`; labelled
sub-headings `### a. Fees`, which become clauses opening with their title in bold) and returns the files of the authoring syntax (docs/manual/editors.md), the
numbering scheme the source uses, the gaps in its labels and the fragments its old page had.
Every decision it takes that the source does not state is a `Guess`, reported as
`FILE:LINE: what was done`, so that an editor can check each one against the source.

Nothing here knows click or MkDocs: the `policy import` command and the history importer call
`split` (once per file, or once per commit) and `write`. Words are never dropped or reordered;
only labels and heading markers move into the syntax; attribute lines and anchor tags, whose
ids become `aliases:`, and an old site's front matter go; reference links are written inline
(each unit is rendered alone); a line of text that the one parser would read as a label gets a
backslash before its punctuation, which Markdown does not show (so does a label on a line that
continues a paragraph: a wrapped `(2) items.` is no sub-clause); the lines nested in a numbered list's
item that became a clause are de-indented, to stay its list and paragraphs. A bullet list is never
clauses (the source does not number it, and made-up labels would renumber at every inserted
item): it stays a list, as written, in the unit it stands in, its nested lines indented four
spaces a level, as MkDocs' Markdown nests them (`listindent`).

The section headings are the level where the sections' numbers run (1, 2, 3 …), whatever
other headings there are; a history passes the level of the commit before (`previous_level`),
which breaks a tie and makes a change of level a guess. Among numbered sections, the first
heading before them is the title, whatever its level or underline, so that it stays the title
in every commit.

What looks like a misread scheme stops the import instead of being guessed at: a run of more than
`MAX_GAP_RUN` missing labels (Roman clauses `i.`, `ii.` are read as numbers first); every such
problem of a source is named, with its line, before it stops. `write` is all or nothing.

This module is the importer's public face; the work is in `lines` (the source's lines made
ready, the section level), `splitter` (the line pass), `body` (the label state), `labelling`
(the schemes and labels), `labels` (label shapes, letters, Roman numerals, slugs), `units`
(what an import makes) and `files` (writing, policy.yml).
"""

from __future__ import annotations

from policykit.importing.files import SAMPLE_KEY, check_target, merged_meta, read_meta, reference_for, write
from policykit.importing.labels import DEFAULT_NUMBERING, MAX_GAP_RUN, github_slug, slugify, toc_slug
from policykit.importing.splitter import Splitter
from policykit.importing.units import (
    Guess,
    Imported,
    ImportedSection,
    ImportProblem,
    ImportProblems,
    decode_source_file,
)

__all__ = [
    "DEFAULT_NUMBERING",
    "MAX_GAP_RUN",
    "SAMPLE_KEY",
    "Guess",
    "Imported",
    "ImportedSection",
    "ImportProblem",
    "ImportProblems",
    "check_target",
    "decode_source_file",
    "github_slug",
    "merged_meta",
    "read_meta",
    "reference_for",
    "slugify",
    "split",
    "toc_slug",
    "write",
]


def split(
    text: str,
    path: str,
    language: str,
    *,
    heading_level: int | None = None,
    numbering: dict | None = None,
    reference: Imported | None = None,
    previous_level: int | None = None,
) -> Imported:
    """Split one Markdown policy into section files; see the module's docstring.

    `heading_level` names the level of the section headings; `previous_level` is the level
    the commit before had (`Imported.heading_level`), which a history passes so that a choice
    between levels alike stays the same from commit to commit (a change is reported);
    `numbering` keeps a scheme (a later commit of a history keeps the first one's);
    `reference` is the authoritative language's `Imported`, for matching a translation.
    Raises `ImportProblem` for a source that cannot be imported.
    """
    if reference is not None and numbering is None:
        numbering = reference.numbering
    return Splitter(text, path, language, heading_level, numbering, reference, previous_level).split()
