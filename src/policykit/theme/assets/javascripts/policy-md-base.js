/* Material for MkDocs 9.8's partials/javascripts/base.html, as a file: the Content-Security-Policy
 * (script-src 'self') runs no inline script. Material's code, unchanged but for one value: the
 * scope of its stored settings, which Material writes into the code (it differs with the page's
 * depth), is read from this script's data-scope attribute (theme/partials/javascripts/base.html).
 * tests/test_csp.py fails when the installed Material's partial differs from this. */
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
