"""Which diff library should draw clause redlines? Evidence: quality on real policy edits, speed.

    .venv/bin/python bench/redline_compare.py [--full] [--no-big] [--timeout SECONDS]

--full prints unchanged text unshortened, --no-big skips the large-clause timings (they take
about a minute), --timeout caps each large run (30 s). Candidates (d) and (e) need
`.venv/bin/pip install diff-match-patch`; without it they are reported as skipped.
Edit pairs are string replacements on real paragraphs of policy/{sv,en}/*.md (label
stripped); if the policy already holds the edited form, the pair is rebuilt backwards from
it. All candidates see the text as policykit compares it, whitespace collapsed, so the
re-wrap pair must show no change. Metrics, summed over the pairs:
  hunks      runs of deleted and/or inserted text
  mid-word   hunks with a boundary that has a letter or digit on both sides: "analy[-z-]{+s+}e"
  re-marked  words shown deleted and inserted again in one hunk: [-" på x-]{+” på y+}
  extra      characters marked minus the minimum, len(old) + len(new) - 2 * LCS(old, new)
  ms/pair    median over the pairs of the median of REPEATS runs (time.perf_counter)
  large      a clause of numbered copies of the policy with 3 small edits, 15.6 kB to 1 MB,
             each size 4x the last, in a child process; time x4 per step is linear, x16 quadratic
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
from policykit.render import redline  # noqa: E402
from policykit.text.model import collapse  # noqa: E402

try:
    from diff_match_patch import diff_match_patch
except ImportError:
    diff_match_patch = None

REPEATS, CONTEXT, SIZES = 7, 40, (15_625, 62_500, 250_000, 1_000_000)
CHARS_PER_HUNK = 10  # verdict: an extra hunk or re-marked word costs as much as 10 marked chars
LABEL = re.compile(r"^(?:[a-z]+\.|\(\d+[a-z]*\))\s+")
PARAS = {
    lang: [
        LABEL.sub("", collapse(p))
        for path in sorted((ROOT / "policy" / lang).glob("*.md"))
        for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        if p.strip() and not p.startswith("#")
    ]
    for lang in ("sv", "en")
}

EDITS = [  # (name, language, old, new): the one paragraph that contains `old` (or `new`)
    ("spelling fix", "sv", "Okrabattkod. Com", "Okrabattkod.com"),
    ("spelling, one letter", "en", "track or analyze", "track or analyse"),
    ("word replaced", "en", "accurate, superior and unique", "accurate, reliable and unique"),
    ("compound word", "sv", "plattformswebbplats", "plattformens webbplats"),
    (
        "phrase rewritten",
        "en",
        "in accordance with the relevant provisions of the law or the requirements of the administrative body",
        "as required by law or by the administrative body",
    ),
    ("phrase rewritten", "sv", "utan ditt föregående medgivande", "utan att du först har samtyckt"),
    (
        "clause tightened",
        "sv",
        "Vi kommer att samla in relevant information och data om din "
        "transaktionsprocess och frisläppande, inklusive men inte begränsat till",
        "Vi samlar in relevant information och uppgifter om dina transaktioner, bland annat",
    ),
    (
        "sentence added",
        "sv",
        "genom våra cookies.",
        "genom våra cookies. Cookies från tredje part omfattas av den tredje partens villkor.",
    ),
    ("sentence removed", "sv", " Registrering av nödvändiga funktioner och webbplatser.", ""),
    ("punctuation only", "sv", "med en tredje part;", "med en tredje part."),
    (
        "quotes and a word",
        "sv",
        '"perfekta säkerhetsåtgärder" på informationsnätet',
        "”perfekta säkerhetsåtgärder” på internet",
    ),
    ("list reordered", "en", "Facebook, Twitter, wechat, tiktok", "tiktok, wechat, Facebook, Twitter"),
    ("case change", "en", "Twitter, wechat, tiktok", "Twitter, WeChat, TikTok"),
    ("case change, first word", "sv", "avslöjas för en", "Avslöjas för en"),
    ("long clause, one small change", "sv", "såsom kontaktperson och", "såsom kontaktpersoner och"),
]
LARGE_EDITS = [("personuppgifter", "personliga uppgifter"), ("cookies", "kakor"), ("third party", "third parties")]


def edit(lang: str, old: str, new: str) -> tuple[str, str]:
    """(before, after) for the one paragraph containing `old`, else the one containing `new`."""
    for find in (old, new):
        hits = [p for p in PARAS[lang] if find and find in p]
        assert len(hits) < 2, f"{find!r} is in {len(hits)} {lang} paragraphs: make it unique"
        if hits and find == old:
            return hits[0], hits[0].replace(old, new)
        if hits:
            return hits[0].replace(new, old), hits[0]
    raise AssertionError(f"neither {old!r} nor {new!r} is in the {lang} policy: update EDITS")


def corpus() -> list[tuple[str, str, str]]:
    pairs = [(f"{name} ({lang})", *edit(lang, old, new)) for name, lang, old, new in EDITS]
    # The policy has no numbers or dates, so these start from a real clause with one added.
    old = edit("sv", "lagras och visas.", "lagras och visas i högst 24 månader.")[1]
    pairs.append(("number changed (sv)", old, old.replace("24", "36")))
    old = edit("en", "This policy applies", "From 25 November 2026, this policy applies")[1]
    pairs.append(("date changed (en)", old, old.replace("25 November", "1 December")))
    old = edit("en", "When you conduct online", "When you conduct online")[0]
    return pairs + [("whitespace-only re-wrap (en)", old, textwrap.fill(old, 72) + "\n")]


def large_pair(size: int) -> tuple[str, str]:
    """A `size`-character clause of numbered copies of the policy, and it with 3 small edits."""
    text = " ".join(p for pair in zip(PARAS["sv"], PARAS["en"]) for p in pair)
    copies = " ".join(f"{k}. {text}" for k in range(1, size // len(text) + 2))
    old = new = copies[:size].rsplit(" ", 1)[0]
    for frac, (a, b) in zip((0.25, 0.5, 0.75), LARGE_EDITS):
        start = int(len(new) * frac)
        i = new.find(a, start) if a in new[start:] else new.rindex(a, 0, start)
        new = new[:i] + b + new[i + len(a) :]
    return old, new


# ------------------------------------------------------------------------------------------
# Candidates: each returns segments (old_text, new_text, is_equal) that concatenate to old, new.


def ours(a: str, b: str) -> list:
    return [(s.old, s.new, s.op == "equal") for s in redline.diff(a, b)]


def difflib_words(a: str, b: str) -> list:
    """difflib over the text split on whitespace (runs of it kept as tokens), with no fold."""
    ta, tb = re.findall(r"\s+|\S+", a), re.findall(r"\s+|\S+", b)
    return [
        ("".join(ta[i1:i2]), "".join(tb[j1:j2]), tag == "equal")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    ]


def difflib_chars(a: str, b: str) -> list:
    return [
        (a[i1:i2], b[j1:j2], tag == "equal")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]


def dmp_diff(a: str, b: str, decode=lambda t: t) -> list:
    dmp = diff_match_patch()  # default Diff_Timeout (1 s), as the library ships
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(decode(t) if op <= 0 else "", decode(t) if op >= 0 else "", op == 0) for op, t in diffs]


def dmp_words(a: str, b: str) -> list:
    """The docs' line-mode trick on policykit's tokens: each distinct token becomes one char."""
    vocab: dict[str, str] = {}
    ea, eb = ("".join(vocab.setdefault(t, chr(0xF0000 + len(vocab))) for t in redline.tokens(x)) for x in (a, b))
    token = {c: t for t, c in vocab.items()}
    return dmp_diff(ea, eb, lambda text: "".join(token[c] for c in text))


OURS = "a ours (policykit)"
CANDIDATES = {OURS: ours, "b difflib words": difflib_words, "c difflib chars": difflib_chars}
if diff_match_patch:
    CANDIDATES.update({"d dmp chars+semantic": dmp_diff, "e dmp words": dmp_words})
SKIPPED = [] if diff_match_patch else ["d dmp chars+semantic", "e dmp words"]

# ------------------------------------------------------------------------------------------


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


def minimum(a: str, b: str) -> int:
    return len(a) + len(b) - 2 * lcs_len(a, b)


def merge(segs) -> list:
    """Adjacent changes as one segment (deletion shown first), empty segments dropped."""
    out = []
    for old, new, eq in segs:
        if out and out[-1][2] == eq:
            out[-1] = (out[-1][0] + old, out[-1][1] + new, eq)
        elif old or new:
            out.append((old, new, eq))
    return out


def measure(fn, a: str, b: str) -> dict:
    segs = merge(fn(a, b))
    assert "".join(s[0] for s in segs) == a and "".join(s[1] for s in segs) == b, fn.__name__
    assert all(old == new for old, new, eq in segs if eq), fn.__name__
    cut = lambda t, p: 0 < p < len(t) and t[p - 1].isalnum() and t[p].isalnum()  # noqa: E731
    words = lambda t: collections.Counter(re.findall(r"\w+", t))  # noqa: E731
    m, pa, pb = dict(segs=segs, hunks=0, mid=0, remarked=0, extra=-minimum(a, b)), 0, 0
    for old, new, eq in segs:
        if not eq:
            m["hunks"] += 1
            m["extra"] += len(old) + len(new)
            ends = ((a, pa), (a, pa + len(old)), (b, pb), (b, pb + len(new)))
            m["mid"] += any(cut(t, p) for t, p in ends)
            m["remarked"] += sum((words(old) & words(new)).values())
        pa, pb = pa + len(old), pb + len(new)
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn(a, b)
        times.append(time.perf_counter() - t)
    return m | {"ms": 1000 * statistics.median(times)}


def cost(m: dict) -> tuple:
    """Mid-word splits first, then hunks + re-marked words + extra chars / CHARS_PER_HUNK."""
    return m["mid"], m["hunks"] + m["remarked"] + m["extra"] / CHARS_PER_HUNK


def render(segs, full: bool) -> str:
    short = lambda t: t if full or len(t) < 2 * CONTEXT + 5 else f"{t[:CONTEXT]}…{t[-CONTEXT:]}"  # noqa
    return "".join(
        short(old) if eq else (f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else "") for old, new, eq in segs
    )


def _child(fn, a, b, conn):
    t = time.perf_counter()
    segs = fn(a, b)
    conn.send((time.perf_counter() - t, sum(len(o) + len(n) for o, n, eq in segs if not eq)))


def large(fn, limit: float) -> list:
    """[(size, seconds, chars marked)], each run in a child process, growing until a run takes
    over limit/4; a run over `limit` is stopped and recorded with seconds None."""
    out = []
    for size in SIZES:
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(fn, *large_pair(size), child))
        proc.start()
        secs, marked = parent.recv() if parent.poll(limit) else (None, None)
        proc.terminate()
        proc.join()
        out.append((size, secs, marked))
        if secs is None or secs > limit / 4:
            break
    return out


def growth(runs: list) -> float:
    done = [secs for _, secs, _ in runs if secs is not None]
    return done[-1] / done[-2] if len(done) > 1 and done[-2] > 0 else float("inf")


def large_cell(runs: list, limit: float) -> str:
    size, secs, _ = runs[-1]
    head = (
        f"{secs:.2f} s"
        if size == SIZES[-1] and secs
        else f"not run: {size // 1000} kB took " + (f"> {limit:g} s" if secs is None else f"{secs:.1f} s")
    )
    return head + (f"; ×{growth(runs):.0f} per 4× size" if growth(runs) < 1e9 else "")


def main() -> None:
    full, big = "--full" in sys.argv, "--no-big" not in sys.argv
    limit = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 30.0
    pairs = [(name, collapse(a), collapse(b)) for name, a, b in corpus()]
    print(
        f"{len(pairs)} edit pairs; candidates: {', '.join(CANDIDATES)}"
        + (f"; SKIPPED, pip install diff-match-patch: {', '.join(SKIPPED)}" if SKIPPED else "")
    )
    rows = {c: [] for c in CANDIDATES}
    for name, a, b in pairs:
        print(f"\n## {name}: minimum {minimum(a, b)} chars  (h hunks, mid mid-word, re re-marked, +extra)")
        for cand, fn in CANDIDATES.items():
            rows[cand].append(m := measure(fn, a, b))
            print(
                f"  {cand:20} h{m['hunks']} mid{m['mid']} re{m['remarked']} +{m['extra']:<3} " + render(m["segs"], full)
            )
    totals = {
        c: {k: sum(m[k] for m in ms) for k in ("hunks", "mid", "remarked", "extra")}
        | {"ms": statistics.median(m["ms"] for m in ms)}
        for c, ms in rows.items()
    }
    if big:
        print(
            f"\n## large clause, 3 edits, minimum {sum(minimum(x, y) for x, y in LARGE_EDITS)} chars"
            f" (limit {limit:g} s per run)"
        )
        for cand, fn in CANDIDATES.items():
            totals[cand]["large"] = runs = large(fn, limit)
            print(
                f"  {cand:20} "
                + ", ".join(
                    f"{size // 1000} kB: " + ("stopped" if secs is None else f"{secs:.3f} s, marks {marked}")
                    for size, secs, marked in runs
                )
            )
    print(
        "\n| candidate | hunks | mid-word splits | re-marked words | extra chars | median ms/pair"
        " | 1 MB time |\n|---|---:|---:|---:|---:|---:|---|"
    )
    for c, t in totals.items():
        print(
            f"| {c} | {t['hunks']} | {t['mid']} | {t['remarked']} | {t['extra']} | {t['ms']:.3f} | "
            + (large_cell(t["large"], limit) if big else "not run")
            + " |"
        )
    print("\n" + verdict(totals, rows, [name for name, _, _ in pairs]))


def verdict(totals: dict, rows: dict, names: list) -> str:
    ranked = sorted(totals, key=lambda c: cost(totals[c]))
    best, t = ranked[0], totals[ranked[0]]
    say = lambda c: (
        f"{c} ({totals[c]['mid']} mid-word splits, {totals[c]['hunks']} hunks, "  # noqa
        f"{totals[c]['remarked']} re-marked words, {totals[c]['extra']} extra chars)"
    )
    cuts = ", ".join(f"{c} {totals[c]['mid']}" for c in ranked if totals[c]["mid"])
    fastest = min(totals, key=lambda c: totals[c]["ms"])
    out = [
        f"Verdict: on {len(names)} real edit pairs the best redline is {say(best)}, then "
        f"{say(ranked[1])}; ranked by mid-word splits, then hunks + re-marked words + extra "
        f"chars/{CHARS_PER_HUNK}.",
        f"Words are cut in hunks of {cuts}; a reader of a legal redline should never see that." if cuts else "",
        f"{best} takes {t['ms']:.3f} ms per clause pair (fastest: {fastest}, "
        f"{totals[fastest]['ms']:.3f} ms), {'negligible' if t['ms'] < 5 else 'noticeable'} "
        "for a site build.",
    ]
    if "large" in t:
        g = growth(t["large"])
        out.append(
            f"On large clauses its time grows ×{g:.0f} per 4× size: "
            + (
                "about linear."
                if g < 6
                else "superlinear; harmless for clauses of under 1 kB, but it must never be fed a whole document."
            )
        )
        linear = [c for c in ranked if growth(totals[c]["large"]) < 6 and not totals[c]["mid"]]
        if g >= 6 and linear:
            out.append(f"The best linear-time candidate without word splits is {say(linear[0])}.")
    beaten = {name: [c[0] for c in ranked if cost(rows[c][i]) < cost(rows[OURS][i])] for i, name in enumerate(names)}
    lost = "; ".join(f"{name} (by {', '.join(cs)})" for name, cs in beaten.items() if cs)
    out.append(
        (f"Pairs where another candidate beats ours: {lost}. " if lost else "")
        + (f"Choose {best}." if best == OURS else f"Ours ranks #{ranked.index(OURS) + 1}: fix it or choose {best}.")
    )
    return " ".join(x for x in out if x)


if __name__ == "__main__":
    main()
