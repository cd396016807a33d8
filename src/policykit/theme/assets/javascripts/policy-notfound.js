/* The 404 page (pages/notfound.py): show the address the reader typed, and for one below
 * versions/ (/en/versions/9.9/...) whether that version exists, from /policy.json: a link to
 * it, or "there is no version 9.9; the newest is 6.9", with the list of versions.
 *
 * The page is served at any address and knows the site's root only as an absolute path
 * (data-root, from site_url). The root 404 page sends a reader lost below another language's
 * root to that language's 404 page (policy-404.js), leaving the typed address in
 * sessionStorage: it is put back in the address bar here, so that it stays what was typed.
 * Everything is written with textContent; the address is shown decoded where it can be
 * (a malformed escape as typed) and shortened. */
(function () {
  "use strict";
  var KEY = "policykit-404";
  var holder = document.querySelector("p.policy-404-version[data-root]");
  if (!holder) return;
  var root = holder.getAttribute("data-root") || "/";
  try {
    var typed = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    if (typed && typed.charAt(0) === "/" && typed.charAt(1) !== "/" && /\/404\.html$/.test(location.pathname))
      history.replaceState(null, "", typed);
  } catch (error) { /* no storage: the address bar shows this page's own address */ }

  function word(key) { return holder.getAttribute("data-w-" + key) || ""; }
  function decoded(text) { try { return decodeURIComponent(text); } catch (error) { return text; } }
  function shortened(text) { return text.length > 200 ? text.slice(0, 200) + "…" : text; }

  function fill(element, text, values) {
    element.textContent = "";
    var name = /\{(\w+)\}/g, last = 0, found;
    while ((found = name.exec(text))) {
      element.appendChild(document.createTextNode(text.slice(last, found.index)));
      var value = values[found[1]];
      element.appendChild(value === undefined ? document.createTextNode(found[0]) :
        typeof value === "string" ? document.createTextNode(value) : value);
      last = name.lastIndex;
    }
    element.appendChild(document.createTextNode(text.slice(last)));
    element.hidden = false;
  }

  function link(href, text) {
    var element = document.createElement("a");
    element.setAttribute("href", href);
    element.textContent = text;
    return element;
  }

  var address = document.querySelector("p.policy-404-address");
  if (address) {
    var code = document.createElement("code");
    code.textContent = shortened(decoded(location.pathname + location.search + location.hash));
    fill(address, word("not-found-address"), {address: code});
  }

  // The version the address names: root, a language's folder or none, versions/LABEL/...
  if (location.pathname.indexOf(root) !== 0) return;
  var parts = location.pathname.slice(root.length).split("/");
  if ((holder.getAttribute("data-langs") || "").split(" ").indexOf(parts[0]) >= 0) parts.shift();
  if (parts[0] !== "versions" || !parts[1]) return;
  var label = decoded(parts[1]);
  if (!window.fetch) return;
  fetch(holder.getAttribute("data-json"), {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("policy.json: " + response.status);
    return response.json();
  }).then(function (json) {
    var versions = Array.isArray(json && json.versions) ? json.versions : [];
    var lang = holder.getAttribute("data-lang");
    var list = link(holder.getAttribute("data-versions"), word("compare-versions-link"));
    for (var i = 0; i < versions.length; i++) {
      if (versions[i] && versions[i].version === label) {
        var urls = versions[i].url || {};
        var url = urls[lang] || urls[json.default_language] || "";
        if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
        var to = root + url.slice(1);
        return fill(holder, word("not-found-version"), {version: label, link: link(to + location.hash, to)});
      }
    }
    if (!versions.length) return;
    fill(holder, word("not-found-no-version"), {
      version: shortened(label), last: String(versions[versions.length - 1].version), link: list});
  }).catch(function () { /* the page's own links stay */ });
})();
