"""What an imported text points at outside the policy (importing/outside.py): links to the
source site's other pages, images and template syntax, made to stand alone before the split,
each said at FILE:LINE.

The function on its own, then the command: a real source repository with relative links, an
image and `{{ site.email_support }}` in every commit, imported (its history, and one file) into a
real site that then builds with `mkdocs build --strict`.
"""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml
from building import cpu_time, mkdocs_build
from click.testing import CliRunner
from gitrepo import GitRepo

from policykit.cli import main
from policykit.importing.outside import resolve_references
from policykit.importing.outside_options import Options, OutsideError
from policykit.importing.targets import markdown_text

EPOCH = "1780272000"  # 2026-06-01: after every imported version
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
URL = "https://example.com/legal/terms/"


def alone(text: str, source_url: str | None = None, defines=(), files: dict | None = None, path="legal/terms.md"):
    return resolve_references(text, path, "en", Options.parse(source_url, list(defines)), (files or {}).get)


def said(result) -> list[str]:
    return [f"{line}: {what}" for line, what in result.notes]


# Links ---------------------------------------------------------------------------------------

LINKS = (
    "# Terms\n\n"
    'See [abuse](../abuse/index.md), [cookies](cookies.md "Cookies") and [DMCA](/legal/dmca).\n'
    "Read [fees](terms.md#fees), [above](#fees), [the law](https://law.example/x) or [mail](mailto:a@b.example).\n"
)


def test_without_a_source_url_a_link_to_another_page_keeps_its_words_and_is_named():
    result = alone(LINKS)
    assert result.text.split("\n")[2] == "See abuse, cookies and DMCA."
    assert result.text.split("\n")[3] == (
        "Read [fees](#fees), [above](#fees), [the law](https://law.example/x) or [mail](mailto:a@b.example)."
    )
    lines = said(result)
    for target in ("../abuse/index.md", "cookies.md", "/legal/dmca"):
        assert (
            f"3: the link '{target}' leads to another page of the source site: kept as its words (give "
            "--source-url URL, where the source was published, to keep it as a link)"
        ) in lines
    assert "4: the link 'terms.md#fees' leads to this document: written as '#fees'" in lines
    assert len(lines) == 4 and result.text.count("\n") == LINKS.count("\n")


def test_with_a_source_url_links_lead_to_the_published_pages():
    result = alone(LINKS, URL)
    assert result.text.split("\n")[2] == (
        "See [abuse](https://example.com/abuse/), [cookies]"
        '(https://example.com/legal/cookies/ "Cookies") and '
        "[DMCA](https://example.com/legal/dmca)."
    )
    assert (
        "3: the link 'cookies.md' leads to another page of the source site: it leads to "
        "https://example.com/legal/cookies/" in said(result)
    )


@pytest.mark.parametrize(
    "url, path, target, expected",
    [
        (
            "https://example.com/legal/terms.html",
            "legal/terms.md",
            "cookies.md#top",
            "https://example.com/legal/cookies.html#top",
        ),
        (
            "https://example.com/legal/terms/",
            "legal/terms/index.md",
            "../privacy/",
            "https://example.com/legal/privacy/",
        ),
        (
            "https://example.com/terms/",
            "terms.md",
            "docs/a%20b(1).md?x=1",
            "https://example.com/docs/a%20b%281%29/?x=1",
        ),
        ("https://example.com/terms/", "terms.md", "forms/form.pdf", "https://example.com/forms/form.pdf"),
        ("https://example.com/terms/", "terms.md", "../../../up.md", "https://example.com/up/"),
        (
            "https://example.com/site/legal/terms/",
            "legal/de/terms.md",
            "../abuse/index.md",
            "https://example.com/site/legal/abuse/",
        ),
        (
            "https://example.com/site/legal/terms/",
            "old/terms.md",
            "cookies.md",
            "https://example.com/site/old/cookies/",
        ),
    ],
)
def test_addresses_on_the_source_site(url, path, target, expected):
    """`published` is the file at the source URL: a translation or an older name is placed from it."""
    result = resolve_references(f"a [x]({target}) b\n", path, "en", Options.parse(url), published="legal/terms.md")
    assert result.text == f"a [x]({expected}) b\n"


def test_a_rewritten_address_stays_one_link():
    result = alone("a [x](<my page (draft).md>) b\n", URL)
    assert result.text == "a [x](https://example.com/legal/my%20page%20%28draft%29/) b\n"


def test_reference_links_are_rewritten_or_kept_as_words():
    text = "See [the abuse policy][abuse] and [abuse].\n\n[abuse]: ../abuse/index.md\n"
    assert (
        alone(text, URL).text == "See [the abuse policy][abuse] and [abuse].\n\n[abuse]: https://example.com/abuse/\n"
    )
    dropped = alone(text)
    assert dropped.text == "See the abuse policy and abuse.\n\n\n"
    assert said(dropped)[0].startswith("3: the link '../abuse/index.md' ([abuse]) leads to another page")


def test_reference_images_are_copied_or_become_links():
    text = "A ![map][m], ![logo][l] and ![x][cdn].\n\n[m]: img/map.png\n[l]: img/logo.png\n[cdn]: https://cdn.example/x.png\n"
    files = {"legal/img/logo.png": PNG}
    name = f"images/logo-{hashlib.sha256(PNG).hexdigest()[:10]}.png"
    assert (
        alone(text, files=files).text
        == f"A map, ![logo][l] and [x][cdn].\n\n\n[l]: {name}\n[cdn]: https://cdn.example/x.png\n"
    )
    linked = alone(text, URL, files=files)
    assert linked.text.startswith(
        "A [map][m], ![logo][l] and [x][cdn].\n\n[m]: https://example.com/legal/img/map.png\n"
    )
    assert (
        "3: the image 'img/map.png' ([m]) could not be copied into the site: its uses are links to "
        "https://example.com/legal/img/map.png" in said(linked)
    )


def test_raw_html_links_follow_the_same_rules():
    assert (
        alone('a <a href="cookies.md">cookies</a>\n', URL).text
        == 'a <a href="https://example.com/legal/cookies/">cookies</a>\n'
    )
    assert alone('a <a href="cookies.md" title="c">cookies</a>\n').text == 'a <a title="c">cookies</a>\n'


def test_code_comments_and_fences_are_left_alone():
    text = (
        "Use `[x](x.md)` and `` {{ site.name }} `` <!-- [c](c.md) {{ hidden }}\n"
        "still [c](c.md) --> after.\n\n```\n[f](f.md) {{ fenced }}\n```\n"
    )
    result = alone(text)
    assert result.text == text and result.notes == [] and result.undefined == []


# Images ----------------------------------------------------------------------------------------


def test_a_relative_image_is_copied_named_by_its_bytes():
    result = alone('Our ![logo](img/logo.png "Logo") here.\n', files={"legal/img/logo.png": PNG})
    name = f"images/logo-{hashlib.sha256(PNG).hexdigest()[:10]}.png"
    assert result.text == f'Our ![logo]({name} "Logo") here.\n'
    assert result.images == {f"en/{name}": PNG}
    assert said(result) == [f"1: the image 'img/logo.png' is copied into the site as docs/en/{name}"]


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"legal/img/logo.png": b"<html><script>x</script>"},
        {"legal/img/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'},
    ],
)
def test_an_image_that_cannot_be_copied_becomes_a_link_or_its_alt_text(files):
    target = next(iter(files), "legal/img/logo.png").removeprefix("legal/")
    text = f"Our ![the logo]({target}) here.\n"
    assert alone(text, files=files).text == "Our the logo here.\n"
    assert alone(text, URL, files=files).text == f"Our [the logo](https://example.com/legal/{target}) here.\n"
    assert alone(text, files=files).images == {}
    assert "could not be copied into the site" in said(alone(text, files=files))[0]


def test_an_image_from_another_host_becomes_a_link_to_it():
    result = alone("A ![map](https://cdn.example/map.png) and ![](data:image/png;base64,AAAA) and ![x](#a).\n")
    assert result.text == "A [map](https://cdn.example/map.png) and  and ![x](#a).\n"
    assert "1: the image 'https://cdn.example/map.png' is on another host" in said(result)[0]
    assert len(said(result)) == 2
    html = alone('A <img src="https://cdn.example/t.gif" alt="pixel"> b\n')
    assert html.text == "A pixel b\n" and html.images == {}


# Template syntax -------------------------------------------------------------------------------


def test_template_expressions_are_named_until_they_are_defined():
    text = "Write to {{ site.email_support }}.\n{% include footer.html %}{# a note #}\nOn {{page.date}}.\n"
    result = alone(text)
    assert result.undefined == [
        (1, "site.email_support", "{{ site.email_support }}"),
        (2, "include footer.html", "{% include footer.html %}"),
        (3, "page.date", "{{page.date}}"),
    ]
    filled = alone(
        text, defines=["site.email_support=help_desk@example.com", "include footer.html=", "{{ page.date }}=*April* 10"]
    )
    assert filled.undefined == []
    assert filled.text == "Write to help\\_desk@example.com.\n\nOn \\*April\\* 10.\n"
    assert "2: the template comment '{# a note #}' is left out (the published page never showed it)" in said(filled)


def test_a_value_is_text_never_markup():
    assert markdown_text("[x](javascript:alert(1)) <b>&amp;") == "\\[x\\](javascript:alert(1)) &lt;b>&amp;amp;"
    assert markdown_text("# 1. Not a heading", line_start=True) == "\\# 1. Not a heading"
    assert markdown_text("1. Not a list", line_start=True) == "1\\. Not a list"
    assert alone("{{ x }} here\n", defines=["x=- not a list"]).text == "\\- not a list here\n"
    assert alone("[mail](mailto:{{ e }})\n", defines=["e=a b@example.com"]).text == "[mail](mailto:a%20b@example.com)\n"
    assert (
        alone('<a href="mailto:{{ e }}">x</a>\n', defines=["e=a_b@example.com"]).text
        == '<a href="mailto:a_b@example.com">x</a>\n'
    )


@pytest.mark.parametrize(
    "piece", ["{{ a ", "{% a ", "{# a ", "{{ `", "[a", "![a](", "[a](", "``a `", "<!-- a ", "<a href='x' ", "[a]: "]
)
def test_a_line_of_unclosed_openers_costs_no_more_than_its_length(piece):
    line = piece * (60_000 // len(piece)) + "`x` }}"
    with cpu_time() as spent:  # CPU time: the same on a busy machine
        resolve_references(line + "\n", "t.md", "en", Options())
    assert spent.seconds < 3, spent.seconds


# What the options may hold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//",
        "data:text/html,x",
        "https://example.com/a b/",
        'https://example.com/a"onclick="x/',
        "https://example.com/<x>/",
        "//example.com/",
        "ftp://example.com/",
        "https://example.com/?q=1",
        "",
    ],
)
def test_a_hostile_source_url_is_refused(url):
    with pytest.raises(OutsideError) as caught:
        Options.parse(url)
    assert caught.value.message.startswith("--source-url ")
    assert "--source-url https://example.com/legal/terms/" in caught.value.fix


@pytest.mark.parametrize(
    "define, said",
    [
        ("novalue", "is not KEY=VALUE"),
        ("=x", "is not KEY=VALUE"),
        ("k=a\nb", "the value holds"),
        ("k=\x1b[31m", "the value holds"),
    ],
)
def test_a_define_that_is_no_value_is_refused(define, said):
    with pytest.raises(OutsideError) as caught:
        Options.parse(None, [define])
    assert said in str(caught.value)


# The command -----------------------------------------------------------------------------------

TERMS_1 = """# Terms of Service

## Who we are

We run the service. Read our [abuse policy](../abuse/index.md) and [cookies](cookies.md).

![Our logo](img/logo.png)

## Contact

Write to {{ site.email_support }}, or see [DMCA](/legal/dmca).
"""
TERMS_2 = TERMS_1.replace("We run the service.", "We run the service from Berlin.")


def make_source(path) -> tuple[GitRepo, list[str]]:
    repo = GitRepo(path, scaffold=False)
    repo.write("legal/img/logo.png", PNG)
    repo.write("legal/terms.md", TERMS_1)
    shas = [repo.commit("Terms", "2020-03-01T10:00:00+01:00")]
    repo.write("legal/terms.md", TERMS_2)
    shas.append(repo.commit("Say where", "2021-03-01T10:00:00+01:00"))
    return repo, shas


def make_site(path, langs=("en",)) -> GitRepo:
    repo = GitRepo(path, scaffold=False)
    plugins: list = ["search"]
    if len(langs) > 1:
        plugins.append(
            {
                "i18n": {
                    "docs_structure": "folder",
                    "languages": [
                        {"locale": lang, "name": lang.upper(), "build": True, **({"default": True} if n == 0 else {})}
                        for n, lang in enumerate(langs)
                    ],
                }
            }
        )
    repo.write(
        "mkdocs.yml",
        yaml.safe_dump(
            {
                "site_name": "Policy",
                "site_url": "https://policy.example.org/",
                "theme": {"name": "material"},
                "plugins": [*plugins, "policykit"],
            }
        ),
    )
    repo.write("docs/.gitkeep", "")
    repo.write(".gitignore", "site/\n.site.policy-building-*/\n")
    repo.commit("Site scaffold", "2026-01-01T12:00:00+00:00")
    return repo


def run(*args: str):
    return CliRunner().invoke(main, ["import", *args], catch_exceptions=False)


OPTIONS = ("--source-url", URL, "--define", "site.email_support=support@example.com")


@pytest.mark.build
@pytest.mark.parametrize("langs", [("en",), ("en", "de")])
def test_a_history_with_links_an_image_and_a_template_imports_and_builds_strict(tmp_path, langs):
    source, shas = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site", langs)
    if len(langs) > 1:  # a translation too: its own text, the same links
        source.write("legal/de/terms.md", TERMS_2.replace("# Terms of Service", "# Nutzungsbedingungen"))
        source.commit("German", "2021-04-01T10:00:00+01:00")
    result = run(
        "--history",
        f"{source.path}:legal/terms.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        *OPTIONS,
        *(["--translation", "de=legal/de/terms.md"] if len(langs) > 1 else []),
    )
    assert result.exit_code == 0, result.output
    short = shas[0][:7]
    assert (
        f"legal/terms.md@{short}:5: the link '../abuse/index.md' leads to another page of the source site: it "
        "leads to https://example.com/abuse/"
    ) in result.output
    assert result.output.count("'../abuse/index.md' leads") == len(langs)  # once per file, not per commit
    name = f"images/logo-{hashlib.sha256(PNG).hexdigest()[:10]}.png"
    assert (site.path / "docs/en" / name).read_bytes() == PNG
    assert "not committed" in result.output
    text = site.git("show", "HEAD:policy/en/01-who-we-are.md") if len(langs) == 1 else ""
    assert text == "" or "[abuse policy](https://example.com/abuse/)" in text
    site.commit("Images of the imported policy", "2026-01-02T12:00:00+00:00")
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    page = (build.site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.com/abuse/"' in page and 'href="https://example.com/legal/dmca"' in page
    assert "support@example.com" in page and "{{" not in page
    src = re.search(r'<img alt="Our logo" src="([^"]+)"', page).group(1)
    assert src.endswith(name) and (build.site / src).read_bytes() == PNG  # the page shows the copied image
    assert "{{" not in (build.site / "versions/1/index.html").read_text(encoding="utf-8")


def test_a_history_without_the_options_names_every_place_and_writes_nothing(tmp_path):
    source, shas = make_source(tmp_path / "source")
    source.write("legal/img/logo.png", PNG + b"new")  # a new logo: a new file, the old versions keep theirs
    source.write("legal/terms.md", TERMS_2.replace("from Berlin", "from Berlin and Paris"))
    source.commit("New logo", "2022-03-01T10:00:00+01:00")
    site = make_site(tmp_path / "site")
    before = site.git("rev-parse", "HEAD"), site.git("status", "--porcelain", "--untracked-files=all")
    result = run("--history", f"{source.path}:legal/terms.md", "--language", "en", "--into", str(site.path))
    assert result.exit_code == 1
    assert result.output.split("\n")[:2] == [
        f"Error: legal/terms.md@{shas[0][:7]}:11: the template expression '{{{{ site.email_support }}}}' is the "
        "source site's: its generator filled it in, and the import cannot know the words it wrote",
        "1 template expression(s) without a value; nothing was written (give the words the published page showed: "
        "--define 'site.email_support=…')",
    ]
    assert (site.git("rev-parse", "HEAD"), site.git("status", "--porcelain", "--untracked-files=all")) == before
    defined = run(
        "--history",
        f"{source.path}:legal/terms.md",
        "--language",
        "en",
        "--into",
        str(site.path),
        "--define",
        "site.email_support=support@example.com",
    )
    assert defined.exit_code == 0, defined.output
    for line, target in [(5, "../abuse/index.md"), (5, "cookies.md"), (11, "/legal/dmca")]:
        assert (
            f"legal/terms.md@{shas[0][:7]}:{line}: the link '{target}' leads to another page of the source site: "
            "kept as its words"
        ) in defined.output
    assert "img/logo.png' is copied into the site" in defined.output
    assert "Read our abuse policy and cookies." in site.git("show", "HEAD:policy/en/01-who-we-are.md")
    names = [f"logo-{hashlib.sha256(data).hexdigest()[:10]}.png" for data in (PNG, PNG + b"new")]
    assert sorted(p.name for p in (site.path / "docs/en/images").iterdir()) == sorted(names)
    assert names[0] in site.git("show", "HEAD~1:policy/en/01-who-we-are.md")
    assert names[1] in site.git("show", "HEAD:policy/en/01-who-we-are.md")


@pytest.mark.build
def test_one_file_imports_with_the_options_and_builds_strict(tmp_path, monkeypatch):
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site.path)
    terms = source.path / "legal/terms.md"
    refused = run(str(terms), "--language", "en")
    assert refused.exit_code == 1
    assert refused.output.strip() == (
        f"Error: {terms}:11: the template expression '{{{{ site.email_support }}}}' is "
        "the source site's: its generator filled it in, and the import cannot know the "
        "words it wrote (give the words the published page showed: "
        "--define 'site.email_support=…')"
    )
    assert not (site.path / "policy").exists() and not (site.path / "docs/en").exists()
    hostile = run(str(terms), "--language", "en", "--source-url", "javascript:alert(1)")
    assert hostile.exit_code == 1 and "--source-url 'javascript:alert(1)' is not an absolute http(s)" in hostile.output
    result = run(str(terms), "--language", "en", *OPTIONS, "--define", "site.email=x")
    assert result.exit_code == 0, result.output
    assert "--define site.email: no template expression of the text is 'site.email'" in result.output
    assert "--define site.email_support:" not in result.output
    assert (
        f"{terms}:5: the link 'cookies.md' leads to another page of the source site: it leads to "
        "https://example.com/legal/cookies/" in result.output
    )
    assert f"{terms}:7: the image 'img/logo.png' is copied into the site as docs/en/images/logo-" in result.output
    site.commit("Imported", "2026-01-02T12:00:00+00:00")
    build = mkdocs_build(site.path, "--strict", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert build.returncode == 0, build.output
    page = (build.site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.com/legal/cookies/"' in page and "support@example.com" in page


def test_one_file_without_a_source_url_names_each_link(tmp_path, monkeypatch):
    source, _ = make_source(tmp_path / "source")
    site = make_site(tmp_path / "site")
    monkeypatch.chdir(site.path)
    (source.path / "legal/img/logo.png").unlink()
    terms = source.path / "legal/terms.md"
    result = run(str(terms), "--language", "en", "--define", "site.email_support=support@example.com")
    assert result.exit_code == 0, result.output
    named = re.findall(rf"^{re.escape(str(terms))}:([0-9]+): the (link|image) '([^']+)'", result.output, re.MULTILINE)
    assert named == [
        ("5", "link", "../abuse/index.md"),
        ("5", "link", "cookies.md"),
        ("7", "image", "img/logo.png"),
        ("11", "link", "/legal/dmca"),
    ]
    assert "Our logo" in (site.path / "policy/en/01-who-we-are.md").read_text(encoding="utf-8")


def test_one_file_reads_its_images_only_inside_its_repository(tmp_path):
    """An image beyond the file's repository (or, outside one, its folder), or a symbolic link
    that leads there, is not read: its alternative text stays."""
    from policykit.importing.standalone import resolve_file

    (tmp_path / "secret.png").write_bytes(PNG)
    source = GitRepo(tmp_path / "source", scaffold=False)
    source.write("img/ok.png", PNG)
    (source.path / "img/link.png").symlink_to(tmp_path / "secret.png")
    text = "![a](../secret.png) ![b](img/link.png) ![c](/../secret.png) ![d](img/ok.png)\n"
    result = resolve_file(text, source.path / "terms.md", "terms.md", "en", Options())
    assert result.text.startswith("a b c ![d](images/ok-") and len(result.images) == 1
