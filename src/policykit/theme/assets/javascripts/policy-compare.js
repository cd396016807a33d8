/* The compare page (/compare/?from=A&to=B#unit): every unit that differs between two versions,
 * with its word-level redline, in the page's language.
 *
 * The page (policykit/pages/compare.py) writes the form, this script's words and the address of
 * the data as data-* attributes of #policy-compare, and, for a reader without script, the chain
 * of the last versions' changes against the one before each (links to the earlier ones); the
 * result replaces the chain. With script the stylesheet does not lay the chain out
 * (`scripting: enabled`): this shows it where it has no comparison to show instead
 * (`keepChain`). The data is
 * /compare.json (one file for every language: each distinct unit text once), fetched with a
 * relative address, so the site works under any path. The redline is policy-redline.js's,
 * which agrees with the Python redline of the single-version pages. Loaded deferred from <head>
 * (theme/main.html, which also preloads the data), it fetches the data as it starts and shows
 * the comparison once the page is parsed and Material's bundle has set it up
 * (DOMContentLoaded): what the comparison adds (its table of contents, the summary's details)
 * stays this script's, as when the data came later. The result opens with a
 * summary (`summaryBlock`: per kind of change, how many units and which, linking down; what each
 * version in between says it changed) and fills Material's empty table of contents with the
 * sections that changed (`fillToc`).
 *
 * Nothing from the policy, the data or the address becomes markup: text goes in as text nodes,
 * and the redline's HTML (escaped text with <del>, <ins> and <br> only) is read token by token
 * into those three elements and text (`redlineNodes`). */
(function () {
  "use strict";
  var root = document.getElementById("policy-compare");
  if (!root) return;
  var data = root.dataset;
  var message = root.querySelector(".policy-compare-message");
  var result = root.querySelector(".policy-compare-result");
  var chain = document.querySelector(".policy-compare-chain");
  var form = document.querySelector(".policy-compare-form");
  var lang = data.lang, auth = data.auth;

  /* The versions the page offers, oldest first: label -> effective date in the page's words. */
  var offered = [], effective = {};
  if (form) {
    var options = form.querySelectorAll("select[name=from] option");
    for (var i = options.length - 1; i >= 0; i--) {
      offered.push(options[i].value);
      effective[options[i].value] = options[i].getAttribute("data-effective") || "";
    }
  }

  function node(tag, attributes, children) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return element;
  }

  /* A word of the catalogue with its {names} filled: each value a text or a node. */
  function words(key, values) {
    var text = data[key] || "", out = document.createDocumentFragment();
    text.split(/(\{[a-z_]+\})/).forEach(function (part) {
      var name = /^\{([a-z_]+)\}$/.exec(part);
      var value = name && values && Object.prototype.hasOwnProperty.call(values, name[1]) ? values[name[1]] : null;
      if (value === null) out.appendChild(document.createTextNode(part));
      else out.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    });
    return out;
  }

  function paragraph(fragment, attributes) {
    var p = node("p", attributes);
    p.appendChild(fragment);
    return p;
  }

  function versionsUrl(label, id) {
    return data.versions + encodeURIComponent(label) + "/" + (id ? "#" + id : "");
  }

  function say(key, values, alert) {
    message.textContent = "";
    var box = node("div", alert ? {"class": "policy-notice policy-compare-alert", role: "alert"}
                                : {"class": "policy-notice", role: "note"});
    box.appendChild(paragraph(words(key, values)));
    message.appendChild(box);
    root.hidden = false;
  }

  function listLink() {
    return node("a", {href: data.versions}, [data.compareVersionsLink || ""]);
  }

  /* The redline's HTML as nodes: text, <del>, <ins>, <br>, the formats' tags and the marked
   * spans of link targets, images and notes (policy-redline.js writes nothing else); anything
   * else stays text. An end tag closes its element only if it is the one open. */
  var TOKEN = /<(\/?)(del|ins|strong|em|u|s|mark|small|sup|sub|code)>|<span class="(policy-redline-(?:link|image|note))">|<\/span>|<br>|&(amp|lt|gt|quot|#x27|#39);|[^<&]+|[<&]/g;
  var ENTITY = {amp: "&", lt: "<", gt: ">", quot: "\"", "#x27": "'", "#39": "'"};
  function redlineNodes(html, into) {
    var open = [into], match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(html)) !== null) {
      var parent = open[open.length - 1];
      if (match[2] || match[3]) {
        if (match[1]) {
          if (open.length > 1 && parent.localName === match[2]) open.pop();
        } else {
          var element = document.createElement(match[2] || "span");
          if (match[3]) element.className = match[3];
          open.push(parent.appendChild(element));
        }
      } else if (match[0] === "</span>") {
        if (open.length > 1 && parent.localName === "span") open.pop();
      } else if (match[0] === "<br>") {
        parent.appendChild(document.createElement("br"));
      } else {
        parent.appendChild(document.createTextNode(match[4] ? ENTITY[match[4]] : match[0]));
      }
    }
    return into;
  }

  function label(id, start) {
    if (id === "s0") {
      var name = data.preamble || "";
      return start ? name.charAt(0).toUpperCase() + name.slice(1) : name;
    }
    return (labels && labels[id]) || id;
  }

  var labels = null;
  var marks = null;  // compare.json's chars.marks: how a reading text marks formats and headings

  // The address ----------------------------------------------------------------------------

  var query = new URLSearchParams(location.search);
  var from = query.get("from"), to = query.get("to") || data.current;
  if (form) {
    if (from && offered.indexOf(from) >= 0) form.querySelector("select[name=from]").value = from;
    if (to && offered.indexOf(to) >= 0) form.querySelector("select[name=to]").value = to;
  }
  // The language switch keeps the pair: policy-anchors.js adds the reader's place to the
  // address kept here.
  document.querySelectorAll("a[hreflang], a.policy-keep-anchor").forEach(function (link) {
    var page = link.href.split("#")[0].split("?")[0];
    if (/\/compare\/$/.test(page) && location.search) {
      link.setAttribute("data-policy-page", page + location.search);
      link.href = page + location.search + location.hash;
    }
  });

  /* The chain for a reader without script, shown where there is no comparison instead. */
  function keepChain() {
    if (!chain) return;
    chain.hidden = false;
    chain.classList.add("policy-compare-chain--shown");
  }

  if (!from) { say("compareChoose", {}); keepChain(); return; }
  var unknown = [from, to].filter(function (label) { return offered.indexOf(label) < 0; })[0];
  if (unknown !== undefined) {  // named, shortened: an address may hold anything
    var named = unknown.length > 40 ? unknown.slice(0, 40) + "\u2026" : unknown || "\u2014";
    say("compareUnknown", {version: named, link: listLink()}, true);
    keepChain();
    return;
  }
  if (offered.indexOf(from) > offered.indexOf(to)) {
    say("compareOrder", {from: from, to: to}, true);
    keepChain();
    return;
  }
  if (from === to && !query.get("to") && to === data.current) {
    // "What changed since the version you accepted", for one who accepted the version in force.
    say("compareCurrent", {from: from});
    if (chain) chain.hidden = true;
    return;
  }
  if (from === to) { say("compareEqual", {from: from}, true); keepChain(); return; }

  function failed() {
    result.textContent = "";
    say("compareFailed", {}, true);
    keepChain();
  }

  // The page parsed and set up by Material's bundle (its DOMContentLoaded, or the load after it).
  var parsed = new Promise(function (resolve) {
    if (document.readyState === "complete") { resolve(); return; }
    document.addEventListener("DOMContentLoaded", function () { resolve(); });
    window.addEventListener("load", function () { resolve(); });
  });
  var json = fetch(data.json, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("compare.json: " + response.status);
    return response.json();
  });
  Promise.all([json, parsed]).then(function (both) { show(both[0]); }).catch(function () { parsed.then(failed); });

  // The comparison -------------------------------------------------------------------------

  /* Every version's unit ids (document order) and, per language it has, its texts by id, up
   * to version `upto`: each version in the data says what differs from the one before. */
  function states(json, upto) {
    var out = [], ids = [], rows = {};
    for (var k = 0; k <= upto; k++) {
      var version = json.versions[k];
      if (version.ids) {
        ids = version.ids.slice();
      } else {
        var dropped = {};
        (version.drop || []).forEach(function (id) { dropped[id] = true; });
        ids = ids.filter(function (id) { return !dropped[id]; });
        (version.add || []).forEach(function (added) { ids.splice(added[0], 0, added[1]); });
      }
      var langs = version.langs || {}, next = {};
      Object.keys(langs).forEach(function (code) {
        var row = {}, before = rows[code] || {}, changed = langs[code];
        ids.forEach(function (id) {
          var index = Object.prototype.hasOwnProperty.call(changed, id) ? changed[id] : before[id];
          if (index !== null && index !== undefined) row[id] = index;
        });
        next[code] = row;
      });
      rows = next;
      out.push({ids: ids, rows: rows});
    }
    return out;
  }

  function unitsOf(json, state) {
    var texts = {};
    Object.keys(state.rows).forEach(function (code) {
      var map = {}, row = state.rows[code];
      Object.keys(row).forEach(function (id) { map[id] = json.texts[row[id]]; });
      texts[code] = map;
    });
    return {ids: state.ids, texts: texts};
  }

  function compare(json, a, b) {
    var all = states(json, b);
    var A = unitsOf(json, all[a]), B = unitsOf(json, all[b]);
    // Follow the units of A through every version after it: kept, moved, or removed.
    var track = {};
    A.ids.forEach(function (id) { track[id] = id; });
    for (var k = a + 1; k <= b; k++) {
      var here = {};
      all[k].ids.forEach(function (id) { here[id] = true; });
      var moved = json.versions[k].moved || {};
      Object.keys(track).forEach(function (id) {
        var now = track[id];
        if (now === null || here[now]) return;
        track[id] = moved[now] && here[moved[now]] ? moved[now] : null;
      });
    }
    var source = {};
    Object.keys(track).forEach(function (id) { if (track[id] !== null) source[track[id]] = id; });
    // The page's language, or the binding one when either version has no text in it.
    var missing = [[a, A], [b, B]].filter(function (pair) { return !pair[1].texts[lang]; })
      .map(function (pair) { return json.versions[pair[0]].version; });
    var shown = missing.length ? auth : lang;
    function text(units, id, code) {
      var texts = units.texts[code] || {};
      return Object.prototype.hasOwnProperty.call(texts, id) ? texts[id] : (units.texts[auth] || {})[id];
    }
    var groups = {changed: [], added: [], removed: [], moved: [], translated: []};
    B.ids.forEach(function (id) {
      var old = source[id];
      if (old === undefined) {
        groups.added.push({id: id, old: "", "new": text(B, id, shown) || "", lang: shown});
        return;
      }
      var before = text(A, old, shown) || "", after = text(B, id, shown) || "";
      var beforeAuth = text(A, old, auth) || "", afterAuth = text(B, id, auth) || "";
      var entry = {id: id, from: old !== id ? old : null, old: before, "new": after, lang: shown};
      if (before === after && beforeAuth !== afterAuth) {  // the translation did not follow
        entry.old = beforeAuth; entry["new"] = afterAuth; entry.lang = auth; entry.note = true;
      }
      if (beforeAuth !== afterAuth) groups.changed.push(entry);
      else if (before !== after) groups.translated.push(entry);
      else if (entry.from) groups.moved.push(entry);
    });
    A.ids.forEach(function (id) {
      if (track[id] === null) groups.removed.push({id: id, old: text(A, id, shown) || "", "new": "", lang: shown});
    });
    return {groups: groups, missing: missing, track: track, ids: B.ids, A: A, B: B, shown: shown};
  }

  function unitBlock(entry, version, redline) {
    var link = node("a", {href: versionsUrl(version, entry.id), "class": "policy-label"}, [label(entry.id, true)]);
    var body = node("span", {"class": "policy-redline"});
    if (entry.lang !== lang) body.setAttribute("lang", entry.lang);
    redlineNodes(redline.html(entry.old, entry["new"]), body);
    var line = node("p", {}, [link, " "]);
    if (entry.from) {
      line.appendChild(node("span", {"class": "policy-compare-moved"},
                            [words("compareMovedFrom", {label: label(entry.from)}), " "]));
    }
    line.appendChild(body);
    var parts = [line];
    if (entry.note) {  // as on /versions/V/changes/: the binding text, the translation not following yet
      parts.push(node("p", {"class": "policy-untranslated"}, [words("untranslatedNote", {language: data.authName || auth})]));
    }
    return node("div", {"class": "policy-redline-unit", id: entry.id}, parts);
  }

  function show(json) {
    if (!json || !Array.isArray(json.versions) || !Array.isArray(json.texts) || !window.PolicyRedline) {
      throw new Error("compare.json: not the compare page's data");
    }
    labels = json.labels || {};
    marks = (json.chars && json.chars.marks) || null;
    var at = {};
    json.versions.forEach(function (version, n) { at[version.version] = n; });
    if (!(from in at) || !(to in at)) throw new Error("compare.json: a version is missing");
    var a = at[from], b = at[to];
    var redline = window.PolicyRedline.create(json.chars);
    var found = compare(json, a, b);
    var out = document.createDocumentFragment();
    var heading = node("h2", {id: "policy-compare-heading"});
    heading.appendChild(words("compareHeading", {from: from, to: to}));
    out.appendChild(heading);
    var notice = node("div", {"class": "policy-version-notice", role: "note"});
    notice.appendChild(paragraph(words("compareDates", {from: from, to: to, from_effective: effective[from] || "",
                                                        to_effective: effective[to] || ""})));
    var material = json.versions.slice(a + 1, b + 1).some(function (version) { return version.material !== false; });
    notice.appendChild(paragraph(words(material ? "compareMaterial" : "compareEditorial", {from: from, to: to}),
                                 {"class": material ? "policy-compare-material" : "policy-compare-editorial"}));
    var links = node("p", {"class": "policy-links"});
    [from, to].forEach(function (version, n) {
      if (n) links.appendChild(document.createTextNode(" \u00b7 "));
      var link = node("a", {href: versionsUrl(version)});
      link.appendChild(words("readVersion", {version: version}));
      links.appendChild(link);
    });
    notice.appendChild(links);
    out.appendChild(notice);
    found.missing.forEach(function (version) {
      out.appendChild(paragraph(words("compareNotInLanguage", {version: version, language: data.langName || lang,
                                                                fallback: data.authName || auth}),
                                {"class": "policy-notice", role: "note"}));
    });
    var any = GROUPS.some(function (group) { return found.groups[group[0]].length; });
    if (any) out.appendChild(summaryBlock(json, found, a, b));
    GROUPS.forEach(function (group) {
      var entries = found.groups[group[0]];
      if (!entries.length) return;
      var title = node("h3", {id: "policy-compare-" + group[0]});
      title.appendChild(words(group[0], {language: data.langName || lang}));
      out.appendChild(title);
      entries.forEach(function (entry) { out.appendChild(unitBlock(entry, group[1], redline)); });
    });
    if (!any) out.appendChild(paragraph(words("noChanges")));
    result.textContent = "";
    message.textContent = "";
    result.appendChild(out);
    root.hidden = false;
    if (chain) chain.hidden = true;
    document.title = heading.textContent + " \u2013 " + document.title;
    fillToc(found);
    place(found);
    window.addEventListener("hashchange", function () { place(found); });
  }

  // What changed, in short -----------------------------------------------------------------

  /* The kinds of change, in the order the redline shows them, each with the version whose
   * text its units link. */
  var GROUPS = [["changed", to], ["added", to], ["removed", from], ["moved", to], ["translated", to]];
  /* The summaries of the versions in between are open up to this many (the chain's bound,
   * compare.py's CHAIN_EMBEDDED); a longer list stays folded, so the redline is near. */
  var BETWEEN_OPEN = 5;

  function groupName(kind) {
    return words(kind, {language: data.langName || lang});
  }

  /* "In short", above the redline: per kind of change, how many units and which, each label a
   * link down to its redline; then what each version after `from`, up to `to`, says it changed. */
  function summaryBlock(json, found, a, b) {
    var box = node("div", {"class": "policy-compare-summary", id: "policy-compare-summary"});
    box.appendChild(node("p", {"class": "policy-compare-summary-title"}, [node("strong", {}, [data.compareSummary || ""])]));
    var list = node("ul", {"class": "policy-compare-counts"});
    GROUPS.forEach(function (group) {
      var entries = found.groups[group[0]];
      if (!entries.length) return;
      var name = node("a", {href: "#policy-compare-" + group[0]});
      name.appendChild(groupName(group[0]));
      var item = node("li", {"data-kind": group[0]},
                      [name, " (", node("span", {"class": "policy-compare-count"}, [String(entries.length)]), "): "]);
      entries.forEach(function (entry, n) {
        if (n) item.appendChild(document.createTextNode(", "));
        item.appendChild(node("a", {href: "#" + entry.id}, [label(entry.id)]));
      });
      list.appendChild(item);
    });
    box.appendChild(list);
    var between = json.versions.slice(a + 1, b + 1);
    var details = node("details", {"class": "policy-compare-between"});
    details.open = between.length <= BETWEEN_OPEN;
    var title = node("summary");
    title.appendChild(words("compareBetween", {from: from, to: to}));
    details.appendChild(title);
    var versions = node("ol");
    between.forEach(function (version) {
      var link = node("a", {href: versionsUrl(version.version) + "changes/"});
      link.appendChild(words("redlineTitle", {version: version.version}));
      var item = node("li", {}, [link]);
      if (effective[version.version]) item.appendChild(document.createTextNode(" \u00b7 " + effective[version.version]));
      var summaries = version.summary || {}, code = summaries[lang] ? lang : auth;
      if (summaries[code]) {
        item.appendChild(node("span", code === lang ? {"class": "policy-compare-between-summary"}
                                                    : {"class": "policy-compare-between-summary", lang: code},
                              [summaries[code]]));
      }
      versions.appendChild(item);
    });
    details.appendChild(versions);
    box.appendChild(details);
    return box;
  }

  /* Material's table of contents (the right-hand column) is empty on this page: the sections
   * that changed, under each kind of change, each a link to its first unit in the redline. */
  /* A section's reading text (reading.py) is its heading, then SECTION_BREAK (open, head, sep,
   * ":", space, close), then the section's own text: its name is the heading alone, as words,
   * without the marks of its formats. */
  function headingOf(text) {
    if (!marks || !marks.open) return text.split("\n")[0];
    var cut = text.indexOf(marks.open + marks.head + marks.sep);
    var head = (cut < 0 ? text : text.slice(0, cut)).split("\n")[0];
    var opened = new RegExp(marks.open + "[^" + marks.open + marks.sep + marks.close + "]*" + marks.sep, "gu");
    return head.replace(opened, "").split(marks.close).join("").split(marks.space).join(" ").trim();
  }

  function sectionName(found, id) {
    if (id === "s0") return label(id, true);
    var title = "";
    [found.B, found.A].some(function (units) {
      var texts = units.texts[found.shown] || units.texts[auth] || {};
      title = Object.prototype.hasOwnProperty.call(texts, id) ? headingOf(String(texts[id])) : "";
      return title;
    });
    return label(id) + (title ? ". " + title : "");
  }

  function tocLink(href, content) {
    var text = node("span", {"class": "md-ellipsis"});
    text.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
    return node("a", {href: href, "class": "md-nav__link"}, [text]);
  }

  function fillToc(found) {
    var nav = document.querySelector(".md-sidebar--secondary nav.md-nav--secondary");
    if (!nav || nav.querySelector("[data-md-component=toc], .policy-compare-toc")) return;
    var list = node("ul", {"class": "md-nav__list policy-compare-toc"});
    GROUPS.forEach(function (group) {
      var entries = found.groups[group[0]], first = {}, sections = [];
      entries.forEach(function (entry) {
        var section = entry.id.split("-")[0];
        if (!(section in first)) { first[section] = entry.id; sections.push(section); }
      });
      if (!sections.length) return;
      var item = node("li", {"class": "md-nav__item"}, [tocLink("#policy-compare-" + group[0], groupName(group[0]))]);
      var inner = node("ul", {"class": "md-nav__list"});
      sections.forEach(function (section) {
        inner.appendChild(node("li", {"class": "md-nav__item"}, [tocLink("#" + first[section], sectionName(found, section))]));
      });
      item.appendChild(node("nav", {"class": "md-nav", "aria-label": item.textContent}, [inner]));
      list.appendChild(item);
    });
    if (!list.children.length) return;
    nav.appendChild(node("div", {"class": "md-nav__title"}, [nav.getAttribute("aria-label") || ""]));
    nav.appendChild(list);
  }

  /* The unit the address names: scrolled to; one that moved, at its new place; one that did not
   * change between the two, said so at the top with a link to it. */
  function decodedHash() {  // an address may hold a malformed escape (#%E0): then no unit
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
  }

  function place(found) {
    var old = result.querySelector(".policy-compare-target");
    if (old) old.classList.remove("policy-compare-target");
    message.textContent = "";
    var id = decodedHash();
    if (!id) return;
    var target = found.track[id] !== undefined && found.track[id] !== null ? found.track[id] : id;
    var element = document.getElementById(target);
    if (element && result.contains(element)) {
      element.classList.add("policy-compare-target");
      element.scrollIntoView();
      return;
    }
    if (found.ids.indexOf(target) < 0) return;
    var link = node("a", {href: versionsUrl(to, target)}, [label(target, true)]);
    say("compareUnchanged", {label: link, from: from, to: to});
  }
})();
