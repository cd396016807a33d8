/* Word-level redlines in the reader's browser, exactly as src/policykit/render/redline.py draws them.
 *
 * The compare page (/compare/?from=A&to=B) redlines any two versions here, in the browser, so
 * that the site needs no page per pair. A reader must see the same redline there as on the
 * pages the build writes, and a main site that shows Python's redline must agree with it: so
 * this is not "a" word diff but redline.py's, step by step, and tests/test_redline_js.py runs
 * both in Chromium on the project's redline cases, real edits of its policy and a generated
 * history of 50 versions full of astral characters, combining marks and Unicode spaces, and
 * asserts identical segments and identical HTML.
 *
 *   PolicyRedline.create(tables) -> {diff(old, new), html(old, new), paragraphs(t), tokens(t)}
 *
 * `tables` is policykit.render.redline_tables.tables(), from the Python that built the site: Python's
 * `\w` (re), `str.isalnum`, `\s` (re) and `str.isspace` (str.strip) as ranges of code points,
 * and redline.py's EXACT_LIMIT and ALIGN_LIMIT. JavaScript's own classes differ from Python's
 * (its \s has U+FEFF and lacks U+001C-U+001F; Python's \w is isalnum() or "_", so no combining
 * mark is a word character), and Unicode versions differ between Pythons, so the classes come
 * with the site's data rather than being written here.
 *
 * Python counts code points, JavaScript's strings UTF-16 code units: an emoji or 𝔘 is one
 * character to Python and two here. Regular expressions use the `u` flag (they step by code
 * point); the common beginning and end are found on arrays of code points, so a surrogate pair
 * is never cut and the limits compare what Python compares (tokens, sentences, code points).
 *
 * The texts are reading texts (reading.py): words, and marks for what else a reader gets (a
 * link's target, an image, a title, a word's formatting), each mark one token. How a mark is
 * written and shown comes with the tables too (`tables.marks`, redline_tables.marks()).
 *
 * Replicated: model.paragraphs and collapse; redline._common_prefix (os.path.commonprefix cut
 * back with str.isalnum, and out of a mark); SENTENCE_END; TOKEN_RE; difflib.SequenceMatcher
 * (b2j, the autojunk "popular" rule, find_longest_match with its tie-breaking and extension
 * over popular elements, get_matching_blocks with its queue and merge of adjacent blocks,
 * get_opcodes); EXACT_LIMIT, ALIGN_LIMIT and the sentence rule; _merge_equal, _fold,
 * _trivial; to_html and _escape (html.escape(quote=False), reading.escape_html's runs of
 * formatted words and marked spans, a blank line as <br><br>). Plain ES2015, no modules, no
 * dependencies; text is only ever returned as escaped HTML or as strings, never parsed. */
(function () {
  "use strict";

  function ranges(flat, name) {
    if (!Array.isArray(flat) || flat.length % 2) throw new Error("PolicyRedline: tables." + name + " is missing");
    var count = flat.length / 2, first = new Int32Array(count), last = new Int32Array(count), end = 0;
    for (var r = 0; r < count; r++) {
      first[r] = end + flat[2 * r];
      end = last[r] = first[r] + flat[2 * r + 1];
    }
    return {first: first, last: last};
  }

  /* A membership test for one class: a table for ASCII, a binary search above it. */
  function member(set) {
    var first = set.first, last = set.last, ascii = new Uint8Array(128);
    function search(code) {
      var lo = 0, hi = first.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (code < first[mid]) hi = mid - 1;
        else if (code > last[mid]) lo = mid + 1;
        else return true;
      }
      return false;
    }
    for (var code = 0; code < 128; code++) ascii[code] = search(code) ? 1 : 0;
    return function (code) { return code < 128 ? ascii[code] === 1 : search(code); };
  }

  /* The inside of a [...] class of a `u` RegExp that matches exactly the set's code points. */
  function classSource(set) {
    var out = "";
    for (var r = 0; r < set.first.length; r++) {
      out += "\\u{" + set.first[r].toString(16) + "}";
      if (set.last[r] > set.first[r]) out += "-\\u{" + set.last[r].toString(16) + "}";
    }
    return out;
  }

  function codePoints(text) {
    var out = new Int32Array(text.length), count = 0;
    for (var i = 0; i < text.length; count++) {
      var code = text.codePointAt(i);
      out[count] = code;
      i += code > 0xFFFF ? 2 : 1;
    }
    return out.subarray(0, count);
  }

  /* UTF-16 length of code points [from, to) of `codes`. */
  function units(codes, from, to) {
    var length = 0;
    for (var i = from; i < to; i++) length += codes[i] > 0xFFFF ? 2 : 1;
    return length;
  }

  function segment(op, old, new_) { return {op: op, old: old, new: new_}; }

  /* difflib.SequenceMatcher(None, a, b, autojunk).get_opcodes(), on lists of strings. */
  function opcodes(a, b, autojunk) {
    var ids = new Map();
    function intern(items) {
      var out = new Int32Array(items.length);
      for (var i = 0; i < items.length; i++) {
        var id = ids.get(items[i]);
        if (id === undefined) ids.set(items[i], id = ids.size);
        out[i] = id;
      }
      return out;
    }
    var A = intern(a), B = intern(b), la = A.length, lb = B.length;
    var b2j = new Array(ids.size), j, id;
    for (j = 0; j < lb; j++) (b2j[B[j]] || (b2j[B[j]] = [])).push(j);
    if (autojunk && lb >= 200) {  // __chain_b: "popular" elements leave b2j (there is no junk)
      var ntest = Math.floor(lb / 100) + 1;
      for (id = 0; id < b2j.length; id++) if (b2j[id] && b2j[id].length > ntest) b2j[id] = undefined;
    }

    // find_longest_match's j2len and newj2len: length of the match ending at b[j - 1], at j.
    var previous = new Int32Array(lb + 1), current = new Int32Array(lb + 1), previousSet = [], currentSet = [];
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, swap, t;
      for (var i = alo; i < ahi; i++) {
        var js = b2j[A[i]];
        if (js) {
          for (var x = 0; x < js.length; x++) {
            var jj = js[x];
            if (jj < blo) continue;
            if (jj >= bhi) break;
            var k = current[jj + 1] = previous[jj] + 1;
            currentSet.push(jj + 1);
            if (k > bestsize) {
              besti = i - k + 1; bestj = jj - k + 1; bestsize = k;
            }
          }
        }
        for (t = 0; t < previousSet.length; t++) previous[previousSet[t]] = 0;
        previousSet.length = 0;
        swap = previous; previous = current; current = swap;
        swap = previousSet; previousSet = currentSet; currentSet = swap;
      }
      for (t = 0; t < previousSet.length; t++) previous[previousSet[t]] = 0;
      previousSet.length = 0;
      // Extend over equal elements that b2j lacks (popular ones); with no junk, difflib's
      // second pair of loops (over junk) never moves.
      while (besti > alo && bestj > blo && A[besti - 1] === B[bestj - 1]) {
        besti--; bestj--; bestsize++;
      }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && A[besti + bestsize] === B[bestj + bestsize]) {
        bestsize++;
      }
      return [besti, bestj, bestsize];
    }

    var queue = [[0, la, 0, lb]], blocks = [];
    while (queue.length) {
      var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]), i = m[0], k = m[2];
      j = m[1];
      if (k) {
        blocks.push(m);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    blocks.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var merged = [], i1 = 0, j1 = 0, k1 = 0, n;
    for (n = 0; n < blocks.length; n++) {
      var i2 = blocks[n][0], j2 = blocks[n][1], k2 = blocks[n][2];
      if (i1 + k1 === i2 && j1 + k1 === j2) {
        k1 += k2;
      } else {
        if (k1) merged.push([i1, j1, k1]);
        i1 = i2; j1 = j2; k1 = k2;
      }
    }
    if (k1) merged.push([i1, j1, k1]);
    merged.push([la, lb, 0]);

    var answer = [], ai = 0, bj = 0;
    for (n = 0; n < merged.length; n++) {
      var mi = merged[n][0], mj = merged[n][1], size = merged[n][2];
      var tag = ai < mi && bj < mj ? "replace" : ai < mi ? "delete" : bj < mj ? "insert" : "";
      if (tag) answer.push([tag, ai, mi, bj, mj]);
      ai = mi + size; bj = mj + size;
      if (size) answer.push(["equal", mi, ai, mj, bj]);
    }
    return answer;
  }

  function create(tables) {
    if (!tables || typeof tables !== "object") throw new Error("PolicyRedline.create needs the tables of redline_tables.py");
    var EXACT_LIMIT = tables.exact_limit, ALIGN_LIMIT = tables.align_limit;
    if (!(EXACT_LIMIT > 0 && ALIGN_LIMIT > 0)) throw new Error("PolicyRedline: the tables have no limits");
    var marks = tables.marks;
    if (!marks || !marks.open || !Array.isArray(marks.formats)) throw new Error("PolicyRedline: tables.marks is missing");
    var word = ranges(tables.word, "word"), space = ranges(tables.space, "space");
    var isAlnum = member(ranges(tables.alnum, "alnum")), isStrip = member(ranges(tables.strip, "strip"));
    var isSpace = member(space);
    var W = classSource(word), S = classSource(space);
    var WS = new RegExp("[" + S + "]+", "gu");                          // model._WS
    var PARAGRAPH = new RegExp("\\n[ \\t]*\\n[" + S + "]*", "u");       // model._PARAGRAPH
    var OPEN = marks.open, CLOSE = marks.close, SEP = marks.sep, SPACE = marks.space;
    var OPEN_CODE = OPEN.codePointAt(0), CLOSE_CODE = CLOSE.codePointAt(0);
    function literal(text) { return "\\u{" + text.codePointAt(0).toString(16) + "}"; }
    var O = literal(OPEN), C = literal(CLOSE), P = literal(SEP);
    var TOKEN = new RegExp(O + "[^" + O + C + "]*" + C + "|[" + W + "]+|[" + S + "]+|[^" + W + S + "]", "gu");  // redline.TOKEN_RE
    var MARK = new RegExp(O + "([^" + O + P + C + "]*)" + P + "([^" + O + C + "]*)" + C, "gu");  // reading.MARK
    var RUN = new RegExp(O + "([^" + O + P + C + "]*)" + P + "[^" + O + C + "]*" + C +
                         "(?: ?" + O + "\\1" + P + "[^" + O + C + "]*" + C + ")*", "gu");  // reading.RUN
    var SPACES = new RegExp(literal(SPACE), "gu");
    var FORMATS = marks.formats.map(function (pair) { return pair[0]; });
    var TAGS = {};
    marks.formats.forEach(function (pair) { TAGS[pair[0]] = pair[1]; });
    var WORD = new RegExp("[" + W + "]", "u");                          // redline._trivial
    var BREAK = new RegExp("\\n[" + S + "]*\\n", "gu");                 // redline._BREAK

    /* str.strip(): str.isspace code points off both ends. */
    function strip(text) {
      var start = 0, end = text.length, code;
      while (start < end && isStrip(code = text.codePointAt(start))) start += code > 0xFFFF ? 2 : 1;
      while (end > start) {
        var low = text.charCodeAt(end - 1), size = 1;
        if (low >= 0xDC00 && low <= 0xDFFF && end - 2 >= start) {
          var high = text.charCodeAt(end - 2);
          if (high >= 0xD800 && high <= 0xDBFF) size = 2;
        }
        if (!isStrip(text.codePointAt(end - size))) break;
        end -= size;
      }
      return text.slice(start, end);
    }

    function collapse(text) { return strip(text.replace(WS, " ")); }

    function paragraphs(text) {
      return text.split(PARAGRAPH).map(collapse).filter(function (part) { return part; }).join("\n\n");
    }

    function tokens(text) { return text.match(TOKEN) || []; }

    /* SENTENCE_END.split: after . ; : ! or ? (one code unit each) where a \s follows. */
    function sentences(text) {
      var out = [], start = 0;
      for (var p = 1; p < text.length; p++) {
        var c = text.charCodeAt(p - 1);
        if ((c === 46 || c === 59 || c === 58 || c === 33 || c === 63) && isSpace(text.codePointAt(p))) {
          out.push(text.slice(start, p));
          start = p;
        }
      }
      out.push(text.slice(start));
      return out;
    }

    /* _common_prefix, on code points: the common beginning, cut back to a word boundary. */
    function commonPrefix(a, b) {
      var n = 0, shortest = Math.min(a.length, b.length);
      while (n < shortest && a[n] === b[n]) n++;
      if (n === a.length && n === b.length) return n;
      while (n > 0 && (isAlnum(a[n - 1]) || isAlnum(b[n - 1])) &&
             ((n < a.length && isAlnum(a[n])) || (n < b.length && isAlnum(b[n])))) n--;
      var opened = 0, closed = 0, last = -1;
      for (var i = 0; i < n; i++) {
        if (a[i] === OPEN_CODE) { opened++; last = i; } else if (a[i] === CLOSE_CODE) { closed++; last = i; }
      }
      return opened !== closed ? last : n;
    }

    function wordDiff(oldText, newText) {
      var a = tokens(oldText), b = tokens(newText);
      if (a.length * b.length > ALIGN_LIMIT) return [segment("replace", oldText, newText)];
      var exact = a.length <= EXACT_LIMIT && b.length <= EXACT_LIMIT;
      return opcodes(a, b, !exact).map(function (op) {
        return segment(op[0], a.slice(op[1], op[2]).join(""), b.slice(op[3], op[4]).join(""));
      });
    }

    function mergeEqual(segments) {
      var merged = [];
      segments.forEach(function (seg) {
        if (!(seg.old || seg.new)) return;
        var last = merged[merged.length - 1];
        if (last && seg.op === "equal" && last.op === "equal") {
          merged[merged.length - 1] = segment("equal", last.old + seg.old, last.new + seg.new);
        } else {
          merged.push(seg);
        }
      });
      return merged;
    }

    function trivial(text) { return !WORD.test(text); }

    function fold(segments) {
      var result = [];
      segments.forEach(function (seg, index) {
        var between = 0 < index && index < segments.length - 1, last = result[result.length - 1];
        if (last && last.op !== "equal" && (seg.op !== "equal" || (between && trivial(seg.old)))) {
          result[result.length - 1] = segment("replace", last.old + seg.old, last.new + seg.new);
        } else {
          result.push(seg);
        }
      });
      return result.map(function (s) {
        return s.op !== "replace" ? s : segment(!s.new ? "delete" : !s.old ? "insert" : s.op, s.old, s.new);
      });
    }

    function diff(oldText, newText) {
      var a = paragraphs(oldText == null ? "" : String(oldText)), b = paragraphs(newText == null ? "" : String(newText));
      var A = codePoints(a), B = codePoints(b);
      var head = commonPrefix(A, B);
      var tail = commonPrefix(A.slice(head).reverse(), B.slice(head).reverse());
      var h = units(A, 0, head), t = units(A, A.length - tail, A.length);  // the same in b
      var segments = head ? [segment("equal", a.slice(0, h), a.slice(0, h))] : [];
      var sa = sentences(a.slice(h, a.length - t)), sb = sentences(b.slice(h, b.length - t));
      var ops = sa.length * sb.length <= Math.floor(ALIGN_LIMIT / 16) ? opcodes(sa, sb, false)
        : [["replace", 0, sa.length, 0, sb.length]];  // thousands of sentences: words decide
      ops.forEach(function (op) {
        var old = sa.slice(op[1], op[2]).join(""), new_ = sb.slice(op[3], op[4]).join("");
        if (op[0] === "equal") segments.push(segment("equal", old, new_));
        else wordDiff(old, new_).forEach(function (seg) { segments.push(seg); });
      });
      if (tail) segments.push(segment("equal", a.slice(a.length - t), a.slice(a.length - t)));
      return fold(mergeEqual(segments));
    }

    /* reading._is_format: every kind of the mark is a format's. */
    function isFormat(kinds) {
      if (!kinds) return false;
      for (var k = 0; k < kinds.length; k++) if (FORMATS.indexOf(kinds.charAt(k)) < 0) return false;
      return true;
    }

    /* reading._chip_html: its symbol and what follows on one line (a no-break space) */
    function chip(kinds, body) {
      if (kinds === marks.head) return body.replace(SPACES, " ");
      var kind = Object.prototype.hasOwnProperty.call(marks.chips, kinds) ? marks.chips[kinds] : "note";
      body = body.replace(SPACE, "\u00a0").replace(SPACES, " ");
      return '<span class="policy-redline-' + kind + '">' + body + "</span>";
    }

    /* reading._wrapped, with the HTML tags */
    function wrapped(kinds, body) {
      for (var k = FORMATS.length - 1; k >= 0; k--) {
        if (kinds.indexOf(FORMATS[k]) >= 0) body = "<" + TAGS[FORMATS[k]] + ">" + body + "</" + TAGS[FORMATS[k]] + ">";
      }
      return body;
    }

    /* reading.escape_html: escaped, then each run of formatted words in its tags, other marks as spans. */
    function escapeHtml(text) {
      text = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      if (text.indexOf(OPEN) < 0) return text;
      return text.replace(RUN, function (run, kinds) {
        if (!isFormat(kinds)) {
          return run.replace(MARK, function (one, k, body) { return chip(k, body); });
        }
        return wrapped(kinds, run.replace(MARK, function (one, k, body) { return body; }).replace(SPACES, " "));
      });
    }

    function escape(text) {
      return escapeHtml(text).replace(BREAK, "<br><br>");
    }

    function html(oldText, newText) {
      return diff(oldText, newText).map(function (seg) {
        if (seg.op === "equal") return escape(seg.old);
        return (seg.old ? "<del>" + escape(seg.old) + "</del>" : "") + (seg.new ? "<ins>" + escape(seg.new) + "</ins>" : "");
      }).join("");
    }

    return {diff: diff, html: html, paragraphs: paragraphs, tokens: tokens};
  }

  window.PolicyRedline = {create: create};
})();
