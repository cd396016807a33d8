"""Relative links in the policy's text, checked where the editor wrote them.

To MkDocs, the text of a language is the page `LANG/index.md` of docs_dir, and every archived
version a page beside it (`LANG/versions-1.0.md`): a relative link or image (`other.md`,
`../abuse/index.md`, `logo.png`) resolves from `docs_dir/LANG/` on every one of them. One whose
target is not there would fail `mkdocs build --strict` with a warning that names MkDocs' own
page, which no editor can find; so lint and the build report it first, at the section file's
line. A target MkDocs does not check (a folder, a page without a suffix) is left to it. A link
inside a comment is not in the text (comments.py), and is not checked. So is a link to a place
on the page (`#rules`) that the page lacks (`dead-anchor`), which MkDocs says only at INFO,
naming its page. archived.py runs the same checks on every archived version.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, slugify_unicode

from policykit.text import checks
from policykit.text.checks import Problems
from policykit.text.comments import prose_lines
from policykit.text.model import LanguageText
from policykit.text.numbering import STANDARD_NUMBERING, Numbering
from policykit.text.sanitise import heading_id, normalise_url
from policykit.text.source import PolicyFiles

#: `](target)` and `](<target>)` of links and images, `[ref]: target`, and `href=`/`src=`.
_TARGETS = re.compile(
    r"\]\(\s*<(?P<angle>[^<>\n]*)>|\]\(\s*(?P<plain>[^\s()<>]+)"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<ref>[^\s<>]+)"
    r"|\b(?:href|src)[ \t]*=[ \t]*(?:\"(?P<dq>[^\"\n]*)\"|'(?P<sq>[^'\n]*)')",
    re.MULTILINE,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def check_relative_links(files: PolicyFiles, languages: list[str], docs: Path | None, problems: Problems) -> None:
    """Report each relative link of the working tree's section files whose target MkDocs would
    not find (`relative-link`). With i18n's fallback, a page of the default language serves the
    others too, so a target found there counts as found."""
    default = languages[0] if languages else ""
    for lang, name, text in files.texts(languages):
        for line, target in missing_targets(text, lang, default, docs):
            problems.add(
                checks.RELATIVE_LINK,
                f"{files.shown}/{lang}/{name}",
                line,
                _missing_message(target, lang, docs),
                _MISSING_FIX,
            )


#: How to mend a link to a file that is not in the site (the text in force).
_MISSING_FIX = "link to a clause (#s1-a), to a file that is in the docs folder, or to a full https:// address"


def _missing_message(target: str, lang: str, docs: Path | None) -> str:
    """What is wrong with a relative link whose target MkDocs would not find."""
    resolved = _resolve(target, lang)
    place = (
        "outside the docs folder"
        if resolved.startswith("..")
        else f"{docs.name if docs else 'docs'}/{resolved}, which does not exist"
    )
    return (
        f"the link '{target}' names a file of the site that is not there: on every page of the text it leads to {place}"
    )


def missing_targets(text: str, lang: str, default: str, docs: Path | None) -> list[tuple[int, str]]:
    """(line, target) of each relative link in `text` (a section file of `lang`) whose target
    MkDocs would not find in `docs`."""
    return not_found(relative_targets(text), lang, default, docs)


def relative_targets(text: str) -> list[tuple[int, str]]:
    """(line, target) of each relative link in `text`: what `not_found` looks for in docs/."""
    return list(_relative_targets(text))


def not_found(targets: list[tuple[int, str]], lang: str, default: str, docs: Path | None) -> list[tuple[int, str]]:
    """Those of `targets` (relative_targets of a section file of `lang`) that MkDocs would
    not find in `docs`."""
    return [(line, target) for line, target in targets if not _found(target, lang, default, docs)]


def check_page_anchors(files: PolicyFiles, texts: dict, present: dict[str, set[str]], problems: Problems) -> None:
    """Report each link to a place on the page (`#s9-z`) that no element of the page has
    (`dead-anchor`): MkDocs says so only at INFO, naming its own page. `present` is, per
    language, every anchor the page of the text in force has (`page_anchors`)."""
    for lang, name, source in files.texts(list(texts)):
        for line, target in dead_anchors(source, present.get(lang, set())):
            problems.add(
                checks.DEAD_ANCHOR,
                f"{files.shown}/{lang}/{name}",
                line,
                f"the link '{target}' leads to no place on the page: no clause, heading "
                f"or declared anchor is called {target[1:]!r}",
                "link to a clause or section by its anchor, such as #s1-a, or declare "
                "the old anchor under aliases: in policy.yml",
            )


def dead_anchors(text: str, present: set[str]) -> list[tuple[int, str]]:
    """(line, target) of each link in `text` to a fragment of its own page that is not in
    `present`."""
    return dead(fragment_links(text), present)


def fragment_links(text: str) -> list[tuple[int, str]]:
    """(line, target) of each link in `text` to a place on its own page (`#s1-a`)."""
    return list(_relative_targets(text, fragments=True))


def dead(links: list[tuple[int, str]], present: set[str]) -> list[tuple[int, str]]:
    """Those of `links` (fragment_links) whose place is not in `present`. An empty fragment
    (`#`) is the top of the page; the footnotes extension checks its own ids."""
    found = []
    for line, target in links:
        fragment = unquote(target[1:])
        if fragment and fragment not in present and not _FOOTNOTE.match(fragment):
            found.append((line, target))
    return found


#: The footnotes extension's ids (`fn:1`, `fnref:1`): the extension checks its own.
_FOOTNOTE = re.compile(r"^fn(?:ref\d*)?:")


def page_anchors(
    text: LanguageText, title: str = "", declared: Iterable[str] = (), numbering: Numbering = STANDARD_NUMBERING
) -> set[str]:
    """Every anchor that the page of `text` (a parsed LanguageText) has, as far as its words
    decide: its units' ids, the ids the toc extension gives its title and sub-headings (and
    their numbered repeats; `h-s3-g` for a slug of an anchor's form under `numbering`:
    sanitise.heading_id), and `declared` (the aliases, moved and removed anchors that the
    page of the text in force has as elements; an archived version's page has none)."""
    present = set(text.ids()) | set(declared)
    headings = [title] if title else []
    if text.preamble is not None and text.preamble.title:
        headings.append(text.preamble.title)  # the page's heading, where the text has one
    for unit in text.units():  # a section's heading has its unit's id; a heading in its text, a slug
        headings += [m.group(1) for m in _SUB_HEADING.finditer("\n".join(unit.lines))]
    for heading in headings:
        for made in {slugify(heading, "-"), slugify_unicode(heading, "-")}:
            slug = heading_id(made, [numbering])
            present.add(slug)
            present.update(f"{slug}_{n}" for n in range(1, 10))
    return present


_SUB_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)


def _relative_targets(text: str, fragments: bool = False) -> Iterator[tuple[int, str]]:
    """(line, target) of each relative link target outside fenced code and comments; with
    `fragments`, only the links to a place on the same page (`#s1-a`) instead."""
    if "](" not in text and "]:" not in text and "=" not in text:
        return  # no target (_TARGETS finds each after one of them): most files of a long history
    for number, line in prose_lines(text):
        for match in _TARGETS.finditer(line):
            target = next(g for g in match.groups() if g is not None).strip()
            judged = normalise_url(target)  # as a browser reads it: `\\host` is `//host`
            if fragments:
                if judged.startswith("#"):
                    yield number, target
            elif judged and not (_SCHEME.match(judged) or judged.startswith(("/", "#", "?"))):
                yield number, target


def _path(target: str) -> str:
    """The file a link names: without its fragment and query, percent-decoded."""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])


def _resolve(target: str, lang: str) -> str:
    return posixpath.normpath(posixpath.join(lang, _path(target)))


def _found(target: str, lang: str, default: str, docs: Path | None) -> bool:
    path = _path(target)
    if not path or not posixpath.splitext(path.rstrip("/"))[1] or path.endswith("/"):
        return True  # a folder or a page without a suffix: MkDocs does not check it
    resolved = _resolve(target, lang)
    if docs is None or resolved.startswith("../") or resolved == "..":
        return False
    if (docs / resolved).is_file():
        return True
    rest = resolved[len(lang) + 1 :] if resolved.startswith(lang + "/") else None
    return rest is not None and bool(default) and (docs / default / rest).is_file()


#: What a site's address may hold: an absolute http(s) URL in the characters of RFC 3986.
_URL_CHARS = re.compile(r"[^A-Za-z0-9._~:/%@!$&()*+,;=-]")


def _idn_host(value: str) -> tuple[str, str] | None:
    """An international host name and its ASCII form (`exämple.com`, `xn--exmple-cua.com`),
    when that is what the address holds outside ASCII; else None."""
    try:
        host = urlsplit(value).hostname or ""
        ascii_form = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    return (host, ascii_form) if host != ascii_form and ascii_form.isascii() and value.count(host) == 1 else None


def site_url_problem(value: str) -> str | None:
    """What is wrong with mkdocs.yml's `site_url` (None: nothing, or unset). It reaches every
    page, the feeds, policy.json and the verify page's commands, so it holds only what an
    address needs: a `"` would otherwise end an attribute, and the build blame the theme."""
    if not value:
        return None
    odd = _URL_CHARS.search(value)
    if odd and not odd.group().isascii():
        host = _idn_host(value)
        if host:
            return f"has the host name {host[0]!r}, which an address writes as {host[1]!r} (write that instead)"
    if odd:
        shown = checks.printable(odd.group())
        return (
            f"holds {shown!r}, which an address does not need (write the address plainly, "
            f"percent-encoded where needed, such as https://example.org/policy/)"
        )
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) address (write it whole, such as https://example.org/policy/)"
    if parts.query or parts.fragment:
        return "has a query or a fragment (write the address alone, such as https://example.org/policy/)"
    if "@" in parts.netloc:  # every page and link would publish the user name and password
        return "holds a user name or password before '@' (write the address without them, such as https://example.org/policy/)"
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return "has a port that is not a number from 0 to 65535 (write it as https://example.org:8443/policy/, or leave it out)"
    return None
