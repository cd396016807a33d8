"""`mkdocs serve` shows edits to the policy and to the docs without a restart."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {needle!r} within {seconds} s")


@pytest.fixture
def serve(project):
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_rebuilds_on_edits_to_policy_and_docs(serve):
    project, base = serve
    wait_for(base, 'id="s4"')
    archived = {path: wait_for(base + path, needle) for path, needle in
                (("versions/1.0/", 'href="#s5"'), ("en/versions/1.1/changes/", 'id="s0"'))}
    section = project / "policy/sv/04-lagring.md"
    section.write_text(section.read_text(encoding="utf-8") + "\na. En ny punkt i förhandsvisningen.\n",
                       encoding="utf-8")
    translation = project / "policy/en/04-storage.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\na. A new clause in the preview.\n",
                           encoding="utf-8")
    body = wait_for(base, "En ny punkt i förhandsvisningen.")
    assert 'id="s4-a"' in body
    wait_for(base + "en/", "A new clause in the preview.")
    # Archived pages come from the previous rebuild (policykit.adapter.caches.Rendered): the same page,
    # with its title and table of contents, as when it was rendered.
    same = lambda html: re.sub(r"livereload\(\d+, \d+\)", "livereload()", html)  # the server's epoch
    for path, before in archived.items():
        assert same(fetch(base + path)) == same(before), path
    assert "<title>Integritetspolicy, version 1.0</title>" in archived["versions/1.0/"]
    about = project / "docs/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    wait_for(base + "en/about/", "Edited while serving.")
