"""The `policy` command: what editors run before they open a pull request.

Only parsing and printing live here: what each command does, and what it says after, is in
commands/ (and importing/command.py for `policy import`). What stops a command is a
FixableError, which becomes the command's error in one place (`_Commands.invoke`). Whatever
it prints that comes from the input (a problem, a file name, a revision) goes out with its
control characters escaped (checks.printable), so that no input writes raw to a terminal.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click

from policykit.adapter import material
from policykit.commands import version_list, words
from policykit.commands.diff import as_json, as_markdown, as_text, diff
from policykit.commands.lint import lint
from policykit.importing import target as import_site
from policykit.importing.command import Request as ImportRequest
from policykit.importing.command import run as run_import
from policykit.project.config import SiteConfig, find_root
from policykit.text import checks
from policykit.text.checks import FixableError, printable


class _Commands(click.Group):
    """The `policy` group: a FixableError of any command becomes its error here, one problem a
    line (escaped, checks.printable), exit 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FixableError as exc:
            raise click.ClickException("\n".join(exc.lines)) from None


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The project folder (with mkdocs.yml and the policy folder, policy/ unless "
    "mkdocs.yml sets policy_dir). Default: found from here.",
)


def _site(root: Path | None) -> SiteConfig:
    """The project's configuration (mkdocs.yml), its folder found from here unless given."""
    site = SiteConfig.read(find_root(root or Path.cwd()))
    if not (site.root / site.policy_dir).is_dir():
        raise FixableError(f"no {site.policy_dir}/ folder in {site.root}: run this in the project, or pass --root")
    return site


@click.group(cls=_Commands)
@click.version_option(package_name="mkdocs-policykit")
def main() -> None:
    """Check and compare the policy in policy/ before you publish it.

    \b
    Examples:
      policy lint                      check the working tree
      policy lint --base origin/main   ... and what the change does to main
      policy diff                      what changed since main, clause by clause
      policy versions                  the published versions
      policy versions --on 2026-03-05  the version in force on that day
      policy words en                  the words the site writes, to translate
      policy import terms.md --language en   split one Markdown file into policy/en/
      policy import --history ../site:privacy.md --language en   a policy's history as versions
    """


@main.command("lint")
@click.option("--base", metavar="REF", help="Also check the change against this revision (a pull request's target).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (as `mkdocs build --strict`).")
@root_option
def lint_command(base: str | None, strict: bool, root: Path | None) -> None:
    """Report every problem as `path:line: message (how to fix)`; exit 1 on errors.

    \b
    Examples:
      policy lint
      policy lint --base origin/main --strict
    """
    project = lint(_site(root), base, theme_dirs=material.template_folders())
    for problem in project.problems:
        click.echo(str(problem))
    errors = len(project.problems.errors)
    warnings = len(project.problems.of(checks.Severity.WARNING))
    notices = len(project.problems.of(checks.Severity.NOTICE))
    click.echo(f"{errors} error(s), {warnings} warning(s), {notices} notice(s)", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


@main.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="text for a terminal, markdown for a pull-request comment, json for programs.",
)
@root_option
def diff_command(base: str | None, head: str | None, fmt: str, root: Path | None) -> None:
    """Show the clause-level changes and word-level redline between two versions or revisions.

    BASE defaults to the merge-base with main, HEAD to the working tree. Each is a version label
    of the policy (1.0), or a git tag, branch or commit (v1.0, main, HEAD~1, beef). A version
    label wins over a git name spelled the same, since the label is what readers see; which one
    was used is said on stderr ("1.0 = version 1.0 (commit abc1234)").

    \b
    Examples:
      policy diff
      policy diff main
      policy diff 1.0 1.1 --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    said, report = diff(_site(root), base, head)
    for line in said:  # how a name given here was read: a version label, or a git name
        click.echo(line, err=True)
    if fmt == "markdown":
        click.echo(as_markdown(report), nl=False)
    elif fmt == "json":
        click.echo(as_json(report), nl=False)
    else:
        click.echo(as_text(report, color=sys.stdout.isatty()), nl=False)


@main.command("versions")
@click.option(
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    help="Say which version was in force on this day (as the record of the build date has it), with its period.",
)
@root_option
def versions_command(on: str | None, root: Path | None) -> None:
    """List the versions found in git history, with dates, the period each was in force and
    what changed; editorial versions are marked. With --on DAY, say which version was in
    force on that day (exit 2 for a day that is not a date).

    \b
    Examples:
      policy versions
      policy versions --on 2026-03-05
    """
    day = _day(on) if on is not None else None
    record = version_list.read_record(_site(root))  # the same reading as the build and `policy lint`
    lines = [version_list.in_force_on(record, day)] if day is not None else version_list.version_lines(record)
    for line in lines:
        click.echo(printable(line))


def _day(value: str) -> dt.date:
    """--on's day: YYYY-MM-DD and a real date, else a usage error (exit 2) that names the fix."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise click.BadParameter(
        printable(f"{shown!r} is not a date in the form YYYY-MM-DD; write the day as, for example, --on 2026-03-05"),
        param_hint="--on",
    )


@main.command("words")
@click.argument("lang", default="en")
def words_command(lang: str) -> None:
    """Print the words the generator writes in LANG (default en): the start of a site's own
    words/LANG.yml, for a language the package has no words for, or to override a few.

    \b
    Examples:
      policy words en > words/it.yml   the English words, to translate into Italian
      policy words de                  the German words, to copy the ones to change
    """
    click.echo(words.catalogue_text(lang), nl=False)


@main.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--language",
    "language",
    required=True,
    metavar="LANG",
    help="The language of FILE: it is written to policy/LANG/. With --history, the authoritative one.",
)
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The site's folder (with policy/ or mkdocs.yml; with --history, a git repository). "
    "Default: the current folder.",
)
@click.option(
    "--heading-level",
    type=click.IntRange(1, 6),
    default=None,
    help="The level of the section headings (2 for '## '). Default: the level whose headings "
    "carry the sections' numbers (1, 2, 3 …), else the shallowest level that occurs more than once.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace policy/LANG/ if it exists already (with --history: add the imported versions after the site's own).",
)
@click.option(
    "--history",
    "history",
    metavar="REPO:PATH",
    help="Instead of FILE: replay the git history of PATH in the repository REPO (a folder, or a URL), "
    "one version per commit that changed it (or per tag, --by tag).",
)
@click.option(
    "--translation",
    "translations",
    metavar="LANG=PATH",
    multiple=True,
    help="With --history: a translation of the file, PATH in the same repository. Repeatable.",
)
@click.option(
    "--by",
    type=click.Choice(["commit", "tag"]),
    default="commit",
    show_default=True,
    help="With --history: a version per commit that changed the file, or per tag on such a commit.",
)
@click.option(
    "--keep-authors",
    is_flag=True,
    help=f"With --history: keep the source's author names and e-mails (else {import_site.NEUTRAL[0]} "
    f"<{import_site.NEUTRAL[1]}>; the dates are kept either way).",
)
@click.option(
    "--since",
    metavar="REV",
    help="With --history: start at this commit (a commit id or tag) of the "
    "file's history, e.g. the one that renamed an HTML file to .md.",
)
@click.option(
    "--skip",
    "skip",
    metavar="REV",
    multiple=True,
    help="With --history: leave this commit out (a commit id or tag). Repeatable.",
)
@click.option(
    "--summaries",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help='With --history: a YAML file of summaries, COMMIT: {LANG: "…"} or COMMIT: "…" (the '
    "authoritative language's), COMMIT a commit id or tag.",
)
@click.option(
    "--source-url",
    metavar="URL",
    help="Where the source file was published (https://example.com/legal/terms/): its links to the "
    "source site's other pages lead there. Without it, such a link is kept as its words.",
)
@click.option(
    "--define",
    "defines",
    metavar="KEY=VALUE",
    multiple=True,
    help="The words a template expression of the source stands for, KEY as written inside the braces: "
    "--define site.email_support=support@example.com for {{ site.email_support }}. Repeatable.",
)
def import_command(
    file: Path | None,
    language: str,
    into: Path | None,
    heading_level: int | None,
    force: bool,
    history: str | None,
    translations: tuple[str, ...],
    by: str,
    keep_authors: bool,
    since: str | None,
    skip: tuple[str, ...],
    summaries: Path | None,
    source_url: str | None,
    defines: tuple[str, ...],
) -> None:
    """Split one Markdown policy FILE into section files in policy/LANG/ and add the keys it
    needs to policy/policy.yml (numbering, gaps, aliases of the old page's anchors). Every
    guess is printed as FILE:LINE, to check against the source. A second language is matched
    against the authoritative text already imported.

    With --history REPO:PATH instead of FILE, every version the file's git history has becomes
    one commit of the site, with the original dates and the moved:/removed: declarations that
    keep every published anchor working where the source renumbered. A commit whose text cannot
    be read is skipped and said (the newest stops the import, unless --skip names it).

    \b
    Examples:
      policy import privacy.md --language en
      policy import integritet.md --language sv --into ../policy-site
      policy import terms.md --language en --heading-level 3 --force
      policy import --history ../website:legal/privacy.md --language en --translation de=legal/datenschutz.md
      policy import --history ../website:privacy.md --language en --by tag --keep-authors
      policy import --history ../website:privacy.md --language en --since 4f2a9c1 --skip v2.1
      policy import terms.md --language en --source-url https://example.com/legal/terms/ \\
          --define site.email_support=support@example.com
    """
    request = ImportRequest(
        language=language,
        file=file,
        history=history,
        into=into,
        heading_level=heading_level,
        force=force,
        translations=translations,
        by=by,
        keep_authors=keep_authors,
        since=since,
        skip=skip,
        summaries=summaries,
        source_url=source_url,
        defines=defines,
    )
    said = run_import(request, sys.stderr)
    for line in said.out:
        click.echo(printable(line))
    for line in said.err:
        click.echo(printable(line), err=True)


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--languages", metavar="CODES", help="The site's languages, comma-separated: en,de.")
@click.option(
    "--authoritative",
    metavar="CODE",
    help="The binding language, one of --languages (default: the first); served at the root, the others under /LANG/.",
)
@click.option(
    "--title",
    "titles",
    multiple=True,
    metavar="[LANG=]TITLE",
    help='The title: --title "Terms of Service" for every language, --title de="Nutzungsbedingungen" '
    "for one (repeat it).",
)
@click.option("--site-url", metavar="URL", help="Where the site will be published: https://example.org/terms/.")
@click.option(
    "--package-repo",
    metavar="URL",
    help="The git repository this package installs from, written "
    "into the workflows, the pre-commit configuration and the README: a plain http(s) address, its path of "
    "letters, digits and . _ ~ % - / (default: https://github.com/OWNER/REPO, to fill in).",
)
@click.option("--force", is_flag=True, help="Write into a folder that has other files (init replaces none).")
def init_command(
    directory: Path,
    languages: str | None,
    authoritative: str | None,
    titles: tuple[str, ...],
    site_url: str | None,
    package_repo: str | None,
    force: bool,
) -> None:
    """Make a new site repository in DIRECTORY that builds at once: mkdocs.yml, policy/ with a
    sample first section per language, docs/, the GitHub workflows, a pre-commit
    configuration, a README and a .gitignore. Runs `git init` where DIRECTORY is in no
    repository; commits nothing.

    \b
    Example:
      policy init terms --languages en,de --authoritative en \\
          --title en="Terms of Service" --title de="Nutzungsbedingungen" \\
          --site-url https://example.org/terms/
    """
    from policykit.commands.init import create, said_after
    from policykit.commands.newsite import plan

    site = plan(languages, authoritative, titles, site_url, package_repo, theme_languages=material.languages())
    created = create(directory, site, force)
    for line in said_after(created, site, directory):
        click.echo(printable(line))
