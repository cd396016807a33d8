"""What the worst text inside each bound of `policykit.text.limits` costs Python-Markdown to read.

Run (from the repository's root): `.venv/bin/python bench/bounds.py`. For each case, the largest
text that still passes the checks (found by bisection), the figures the checks compute for it,
its size and the time of one conversion (the best of --repeat), with the tables extension on
and off. The checks refuse anything past the bounds before Markdown reads it; this shows what
the bounds let through. Prints a Markdown table and writes it to bench/bounds.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

import markdown

from policykit.text import limits


def paragraph_cost(text: str) -> tuple[int, int]:
    """(largest product of one piece, the file's total), as ParagraphBounds counts them."""
    bounds, worst = limits.ParagraphBounds(), 0
    for line in text.split("\n"):
        assert not bounds.add(line), (bounds.why, line[:40])
        piece = (line.count("[") * (len(line) + 1)) if bounds.table else bounds.brackets * bounds.length
        worst = max(worst, piece)
    bounds.add("")
    return worst, bounds.file_scan


def links(n: int, start: int = 0) -> str:
    return " ".join(f"[processor {i}](https://example.org/p{i})" for i in range(start, start + n))


def largest(make, fits) -> str:
    """The largest text `make(n)` that `fits`, by bisection on n."""
    low, high = 1, 2
    while fits(make(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(make(middle)) else (low, middle)
    return make(low)


def passes(text: str) -> bool:
    bounds = limits.ParagraphBounds()
    return not any(bounds.add(line) for line in text.split("\n")) and limits.html_scan_over(text) is None


CASES = {
    "one paragraph of links (MAX_SCAN)": lambda n: "a. " + links(n),
    "paragraphs of links (MAX_SCAN_FILE)": lambda n: "\n\n".join("a. " + links(300, 300 * j) for j in range(n)),
    "a table of links, one paragraph without tables (MAX_SCAN_FILE)": lambda n: (
        "| a | b |\n|---|---|\n" + "\n".join(f"| {links(4, 4 * r)} | x |" for r in range(n))
    ),
    "unclosed '<a ' in paragraphs (MAX_HTML_SCAN)": lambda n: "\n\n".join(f"<a x{i}" for i in range(n)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out = [
        "# What the bounds let through (bench/bounds.py)",
        "",
        "| case | size (chars) | largest piece | file total | HTML scan | time, tables on | time, tables off |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(out), flush=True)
    for name, make in CASES.items():
        text = largest(make, passes)
        piece, total = paragraph_cost(text)
        times = []
        for extensions in (["attr_list", "tables", "md_in_html"], ["attr_list", "md_in_html"]):
            best = float("inf")
            for _ in range(args.repeat):
                md = markdown.Markdown(extensions=extensions)
                started = time.perf_counter()
                md.convert(text)
                best = min(best, time.perf_counter() - started)
            times.append(best)
        html = _html_scan(text)
        out.append(
            f"| {name} | {len(text):,} | {piece:,} | {total:,} | {html:,} | {times[0]:.2f} s | {times[1]:.2f} s |"
        )
        print(out[-1], flush=True)
    out += [
        "",
        f"Bounds: MAX_SCAN {limits.MAX_SCAN:,}, MAX_SCAN_FILE {limits.MAX_SCAN_FILE:,}, "
        f"MAX_HTML_SCAN {limits.MAX_HTML_SCAN:,}. Run on {dt.date.today()}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Markdown {markdown.__version__}, best of {args.repeat}.",
    ]
    print("\n".join(out[-2:]))
    Path(__file__).with_name("bounds.md").write_text("\n".join(out) + "\n", encoding="utf-8")


def _html_scan(text: str) -> int:
    """The figure html_scan_over holds to MAX_HTML_SCAN."""
    return max((total for _, total in limits.html_scan(text)), default=0)


if __name__ == "__main__":
    main()
