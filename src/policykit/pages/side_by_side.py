"""The text in force in two languages, unit by unit: `/side-by-side/LANG/` holds the page's
language beside LANG's, one page per ordered pair of the site's languages (EUR-Lex shows a
regulation so; a translator, a lawyer and a reader who knows both languages check one against
the other). Out of search (every word is already on the text in force) and out of the menu:
the language notice of the text in force links it.

Each unit is a row whose id is the unit's anchor (`/en/side-by-side/sv/#s5-c` lands on the row
of 5 c): the anchor stands once on the page, on the row, and neither column's copy carries it.
The page's language comes first (on a wide screen, the left column), the other second, marked
with its language (`lang`) so that a screen reader reads it with the right voice. The binding
language is marked; a unit that one language lacks, or has only as the binding text standing
in, says "not translated yet"; a translation that lags the binding text says so, as the text in
force does.

The page is the policy's text (`render.TEXT`): each unit's own Markdown is rendered and
sanitised as it is on the text in force, with the site's Markdown configuration, each unit apart
(`SectionCache.text`), so that an element an editor leaves open (`<div>`, which passes the
allow-list) closes in its own cell; the rows around it are the generator's blocks
(render/prerendered.py), escaped where they are written and put in after the text is sanitised.
"""

from __future__ import annotations

from collections.abc import Callable

from policykit.pages.context import Inputs, PageContext, esc
from policykit.pages.missed import missed_note
from policykit.pages.page import Page
from policykit.pages.parts import link, md, notice, print_line
from policykit.record.versions import outdated_units
from policykit.render.markdown import TEXT, intro_markdown
from policykit.text.model import LanguageText, Unit, plain

#: Below a language's root: the page beside `LANG` is at `side-by-side/LANG/`.
FOLDER = "side-by-side/"


def side_by_side_pages(ctx: PageContext, lang: str) -> list[Page]:
    """`lang`'s page beside each other language of the site; none on a site of one language."""
    return [side_by_side_page(ctx, lang, other) for other in ctx.languages if other != lang]


def side_by_side_path(other: str) -> str:
    return f"{FOLDER}{other}/"


def side_by_side_page(ctx: PageContext, lang: str, other: str) -> Page:
    """The text in force in `lang` beside `other`'s. The language switch leads to the same pair
    seen from `other` (`/side-by-side/LANG/` from `/en/side-by-side/sv/`), and from a third
    language to that language beside `other`."""
    path = side_by_side_path(other)
    return Page(
        "side-by-side",
        lang,
        path,
        ctx.url(lang, path),
        _markdown(ctx, lang, other),
        side_by_side_inputs(ctx, lang, other),
        ctx.blocks,
        in_nav=False,
        searchable=False,
        alternates=side_by_side_alternates(ctx, lang, other),
        wide=True,
    )


def side_by_side_inputs(ctx: PageContext, lang: str, other: str) -> Inputs:
    return ctx.inputs("side-by-side", lang, ctx.record.current) + (("other", other),)


def side_by_side_alternates(ctx: PageContext, lang: str, other: str) -> tuple[tuple[str, str], ...]:
    """Where the page stands in each other language: the same pair seen from `other`, and from a
    third language that language beside `other`."""
    return tuple(
        (third, side_by_side_path(lang if third == other else other)) for third in ctx.languages if third != lang
    )


def side_by_side_links(ctx: PageContext, lang: str, page_url: str) -> str:
    """The language notice's line (pages/current.py): this text beside each other language,
    each link taking the reader's place along (policy-anchors.js); "" on a site of one language."""
    links = [
        link(
            page_url,
            ctx.url(lang, side_by_side_path(other)),
            ctx.words.language(lang, other),
            cls="policy-keep-anchor policy-sbs-link",
        )
        for other in ctx.languages
        if other != lang
    ]
    return ctx.phrase(lang, "side_by_side_links", links=", ".join(links)) if links else ""


def _markdown(ctx: PageContext, lang: str, other: str) -> str:
    version = ctx.record.current
    url = ctx.url(lang, side_by_side_path(other))
    keep = ctx.blocks.issue
    name = lambda of: ctx.words.language(lang, of)
    texts = version.policy.texts
    heading = ctx.word(
        lang, "side_by_side_title", title=ctx.title(version, lang), language=name(lang), other=name(other)
    )
    intro = ctx.phrase(
        lang,
        "side_by_side_intro",
        version=esc(version.label),
        effective=esc(ctx.date(lang, version.meta.effective)),
        language=esc(name(lang)),
        other=esc(name(other)),
        binding=link(url, ctx.url(ctx.auth), name(ctx.auth), lang=ctx.auth),
    )
    out = [
        TEXT,
        "",
        f"# {md(heading)}",
        "",
        keep(print_line(ctx, url)),
        "",
        keep(notice(f"<p>{intro}</p>", "policy-notice")),
        "",
        keep(missed_note(ctx, lang, url, version)),  # a removed unit's anchor says what became of it
        "",
    ]
    columns = [_Column(ctx, lang, lang, url), _Column(ctx, lang, other, url)]
    head = "".join(column.head() for column in columns)
    out += [keep(f'<div class="policy-sbs"><div class="policy-sbs-head">{head}</div>'), ""]
    order = _order(texts.get(lang), texts.get(other))
    aliases = _aliases(ctx, set(order))
    first, second = columns
    for unit_id in order:
        kind = first.kind(unit_id) or second.kind(unit_id)
        spans = "".join(f'<span class="policy-alias" id="{esc(a)}"></span>' for a in aliases.get(unit_id, ()))
        opened = f'<div class="policy-sbs-row policy-sbs-row--{kind}" id="{esc(unit_id)}">{spans}'
        out += [keep(opened + first.open(unit_id)), "", *first.body(unit_id)]
        out += [keep(first.close() + second.open(unit_id)), "", *second.body(unit_id)]
        out += [keep(second.close() + "</div>"), ""]
    out += [keep("</div>"), ""]
    return "\n".join(out)


class _Column:
    """One language's column of a page in `page_lang`: its head, and each unit's cell."""

    def __init__(self, ctx: PageContext, page_lang: str, lang: str, url: str):
        self.ctx, self.page_lang, self.lang, self.url = ctx, page_lang, lang, url
        version = ctx.record.current
        self.text: LanguageText | None = version.policy.texts.get(lang)
        self.binding = lang == ctx.auth
        self.outdated = set(outdated_units(ctx.record, version, lang)) if self.text and not self.binding else set()
        self.name = ctx.words.language(page_lang, lang)
        #: Renders a unit's text apart, with the site's Markdown (render/sections.py): what it
        #: leaves open closes in its cell. Without it (or where a text must be rendered with
        #: the page: a link to another page), the text is the page's own Markdown.
        self.render: Callable[[str], str | None] | None = getattr(ctx.sections, "text", None)

    def _own(self) -> str:
        """The language attribute of what is written in this column's language (the other's)."""
        return "" if self.lang == self.page_lang else f' lang="{esc(self.lang)}"'

    def _page(self) -> str:
        """The page's language again, inside the other column: the generator's words there."""
        return "" if self.lang == self.page_lang else f' lang="{esc(self.page_lang)}"'

    def _caption(self) -> str:
        """The column's language, capitalised as a heading, and whether it binds."""
        name = self.name[:1].upper() + self.name[1:]
        tag = ""
        if self.binding:
            tag = f' <span class="policy-tag policy-sbs-binding">{esc(self.ctx.word(self.page_lang, "side_by_side_binding"))}</span>'
        return f"{esc(name)}{tag}"

    def head(self) -> str:
        title = esc(self.ctx.title(self.ctx.record.current, self.lang))
        return f"<p><strong>{self._caption()}</strong><br><span{self._own()}>{title}</span></p>"

    def unit(self, unit_id: str) -> Unit | None:
        """The unit in this language, if this language has it translated (no stand-in)."""
        found = self.text.find(unit_id) if self.text else None
        return found if found is not None and not found.stand_in else None

    def kind(self, unit_id: str) -> str:
        found = self.text.find(unit_id) if self.text else None
        return found.kind if found else ""

    def open(self, unit_id: str) -> str:
        """The cell's start: its language (said on a phone, where the columns stack, and to a
        screen reader), then the unit's label or its section's heading."""
        cell = f'<div class="policy-sbs-cell"{self._own()}>'
        cell += f'<p class="policy-sbs-lang"{self._page()}>{self._caption()}</p>'
        unit, kind = self.unit(unit_id), self.kind(unit_id)
        if kind == "section":
            number = f"{self.ctx.label(self.page_lang, unit_id)}."  # a section is cited by its number
            title = f" {esc(plain(unit.title or ''))}" if unit else ""
            if self._first():  # the page's outline: its language's headings
                return cell + f"<h2>{self._label(unit_id, number)}{title}</h2>"
            return cell + f'<p class="policy-sbs-title">{esc(number)}{title}</p>'
        if kind == "preamble":  # named in the page's language
            return cell + self._label(unit_id, self.ctx.label(self.page_lang, unit_id, start=True), self._page())
        return cell + self._label(unit_id, self._mark(unit_id))

    def _mark(self, unit_id: str) -> str:
        """The label as the text writes it (`c.`, `(1)`): the same in every language, so a unit
        this language lacks is labelled as the binding text labels it."""
        for text in (self.text, self.ctx.text_of(self.ctx.record.current, self.ctx.auth)[0]):
            found = text.find(unit_id) if text else None
            if found is not None and found.mark:
                return found.mark
        return self.ctx.label(self.page_lang, unit_id)

    def _label(self, unit_id: str, label: str, attrs: str = "") -> str:
        """The unit's label: in the page's language's column the row's permalink."""
        if self._first():
            return f'<a class="policy-sbs-label" href="#{esc(unit_id)}">{esc(label)}</a>'
        return f'<span class="policy-sbs-label"{attrs}>{esc(label)}</span>'

    def _first(self) -> bool:
        """The page's own language's column: its labels are the rows' permalinks."""
        return self.lang == self.page_lang

    def body(self, unit_id: str) -> list[str]:
        """The unit's own text, as Markdown the page renders and sanitises as the policy's, and
        what the reader must know of it: not translated yet, or lagging the binding text."""
        keep = self.ctx.blocks.issue
        unit = self.unit(unit_id)
        out = [keep('<div class="policy-sbs-text">'), ""]
        if unit is None:
            words = self.ctx.word(self.page_lang, "side_by_side_untranslated", language=self.name)
            out += [keep(f'<p class="policy-untranslated"{self._page()}>{esc(words)}</p>'), ""]
        else:
            source = intro_markdown(unit)
            if source.strip():
                apart = self.render(source) if self.render else None
                out += [keep(apart) if apart is not None else source, ""]
            if unit_id in self.outdated:
                to = link(
                    self.url,
                    self.ctx.url(self.ctx.auth),
                    self.ctx.word(self.page_lang, "outdated_link"),
                    anchor=unit_id,
                    lang=self.ctx.auth,
                )
                words = self.ctx.phrase(self.page_lang, "outdated", link=to)
                out += [keep(f'<p class="policy-outdated"{self._page()}>{words}</p>'), ""]
        return [*out, keep("</div>"), ""]

    def close(self) -> str:
        return "</div>"


def _order(first: LanguageText | None, second: LanguageText | None) -> list[str]:
    """Every unit of either text, in the first text's order; a unit only the second has comes
    after the unit it follows there."""
    order = list(first.ids()) if first else []
    seen = set(order)
    at = 0  # where the second text's next unit goes: after the one before it
    for unit_id in second.ids() if second else ():
        if unit_id in seen:
            at = order.index(unit_id) + 1
            continue
        order.insert(at, unit_id)
        seen.add(unit_id)
        at += 1
    return order


def _aliases(ctx: PageContext, live: set[str]) -> dict[str, list[str]]:
    """Anchors that land on a live unit on the text in force (a moved clause's old one, an
    imported page's), so that they land on its row here too."""
    found: dict[str, list[str]] = {}
    for unit_id, landing in ctx.record.landings.items():
        if landing.kind == "moved" and landing.target in live and unit_id not in live:
            found.setdefault(landing.target, []).append(unit_id)
    for fragment, target in ctx.record.current.meta.aliases.items():
        if target in live and fragment not in live and fragment not in ctx.record.landings:
            found.setdefault(target, []).append(fragment)
    return found
