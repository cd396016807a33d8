/* The root 404 page (the default language's: GitHub Pages serves only /404.html) sends a reader
 * who is lost under another language's root (/en/...) to that language's 404 page. The plugin
 * (adapter/errorpages.py, write_root_404) loads this on the root 404 page only, with the site's root path in data-root and the
 * other languages, space-separated, in data-langs.
 *
 * A file, not an inline script: the Content-Security-Policy (script-src 'self') runs none. */
(function () {
  var script = document.currentScript, root = script.getAttribute("data-root") || "/";
  var langs = (script.getAttribute("data-langs") || "").split(" "), path = location.pathname;
  if (path.indexOf(root) !== 0) return;
  var lang = path.slice(root.length).split("/")[0];
  if (!lang || langs.indexOf(lang) < 0) return;
  // The address typed, for that page to show and to put back in the address bar (policy-notfound.js).
  try { sessionStorage.setItem("policykit-404", path + location.search + location.hash); } catch (error) { /* none */ }
  location.replace(root + lang + "/404.html");
})();
