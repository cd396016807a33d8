"""The note on a clause that carries an anchor it once had: "Since version 1.1, this is what was 1 c".

A clause that moved twice (1 c to 2 c in 1.1, then 2 c to 2 d in 1.2: an import of a source
that renumbered twice writes the same) is declared as a chain, `s1-c: s2-c, s2-c: s2-d`. Its
first move is read with the declarations in force, whose chain ends at s2-d, a place version 1.1
did not have: the note must still name 1.1, the first version without s1-c, never "version ?".
A real repository with pinned dates, a real strict build.
"""

from __future__ import annotations

import pytest
from building import mkdocs_build
from gitrepo import GitRepo, meta
from small_policy import EN_1_0, SV_1_0, files

pytestmark = pytest.mark.build  # every test here builds a site

SV_C = "c. Vi samlar in telefonnummer.\n"
EN_C = "c. We collect telephone numbers.\n"


def without_c(texts: dict[str, str], c: str) -> dict[str, str]:
    first = [name for name in texts if name.startswith("01-")][0]
    return {**texts, first: texts[first].replace("\n\n" + c, "\n")}


def test_a_clause_moved_twice_names_the_version_of_each_move(tmp_path):
    repo = GitRepo(tmp_path / "site")
    repo.write_policy({"policy.yml": meta("1.0", "2026-01-15"), **files("sv", SV_1_0), **files("en", EN_1_0)})
    repo.commit("1.0", "2026-01-10T10:00:00Z")
    sv, en = without_c(SV_1_0, SV_C), without_c(EN_1_0, EN_C)
    sv["02-anvandning.md"] += "\n" + SV_C
    en["02-use.md"] += "\n" + EN_C
    repo.write_policy(
        {"policy.yml": meta("1.1", "2026-02-15", moved="{s1-c: s2-c}"), **files("sv", sv), **files("en", en)}
    )
    repo.commit("1.1", "2026-02-10T10:00:00Z")
    sv["02-anvandning.md"] = sv["02-anvandning.md"].replace(SV_C, "d. Vi samlar in telefonnummer.\n")
    en["02-use.md"] = en["02-use.md"].replace(EN_C, "d. We collect telephone numbers.\n")
    repo.write_policy(
        {
            "policy.yml": meta("1.2", "2026-03-15", moved="{s1-c: s2-c, s2-c: s2-d}", extra="gaps: [s2-c]\n"),
            **files("sv", sv),
            **files("en", en),
        }
    )
    repo.commit("1.2", "2026-03-10T10:00:00Z")
    result = mkdocs_build(repo.path, "--strict", env={"SOURCE_DATE_EPOCH": "1780272000"})
    assert result.returncode == 0, result.output
    page = (repo.path / "site/en/index.html").read_text(encoding="utf-8")
    assert "version ?" not in page and "Version ?" not in page
    assert "Since version 1.1, this is what was 1 c." in page, page
    assert "Since version 1.2, this is what was 2 c." in page, page
