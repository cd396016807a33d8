"""How to check the text: recompute a version's SHA-256 from the repository, what the dates
mean, what machines read. Generated in every language, so that the archives' "how to check
it" link always has a page to land on; its commands name the site's own policy folder."""

from __future__ import annotations

import shlex
from urllib.parse import urlsplit

from policykit.pages.context import PageContext, esc
from policykit.pages.page import Page, page_at
from policykit.pages.parts import WHOLE, href, md, print_line

#: Run in bash anywhere in a clone (--full-tree). NUL-separated and unquoted (core.quotePath),
#: so that any file name is read as it is; `--` so that no folder name is read as an option;
#: only files (mode 100…, a blob): not a folder named like one, nor a link, which the build skips.
_COMMAND = (
    "C=&lt;commit&gt;\n"
    'git -c core.quotePath=false ls-tree --full-tree -z "$C" -- {folder} \\\n'
    "  | grep -z '^100[0-7]* blob .*\\.md$' | cut -z -f2- | LC_ALL=C sort -z \\\n"
    "  | while IFS= read -r -d '' f; do git show \"$C:$f\"; done | sha256sum"
)


def verify_page(ctx: PageContext, lang: str) -> Page:
    """How to check a version's fingerprint; in search and in the navigation."""
    return page_at(
        ctx,
        "verify",
        lang,
        "verify/",
        _markdown(ctx, lang),
        in_nav=True,
    )


def _markdown(ctx: PageContext, lang: str) -> str:
    url = ctx.url(lang, "verify/")
    phrase = lambda key, **values: ctx.phrase(lang, key, **values)
    # Links as plain text, not <code>: Material's code colour on a link fails contrast.
    code = lambda text: f"<code>{esc(text)}</code>"
    json = f'<a href="{esc(href(url, "policy.json"))}">/policy.json</a>'
    # Folders as the command names them: from the repository's root, which may be above mkdocs.yml.
    folder = lambda of: code(f"{ctx.git_path}/{of}/")
    intro = phrase("verify_intro")
    if urlsplit(ctx.repo_url).scheme in ("http", "https"):
        intro += " " + phrase("verify_repository", link=f'<a href="{esc(ctx.repo_url)}">{esc(ctx.repo_url)}</a>')
    others = " ".join(
        phrase("verify_other", language=esc(ctx.words.language(lang, other)), folder=folder(other))
        for other in ctx.languages
        if other != lang
    )
    feeds = ", ".join(
        f'<a href="{esc(href(url, ctx.url(other, "feed.xml")))}" hreflang="{esc(other)}">'
        f"/{esc(ctx.url(other, 'feed.xml'))}</a> ({esc(ctx.words.language(lang, other))})"
        for other in ctx.languages
    )
    schema = f'<a href="{esc(href(url, "policy.schema.json"))}">/policy.schema.json</a>'
    out = [
        WHOLE + f"# {md(ctx.word(lang, 'verify_title'))}",
        "",
        print_line(ctx, url),
        "",
        f"<p>{intro}</p>",
        "",
        f"## {md(ctx.word(lang, 'verify_digest_title'))}",
        "",
        "<p>"
        + phrase(
            "verify_digest_text",
            versions=code(f"/{ctx.url(lang, 'versions/')}"),
            json=json,
            field=code("versions[].sha256"),
            files=code(f"{ctx.git_path}/{lang}/*.md"),
        )
        + "</p>",
        "",
        "<p>" + phrase("verify_compute", json=json, field=code("versions[].commit")) + "</p>",
        "",
        f"<pre><code>{_COMMAND.format(folder=esc(shlex.quote(f'{ctx.git_path}/{lang}/')))}</code></pre>",
        "",
        f"<p>{others + ' ' if others else ''}{phrase('verify_result')}</p>",
        "",
        f"## {md(ctx.word(lang, 'verify_dates_title'))}",
        "",
        "<ul><li>"
        + phrase("verify_published", published=f"<strong>{esc(ctx.word(lang, 'published'))}</strong>")
        + "</li><li>"
        + phrase("verify_effective", effective=f"<strong>{esc(ctx.word(lang, 'effective'))}</strong>")
        + "</li></ul>",
        "",
        f"## {md(ctx.word(lang, 'verify_machines_title'))}",
        "",
        "<ul><li>"
        + phrase("verify_json", json=json, schema=schema)
        + "</li><li>"
        + phrase("verify_feeds", feeds=feeds)
        + "</li></ul>",
        "",
        f"<p>{phrase('verify_private')}</p>",
        "",
    ]
    return "\n".join(out)
