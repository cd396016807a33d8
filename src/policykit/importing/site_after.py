"""The site after `policy import --history`: whole, and saying what to do next.

`policy init` writes a README that describes its sample section, and leaves mkdocs.yml, the
workflows and the README uncommitted. The import commits only the policy folder, so without
this a user is left with a README about a sample that is gone, and files that the site's
workflows need but that were never committed, and nothing says so.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import git
import yaml

from policykit.importing.gitsource import shown_path
from policykit.record.history import work_tree
from policykit.text.source import META_FILE

#: The rows of `policy init`'s README table that describe its sample (init.section_rows).
SAMPLE_ROW_RE = re.compile(r"^\| `[^`\n]*` \| section 1 in [^\n]*\(a sample\) \|\n", re.MULTILINE)
#: Its sentence that says the text is a sample.
SAMPLE_SENTENCE_RE = re.compile(r"The text written here at first is a sample:\s+replace it\.\s*")


def update_readme(
    root: Path, policy_dir: str, languages: list[str], source_path: str, files: dict[str, bytes]
) -> str | None:
    """README.md as `policy init` wrote it describes the imported text instead of the sample
    (its table's rows, the sentence about the sample, the title). A README without init's
    sample rows is the site's own, and stays as it is. Returns what was done, or None."""
    readme = root / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    rows = SAMPLE_ROW_RE.findall(text)
    if not rows or not files:
        return None
    meta = yaml.safe_load(files.get(META_FILE, b"").decode("utf-8")) or {}  # written by replay.policy_yml
    shown = shown_path(source_path).replace("`", "").replace("|", "\\|")  # one code span in a table cell
    table = ""
    for n, lang in enumerate(languages):
        count = sum(1 for rel in files if rel.startswith(f"{lang}/") and rel.endswith(".md"))
        what = "the binding text" if n == 0 else "a translation"
        table += (
            f"| `{policy_dir}/{lang}/` | {what} ({lang}): {count} section files, imported with the git history "
            f"of `{shown}` |\n"
        )
    text = text.replace(rows[0], table, 1)
    for row in rows[1:]:
        text = text.replace(row, "", 1)
    text = SAMPLE_SENTENCE_RE.sub("", text)
    title = (meta.get("title") or {}).get(languages[0]) if isinstance(meta.get("title"), dict) else None
    first, _, rest = text.partition("\n")
    if title and first.startswith("# "):
        from policykit.commands.init import readme_text  # only here: init reads its templates and locale data

        old, new = first[2:], readme_text(title)
        if old != new and f"the source of {old}," in rest:
            text = f"# {new}\n" + rest.replace(f"the source of {old},", f"the source of {new},", 1)
    try:
        readme.write_text(text, encoding="utf-8")
    except OSError as exc:  # the policy is imported already: said, not an error
        return f"{readme}: cannot update it ({exc.strerror}); it still describes policy init's sample"
    return "README.md now describes the imported text, not policy init's sample"


def next_commands(repo: git.Repo, root: Path, into: Path, policy_path: str) -> list[str]:
    """The commands to run next, quoted for a shell: commit the site's files that are not
    committed (what `policy init` wrote, and the README), then a strict build."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "-z", "--untracked-files=normal"],
        cwd=work_tree(repo),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    top = work_tree(repo).resolve()
    fields = out.split("\0")
    paths = []
    skip_next = False
    for entry in fields:
        if skip_next or len(entry) < 4:
            skip_next = False
            continue
        skip_next = entry[0] in "RC"  # a rename's or copy's second field is where it came from
        name = entry[3:]
        if name == policy_path or name.startswith(policy_path.rstrip("/") + "/"):
            continue
        rel = os.path.relpath(top / name, root.resolve()).replace(os.sep, "/")
        paths.append(rel + ("/" if name.endswith("/") and not rel.endswith("/") else ""))
    commands = [] if into == Path(".") else [f"cd {shlex.quote(str(into))}"]
    if paths:
        commands.append(
            f"git add -- {' '.join(shlex.quote(p) for p in sorted(paths))} && "
            f"git commit -m {shlex.quote('The site: mkdocs.yml, workflows and README for the imported policy')}"
        )
    commands.append("mkdocs build --strict")
    return commands
