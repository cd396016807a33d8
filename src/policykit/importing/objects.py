"""Writing an import's files into the site's git object store in one go.

`policy import --history` writes the policy's files of every imported commit: a history of
hundreds of commits and dozens of section files each would be tens of thousands of
`git hash-object` processes, which cost more than everything else the import does. One
`git fast-import` takes them all (each distinct text once) and says their ids.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_blobs(repo_dir: str | Path, blobs: Iterable[bytes]) -> dict[bytes, str]:
    """Every distinct blob of `blobs` written to the object store of the repository at
    `repo_dir`; returns bytes -> blob id, as git gives it (its marks file: a repository of
    another hash than SHA-1 gets its own ids). A git failure raises CalledProcessError (stderr
    as bytes), before anything refers to the blobs."""
    marks: dict[bytes, int] = {}
    stream = bytearray()
    for data in blobs:
        if data not in marks:
            marks[data] = len(marks) + 1
            stream += b"blob\nmark :%d\ndata %d\n" % (marks[data], len(data)) + data + b"\n"
    if not marks:
        return {}
    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        exported = Path(folder) / "marks"
        subprocess.run(
            ["git", "fast-import", "--quiet", "--done", f"--export-marks={exported}"],
            cwd=repo_dir,
            env=dict(os.environ),
            input=bytes(stream + b"done\n"),
            capture_output=True,
            check=True,
        )
        ids = dict(line.split(" ", 1) for line in exported.read_text(encoding="ascii").splitlines() if line)
    return {data: ids[f":{mark}"] for data, mark in marks.items()}
