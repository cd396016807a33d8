"""`mkdocs serve` shows edits to the policy and to the docs without a restart."""

from __future__ import annotations

import re
import time

import pytest
from building import HUNG
from mkdocs_serve import RUNNING, Server, fetch, wait_for


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
    # rebuild (the build cache, and rendercache.py's memory of the last one): the same page, byte for byte,
    # with its title and table of contents, as when it was rendered.
    same = lambda html: re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)  # the server's epoch
    for path, before in archived.items():
        assert same(fetch(base + path)) == same(before), path
    assert "<title>Integritetspolicy, version 1.0</title>" in archived["versions/1.0/"]
    about = project / "docs/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    wait_for(base + "en/about/", "Edited while serving.")


@pytest.mark.build
def test_a_hook_edited_while_serving_is_not_taken_for_the_code_that_ran(project):
    """mkdocs serve keeps running a hook as it loaded it, whatever its file says since: the
    pages it renders after the edit are kept under the code that made them, and the next serve,
    which loads the edited hook, makes them again."""
    (project / "hooks" / "stamp.py").write_text(_STAMP.format(mark="A"), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - hooks/policy.py\n", "  - hooks/policy.py\n  - hooks/stamp.py\n"
        ),
        encoding="utf-8",
    )
    first = Server(project)
    RUNNING.append(first)
    try:
        base = f"http://127.0.0.1:{first.port}/"
        wait_for(base + "versions/1.0/", "<!-- stamp A -->")
        (project / "hooks" / "stamp.py").write_text(_STAMP.format(mark="B"), encoding="utf-8")
        about = project / "docs/en/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
        wait_for(base + "en/about/", "Edited while serving.")  # rebuilt, by the hook as it was loaded
        assert "<!-- stamp A -->" in (fetch(base + "versions/1.0/") or "")
    finally:
        RUNNING.remove(first)
        first.stop()
    second = Server(project, first.port)  # the same address: the same keys
    RUNNING.append(second)
    try:
        body = wait_for(f"http://127.0.0.1:{second.port}/versions/1.0/", "<!-- stamp ")
        assert "<!-- stamp B -->" in body  # not the page the first server's hook made
    finally:
        RUNNING.remove(second)
        second.stop()


_STAMP = (
    'def on_post_page(output, page, config):\n    return output.replace("</body>", "<!-- stamp {mark} --></body>")\n'
)


@pytest.mark.build
def test_a_rebuild_keeps_the_files_of_the_pages_it_writes_as_they_were(project, tmp_path, monkeypatch):
    """MkDocs empties the served folder before each rebuild; the rebuild moves the last site
    aside instead, links into the new one each page it writes with the same bytes (the same
    file, not written again), and removes what is left of the last site when it is done."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # where mkdocs serve makes the folder it serves
    server = Server(project)
    RUNNING.append(server)
    try:
        base = f"http://127.0.0.1:{server.port}/"
        wait_for(base + "versions/1.0/", 'href="#s5"')
        [served] = [folder for folder in temp.iterdir() if folder.name.startswith("mkdocs_")]
        archived = served / "versions" / "1.0" / "index.html"
        before = archived.stat()
        section = project / "policy/sv/04-lagring.md"
        text = section.read_text(encoding="utf-8").rstrip("\n") + " Ett tillägg.\n"
        section.write_text(text, encoding="utf-8")  # the section's words: its translation stays
        wait_for(base, "Ett tillägg.")
        deadline = time.monotonic() + HUNG
        while any(".policy-building-" in entry.name for entry in temp.iterdir()):  # the rebuild's end
            assert time.monotonic() < deadline, "the last site was never removed"
            time.sleep(0.3)  # polling for the condition, not waiting out a time
        after = archived.stat()
        assert (after.st_ino, after.st_nlink) == (before.st_ino, 1)
        assert "Ett tillägg." in (served / "index.html").read_text(encoding="utf-8")
    finally:
        RUNNING.remove(server)
        server.stop()
