"""Markdown to HTML: the units' markup (`markdown`), the extension that makes each unit's
element (`extension`), HTML already rendered put into a page through a token (`prerendered`,
the one module that knows that marker), word-level redlines (`redline`), and each clause
rendered once (`sections`). Values that enter the theme are escaped by `escape`."""
