"""An archived version's <title> names the version in the page's language, as its catalogue
writes it: "Integritetspolicy, version 1.0", "Nutzungsbedingungen, Version 108". It once
lower-cased the heading's word, which made German's noun the English word."""

from __future__ import annotations

import pytest
import story

from policykit.pages import PageContext, archive_page
from policykit.project.config import SiteConfig
from policykit.project.load import load_project
from policykit.words.catalogue import Words, shipped_languages

#: Languages whose nouns keep their capital inside a sentence: the catalogue's heading word
#: ("Version 1.0") is the title's word as it is written.
CAPITALISED_NOUNS = {"de"}


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> PageContext:
    repo = story.story_repo(tmp_path_factory.mktemp("titles") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", story.STORY_EPOCH)
        project = load_project(SiteConfig.read(repo.path))
    words = Words(shipped_languages())
    return PageContext(project.record, shipped_languages(), project.languages[0], words=words)


@pytest.mark.parametrize("lang", [lang for lang in shipped_languages() if lang != "en"])
def test_an_archived_title_names_the_version_in_the_pages_own_word(context, lang):
    version = context.versions["1.0"]
    title = archive_page(context, lang, version).title
    own = context.word(lang, "archive_subtitle", version="1.0")  # the heading: "Version 1.0", "Versión 1.0"
    assert title.startswith(context.title(version, lang) + ", "), title
    assert own.lower() in title.lower(), (lang, title)
    if lang in CAPITALISED_NOUNS:
        assert own in title, (lang, title)  # "Version 1.0", not the English "version 1.0"
    if own.split()[0].lower() != "version":  # the language has its own word: no English one
        assert "version" not in title.lower().split(), (lang, title)
