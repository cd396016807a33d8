"""Shared fixtures, the test tiers, and the path to the helpers in tests/fixtures/.

Helpers live in tests/fixtures/ (put on sys.path here, so tests import them by module name:
`from gitrepo import GitRepo`, `from building import mkdocs_build`); no test module imports
another test module (tests/test_suite_layout.py checks it).

Tiers. Tests that build a site, a wheel or a venv, or run MkDocs or `policy` in a process of
their own, are marked `build`; tests that drive Chromium, `browser`. `make check` runs the rest
(`pytest -m "not build and not browser"`, under a minute), `make test` everything. The markers
are hard to forget, because they are not left to memory:

- a test that uses a fixture that builds or starts Chromium (tiers.BUILD_FIXTURES,
  tiers.BROWSER_FIXTURES, through any chain of fixtures) is marked here at collection;
- every process the test run starts is seen by an audit hook (tiers.py), which fails the test
  at once when the process builds (MkDocs, the `policy` command, a wheel, a venv, pip) and the
  test is not marked `build`, however the process was started (`mkdocs_build`, `run_bounded`,
  `subprocess`); and also when a test clones this repository: the site's history is a fixture
  (selfsite.py), never this repository's own, so a shallow clone or a tarball without .git
  passes too.

An audit hook rather than a check inside `mkdocs_build`: it cannot be bypassed by calling
`subprocess` directly, and it needs no list of helpers to keep up to date.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))

import tiers  # noqa: E402
from browsing import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from building import WAIT, BuildResult, mkdocs_build  # noqa: E402

# mkdocs_served, story, public and lettered are fixtures that several test files use, defined beside their
# helpers: imported here, pytest finds them.
from lettered_site import lettered  # noqa: E402, F401
from mkdocs_serve import mkdocs_served  # noqa: E402, F401
from selfsite import make_self_site  # noqa: E402
from small_policy import story  # noqa: E402, F401
from upcoming import public  # noqa: E402, F401


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected files under tests/golden/ from the current output",
    )


def pytest_configure(config):
    tiers.install()


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & tiers.BUILD_FIXTURES and item.get_closest_marker("build") is None:
            item.add_marker(pytest.mark.build)
        if names & tiers.BROWSER_FIXTURES and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    tiers.current = item
    try:
        return (yield)
    finally:
        tiers.current = None


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def self_site(tmp_path_factory) -> Path:
    """This project's site with its published history, made once from fixtures (selfsite.py):
    read it, never change it."""
    return make_self_site(tmp_path_factory.mktemp("self") / "project")


@pytest.fixture
def project(self_site: Path, tmp_path: Path) -> Path:
    """A private copy of this project's site, with its history, to break or change."""
    return Path(shutil.copytree(self_site, tmp_path / "project", symlinks=True))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, self_site) -> BuildResult:
    """This project built once with --strict, shared by the read-only site tests."""
    project = Path(shutil.copytree(self_site, tmp_path_factory.mktemp("site") / "project", symlinks=True))
    return mkdocs_build(project, "--strict")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            "Chromium is missing, so the browser tests cannot run: install it with "
            "`apt-get install chromium` (Debian; .ci/run does this)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        new_context = chromium.new_context

        def patient_context(**options):
            """A context of its own (its own cache and storage: make a new one for each site),
            that waits for a page, an element or a condition up to WAIT, not Playwright's 30 s."""
            context = new_context(**options)
            context.set_default_timeout(WAIT * 1000)
            context.set_default_navigation_timeout(WAIT * 1000)
            return context

        chromium.new_context = patient_context
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_site(built_site):
    """This project's built site, served."""
    with serve(built_site.site) as url:
        yield url
