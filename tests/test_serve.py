"""`mkdocs serve` shows edits to the policy and to the docs without a restart."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from conftest import HUNG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listens(pid: int, port: int) -> bool:
    """Whether process `pid` itself holds the listening socket on 127.0.0.1:`port` (Linux's
    /proc): the answers on that port are then its answers, not another program's that took
    the port between free_port() and the server's start."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    with open("/proc/net/tcp", encoding="ascii") as table:
        for line in list(table)[1:]:
            fields = line.split()
            if fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                return True
    return False


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=HUNG) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Server:
    """`mkdocs serve` of a project, in its own process group, on a port it holds itself."""

    def __init__(self, project):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.log = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stop the server
        for _ in range(20):  # another program may take the free port before mkdocs binds it
            self.port = free_port()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
            )
            while self.proc.poll() is None and not listens(self.proc.pid, self.port):
                time.sleep(0.1)  # polling for the condition, not waiting out a time
            if self.proc.poll() is None:
                return
        raise AssertionError("mkdocs serve could not listen on any of 20 free ports")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=HUNG)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


#: The server of the running test (the `serve` fixture's), which `wait_for` watches.
RUNNING: list[Server] = []


def wait_for(url: str, needle: str) -> str:
    """The page at `url` once it shows `needle` (mkdocs serve rebuilds on its own time),
    failing at once if the server has stopped, or after HUNG seconds."""
    deadline = time.monotonic() + HUNG
    while time.monotonic() < deadline:
        for server in RUNNING:
            if server.proc.poll() is not None:
                raise AssertionError(f"mkdocs serve stopped ({server.proc.returncode}): {server.output()[-2000:]}")
        body = fetch(url)
        if body is not None and needle in body:
            return body
        time.sleep(0.3)  # polling for the condition, not waiting out a time
    raise AssertionError(f"{url} did not show {needle!r} within {HUNG} s")


@pytest.fixture
def serve(project):
    server = Server(project)
    RUNNING.append(server)
    try:
        yield project, f"http://127.0.0.1:{server.port}/"
    finally:
        RUNNING.remove(server)
        server.stop()


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
