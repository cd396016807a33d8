"""Shared fixtures: the project root, copies of the project, and real MkDocs builds."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What a site needs besides the installed package (README, How it works).
PROJECT_PARTS = ["mkdocs.yml", "docs", "policy", "hooks"]


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files under tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def copy_project(dest: Path) -> Path:
    """A clone of this repository (its history is the policy's record), with the working
    tree's site sources laid over it, so that uncommitted work is what gets tested."""
    if not (ROOT / ".git").exists():
        pytest.skip("these tests build the project from its git history: run them in a git clone")
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.rmtree(dest / part, ignore_errors=True)
            shutil.copytree(source, dest / part)
        elif source.exists():
            shutil.copy2(source, dest / part)
    return dest


def mkdocs_build(project: Path, *args: str, site: Path | None = None, env: dict | None = None) -> BuildResult:
    """A real `mkdocs build` in a fresh process, as a user runs it."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of this project's site sources, to break or change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuildResult:
    """This project built once with --strict, shared by the read-only site tests."""
    project = copy_project(tmp_path_factory.mktemp("site") / "project")
    return mkdocs_build(project, "--strict")


# Browser tests: Debian's Chromium, driven by Playwright (no browser download).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = ("Chromium is missing, so the browser tests cannot run: install it with "
                   "`apt-get install chromium` (Debian; .ci/run does this)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def serious_violations(page, context: str = ".md-content") -> list:
    """axe's serious and critical findings in `context` of the page: (rule, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, context=context)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")]


@contextlib.contextmanager
def serve(site: Path, headers: dict[str, str] | None = None):
    """`site` over HTTP on 127.0.0.1, on a port of its own (its own origin; yields the base
    URL), answering unknown paths with /404.html as GitHub Pages does, and sending `headers`
    with every answer (`Access-Control-Allow-Origin: *`, as GitHub Pages does)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

        def send_error(self, code, message=None, explain=None):
            if code != 404 or not (site / "404.html").is_file():
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(built_site):
    """This project's built site, served."""
    with serve(built_site.site) as url:
        yield url
