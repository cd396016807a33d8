"""One commit of the source as it touched the file: who, when, the subject, and the file's
bytes, read as text.

A commit that cannot be imported keeps its place with its `problem` in words (a date out of
range, a symbolic link, a folder or a submodule at the path), so that the replay can report
it and go on. Apart from the reading of the log (source_log.py) because the replay, the plan
and the summaries all hold commits and read their text, and none of them runs git.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from policykit.text import limits


@dataclass
class SourceCommit:
    """One commit of the source, as it touched one file."""

    sha: str
    path: str  # the file's name in this commit (it may have been renamed since)
    author: tuple[str, str]
    author_date: str  # ISO 8601 with the commit's own time zone ("" where `problem` says why)
    committer: tuple[str, str]
    committer_date: str
    subject: str
    data: bytes | None  # the file's bytes in this commit; None where it deleted it (or `problem`)
    #: Why this commit cannot be imported (its date, or what stands at the path), in words
    #: after "PATH@SHORT: "; None for a readable commit. The replay reports it and skips the
    #: commit (or stops, where the commit is the newest).
    problem: str | None = None
    #: What was read otherwise than the commit has it (an author's date that cannot be read),
    #: in words, each "PATH@SHORT: ...": the report's notes.
    notes: list[str] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def committed(self) -> dt.datetime:
        """The committer's date, in the commit's own offset (the contract's `published`)."""
        return dt.datetime.fromisoformat(self.committer_date)

    @property
    def day(self) -> dt.date:
        """The day of the commit where it was made: 17:02 -0700 on 10 April is 10 April, as
        the text written that day says, though it was 11 April in UTC."""
        return self.committed.date()

    @property
    def raw(self) -> str:
        """The file as text: UTF-8 (a BOM dropped), LF line ends; a line that is not UTF-8 is
        read as Windows-1252 (what an editor of the time saved), so that one such commit
        neither stops a history of years nor loses its words (`refused` names each line)."""
        data = self.data or b""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
            text = "\n".join(_line_text(line) for line in lines)
            for number, line in enumerate(lines, 1):  # said once, before the text replaces `data`
                bad = _not_utf8_at(line)
                note = (
                    (
                        f"{self.path}@{self.short}:{number}: byte 0x{bad:02x} is not UTF-8: the line is read "
                        "as Windows-1252 (check the line in the source)"
                    )
                    if bad is not None
                    else None
                )
                if note and note not in self.notes:
                    self.notes.append(note)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    @property
    def text(self) -> str:
        """`raw` without the characters no policy file may hold (limits.REFUSED_RE: control
        characters and the like), which would stop the site's build; `refused` names them.
        Worked out once per `data` (a text is read several times a commit, and the pattern
        costs milliseconds on a long one); `data` may be replaced, so the cache names it."""
        held = self.__dict__.get("_text")
        if held is None or held[0] is not self.data:
            held = self.__dict__["_text"] = (self.data, limits.REFUSED_RE.sub("", self.raw))
        return held[1]

    def refused(self) -> list[str]:
        """The commit's `notes`, and a note per line of the file that holds a refused
        character: PATH@HASH:LINE."""
        return [
            *self.notes,
            *(
                f"{self.path}@{self.short}:{number}: the line holds {limits.describe(found.group())}: "
                f"left out of the imported text (check the line in the source)"
                for number, line in enumerate(self.raw.split("\n"), 1)
                if (found := limits.REFUSED_RE.search(line))
            ),
        ]


def _not_utf8_at(line: bytes) -> int | None:
    """The first byte of `line` that is not UTF-8; None where it all is."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return line[exc.start]
    return None


def _line_text(line: bytes) -> str:
    """One line of a file that is not all UTF-8: UTF-8 where it is, else Windows-1252, else
    Latin-1 (which reads every byte)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return line.decode(encoding)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")
