"""The integration guide's recipes (docs/manual/integrate.md, docs/sv/integrate.md), run as written, in Chromium, by a
page of another origin (the main site) against a built policy site: the code a main site copies
is the code that is tested."""

from __future__ import annotations

import json
import re

import pytest
from browsing import serve
from building import ROOT
from story import build_story

GUIDES = {"en": ROOT / "docs" / "manual" / "integrate.md", "sv": ROOT / "docs" / "sv" / "integrate.md"}
BLOCK = re.compile(r"^```js\n(.*?)^```$", re.M | re.S)
PLACEHOLDER = 'const POLICY_SITE = "https://policy.example.org";'


def recipes(lang: str = "en") -> list[str]:
    return BLOCK.findall(GUIDES[lang].read_text(encoding="utf-8"))


def test_every_guide_has_the_same_recipes():
    """The Swedish guide's code is the English guide's: what is tested is what both say."""
    assert recipes("en") == recipes("sv")
    assert len(recipes()) >= 7
    assert recipes()[0].strip() == PLACEHOLDER


#: What GitHub Pages sends with every file, and what a host of policy.json must send.
CORS = {"Access-Control-Allow-Origin": "*"}


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    _, result = build_story(tmp_path_factory.mktemp("integrate"))
    return result.site


@pytest.fixture(scope="module")
def main_site(tmp_path_factory):
    """The main site: a page of its own, on another origin than the policy site."""
    folder = tmp_path_factory.mktemp("main-site")
    (folder / "index.html").write_text(
        '<!doctype html><title>Shop</title><link rel="icon" href="data:,"><p>Shop</p>', encoding="utf-8"
    )
    with serve(folder) as url:
        yield url


def run_recipes(browser, main_site: str, policy_site: str, body: str):
    """The guide's recipes, with POLICY_SITE set to `policy_site`, then `body` (an async
    function body), in a page of the main site; returns (result, console errors)."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(main_site + "/")
    code = "\n".join(recipes()).replace(PLACEHOLDER, f"const POLICY_SITE = {json.dumps(policy_site)};")
    try:
        result = page.evaluate(f"async () => {{\n{code}\n{body}\n}}")
    finally:
        context.close()
    return result, errors


def test_the_recipes_read_policy_json_from_another_origin(browser, story, main_site):
    with serve(story, CORS) as policy_site:
        result, errors = run_recipes(
            browser,
            main_site,
            policy_site,
            """
            const policy = await loadPolicy();
            const a = acceptance(policy, "en");
            return {current: versionInForce(policy).version, acceptance: a, origin: location.origin,
                    unit: unitUrl(policy, "s3-a", "en"), unitSv: unitUrl(policy, "s3-a", "sv"),
                    unitXx: unitUrl(policy, "s3-a", "xx"),
                    since: changesSinceUrl(policy, {version: "1.0"}, "en"),
                    sinceSv: changesSinceUrl(policy, {version: "1.0"}, "sv"),
                    ask: Object.fromEntries(["1.0", "1.1", "1.2", "1.3", "1.4", "9.9"].map(
                        (label) => [label, mustAskAgain(policy, {version: label})])),
                    ahead: materialChangeAhead(policy)};
        """,
        )
    data = json.loads((story / "policy.json").read_text(encoding="utf-8"))
    in_force = next(v for v in data["versions"] if v["version"] == "1.3")
    assert errors == []
    assert result["origin"] != policy_site  # a cross-origin read
    assert result["current"] == "1.3"
    accepted = result["acceptance"]
    assert (accepted["version"], accepted["language"]) == ("1.3", "en")
    assert accepted["sha256"] == in_force["sha256"]["en"]
    assert accepted["binding_sha256"] == in_force["sha256"]["sv"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", accepted["accepted_at"])
    assert result["unit"] == f"{policy_site}/en/#s3-a"
    assert result["unitSv"] == result["unitXx"] == f"{policy_site}/#s3-a"
    assert result["since"] == f"{policy_site}/en/compare/?from=1.0"
    assert result["sinceSv"] == f"{policy_site}/compare/?from=1.0"
    # 1.1 and 1.3 are material, 1.2 editorial, 1.4 upcoming; an unknown label asks again.
    assert result["ask"] == {"1.0": True, "1.1": True, "1.2": True, "1.3": False, "1.4": False, "9.9": True}
    assert result["ahead"] == {"version": "1.4", "effective": "2026-07-01"}


def test_without_the_header_the_browser_refuses_the_read(browser, story, main_site):
    """The guide's warning is true: a host that does not send Access-Control-Allow-Origin
    makes the recipe throw, and the page can tell."""
    with serve(story) as policy_site:
        result, _ = run_recipes(
            browser,
            main_site,
            policy_site,
            """
            try { await loadPolicy(); return "read"; } catch (error) { return error.name + ": " + error.message; }
        """,
        )
    assert result.startswith("TypeError"), result


def test_after_an_editorial_version_no_one_is_asked_again(browser, story, main_site):
    """The rule, on a record whose version in force is editorial: whoever accepted the version
    before it keeps their acceptance; a material one before that still asks."""
    data = json.loads((story / "policy.json").read_text(encoding="utf-8"))
    data["current"], data["upcoming"] = "1.2", "1.3"
    with serve(story, CORS) as policy_site:
        result, errors = run_recipes(
            browser,
            main_site,
            policy_site,
            f"""
            const policy = {json.dumps(data)};
            return [mustAskAgain(policy, {{version: "1.0"}}), mustAskAgain(policy, {{version: "1.1"}}),
                    mustAskAgain(policy, {{version: "1.2"}}), materialChangeAhead(policy)];
        """,
        )
    assert errors == []
    assert result == [True, False, False, {"version": "1.3", "effective": "2026-04-01"}]


def test_the_links_the_recipes_make_land(browser, story):
    """Each address a recipe builds shows what the guide says: the unit, and the comparison
    since the accepted version, in the reader's language."""
    with serve(story, CORS) as policy_site:
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{policy_site}/en/#s3-a")
        assert page.locator("#s3-a").is_visible()
        page.goto(f"{policy_site}/en/compare/?from=1.0")
        page.wait_for_selector(".policy-compare-result")
        assert page.locator(".policy-compare-result [id='s3-a'], .policy-compare-result #s1-a").count() >= 1
        context.close()
    assert errors == []


def test_the_guide_is_a_page_of_this_site(built_site):
    """Both languages' guides are built, and every address they name exists in the site."""
    assert built_site.returncode == 0, built_site.output
    for where in ("en/manual/integrate", "manual/integrate", "integrate"):
        page = built_site.site / where / "index.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert "mustAskAgain" in html and "Access-Control-Allow-Origin" in html
