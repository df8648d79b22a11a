#!/usr/bin/env python3
"""Choose the passages of the books gold (`books.entities.jsonl`).

Usage (from the repository root):

    python3 testdata/gold/make_books_passages.py [CORPUS_DIR] [OUT_DIR]
        [--seed-prefix PREFIX] [--per-book N] [--avoid DIR]...
        [--avoid-any DIR]... [--need-number]

The held-out set (`books-heldout.entities.jsonl`) was made with

    python3 testdata/gold/make_books_passages.py /work/shared/corpus \
        testdata/books-heldout --seed-prefix heldout-20261202 --per-book 2 \
        --avoid testdata/books

The second held-out set (`books-heldout2.*.jsonl`) was made with

    python3 testdata/gold/make_books_passages.py /work/shared/corpus \
        testdata/books-heldout2 --seed-prefix 20261207 --per-book 2 \
        --avoid testdata/books --avoid testdata/books-heldout \
        --avoid-any testdata/links --avoid-any testdata/links-dev --need-number

CORPUS_DIR defaults to /work/shared/corpus (its history-en/*.txt and
history-es/*.txt are read), OUT_DIR to testdata/books. Writes
OUT_DIR/<book-stem>_<n>.txt, n = 1..3, each exactly the bytes of the
passage as it stands in the book (original line breaks, one final newline),
and prints one line per passage: id, byte offset in the book, length.

Deterministic: no input but the books; the positions are drawn with
random.Random(f"{PREFIX}/{stem}") (PREFIX = --seed-prefix, default 20261202),
one generator per book, so the choice in one book does not depend on the
others. --avoid DIR (repeatable): the passages DIR/<stem>_<n>.txt are located
in the book (exact bytes) and a drawn passage overlapping one is drawn again,
as for one already kept. --avoid-any DIR does the same for every
DIR/<stem>_*.txt, whatever follows the stem (the cross-document passages of
testdata/links are named after their topic); a missing DIR is skipped.
--need-number keeps a passage only if it has a digit or an English or
Spanish number word (NUMBER_WORDS), so that dates and quantities are likely.

How a passage is chosen:
1. The text between the Project Gutenberg START and END lines is split into
   paragraphs (runs of non-blank lines).
2. The body is the paragraphs from 5 % to 95 % of the way through (front
   matter, preface and table of contents before, licence remnants and
   indexes after), cut again at the first paragraph that is only `INDEX`,
   `ÍNDICE` or `FOOTNOTES:` in the second half of the book.
3. A paragraph is *narrative* when: it does not start with `[` (footnotes,
   illustrations, notes), no line starts with a blank (verse, tables,
   block quotations, contents), it has no dot leaders, at most 3 % of its
   characters are digits (indexes, tables), at most 30 % of its letters are
   capitals (headings), and it has more than one line or ends in sentence
   punctuation (so one-line headings are out, one-line speeches stay).
4. Draw a paragraph index among the narrative paragraphs of the body; the
   passage is that paragraph and the ones after it, while they are
   narrative, until it reaches 1,000 bytes. It is kept if it then has at
   most 1,600 bytes and does not overlap a passage already kept; otherwise
   draw again. Three passages per book (--per-book), numbered in the order
   drawn. With --need-number, a passage without a digit or number word
   counts as not kept (draw again).
"""

import argparse
import random
import re
import sys
from pathlib import Path

SEED = 20261202
PER_BOOK = 3
MIN_BYTES, MAX_BYTES = 1000, 1600
# Number words for --need-number: English and Spanish cardinals from two up
# (not `one`/`uno`/`una`, which are pronouns and articles as often, nor
# Spanish `once`, an English word), and the multipliers.
NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fifteen|twenty|thirty|forty|fifty|sixty|hundreds?|thousands?|"
    r"millions?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|veinte|"
    r"treinta|cuarenta|cincuenta|cien|ciento|cientos|mil|millón|millones)\b",
    re.IGNORECASE,
)


def has_number(text: str) -> bool:
    return bool(re.search(r"\d", text) or NUMBER_WORDS.search(text))


def paragraphs(data: bytes):
    """(start, end) byte ranges of the paragraphs between START and END."""
    start = re.search(rb"\*\*\* ?START OF[^\n]*\n", data)
    end = re.search(rb"\n\*\*\* ?END OF", data)
    lo = start.end() if start else 0
    hi = end.start() if end else len(data)
    out = []
    for m in re.finditer(rb"(?:[^\n]*\S[^\n]*\n?)+", data[lo:hi]):
        s, e = lo + m.start(), lo + m.end()
        # A paragraph's range covers its lines and their final newlines.
        out.append((s, e))
    return out


def body(data: bytes, paras):
    n = len(paras)
    lo, hi = int(n * 0.05), int(n * 0.95)
    for i in range(n // 2, hi):
        s, e = paras[i]
        if data[s:e].strip() in (b"INDEX", "ÍNDICE".encode(), b"FOOTNOTES:"):
            hi = i
            break
    return lo, hi


def narrative(text: str) -> bool:
    if text.startswith("["):
        return False
    lines = text.rstrip("\n").split("\n")
    if any(line[:1].isspace() for line in lines):
        return False
    if re.search(r"(\. ?){4,}", text):
        return False
    chars = [c for c in text if not c.isspace()]
    if not chars or sum(c.isdigit() for c in chars) > 0.03 * len(chars):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.30 * len(letters):
        return False
    if len(lines) == 1 and not re.search(r"[.!?»\"'”’:)]$", lines[0].rstrip()):
        return False
    return True


def avoided(stem: str, data: bytes, dirs, any_dirs=()):
    """Byte ranges in the book of the passages DIR/<stem>_<n>.txt (dirs)
    and DIR/<stem>_*.txt (any_dirs)."""
    out = []
    for d, numbered in [(d, True) for d in dirs] + [(d, False) for d in any_dirs]:
        if not numbered and not Path(d).is_dir():
            continue
        for f in sorted(Path(d).glob(f"{stem}_*.txt")):
            if numbered and not re.fullmatch(rf"{re.escape(stem)}_\d+", f.stem):
                continue
            text = f.read_bytes()
            s = data.find(text)
            if s < 0:
                raise SystemExit(f"{f}: not found in the book {stem}")
            if data.find(text, s + 1) >= 0:
                raise SystemExit(f"{f}: found twice in the book {stem}")
            out.append((s, s + len(text)))
    return out


def choose(stem: str, data: bytes, seed_prefix=str(SEED), per_book=PER_BOOK, avoid=(),
           need_number=False):
    paras = paragraphs(data)
    lo, hi = body(data, paras)
    ok = [narrative(data[s:e].decode("utf-8")) for s, e in paras]
    candidates = [i for i in range(lo, hi) if ok[i]]
    rng = random.Random(f"{seed_prefix}/{stem}")
    kept = []  # (start, end) byte ranges
    avoid = list(avoid)
    tries = 0
    while len(kept) < per_book:
        tries += 1
        if tries > 10_000:
            raise SystemExit(f"{stem}: no room for {per_book} passages")
        i = rng.choice(candidates)
        j = i
        s = paras[i][0]
        while True:
            e = paras[j][1]
            if e - s >= MIN_BYTES:
                break
            j += 1
            if j >= hi or not ok[j]:
                e = None
                break
        if e is None:
            continue
        # End at the last line's newline (one final newline).
        text = data[s:e].rstrip(b"\n") + b"\n"
        e = s + len(text)
        if len(text) > MAX_BYTES:
            continue
        if any(s < ke and ks < e for ks, ke in kept + avoid):
            continue
        if need_number and not has_number(text.decode("utf-8")):
            continue
        kept.append((s, e))
    return kept


def main():
    ap = argparse.ArgumentParser(description="Choose the passages of the books gold.")
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus")
    ap.add_argument("out", nargs="?", default="testdata/books")
    ap.add_argument("--seed-prefix", default=str(SEED))
    ap.add_argument("--per-book", type=int, default=PER_BOOK)
    ap.add_argument("--avoid", action="append", default=[], metavar="DIR")
    ap.add_argument("--avoid-any", action="append", default=[], metavar="DIR")
    ap.add_argument("--need-number", action="store_true")
    args = ap.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    books = sorted(corpus.glob("history-en/*.txt")) + sorted(corpus.glob("history-es/*.txt"))
    for book in books:
        data = book.read_bytes()
        avoid = avoided(book.stem, data, args.avoid, args.avoid_any)
        chosen = choose(book.stem, data, args.seed_prefix, args.per_book, avoid, args.need_number)
        for n, (s, e) in enumerate(chosen, 1):
            pid = f"{book.stem}_{n}"
            (out / f"{pid}.txt").write_bytes(data[s:e])
            print(f"{pid}\t{s}\t{e - s}")


if __name__ == "__main__":
    main()
