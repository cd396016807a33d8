"""A history a reader of an amended policy meets, in two languages, as a real git repository.

    1.0  2026-01-15  the first text
    1.1  2026-02-15  1 a changed in both languages; 1 b changed in Swedish only (the English 1 b lags)
    1.2  2026-03-01  editorial (`editorial: "1.2"`): a spelling fix in 2 a, both languages
    1.3  2026-04-01  section 3 added; 2 b moved to 3 a (`moved: {s2-b: s3-a}`); 1 c removed
    1.4  2026-07-01  upcoming at the build date (2026-06-01): 2 a changed, 1 d added

Built with SOURCE_DATE_EPOCH = STORY_EPOCH (2026-06-01): 1.3 is in force, 1.4 upcoming. The
issue-14 tests (history lines, compare, periods, editorial versions, the integration guide)
share it; `story_repo(path)` writes it, `build_story(tmp)` builds it --strict.
"""

from __future__ import annotations

from pathlib import Path

from conftest import mkdocs_build
from gitrepo import GitRepo, meta

STORY_EPOCH = "1780272000"  # 2026-06-01T00:00:00Z

SV = {
    "00-inledning.md": "# Integritetspolicy\n\nDen här policyn beskriver hur vi hanterar personuppgifter.\n",
    "01-insamling.md": "# 1. Insamling\n\na. Vi samlar in namn.\n\nb. Vi samlar in e-postadresser.\n\n"
                       "c. Vi samlar in telefonnummer.\n",
    "02-anvandning.md": "# 2. Användning\n\na. Vi använder uppgifterna för att levverera tjänsten.\n\n"
                        "b. Vi sparar uppgifterna i tolv månader.\n",
}
EN = {
    "00-introduction.md": "# Privacy Policy\n\nThis policy describes how we handle personal data.\n",
    "01-collection.md": "# 1. Collection\n\na. We collect names.\n\nb. We collect e-mail addresses.\n\n"
                        "c. We collect telephone numbers.\n",
    "02-use.md": "# 2. Use\n\na. We use the data to delivver the service.\n\n"
                 "b. We keep the data for twelve months.\n",
}
#: (label, effective, committed, summary, moved, removed, extra policy.yml lines)
VERSIONS = [
    ("1.0", "2026-01-15", "2026-01-10T10:00:00Z", "First version.", "{}", "[]", ""),
    ("1.1", "2026-02-15", "2026-02-01T10:00:00Z", "Addresses.", "{}", "[]", ""),
    ("1.2", "2026-03-01", "2026-02-20T10:00:00Z", "Spelling.", "{}", "[]", 'editorial: "1.2"\n'),
    ("1.3", "2026-04-01", "2026-03-20T10:00:00Z", "Storage.", "{s2-b: s3-a}", "[s1-c]", ""),
    ("1.4", "2026-07-01", "2026-05-01T10:00:00Z", "Purposes.", "{s2-b: s3-a}", "[s1-c]", ""),
]


def _files(sv: dict[str, str], en: dict[str, str]) -> dict[str, str | None]:
    return {**{f"sv/{k}": v for k, v in sv.items()}, **{f"en/{k}": v for k, v in en.items()}}


def story_repo(path: Path) -> GitRepo:
    repo = GitRepo(path)
    sv, en = dict(SV), dict(EN)
    for label, effective, committed, summary, moved, removed, extra in VERSIONS:
        if label == "1.1":
            sv["01-insamling.md"] = sv["01-insamling.md"].replace("namn.", "namn och adress.").replace(
                "e-postadresser.", "e-postadresser och telefonnummer till arbetet.")
            en["01-collection.md"] = en["01-collection.md"].replace("names.", "names and addresses.")
        elif label == "1.2":
            sv["02-anvandning.md"] = sv["02-anvandning.md"].replace("levverera", "leverera")
            en["02-use.md"] = en["02-use.md"].replace("delivver", "deliver")
        elif label == "1.3":
            sv["01-insamling.md"] = sv["01-insamling.md"].split("\nc.")[0].rstrip() + "\n"
            en["01-collection.md"] = en["01-collection.md"].split("\nc.")[0].rstrip() + "\n"
            sv["02-anvandning.md"] = sv["02-anvandning.md"].split("\nb.")[0].rstrip() + "\n"
            en["02-use.md"] = en["02-use.md"].split("\nb.")[0].rstrip() + "\n"
            sv["03-lagring.md"] = "# 3. Lagring\n\na. Vi sparar uppgifterna i tolv månader.\n"
            en["03-storage.md"] = "# 3. Storage\n\na. We keep the data for twelve months.\n"
        elif label == "1.4":
            sv["02-anvandning.md"] = sv["02-anvandning.md"].replace("tjänsten.", "tjänsten och förbättra den.")
            en["02-use.md"] = en["02-use.md"].replace("service.", "service and to improve it.")
            sv["01-insamling.md"] += "\nd. Vi samlar in din ort.\n"
            en["01-collection.md"] += "\nd. We collect your town.\n"
        repo.write_policy({"policy.yml": meta(label, effective, summary, moved, removed, extra), **_files(sv, en)})
        repo.commit(f"Policy {label}", committed)
    return repo


def build_story(tmp: Path, *args: str):
    """The story built --strict at STORY_EPOCH: (repo, BuildResult)."""
    repo = story_repo(tmp / "repo")
    result = mkdocs_build(repo.path, "--strict", *args, env={"SOURCE_DATE_EPOCH": STORY_EPOCH})
    assert result.returncode == 0, result.output
    return repo, result
