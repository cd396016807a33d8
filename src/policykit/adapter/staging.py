"""A failed build leaves `site_dir` as it was."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


class Staging:
    """MkDocs empties `site_dir` before `on_files`, and `--strict` aborts only after every language
    pass has written its pages. So the build writes into a folder of its own beside `site_dir`
    (beside the folder a link points to), and `finish` puts it in place only when no error
    ended the build and, under `--strict`, nothing was logged at WARNING on the `mkdocs`
    logger. (`mkdocs serve` builds into a folder of its own, so it is left alone.) A build
    that was killed leaves its folder, `.site.policy-building-*`, which git ignores.
    """

    def __init__(self) -> None:
        self.given = ""  # site_dir as configured
        self.target: Path | None = None
        self.staging: Path | None = None
        self.warnings: _Count | None = None

    def start(self, config: MkDocsConfig) -> None:
        self.abandon()
        self.given = config.site_dir
        # Where the site really is: a `site_dir` that is a link to a served folder stays one.
        self.target = Path(config.site_dir).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        # A folder of this build's own: two builds at once must not write into one another's.
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.policy-building-", dir=self.target.parent))
        mask = os.umask(0)
        os.umask(mask)
        self.staging.chmod(0o777 & ~mask)  # as a folder MkDocs makes (mkdtemp's is private)
        config.site_dir = str(self.staging)
        self.warnings = _Count(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def finish(self, config: MkDocsConfig) -> None:
        if self.target is None:
            return
        target, staging, clean = self.target, self.staging, not (config.strict and self.warnings.count)
        self._stop(config)
        if not clean:  # MkDocs aborts right after this, for the warnings it counted too
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.policy-old-", dir=target.parent))
        try:
            if target.exists():
                target.replace(old / target.name)
            staging.replace(target)
        except OSError as exc:  # another build put its site there in between: it stays
            shutil.rmtree(staging, ignore_errors=True)
            raise PluginError(f"{target}: could not put the new site in place ({exc.strerror}); "
                              "another build may have written it at the same time: build again") from None
        finally:
            shutil.rmtree(old, ignore_errors=True)

    def abandon(self, config: MkDocsConfig | None = None) -> None:
        staging = self.staging
        self._stop(config)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)

    def _stop(self, config: MkDocsConfig | None) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
        if config is not None and self.target is not None:
            config.site_dir = self.given  # `mkdocs gh-deploy` publishes what it names
        self.target = self.staging = self.warnings = None


class _Count(logging.Handler):
    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
