/* Keep the reader's place when switching language: Material's language switcher links to the
 * other language's page but drops the #fragment, and every clause has the same anchor in every
 * language. Runs on click, so it also covers a fragment set after the page loaded. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[hreflang]");
  if (!link || !location.hash || link.hash) return;
  link.hash = location.hash;
}, true);
