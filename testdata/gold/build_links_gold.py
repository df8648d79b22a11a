#!/usr/bin/env python3
"""Build a cross-document links gold (`*.links.jsonl`) from a readable annotation file.

Usage (from the repository root):

    python3 testdata/gold/build_links_gold.py testdata/gold/examples.links.txt
    python3 testdata/gold/build_links_gold.py testdata/gold/corpus.links.txt [--check]
    python3 testdata/gold/build_links_gold.py testdata/gold/books-dev.links.txt [--check]

The output is the annotation file with `.txt` replaced by `.jsonl`, next to it
(`--out FILE` to change). With --check, nothing is written: the jsonl on disk is
compared with what would be written, and the exit status is 1 if they differ.

Annotation file syntax (one item per line; blank lines and lines starting with
`#` are ignored; leading white space is ignored):

    doc ALIAS PATH
        A document. PATH is relative to the annotation file's folder (which is
        also the jsonl's folder) and is written as such into the jsonl; the
        document id is the file stem. ALIAS is a short name used below.

    entity LABEL | fullest name
    event TYPE | DATE-or-null | short description
    discrepancy KIND | one-line description
        Open a record. The mention lines that follow belong to it.

    ALIAS | text | OCC
        A mention (or, for a discrepancy, an evidence span): the OCC-th
        occurrence of `text` in the document, counting whole-word occurrences
        from the start of the file (1-based; a space in `text` matches any run
        of white space, so a name broken across lines is written with a space,
        and the jsonl `text` is then the exact bytes, line break included).
        OCC may be a list (`1,3`), `*` (every occurrence), or `*!2,5` (every
        occurrence but the 2nd and the 5th). Occurrences taken by `*` that lie
        inside another mention of the same record in the same document are
        dropped (so `San Martín | *` next to `José de San Martín | 1` does not
        list the inner `San Martín` twice). Explicit occurrences are kept as
        written.

Checks (fatal): unknown alias, label, type or kind; text not found; the
`text` of every mention equal to the bytes at start..end of the document; a
mention listed twice in one record; an event or entity with mentions in
fewer than two documents (an entity may instead have two different spellings);
a discrepancy with fewer than two evidence spans.

Offsets are UTF-8 byte offsets, end exclusive.
"""

import argparse
import json
import re
import sys
from pathlib import Path

LABELS = {"PER", "LOC", "ORG", "MIL", "SHIP"}
TYPES = {
    "battle", "movement", "embarkation", "capture", "siege", "mutiny", "request",
    "communication", "appointment", "outcome", "casualties", "treaty",
}
KINDS = {"sum", "number", "date", "name"}
WORD = r"[^\W_]"


def die(msg):
    raise SystemExit(msg)


def pattern(text):
    parts = [re.escape(w) for w in text.split()]
    return re.compile(rf"(?<!{WORD})" + r"\s+".join(parts) + rf"(?!{WORD})")


class Doc:
    def __init__(self, alias, rel, folder):
        self.alias, self.rel = alias, rel
        self.id = Path(rel).stem
        self.data = (folder / rel).read_bytes()
        self.s = self.data.decode("utf-8")
        self.byte_at = [0]
        for ch in self.s:
            self.byte_at.append(self.byte_at[-1] + len(ch.encode("utf-8")))
        self._cache = {}

    def occurrences(self, text):
        if text not in self._cache:
            self._cache[text] = [(m.start(), m.end()) for m in pattern(text).finditer(self.s)]
        return self._cache[text]


def parse_occ(spec, n_found, where):
    spec = spec.strip()
    if spec.startswith("*"):
        rest = spec[1:].strip()
        excl = set()
        if rest:
            if not rest.startswith("!"):
                die(f"{where}: bad occurrence spec {spec!r}")
            excl = {int(x) for x in rest[1:].split(",")}
        return [i for i in range(1, n_found + 1) if i not in excl], True
    try:
        return [int(x) for x in spec.split(",")], False
    except ValueError:
        die(f"{where}: bad occurrence spec {spec!r}")


def build(ann_path: Path):
    folder = ann_path.parent
    docs, records, cur = {}, [], None
    for n, raw in enumerate(ann_path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{ann_path.name}:{n}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(" ")
        if head == "doc":
            alias, rel = rest.split()
            if alias in docs:
                die(f"{where}: alias {alias} defined twice")
            docs[alias] = Doc(alias, rel, folder)
            continue
        if head in ("entity", "event", "discrepancy"):
            fields = [f.strip() for f in rest.split("|")]
            if head == "entity":
                if len(fields) != 2 or fields[0] not in LABELS:
                    die(f"{where}: bad entity line")
                rec = {"record": "entity", "label": fields[0], "name": fields[1]}
            elif head == "event":
                if len(fields) != 3 or fields[0] not in TYPES:
                    die(f"{where}: bad event line")
                date = None if fields[1] in ("", "null") else fields[1]
                rec = {"record": "event", "type": fields[0], "date": date, "description": fields[2]}
            else:
                if len(fields) != 2 or fields[0] not in KINDS:
                    die(f"{where}: bad discrepancy line")
                rec = {"record": "discrepancy", "kind": fields[0], "description": fields[1]}
            cur = {"rec": rec, "spans": [], "line": where}
            records.append(cur)
            continue
        # A mention line.
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 3 or cur is None:
            die(f"{where}: bad line {raw!r}")
        alias, text, spec = fields
        if alias not in docs:
            die(f"{where}: unknown document alias {alias!r}")
        doc = docs[alias]
        found = doc.occurrences(text)
        if not found:
            die(f"{where}: {text!r} not found in {doc.id}")
        occs, star = parse_occ(spec, len(found), where)
        for k in occs:
            if not 1 <= k <= len(found):
                die(f"{where}: {text!r} occurs {len(found)} times in {doc.id}, not {k}")
            a, b = found[k - 1]
            cur["spans"].append((doc, a, b, star, where))

    out = [
        {"record": "document", "id": d.id, "path": d.rel} for d in docs.values()
    ]
    if len({d.id for d in docs.values()}) != len(docs):
        die("two aliases name the same document")
    for r in records:
        spans = r["spans"]
        # Drop `*` occurrences nested inside another span of the same record and document.
        kept = []
        for sp in spans:
            doc, a, b, star, where = sp
            if star and any(
                o is not sp and o[0] is doc and o[1] <= a and b <= o[2] and (o[1], o[2]) != (a, b)
                for o in spans
            ):
                continue
            kept.append(sp)
        seen = set()
        mentions = []
        for doc, a, b, star, where in kept:
            key = (doc.id, a, b)
            if key in seen:
                die(f"{where}: mention {doc.s[a:b]!r} at char {a} of {doc.id} listed twice in one record")
            seen.add(key)
            start, end = doc.byte_at[a], doc.byte_at[b]
            text = doc.data[start:end].decode("utf-8")
            if text != doc.s[a:b]:
                die(f"{where}: offset mismatch")
            mentions.append({"doc": doc.id, "start": start, "end": end, "text": text})
        rec = dict(r["rec"])
        ndocs = len({m["doc"] for m in mentions})
        nspell = len({" ".join(m["text"].split()) for m in mentions})
        if rec["record"] == "event" and ndocs < 2:
            die(f"{r['line']}: event in fewer than two documents")
        if rec["record"] == "entity" and ndocs < 2 and nspell < 2:
            die(f"{r['line']}: entity in one document with one spelling")
        if rec["record"] == "discrepancy":
            if len(mentions) < 2:
                die(f"{r['line']}: discrepancy with fewer than two evidence spans")
            rec["evidence"] = mentions
        else:
            rec["mentions"] = mentions
        out.append(rec)
    # Final independent check: every span's text equals the document bytes.
    by_id = {d.id: d for d in docs.values()}
    for rec in out:
        for m in rec.get("mentions", []) + rec.get("evidence", []):
            got = by_id[m["doc"]].data[m["start"]:m["end"]]
            if got != m["text"].encode("utf-8"):
                die(f"text/bytes mismatch: {m}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("annotations")
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    ann = Path(args.annotations).resolve()
    out_path = Path(args.out) if args.out else ann.with_suffix(".jsonl")
    recs = build(ann)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    counts = {}
    for r in recs:
        k = r["record"] if r["record"] != "discrepancy" else f"discrepancy:{r['kind']}"
        counts[k] = counts.get(k, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    if args.check:
        same = out_path.exists() and out_path.read_text(encoding="utf-8") == text
        print(f"{out_path}: {'up to date' if same else 'DIFFERS'} ({summary})")
        sys.exit(0 if same else 1)
    out_path.write_text(text, encoding="utf-8")
    print(f"wrote {out_path} ({summary})")


if __name__ == "__main__":
    main()
