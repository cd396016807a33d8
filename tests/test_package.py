"""The package as a new organisation installs it: a wheel of this repository, installed with its
dependencies into a fresh virtual environment, building a new three-language policy site (en,
de, fr) from a git history of three versions, with `plugins: [search, i18n, policykit]` and
nothing else of this repository.

One module fixture builds (a minute or two: the wheel, the venv, the site); the tests read the
built site in this process. Only the build runs in the fresh venv."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from building import ROOT
from gitrepo import GitRepo
from site_links import target_file

SITE_URL = "https://terms.example.org/"
LANGUAGES = ["en", "de", "fr"]  # the default first: en at /, the others under /LANG/
VERSIONS = ["1.0", "1.1", "2.0"]
#: The build's date: after the third version took effect (2026-08-01).
SOURCE_DATE_EPOCH = str(int(datetime(2026, 9, 1, 12, tzinfo=timezone.utc).timestamp()))
CATALOGUES = ROOT / "src" / "policykit" / "words" / "catalogues"
SCHEMA = ROOT / "src" / "policykit" / "policy.schema.json"

WHEEL_FILES = [
    "policykit/theme/main.html",
    "policykit/theme/assets/policy-anchors.js",
    "policykit/theme/assets/javascripts/policy-unit-menu.js",
    "policykit/theme/assets/javascripts/workers/policy-search.js",
    "policykit/words/catalogues/de.yml",
    "policykit/policy.schema.json",
    "policykit/scaffold/mkdocs.yml",
    "policykit/scaffold/gitignore",
    "policykit/scaffold/samples/en.yml",
]
ENTRY_POINT = ("mkdocs.plugins", "policykit", "policykit.adapter.plugin:PolicyPlugin")

# The new organisation's site ------------------------------------------------------------------

MKDOCS_YML = f"""\
site_name: Example Terms
site_url: {SITE_URL}
theme: {{name: material}}
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          name: English
          default: true
          build: true
        - locale: de
          name: Deutsch
          build: true
        - locale: fr
          name: Français
          build: true
  - policykit:
      locales: {{en: en_GB}}
"""

TITLES = {"en": "Terms of Service", "de": "Nutzungsbedingungen", "fr": "Conditions d’utilisation"}
SUMMARIES = {
    "1.0": {"en": "The first terms.", "de": "Die ersten Bedingungen.", "fr": "Les premières conditions."},
    "1.1": {
        "en": "Clause 1 b now says why we keep server logs.",
        "de": "Punkt 1 b sagt jetzt, wozu wir Protokolle aufbewahren.",
        "fr": "Le point 1 b dit désormais pourquoi nous conservons les journaux.",
    },
    "2.0": {
        "en": "New clause 1 c on the language; clause 2 b is gone.",
        "de": "Neuer Punkt 1 c zur Sprache; Punkt 2 b entfällt.",
        "fr": "Nouveau point 1 c sur la langue ; le point 2 b est supprimé.",
    },
}
SECTION_FILES = {
    "en": ("01-collection.md", "02-use.md"),
    "de": ("01-erhebung.md", "02-nutzung.md"),
    "fr": ("01-collecte.md", "02-utilisation.md"),
}
S1 = {  # version -> language -> section 1
    "1.0": {
        "en": "# 1. What we collect\n\na. Your name and email address, when you open an account.\n\n"
        "b. Server logs of the pages you open.\n",
        "de": "# 1. Was wir erheben\n\na. Ihren Namen und Ihre E-Mail-Adresse, wenn Sie ein Konto eröffnen.\n\n"
        "b. Serverprotokolle der Seiten, die Sie öffnen.\n",
        "fr": "# 1. Ce que nous collectons\n\na. Vos nom et adresse électronique, lorsque vous ouvrez un "
        "compte.\n\nb. Les journaux du serveur des pages que vous ouvrez.\n",
    },
}
S1["1.1"] = {
    "en": S1["1.0"]["en"].replace("you open.", "you open, kept for 30 days to stop abuse."),
    "de": S1["1.0"]["de"].replace("öffnen.", "öffnen, 30 Tage lang aufbewahrt, um Missbrauch abzuwehren."),
    "fr": S1["1.0"]["fr"].replace("ouvrez.", "ouvrez, conservés 30 jours pour empêcher les abus."),
}
S1["2.0"] = {
    "en": S1["1.1"]["en"] + "\nc. The language you choose for the site.\n",
    "de": S1["1.1"]["de"] + "\nc. Die Sprache, die Sie für die Website wählen.\n",
    "fr": S1["1.1"]["fr"] + "\nc. La langue que vous choisissez pour le site.\n",
}
S2 = {  # version -> language -> section 2
    "1.0": {
        "en": "# 2. How we use it\n\na. To answer your questions.\n\nb. To send you our newsletter, if you "
        "ask for it.\n\nc. We share your data only:\n\n(1) with the company that hosts the site;\n\n"
        "(2) when a court orders us to.\n",
        "de": "# 2. Wofür wir sie nutzen\n\na. Um Ihre Fragen zu beantworten.\n\nb. Um Ihnen unseren Rundbrief "
        "zu schicken, wenn Sie ihn bestellen.\n\nc. Wir geben Ihre Daten nur weiter:\n\n(1) an das "
        "Unternehmen, das die Website betreibt;\n\n(2) wenn ein Gericht es anordnet.\n",
        "fr": "# 2. Ce que nous en faisons\n\na. Répondre à vos questions.\n\nb. Vous envoyer notre lettre "
        "d’information, si vous la demandez.\n\nc. Nous ne partageons vos données qu’ainsi :\n\n(1) avec "
        "l’entreprise qui héberge le site ;\n\n(2) lorsqu’un tribunal l’ordonne.\n",
    },
}
S2["1.1"] = S2["1.0"]
S2["2.0"] = {lang: re.sub(r"\nb\. [^\n]*\n", "", text) for lang, text in S2["1.0"].items()}
EFFECTIVE = {"1.0": "2026-02-01", "1.1": "2026-05-01", "2.0": "2026-08-01"}
COMMITTED = {"1.0": "2026-01-15T10:00:00+01:00", "1.1": "2026-04-10T10:00:00+02:00", "2.0": "2026-07-10T10:00:00+02:00"}
REMOVED = {"1.0": [], "1.1": [], "2.0": ["s2-b"]}


def policy_yml(version: str) -> str:
    return yaml.safe_dump(
        {
            "version": version,
            "effective": EFFECTIVE[version],
            "timezone": "Europe/Berlin",
            "authoritative": "en",
            "title": TITLES,
            "summary": SUMMARIES[version],
            "moved": {},
            "removed": REMOVED[version],
        },
        allow_unicode=True,
        sort_keys=False,
    )


def make_repository(path: Path) -> GitRepo:
    repo = GitRepo(path, scaffold=False)
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/.gitkeep", "")
    for version in VERSIONS:
        repo.write("policy/policy.yml", policy_yml(version))
        for lang in LANGUAGES:
            first, second = SECTION_FILES[lang]
            repo.write(f"policy/{lang}/{first}", S1[version][lang])
            repo.write(f"policy/{lang}/{second}", S2[version][lang])
        repo.commit(f"Terms {version}", COMMITTED[version])
    return repo


# Wheel, venv, build ---------------------------------------------------------------------------


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=900, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the working tree's package sources (src/, pyproject.toml, README.md) copied
    alone into a folder: what is uncommitted is tested, nothing the wheel does not declare is
    picked up, and no git history is needed (a tarball of the project builds it too)."""
    tmp = tmp_path_factory.mktemp("wheel")
    checkout, out = tmp / "checkout", tmp / "dist"
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, checkout / name)
    built = run([sys.executable, "-m", "build", "--wheel", "--outdir", out, checkout])
    if built.returncode != 0:  # offline: no isolated build environment
        fallback = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, checkout])
        assert fallback.returncode == 0, (
            f"python -m build failed:\n{built.stdout}{built.stderr}\n"
            f"pip wheel failed too:\n{fallback.stdout}{fallback.stderr}"
        )
    wheels = sorted(out.glob("mkdocs_policykit-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {out}, found {[w.name for w in out.iterdir()]}"
    return wheels[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh virtual environment with the wheel and its dependencies from the index; its bin/."""
    path = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    bin_dir = path / "bin"
    installed = run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], env=venv_env(bin_dir))
    assert installed.returncode == 0, f"pip install {wheel.name} failed:\n{installed.stdout}{installed.stderr}"
    where = run(
        [bin_dir / "python", "-c", "import policykit; print(policykit.__file__)"], env=venv_env(bin_dir), cwd=path
    )
    assert where.returncode == 0 and Path(where.stdout.strip()).is_relative_to(path), (
        f"policykit does not come from the fresh venv: {where.stdout}{where.stderr}"
    )
    return bin_dir


def venv_env(bin_dir: Path, **extra: str) -> dict:
    """The environment of a shell with `bin_dir` activated: nothing of .venv or of src/."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "VIRTUAL_ENV": str(bin_dir.parent), "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", **extra}


@dataclass
class Built:
    returncode: int
    output: str
    site: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory, venv) -> Built:
    repo = make_repository(tmp_path_factory.mktemp("org") / "terms")
    site = repo.path / "site"
    proc = run(
        [venv / "mkdocs", "build", "--strict"],
        cwd=repo.path,
        env=venv_env(venv, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH),
    )
    return Built(proc.returncode, proc.stdout + proc.stderr, site)


@pytest.fixture(scope="module")
def site(built) -> Path:
    if built.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {built.returncode}):\n{built.output}")
    return built.site


# Reading the built site -----------------------------------------------------------------------


def lang_prefix(lang: str) -> str:
    return "/" if lang == LANGUAGES[0] else f"/{lang}/"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, file: Path) -> str:
    """The URL a page is served at; a 404 page's links are read from the root, where the
    server shows it for any missing address."""
    rel = file.relative_to(site).as_posix()
    if file.name == "404.html":
        return SITE_URL
    return urljoin(SITE_URL, rel.removesuffix("index.html"))


def soup(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def language_of(site: Path, file: Path) -> str:
    first = file.relative_to(site).parts[0]
    return first if first in LANGUAGES[1:] else LANGUAGES[0]


def visible_text(doc: BeautifulSoup, drop: tuple[str, ...] = (), separator: str = "") -> str:
    body = doc.body or doc
    body = BeautifulSoup(str(body), "html.parser")  # a copy: the caller's tree stays whole
    for element in body.find_all(["script", "style", *drop]):
        element.decompose()
    return " ".join(body.get_text(separator).split())


# 1. The wheel ---------------------------------------------------------------------------------


def test_the_wheel_holds_theme_words_schema_and_the_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert entry_points, f"{wheel.name} has no entry_points.txt"
        parser = configparser.ConfigParser()
        parser.read_string(archive.read(entry_points[0]).decode("utf-8"))
    missing = [name for name in WHEEL_FILES if name not in names]
    assert not missing, f"{wheel.name} lacks {missing}"
    group, name, target = ENTRY_POINT
    assert parser.has_section(group) and parser.get(group, name, fallback=None) == target, (
        f"{wheel.name}: no entry point {name} = {target} in [{group}]; "
        f"it has {[(s, dict(parser[s])) for s in parser.sections()]}"
    )


# 2-3. The build -------------------------------------------------------------------------------


def test_the_new_site_builds_strict_without_warnings(built):
    assert built.returncode == 0, f"mkdocs build --strict failed (exit {built.returncode}):\n{built.output}"
    warnings = [line for line in built.output.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert not warnings, "the build logged warnings:\n" + "\n".join(warnings)


def test_policy_init_of_the_installed_package_makes_a_site_that_builds(venv, tmp_path):
    """`policy init` from the wheel (its templates and samples are package data), the first
    commit, and a strict build: what a new organisation's quick start does."""
    project = tmp_path / "terms"
    env = {k: v for k, v in venv_env(venv, NO_MKDOCS_2_WARNING="1").items() if k != "SOURCE_DATE_EPOCH"}
    made = run(
        [
            venv / "policy",
            "init",
            project,
            "--languages",
            "en,de",
            "--title",
            "Terms of Service",
            "--title",
            "de=Nutzungsbedingungen",
            "--site-url",
            SITE_URL,
        ],
        env=env,
        cwd=tmp_path,
    )
    assert made.returncode == 0, f"policy init failed:\n{made.stdout}{made.stderr}"
    git_env = {
        **env,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "e@example.org",
        "GIT_AUTHOR_DATE": COMMITTED["1.0"],
        "GIT_COMMITTER_DATE": COMMITTED["1.0"],
    }
    for args in (["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Terms of Service 1.0"]):
        assert run(["git", *args], cwd=project, env=git_env).returncode == 0
    built = run([venv / "mkdocs", "build", "--strict"], cwd=project, env=env)
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stdout}{built.stderr}"
    warnings = [line for line in (built.stdout + built.stderr).splitlines() if re.match(r"\s*WARNING\b", line)]
    assert not warnings, "\n".join(warnings)
    assert json.loads((project / "site" / "policy.json").read_text(encoding="utf-8"))["languages"] == ["en", "de"]


# 4. The built site ----------------------------------------------------------------------------


LANG_PREFIX = re.compile(r"^/[a-z]{2}(?:[-_][A-Za-z]+)?(?=/)")  # the manual's /en/ of a translation
#: The manual's page of the site's URLs, with the table `| URL | what |` under `## URLs`.
URLS_PAGE = ROOT / "docs" / "manual" / "versions.md"


def manual_urls() -> list[tuple[list[str], bool]]:
    """The URL table of the manual's versions page (`## URLs`): per row, its path templates
    without a language prefix and whether the row has a page per language. Rows with a query
    string or marked as not built yet are left out."""
    shown = URLS_PAGE.relative_to(ROOT)
    text = URLS_PAGE.read_text(encoding="utf-8")
    section = re.search(r"^## URLs\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    table = section and re.search(r"^\|\s*URL\s*\|.*\n\|[-| :]+\|\n((?:\|.*\n?)+)", section.group(0), re.MULTILINE)
    if not table:
        pytest.fail(
            f"{shown}: found no table `| URL | what |` under `## URLs`: "
            "the package test reads the site's URLs from it; update the test or the page"
        )
    rows = []
    for line in table.group(1).splitlines():
        first, _, rest = line.strip().strip("|").partition("|")
        codes = re.findall(r"`([^`]+)`", first)
        if not codes or any("?" in code for code in codes) or re.search(r"not (yet )?built", line, re.I):
            continue
        templates = sorted({LANG_PREFIX.sub("", code) for code in codes})
        rows.append((templates, any(LANG_PREFIX.match(code) for code in codes)))
    if not rows:
        pytest.fail(f"{shown}: the URL table under `## URLs` has no row with a URL in backticks:\n{table.group(0)}")
    return rows


def test_every_url_of_the_manual_exists_in_every_language(site):
    missing, checked = [], []
    for templates, per_language in manual_urls():
        for template in templates:
            paths = [template.replace("/V/", f"/{v}/") for v in VERSIONS] if "/V/" in template else [template]
            for lang in LANGUAGES if per_language else LANGUAGES[:1]:
                # /side-by-side/LANG/ (or the example /en/side-by-side/sv/): a page for each
                # other language of this site, seen from this one
                beside = [
                    re.sub(r"/side-by-side/[^/]+/", f"/side-by-side/{o}/", p)
                    for p in paths
                    for o in LANGUAGES
                    if o != lang
                ]
                for path in beside if "/side-by-side/" in template else paths:
                    url = lang_prefix(lang) + path.lstrip("/")
                    checked.append(url)
                    if target_file(site, url) is None:
                        missing.append(url)
    assert not missing, f"the manual's URLs missing from the built site ({len(missing)} of {len(checked)}): {missing}"


LINKS = {"a": "href", "link": "href", "script": "src", "img": "src"}


def broken_links(site: Path) -> list[str]:
    """Every link of every page that leads to no file of the site, or to no element with its
    #fragment's id."""
    site_host = urlsplit(SITE_URL).netloc
    ids: dict[Path, set[str]] = {}
    broken = []
    for file in html_pages(site):
        base = page_url(site, file)
        for tag, attr in LINKS.items():
            for element in soup(file).find_all(tag, attrs={attr: True}):
                value = element[attr]
                url = urlsplit(urljoin(base, value))
                if url.scheme not in ("http", "https") or url.netloc != site_host:
                    continue  # mailto:, tel:, data:, another host (test_nothing_comes_from_another_host)
                where = f"{file.relative_to(site)}: <{tag} {attr}={value!r}>"
                target = target_file(site, url.path)
                if target is None:
                    broken.append(f"{where} -> {url.path} does not exist")
                    continue
                if url.fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = {el["id"] for el in soup(target).find_all(id=True)}
                    if unquote(url.fragment) not in ids[target]:
                        broken.append(f"{where} -> no id {unquote(url.fragment)!r} in {target.relative_to(site)}")
    return broken


def test_every_link_resolves(site):
    broken = broken_links(site)
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken)


def catalogue(lang: str) -> dict:
    return yaml.safe_load((CATALOGUES / f"{lang}.yml").read_text(encoding="utf-8"))


def english_fragments(lang: str) -> dict[str, set[str]]:
    """Key -> the fragments of its English text between {placeholders} (each plural form), for
    the keys `lang` words differently: at least 4 characters, with a letter, and not a word that
    `lang`'s own text of the key uses too ("Version" is German, "clauses" French)."""
    english, other = catalogue("en"), catalogue(lang)
    fragments = {}
    for key, value in english.items():
        if key in other and other[key] == value:
            continue
        forms = value.values() if isinstance(value, dict) else [value]
        found = {" ".join(part.split()) for form in forms for part in re.split(r"\{[^{}]*\}", form)}
        found = {part for part in found if len(part) >= 4 and re.search(r"[^\W\d_]", part)}
        own = json.dumps(other.get(key), ensure_ascii=False)
        found = {part for part in found if not re.search(whole_words(part).pattern, own, re.IGNORECASE)}
        if found:
            fragments[key] = found
    return fragments


def whole_words(fragment: str) -> re.Pattern:
    """`fragment` where it is not part of a longer word: "Version" is not in "Versionen"."""
    before = r"(?<!\w)" if re.match(r"\w", fragment) else ""
    after = r"(?!\w)" if re.search(r"\w$", fragment) else ""
    return re.compile(before + re.escape(fragment) + after)


ATTRIBUTES = ("aria-label", "title", "placeholder")
SCRIPT_WORDS = ("data-search",)


def words_of(doc: BeautifulSoup) -> list[tuple[str, str]]:
    """(where, text) of what a reader sees or hears: the body's text and the attributes of words."""
    found = [("text", visible_text(doc))]
    for attr in ATTRIBUTES:
        found += [(f"{el.name}[{attr}]", el[attr]) for el in doc.find_all(attrs={attr: True})]
    for attr in SCRIPT_WORDS:
        found += [(f"script[{attr}]", el[attr]) for el in doc.find_all("script", attrs={attr: True})]
    for script in doc.find_all("script"):  # policy-unit-menu.js's words (data-w-KEY)
        found += [(f"script[{name}]", value) for name, value in script.attrs.items() if name.startswith("data-w-")]
    return found


def english_on_pages(site: Path, lang: str) -> list[str]:
    """One line per English fragment found on the `lang` pages: the keys it comes from, which of
    them `lang`'s own catalogue also uses it in (likely a word of both languages), and where."""
    keys: dict[str, list[str]] = {}
    for key, parts in english_fragments(lang).items():
        for part in parts:
            keys.setdefault(part, []).append(key)
    patterns = {part: whole_words(part) for part in keys}
    hits: dict[str, list[str]] = {}
    for file in sorted((site / lang).rglob("*.html")):
        doc = soup(file)
        for other in doc.body.find_all(lang=lambda value: value and not value.startswith(lang)):
            other.decompose()  # text marked as another language's (side by side, an untranslated unit)
        for where, text in words_of(doc):
            for part, pattern in patterns.items():
                for match in pattern.finditer(text):
                    context = text[max(0, match.start() - 40) : match.end() + 40]
                    hits.setdefault(part, []).append(f"{file.relative_to(site)} {where}: …{context}…")
    own = catalogue(lang)
    shared = {
        part: [k for k in keys[part] if whole_words(part).search(json.dumps(own.get(k), ensure_ascii=False))]
        for part in hits
    }
    report = []
    for part in sorted(hits, key=lambda p: (bool(shared[p]), p)):  # the likeliest leaks first
        also = f"; {lang}.yml uses it too, in {', '.join(shared[part])}" if shared[part] else ""
        report.append(
            f"{part!r} (en.yml: {', '.join(keys[part])}{also}) in {len(hits[part])} place(s), e.g.\n    "
            + "\n    ".join(hits[part][:3])
        )
    return report


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_no_generator_english_on_translated_pages(site, lang):
    report = english_on_pages(site, lang)
    assert not report, f"English words of policykit's catalogues on /{lang}/ pages:\n" + "\n".join(report)


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def iso_dates(site: Path) -> list[str]:
    found = []
    for file in html_pages(site):
        doc = soup(file)
        for hidden in doc.select('svg [aria-hidden="true"], svg[aria-hidden="true"]'):
            hidden.decompose()
        text = visible_text(doc, drop=("code", "pre"), separator=" ")
        for match in ISO_DATE.finditer(text):
            found.append(f"{file.relative_to(site)}: …{text[max(0, match.start() - 50) : match.end() + 30]}…")
    return found


def test_no_iso_date_in_running_text(site):
    found = iso_dates(site)
    assert not found, f"{len(found)} ISO date(s) in the pages' text:\n" + "\n".join(found)


def test_policy_json_validates_against_the_sites_own_schema(site):
    from jsonschema import Draft202012Validator

    served = site / "policy.schema.json"
    assert served.is_file(), "the site has no /policy.schema.json"
    assert served.read_bytes() == SCHEMA.read_bytes(), (
        "/policy.schema.json differs from src/policykit/policy.schema.json"
    )
    schema = json.loads(served.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = json.loads((site / "policy.json").read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(data)
    ]
    assert not errors, "policy.json does not match its schema:\n" + "\n".join(errors)
    assert [v["version"] for v in data["versions"]] == VERSIONS, (
        "policy.json does not list the three versions, oldest first"
    )


REQUESTS = {"script": "src", "link": "href", "img": "src", "iframe": "src"}


def foreign_requests(site: Path) -> list[str]:
    site_host = urlsplit(SITE_URL).netloc
    found = []
    for file in html_pages(site):
        for tag, attr in REQUESTS.items():
            for element in soup(file).find_all(tag, attrs={attr: True}):
                url = urlsplit(urljoin(page_url(site, file), element[attr]))
                if url.netloc and url.netloc != site_host:
                    found.append(f"{file.relative_to(site)}: <{tag} {attr}={element[attr]!r}>")
    return found


def test_nothing_comes_from_another_host(site):
    found = foreign_requests(site)
    assert not found, f"{len(found)} reference(s) to another host:\n" + "\n".join(found)


def test_the_verify_pages_command_gives_every_published_fingerprint(site):
    """The command on /verify/ (and /de/verify/, /fr/verify/), run as a reader would, from a
    folder inside a clone: the SHA-256 that policy.json publishes, for every version."""
    repo = site.parent
    data = json.loads((site / "policy.json").read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        command = soup(site / lang_prefix(lang).lstrip("/") / "verify" / "index.html").select_one("pre code").get_text()
        assert "C=<commit>" in command, command
        for version in data["versions"]:
            script = command.replace("C=<commit>", f"C={version['commit']}")
            done = subprocess.run(["bash", "-c", script], cwd=repo / "policy", capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            assert done.stdout.split()[0] == version["sha256"][lang], (lang, version["version"], script)
