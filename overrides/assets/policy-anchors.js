/* Keep the reader's place when switching language or version. Every clause has the same
 * anchor in every language and version, but Material's language switcher (links with
 * hreflang) and our "same place in the text in force" links (.policy-keep-anchor) point at
 * a page, not a clause: add the current #fragment when such a link is followed. Runs on
 * click, so it also covers a fragment set after the page loaded. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[hreflang], a.policy-keep-anchor");
  if (!link || !location.hash || link.hash) return;
  link.hash = location.hash;
  // Material's own handler (on document.body) rebuilds the target from its sitemap and drops
  // the fragment when the sitemap's host is not this one; the link already names this page in
  // the other language, so let the browser follow it.
  if (link.hasAttribute("hreflang")) event.stopPropagation();
}, true);
