/* Search finds a citation: typing "5 c", "§ 5 c" or "6 b (1)" in Material's search offers
 * "Go to 5 c" first, as eCFR's "go to reference" does, and Enter goes there.
 *
 * Material's search is lunr in a worker: it matches words, and a label is not one ("5" and
 * "c" are everywhere). So the query is read here as a citation against the labels of the text
 * in force, from /policy.json (`clauses`: label, url and text per language; any numbering,
 * since the labels are the text's own: "D 4", "4.2.1"). The query matches a label written as
 * the text writes it ("5c" is an inserted section 5c where there is one), or else with its
 * spaces and brackets left out ("5c" is clause 5 c, "6b1" is 6 b (1)). A query that has no
 * digit and no "§" must have two parts to count ("a" or "I" alone are words).
 *
 * The offer stands above Material's results, in the page's language (data-go on this script's
 * tag, theme/main.html), written with textContent. The site's root is where this script lies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var root = script.src.replace(/assets\/javascripts\/policy-citation\.js(\?.*)?$/, "");
  var langRoot = (script.getAttribute("data-lang-root") || "").replace(/\/$/, "");
  var go = script.getAttribute("data-go") || "{label}";
  var input = document.querySelector(".md-search__input");
  var result = document.querySelector(".md-search-result");
  if (!input || !result) return;
  var labels = null, loading = null;

  function key(text) { return text.toLowerCase().replace(/\s+/g, " ").replace(/[\s.]+$/, "").trim(); }
  function compact(text) { return key(text).replace(/[\s()]/g, ""); }

  function load() {
    if (!loading) {
      loading = fetch(root + "policy.json", {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error("policy.json: " + response.status);
        return response.json();
      }).then(function (json) {
        var lang = langRoot || json.default_language;
        labels = (Array.isArray(json.clauses) ? json.clauses : []).filter(function (clause) {
          return clause && typeof clause.label === "string" && clause.label && clause.id !== "s0" && clause.url;
        }).map(function (clause) {
          var url = clause.url[lang] || clause.url[json.default_language] || "";
          var text = clause.text ? clause.text[lang] || clause.text[json.default_language] || "" : "";
          return {label: clause.label, key: key(clause.label), compact: compact(clause.label),
                  url: typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? root + url.slice(1) : "",
                  text: String(text), title: clause.title ? String(clause.title[lang] || "") : ""};
        }).filter(function (entry) { return entry.url; });
      });
    }
    return loading;
  }

  /* The unit the query cites, or null. */
  function cited(query) {
    var marked = /^\s*§/.test(query);
    var wanted = key(query.replace(/^\s*§+/, ""));
    if (!wanted || !(marked || /\d/.test(wanted) || wanted.indexOf(" ") > 0)) return null;
    var i;
    for (i = 0; i < labels.length; i++) if (labels[i].key === wanted) return labels[i];
    var short = compact(wanted);
    for (i = 0; i < labels.length; i++) if (labels[i].compact === short) return labels[i];
    return null;
  }

  var offer = document.createElement("div");
  offer.className = "policy-cite-result";
  offer.hidden = true;
  result.insertBefore(offer, result.firstChild);
  var current = null;

  function show(entry) {
    current = entry;
    offer.textContent = "";
    if (!entry) { offer.hidden = true; return; }
    var link = document.createElement("a");
    link.className = "policy-cite-go";
    link.setAttribute("href", entry.url);
    var head = document.createElement("strong");
    head.textContent = go.split("{label}").join(entry.label);
    link.appendChild(head);
    var words = (entry.title || entry.text).replace(/\s+/g, " ").trim();
    if (words) {
      var start = document.createElement("span");
      start.textContent = words.length > 90 ? words.slice(0, 90) + "…" : words;
      link.appendChild(start);
    }
    link.addEventListener("click", function (event) {
      if (event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;  // a new tab
      event.preventDefault();
      leave(entry.url);
    });
    offer.appendChild(link);
    offer.hidden = false;
  }

  function close() {
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  /* Close search, then go. On a phone Material locks the page's scrolling while search is open
   * (data-md-scrolllock on <body>) and, as it unlocks, scrolls back to where the reader was:
   * going before that would land on the unit and be scrolled away from it. */
  function leave(url) {
    var body = document.body;
    close();
    if (!body.hasAttribute("data-md-scrolllock")) return location.assign(url);
    var unlocked = new MutationObserver(function () {
      if (body.hasAttribute("data-md-scrolllock")) return;
      unlocked.disconnect();
      location.assign(url);
    });
    unlocked.observe(body, {attributes: true, attributeFilter: ["data-md-scrolllock"]});
  }

  function update() {
    var query = input.value;
    if (!/\S/.test(query)) return show(null);
    if (labels) return show(cited(query));
    load().then(function () { if (input.value === query) show(cited(query)); }, function () { show(null); });
  }

  input.addEventListener("input", update);
  input.addEventListener("focus", update);
  // Enter in the search field goes to the cited unit, before Material's own handler (on window).
  window.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || document.activeElement !== input || !current || offer.hidden) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    leave(current.url);
  }, true);
})();
