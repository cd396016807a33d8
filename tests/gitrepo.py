"""Real git repositories for tests: files written, commits with pinned dates, merges."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITOR = ("Test Editor", "editor@example.org")
INDEX = {"sv": "---\npolicy: current\n---\n", "en": "---\npolicy: current\n---\n"}


class GitRepo:
    """A repository in `path` with this project's site scaffold (mkdocs.yml, hooks)."""

    def __init__(self, path: Path, scaffold: bool = True):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")
        self.git("config", "user.name", EDITOR[0])
        self.git("config", "user.email", EDITOR[1])
        self.git("config", "commit.gpgsign", "false")
        if scaffold:
            shutil.copy2(ROOT / "mkdocs.yml", path / "mkdocs.yml")
            for part in ("hooks",):
                shutil.copytree(ROOT / part, path / part)
            for lang, text in INDEX.items():
                self.write(f"docs/{lang}/index.md", text)

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        result = subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                                capture_output=True, text=True)
        return result.stdout.strip()

    def write(self, rel: str, text: str | bytes) -> None:
        file = self.path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    def write_policy(self, files: dict[str, str]) -> None:
        """Write policy files (paths below policy/); a value of None deletes the file."""
        for rel, text in files.items():
            if text is None:
                (self.path / "policy" / rel).unlink()
            else:
                self.write(f"policy/{rel}", text)

    def commit(self, message: str, date: str) -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")


def meta(version: str, effective: str, summary: str = "", moved: str = "{}", removed: str = "[]",
         extra: str = "") -> str:
    summary = summary or f"Version {version}."
    return (f'version: "{version}"\neffective: {effective}\ntimezone: Europe/Stockholm\nauthoritative: sv\n'
            f"title: {{sv: Integritetspolicy, en: Privacy Policy}}\n"
            f'summary: {{sv: "Sv: {summary}", en: "En: {summary}"}}\n'
            f"moved: {moved}\nremoved: {removed}\n{extra}")
