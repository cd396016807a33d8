"""What `policy import` does with its options, without click: which import they ask for, reading
the file, splitting and writing it (or replaying its history), and what to say afterwards.

Apart from cli.py, which only parses the options and prints, so that the whole of an import, its
report included, is a function of values that a test can call, and the command's module stays
about what a user types. What stops an import is a FixableError (cli.py makes it the command's
error); what it says comes back as lines (Said), escaped for the terminal by the one that prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from policykit.importing import outside_options, standalone
from policykit.importing import run as import_history
from policykit.importing.progress import Progress
from policykit.importing.split import decode_source_file, reference_for, split, write
from policykit.project.config import SiteConfig
from policykit.text.checks import FixableError


@dataclass(frozen=True)
class Request:
    """The options of `policy import`, as given: FILE or --history REPO:PATH, and the rest."""

    language: str
    file: Path | None = None
    history: str | None = None
    into: Path | None = None
    heading_level: int | None = None
    force: bool = False
    translations: tuple[str, ...] = ()
    by: str = "commit"
    keep_authors: bool = False
    since: str | None = None
    skip: tuple[str, ...] = ()
    summaries: Path | None = None
    source_url: str | None = None
    defines: tuple[str, ...] = ()


@dataclass
class Said:
    """What an import says: the report (stdout), then the counts, warnings and next steps (stderr)."""

    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)


def run(request: Request, stderr: TextIO | None) -> Said:
    """The import the options ask for, done; how far a history import has come goes to `stderr`
    as it goes (a bar in place on a terminal)."""
    if (request.file is None) == (request.history is None):
        raise FixableError(
            "give either FILE (a policy file as it stands) or --history REPO:PATH (its git history), "
            "not both and not neither (e.g. policy import --history ../website:privacy.md --language en)"
        )
    options = outside_options.Options.parse(request.source_url, request.defines)
    if request.history is not None:
        return _history(request, request.history, options, Progress(stderr))
    r = request
    if r.translations or r.by != "commit" or r.keep_authors or r.since or r.skip or r.summaries:
        raise FixableError(
            "--translation, --by, --keep-authors, --since, --skip and --summaries go with --history; "
            "import a translation FILE with a second policy import FILE --language LANG"
        )
    assert request.file is not None  # FILE or --history, checked above
    return _file(request, request.file, options)


def _file(request: Request, file: Path, options: outside_options.Options) -> Said:
    """`policy import FILE`: the files written, the notes on the source, the guesses, and a
    warning for a language the site does not list."""
    site = request.into or Path(".")
    language = request.language
    if not site.is_dir() or not ((site / "policy").is_dir() or (site / "mkdocs.yml").is_file()):
        raise FixableError(
            f"{site} is not a site's folder (it has neither policy/ nor mkdocs.yml): "
            "run this in the site's repository, or name it with --into DIR"
        )
    config = SiteConfig.read(site)
    folder = config.policy_dir
    listed = config.i18n_languages  # before the import adds one
    shown = str(file)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise FixableError(f"{shown}: cannot read the file ({exc.strerror})") from None
    try:
        text = decode_source_file(data, shown)
        alone = standalone.resolve_file(text, file, shown, language, options)
        standalone.place_images(site, alone.images)
        reference = reference_for(site / folder, language, folder)
        imported = split(alone.text, shown, language, heading_level=request.heading_level, reference=reference)
        written = write(imported, site / folder, force=request.force)
        written += standalone.place_images(site, alone.images, write=True)
    except OSError as exc:  # the policy folder as it was: write() moves its work into place last
        raise FixableError(f"{site / folder}: cannot write there ({exc.strerror})") from None
    said = Said([f"wrote {path}" for path in written])
    said.out += [f"{shown}:{line}: {what}" for line, what in alone.notes]
    said.out += standalone.unused(options, alone.defined)
    said.out += [str(guess) for guess in imported.guesses]
    if listed and language not in listed:
        said.err.append(unlisted_language(language, listed, folder))
    return said


def unlisted_language(language: str, listed: list[str], folder: str) -> str:
    """The warning for a --language the site does not have (`EN` for `en`, `zz`), with the fix."""
    same = next((code for code in listed if code.lower().replace("_", "-") == language.lower().replace("_", "-")), None)
    fix = (
        f"did you mean --language {same}? Move {folder}/{language}/ away and import again with it"
        if same
        else "add it to the i18n plugin's languages in mkdocs.yml, or import again with one of them"
    )
    return f"warning: {language} is not a language of the site ({', '.join(listed)}): {fix}"


def _history(request: Request, history: str, options: outside_options.Options, progress: Progress) -> Said:
    """`policy import --history`: the report, one line per commit written, then what was
    skipped, the guesses, the summaries worth replacing; on stderr the count and the commands
    to run next."""
    into = request.into or Path(".")
    try:
        report = import_history.replay(
            history,
            request.language,
            import_history.parse_translations(list(request.translations)),
            by=request.by,
            into=into,
            force=request.force,
            keep_authors=request.keep_authors,
            heading_level=request.heading_level,
            since=request.since,
            skip=request.skip,
            summaries=request.summaries,
            progress=progress,
            alone=options,
        )
    except OSError as exc:
        raise FixableError(str(exc)) from None
    finally:
        progress.end()  # a message after the counter starts on a line of its own
    said = Said(report_lines(report), [f"{len(report.lines)} commit(s) written to {into}"])
    if report.next:
        commit = any(line.startswith("git add") for line in report.next)
        said.err.append(
            "Next, commit the site's files that are not committed yet (what policy init wrote, the README), "
            "and build the site:"
            if commit
            else "Next, build the site:"
        )
        said.err += [f"  {line}" for line in report.next]
    return said


def report_lines(report: import_history.ImportReport) -> list[str]:
    """What `policy import --history` says at the end: a line per commit written, then the
    counts (versions, commits skipped, guesses and notes, summaries that are only a file
    name), each followed by its lines."""
    skipped = sum(1 for _ in report.skipped)
    lines = list(report.lines)
    lines.append(
        f"Imported {report.versions} version(s) in {len(report.lines)} commit(s); {skipped} commit(s) "
        f"skipped; {len(report.notes)} guess(es) and note(s); {len(report.file_names)} summary(ies) only a "
        "file name"
    )
    if report.skipped:
        lines.append(f"Skipped ({skipped}):")
        lines += [why for _, whys in report.skipped for why in whys]
    if report.notes:
        lines.append(f"Guesses and notes ({len(report.notes)}), to check against the source:")
        lines += report.notes
    if report.file_names:
        lines.append(
            f"Summaries that are only a file name ({len(report.file_names)}), worth replacing: give them "
            'with --summaries FILE, a YAML file of COMMIT: {LANG: "..."}, and import again:'
        )
        lines += report.file_names
    if report.readme:
        lines.append(report.readme)
    return lines
