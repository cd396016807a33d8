"""What a build holds as it goes, so that its memory does not grow with the history
(adapter/release.py, render/redline_tables.py): a page the generator made with the whole
history holds no Markdown or HTML once it is written; the files made of the whole history
hold nothing once written; a language's pass holds no page's HTML, Markdown or anchors once
its links are checked, while mkdocs-static-i18n builds the next language; and the redline's
character classes are read without a string of every code point at once.

Shapes, not timings: each test looks at what the objects hold, in a real build of the story."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from story import STORY_EPOCH, story_repo

from policykit.adapter.release import Alternate
from policykit.record import history
from policykit.render import redline_tables

pytestmark = pytest.mark.build


#: The files made of the whole history.
WHOLE = ("policy.json", "compare.json", "feed.xml")


class Seen:
    """Every page MkDocs writes, in order; what the pages of the first pass held when the next
    language's first page was written; and what the files made of the whole history held once
    each pass's first page was written."""

    def __init__(self) -> None:
        self.written: list[MkDocsPage] = []
        self.held_at_next_pass: list[tuple[str, object, object, object, object]] = []
        self.files: list[Files] = []  # each pass's
        self.whole_held: list[tuple[str, str]] = []
        self.site = Path()


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> Seen:
    """The story built in this process, `_build_page` watched: after each page is written, and
    when the second language's first page is written, what the pages before it hold."""
    tmp = tmp_path_factory.mktemp("build-memory")
    repo = story_repo(tmp / "repo")
    out = Seen()
    monkeypatch = pytest.MonkeyPatch()
    original, copy = mkdocs_build_module._build_page, Files.copy_static_files

    def copied(files, *args, **kwargs):
        out.files.append(files)
        return copy(files, *args, **kwargs)

    def watched(page, config, doc_files, nav, env, dirty=False, excluded=False):
        first = not out.written or _lang(page) != _lang(out.written[-1])
        if first and out.written and not out.held_at_next_pass:
            out.held_at_next_pass = [
                (p.file.src_uri, p.content, p.markdown, p.present_anchor_ids, p.links_to_anchors) for p in out.written
            ]
        original(page, config, doc_files, nav, env, dirty, excluded)
        out.written.append(page)
        if first:
            out.whole_held += [(f.dest_uri, f.content_string) for f in out.files[-1] if f.dest_uri.endswith(WHOLE)]

    try:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", STORY_EPOCH)
        monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
        monkeypatch.chdir(repo.path)
        monkeypatch.setattr(mkdocs_build_module, "_build_page", watched)
        monkeypatch.setattr(Files, "copy_static_files", copied)
        history._READERS.clear()
        config = load_config(str(repo.path / "mkdocs.yml"), site_dir=str(tmp / "site"), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build_module.build(config)
        config.plugins.on_shutdown()
        out.site = tmp / "site"
    finally:
        monkeypatch.undo()
        history._READERS.clear()
    return out


def _lang(page: MkDocsPage) -> str:
    return getattr(page.file, "locale", "") or page.file.src_uri.split("/")[0]


def _generated(page: MkDocsPage) -> bool:
    return getattr(page.file, "policy_generated", False)


def test_a_page_made_of_the_whole_history_holds_nothing_once_written(seen):
    """The text in force, the changelog and the version list: hundreds of kB each at hundreds
    of versions, held to the end of the build by MkDocs."""
    urls = {"", "changes/", "versions/", "en/", "en/changes/", "en/versions/"}
    whole = [p for p in seen.written if p.url.lstrip("/") in urls]
    assert {p.url.lstrip("/") for p in whole} == urls
    for page in whole:
        assert not page.content and not page.markdown, page.url
        assert not page.toc.items, page.url
        if _generated(page):
            assert not page.file.content_string


def test_a_pass_holds_no_page_s_html_nor_anchors_while_the_next_language_is_built(seen):
    held = seen.held_at_next_pass
    assert held, "the second language was built"
    for uri, content, markdown, anchors, links in held:
        assert not content and not markdown, uri
        assert anchors is None and links is None, uri


def test_a_generated_page_names_its_other_languages_by_address(seen):
    """mkdocs-static-i18n reads the language switch's and the sitemap's links from `alternates`."""
    pages = [p for p in seen.written if _generated(p)]
    assert pages
    for page in pages:
        alternates = page.file.alternates
        assert set(alternates) == {"sv", "en"}
        assert all(isinstance(a, Alternate) and a.page is None for a in alternates.values())
        assert alternates[_lang(page)].url == page.file.url


def test_the_files_made_of_the_whole_history_are_written_whole_then_let_go(seen):
    assert sorted(uri for uri, _ in seen.whole_held) == ["compare.json", "en/feed.xml", "feed.xml", "policy.json"]
    assert all(held == "" for _, held in seen.whole_held)
    assert (seen.site / "policy.json").read_text(encoding="utf-8").startswith("{")
    assert (seen.site / "compare.json").read_text(encoding="utf-8").startswith("{")
    for feed in ("feed.xml", "en/feed.xml"):
        assert "<entry>" in (seen.site / feed).read_text(encoding="utf-8")


def test_the_redline_s_character_classes_are_read_a_block_at_a_time():
    """A string of every code point is 4.5 MB, and the checks made copies of it: 20 MB at once,
    the build's peak until a history had a hundred versions."""
    compute = redline_tables._computed.__wrapped__  # type: ignore[attr-defined]
    tracemalloc.start()
    try:
        tables = compute()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert tables == redline_tables._computed()
