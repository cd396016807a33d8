/* Material's search worker, with the reader's words stemmed before they are looked up.
 *
 * Why: Material appends a wildcard to every word of the query ("personuppgifterna" becomes
 * "personuppgifterna*") so that results appear while typing, and lunr skips its stemmer for a
 * wildcard term. An index of stemmed words (the search plugin's pipeline, which policykit sets: [stopWordFilter, stemmer]) then finds
 * nothing for an inflected form. Material 9.8 has no hook for the query, so this worker stands
 * in front of Material's: it reduces each word to the stem the index holds ("personuppgifterna"
 * and "personuppgifter" both to "personuppgift"), with the same lunr-languages stemmers the
 * index was built with, and hands the query on. Material's wildcard still follows the stem, so
 * a half-typed word still finds the words it begins.
 *
 * theme/main.html points Material at this file and names Material's own worker (whose file
 * name carries a hash) in the query string: ?worker=search.HASH.min.js, in this folder. */
(function () {
  var worker = new URLSearchParams(self.location.search).get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker))
    throw new Error("policy-search.js: expected ?worker=search.HASH.min.js, got " + JSON.stringify(worker));

  var SETUP = 0, QUERY = 2;  // Material's SearchMessageType
  var languages = [];

  /* The stem of one word, as lunr's pipeline stems it for the index: each language's stemmer
   * in turn (lunr.multiLanguage chains them the same way); "en" is lunr's own. */
  function stem(word) {
    var lunr = self.lunr;
    var token = new lunr.Token(word.toLowerCase(), {});
    languages.forEach(function (lang) {
      var language = lang === "en" ? lunr : lunr[lang];
      if (language && typeof language.stemmer === "function") token = language.stemmer(token) || token;
    });
    return token.toString() || word;
  }

  /* Stem the words that Material gives a wildcard: every term but a quoted phrase and a
   * term with + or - in front or ~N or ^N behind (lunr stems those itself: Material adds no
   * wildcard to them). A reader's own wildcard is stemmed too ("cookies*" -> "cooki*"); a
   * field name ("title:") is not. */
  function rewrite(query) {
    if (typeof query !== "string" || !self.lunr || !self.lunr.Token) return query;
    // "§ 5 c" cites a unit (policy-citation.js offers it): the sign is no word of any text, and
    // left in it would mark every result "Missing: §".
    query = query.replace(/§+/g, " ");
    return query.replace(/"[^"]*"|[^\s"]+/g, function (term) {
      if (/^["+-]|[~^]\d*$/.test(term)) return term;
      return term.replace(/[\p{L}\p{N}]+(?![\p{L}\p{N}]|:)/gu, stem);
    });
  }

  /* Material registers one "message" listener: wrap it, so that its handler sees the
   * rewritten query and everything else as it came. */
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === SETUP)  // an index built without the stemmer: no stems
        languages = (message.data.config.pipeline || []).indexOf("stemmer") >= 0 ? message.data.config.lang || [] : [];
      if (message && message.type === QUERY) message = { type: QUERY, data: rewrite(message.data) };
      return listener({ data: message });
    }, options);
  };
  importScripts(worker);
})();
