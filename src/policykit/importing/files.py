"""Writing an import: the section files and policy.yml (its keys merged into an existing file,
comments kept), all or nothing; and the authoritative text already in a site, read back for
a translation's import."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from policykit.importing import sitemeta
from policykit.importing.labels import DEFAULT_NUMBERING, KNOWN_CLAUSES, KNOWN_SECTIONS, KNOWN_SUBCLAUSES
from policykit.importing.units import Guess, Imported, ImportedSection, ImportProblem
from policykit.text import limits
from policykit.text.checks import Problems
from policykit.text.numbering import Numbering
from policykit.text.parser import normalise_number, parse_section

#: Front matter that marks a sample file (as `policy init` writes): a folder of only such
#: files is replaced without --force.
SAMPLE_KEY = "sample"
#: A language folder's name: a code such as en, pt-BR, zh_Hant (never a path).
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$")


def _is_samples(folder: Path) -> bool:
    """Whether every file in a language folder is a sample, to be replaced without --force:
    its front matter says `sample: true`, as the sections `policy init` writes do."""
    return all(file.is_file() and file.suffix == ".md" and _marked_sample(file) for file in folder.iterdir())


def _marked_sample(file: Path) -> bool:
    text = file.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if match is None or limits.yaml_guard(match.group(1), yaml.SafeLoader):
        return False  # no front matter, or one with aliases: no sample that init wrote
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return False
    return isinstance(front, dict) and front.get(SAMPLE_KEY) is True


def check_target(imported: Imported, policy_dir: Path, force: bool = False) -> None:
    """Refuse a language folder that exists already (unless `force`, or it holds samples only)."""
    if not LANGUAGE_RE.match(imported.language):
        raise ImportProblem(
            f"'{imported.language[:40]}' is not a language code",
            "name the language as mkdocs.yml does, such as en, de or pt-BR",
            path=imported.path or "--language",
        )
    folder = policy_dir / imported.language
    if folder.exists() and not force and not (folder.is_dir() and _is_samples(folder)):
        raise ImportProblem(
            f"the folder for {imported.language} exists already",
            "pass --force to replace it, or import into another folder with --into",
            path=str(folder),
        )


def merged_meta(
    imported: Imported, existing: str | None, today: dt.date | None = None, shown: str = "policy/policy.yml"
) -> str:
    """policy.yml's text with the import's keys added. An existing file keeps its keys, its
    order and its comments: the keys are edited in place (a language's title and summary
    added, gaps and aliases merged, the numbering set); its values are read as text, so that
    a label like 1.10 stays 1.10."""
    data = _load_meta(existing, shown)
    wanted = _wanted(imported, data or {})
    if data is None or existing is None:
        fresh = {
            "version": "1.0",
            "effective": (today or dt.date.today()).isoformat(),
            "authoritative": imported.language,
        }
        return _dump({**fresh, **wanted})
    text = existing
    for key, value in wanted.items():
        if value != data.get(key):
            text = _edit(text, key, value)
    if _load_meta(text, shown) != {**data, **wanted}:  # a layout the edits do not know: write it anew
        return _dump({**data, **wanted})
    return text


def _kept_title(imported: Imported, existing: str | None) -> tuple[int, str] | None:
    """(line, title) of policy.yml's title for the language when it is there and is not the
    source's: the import keeps it, and says so."""
    data = _load_meta(existing, "policy.yml") or {}
    old = _entries(data, "title").get(imported.language)
    if old is None or existing is None or imported.title is None or old == imported.title:
        return None
    line = next((n for n, text in enumerate(existing.split("\n"), 1) if text.startswith("title:")), 1)
    return line, old


def _load_meta(text: str | None, shown: str) -> dict | None:
    """The site's policy.yml under the YAML guard, its declarations checked (sitemeta.load)."""
    try:
        return sitemeta.load(text, shown) if text else None
    except sitemeta.SiteMetaError as exc:
        raise ImportProblem(exc.message, exc.fix, path=exc.path or shown, line=exc.line) from None


def _entries(data: dict, key: str) -> dict:
    """policy.yml's mapping under `key` (one per language, or aliases); {} where it is none."""
    found = data.get(key)
    return found if isinstance(found, dict) else {}


def _wanted(imported: Imported, data: dict) -> dict:
    """The keys the import sets, with their whole new values (existing entries first)."""
    lang = imported.language
    wanted: dict[str, object] = {}
    title = imported.title or Path(imported.path or "policy").stem.replace("-", " ").replace("_", " ").capitalize()
    summary = f"Imported from {Path(imported.path).name or 'a single file'}."
    for key, value in (("title", title), ("summary", summary)):
        entries = _entries(data, key)
        wanted[key] = {**entries, lang: entries.get(lang, value)}
    if imported.numbering and imported.numbering != DEFAULT_NUMBERING:
        wanted["numbering"] = dict(imported.numbering)
    if imported.gaps:
        gaps = list(data.get("gaps") or []) if isinstance(data.get("gaps"), list) else []
        wanted["gaps"] = gaps + [g for g in imported.gaps if g not in gaps]
    if imported.aliases:
        aliases = dict(data.get("aliases") or {}) if isinstance(data.get("aliases"), dict) else {}
        wanted["aliases"] = {**aliases, **{k: v for k, v in imported.aliases.items() if k not in aliases}}
    return wanted


def _flow(value: object) -> str:
    """A value as YAML writes it in flow style, on one line: `Privacy Policy`, `[s2-c]`."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6).strip()[
        1:-1
    ]


def _edit(text: str, key: str, value: object) -> str:
    """`text` with top-level `key` set to `value`: new entries of a block mapping or list
    added below its last one (comments stay), another value replaced where it stands, a key
    that is missing added at the end."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next((v for k, v in root.value if k.value == key), None) if root is not None else None
    if node is None:
        return text.rstrip("\n") + "\n" + _dump({key: value})
    block = not node.flow_style and node.value and isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
    if block and isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        have = {k.value for k, _ in node.value}
        indent = " " * node.value[0][0].start_mark.column
        lines = [f"{indent}{_flow(k)}: {_flow(v)}" for k, v in value.items() if k not in have]
        return _insert_after(text, node.value[-1][1].end_mark.index, lines)
    if block and isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        have = {item.value for item in node.value}
        indent = " " * max(node.value[0].start_mark.column - 2, 0)
        return _insert_after(
            text, node.value[-1].end_mark.index, [f"{indent}- {_flow(v)}" for v in value if v not in have]
        )
    start, end = node.start_mark.index, node.end_mark.index
    if node.flow_style and text[end - 1 : end] in ("}", "]"):  # `{en: X}`: new entries before the bracket
        if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            have = {k.value for k, _ in node.value}
            new = [f"{_flow(k)}: {_flow(v)}" for k, v in value.items() if k not in have]
        elif isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            have = {item.value for item in node.value}
            new = [_flow(v) for v in value if v not in have]
        else:
            new = None
        if new is not None:
            joined = (", " if node.value else "") + ", ".join(new)
            return text[: end - 1] + joined + text[end - 1 :]
    return text[:start] + ("" if start < end or text[start - 1 : start] == " " else " ") + _flow(value) + text[end:]


def _insert_after(text: str, index: int, lines: list[str]) -> str:
    """`lines` inserted after the line on which `index` stands."""
    end = text.find("\n", index)
    end = len(text) if end == -1 else end
    return text[:end] + "".join("\n" + line for line in lines) + text[end:]


def _dump(data: dict) -> str:
    """policy.yml as editors write it: the version quoted (a label is text, "1.10" not 1.1),
    the date and the other values plain."""
    lines = []
    for key, value in data.items():
        if key == "effective" and isinstance(value, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
            lines.append(f"effective: {value}")
        elif key == "version":
            lines.append(f"version: {_quote(str(value))}")
        elif key == "numbering" and isinstance(value, dict):
            inner = ", ".join(f"{k}: {_quote(str(v))}" for k, v in value.items())
            lines.append(f"numbering: {{{inner}}}")
        else:
            lines.append(
                yaml.dump(
                    {key: value},
                    Dumper=yaml.SafeDumper,
                    allow_unicode=True,
                    sort_keys=False,
                    default_flow_style=False,
                    width=100,
                ).rstrip("\n")
            )
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(imported: Imported, policy_dir: Path, *, force: bool = False) -> list[Path]:
    """Write `policy_dir/LANG/` and merge the keys into `policy_dir/policy.yml`; return the
    paths written. All or nothing: everything is written beside its place first, then
    policy.yml and the folder are moved into place; if a step fails, what was there is put
    back, and the problem names the path that could not be written."""
    check_target(imported, policy_dir, force)
    meta_path = policy_dir / "policy.yml"
    try:
        existing = meta_path.read_text(encoding="utf-8") if meta_path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportProblem(
            f"cannot read the file ({getattr(exc, 'strerror', None) or exc})",
            "make it a readable UTF-8 file, or move it away to start a new one",
            path=str(meta_path),
        ) from None
    meta_text = merged_meta(imported, existing, shown=str(meta_path))
    kept = _kept_title(imported, existing)
    if kept:
        imported.guesses.append(
            Guess(
                str(meta_path),
                kept[0],
                f"title: {imported.language} stays '{kept[1]}'; the source's title '{imported.title}' is not written",
            )
        )
    folder = policy_dir / imported.language
    staging = meta_tmp = None
    target = policy_dir
    try:
        policy_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{imported.language}.import-", dir=policy_dir))
        for section in imported.sections:
            target = folder / section.filename
            (staging / section.filename).write_text(section.text, encoding="utf-8")
        target = meta_path
        meta_tmp = policy_dir / f".policy.yml.import-{os.getpid()}"
        meta_tmp.write_text(meta_text, encoding="utf-8")
        _move_into_place(meta_tmp, meta_path, existing, staging, folder)
    except _Failed as failed:
        raise ImportProblem(
            f"cannot write there ({failed.reason}); the policy is as it was",
            "check the permissions of the file and its folder, and import again",
            path=str(failed.path),
        ) from None
    except OSError as exc:
        raise ImportProblem(
            f"cannot write there ({exc.strerror or exc}); the policy is as it was",
            "check the permissions of the file and its folder, and import again",
            path=str(target),
        ) from None
    finally:
        for leftover in (staging, meta_tmp):
            if leftover is not None and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover is not None and leftover.exists():
                leftover.unlink()
    return [folder / s.filename for s in imported.sections] + [meta_path]


class _Failed(Exception):
    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason


def _move_into_place(meta_tmp: Path, meta_path: Path, existing: str | None, staging: Path, folder: Path) -> None:
    """policy.yml first, then the folder; a failure of either puts both back as they were."""
    try:
        os.replace(meta_tmp, meta_path)
    except OSError as exc:
        raise _Failed(meta_path, exc.strerror or str(exc)) from None
    old = folder.parent / f".{folder.name}.replaced-{os.getpid()}"
    try:
        if folder.exists():
            folder.rename(old)
        try:
            staging.rename(folder)
        except OSError:
            if old.exists():
                old.rename(folder)  # the folder as it was
            raise
    except OSError as exc:
        if existing is None:
            meta_path.unlink()
        else:
            meta_path.write_text(existing, encoding="utf-8")
        raise _Failed(folder, exc.strerror or str(exc)) from None
    shutil.rmtree(old, ignore_errors=True)


# --- the authoritative text, for a translation --------------------------------------------


def read_meta(policy_dir: Path, display: str = "policy") -> dict:
    """policy.yml's keys as text ({} when it is missing or not readable as text); an alias,
    a file that is not YAML or a malformed declaration raises ImportProblem (sitemeta.load)."""
    path = policy_dir / "policy.yml"
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return _load_meta(text, f"{display}/policy.yml") or {}


def reference_for(policy_dir: Path, language: str, display: str = "policy") -> Imported | None:
    """The authoritative text already in `policy_dir`, when `language` is a translation of
    it: the sections and unit ids of its files, read by the one parser, for `split`."""
    meta = read_meta(policy_dir, display)
    authoritative = meta.get("authoritative")
    folder = policy_dir / str(authoritative or "")
    if not authoritative or authoritative == language or not folder.is_dir():
        return None
    declared = (
        frozenset(meta.get("gaps") or [])
        | frozenset(meta.get("removed") or [])
        | frozenset((meta.get("moved") or {}).keys())
    )
    numbering = dict(DEFAULT_NUMBERING)
    given = meta.get("numbering")
    for level, known in (("section", KNOWN_SECTIONS), ("clause", KNOWN_CLAUSES), ("subclause", KNOWN_SUBCLAUSES)):
        if isinstance(given, dict) and isinstance(given.get(level), str) and given[level] in known:
            numbering[level] = given[level]
    scheme = Numbering(**numbering)
    sections = []
    for file in sorted(folder.glob("*.md")):
        found = re.match(r"^([0-9]+[a-z]*)-", file.name)
        if not found:
            continue
        number = normalise_number(found.group(1))
        shown = f"{display}/{authoritative}/{file.name}"
        text = file.read_text(encoding="utf-8")
        parsed = parse_section(text, shown, number, Problems(), declared, numbering=scheme)
        ids, lines = [], {}
        if parsed.unit is not None:
            for unit in parsed.unit.walk() if hasattr(parsed.unit, "walk") else walk_units(parsed.unit):
                ids.append(unit.id)
                lines[unit.id] = unit.line
        sections.append(ImportedSection(number, file.name, text, ids, lines, shown))
    return Imported(
        str(authoritative),
        None,
        sections,
        numbering,
        list(meta.get("gaps") or []),
        {},
        {},
        [],
        f"{display}/{authoritative}",
    )


def walk_units(unit):
    yield unit
    for child in unit.children:
        yield from walk_units(child)
