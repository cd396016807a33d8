"""What an imported text points at outside the policy: other pages, images, template syntax.

A policy that lived on a website was one page among others. Its text links to them
(`../abuse/index.md`, `[cookies](cookies.md)`, `/legal/dmca`), shows the site's images, and may
hold the website's template syntax (`{{ site.email_support }}`, `{% include x %}`), which its
generator filled in. On the policy's own site none of that exists: a relative link names a file
that is not there (`mkdocs build --strict` fails on it, once per archived version), and a
template expression would show readers words the published page never had.

`resolve_references` makes one file's text stand alone, before it is split, and says what it did, each at
FILE:LINE:

- a link to another page of the source site becomes an absolute address on that site
  (`--source-url`, where the file was published), or, without it, its words;
- a relative image is copied into the site (`images`, below docs/LANG/: the one place a text's
  relative image resolves from, see links.py), named by its bytes, so that an archived version
  keeps the image it showed; one that cannot be copied, and an image from another host (no
  request leaves the site to a third party), becomes a link or its alternative text;
- a template expression is filled in from `--define`, its value written as text (never
  markup); one without a value is `undefined`, which the caller refuses, naming the fix.

Links to the document's own anchors (`#s1-a`) and absolute addresses stay; code (spans, fences)
and HTML comments are left as they are. Lines keep their numbers, so that every later message
still names the source's line. Pure: the caller passes how to read a file of the source
(standalone.py reads it, for one file and for a history, and places the images).

Here is what each link, image and expression becomes; where code and comments stand is
masking.py's, what a target names targets.py's, and the options outside_options.py's.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

from policykit.importing.masking import MASK, mask, replace_matches, scan_lines, template_spans
from policykit.importing.outside_options import Options, template_key
from policykit.importing.targets import (
    SCHEME_RE,
    URL_SAFE,
    cut,
    encode_url,
    image_name,
    markdown_text,
    publishable,
    reference_label,
    shown_words,
    source_page,
    target_kind,
    target_path,
)
from policykit.text import docsfiles
from policykit.text.sanitise import normalise_url

#: The folder below docs/LANG/ that copied images go to.
IMAGE_FOLDER = "images"
#: The words of a link (one level of brackets inside, as in `[![logo](x.png)](y)`).
_WORDS = r"\[(?P<words>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
_DESTINATION = (
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>(?:[^\s()<>]|\([^\s()<>]*\))+))"
    r"(?P<title>\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_IMAGE = re.compile(r"!" + _WORDS + _DESTINATION)
_LINK = re.compile(r"(?<![!\\])" + _WORDS + _DESTINATION)
_DEFINITION = re.compile(
    r"^ {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>\S+))"
    r"(?P<title>[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$"
)
#: A use of a reference definition: `[words][label]`, `[label][]`, `[label]`, an image's with `!`.
_REFERENCE = re.compile(r"!?\[(?P<words>[^\[\]\n]+)\](?:\[(?P<label>[^\[\]\n]*)\])?(?![(:\[])")
#: A raw HTML tag with an href or src attribute.
_TAG = re.compile(r"<(?P<tag>a|img)\b(?P<attrs>[^<>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"\s(?P<name>href|src|alt)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')", re.IGNORECASE)
#: Where an expression stands inside an address: a link's target, or an href or src value.
_IN_URL = re.compile(r"\]\(\s*<?[^\s()<>]*$|\b(?:href|src)\s*=\s*[\"'][^\"'<>]*$", re.IGNORECASE)
#: GitHub's alert line at the top of a quote: `> [!NOTE]` (also TIP, IMPORTANT, WARNING, CAUTION).
_ALERT = re.compile(
    r"^ {0,3}(?:> ?)+(?P<alert>\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\])[ \t]*$", re.IGNORECASE
)


@dataclass
class Resolved:
    """One text, made to stand alone, and what that took."""

    text: str
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what was done, for the editor to check)
    undefined: list[tuple[int, str, str]] = field(default_factory=list)  # (line, key, the expression as written)
    images: dict[str, bytes] = field(default_factory=dict)  # below docs/: LANG/images/NAME -> bytes
    defined: set[str] = field(default_factory=set)  # the --define keys the text used


def resolve_references(
    text: str,
    path: str,
    lang: str,
    options: Options | None = None,
    read: Callable[[str], bytes | None] | None = None,
    published: str | None = None,
) -> Resolved:
    """`text` of the source file at `path` (its path in the source repository, `/`-separated),
    as it stands alone in the policy of language `lang`. `read(repo_path)` gives a file of the
    source (an image) as the text's commit has it, or None. `published`: the file that
    `--source-url` is the address of (default `path`; a translation's links, or those of a
    commit before a rename, are placed on the source site from it)."""
    return _Resolver(path, lang, options, read or (lambda _: None), published).run(text)


class _Resolver:
    def __init__(
        self,
        path: str,
        lang: str,
        options: Options | None,
        read: Callable[[str], bytes | None],
        published: str | None = None,
    ):
        self.path, self.lang, self.read = path.strip("/"), lang, read
        self.source_url = options.source_url if options else None
        self.defines = options.defines if options else {}
        self.published = (published or path).strip("/")
        self.result = Resolved("")
        self.line = 0
        self.dropped: set[str] = set()  # the labels of reference definitions left out
        self.linked: set[str] = set()  # the labels of images not copied: their uses become links

    def note(self, what: str) -> None:
        self.result.notes.append((self.line, what))

    # The scan -------------------------------------------------------------------------------

    def run(self, text: str) -> Resolved:
        lines = text.split("\n")
        starts, masks = scan_lines(lines)
        self.dropped = self._definitions(lines, masks)  # and self.linked
        for n, start in enumerate(starts):
            if start is None:
                continue
            self.line = n + 1
            line, masked = lines[n], mask(lines[n], start)[0]  # after _definitions
            for needed, change in (
                ("{", self._templates),
                ("](", self._images),
                ("](", self._links),
                ("<", self._tags),
                ("[", self._references),
                ("[!", self._alert),
            ):
                if needed in masked:
                    changed = change(line, masked)
                    if changed != line:
                        line, masked = changed, mask(changed, start)[0]
            lines[n] = line
        self.result.text = "\n".join(lines)
        self.result.notes.sort(key=lambda note: note[0])
        return self.result

    def _images(self, line: str, masked: str) -> str:
        return replace_matches(_IMAGE, line, self._image, masked)

    def _alert(self, line: str, masked: str) -> str:
        """GitHub's alert (`> [!NOTE]`), which GitHub shows as the quote's title "Note": MkDocs
        would show the brackets, words the published page never had."""
        found = _ALERT.match(masked)
        if found is None:
            return line
        title = found.group("kind").capitalize()
        self.note(f"the GitHub alert '[!{found.group('kind')}]' is written as '**{title}:**', the title GitHub showed")
        return f"{line[: found.start('alert')]}**{title}:**"  # on the quote's first line, as its words begin

    def _links(self, line: str, masked: str) -> str:
        return replace_matches(_LINK, line, self._link, masked)

    def _tags(self, line: str, masked: str) -> str:
        return replace_matches(_TAG, line, self._tag, masked)

    # Template syntax --------------------------------------------------------------------------

    def _templates(self, line: str, masked: str) -> str:
        out, at = [], 0
        for start, end in template_spans(masked):
            shown = line[start:end]
            out.append(line[at:start])
            at = end
            if shown.startswith("{#"):
                self.note(f"the template comment '{shown}' is left out (the published page never showed it)")
                continue
            key = template_key(shown[2:-2])
            value = self.defines.get(key)
            if value is None:
                self.result.undefined.append((self.line, key, shown))
                out.append(shown)
                continue
            in_url = _IN_URL.search(masked[:start]) is not None
            before = "".join(out)
            written = encode_url(value) if in_url else markdown_text(value, line_start=not before.strip())
            out.append(written)
            self.result.defined.add(key)
            self.note(f"the template expression '{shown}' is written as {value!r} (--define)")
        return "".join(out) + line[at:]

    # Links and images -------------------------------------------------------------------------

    def _link(self, found: re.Match, line: str) -> str | None:
        target = found.group("angle") if found.group("angle") is not None else found.group("plain")
        words = found.group("words")
        kind = target_kind(target)
        if kind != "outside":
            return None
        same = self._same_document(target)
        if same is not None:
            self.note(f"the link '{target}' leads to this document: written as '{same}'")
            return f"[{words}]({same}{found.group('title') or ''})"
        address = self._address(target)
        if address is None:
            self.note(
                f"the link '{target}' leads to another page of the source site: kept as its words "
                "(give --source-url URL, where the source was published, to keep it as a link)"
            )
            return words
        self.note(f"the link '{target}' leads to another page of the source site: it leads to {address}")
        return f"[{words}]({address}{found.group('title') or ''})"

    def _image(self, found: re.Match, line: str) -> str | None:
        target = found.group("angle") if found.group("angle") is not None else found.group("plain")
        alt = found.group("words")
        kind = target_kind(target)
        if kind == "anchor":
            return None
        if kind in ("remote", "other"):
            return self._remote_image(target, alt)
        copied = self._copy(target)
        if copied is not None:
            return f"![{alt}]({copied}{found.group('title') or ''})"
        return self._uncopied_image(target, alt)

    def _remote_image(self, target: str, alt: str) -> str:
        if SCHEME_RE.match(normalise_url(target) or "") and not normalise_url(target).startswith(("http:", "https:")):
            self.note(f"the image '{cut(target)}' is not a file (no page of the site may embed it): {shown_words(alt)}")
            return alt
        self.note(
            f"the image '{target}' is on another host, which a reader's visit would tell: a link to it "
            "instead (copy the image into docs/ to show it)"
        )
        return f"[{alt or image_name(target)}]({encode_url(target)})"

    def _uncopied_image(self, target: str, alt: str) -> str:
        address = self._address(target)
        if address is None:
            self.note(
                f"the image '{target}' could not be copied into the site: {shown_words(alt)} "
                "(give --source-url URL to link it, or copy the image into docs/)"
            )
            return alt
        self.note(f"the image '{target}' could not be copied into the site: a link to {address} instead")
        return f"[{alt or image_name(target)}]({address})"

    def _tag(self, found: re.Match, line: str) -> str | None:
        """`<a href>` and `<img src>` in raw HTML: the same rules as Markdown's links and images."""
        tag, attrs = found.group("tag").lower(), found.group("attrs")
        values = {
            m.group("name").lower(): (m, m.group("dq") if m.group("dq") is not None else m.group("sq"))
            for m in _ATTR.finditer(" " + attrs)
        }
        name = "href" if tag == "a" else "src"
        if name not in values:
            return None
        attr, target = values[name]
        kind = target_kind(target)
        if tag == "a":
            if kind != "outside":
                return None
            same = self._same_document(target)
            address = same if same is not None else self._address(target)
            if address is None:
                self.note(
                    f"the link '{target}' leads to another page of the source site: kept as its words "
                    "(give --source-url URL to keep it as a link)"
                )
            else:
                self.note(f"the link '{target}' leads to another page of the source site: it leads to {address}")
            new = "" if address is None else f' href="{address}"'
        else:
            if kind == "anchor":
                return None
            alt = values.get("alt", (None, ""))[1]
            copied = self._copy(target) if kind == "outside" else None
            if copied is None:
                self.note(f"the image '{cut(target)}' cannot be shown from the site: {shown_words(alt)}")
                return alt
            new = f' src="{copied}"'
        start, end = attr.start() - 1, attr.end() - 1  # the match ran on " " + attrs
        attrs = attrs[:start] + new + attrs[end:]
        return f"<{found.group('tag')}{attrs}>"

    # Reference-style links ------------------------------------------------------------------

    def _definitions(self, lines: list[str], masks: list[str | None]) -> set[str]:
        """`[label]: target` of a link that leaves the policy: rewritten, copied, or, without a
        place to lead to, the line left empty and its uses (`_references`) kept as words."""
        dropped = set()
        for n, masked in enumerate(masks):
            found = _DEFINITION.match(masked or "")
            if found is None or MASK in found.group():
                continue
            self.line = n + 1
            target = found.group("angle") if found.group("angle") is not None else found.group("plain")
            label, title = found.group("label"), found.group("title") or ""
            kind = target_kind(target)
            image = posixpath.splitext(target_path(target))[1].lower() in docsfiles.IMAGES
            if image and kind == "outside" and (copied := self._copy(target)) is not None:
                lines[n] = f"[{label}]: {copied}{title}"
                continue
            if image and kind != "anchor":  # an image not copied: never embedded from elsewhere
                self.linked.add(reference_label(label))
            if kind == "remote" and image:
                self.note(
                    f"the image '{target}' ([{label}]) is on another host, which a reader's visit would tell: its "
                    "uses become links to it (copy the image into docs/ to show it)"
                )
            if kind != "outside":
                continue
            same = self._same_document(target)
            address = same if same is not None else self._address(target)
            what = (
                f"the image '{target}' ([{label}]) could not be copied into the site"
                if image
                else f"the link '{target}' ([{label}]) leads to another page of the source site"
            )
            if address is None:
                self.note(f"{what}: its uses are kept as their words (give --source-url URL to keep them as links)")
                lines[n] = ""
                dropped.add(reference_label(label))
            else:
                self.note(f"{what}: {'its uses are links to' if image else 'it leads to'} {address}")
                lines[n] = f"[{label}]: {address}{title}"
        return dropped

    def _references(self, line: str, masked: str) -> str:
        """The uses of the definitions `_definitions` changed: a left-out one's as their words, an
        image's that is not copied as a link (`[alt][label]`), which embeds nothing."""
        if not self.dropped and not self.linked:
            return line

        def use(found: re.Match, _: str) -> str | None:
            label = reference_label(found.group("label") or found.group("words"))
            if label in self.dropped:
                return found.group("words")
            return found.group()[1:] if label in self.linked and found.group().startswith("!") else None

        return replace_matches(_REFERENCE, line, use, masked)

    # Where a target is ------------------------------------------------------------------------

    def _repo_path(self, target: str) -> str | None:
        """The file a relative target names in the source repository; None outside it."""
        path = target_path(target)
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(self.path), path)
        resolved = posixpath.normpath(joined) if joined else ""
        return None if not resolved or resolved == "." or resolved.startswith("../") or resolved == ".." else resolved

    def _same_document(self, target: str) -> str | None:
        """`#fragment` for a link into this document by its file name (`terms.md#fees`)."""
        fragment = target.partition("#")[2]
        if fragment and not target.startswith("/") and self._repo_path(target) == self.path:
            return "#" + encode_url(unquote(fragment))
        return None

    def _address(self, target: str) -> str | None:
        """The address on the source site of what `target` names (a `.md` page at its page's
        address), from `--source-url`; None without it."""
        base = self.source_url
        if base is None:
            return None
        rest = target[len(target.split("#", 1)[0].split("?", 1)[0]) :]
        path = target_path(target)
        directory_style = urlsplit(base).path.endswith("/")
        suffix = posixpath.splitext(urlsplit(base).path)[1]
        if path.startswith("/"):
            relative = "/" + source_page(path.lstrip("/"), directory_style, suffix)
        else:
            depth = source_page(self.published, directory_style, suffix).count("/")
            own = posixpath.dirname(self.path)
            joined = posixpath.normpath(posixpath.join(own, path)) if path else self.path
            joined += "/" if path.endswith("/") and joined not in (".", "") else ""
            relative = "../" * depth + source_page(joined, directory_style, suffix)
        return encode_url(urljoin(base, quote(relative, safe=URL_SAFE)) + rest)

    def _copy(self, target: str) -> str | None:
        """The image's path from docs/LANG/ once copied (its name carries its bytes' hash, so a
        changed image is a new file and an archived version keeps its own); None when it is not
        in the source or is not an image docs/ may publish."""
        found = self._repo_path(target)
        suffix = posixpath.splitext(found or "")[1].lower()
        if found is None or suffix not in docsfiles.IMAGES:
            return None
        data = self.read(found)
        if data is None or not publishable(data, suffix):
            return None
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", posixpath.splitext(posixpath.basename(found))[0]).strip("-.") or "image"
        name = f"{IMAGE_FOLDER}/{stem[:60]}-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"
        self.result.images[f"{self.lang}/{name}"] = data
        self.note(f"the image '{target}' is copied into the site as docs/{self.lang}/{name}")
        return name
