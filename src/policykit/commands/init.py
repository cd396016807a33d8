"""`policy init`: a new site repository that builds at once.

A site needs only `mkdocs.yml`, `policy/` and `docs/`; init writes those, with a first section
per language that tells the editor what to replace, and what a site repository is better off
with from its first commit: the two workflows, a pre-commit configuration, a README for its
editors and a `.gitignore`. Every file is written from a template under `scaffold/` (package
data), so that what a new site starts with can be read and corrected as files.

Everything given is checked before anything is written (newsite makes the plan, a NewSite;
this module fills the templates from it and writes them), and the files are written into a
temporary folder beside DIR and moved in at the end, so that a failure leaves nothing behind.
Init never replaces a file: `--force` lets it write into a folder that has other files, and
a file of its own that is already there stops it, named. It runs `git init` when DIR is not
in a git repository, and commits nothing: the first commit is the first version, and its
date is the editor's to choose.

The package installs from a git repository until it is on PyPI, so every file that installs
it names the package's repository (OWNER/REPO until `--package-repo` names it) and the tag of
the version that wrote it, `v` + `policykit.__version__`.
"""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import git
from babel import Locale

from policykit import __version__
from policykit.commands.newsite import DISTRIBUTION, InitError, NewSite
from policykit.words.catalogue import fill, read_catalogue, shipped_languages

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
SAMPLES = SCAFFOLD / "samples"
FALLBACK = "en"
#: Template -> where it goes in the site.
TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    "policy.yml": "policy/policy.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "pr.yml": ".github/workflows/pr.yml",
    "deploy.yml": ".github/workflows/deploy.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


@dataclass
class Created:
    root: Path
    files: list[str]  # relative paths, in the order written
    git_init: bool  # init made a new repository (DIR was in none)


# Writing the files --------------------------------------------------------------------------


def sample(lang: str) -> dict:
    """The first section's words in `lang` (scaffold/samples/LANG.yml; its language's, for
    `pt-BR`), else English: a sample that says it is one, to be replaced."""
    for code in (lang, re.split(r"[-_]", lang)[0], FALLBACK):
        path = SAMPLES / f"{code}.yml"
        if path.is_file():
            return read_catalogue(path, f"policykit/scaffold/samples/{code}.yml")
    raise InitError(f"the package has no sample text ({SAMPLES})", "reinstall it")


def quoted(text: str) -> str:
    """A YAML scalar: JSON's double-quoted string is one."""
    return json.dumps(text, ensure_ascii=False)


def language_name(lang: str, in_lang: str | None = None) -> str:
    name = (
        Locale.parse(lang.replace("-", "_")).get_display_name(Locale.parse((in_lang or lang).replace("-", "_"))) or lang
    )
    return name[:1].upper() + name[1:]


def section_path(lang: str) -> str:
    return f"policy/{lang}/01-{sample(lang)['file']}.md"


#: The sample's front matter: `policy import` (and `--history`) replace a folder of such files
#: without --force, so an editor who writes the real text deletes the line, as it says.
SAMPLE_FRONT = "---\nsample: true  # policy import replaces this file; delete this line once it holds your text\n---\n"


def section_text(lang: str) -> str:
    words = sample(lang)
    return f"{SAMPLE_FRONT}# 1. {words['heading']}\n\na. {words['clause_a']}\n\nb. {words['clause_b']}\n"


def i18n_block(site: NewSite) -> str:
    """The i18n plugin's entry: the binding language the default, built at the root. A site
    of one language has none (its language is its one folder under policy/)."""
    if len(site.languages) == 1:
        return ""
    lines = ["  - i18n:", "      docs_structure: folder", "      languages:"]
    for lang in site.languages:
        lines += [f"        - locale: {lang}", f"          name: {quoted(language_name(lang))}"]
        lines += ["          default: true"] if lang == site.authoritative else []
        lines += ["          build: true"]
    return "\n".join(lines) + "\n"


def url_rows(site: NewSite) -> str:
    """The README's table of the site's addresses, each in every language."""
    rows = [
        (
            "",
            "the policy in force, whole, on one page"
            + (
                f" ({', '.join(language_name(lang, 'en') for lang in site.languages)})"
                if len(site.languages) > 1
                else ""
            ),
        )
    ]
    rows += [
        ("changes/", "every version, newest first, and the clauses it changed"),
        (
            "versions/",
            "the list of versions, each with its period in force (add `?on=YYYY-MM-DD` for the "
            "version in force on a day)",
        ),
        (
            "compare/",
            "any two versions compared word by word (`?from=1.0&to=1.1`; `to` defaults to the version "
            "in force): the link a main site gives a user who accepted an older version",
        ),
        ("versions/1.0/", "version 1.0 as published, with the same addresses (one page per version)"),
        ("verify/", "how anyone can recompute a version's SHA-256 from this repository"),
        ("feed.xml", "an Atom feed, an entry per version"),
    ]
    table = [
        "| " + ", ".join(f"`{site.url(lang, path)}`" for lang in site.languages) + f" | {what} |" for path, what in rows
    ]
    table += [
        f"| `{site.site_url}policy.json` | the versions and every clause, for programs; "
        f"`{site.site_url}policy.schema.json` is its JSON Schema |"
    ]
    return "\n".join(table) + "\n"


def section_rows(site: NewSite) -> str:
    rows = []
    for lang in site.languages:
        what = "the binding text" if lang == site.authoritative else "its translation"
        rows.append(f"| `{section_path(lang)}` | section 1 in {language_name(lang, 'en')}, {what} (a sample) |")
    return "\n".join(rows) + "\n"


def requirement_note(site: NewSite) -> str:
    note = (
        f"`{site.rev}` is the tag of the version of the package that wrote these files (a commit of it works "
        f"too). Once the package is on PyPI, `pip install {shlex.quote(f'{DISTRIBUTION}=={__version__}')}` "
        "does the same."
    )
    if site.placeholder:
        note = (
            "`OWNER/REPO` is the package's repository on GitHub: fill it in here, in `PACKAGE` at the top of "
            "both workflows and in `.pre-commit-config.yaml`. " + note
        )
    return note


def translations(others: list[str]) -> str:
    """The README's words for the translations, after the binding language's name."""
    if not others:
        return ""
    names = ", ".join(language_name(lang, "en") for lang in others)
    return (
        f"; translations into {names} are published beside it"
        if len(others) > 1
        else f"; a translation into {names} is published beside it"
    )


def readme_text(text: str) -> str:
    """Text that Markdown shows as it is: no HTML (a `<!--` would hide the rest of the README),
    no emphasis, links or headings made of its characters."""
    return re.sub(r"([\\`*_\[\]#|!{}])", r"\\\1", html.escape(text, quote=False))


def render(site: NewSite) -> dict[str, str]:
    """Every file of the new site: its path -> its text."""
    auth = site.authoritative
    others = [lang for lang in site.languages if lang != auth]
    values = {
        "title": site.titles[auth],  # in comments of mkdocs.yml and policy.yml (one line)
        "title_md": readme_text(site.titles[auth]),  # in the README, which is Markdown
        "site_name": quoted(site.titles[auth]),
        "site_url": site.site_url,
        "distribution": DISTRIBUTION,
        "version": __version__,
        # Quoted where they are written: a shell reads the README's line as one word, YAML the
        # workflows' PACKAGE and pre-commit's repo and rev as one string (`pip install "$PACKAGE"`
        # expands to one word, and an expansion is not read again).
        "requirement_sh": shlex.quote(site.requirement),
        "requirement_yaml": quoted(site.requirement),
        "package_repo_yaml": quoted(site.package_repo),
        "rev_yaml": quoted(site.rev),
        "fill_in": " (OWNER/REPO: to fill in)" if site.placeholder else "",
        "manual": site.manual(),
        "guide": site.manual("editors.md"),
        "guide_sv": f" ([svenska]({site.guide_sv()}))" if "sv" in site.languages else "",  # for Swedish editors only
        "policy_yml_reference": site.manual("policy-yml.md"),
        "checks_reference": site.manual("checks.md"),
        "integrate_guide": site.manual("integrate.md"),
        "effective": site.today.isoformat(),
        "authoritative": auth,
        "authoritative_name": language_name(auth, "en"),
        "translations": translations(others),
        "titles": "\n".join(f"  {lang}: {quoted(site.titles[lang])}" for lang in site.languages),
        "summaries": "\n".join(f"  {lang}: {quoted(sample(lang)['summary'])}" for lang in site.languages),
        "i18n": i18n_block(site),
        "url_rows": url_rows(site),
        "section_rows": section_rows(site),
        "requirement_note": requirement_note(site),
    }
    files = {target: fill((SCAFFOLD / name).read_text(encoding="utf-8"), values) for name, target in TEMPLATES.items()}
    for lang in site.languages:
        files[section_path(lang)] = section_text(lang)
    files["docs/.gitkeep"] = ""  # MkDocs refuses a docs_dir that does not exist; git keeps no empty folder
    return dict(sorted(files.items()))


def in_git_repository(path: Path) -> bool:
    """Whether `path`, or the nearest folder above it that exists, is in a git work tree."""
    existing = next(p for p in [path, *path.parents] if p.exists())
    try:
        git.Repo(existing, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


def check_new_folder(target: Path, files: dict[str, str], force: bool) -> None:
    """DIR must be new or empty; with `force`, none of init's files may be there already."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder", "name a new or empty folder")
    if not target.is_dir():
        for parent in target.parents:
            if parent.exists() and not parent.is_dir():
                raise InitError(f"{parent} is a file, not a folder", "name a new or empty folder")
        return
    entries = sorted(p.name for p in target.iterdir())
    if entries and not force:
        shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
        raise InitError(
            f"{target} is not empty (it holds {shown})",
            "name a new or empty folder, or pass --force to add the site's files beside those (init replaces none)",
        )
    taken = []
    for rel in files:
        parts = Path(rel).parts
        for n in range(1, len(parts) + 1):
            path = target.joinpath(*parts[:n])
            last = n == len(parts)
            if path.is_symlink() or (path.exists() and (last or not path.is_dir())):
                taken.append(Path(*parts[:n]).as_posix())
                break
    if taken:
        taken = sorted(set(taken))
        raise InitError(
            f"{target} already has {', '.join(taken)}, which init would write, and init replaces no file",
            "move them away (or start in an empty folder) and run it again",
        )


def create(target: Path, site: NewSite, force: bool = False) -> Created:
    """Write the site into `target`: checked first, written into a temporary folder beside
    it, then moved in; `git init` (branch main) when `target` is in no git repository."""
    target = Path(os.path.abspath(target))
    files = render(site)
    check_new_folder(target, files, force)
    git_init = not in_git_repository(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.policy-init-", dir=target.parent))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if not target.exists():
            if git_init:
                _git_init(staging)
            staging.rename(target)
        else:
            _move_into(staging, target, list(files))
            if git_init:
                _git_init(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Created(target, list(files), git_init)


def _git_init(path: Path) -> None:
    """A new repository whose branch is main, where the deploy workflow publishes from."""
    try:
        git.Repo.init(path, initial_branch="main")
    except git.GitCommandError as exc:
        raise InitError(
            f"git init failed in {path}: {exc.stderr.strip() or exc}", "run `git init` there yourself"
        ) from None


def _move_into(staging: Path, target: Path, files: list[str]) -> None:
    """The files from `staging` into the existing `target`, none of which is there (checked);
    on a failure, those moved already are taken out again."""
    moved: list[Path] = []
    made: list[Path] = []
    try:
        for rel in files:
            destination = target / rel
            for parent in reversed(destination.relative_to(target).parents):
                folder = target / parent
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            os.replace(staging / rel, destination)
            moved.append(destination)
    except OSError as exc:
        for path in moved:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            shutil.rmtree(folder, ignore_errors=True)
        raise InitError(
            f"cannot write into {target} ({exc}); nothing was left there",
            "make the folder writable (or free room) and run init again",
        ) from None


def said_after(created: Created, site: NewSite, directory: Path) -> list[str]:
    """What `policy init` says once the site is written: the files, the commands to run next
    (as typed: `directory` as given), and what is left to fill in or translate."""
    lines = [
        f"Wrote a new policy site in {created.root}"
        + (" (git init: a new repository, branch main)" if created.git_init else "")
        + ":"
    ]
    lines += [f"  {rel}" for rel in created.files]
    lines += ["", f"Next (the first commit is version 1.0, effective {site.today.isoformat()}):"]
    message = shlex.quote(f"{site.titles[site.authoritative]} 1.0")
    lines += [
        f"  cd {shlex.quote(str(directory))}",
        f"  git add -A && git commit -m {message}",
        "  mkdocs build --strict",
        "A policy you have already replaces the sample before that commit: "
        "policy import FILE --language LANG, or, with its git history, "
        "policy import --history REPO:PATH --language LANG (which commits for you).",
    ]
    shipped = shipped_languages()
    wordless = [lang for lang in site.languages if lang not in shipped and re.split(r"[-_]", lang)[0] not in shipped]
    if wordless:
        lines += [
            "",
            f"The package has no words for {', '.join(wordless)}: those pages show its words in "
            f"English until the site adds words/{wordless[0]}.yml (policy words en > "
            f"words/{wordless[0]}.yml, then translate).",
        ]
    if site.placeholder:
        lines += [
            "",
            "Fill in OWNER/REPO, the package's repository, in README.md, policy/policy.yml, "
            ".github/workflows/*.yml and .pre-commit-config.yaml.",
        ]
    return lines
