"""Pages as values: an archived version's page, made and rendered without MkDocs, is the
content the build wrote; each page names the inputs its output depends on."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from story import STORY_EPOCH, build_story

from policykit.adapter import site
from policykit.adapter.caches import section_cache
from policykit.pages import PageContext, archive_page, generated
from policykit.project.config import SiteConfig
from policykit.project.load import load_project, site_words


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    return build_story(tmp_path_factory.mktemp("page-values"))


def _context(root, monkeypatch) -> tuple[PageContext, object]:
    """The build's context and Markdown configuration, as the plugin makes them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STORY_EPOCH)
    intake = SiteConfig.read(root)
    project = load_project(intake)
    languages = project.languages
    words, _ = site_words(intake, languages)
    config = load_config(str(root / "mkdocs.yml"))
    site.set_defaults(config)
    ctx = PageContext(
        project.record,
        project.languages,
        languages[0],
        section_cache(config),
        config.site_url or "",
        words=words,
        repo_url=config.repo_url or "",
    )
    return ctx, config


def test_an_archived_page_renders_outside_mkdocs_to_the_built_article(story, monkeypatch):
    repo, result = story
    ctx, config = _context(repo.path, monkeypatch)
    for lang, label in (("sv", "1.1"), ("en", "1.0"), ("en", "1.3")):
        site.set_words(config, ctx.words, lang)  # the permalinks' title, as in the language's pass
        page = archive_page(ctx, lang, ctx.versions[label])
        html = page.html(config.markdown_extensions, config.mdx_configs)
        built = (result.site / page.url / "index.html").read_text(encoding="utf-8")
        article = built[built.index('<article class="md-content__inner md-typeset">') : built.index("</article>")]
        assert 'class="policy-section"' in html and f"{label}" in html
        assert html in article, (lang, label)
        assert f"<title>{page.title}</title>" in built


def test_each_page_names_the_inputs_of_its_output(story, monkeypatch):
    repo, _ = story
    ctx, _ = _context(repo.path, monkeypatch)
    again, _ = _context(repo.path, monkeypatch)
    pages = generated(ctx, "en")
    assert [p.inputs for p in pages] == [p.inputs for p in generated(again, "en")]  # the same in every build
    assert len({p.inputs for p in pages}) == len(pages)  # no two pages share them
    archive = next(p for p in pages if p.kind == "archive")
    names = [name for name, _ in archive.inputs]
    assert names == ["page", "lang", "version", "commit", "words", "site", "history", "standing"]
    assert dict(archive.inputs)["commit"] == ctx.versions[dict(archive.inputs)["version"]].commit
    assert archive.searchable is False and archive.in_nav is False and archive.title
    assert archive.document.startswith("---\nsearch:\n  exclude: true\n---\n\n")
    assert dict(generated(ctx, "sv")[0].inputs)["words"] != dict(pages[0].inputs)["words"]  # per language


def test_rendered_blocks_live_as_long_as_their_store():
    """A page's Markdown names the generator's HTML by a marker; the HTML is put back from the
    build's store, and nothing of a store outlives it (`mkdocs serve` makes one per rebuild)."""
    import gc
    import weakref

    import markdown

    from policykit.render.prerendered import Prerendered

    store = Prerendered()
    block = '<p class="policy-x">kept</p>'
    page = f"# T\n\n{store.issue(block)}\n"
    md = markdown.Markdown(extensions=["policykit.render.extension"])
    assert '<p class="policy-x">kept</p>' in md.convert(page)
    gone = weakref.ref(store)
    del store
    gc.collect()
    assert gone() is None
    assert "kept" not in md.reset().convert(page)
