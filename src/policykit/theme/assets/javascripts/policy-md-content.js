/* Material for MkDocs 9.8's partials/javascripts/content.html, its last script (opens the
 * content tab a #fragment names), as a file: the Content-Security-Policy (script-src 'self') runs
 * no inline script. Material's code, unchanged. tests/test_csp.py fails when the installed
 * Material's partial differs from this. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
