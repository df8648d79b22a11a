#!/usr/bin/env python3
"""Build `books-dev2.quantities.jsonl` from the hand annotations in
`books-dev2.quantities.txt`.

Usage (from the repository root):

    python3 testdata/gold/build_books_dev2_quantities.py [--check]

`books-dev2.quantities.txt` has one block per passage of
`testdata/books-dev2`: a line `# <id>` and then one line per quantity, in
text order:

    VALUE ; APPROX ; UNIT ; CATEGORY | text

VALUE is a number (`0.75`) or a range `LOW-HIGH` (`20-30`, written as
`low`/`high` with `value` null); APPROX and UNIT are `-` for null. A
quantity is found at the next occurrence of its text after the previous
quantity's start (whole words; a space in the text matches any run of
white space, so spans broken across lines are written with a space).
Offsets are byte offsets into testdata/books-dev2/<id>.txt and every
annotation's `text` is checked against those bytes. Every passage of the
folder must have a block (an empty one when it has no quantity), so the
scorer counts false alarms in all of them. The language is the book's
(`_es_` in the id is Spanish).

With --check, the jsonl is only compared with what it would be written as.
"""

import argparse
import json
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent
BOOKS = GOLD.parent / "books-dev2"
ANN = GOLD / "books-dev2.quantities.txt"
OUT = GOLD / "books-dev2.quantities.jsonl"
WORD = r"[^\W_]"
APPROX = {"about", "almost", "more_than", "less_than", "at_least", "at_most"}
CATEGORIES = {"personnel", "money", "vessels", "weapons", "animals", "casualties",
              "duration", "distance", "fraction", "other"}


def parse(src: str):
    blocks, cur = [], None
    for n, line in enumerate(src.splitlines(), 1):
        line = line.rstrip()
        if not line or line.startswith("##"):
            continue
        if line.startswith("# "):
            cur = (line[2:].strip(), [])
            blocks.append(cur)
            continue
        head, sep, text = line.partition(" | ")
        fields = [f.strip() for f in head.split(";")]
        if not sep or len(fields) != 4 or cur is None:
            raise SystemExit(f"{ANN.name}:{n}: bad line {line!r}")
        value, approx, unit, category = fields
        if approx != "-" and approx not in APPROX:
            raise SystemExit(f"{ANN.name}:{n}: unknown approx {approx!r}")
        if category not in CATEGORIES:
            raise SystemExit(f"{ANN.name}:{n}: unknown category {category!r}")
        low = high = None
        m = re.fullmatch(r"([0-9.]+)-([0-9.]+)", value)
        if m:
            low, high, value = float(m[1]), float(m[2]), None
        else:
            value = float(value)
        cur[1].append((n, text.strip(), value, low, high,
                       None if approx == "-" else approx,
                       None if unit == "-" else unit, category))
    return blocks


def pattern(text: str):
    parts = [re.escape(w) for w in text.split()]
    return re.compile(rf"(?<!{WORD})" + r"\s+".join(parts) + rf"(?!{WORD})")


def build():
    blocks = parse(ANN.read_text(encoding="utf-8"))
    ids = [b[0] for b in blocks]
    files = sorted(p.stem for p in BOOKS.glob("*.txt"))
    if sorted(ids) != files or len(set(ids)) != len(ids):
        raise SystemExit(f"{ANN.name}: the blocks are not the passages of {BOOKS}")
    lines = []
    for pid, quantities in blocks:
        data = (BOOKS / f"{pid}.txt").read_bytes()
        s = data.decode("utf-8")
        byte_at = [0]
        for ch in s:
            byte_at.append(byte_at[-1] + len(ch.encode("utf-8")))
        pos, anns = 0, []
        for n, text, value, low, high, approx, unit, category in quantities:
            m = pattern(text).search(s, pos)
            if not m:
                raise SystemExit(f"{ANN.name}:{n}: {text!r} not found in {pid} after char {pos}")
            start, end = byte_at[m.start()], byte_at[m.end()]
            got = data[start:end].decode("utf-8")
            if got.split() != text.split():
                raise SystemExit(f"{ANN.name}:{n}: bytes {start}..{end} are {got!r}, not {text!r}")
            anns.append({"kind": "quantity", "start": start, "end": end, "text": got,
                         "value": value, "low": low, "high": high, "approx": approx,
                         "unit": unit, "category": category})
            pos = m.start() + 1
        lang = "es" if "_es_" in pid else "en"
        lines.append(json.dumps({"id": pid, "path": f"../books-dev2/{pid}.txt", "lang": lang,
                                 "annotations": anns}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    out = build()
    if args.check:
        if OUT.read_text(encoding="utf-8") != out:
            sys.exit(f"{OUT} is not what {ANN.name} builds")
        print(f"{OUT.name} is up to date")
        return
    OUT.write_text(out, encoding="utf-8")
    n = sum(len(json.loads(line)["annotations"]) for line in out.splitlines())
    print(f"wrote {OUT.name}: {len(out.splitlines())} passages, {n} quantities")


if __name__ == "__main__":
    main()
