"""Every word the generator writes, in the page's language: the shipped catalogues
(`catalogues/LANG.yml`), a site's own words, and Babel's dates and plurals (`catalogue`)."""
