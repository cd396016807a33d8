"""Which diff library should draw clause redlines? Evidence: quality on real policy edits, speed.

Run (from anywhere; takes a minute or two, mostly the large-clause timings):

    .venv/bin/python bench/redline_compare.py              # redlines, metrics, table, verdict
    .venv/bin/python bench/redline_compare.py --full       # do not shorten long unchanged text
    .venv/bin/python bench/redline_compare.py --no-big     # skip the large-clause timings
    .venv/bin/python bench/redline_compare.py --timeout 60 # seconds allowed per large diff (30)

Candidates (d) and (e) need `.venv/bin/pip install diff-match-patch`; without it they are
reported as skipped. Edit pairs are built by string replacement on real paragraphs of
policy/{sv,en}/*.md (label stripped); if the policy already holds the edited form, the pair is
rebuilt backwards from it. Every candidate sees the text as policykit compares it, whitespace
collapsed, so the re-wrap pair must show no change. Summed over the pairs:

  hunks       runs of deleted and/or inserted text
  mid-word    hunks with a boundary that has a letter or digit on both sides: "analy[-z-]{+s+}e"
  re-marked   words shown deleted and inserted again in the same hunk: "[-" på x-]{+” på y+}"
  extra       characters marked minus the minimum, len(old) + len(new) - 2 * LCS(old, new)
  ms/pair     median over pairs of the median of REPEATS runs (time.perf_counter)
  large       one clause of numbered copies of the policy text with 3 small edits, at 15.6 kB,
              62.5 kB, 250 kB, 1 MB in a child process, until one takes > limit/4;
              growth per 4x size: 4 is linear, 16 quadratic
"""

from __future__ import annotations

import collections
import difflib
import multiprocessing
import re
import statistics
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from policykit import redline  # noqa: E402
from policykit.model import collapse  # noqa: E402

try:
    from diff_match_patch import diff_match_patch
except ImportError:
    diff_match_patch = None

REPEATS, CONTEXT, SIZES = 7, 40, (15_625, 62_500, 250_000, 1_000_000)
CHARS_PER_HUNK = 10  # verdict: an extra hunk or re-marked word costs as much as 10 marked chars
LABEL = re.compile(r"^(?:[a-z]+\.|\(\d+[a-z]*\))\s+")
PARAS = {lang: [LABEL.sub("", collapse(p)) for path in sorted((ROOT / "policy" / lang).glob("*.md"))
                for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
                if p.strip() and not p.startswith("#")] for lang in ("sv", "en")}

EDITS = [  # (name, language, old, new): the one paragraph that contains `old` (or `new`)
    ("spelling fix", "sv", "Okrabattkod. Com", "Okrabattkod.com"),
    ("spelling, one letter", "en", "track or analyze", "track or analyse"),
    ("word replaced", "en", "accurate, superior and unique", "accurate, reliable and unique"),
    ("compound word", "sv", "plattformswebbplats", "plattformens webbplats"),
    ("phrase rewritten", "en", "in accordance with the relevant provisions of the law or the "
     "requirements of the administrative body", "as required by law or by the administrative body"),
    ("phrase rewritten", "sv", "utan ditt föregående medgivande", "utan att du först har samtyckt"),
    ("clause tightened", "sv", "Vi kommer att samla in relevant information och data om din "
     "transaktionsprocess och frisläppande, inklusive men inte begränsat till", "Vi samlar in "
     "relevant information och uppgifter om dina transaktioner, bland annat"),
    ("sentence added", "sv", "genom våra cookies.", "genom våra cookies. Cookies från tredje part "
     "omfattas av den tredje partens villkor."),
    ("sentence removed", "sv", " Registrering av nödvändiga funktioner och webbplatser.", ""),
    ("punctuation only", "sv", "dina personuppgifter med en tredje part;",
     "dina personuppgifter med en tredje part."),
    ("quotes and a word", "sv", '"perfekta säkerhetsåtgärder" på informationsnätet',
     "”perfekta säkerhetsåtgärder” på internet"),
    ("list reordered", "en", "Facebook, Twitter, wechat, tiktok", "tiktok, wechat, Facebook, Twitter"),
    ("case change", "en", "Twitter, wechat, tiktok", "Twitter, WeChat, TikTok"),
    ("case change, first word", "sv", "avslöjas för en tredje part", "Avslöjas för en tredje part"),
    ("long clause, one small change", "sv", "såsom kontaktperson och", "såsom kontaktpersoner och"),
]
LARGE_EDITS = [("personuppgifter", "personliga uppgifter"), ("cookies", "kakor"),
               ("third party", "third parties")]


def clause(lang: str, needle: str) -> str | None:
    hits = [p for p in PARAS[lang] if needle in p]
    assert len(hits) <= 1, f"{needle!r} is in {len(hits)} {lang} paragraphs"
    return hits[0] if hits else None


def edit(lang: str, old: str, new: str) -> tuple[str, str]:
    if (text := clause(lang, old)) is not None:
        return text, text.replace(old, new)
    assert new and (text := clause(lang, new)), f"neither {old!r} nor {new!r} in {lang}: update EDITS"
    return text.replace(new, old), text


def corpus() -> list[tuple[str, str, str]]:
    pairs = [(f"{name} ({lang})", *edit(lang, old, new)) for name, lang, old, new in EDITS]
    # The policy has no numbers or dates, so these start from a real clause with one added.
    old = edit("sv", "lagras och visas.", "lagras och visas i högst 24 månader.")[1]
    pairs.append(("number changed (sv)", old, old.replace("24", "36")))
    old = edit("en", "This policy applies", "From 25 November 2026, this policy applies")[1]
    pairs.append(("date changed (en)", old, old.replace("25 November", "1 December")))
    old = clause("en", "When you conduct online transactions")
    pairs.append(("whitespace-only re-wrap (en)", old, textwrap.fill(old, 72) + "\n"))
    return pairs


def large_pair(size: int) -> tuple[str, str]:
    """A `size`-character clause of numbered copies of the policy, and it with 3 small edits."""
    text = " ".join(p for pair in zip(PARAS["sv"], PARAS["en"]) for p in pair)
    copies = (f"{k}. {text}" for k in range(1, size // len(text) + 2))
    old = " ".join(copies)[:size].rsplit(" ", 1)[0]
    new = old
    for frac, (a, b) in zip((0.25, 0.5, 0.75), LARGE_EDITS):
        start = int(len(new) * frac)
        i = new.find(a, start) if a in new[start:] else new.rindex(a, 0, start)
        new = new[:i] + b + new[i + len(a):]
    return old, new

# ---------------------------------------------------------------- candidates
# Each returns segments (old_text, new_text, is_equal) that concatenate to old and to new.


def ours(a: str, b: str) -> list:
    return [(s.old, s.new, s.op == "equal") for s in redline.diff(a, b)]


def difflib_words(a: str, b: str) -> list:
    """difflib over whitespace-separated words; the space between two opcodes is equal text
    when both sides have it, else part of the change."""
    sa, sb = [m.span() for m in re.finditer(r"\S+", a)], [m.span() for m in re.finditer(r"\S+", b)]
    gap = lambda t, s, i: t[s[i - 1][1] if i else 0:s[i][0] if i < len(s) else len(t)]  # noqa: E731
    piece = lambda t, s, i, j: t[s[i][0]:s[j - 1][1]] if j > i else ""  # noqa: E731
    out, last = [], (0, 0)  # the gap before token i is emitted once, when an opcode starts at i
    opcodes = difflib.SequenceMatcher(None, [a[i:j] for i, j in sa], [b[i:j] for i, j in sb],
                                      autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        ga = gap(a, sa, i1) if i1 != last[0] else ""
        gb = gap(b, sb, j1) if j1 != last[1] else ""
        out += [(ga, gb, ga == gb), (piece(a, sa, i1, i2), piece(b, sb, j1, j2), tag == "equal")]
        last = (i1, j1)
    return out


def difflib_chars(a: str, b: str) -> list:
    return [(a[i1:i2], b[j1:j2], tag == "equal") for tag, i1, i2, j1, j2
            in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]


def from_dmp(diffs, decode=lambda t: t) -> list:
    return [(decode(t) if op <= 0 else "", decode(t) if op >= 0 else "", op == 0) for op, t in diffs]


def dmp_chars(a: str, b: str) -> list:
    dmp = diff_match_patch()  # default Diff_Timeout (1 s), as the library ships
    diffs = dmp.diff_main(a, b)
    dmp.diff_cleanupSemantic(diffs)
    return from_dmp(diffs)


def dmp_words(a: str, b: str) -> list:
    """The docs' line-mode trick on policykit's tokens: each distinct token becomes one char."""
    vocab: dict[str, str] = {}
    ea, eb = ("".join(vocab.setdefault(t, chr(0xF0000 + len(vocab))) for t in redline.tokens(x))
              for x in (a, b))
    dmp = diff_match_patch()
    diffs = dmp.diff_main(ea, eb, False)
    dmp.diff_cleanupSemantic(diffs)
    token = {c: t for t, c in vocab.items()}
    return from_dmp(diffs, lambda text: "".join(token[c] for c in text))


CANDIDATES = {"a ours (policykit)": ours, "b difflib words": difflib_words,
              "c difflib chars": difflib_chars}
if diff_match_patch:
    CANDIDATES.update({"d dmp chars+semantic": dmp_chars, "e dmp words": dmp_words})
SKIPPED = [] if diff_match_patch else ["d dmp chars+semantic", "e dmp words"]

# ---------------------------------------------------------------- metrics


def lcs_len(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | 1 << i
    full = v = (1 << len(a)) - 1
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def merge(segs) -> list:
    """Adjacent changes as one segment (deletion shown first), empty segments dropped."""
    out = []
    for old, new, eq in segs:
        if out and out[-1][2] == eq:
            out[-1] = (out[-1][0] + old, out[-1][1] + new, eq)
        elif old or new:
            out.append((old, new, eq))
    return out


def splits(text: str, p: int) -> bool:
    return 0 < p < len(text) and text[p - 1].isalnum() and text[p].isalnum()


def measure(fn, a: str, b: str) -> dict:
    segs = merge(fn(a, b))
    assert "".join(s[0] for s in segs) == a and "".join(s[1] for s in segs) == b, fn.__name__
    assert all(old == new for old, new, eq in segs if eq), fn.__name__
    times, m, pa, pb = [], dict(segs=segs, hunks=0, mid=0, remarked=0, marked=0), 0, 0
    for old, new, eq in segs:
        if not eq:
            m["hunks"] += 1
            m["marked"] += len(old) + len(new)
            m["mid"] += any(splits(t, p) for t, p in ((a, pa), (a, pa + len(old)), (b, pb), (b, pb + len(new))))
            words = lambda t: collections.Counter(re.findall(r"\w+", t))  # noqa: E731
            m["remarked"] += sum((words(old) & words(new)).values())
        pa, pb = pa + len(old), pb + len(new)
    m["extra"] = m["marked"] - (len(a) + len(b) - 2 * lcs_len(a, b))
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn(a, b)
        times.append(time.perf_counter() - t)
    return m | {"ms": 1000 * statistics.median(times)}


def render(segs, full: bool) -> str:
    short = lambda t: t if full or len(t) <= 2 * CONTEXT + 5 else f"{t[:CONTEXT]}…{t[-CONTEXT:]}"  # noqa: E731
    return "".join(short(old) if eq else (f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else "")
                   for old, new, eq in segs)


def _child(fn, a, b, conn):
    t = time.perf_counter()
    segs = fn(a, b)
    conn.send((time.perf_counter() - t, sum(len(o) + len(n) for o, n, eq in segs if not eq)))


def timed(fn, a: str, b: str, limit: float):
    """(seconds, characters marked) from a child process, or None after `limit` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, a, b, child))
    proc.start()
    result = parent.recv() if parent.poll(limit) else None
    proc.terminate()
    proc.join()
    return result


def large(fn, limit: float, minimum: int) -> dict:
    """{size: (seconds, degraded)} up to the first size over limit/4 (None if over limit)."""
    out = {}
    for size in SIZES:
        r = timed(fn, *large_pair(size), limit)
        out[size] = r and (r[0], r[1] > 10 * minimum)
        if not r or r[0] > limit / 4:
            break
    return out


def large_cell(runs: dict, limit: float) -> str:
    done = [(s, r) for s, r in runs.items() if r]
    growth = f", ×{done[-1][1][0] / done[-2][1][0]:.0f} per 4× size" if len(done) > 1 else ""
    size, (secs, degraded) = done[-1] if done else (SIZES[0], (0, False))
    head = f"{secs:.2f} s" if size == SIZES[-1] else f"n/a ({secs:.1f} s at {size // 1000} kB)"
    return (head if done else f"> {limit:g} s at {size // 1000} kB") + growth + (" DEGRADED" if degraded else "")

# ---------------------------------------------------------------- report


def main() -> None:
    full, big = "--full" in sys.argv, "--no-big" not in sys.argv
    limit = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 30.0
    pairs = [(name, collapse(a), collapse(b)) for name, a, b in corpus()]
    print(f"{len(pairs)} edit pairs, candidates: {', '.join(CANDIDATES)}"
          + (f"; SKIPPED (pip install diff-match-patch): {', '.join(SKIPPED)}" if SKIPPED else ""))
    rows = {c: [] for c in CANDIDATES}
    for name, a, b in pairs:
        print(f"\n## {name}: minimum {len(a) + len(b) - 2 * lcs_len(a, b)} chars")
        for cand, fn in CANDIDATES.items():
            rows[cand].append(m := measure(fn, a, b))
            print(f"  {cand:20} h{m['hunks']} mid{m['mid']} re{m['remarked']} +{m['extra']:<3} "
                  f"{render(m['segs'], full)}")
    totals = {c: {k: sum(m[k] for m in ms) for k in ("hunks", "mid", "remarked", "extra")}
              | {"ms": statistics.median(m["ms"] for m in ms)} for c, ms in rows.items()}
    if big:
        minimum = sum(len(x) + len(y) - 2 * lcs_len(x, y) for x, y in LARGE_EDITS)
        print(f"\n## large clause, 3 edits, minimum {minimum} chars (limit {limit:g} s per run)")
        for cand, fn in CANDIDATES.items():
            totals[cand]["large"] = runs = large(fn, limit, minimum)
            print(f"  {cand:20} " + ", ".join(f"{s // 1000} kB: " + (f"{r[0]:.3f} s" if r else "timeout")
                                              for s, r in runs.items()))
    print("\n| candidate | hunks | mid-word splits | re-marked words | extra chars | median ms/pair"
          " | 1 MB time |\n|---|---:|---:|---:|---:|---:|---|")
    for cand, t in totals.items():
        print(f"| {cand} | {t['hunks']} | {t['mid']} | {t['remarked']} | {t['extra']} | {t['ms']:.3f} | "
              + (large_cell(t["large"], limit) if big else "not run") + " |")
    print("\n" + verdict(totals, len(pairs)))


def verdict(totals: dict, n: int) -> str:
    cost = {c: (t["mid"], t["hunks"] + t["remarked"] + t["extra"] / CHARS_PER_HUNK) for c, t in totals.items()}
    ranked = sorted(totals, key=cost.get)
    best, second = ranked[:2]
    t, s = totals[best], totals[second]
    say = lambda c: f"{c} ({totals[c]['mid']} mid-word splits, {totals[c]['hunks']} hunks, " \
        f"{totals[c]['remarked']} re-marked words, {totals[c]['extra']} extra chars)"  # noqa: E731
    splitters = [c for c in ranked if totals[c]["mid"]]
    out = [f"Verdict: on {n} real edit pairs the best redline is {say(best)}, then {say(second)}; "
           f"ranked by mid-word splits, then hunks + re-marked words + extra chars/{CHARS_PER_HUNK}."]
    if splitters:
        cuts = ", ".join(f"{c}: {totals[c]['mid']}" for c in splitters)
        out.append(f"Character-level output cuts words ({cuts}),"
                   " which a reader of a legal redline should never see.")
    fastest = min(totals, key=lambda c: totals[c]["ms"])
    out.append(f"{best} takes {t['ms']:.3f} ms per clause pair (fastest {fastest}: "
               f"{totals[fastest]['ms']:.3f} ms): {'negligible' if t['ms'] < 5 else 'noticeable'} for a site build.")
    if "large" in t:
        def growth(c):
            done = [r[0] for r in totals[c]["large"].values() if r]
            return done[-1] / done[-2] if len(done) > 1 else float("inf")
        g = growth(best)
        out.append(f"On large clauses it grows ×{g:.0f} per 4× size ("
                   + ("about linear)." if g < 6 else "superlinear), harmless for clauses under 1 kB but "
                      "it must never be fed a whole document."))
        linear = [c for c in ranked if growth(c) < 6 and not totals[c]["mid"] and c != best]
        if g >= 6 and linear:
            out.append(f"The best linear-time candidate without word splits is {say(linear[0])}.")
    out.append(f"Choose {best}." if best == "a ours (policykit)" else
               f"Ours ranks #{ranked.index('a ours (policykit)') + 1}; prefer {best} or fix ours.")
    return " ".join(out)


if __name__ == "__main__":
    main()
