"""The plugin under ProperDocs (`pip install properdocs`, the continuation of MkDocs 1.x), in a
virtual environment of its own: ProperDocs and this package, whose requirements bring Material
and mkdocs-static-i18n at the package's pins (and MkDocs 1.6, which they require, though
`properdocs build` never runs it: ProperDocs answers every `import mkdocs…` with itself).

- This project's site (the self-site fixture; it wires the plugin through `hooks:`), built with
  `properdocs build --strict` and with `mkdocs build --strict` of the project's own environment,
  at the same SOURCE_DATE_EPOCH, is the same file for file and byte for byte. One thing is
  normalised: the `content` of `<meta name="generator">` in HTML files, which names the
  generator (`mkdocs-1.6.1, mkdocs-material-9.8.2` against `mkdocs-ProperDocs 1.6.7,
  mkdocs-material-9.8.2`); each build's own value is checked to name its generator.
- A site that `policy init` writes lists the plugin (`plugins: - policykit`): ProperDocs loads it
  from its own entry point group, `properdocs.plugins`, and builds what MkDocs builds.
- A strict build that ProperDocs aborts writes no site, as under MkDocs.

Installing costs most of the time (about half a minute with pip's cache warm); the five builds,
a few seconds each."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from building import HUNG, ROOT, mkdocs_build, run_bounded
from gitrepo import GitRepo

pytestmark = pytest.mark.build  # every test here builds a venv or a site

#: ProperDocs' releases so far are 1.6.5 to 1.6.7 (PyPI, March 2026); 2.x may change anything.
PROPERDOCS = "properdocs>=1.6,<2"
#: 1 December 2026, 12:00 UTC: both builds are of the same day.
SOURCE_DATE_EPOCH = "1764590400"
#: The plugin as ProperDocs should find it: group, name, target (pyproject.toml).
ENTRY_POINT = ("properdocs.plugins", "policykit", "policykit.adapter.plugin:PolicyPlugin")
#: The one difference allowed: the generator's name and version in this element of an HTML file.
GENERATOR = re.compile(rb'(<meta name="generator" content=")([^"]*)(">)')


def run(args: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=HUNG, **kwargs)


def venv_env(bin_dir: Path) -> dict:
    """The environment of a shell with `bin_dir` activated: nothing of .venv or of src/."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    path = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "VIRTUAL_ENV": str(bin_dir.parent), "PATH": path, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


@pytest.fixture(scope="module")
def properdocs(tmp_path_factory) -> Path:
    """A fresh venv with ProperDocs and this package from the index; its bin/. The package is
    installed from a copy of its sources (src/, pyproject.toml, README.md): what is uncommitted
    is tested, and pip builds nothing inside the repository."""
    tmp = tmp_path_factory.mktemp("properdocs")
    checkout, path = tmp / "checkout", tmp / "venv"
    shutil.copytree(ROOT / "src", checkout / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, checkout / name)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    bin_dir = path / "bin"
    installed = run(
        [bin_dir / "python", "-m", "pip", "install", "--quiet", PROPERDOCS, checkout], env=venv_env(bin_dir)
    )
    assert installed.returncode == 0, (
        f"pip install {PROPERDOCS} {checkout} failed:\n{installed.stdout}{installed.stderr}"
    )
    return bin_dir


def properdocs_build(bin_dir: Path, project: Path, site: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` in `project`, as a user runs it there (it reads mkdocs.yml)."""
    return run_bounded(
        [bin_dir / "properdocs", "build", "--strict", "--site-dir", site],
        cpu_seconds=300,
        cwd=project,
        env=venv_env(bin_dir),
    )


def built_strict(output: str, returncode: int, command: str) -> None:
    assert returncode == 0, f"{command} --strict failed (exit {returncode}):\n{output}"
    warnings = [line for line in output.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert not warnings, f"{command} logged warnings:\n" + "\n".join(warnings)


def normalised(site: Path) -> tuple[dict[str, bytes], set[bytes]]:
    """Every file of `site` by its path, with the generator's value in HTML files replaced by
    `GENERATOR`; and the values replaced."""
    files, generators = {}, set()
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".html":
            found = GENERATOR.findall(data)
            assert len(found) <= 1, f"{file.relative_to(site)}: {len(found)} generator lines"
            generators.update(value for _, value, _ in found)
            data = GENERATOR.sub(rb"\1GENERATOR\3", data)
        files[file.relative_to(site).as_posix()] = data
    return files, generators


def assert_same_site(mkdocs_site: Path, properdocs_site: Path) -> None:
    """The two sites hold the same files with the same bytes, the generator's value aside, and
    each names its own generator."""
    by_mkdocs, mkdocs_generators = normalised(mkdocs_site)
    by_properdocs, properdocs_generators = normalised(properdocs_site)
    only = sorted(set(by_mkdocs) ^ set(by_properdocs))
    assert not only, f"files in one site only: {only[:20]}"
    differ = sorted(name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name])
    assert not differ, f"{len(differ)} file(s) differ beyond the generator line: {differ[:20]}"
    assert len(mkdocs_generators) == 1 and b"ProperDocs" not in next(iter(mkdocs_generators)), mkdocs_generators
    assert len(properdocs_generators) == 1 and b"ProperDocs" in next(iter(properdocs_generators)), (
        f"the ProperDocs build's generator line does not name ProperDocs: {properdocs_generators}"
    )


# This project's site, wired through hooks: --------------------------------------------------


def build_both(properdocs: Path, project: Path, tmp_path: Path) -> Path:
    """`project` built strict by ProperDocs and by MkDocs, the two sites compared: the first."""
    by_properdocs = properdocs_build(properdocs, project, tmp_path / "properdocs-site")
    built_strict(by_properdocs.stdout + by_properdocs.stderr, by_properdocs.returncode, "properdocs build")
    by_mkdocs = mkdocs_build(
        project, "--strict", site=tmp_path / "mkdocs-site", env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    )
    built_strict(by_mkdocs.output, by_mkdocs.returncode, "mkdocs build")
    assert_same_site(by_mkdocs.site, tmp_path / "properdocs-site")
    return tmp_path / "properdocs-site"


def test_properdocs_builds_this_site_as_mkdocs_does(properdocs, self_site, tmp_path):
    project = Path(shutil.copytree(self_site, tmp_path / "project", symlinks=True))
    assert (build_both(properdocs, project, tmp_path) / "policy.json").is_file()


# A site that lists the plugin, as `policy init` writes it -----------------------------------


@pytest.fixture(scope="module")
def listing_site(properdocs, tmp_path_factory) -> Path:
    """A new English and German site from `policy init` of the venv's package, committed once."""
    project = tmp_path_factory.mktemp("listing") / "terms"
    env = venv_env(properdocs)
    made = run(
        [properdocs / "policy", "init", project, "--languages", "en,de", "--title", "Terms of Service"]
        + ["--title", "de=Nutzungsbedingungen", "--site-url", "https://terms.example.org/"],
        env=env,
        cwd=project.parent,
    )
    assert made.returncode == 0, f"policy init failed:\n{made.stdout}{made.stderr}"
    assert re.search(r"^\s+- policykit\b", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE), (
        "policy init's mkdocs.yml does not list the plugin"
    )
    GitRepo(project, scaffold=False).commit("Terms of Service 1.0", "2026-11-20T10:00:00+01:00")
    return project


def test_properdocs_loads_the_plugin_from_its_own_entry_point(properdocs):
    """The group ProperDocs takes `policykit` from, asked of ProperDocs' own lookup (the one its
    `plugins:` option uses). ProperDocs 1.6 falls back on `mkdocs.plugins`, so a build alone
    would pass without the `properdocs.plugins` entry point; this does not."""
    group, name, target = ENTRY_POINT
    found = run(
        [
            properdocs / "python",
            "-c",
            f"from properdocs.plugins import get_plugins; ep = get_plugins()[{name!r}]; print(ep.group, ep.value)",
        ],
        env=venv_env(properdocs),
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == [group, target], (
        f"ProperDocs loads {name!r} as {found.stdout.strip()!r}, not from [{group}] {target}: "
        f'pyproject.toml needs [project.entry-points."{group}"] {name} = "{target}"'
    )


def test_properdocs_builds_a_site_that_lists_the_plugin_as_mkdocs_does(properdocs, listing_site, tmp_path):
    project = Path(shutil.copytree(listing_site, tmp_path / "terms", symlinks=True))
    assert (build_both(properdocs, project, tmp_path) / "de" / "index.html").is_file()


def test_a_strict_build_that_properdocs_aborts_writes_no_site(properdocs, listing_site, tmp_path):
    """ProperDocs logs its own warnings (here: a link to no page) on `properdocs`, not on
    `mkdocs`: the plugin counts them where ProperDocs does, and puts no site in place. The broken
    link is on an English page (the default language, whose pass ends the build and puts the
    site in place); the German page is whole, so the German pass, which would abort on its own,
    has nothing to say."""
    project = Path(shutil.copytree(listing_site, tmp_path / "terms", symlinks=True))
    for lang, text in {"en": "# About\n\nSee [the missing page](missing.md).\n", "de": "# Über uns\n\nText.\n"}.items():
        (project / "docs" / lang).mkdir(exist_ok=True)
        (project / "docs" / lang / "about.md").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    done = properdocs_build(properdocs, project, site)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "'missing.md'" in output, output
    assert not site.exists(), f"the aborted build wrote {sorted(p.name for p in site.iterdir())}:\n{output}"
