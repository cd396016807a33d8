/* Material for MkDocs 9.8's partials/javascripts/content.html, its first script (feature
 * content.tabs.link), as a file: the Content-Security-Policy (script-src 'self') runs no inline
 * script. Material's code, unchanged. tests/test_csp.py fails when the installed Material's
 * partial differs from this. */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
