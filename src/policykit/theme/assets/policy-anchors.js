/* Keep the reader's place when switching language or version (each unit's menu, which copies
 * its address, is assets/javascripts/policy-unit-menu.js).
 *
 * Every clause has the same anchor in every language and version, but Material's language
 * switcher (links with hreflang) and our "same place in …" links (.policy-keep-anchor) point
 * at a page, not a clause. Such a link gets the reader's place as its #fragment whenever it
 * may be followed (pointed at, focused, clicked, opened in a new tab): the clause in the
 * address if it is on screen, else the clause the reader has scrolled to. */
(function () {
  // The elements whose id is a unit's anchor, known by their classes rather than by the form of
  // the id, which depends on the policy's numbering (`s5-c`, `sd-4`, `s4-2-1`): the text's units
  // and a section's heading, a redline's units (also as policy-compare.js makes them), the notes
  // that stand for a removed or upcoming unit, a redline's list of moved units, a row of the
  // languages side by side. An alias (.policy-alias) is not the reader's place: the unit it
  // stands in is.
  var UNITS = [".policy-preamble", ".policy-section > h2", ".policy-clause", ".policy-subclause",
    ".policy-redline-unit", ".policy-removed", ".policy-upcoming-unit", ".policy-moved",
    ".policy-sbs-row"].map(function (unit) {
    return ".md-content " + unit + "[id]";
  }).join(", ");

  /* The clause (or section) at the top of the screen: the last, in reading order, that starts
   * above a line a little below the header and has not yet scrolled away under it. */
  function scrolledTo() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var found = "";
    document.querySelectorAll(UNITS).forEach(function (element) {
      var box = element.getBoundingClientRect();
      if (box.top <= top + 80 && box.bottom > top) found = element.id;
    });
    return found;
  }

  function decodedHash() {  // an address may hold a malformed escape (#%E0): then no unit
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
  }

  function place() {
    var id = decodedHash();
    var target = id && document.getElementById(id);
    if (target) {
      var box = target.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) return id;
    }
    return scrolledTo() || id;
  }

  function follow(event) {
    var link = event.target.closest && event.target.closest("a[hreflang], a.policy-keep-anchor");
    if (!link) return;
    if (!link.hasAttribute("data-policy-page")) link.setAttribute("data-policy-page", link.href.split("#")[0]);
    var here = place();
    link.href = link.getAttribute("data-policy-page") + (here ? "#" + here : "");
    // Material's own handler (on document.body) rebuilds the target from its sitemap and drops
    // the fragment; the link already names this page in the other language: let it be followed.
    if (event.type === "click" && link.hasAttribute("hreflang")) event.stopPropagation();
  }

  ["mouseover", "focusin", "mousedown", "click"].forEach(function (type) {
    document.addEventListener(type, follow, true);
  });
})();

/* Material's search dialog has role="dialog" but no name; give it the search field's own
 * label, in the page's language. */
(function (script) {
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (input && (input.getAttribute("aria-label") || input.placeholder)) ||
      (script && script.getAttribute("data-search")) || "Search");
  }
})(document.currentScript);

/* Material's language menu: each entry in its own language (a screen reader says "Svenska"
 * in Swedish), and the page's own language marked as the current one. */
(function () {
  var here = (document.documentElement.lang || "").toLowerCase();
  document.querySelectorAll(".md-select a[hreflang]").forEach(function (link) {
    var lang = link.getAttribute("hreflang");
    link.setAttribute("lang", lang);
    if (lang.toLowerCase() === here) link.setAttribute("aria-current", "page");
  });
})();

/* A table wider than the screen scrolls sideways inside Material's wrapper: let the keyboard
 * reach it (Tab, then the arrow keys), as it does a scrolling code block. */
(function () {
  function reachable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    });
  }
  // Material wraps the tables from its own script, once the page is mounted (document$).
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(reachable);
  window.addEventListener("load", reachable);
})();
