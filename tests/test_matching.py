"""Clause matching across imported versions (policykit.importing.matching) stays right without
comparing every pair: a clause inserted (every later label shifts), a clause moved to another
section, clauses edited slightly, and a large text (20 sections x 10 clauses) in which every
clause changed. Texts are parsed as the site parses them (replay.parse_files, in memory); the
blobs an import writes are git's own (importing.objects, into a real repository)."""

from __future__ import annotations

import difflib
import random
import subprocess

from policykit.importing import matching, replay
from policykit.importing.objects import write_blobs

WORDS = [
    "account",
    "service",
    "content",
    "website",
    "payment",
    "renewal",
    "refund",
    "domain",
    "plan",
    "upgrade",
    "storage",
    "backup",
    "license",
    "notice",
    "termination",
    "warranty",
    "liability",
    "dispute",
    "court",
    "privacy",
    "data",
    "cookie",
    "address",
    "visitor",
    "member",
    "owner",
    "theme",
    "plugin",
    "subscription",
    "fee",
    "invoice",
    "card",
    "price",
    "period",
    "agreement",
    "rule",
    "report",
    "abuse",
    "security",
    "password",
    "access",
    "right",
    "limit",
    "damage",
    "claim",
    "party",
    "change",
    "version",
    "consent",
    "request",
    "support",
    "partner",
    "region",
]


def sentence(rng: random.Random, words: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def reword(rng: random.Random, text: str, at: int | None = None) -> str:
    """One word replaced (at word `at`, else anywhere): a clause edited slightly."""
    words = text.rstrip(".").split(" ")
    n = rng.randrange(len(words)) if at is None else at % len(words)
    words[n] = next(w for w in rng.sample(WORDS, 5) if w != words[n].lower())
    return " ".join(words) + "."


def parsed(sections: list[list[str]], title: str = "Part {}"):
    """Sections 1, 2, … (titled `title` with their number) of clauses a., b., …, as the site
    reads them."""
    files = {}
    for number, clauses in enumerate(sections, 1):
        body = "".join(f"{chr(97 + n)}. {clause}\n\n" for n, clause in enumerate(clauses))
        files[f"en/{number:02d}-part.md"] = f"# {number}. {title.format(number)}\n\n{body}".encode()
    text = replay.parse_files(files, "en")
    assert text is not None and len(text.sections) == len(sections)
    return text


def clause(section: int, n: int) -> str:
    return f"s{section}-{chr(97 + n)}"


def large(seed: int = 1, sections: int = 20, clauses: int = 10) -> list[list[str]]:
    rng = random.Random(seed)
    return [[sentence(rng) for _ in range(clauses)] for _ in range(sections)]


def test_an_inserted_clause_shifts_every_later_label_and_each_clause_keeps_its_text():
    old = large()
    new = [list(s) for s in old]
    new[2].insert(1, "We keep a copy of every invoice for seven years, as the law of the country asks.")
    pairs = matching.match(parsed(old), parsed(new))
    assert pairs[clause(3, 0)] == clause(3, 0)
    assert [pairs[clause(3, n)] for n in range(1, 10)] == [clause(3, n + 1) for n in range(1, 10)]
    assert clause(3, 1) not in pairs.values()  # the inserted clause is new
    assert all(pairs[clause(s, n)] == clause(s, n) for s in (1, 2, 4, 20) for n in range(10))


def test_a_clause_moved_to_another_section_and_edited_is_found_there():
    rng = random.Random(2)
    old = large()
    new = [[reword(rng, c) for c in s] for s in old]  # every clause edited slightly
    moved = new[1].pop(4)  # 2 e goes to the end of section 17, edited at both ends
    new[16].append(reword(rng, reword(rng, moved, 0), -1))
    pairs = matching.match(parsed(old), parsed(new))
    assert pairs[clause(2, 4)] == clause(17, 10)
    assert [pairs[clause(2, n)] for n in range(5, 10)] == [clause(2, n) for n in range(4, 9)]
    assert all(pairs[clause(s, n)] == clause(s, n) for s in (1, 3, 17, 20) for n in range(10))


def test_a_clause_edited_slightly_keeps_its_anchor_among_alike_clauses():
    rng = random.Random(3)
    base = sentence(rng)
    old = [[f"{base} {sentence(rng, 4)}" for _ in range(10)] for _ in range(20)]  # clauses alike but for their end
    new = [list(s) for s in old]
    new[5][7] = reword(rng, new[5][7], 3)
    pairs = matching.match(parsed(old), parsed(new))
    assert pairs[clause(6, 7)] == clause(6, 7)
    assert len(pairs) == 220 and all(old_id == new_id for old_id, new_id in pairs.items())


def test_every_clause_of_a_large_text_changed_is_still_matched_each_to_its_own():
    """20 x 10, every clause changed: in one place (most), in two places far apart (difflib's
    ratio decides), rewritten (no match: a new text under the old label), and the sections'
    clauses reversed in two sections (every label now holds another clause)."""
    rng = random.Random(4)
    old = large()
    new = [[reword(rng, c) for c in s] for s in old]
    for s in range(0, 20, 3):
        new[s][2] = reword(rng, reword(rng, old[s][2], 1), -2)
    new[7][9] = sentence(rng)
    new[10].reverse()
    new[11].reverse()
    pairs = matching.match(parsed(old), parsed(new))
    expected = {clause(s, n): clause(s, 9 - n if s in (11, 12) else n) for s in range(1, 21) for n in range(10)}
    expected.update({f"s{s}": f"s{s}" for s in range(1, 21)})
    assert pairs == expected  # 8 j: rewritten where it stands, so paired with its own label too


def test_long_sections_retitled_and_shifted_by_an_inserted_section_are_found_by_their_text():
    """Sections of about 2,500 characters (compared word by word), every title changed and a
    section inserted first: each section is the one after it now, with its clauses."""
    rng = random.Random(5)
    old = large(clauses=12)
    new = [[sentence(rng) for _ in range(12)], *[[reword(rng, c) for c in s] for s in old]]
    before, after = parsed(old), parsed(new, "Chapter {} of the terms")
    assert min(len(matching.compared_units(before)[f"s{s}"][1]) for s in range(1, 21)) > matching.LONG
    pairs = matching.match(before, after)
    assert all(pairs[f"s{s}"] == f"s{s + 1}" for s in range(1, 21))
    assert all(pairs[clause(s, n)] == clause(s + 1, n) for s in range(1, 21) for n in range(12))


def exhaustive(old, new, threshold=matching.THRESHOLD) -> dict[str, str]:
    """Every pair compared: what matching did before it was bounded (the reference)."""
    before, after = matching.compared_units(old), matching.compared_units(new)
    position = {u: i for i, u in enumerate(after)}
    old_position = {u: i for i, u in enumerate(before)}
    pairs = []
    for new_id, (kind, text) in after.items():
        for old_id, (old_kind, old_text) in before.items():
            if old_kind != kind:
                continue
            a, b = old.find(old_id), new.find(new_id)
            same_title = kind == "section" and a.title and a.title.lower() == (b.title or "").lower()
            matcher = difflib.SequenceMatcher(None, old_text, text, autojunk=False)
            if old_text == text or same_title:
                ratio = 1.0
            elif matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue  # bounds of the ratio: below them, below the threshold
            else:
                ratio = matcher.ratio()
            if ratio >= threshold:
                pairs.append((-ratio, old_id != new_id, abs(old_position[old_id] - position[new_id]), old_id, new_id))
    result, taken = {}, set()
    for _, _, _, old_id, new_id in sorted(pairs):
        if old_id not in result and new_id not in taken:
            result[old_id] = new_id
            taken.add(new_id)
    for unit_id, (kind, _) in after.items():
        if unit_id in before and unit_id not in result and unit_id not in taken and before[unit_id][0] == kind:
            result[unit_id] = unit_id
    return result


def test_bounded_matching_agrees_with_comparing_every_pair():
    """Random histories of 8 sections x 7 short clauses (past ALL_PAIRS, so bounded): edits,
    insertions, removals, moves and rewrites, each step matched both ways."""
    for seed in range(3):
        rng = random.Random(seed)
        text = [[sentence(rng, 8) for _ in range(7)] for _ in range(8)]
        for _ in range(2):
            new = [list(s) for s in text]
            for s in new:
                for n in range(len(s)):
                    roll = rng.random()
                    if roll < 0.5:
                        s[n] = reword(rng, s[n])
                    elif roll < 0.6:
                        s[n] = sentence(rng, 8)
            new[rng.randrange(8)].insert(rng.randrange(7), sentence(rng, 8))
            del new[rng.randrange(8)][rng.randrange(6)]
            new[rng.randrange(8)].append(new[rng.randrange(8)].pop(0))
            old_text, new_text = parsed(text), parsed(new)
            assert matching.match(old_text, new_text) == exhaustive(old_text, new_text), seed
            text = new


def test_blobs_are_written_once_with_gits_own_ids(tmp_path):
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    blobs = [b"a. One.\n", "ä. Två.\n".encode(), b"", b"a. One.\n"]
    ids = write_blobs(tmp_path, blobs)
    assert len(ids) == 3
    for data, blob in ids.items():
        shown = subprocess.run(["git", "cat-file", "blob", blob], cwd=tmp_path, capture_output=True, check=True)
        assert shown.stdout == data
        assert (
            subprocess.run(["git", "hash-object", "--stdin"], cwd=tmp_path, input=data, capture_output=True, check=True)
            .stdout.decode()
            .strip()
            == blob
        )
