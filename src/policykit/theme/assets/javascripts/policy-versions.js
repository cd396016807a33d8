/* The text in force on a day: /versions/?on=YYYY-MM-DD leads to the version in force then.
 *
 * Everything comes from the page (the generator writes it from the build's record): each row
 * of the version list carries its period (data-start, data-end: ISO days; Record.periods, the
 * one rule, so none for a version that was never in force) and its state; the
 * answer's holder carries the words in the page's language (data-w-*), how the language
 * writes a date (data-pattern, data-months: Babel's long form, as the rest of the page) and,
 * on the version list, the build date (a version's page has none: it would change every day;
 * its example of a date is its period's first day). "In force" is judged from that record,
 * never from the reader's clock.
 *
 * On the version list (#policy-on-answer): a day inside a period goes to that version's page,
 * versions/V/?on=DAY, keeping the #fragment; a day before the first version, one in an
 * upcoming period, or one that is not a date is answered on the page. On a version's page
 * (.policy-on-day in its notice): the day is checked against that version's period and said;
 * a period that is still open there is checked against the later versions of /policy.json.
 * Text is written with textContent only. */
(function () {
  "use strict";
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

  function isDay(value) {
    var found = DAY.exec(value);
    if (!found) return false;
    var year = +found[1], month = +found[2] - 1, day = +found[3];
    var date = new Date(0);
    date.setUTCFullYear(year, month, day);
    return year > 0 && date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
  }

  /* A day as the page writes dates: the locale's long pattern ("d MMMM y", "d 'de' MMMM 'de' y"). */
  function written(iso, holder) {
    var found = DAY.exec(iso);
    var pattern = holder.getAttribute("data-pattern") || "";
    var months = (holder.getAttribute("data-months") || "").split("|");
    if (!found || !pattern || months.length !== 12) return iso;
    var out = "";
    for (var at = 0; at < pattern.length;) {
      var letter = pattern.charAt(at);
      if (letter === "'") {  // a quoted literal; '' is a quote
        var close = pattern.indexOf("'", at + 1);
        if (close < 0) close = pattern.length;
        out += close === at + 1 ? "'" : pattern.slice(at + 1, close);
        at = close + 1;
      } else if (/[A-Za-z]/.test(letter)) {
        var end = at;
        while (pattern.charAt(end) === letter) end++;
        var width = end - at;
        if (letter === "d") out += width === 1 ? String(+found[3]) : found[3];
        else if (letter === "M" || letter === "L") out += width >= 4 ? months[+found[2] - 1] : width === 1 ? String(+found[2]) : found[2];
        else if (letter === "y") out += width === 2 ? found[1].slice(2) : String(+found[1]);
        else return iso;  // a field this page's dates do not use
        at = end;
      } else {
        out += letter;
        at++;
      }
    }
    return out;
  }

  /* A word with its {names} filled: text, or an element (a link). */
  function fill(text, values) {
    var fragment = document.createDocumentFragment();
    var name = /\{(\w+)\}/g, last = 0, found;
    while ((found = name.exec(text))) {
      fragment.appendChild(document.createTextNode(text.slice(last, found.index)));
      var value = values[found[1]];
      fragment.appendChild(value === undefined ? document.createTextNode(found[0]) :
        typeof value === "string" ? document.createTextNode(value) : value);
      last = name.lastIndex;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function link(href, text) {
    var element = document.createElement("a");
    element.setAttribute("href", href);
    element.textContent = text;
    return element;
  }

  /* The answer, as a status (or an alert: a day that is not a date). */
  function say(holder, role, key, values) {
    holder.textContent = "";
    holder.setAttribute("role", role);
    holder.appendChild(fill(holder.getAttribute("data-w-" + key) || "", values));
    holder.hidden = false;
  }

  function notADay(holder, value) {
    var shown = value.length > 40 ? value.slice(0, 40) + "…" : value;
    say(holder, "alert", "on-not-a-date", {value: shown,
    example: holder.getAttribute("data-built") || holder.getAttribute("data-start") || "2026-01-01"});
  }

  function answerList(holder, day) {
    if (!isDay(day)) return notADay(holder, day);
    var input = document.getElementById("policy-on-day");
    if (input) input.value = day;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-start][data-order]"));
    rows.sort(function (a, b) { return +a.getAttribute("data-order") - +b.getAttribute("data-order"); });
    if (!rows.length) return;
    var date = function (iso) { return written(iso, holder); };
    var found = null;
    rows.forEach(function (row) { if (row.getAttribute("data-start") <= day) found = row; });
    if (!found) {
      var first = rows[0];
      return say(holder, "status", "on-before-first", {
        day: date(day), first: date(first.getAttribute("data-start")),
        version: link(first.getAttribute("data-href") + location.hash, first.getAttribute("data-version"))});
    }
    var target = found.getAttribute("data-href") + "?on=" + day + location.hash;
    var version = found.getAttribute("data-version");
    if (found.getAttribute("data-state") === "upcoming") {
      return say(holder, "status", "on-upcoming", {
        version: link(target, version), start: date(found.getAttribute("data-start")), day: date(day),
        built: date(holder.getAttribute("data-built") || "")});
    }
    say(holder, "status", "on-found", {day: date(day), version: version,
                                       link: link(target, holder.getAttribute("data-w-on-open") || version)});
    location.replace(target);
  }

  /* Whether a version of /policy.json that applies (not "never-in-force") takes effect after
   * `start` and on or before `day`: it then is in force on that day, not this page's version.
   * False without policy.json (offline): the page's own period answers. */
  function takenOver(holder, day, start) {
    var source = holder.getAttribute("data-json");
    if (!source || !window.fetch) return Promise.resolve(false);
    return fetch(source, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("policy.json: " + response.status);
      return response.json();
    }).then(function (json) {
      var versions = Array.isArray(json && json.versions) ? json.versions : [];
      return versions.some(function (other) {
        return other && other.status !== "never-in-force" && typeof other.effective === "string" &&
          other.effective > start && other.effective <= day;
      });
    }).catch(function () { return false; });
  }

  function answerVersion(holder, day) {
    if (!isDay(day)) return notADay(holder, day);
    var start = holder.getAttribute("data-start"), end = holder.getAttribute("data-end");
    var date = written(day, holder);
    function notThis() {
      say(holder, "status", "on-not-this", {
        day: date, link: link("../?on=" + day + location.hash, holder.getAttribute("data-w-on-which") || "")});
    }
    if (!start || day < start || (end && day > end)) return notThis();
    var state = holder.getAttribute("data-state");
    function inForce() {
      say(holder, "status", state === "upcoming" ? "on-will" : state === "current" ? "on-is" : "on-was", {day: date});
    }
    // A period still open on the page (the version in force, an upcoming one) names no later
    // version: a version published since may take over by the day.
    if (end) return inForce();
    takenOver(holder, day, start).then(function (later) { if (later) notThis(); else inForce(); });
  }

  // With the script, the sentence about answering without it says nothing to the reader.
  var note = document.querySelector(".policy-on-note");
  if (note) note.hidden = true;
  var params = new URLSearchParams(location.search);
  if (!params.has("on")) return;
  var day = (params.get("on") || "").trim();
  var list = document.getElementById("policy-on-answer");
  if (list) answerList(list, day);
  var version = document.querySelector(".policy-on-day");
  if (version) answerVersion(version, day);
})();
