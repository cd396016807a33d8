"""What a build may do to `site_dir`: replace it when the build succeeded, and only when it is a
site (sitedir.py); leave nothing behind, not even when it was killed."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import stat
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path, PurePath

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from policykit.adapter import sitedir

fcntl: types.ModuleType | None
try:
    import fcntl
except ImportError:  # no advisory locks (Windows): a killed build's folder stays, which git ignores
    fcntl = None

#: The middle of the name of a build's own folder, `.site.policy-building-XXXXXXXX`.
BUILDING = ".policy-building-"
#: The logger whose warnings `--strict` counts: `mkdocs` under MkDocs; `properdocs` under
#: ProperDocs, which answers every `import mkdocs` with itself and logs its own warnings (a
#: broken link) there, above `mkdocs`. Counting on `mkdocs` alone missed those, and a failed
#: ProperDocs build put its site in place.
STRICT_LOGGER = mkdocs.__name__


class Staging:
    """MkDocs empties `site_dir` before `on_files`, and `--strict` aborts only after every language
    pass has written its pages. So the build writes into a folder of its own beside `site_dir`
    (beside the folder a link points to), and `finish` puts the site in place only when no
    error ended the build and, under `--strict`, nothing was logged at WARNING on the logger that
    `--strict` counts (STRICT_LOGGER). (`mkdocs serve` builds into a folder of its own, so it is
    left alone.)

    The build's folder holds `site/`, what MkDocs writes, and at the end `old/`, what it replaces.
    It is locked (flock) for as long as the build runs, and the lock dies with the process: a
    build removes the folders beside `site_dir` that no live build holds, such as the one a
    killed build left (Ctrl-C, which is no Exception to MkDocs, is cleaned up at exit).
    """

    def __init__(self) -> None:
        self.given = ""  # site_dir as configured
        self.target: Path | None = None
        self.folder: Path | None = None  # this build's own folder
        #: Where this build writes the site, and the site it replaces, no link on the way to it
        #: (`same_as_before`).
        self.built: Path | None = None
        self.old: Path | None = None
        self.folders: dict[PurePath, bool] = {}  # the old site's folders asked about (`_own_folder`)
        self.lock: int | None = None  # its descriptor, locked while the build runs
        self.warnings: _Count | None = None
        self.unwritten = _Unwritten()

    def start(self, config: MkDocsConfig, folders: dict[str, Path], serving: bool = False, dirty: bool = False) -> None:
        """Check `site_dir` (sitedir.check, with the site's own `folders`) before anything is
        written, and point MkDocs at a folder of this build's own; under `mkdocs serve`, which
        builds into a folder of its own, only `serve` (not with --dirty, which keeps the last
        site and writes only what changed)."""
        if serving:
            if not dirty:
                self.serve(config)
            return
        self.abandon()
        try:
            # Where the site really is: a `site_dir` that is a link to a served folder stays one.
            target = Path(config.site_dir).resolve()
        except (OSError, RuntimeError) as exc:  # a loop of links
            raise PluginError(
                f"site_dir {config.site_dir!r} cannot be followed ({exc}); set site_dir to a folder"
            ) from None
        sitedir.check(config, target, folders)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with _locked(target.parent):  # no other build cleans up between mkdtemp and the lock
                _clean_up(target)
                folder = Path(tempfile.mkdtemp(prefix=f".{target.name}{BUILDING}", dir=target.parent))
                self.lock = _lock(folder, wait=True)
        except OSError as exc:
            raise PluginError(
                f"{target.parent}: the build cannot write there ({exc.strerror or exc}); set site_dir "
                "to a folder in one that you can write to"
            ) from None
        self.given, self.target, self.folder = config.site_dir, target, folder
        self.built, self.old = folder / "site", Path(os.path.realpath(target))
        self.folders = {}
        atexit.register(self.abandon)
        (folder / "site").mkdir()  # as MkDocs makes one (mkdtemp's folder is private)
        config.site_dir = str(folder / "site")
        self.warnings = _Count(logging.WARNING)
        logging.getLogger(STRICT_LOGGER).addHandler(self.warnings)
        logging.getLogger(_BUILD_LOGGER).addFilter(self.unwritten)

    def same_as_before(self, output: str, path: str, name: str, data: bytes | None = None) -> bool:
        """Whether the page `name` (its src_uri) that MkDocs is about to write at `path` has the
        bytes of the site's file at the same place; if so, that file is linked into this build's
        site instead (a second name for it, not a copy), and MkDocs must not write the page (its
        on_post_page output: nothing; the line it logs for a page with no output is dropped).
        `data`, when given, is `output` as MkDocs would write it (a page from the build cache
        has its bytes already): it is not encoded again.

        A daily rebuild writes hundreds of archived pages as they were: writing them again,
        then deleting the old site's copies when the new site is put in place, cost more than
        the rest of such a build on a slow disk. Only a regular file with no other name, in a
        folder of the old site's own (no link on the way), is linked: the old site's file
        becomes the new site's alone once the old site goes. A build that fails leaves the old
        site as it was (its files are never written to)."""
        if self.built is None or self.old is None or not output.strip():  # MkDocs writes no empty page
            return False
        try:
            place = Path(path).relative_to(self.built)
        except ValueError:
            return False
        old = self.old / place
        if data is None:
            data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes a page
        try:
            if not self._own_folder(place.parent):
                return False  # a folder of the old site that is a link: its file is not the site's own
            found = os.lstat(old)
            if not stat.S_ISREG(found.st_mode) or found.st_nlink != 1 or found.st_size != len(data):
                return False
            if old.read_bytes() != data:
                return False
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        self.unwritten.lines.add(f"Page skipped: '{name}'. Generated empty output.")
        return True

    def _own_folder(self, folder: PurePath) -> bool:
        """Whether the old site's `folder` (relative) is a folder of its own, reached through no
        link, each folder on the way asked once; made in the new site too, where the page goes."""
        if not folder.parts:
            return True  # the old site's root: resolved where the build started
        found = self.folders.get(folder)
        if found is None:
            assert self.old is not None and self.built is not None  # same_as_before asks with both only
            found = self._own_folder(folder.parent) and stat.S_ISDIR(os.lstat(self.old / folder).st_mode)
            if found:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(self.built / folder)
            self.folders[folder] = found
        return found

    def serve(self, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, which builds into a folder of its own and empties it before each
        rebuild, file by file: the last rebuild's site moved aside instead, so that
        `same_as_before` links what this rebuild writes as it was; what is left of it goes at
        the end (`finish`), mostly second names of files the new site keeps."""
        self.abandon()
        site_dir = Path(config.site_dir)
        try:
            names = os.listdir(site_dir)
            if not names:
                return
            folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}{BUILDING}", dir=site_dir.parent))
        except OSError:
            return  # MkDocs empties the folder, as it does without the plugin
        self.folder, self.built, self.old = folder, site_dir, Path(os.path.realpath(folder)) / "old"
        self.folders = {}
        atexit.register(self.abandon)
        try:
            self.old.mkdir()
            for name in names:
                os.replace(site_dir / name, self.old / name)
        except OSError:
            pass  # what was not moved, MkDocs deletes
        logging.getLogger(_BUILD_LOGGER).addFilter(self.unwritten)

    def finish(self, config: MkDocsConfig) -> None:
        if self.target is None and self.folder is not None:  # `mkdocs serve` (`serve`)
            self.abandon()
        if self.target is None or self.folder is None or self.warnings is None:
            return
        target, folder, clean = self.target, self.folder, not (config.strict and self.warnings.count)
        if not clean:  # MkDocs aborts right after this, for the warnings it counted too
            self.abandon(config)
            return
        try:
            built = folder / "site"
            (built / sitedir.MARKER).write_bytes(sitedir.MARKER_TEXT)
            with _locked(target.parent):  # one build at a time puts its site in place
                sitedir.check_contents(config, target)  # again: it may have changed during the build
                _put_in_place(built, target, folder / "old")
        finally:
            self.abandon(config)

    def abandon(self, config: MkDocsConfig | None = None) -> None:
        """Stop, and remove this build's folder: what it holds is the build's own (its new site,
        and the old site's files that `finish` took out)."""
        folder, lock = self.folder, self.lock
        if self.warnings is not None:
            logging.getLogger(STRICT_LOGGER).removeHandler(self.warnings)
        logging.getLogger(_BUILD_LOGGER).removeFilter(self.unwritten)
        self.unwritten = _Unwritten()
        if config is not None and self.target is not None:
            config.site_dir = self.given  # `mkdocs gh-deploy` publishes what it names
        if self.folder is not None:
            atexit.unregister(self.abandon)
        self.target = self.folder = self.lock = self.warnings = self.built = self.old = None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def _put_in_place(built: Path, target: Path, old: Path) -> None:
    """The new site in place of the old one, entry by entry: the folder itself stays (and a link
    to it, and its owner), and so do its files whose names start with a dot (a gh-pages
    worktree's `.git`, a `.env`), as MkDocs keeps them. The marker goes first, so that the
    folder says it is a site at every moment after; on a failure, what was moved goes back."""
    moved: list[tuple[Path, Path]] = []
    try:
        if not os.path.lexists(target):
            built.replace(target)
            return
        os.replace(built / sitedir.MARKER, target / sitedir.MARKER)  # not taken back: the same bytes as before
        old.mkdir()
        for name in sorted(os.listdir(target)):
            # The old site's files, and a dot-file that the new site writes itself (it wins, as in MkDocs).
            if name != sitedir.MARKER and (not name.startswith(".") or os.path.lexists(built / name)):
                os.replace(target / name, old / name)
                moved.append((target / name, old / name))
        for name in sorted(os.listdir(built)):
            os.replace(built / name, target / name)
            moved.append((built / name, target / name))
    except OSError as exc:
        for source, destination in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(destination, source)
        raise PluginError(
            f"{target}: could not put the new site in place ({exc.strerror or exc}); the old one stays: build again"
        ) from None


def _clean_up(target: Path) -> None:
    """Remove the folders of builds of `target` that were killed: those that no live build
    holds locked. A build's folder holds only what it built and the old site's files."""
    if fcntl is None:
        return
    prefix = f".{target.name}{BUILDING}"
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        path = target.parent / name
        if not name.startswith(prefix) or path.is_symlink() or not path.is_dir():
            continue
        lock = _lock(path, wait=False)
        if lock is None:  # a build that is still running, or a folder that cannot be locked
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(lock)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """`folder` locked for the block, against other builds (a folder that cannot be locked, on a
    file system without locks, is used without)."""
    lock = _lock(folder, wait=True)
    try:
        yield
    finally:
        if lock is not None:
            os.close(lock)


def _lock(folder: Path, wait: bool) -> int | None:
    """A descriptor of `folder`, locked (flock): the lock ends when it is closed or the process
    ends. None where it is held by another (`wait=False`) or cannot be taken."""
    if fcntl is None:
        return None
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


#: Where MkDocs says that a page gave no output (and so was not written).
_BUILD_LOGGER = "mkdocs.commands.build"


class _Unwritten(logging.Filter):
    """Drops MkDocs' "Page skipped" line for the pages linked from the old site (`same_as_before`)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.lines


class _Count(logging.Handler):
    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
