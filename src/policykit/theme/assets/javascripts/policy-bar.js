/* The version bar (policykit/pages/bar.py) and the name of a unit reached by its link.
 *
 * 1. The compare page writes a hidden bar with every offered version's facts (version, period,
 *    status, in the page's words); this shows the two that the address names, as
 *    policy-compare.js reads them (`from`, and `to` or the version in force).
 * 2. A bar stays in view under Material's header (position: sticky): a unit reached by its
 *    link must land below both. The stylesheet gives the units a scroll-margin-top of the
 *    header, the bar's usual height and a gap; the bar's real height (it wraps on a phone, and
 *    more in some languages) is written here to --policy-bar-height, and kept when it changes.
 * 3. A clause or sub-clause reached by its link says its full name ("5 c · 5. Cookies") at the
 *    top of its highlight: on a phone the section heading is often off the screen. The name is
 *    the text's own: the label's citation (data-policy-cite, which the page writes wherever the
 *    default scheme's "5 c" would be wrong) and the section's heading.
 * Text is written as text: nothing from the address becomes markup. */
(function () {
  "use strict";
  var root = document.documentElement;

  function showPair(bar) {
    var holder = document.getElementById("policy-compare");
    var query = new URLSearchParams(location.search);
    var from = query.get("from"), to = query.get("to") || (holder && holder.getAttribute("data-current")) || "";
    var offered = Array.prototype.slice.call(bar.querySelectorAll(".policy-bar-offered [data-version]"));
    var labels = offered.map(function (facts) { return facts.getAttribute("data-version"); });
    var a = labels.indexOf(from), b = labels.indexOf(to);
    if (!from || a < 0 || b < 0 || a >= b) return;  // policy-compare.js says what is wrong
    var pair = bar.querySelector(".policy-bar-pair");
    [offered[a], offered[b]].forEach(function (facts, n) {
      if (n) {
        var arrow = document.createElement("span");
        arrow.className = "policy-bar-arrow";
        arrow.setAttribute("aria-hidden", "true");
        arrow.textContent = "\u2192";
        pair.appendChild(document.createTextNode(" "));
        pair.appendChild(arrow);
        pair.appendChild(document.createTextNode(" "));
      }
      var copy = facts.cloneNode(true);
      copy.hidden = false;
      pair.appendChild(copy);
    });
    bar.hidden = false;
  }

  var compareBar = document.querySelector(".policy-bar--compare");
  if (compareBar) showPair(compareBar);

  var bar = document.querySelector(".policy-bar:not([hidden])");
  if (bar) {
    var measure = function () {
      root.style.setProperty("--policy-bar-height", Math.ceil(bar.getBoundingClientRect().height) + "px");
    };
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(bar);
    else window.addEventListener("resize", measure);
  }

  var UNIT = ".md-content .policy-clause[id], .md-content .policy-subclause[id]";

  function cite(unit) {
    var label = unit.querySelector("a.policy-label");
    var own = label && label.getAttribute("data-policy-cite");
    if (own) return own;
    // The default scheme, which the page leaves unwritten: s6-b-1 is "6 b (1)", s5-c "5 c".
    var parts = unit.id.slice(1).split("-");
    return parts.length === 3 ? parts[0] + " " + parts[1] + " (" + parts[2] + ")" : parts.join(" ");
  }

  function heading(unit) {
    var section = unit.closest(".policy-section");
    var title = section && section.querySelector(":scope > h2");
    if (!title) return "";
    var copy = title.cloneNode(true);
    // Not the heading's permalink, nor the tools that scripts add to it (its menu, "Copied").
    copy.querySelectorAll(".headerlink, [data-search-exclude], .policy-unit-tools").forEach(function (link) { link.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function decodedHash() {  // an address may hold a malformed escape (#%E0): then no unit
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
  }

  function name() {
    document.querySelectorAll("[data-policy-where]").forEach(function (old) {
      old.removeAttribute("data-policy-where");
    });
    var id = decodedHash();
    var target = id && document.getElementById(id);
    if (!target) return;
    // An anchor that moved here (.policy-alias) names the unit it now stands in.
    var unit = target.classList.contains("policy-alias") ? target.parentElement : target;
    if (!unit || !unit.matches(UNIT)) return;
    var section = heading(unit);
    unit.setAttribute("data-policy-where", cite(unit) + (section ? " \u00b7 " + section : ""));
  }

  name();
  window.addEventListener("hashchange", name);
})();
