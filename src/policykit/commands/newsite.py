"""`policy init`'s plan: what the new site is (NewSite), from the options, every one checked.

Apart from writing it (init), because the two change for different reasons and fail in
different ways: this is the options' meaning (which language codes the build takes, what a
title, a site's address and the package's repository may hold, said with the fix), all
checked before anything is written; init turns a NewSite into files from the templates under
`scaffold/` and writes them. A NewSite is plain data, so that a test or another command can
make one without options.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from policykit import __version__
from policykit.text import limits
from policykit.text.checks import FixableError
from policykit.words.catalogue import WordsError, parse_locale

DISTRIBUTION = "mkdocs-policykit"
#: The package's repository, to fill in: this package has no published home yet.
PLACEHOLDER_REPO = "https://github.com/OWNER/REPO"
#: The language codes mkdocs-static-i18n accepts (its config.RE_LOCALE: `de`, `pt-BR`,
#: `zh-Hant`, `en_GB`), copied here because the core does not import MkDocs or its plugins.
LOCALE_RE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")


class InitError(FixableError):
    """What stops init, with its fix, in the one format (`message (fix)`); nothing has been
    written."""


@dataclass
class NewSite:
    """What the new site is: its languages (the binding one first, served at the root), a
    title per language, its address, and where its package comes from."""

    languages: list[str]
    titles: dict[str, str]
    site_url: str
    package_repo: str = PLACEHOLDER_REPO
    today: dt.date = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).date())

    @property
    def authoritative(self) -> str:
        return self.languages[0]

    @property
    def rev(self) -> str:
        """The tag of the version that writes the site: what every install line pins."""
        return f"v{__version__}"

    @property
    def requirement(self) -> str:
        return f"{DISTRIBUTION} @ git+{self.package_repo}@{self.rev}"

    @property
    def placeholder(self) -> bool:
        return self.package_repo == PLACEHOLDER_REPO

    def manual(self, page: str = "index.md") -> str:
        """A page of the package's manual (docs/manual/), as its repository shows it at the tag
        that wrote the site: it says what this version does."""
        return f"{self.package_repo.removesuffix('.git')}/blob/{self.rev}/docs/manual/{page}"

    def guide_sv(self) -> str:
        """The editors' guide in Swedish (the manual is in English)."""
        return f"{self.package_repo.removesuffix('.git')}/blob/{self.rev}/docs/sv/editors.md"

    def url(self, lang: str, path: str = "") -> str:
        """The address of `path` in `lang`: the binding language at the root, the others under /LANG/."""
        return self.site_url + ("" if lang == self.authoritative else f"{lang}/") + path


# Checking what is given -----------------------------------------------------------------------


def parse_languages(value: str | None, authoritative: str | None, theme_languages: set[str]) -> list[str]:
    """`--languages en,de` and `--authoritative`: the codes, the binding one first, each one
    the theme has words for (`theme_languages`, check_language)."""
    if not value or not value.strip():
        raise InitError(
            "--languages is required: the site's language codes, comma-separated",
            "such as --languages en,de",
        )
    languages = [part.strip() for part in value.split(",")]
    if "" in languages:
        raise InitError(f"--languages {value!r} has an empty code", "write the codes comma-separated, such as en,de")
    twice = sorted({lang for lang in languages if languages.count(lang) > 1})
    if twice:
        raise InitError(f"--languages names {', '.join(twice)} twice", "name each language once")
    for lang in languages:
        check_language(lang, theme_languages)
    authoritative = languages[0] if authoritative is None else authoritative.strip()
    if authoritative not in languages:
        raise InitError(
            f"--authoritative {authoritative!r} is not one of --languages ({', '.join(languages)})",
            "name the binding language among them, or add it to --languages",
        )
    return [authoritative] + [lang for lang in languages if lang != authoritative]


def check_language(lang: str, theme_languages: set[str]) -> None:
    """A code that the build takes as a language folder and an i18n locale: the form
    mkdocs-static-i18n accepts, a locale Babel knows (dates, plurals) and, on a site with the
    i18n plugin, a language Material has words for (the plugin sets it as the theme's
    language, and Material stops without its words; a site of one language keeps Material's
    English where Material lacks it). `theme_languages` are the languages Material has words
    for, which the caller finds (the core does not know Material); empty: not checked. Raises
    InitError naming what to write instead."""
    shown = limits.REFUSED_RE.sub("?", lang)[:40]
    if not LOCALE_RE.match(lang):
        raise InitError(
            f"--languages: {shown!r} is not a language code the site can use",
            "write an ISO 639-1 code in lower case, with a region if needed: en, de, pt-BR",
        )
    try:
        parse_locale(lang)
    except WordsError:
        raise InitError(
            f"--languages: {shown!r} is not a language that Babel (CLDR) knows",
            "write an ISO 639-1 code, such as en, de or pt-BR",
        ) from None
    known = theme_languages
    if known and lang not in known:
        near = [k for k in known if k.lower().replace("-", "_") == lang.lower().replace("-", "_")]
        hint = f"write it as Material does: {near[0]}" if near else f"Material has: {', '.join(sorted(known))}"
        raise InitError(f"--languages: Material for MkDocs has no words for {shown!r}, and the build would stop", hint)


def parse_titles(values: tuple[str, ...] | list[str], languages: list[str]) -> dict[str, str]:
    """`--title X` (every language) and `--title de=X` (one language), the latter winning: a
    title for every language, each one line of at most limits.MAX_TITLE characters."""
    if not values:
        raise InitError(
            "--title is required: the policy's title",
            'such as --title "Terms of Service", or one per language: '
            '--title en="Terms of Service" --title de="Nutzungsbedingungen"',
        )
    shared, own = None, {}
    for value in values:
        lang, sep, text = value.partition("=")
        if sep and lang.strip() in languages:
            own[lang.strip()] = text.strip()
        elif sep and LOCALE_RE.match(lang.strip()):
            raise InitError(
                f"--title {value!r}: {lang.strip()} is not one of --languages ({', '.join(languages)})",
                f"name one of {', '.join(languages)}, or write the title without a language",
            )
        else:
            shared = value.strip()
    given = {lang: own.get(lang, shared) for lang in languages}
    titles = {lang: title for lang, title in given.items() if title is not None}
    missing = [lang for lang in languages if lang not in titles]
    if missing:
        raise InitError(
            f"--title: no title for {', '.join(missing)}",
            f'add --title {missing[0]}="...", or a --title without a language for every one',
        )
    for lang, title in titles.items():
        problem = _title_problem(title)
        if problem:
            raise InitError(f"--title for {lang} {problem}", "write the title as readers see it, on one line")
    return titles


def _title_problem(title: str) -> str | None:
    """What policy.yml's checks would refuse in a title, said before it is written there."""
    if not title:
        return "is empty"
    if len(title) > limits.MAX_TITLE:
        return f"is longer than {limits.MAX_TITLE} characters"
    found = (
        limits.REFUSED_RE.search(title)
        or re.search(r"[\n\r\t]", title)
        or re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", title)
    )  # direction controls
    return f"holds {limits.describe(found.group())}" if found else None


def check_url(value: str | None, option: str, example: str, why: str) -> str:
    """An absolute http(s) address without query or fragment; what `option` is for (`why`)
    and an `example` go into the message when it is missing or wrong."""
    if not value or not value.strip():
        raise InitError(f"{option} is required: {why}", f"such as {option} {example}")
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"\s", url):
        raise InitError(
            f"{option} {limits.REFUSED_RE.sub('?', url)[:80]!r} is not an absolute http(s) address",
            f"write it whole, such as {example}",
        )
    if parts.query or parts.fragment:
        raise InitError(
            f"{option} {url[:80]!r} has a query or a fragment", f"write the address alone, such as {example}"
        )
    odd = re.search(r"[^A-Za-z0-9._~:/%@!$&()*+,;=-]", url) or ("@" in parts.netloc and "@")
    if odd:  # it goes into mkdocs.yml, workflows and pages: only what an address needs
        shown = odd if isinstance(odd, str) else odd.group()
        raise InitError(
            f"{option} {limits.REFUSED_RE.sub('?', url)[:80]!r} holds {shown!r}, which a site's address "
            f"does not need{' (a user name and password)' if shown == '@' else ''}",
            f"write it plainly, percent-encoded where needed, such as {example}",
        )
    return url


#: A git repository's address as the install lines need it: a host and a path of letters, digits
#: and `._~%-` only. Nothing that a shell, YAML or pip's `NAME @ URL@REV` reads (`$`, `(`,
#: backquotes, `;`, `&`, `!`, `'`, `"`, `@`, `#`, spaces).
PACKAGE_REPO_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%-]+)*/?")


def check_package_repo(value: str) -> str:
    """`--package-repo`: it goes into commands that editors paste into a shell (the README's
    `pip install`) and into YAML (the workflows' `PACKAGE`, pre-commit's `repo`), so only an
    address of the shape PACKAGE_REPO_RE is taken; it is also quoted where it is written."""
    example = "https://github.com/example/policykit"
    url = check_url(value, "--package-repo", example, "the package's git repository")
    if not PACKAGE_REPO_RE.fullmatch(url):
        odd = re.search(r"[^A-Za-z0-9._~%/:-]", url)
        holds = f"holds {odd.group()!r}, which a shell reads in the install commands" if odd else "is not of the form"
        raise InitError(
            f"--package-repo {limits.REFUSED_RE.sub('?', url)[:80]!r} {holds}",
            "write the repository's address with letters, digits and . _ ~ % - / only (a host, "
            f"an optional :port and a path), such as {example}",
        )
    return url.rstrip("/")


def plan(
    languages: str | None,
    authoritative: str | None,
    titles: tuple[str, ...],
    site_url: str | None,
    package_repo: str | None = None,
    today: dt.date | None = None,
    *,
    theme_languages: set[str],
) -> NewSite:
    """The site the options describe, or InitError for the first that is wrong; a language
    must be one of `theme_languages` (Material's, which the caller finds) where that is not empty."""
    langs = parse_languages(languages, authoritative, theme_languages)
    url = check_url(
        site_url,
        "--site-url",
        "https://example.org/terms/",
        "the address where the site will be published (the feeds and policy.json name it, and "
        "mkdocs build --strict stops without it)",
    )
    url = url if url.endswith("/") else url + "/"
    repo = PLACEHOLDER_REPO if package_repo is None else check_package_repo(package_repo)
    return NewSite(langs, parse_titles(titles, langs), url, repo, today or dt.datetime.now(dt.timezone.utc).date())
