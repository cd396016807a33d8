"""`mkdocs serve` shows edits to the policy and to the docs without a restart."""

from __future__ import annotations

import re

from mkdocs_serve import fetch, wait_for


def test_serve_rebuilds_on_edits_to_policy_and_docs(mkdocs_served):
    project, base = mkdocs_served
    wait_for(base, 'id="s4"')
    archived = {
        path: wait_for(base + path, needle)
        for path, needle in (
            ("versions/1.0/", 'href="#s5"'),
            ("en/versions/1.1/changes/", 'id="s0"'),
            ("verify/", "sha256sum"),  # a generated page that the edit leaves as it was
        )
    }
    section = project / "policy/sv/04-lagring.md"
    section.write_text(
        section.read_text(encoding="utf-8") + "\na. En ny punkt i förhandsvisningen.\n", encoding="utf-8"
    )
    translation = project / "policy/en/04-storage.md"
    translation.write_text(
        translation.read_text(encoding="utf-8") + "\na. A new clause in the preview.\n", encoding="utf-8"
    )
    body = wait_for(base, "En ny punkt i förhandsvisningen.")
    assert 'id="s4-a"' in body
    wait_for(base + "en/", "A new clause in the preview.")
    # Archived pages, and generated pages that the edit did not change, come from the previous
    # rebuild (policykit.adapter.caches.Rendered, the build cache): the same page, byte for byte,
    # with its title and table of contents, as when it was rendered.
    same = lambda html: re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)  # the server's epoch
    for path, before in archived.items():
        assert same(fetch(base + path)) == same(before), path
    assert "<title>Integritetspolicy, version 1.0</title>" in archived["versions/1.0/"]
    about = project / "docs/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    wait_for(base + "en/about/", "Edited while serving.")
