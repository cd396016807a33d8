"""The Content-Security-Policy of every built page, which the theme's main.html writes first in
<head>. No inline script runs: Material's are files (theme/partials/javascripts/), and so are
the generator's own (assets/javascripts/policy-config.js, policy-404.js). Styles come from the
site's stylesheets, and the only style attributes allowed are the column alignments that
Markdown tables write (TABLE_ALIGNMENTS). Material's icons are data: URIs in its CSS; search
fetches its index (connect-src) and runs in a worker. Nothing is loaded from anywhere else."""

from __future__ import annotations

import base64
import hashlib

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-hashes' {table_alignments}",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
#: What Python-Markdown's tables extension writes on a column's cells that is aligned (`|--:|`);
#: tests/test_csp.py checks that it still does.
TABLE_ALIGNMENTS = [f"text-align: {side};" for side in ("left", "center", "right")]


def content_security_policy() -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'" for style in TABLE_ALIGNMENTS
    )
    return "; ".join(f"{directive} {sources.format(table_alignments=hashes)}" for directive, sources in CSP.items())
