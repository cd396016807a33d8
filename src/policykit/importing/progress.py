"""How far a long import has come, as pip and git show it.

A history of a hundred commits takes minutes to read; with nothing on the screen a user
cannot tell a slow import from a stuck one. On a terminal one line is rewritten in place
("Reading commits  37/109"); where the output is a file or a CI log, rewriting would leave
a line per step, so each phase is said once, on a line of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO


class Progress:
    """A counter per phase, written to `stream` (stderr: stdout is the report)."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.terminal = bool(isatty and isatty())
        self.label: str | None = None
        self.width = 0  # of the line last written in place, to blank what is left of it

    def __call__(self, label: str, done: int, total: int) -> None:
        """`done` of `total` steps of the phase `label`."""
        if self.stream is None:
            return
        if label != self.label:
            self.end()
            self.label = label
            if not self.terminal:
                self._write(f"{label} ({total})\n")
        if self.terminal:
            line = f"{label}  {done}/{total}"
            self._write("\r" + line + " " * max(0, self.width - len(line)))
            self.width = len(line)

    def phase(self, label: str, total: int) -> Callable[[int, int], None]:
        """The callback for one phase: `callback(done, total)`, as `planning.plan` takes it."""

        def callback(done: int, count: int = total) -> None:
            self(label, done, count)

        return callback

    def end(self) -> None:
        """Close the line written in place, so that what follows starts on a line of its own."""
        if self.terminal and self.label is not None and self.width:
            self._write("\n")
        self.label, self.width = None, 0

    def _write(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(text)
            self.stream.flush()
