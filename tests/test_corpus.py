"""A corpus of broken policies and histories: each gives its exact message and exit code, and
none gives a traceback or writes a site.

Each `corpus/NAME.yml` says:

    what:    the mistake, in words
    commits: [overlay, ...]   optional: further commits after the base policy (1.0)
    files:   overlay          the working tree's change (paths below policy/; null deletes)
    bytes:   {path: hex}      files that are not text (non-UTF-8)
    args:    [--base, HEAD]   extra `policy lint` arguments
    exit:    1                the exit code of `policy lint`
    expect:  [lines]          exactly what `policy lint` prints, in order

The base is a small valid policy in Swedish and English, committed as version 1.0. Rewrite
the `expect` lines after an intended change with `pytest tests/test_corpus.py --update-golden`.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import yaml
from building import mkdocs_build
from click.testing import CliRunner
from corpus_cases import CORPUS, make_case
from gitrepo import meta
from small_policy import EN_1_0, SV_1_0

from policykit.cli import main

#: Seconds a case's `policy lint` may take: a case that once hung (an alias bomb, a sub-clause
#: numbered in the billions) fails instead of hanging the suite.
LINT_TIMEOUT = 30
CASES = sorted(CORPUS.glob("*.yml"))


@pytest.mark.build
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_corpus(case_file: Path, tmp_path: Path, update_golden: bool, monkeypatch):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    repo = make_case(tmp_path / "repo", case)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    result = lint_within(LINT_TIMEOUT, ["lint", "--root", str(repo.path), *case.get("args", [])])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stdout.splitlines()
    if update_golden:
        case["exit"], case["expect"] = result.exit_code, lines
        case_file.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    assert (result.exit_code, lines) == (case["exit"], case["expect"])
    if case["exit"] == 1 and "--base" not in case.get("args", []):
        # What lint calls an error, the build refuses: with the same first line, no traceback,
        # and no site written.
        strict = ["--strict"] if "--strict" in case.get("args", []) else []
        build = mkdocs_build(repo.path, *strict, env={"SOURCE_DATE_EPOCH": "1780272000"})
        assert build.returncode == 1 and "Traceback" not in build.output
        assert case["expect"][0] in build.output
        assert not build.site.exists()


def lint_within(seconds: int, args: list[str]):
    """`policy` with `args` in this process, failing with TimeoutError after `seconds`."""

    def expired(signum, frame):
        raise TimeoutError(f"policy {' '.join(args)} took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        return CliRunner().invoke(main, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_a_bom_crlf_and_a_1_mb_clause_are_accepted(tmp_path):
    words = " ".join(f"ord{i % 5000}" for i in range(120_000))  # about 1 MB
    sv = "\ufeff" + SV_1_0["01-insamling.md"].replace("a. Vi samlar in namn.", f"a. Vi samlar in namn. {words}")
    en = EN_1_0["01-collection.md"].replace("a. We collect names.", f"a. We collect names. {words}")
    repo = make_case(
        tmp_path / "repo",
        {
            "files": {
                "sv/01-insamling.md": sv.replace("\n", "\r\n"),
                "en/01-collection.md": en,
                "policy.yml": meta("1.1", "2026-02-15"),
            }
        },
    )
    result = CliRunner().invoke(main, ["lint", "--root", str(repo.path), "--base", "HEAD", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")
