/* A redline page's link to the next version's redline (pages/version_changes.py). The page
 * was built when the next version may not have existed, and an archived page must not change
 * when one is published; so without script the link goes to the list of versions, and here it
 * becomes "Next: changes in version X" from /policy.json (its `versions`, oldest first), or
 * goes away on the last version's page. Its words and addresses are the link's data-*
 * attributes (the Content-Security-Policy runs no inline script). */
(function () {
  "use strict";
  var next = document.querySelector("a.policy-next-redline[data-json]");
  if (!next || !window.fetch) return;
  var label = next.getAttribute("data-version");
  var list = next.getAttribute("href");  // the list of versions, through the site's root

  function show(json) {
    var labels = (json && Array.isArray(json.versions) ? json.versions : []).map(function (v) { return v.version; });
    var index = labels.indexOf(label);
    if (index < 0) return;  // not a published version (a preview): the link stays as it is
    if (index === labels.length - 1) {
      // The newest version: no next one. Take the link away with the " · " before it.
      var before = next.previousSibling;
      if (before && before.nodeType === 3) before.parentNode.removeChild(before);
      next.parentNode.removeChild(next);
      return;
    }
    var following = labels[index + 1];
    next.setAttribute("href", list + encodeURIComponent(following) + "/changes/");
    next.setAttribute("rel", "next");
    next.textContent = next.getAttribute("data-w-next").split("{version}").join(following);
  }

  fetch(next.getAttribute("data-json"), {credentials: "same-origin"}).then(function (response) {
    if (!response.ok) throw new Error("policy.json: " + response.status);
    return response.json();
  }).then(show).catch(function () { /* the link to the list of versions stays */ });
})();
