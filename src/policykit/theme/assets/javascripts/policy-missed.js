/* An address that misses: a version's text reached with a #fragment that names nothing on the
 * page (pages/missed.py writes the note this fills in, hidden, with its words and addresses).
 *
 * The page was built from this version and the ones before it; what became of an anchor later
 * is read here, at run time, from /policy.json: each version's `changes` (added, removed,
 * moved), oldest first, and the labels of the units in force (`clauses`). The answer, in the
 * page's language:
 *   - the anchor moved at or before this version, to a unit this page has: the note stands
 *     before that unit, which is scrolled to ("2 b moved in version 1.3: in version 1.4 it is 3 a");
 *   - it was removed at or before this version: in which version, with a link to the last text
 *     that had it;
 *   - a later version moved a clause of this text to that address: which clause it is here;
 *   - a later version added it: which one, with a link to it;
 *   - otherwise no version had it ("no such unit").
 * Without policy.json (offline, an old site) the note says only that this version has no such
 * unit. A change of the fragment after load is answered again. The fragment is shown as text
 * (textContent), never as markup, and shortened; a malformed escape (#%E0) is shown as typed. */
(function () {
  "use strict";
  var note = document.querySelector("p.policy-missed[data-json]");
  if (!note) return;
  var home = {parent: note.parentNode, next: note.nextSibling};
  var version = note.getAttribute("data-version") || "";
  var lang = note.getAttribute("data-lang") || "";
  var root = note.getAttribute("data-root") || "./";
  var loading = null;

  function fragment() {
    var raw = location.hash.slice(1);
    try { return decodeURIComponent(raw); } catch (error) { return raw; }
  }

  function policy() {
    if (!loading) {
      loading = window.fetch ? fetch(note.getAttribute("data-json"), {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error("policy.json: " + response.status);
        return response.json();
      }) : Promise.reject(new Error("no fetch"));
    }
    return loading;
  }

  function own(map, key) { return !!map && typeof map === "object" && Object.prototype.hasOwnProperty.call(map, key); }

  /* How a reader cites the unit: the label policy.json gives the unit in force, else the
   * label read from the anchor as the default numbering writes it (s6-b-1: "6 b (1)"). */
  function cite(json, id) {
    var clauses = Array.isArray(json && json.clauses) ? json.clauses : [];
    for (var i = 0; i < clauses.length; i++) if (clauses[i] && clauses[i].id === id && clauses[i].label) return String(clauses[i].label);
    var parts = /^s[0-9a-z]+(-[0-9a-z]+)*$/.test(id) ? id.slice(1).split("-") : null;
    if (!parts) return shortened(id);
    return parts.length === 3 ? parts[0] + " " + parts[1] + " (" + parts[2] + ")" : parts.join(" ");
  }

  function shortened(text) { return text.length > 40 ? text.slice(0, 40) + "…" : text; }

  /* A word with its {names} filled: text, or an element (a link). */
  function fill(text, values) {
    var out = document.createDocumentFragment();
    var name = /\{(\w+)\}/g, last = 0, found;
    while ((found = name.exec(text))) {
      out.appendChild(document.createTextNode(text.slice(last, found.index)));
      var value = values[found[1]];
      out.appendChild(value === undefined ? document.createTextNode(found[0]) :
        typeof value === "string" ? document.createTextNode(value) : value);
      last = name.lastIndex;
    }
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function word(key) { return note.getAttribute("data-w-" + key) || ""; }

  function link(href, text) {
    var element = document.createElement("a");
    element.setAttribute("href", href);
    element.textContent = text;
    return element;
  }

  /* A version's page in this language (policy.json's URLs are paths below the site's root). */
  function pageOf(entry) {
    var urls = (entry && entry.url) || {};
    var url = urls[lang] || urls[Object.keys(urls)[0]] || "";
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? root + url.slice(1) : null;
  }

  function say(key, values, before) {
    note.textContent = "";
    note.appendChild(fill(word(key), values));
    if (before) before.parentNode.insertBefore(note, before);
    else home.parent.insertBefore(note, home.next);
    note.setAttribute("role", "status");
    note.hidden = false;
    note.scrollIntoView({block: "start"});
  }

  function hide() {
    note.hidden = true;
    note.textContent = "";
    if (note.parentNode !== home.parent) home.parent.insertBefore(note, home.next);
  }

  function answer(json, id) {
    var versions = Array.isArray(json && json.versions) ? json.versions : [];
    var labels = versions.map(function (v) { return v && String(v.version); });
    var at = labels.indexOf(version);
    if (at < 0) return say("missed-here", {version: version, fragment: shortened(id)});
    var changes = function (i) { return (versions[i] && versions[i].changes) || {}; };
    var moves = function (i) { var m = changes(i).moved; return m && typeof m === "object" ? m : {}; };
    var i;
    // Moved at or before this version: follow the moves to where the clause is in this text.
    var here = id, movedIn = null;
    for (i = 0; i <= at; i++) {
      if (own(moves(i), here)) { here = String(moves(i)[here]); movedIn = labels[i]; }
    }
    var target = movedIn && document.getElementById(here);
    if (target) {
      var to = link("#" + encodeURIComponent(here), cite(json, here));
      return say("missed-moved", {label: cite(json, id), moved: movedIn, version: version, target: to}, target);
    }
    // Removed at or before this version (itself, or where it had moved): the last text is the version before.
    for (i = at; i >= 1; i--) {
      var removed = changes(i).removed;
      if (Array.isArray(removed) && removed.indexOf(here) >= 0) {
        return say("missed-removed", {label: cite(json, id), version: version, removed: labels[i],
                                      link: versionLink(versions[i - 1], here)});
      }
    }
    // A later version moved a clause of this text to this address: name the clause it was here.
    var origin = id, became = null;
    for (i = versions.length - 1; i > at; i--) {
      Object.keys(moves(i)).forEach(function (old) {
        if (moves(i)[old] === origin) { origin = old; became = became || labels[i]; }
      });
    }
    var before = became && document.getElementById(origin);
    if (before) {
      var was = link("#" + encodeURIComponent(origin), cite(json, origin));
      return say("missed-moved-later", {label: cite(json, id), version: version, target: was, moved: became}, before);
    }
    for (i = at + 1; i < versions.length; i++) {  // added later
      var added = changes(i).added;
      if (Array.isArray(added) && added.indexOf(id) >= 0) {
        return say("missed-added", {label: cite(json, id), version: version, link: versionLink(versions[i], id)});
      }
    }
    say("missed-none", {fragment: shortened(id)});
  }

  /* "version 1.2", linking the unit `id` in that version's text (in this language). */
  function versionLink(entry, id) {
    var page = pageOf(entry);
    var element = page ? link(page + "#" + encodeURIComponent(id), "") : document.createElement("span");
    element.appendChild(fill(word("removed-link"), {version: String(entry && entry.version)}));
    return element;
  }

  function check() {
    var id = fragment();
    if (!id || document.getElementById(id)) return hide();
    policy().then(function (json) {
      if (fragment() === id) answer(json, id);
    }, function () {
      if (fragment() === id) say("missed-here", {version: version, fragment: shortened(id)});
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
  window.addEventListener("hashchange", check);
})();
