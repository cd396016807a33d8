/* Material's configuration, changed for a policy site before Material's bundle reads it
 * (theme/main.html loads this right after Material's <script id="__config"> data block).
 *
 * Each language has its own search index (the plugin splits Material's one): Material's
 * `base`, from which it loads the index, becomes this language's root, given in the
 * data-lang-root attribute (absent for the default language, at the site's root). And search
 * goes through workers/policy-search.js, which stems the reader's words before Material's
 * worker looks them up, naming Material's worker (its file name has a hash).
 *
 * A file, not an inline script: the Content-Security-Policy (script-src 'self') runs none. */
(function () {
  var root = document.currentScript.getAttribute("data-lang-root");
  var element = document.getElementById("__config"), settings = JSON.parse(element.textContent);
  if (root)
    settings.base = settings.base.replace(/\/?$/, "/") + root;
  if (settings.search)
    settings.search = settings.search.replace(/([^\/]*)$/, "policy-search.js?worker=$1");
  element.textContent = JSON.stringify(settings);
})();
