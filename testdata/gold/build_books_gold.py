#!/usr/bin/env python3
"""Build `books.entities.jsonl` from the hand annotations in `books.annotations.txt`.

Usage (from the repository root):

    python3 testdata/gold/build_books_gold.py [--check]
        [--annotations FILE] [--books DIR] [--out FILE]

Defaults: books.annotations.txt, ../books, books.entities.jsonl (relative to
testdata/gold). The held-out set is built with

    python3 testdata/gold/build_books_gold.py \
        --annotations books-heldout.annotations.txt \
        --books ../books-heldout --out books-heldout.entities.jsonl

`books.annotations.txt` has one block per passage: a line `# <id>` and then
one line per mention, in text order: `LABEL text` or, for persons,
`LABEL text = canonical`. A mention is found at the next occurrence of its
text after the previous mention (whole words; a space in the text matches
any run of white space, so names broken across lines are written with a
space). Offsets are byte offsets into testdata/books/<id>.txt, and every
annotation's `text` is checked against those bytes.

Warnings (printed, not fatal): an occurrence of an annotated text that no
annotation of the passage covers, to catch a repeated mention left out.
With --check, the jsonl is only compared with what it would be written as.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent
BOOKS = GOLD.parent / "books"
LABELS = {"PER", "LOC", "ORG", "MIL", "SHIP", "EVENT"}
WORD = r"[^\W_]"


def parse(src: str, name: str = "books.annotations.txt"):
    blocks, cur = [], None
    for n, line in enumerate(src.splitlines(), 1):
        line = line.rstrip()
        if not line or line.startswith("##"):
            continue
        if line.startswith("# "):
            cur = (line[2:].strip(), [])
            blocks.append(cur)
            continue
        label, _, rest = line.partition(" ")
        if label not in LABELS or cur is None:
            raise SystemExit(f"{name}:{n}: bad line {line!r}")
        text, _, canon = rest.partition(" = ")
        cur[1].append((n, label, text.strip(), canon.strip() or None))
    return blocks


def pattern(text: str):
    parts = [re.escape(w) for w in text.split()]
    return re.compile(rf"(?<!{WORD})" + r"\s+".join(parts) + rf"(?!{WORD})")


def build(ann_name="books.annotations.txt", books=BOOKS):
    blocks = parse((GOLD / ann_name).read_text(encoding="utf-8"), ann_name)
    rel = Path(os.path.relpath(books, GOLD)).as_posix()
    lines, warnings = [], []
    for pid, mentions in blocks:
        data = (books / f"{pid}.txt").read_bytes()
        s = data.decode("utf-8")
        # Character offset -> byte offset.
        byte_at = [0]
        for ch in s:
            byte_at.append(byte_at[-1] + len(ch.encode("utf-8")))
        pos, anns, spans = 0, [], []
        for n, label, text, canon in mentions:
            m = pattern(text).search(s, pos)
            if not m:
                raise SystemExit(f"{ann_name}:{n}: {text!r} not found in {pid} after char {pos}")
            pos = m.end()
            start, end = byte_at[m.start()], byte_at[m.end()]
            got = data[start:end].decode("utf-8")
            assert got == m.group(0)
            a = {"kind": "entity", "label": label, "start": start, "end": end, "text": got}
            if label == "PER":
                if not canon:
                    raise SystemExit(f"{ann_name}:{n}: PER without canonical")
                a["canonical"] = canon
            elif canon:
                raise SystemExit(f"{ann_name}:{n}: canonical on {label}")
            anns.append(a)
            spans.append((m.start(), m.end()))
        for text in sorted({t for _, _, t, _ in mentions}):
            for m in pattern(text).finditer(s):
                if not any(a <= m.start() and m.end() <= b for a, b in spans):
                    line = s.count("\n", 0, m.start()) + 1
                    warnings.append(f"{pid}:{line}: {m.group(0)!r} not annotated here")
        lang = "es" if pid.split("_")[-2] == "es" else "en"
        doc = {"id": pid, "path": f"{rel}/{pid}.txt", "lang": lang, "annotations": anns}
        lines.append(json.dumps(doc, ensure_ascii=False))
    return "\n".join(lines) + "\n", warnings


def main():
    ap = argparse.ArgumentParser(description="Build the books gold jsonl from hand annotations.")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--annotations", default="books.annotations.txt", help="relative to testdata/gold")
    ap.add_argument("--books", default="../books", help="passages folder, relative to testdata/gold")
    ap.add_argument("--out", default="books.entities.jsonl", help="relative to testdata/gold")
    args = ap.parse_args()
    out, warnings = build(args.annotations, GOLD / args.books)
    for w in warnings:
        print("warning:", w)
    target = GOLD / args.out
    if args.check:
        if target.read_text(encoding="utf-8") != out:
            raise SystemExit(f"{args.out} is not up to date")
        print(f"{args.out} is up to date")
    else:
        target.write_text(out, encoding="utf-8")
    # Verify every annotation against the passage bytes.
    for line in out.splitlines():
        d = json.loads(line)
        data = (GOLD / d["path"]).read_bytes()
        for a in d["annotations"]:
            assert data[a["start"]:a["end"]].decode("utf-8") == a["text"], (d["id"], a)


if __name__ == "__main__":
    main()
