"""Shared fixtures: the project root, copies of the project, and real MkDocs builds."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
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
    """A real `mkdocs build` in a fresh process, as a user runs it (at most 300 s of CPU:
    `run_bounded`)."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = run_bounded([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), *args], cpu_seconds=300,
                       cwd=project, env=env)
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


#: How long a test waits, on the clock, for a process or a page before it calls it hung: far
#: beyond what any of them takes on a busy machine. Bounds on work are CPU time (`run_bounded`,
#: `cpu_time`), which the machine's load does not change; this is only the last resort.
HUNG = 1800
#: How long a browser test waits for a page, an element or a condition before it fails: six
#: times Playwright's 30 s, so that a page that is slow on a busy machine is waited for, while a
#: test whose element never comes still fails in minutes.
WAIT = 180


class CpuLimitExceeded(AssertionError):
    """A process under `run_bounded` used up its CPU time: it hangs or does far too much work."""


def run_bounded(args: list, cpu_seconds: int, **kwargs) -> subprocess.CompletedProcess:
    """`subprocess.run(args, capture_output=True, text=True, **kwargs)`, the process killed
    (CpuLimitExceeded) when it has spent `cpu_seconds` of CPU time: a loop that never ends, or
    work that grows with the square of its input, fails the same on a busy machine as on an idle
    one, where a bound on the clock fails only on a busy one. (RLIMIT_CPU is set on the child by
    prlimit(2) once it runs: no code runs between fork and exec in this threaded process.)"""
    with subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          **kwargs) as proc:
        with contextlib.suppress(ProcessLookupError):
            resource.prlimit(proc.pid, resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        try:
            stdout, stderr = proc.communicate(timeout=HUNG)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            raise AssertionError(f"{args[:3]}… was still running after {HUNG} s without using its CPU time: "
                                 f"it waits for something that never comes\n{stderr}") from None
    if proc.returncode == -signal.SIGXCPU:  # the soft limit's signal (the hard one, 5 s later, is SIGKILL)
        raise CpuLimitExceeded(f"{args[:3]}… used more than {cpu_seconds} s of CPU time\n{stderr[-2000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@dataclass
class Spent:
    seconds: float = 0.0


@contextlib.contextmanager
def cpu_time():
    """The CPU seconds spent inside the block, by this process and by the child processes it
    waited for (`with cpu_time() as spent: ...; assert spent.seconds < 30`): a bound on work
    that a busy machine does not change, as it changes the time on a clock."""
    def now() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    spent, start = Spent(), now()
    yield spent
    spent.seconds = now() - start


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


def serious_violations(page, context: str = ".md-content") -> list:
    """axe's serious and critical findings in `context` of the page: (rule, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, context=context)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")]


#: Every port a site has been served on in this run. A site is never served on one of them
#: again: a browser that knew the old site at that address (its cache, its storage, a service
#: worker) could otherwise answer for the new one.
_SERVED_PORTS: set[int] = set()


def _fresh_server(handler):
    """An HTTP server on 127.0.0.1 on a port that no site of this run had."""
    import http.server

    held = []
    try:
        while True:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            port = server.server_address[1]
            if port not in _SERVED_PORTS:
                _SERVED_PORTS.add(port)
                return server
            held.append(server)  # kept open until a fresh port is found, so the system offers another
    finally:
        for server in held:
            server.server_close()


@contextlib.contextmanager
def serve(site: Path, headers: dict[str, str] | None = None):
    """`site` over HTTP on 127.0.0.1, on a port of its own that no other site of this run had
    (its own origin; yields the base URL), answering unknown paths with /404.html as GitHub
    Pages does, and sending `headers` with every answer (`Access-Control-Allow-Origin: *`, as
    GitHub Pages does). Every answer says `Cache-Control: no-store`: a test reads what the
    site holds now, never what a browser kept from before."""
    import functools
    import http.server
    import threading

    sent = {"Cache-Control": "no-store", **(headers or {})}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            for name, value in sent.items():
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

    server = _fresh_server(functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def served_site(built_site):
    """This project's built site, served."""
    with serve(built_site.site) as url:
        yield url
