"""What docs/ may publish: an allow-list of kinds of file, chosen by suffix.

MkDocs copies every file of docs_dir that is not a page into the site as it is. Only the site's
HTML pages carry the Content-Security-Policy; a file opened by its own address has none, so any
file that a browser runs (HTML, XHTML, an SVG with a script, other XML) would run with the
site's rights, and a script file could be registered as a service worker that serves every
page from then on. So docs/ publishes only:

- pages: Markdown (`.md`, and MkDocs' other Markdown suffixes), checked as the policy's text is;
- images: PNG, JPEG, GIF, WebP, AVIF, ICO, and SVG that passes svgcheck's allow-list;
- fonts: WOFF, WOFF2, TrueType, OpenType;
- downloads that a browser shows apart from the site: PDF (a browser's PDF viewer runs apart
  from the site's pages, and runs no script with the site's rights), and plain text
  (`robots.txt`); `CNAME` at the top (GitHub Pages' custom domain);
- the stylesheets and scripts that mkdocs.yml lists (`extra_css`, `extra_javascript`), a
  script in a folder of its own: a service worker can only control the pages below its
  script's folder, so a script in a folder without pages can never serve one.

Anything else is an error (`docs-file`) in lint and in the build, both through `check_folder`.
MkDocs never publishes dot-files or the top `templates/` folder, so neither is read. A file
that would take the place of a file of the package's theme (`assets/policy.css`) is refused
too. Suffixes are compared in lower case, as web servers choose a file's type.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from policykit.text import checks, htmlcheck, svgcheck
from policykit.text.checks import Problems
from policykit.text.numbering import STANDARD_NUMBERING, Numbering

#: MkDocs' suffixes of pages (mkdocs.utils.markdown_extensions).
PAGES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"})
FONTS = frozenset({".woff", ".woff2", ".ttf", ".otf"})
DOWNLOADS = frozenset({".pdf", ".txt"})
STYLESHEETS = frozenset({".css"})
SCRIPTS = frozenset({".js", ".mjs"})
#: Files without a suffix that a host reads, at the top of docs/ only.
NAMES = frozenset({"CNAME"})
#: The first folder of the pages that the generator writes (changes/, versions/1.0/, verify/,
#: compare/, side-by-side/en/); tests/test_integrity_docs.py holds it to what a build writes.
GENERATED_FOLDERS = frozenset({"changes", "versions", "verify", "compare", "side-by-side"})
THEME = Path(__file__).resolve().parent.parent / "theme"
#: How a file of each binary kind begins, as (offset, bytes) alternatives: a file whose bytes
#: are another type's (an HTML page named logo.png) is refused, since a host that sends no type
#: leaves the browser to guess it from the bytes.
SIGNATURES = {
    ".png": ((0, b"\x89PNG\r\n\x1a\n"),),
    ".jpg": ((0, b"\xff\xd8\xff"),),
    ".jpeg": ((0, b"\xff\xd8\xff"),),
    ".gif": ((0, b"GIF87a"), (0, b"GIF89a")),
    ".webp": ((8, b"WEBP"),),
    ".avif": ((4, b"ftyp"),),
    ".ico": ((0, b"\x00\x00\x01\x00"), (0, b"\x00\x00\x02\x00")),
    ".woff": ((0, b"wOFF"),),
    ".woff2": ((0, b"wOF2"),),
    ".ttf": ((0, b"\x00\x01\x00\x00"), (0, b"true"), (0, b"ttcf"), (0, b"OTTO")),
    ".otf": ((0, b"OTTO"), (0, b"\x00\x01\x00\x00"), (0, b"ttcf")),
    ".pdf": ((0, b"%PDF-"),),
}
_ALLOWED = (
    "pages (.md), images (.png, .jpg, .gif, .webp, .avif, .ico, .svg), fonts (.woff, .woff2, .ttf, "
    ".otf), .pdf and .txt files, and the stylesheets and scripts that mkdocs.yml lists"
)


@dataclass(frozen=True)
class Listed:
    """The site's own stylesheets and scripts, as paths from the site's root (`assets/x.css`)."""

    stylesheets: frozenset[str] = frozenset()
    scripts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, extra_css: object, extra_javascript: object) -> Listed:
        """From mkdocs.yml's extra_css and extra_javascript (strings, `{path: ...}` entries or
        MkDocs' own values); web addresses of other hosts are no files of docs/."""
        return cls(
            frozenset(filter(None, map(listed_path, _entries(extra_css)))),
            frozenset(filter(None, map(listed_path, _entries(extra_javascript)))),
        )


def _entries(value: object) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def listed_path(entry: object) -> str | None:
    """An entry of extra_css or extra_javascript as a path from the site's root; None for an
    address of another host or what is no path."""
    entry = entry.get("path") if isinstance(entry, dict) else getattr(entry, "path", entry)
    if not isinstance(entry, str):
        return None
    parts = urlsplit(entry.strip())
    if parts.scheme or parts.netloc:
        return None
    path = posixpath.normpath(parts.path.lstrip("/"))
    return None if path in (".", "") or path.startswith("../") else path


def check_folder(
    docs: Path,
    shown: str,
    languages: list[str],
    listed: Listed,
    problems: Problems,
    numbering: Numbering = STANDARD_NUMBERING,
) -> None:
    """Every file that MkDocs would publish from `docs` (shown as `shown`, `docs/`): pages
    against the allow-list of the policy's text (no id of the form of `numbering`'s anchors),
    other files against the allow-list of kinds."""
    files = []
    for folder, dirs, names in os.walk(docs):
        at_top = Path(folder) == docs
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (at_top and d == "templates"))
        files += [Path(folder, name) for name in sorted(names) if not name.startswith(".")]
    files = [f for f in files if not f.is_symlink()]  # reported as links, never read
    rel = {path: path.relative_to(docs).as_posix() for path in files}
    pages = [rel[p] for p in files if p.suffix.lower() in PAGES]
    for path in files:
        if path.suffix.lower() in PAGES:
            try:
                source = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # MkDocs says it cannot read the page
            htmlcheck.check_page(source, shown + rel[path], problems, numbering)
            continue
        found = file_problem(path, rel[path], languages, listed, pages)
        if found is not None:
            what, line, fix = found
            problems.add(checks.DOCS_FILE, shown + rel[path], line, what, fix)


#: A folder name that mkdocs-static-i18n takes for a language's folder (its config.RE_LOCALE).
_LANGUAGE_FOLDER = re.compile(r"[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?|[a-z]{2}_[A-Z]{2}")


def check_language_folders(docs: Path, shown: str, languages: list[str], problems: Problems) -> None:
    """A top folder of docs/ named like a language code (`de`, `js`, `ai`, `pt-BR`) that is no
    language of the site: mkdocs-static-i18n takes it for the folder of a language it does not
    build (its folder.py), and publishes none of its files, pages and scripts alike, without a
    word. Only for a site with that plugin: without it, the folder is published like any other."""
    for entry in sorted(docs.iterdir()):
        if entry.is_dir() and entry.name not in languages and _LANGUAGE_FOLDER.fullmatch(entry.name):
            problems.add(
                checks.DOCS_FILE,
                f"{shown}{entry.name}/",
                None,
                f"a folder named like a language code ({entry.name}) that is no language of the site: "
                "mkdocs-static-i18n takes it for that language's folder and publishes none of its files",
                f"rename it to a name that is no language code, three letters or more, or add {entry.name} "
                "to the i18n plugin's languages",
            )


#: What MkDocs leaves out of a theme folder (`Files.add_files_from_theme`): templates, Python,
#: dot-files, readme files, translations and Markdown.
_THEME_SKIPPED = re.compile(
    r"(?:^|/)\.|\.(?:py|pyc|html|md|markdown|mdown|mkdn|mkd)$|readme|^mkdocs_theme\.yml$|^locales/", re.IGNORECASE
)


def check_theme_folder(custom: Path, shown: str, listed: Listed, problems: Problems) -> None:
    """The files of a site's `theme.custom_dir` that MkDocs publishes as they are (all but its
    templates): the same allow-list of kinds as docs/, since a script or an SVG there runs with
    the site's rights just the same (and could register a service worker for every page)."""
    if custom.is_symlink() or not custom.is_dir():
        return
    for folder, dirs, names in os.walk(custom):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            rel = path.relative_to(custom).as_posix()
            if _THEME_SKIPPED.search(rel):
                continue
            if path.is_symlink():
                problems.add(
                    checks.DOCS_FILE,
                    shown + rel,
                    None,
                    "a symbolic link, which MkDocs would follow",
                    "replace it with the file itself",
                )
                continue
            found = file_problem(path, rel, [], listed, [])
            if found is not None:
                what, line, fix = found
                problems.add(checks.DOCS_FILE, shown + rel, line, what, fix.replace("docs/", shown))


def _site_path(rel: str, languages: list[str]) -> str:
    """Where a file of docs/ is published, from the site's root, as far as the language goes:
    mkdocs-static-i18n publishes docs/LANG/x at x (default language) or LANG/x."""
    head, _, rest = rel.partition("/")
    return rest if rest and head in languages else rel


def file_problem(
    path: Path, rel: str, languages: list[str], listed: Listed, pages: list[str]
) -> tuple[str, int | None, str] | None:
    """Why the file `rel` of docs/ may not be published, as (what, line, fix); None if it may."""
    suffix = path.suffix.lower()
    published = _site_path(rel, languages)
    if published in _theme_files() or rel in _theme_files():
        return (
            f"a file at the address of policykit's own {published}, which every page uses: it would take its place",
            None,
            "rename it, or move it to another folder (and list it in mkdocs.yml if it is a stylesheet or script)",
        )
    if suffix in IMAGES | FONTS | DOWNLOADS or rel in NAMES:
        return _svg_problem(path) if suffix == ".svg" else _signature_problem(path, suffix)
    if suffix in STYLESHEETS | SCRIPTS:
        return _asset_problem(rel, published, suffix in SCRIPTS, listed, languages, pages)
    kind = f"a {suffix} file" if suffix else "a file without a suffix"
    if suffix in (".html", ".htm", ".xhtml", ".xht", ".xhtm", ".shtml", ".svgz"):
        what = (
            f"{kind}, which MkDocs would publish as it is, and a browser would run as a page of the site, "
            "without the site's checks or Content-Security-Policy"
        )
    else:
        what = f"{kind}, which MkDocs would publish as it is: docs/ publishes only {_ALLOWED}"
    return (
        what,
        None,
        (
            "write a page in Markdown (a .md file); save an image as PNG or plain SVG, a document "
            "as PDF; or keep the file outside docs/"
        ),
    )


def _signature_problem(path: Path, suffix: str) -> tuple[str, int | None, str] | None:
    signatures = SIGNATURES.get(suffix)
    if signatures is None:
        return None
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError:
        return None  # MkDocs says it cannot copy it
    if any(head[at : at + len(magic)] == magic for at, magic in signatures):
        return None
    return (
        f"a {suffix} file whose bytes are not those of its type: a browser could take it for another",
        None,
        f"save it again as a {suffix} file, or give it the suffix of what it is",
    )


def _svg_problem(path: Path) -> tuple[str, int | None, str] | None:
    try:
        with path.open("rb") as file:
            data = file.read(svgcheck.MAX_SVG_BYTES + 1)
    except OSError:
        return None  # MkDocs says it cannot copy it
    found = svgcheck.svg_problem(data)
    if found is None:
        return None
    return (
        f"an SVG image with {found.what}: opened on its own, an SVG is a page of the site without its "
        "Content-Security-Policy, so it may only draw",
        found.line,
        "remove that from the image, export it as a plain SVG (Inkscape: Save As, Plain SVG), or save it as PNG",
    )


def _asset_problem(
    rel: str, published: str, script: bool, listed: Listed, languages: list[str], pages: list[str]
) -> tuple[str, int | None, str] | None:
    key, kind = ("extra_javascript", "script") if script else ("extra_css", "stylesheet")
    folder = posixpath.dirname(published)
    holding = script and (
        folder == ""
        or folder.split("/")[0] in GENERATED_FOLDERS | set(languages)
        or any(page.startswith(folder + "/") for page in _page_addresses(pages, languages))
    )
    own = f"javascripts/{posixpath.basename(rel)}"  # where a script that lies among pages may go
    if published not in (listed.scripts if script else listed.stylesheets) and rel not in (
        listed.scripts if script else listed.stylesheets
    ):
        runs = ": a browser would run it, as a service worker too" if script else ""
        move = f", after moving it to docs/{own}" if holding else ""
        return (
            f"a {kind} that mkdocs.yml does not list{runs}",
            None,
            f"list it in mkdocs.yml ({key}: [{own if holding else published}]) if the site uses it{move}, or remove it",
        )
    if holding:
        where = f"the folder {folder}/" if folder else "the top of the site"
        return (
            f"a script at {where}, which holds pages: a service worker registered from it would control them",
            None,
            f"move it to a folder of its own without pages, such as {own}, and list that path under extra_javascript",
        )
    return None


def _page_addresses(pages: list[str], languages: list[str]) -> set[str]:
    """Every address a page of docs/ may have, as a folder path ending in `/`: `about.md` is at
    about/ (or about.html, in its folder), in its language's folder or, for the default
    language, without it."""
    found = set()
    for rel in pages:
        for path in (rel, _site_path(rel, languages)):
            stem = posixpath.splitext(path)[0]
            found |= {stem + "/", posixpath.dirname(stem) + "/"}
    return found


@functools.cache
def _theme_files() -> frozenset[str]:
    """The files of the package's theme that MkDocs publishes (its assets), from the site's root."""
    return frozenset(p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file() and p.suffix != ".html")
