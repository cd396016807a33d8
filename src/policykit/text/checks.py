"""One registry of checks, shared by the site build and `policy lint`.

Every problem the project can find in a policy is a `Problem` of a registered `Check`. The
build and the lint command report the same problems with the same words, so that what lint
calls an error is exactly what makes `mkdocs build` refuse. A check's `summary` is what the
editors' guide says about it; its severity decides what happens:

- ERROR stops the build (and makes lint exit 1);
- WARNING is logged as a MkDocs warning, so `mkdocs build --strict` fails on it;
- NOTICE is information (INFO in the build log) and never fails anything.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Severity(enum.IntEnum):
    NOTICE = 1
    WARNING = 2
    ERROR = 3


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    summary: str


CHECKS: dict[str, Check] = {}


def _register(code: str, severity: Severity, summary: str) -> Check:
    if code in CHECKS:  # a second registration would make two checks share one code
        raise ValueError(f"check {code!r} is registered twice")
    CHECKS[code] = check = Check(code, severity, summary)
    return check


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

# Files and encodings
NOT_UTF8 = _register("not-utf8", E, "A policy file is not valid UTF-8.")
EMPTY_FILE = _register("empty-file", E, "A section file is empty.")
FILE_NAME = _register(
    "file-name", E, "A Markdown file in a language folder has no section number, or a control character in its name."
)
DUPLICATE_SECTION = _register("duplicate-section", E, "Two files carry the same section number.")
FRONT_MATTER = _register(
    "front-matter", E, "A file's front matter is not a YAML mapping (or uses an alias, or nests too deep)."
)
FORBIDDEN_CHARACTER = _register(
    "forbidden-character",
    E,
    "A policy file holds a control character, U+2028/U+2029, "
    "or one of the private-use characters the site uses for its markers.",
)
DOCS_FILE = _register(
    "docs-file",
    E,
    "docs/ holds a file that it does not publish: not a page, an image, a font, a PDF "
    "or text file, or a stylesheet or script that mkdocs.yml lists; or an SVG image outside the "
    "allow-list (a script, an event attribute, a link to another file, an embedded page).",
)
SYMLINK = _register("symlink", E, "A file or folder under policy/ or docs/ is a symbolic link.")
RELATIVE_LINK = _register(
    "relative-link",
    E,
    "A relative link or image in the policy's text names a file that "
    "is not in the site (MkDocs resolves it from docs_dir/LANG/).",
)
TEMPLATE_SYNTAX = _register(
    "template-syntax",
    E,
    "The policy's text holds template syntax of another site "
    "(`{{ site.email }}`, `{% include %}`) that this site does not fill in.",
)
DEAD_ANCHOR = _register(
    "dead-anchor",
    W,
    "A link to a place on the page (`#s9-z`) that no clause, heading or declared anchor of the text in force has.",
)
OUT_OF_RANGE = _register(
    "out-of-range", E, "A number, length or date beyond what any policy needs (limits.py has the bounds)."
)
# Headings
NO_HEADING = _register("no-heading", E, "A section file does not start with `# N. Title`.")
HEADING_NUMBER = _register("heading-number", E, "A section heading's number disagrees with its file name.")
SECOND_HEADING = _register("second-heading", E, "A section file has a second level-1 heading.")
TEXT_BEFORE_HEADING = _register("text-before-heading", E, "Text stands before the section heading.")
# Labels
DUPLICATE_LABEL = _register("duplicate-label", E, "Two clauses or sub-clauses share a label.")
LABEL_ORDER = _register("label-order", E, "A label is out of order.")
LABEL_GAP = _register("label-gap", E, "A label is missing between two others (and not declared removed or moved).")
ORPHAN_SUBCLAUSE = _register("orphan-subclause", E, "A sub-clause (`(1)`) has no clause before it.")
LABEL_PARENT = _register(
    "label-parent", E, "A decimal label (`4.2`, `4.2.1`) does not start with the label of the unit it stands under."
)
FOREIGN_LABEL = _register(
    "foreign-label",
    E,
    "A line starts with a label of a numbering scheme that policy.yml does not declare (`(a)` where clauses are `a.`).",
)
LABEL_COLLISION = _register(
    "label-collision",
    E,
    "An inserted label reads as a regular one (`Ii.` is `II.` under Roman numerals): the two would share an anchor.",
)
NUMBERING = _register(
    "numbering", E, "policy.yml's `numbering:` names an unknown scheme, or schemes that cannot be told apart."
)
PREAMBLE_LABEL = _register("preamble-label", E, "The preamble carries a clause label.")
RAW_HTML = _register(
    "raw-html",
    W,
    "Raw HTML, an attribute list or a URL that the sanitiser removes from the page (a script, a style, an event attribute, an id, a class, an attribute that hides words, a javascript: link, an image from another host), or a <details> that it opens.",
)
UNCLOSED_COMMENT = _register(
    "unclosed-comment", W, "An HTML comment (`<!--`) is never closed: the page shows it as text."
)
ID_COLLISION = _register(
    "id-collision",
    E,
    "Raw HTML, an attribute list or an `aliases:` key gives an element an id of the form of the anchors (s5-c).",
)
MISSHAPEN_LABEL = _register(
    "misshapen-label", W, "A line looks like a label but is not read as one (indented, no space after it)."
)
UPPERCASE_LABEL = _register("uppercase-label", W, "A line starts with an upper-case label such as `A.`.")
CONFUSABLE_LABEL = _register(
    "confusable-label",
    E,
    "A label or heading is written with a look-alike or invisible "
    "character (a no-break space, a Cyrillic letter), so it is not read as one.",
)
# Languages
LANGUAGE_MISSING = _register("language-missing", E, "A language of the site has no folder under policy/.")
LANGUAGE_UNLISTED = _register("language-unlisted", E, "A folder under policy/ is not a language of the site.")
STRUCTURE_MISMATCH = _register(
    "structure-mismatch", E, "A translation lacks, or adds, a section, clause or sub-clause."
)
# Anchors across versions
ANCHOR_DIED = _register("anchor-died", E, "A published anchor is gone from the text and not declared removed or moved.")
MOVED_LIVE = _register("moved-live", E, "A `moved:` key is still an anchor of the text.")
REMOVED_LIVE = _register("removed-live", E, "An anchor declared `removed:` is an anchor of the text again (reused).")
MOVED_TARGET = _register("moved-target", E, "A `moved:` target is not an anchor of the text.")
ALIAS_TARGET = _register("alias-target", W, "An `aliases:` target is not an anchor of the text.")
SHALLOW_CLONE = _register("shallow-clone", E, "The repository is a shallow clone: the history is incomplete.")
BUILD_DATE = _register("build-date", E, "SOURCE_DATE_EPOCH is set, but not to a time the build can use.")
HISTORY_UNAVAILABLE = _register("history-unavailable", W, "The policy's git history cannot be read.")
UNTRANSLATED = _register(
    "untranslated",
    N,
    "A translation leaves a unit untranslated for now (front matter `untranslated:`): the authoritative text stands in.",
)
TRANSLATION_OUTDATED = _register(
    "translation-outdated", N, "A translated clause lags a later change of its authoritative text."
)
OLD_VERSION = _register("old-version", N, "Something is odd about a published version (it is shown as it was).")
# Against the base of a pull request (policy lint --base)
VERSION_NOT_BUMPED = _register("version-not-bumped", E, "The text changed but `version:` did not.")
VERSION_REUSED = _register("version-reused", E, "`version:` is the label of an earlier published version.")
EFFECTIVE_BACKWARDS = _register("effective-backwards", E, "`effective:` is earlier than the base version's.")
DECLARATION_DELETED = _register("declaration-deleted", E, "A `moved:` or `removed:` declaration of the base is gone.")
# policy.yml
META_MISSING = _register("meta-missing", E, "policy/policy.yml is missing.")
META_SYNTAX = _register("meta-syntax", E, "policy/policy.yml is not valid YAML (or uses an alias, or nests too deep).")
META_FIELD = _register("meta-field", E, "A field of policy/policy.yml is missing or malformed.")
EDITORIAL_LABEL = _register(
    "editorial-label",
    W,
    "`editorial:` in policy.yml names another label than `version:`, "
    "or none: it is ignored (it marks only the version it names).",
)
META_UNKNOWN = _register("meta-unknown", W, "policy/policy.yml has a key that nothing reads.")
# The site
WORDS = _register(
    "words",
    N,
    "A language of the site has no catalogue of the generator's words, or one that lacks "
    "keys: those words are shown in English.",
)
WORDS_UNUSED = _register(
    "words-unused",
    W,
    "A site's word, words file or locale that is not used as meant: an "
    "unknown key, a file of no language of the site, a locale of another language.",
)
SITE_CONFIG = _register(
    "site-config",
    E,
    "A value of mkdocs.yml that the theme prints is not of the form it must "
    "have (a file of the site, an icon, a name, a link, a web address), or turns on a feature "
    "that loads from another host (theme.font, extra.analytics, extra.consent).",
)
WORDS_INVALID = _register(
    "words-invalid",
    E,
    "A site's words file or a locale cannot be used: invalid YAML, an "
    "unknown placeholder, a symbolic link, a locale Babel does not know.",
)


#: Shown escaped in terminal output: C0 and C1 controls, DEL, the line and paragraph separators,
#: the bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9) and lone surrogates (a file name
#: that is not UTF-8).
ESCAPED_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with the characters of ESCAPED_RE shown as escapes (`\\n`, `\\x1b`, `\\u202e`):
    what may go to a terminal or a log, whatever the input held. Idempotent: what it returns
    holds none of those characters."""
    if ESCAPED_RE.search(text) is None:
        return text
    return ESCAPED_RE.sub(
        lambda m: (
            _ESCAPES.get(m.group())
            or (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}")
        ),
        text,
    )


def located(path: str | None, line: int | None, message: str, fix: str) -> str:
    """The one way a problem is said, by the build, `policy lint` and every command:
    `path:line: message (fix)`, control characters escaped (printable). Where nothing is
    located (a command-line option), the message stands alone; where there is nothing to fix
    but what the message says, no parentheses follow."""
    where = f"{path}:{line}" if path and line else path
    said = f"{where}: {message}" if where else message
    return printable(f"{said} ({fix})" if fix else said)


class FixableError(Exception):
    """What stops a command or the build before it writes anything: where (`path`, and its
    `line` where known), what (`message`) and how to fix it (`fix`), said as a Problem says it
    (`located`). The command line shows it as its error (cli.py, in one place), the build as a
    PluginError, and `policy lint` as a Problem (`problem`). `lines`: what is shown, one
    problem a line; more than this one where a run names every problem it found. Every error of
    the project is one of these, made the same way: `Error(message, fix, path=..., line=...)`."""

    def __init__(
        self,
        message: str,
        fix: str = "",
        *,
        path: str | None = None,
        line: int | None = None,
        lines: list[str] | None = None,
    ):
        self.message, self.fix, self.path, self.line = message, fix, path, line
        self.lines = [printable(text) for text in lines] if lines else [self.said]
        super().__init__("\n".join(self.lines))

    @property
    def said(self) -> str:
        """This problem alone, in the one format."""
        return located(self.path, self.line, self.message, self.fix)

    def problem(self, check: Check, path: str | None = None) -> Problem:
        """This error as a Problem of `check` (located at `path` where the error names no file)."""
        return Problem(check, self.path or path or "", self.line, self.message, self.fix)


@dataclass(frozen=True)
class Problem:
    """One finding, located in a file (path relative to the project) and, where known, a line."""

    check: Check
    path: str
    line: int | None
    message: str
    fix: str

    @property
    def severity(self) -> Severity:
        return self.check.severity

    def __str__(self) -> str:
        """`path:line: message (fix)`, with control characters escaped: every problem reaches
        a terminal or a log through here, and its words may quote the input (a file name)."""
        return located(self.path, self.line, self.message, self.fix)


class Problems(list[Problem]):
    """The problems of one policy, in the order found."""

    def add(self, check: Check, path: str, line: int | None, message: str, fix: str) -> None:
        self.append(Problem(check, path, line, message, fix))

    def of(self, severity: Severity) -> list[Problem]:
        return [p for p in self if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        return self.of(Severity.ERROR)
