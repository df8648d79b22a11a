#!/usr/bin/env python3
"""Build persons-dev.entities.jsonl from persons-dev.annotations.txt.

The annotations file holds hand-written passages: `## id`, the text (one or
more lines, joined with spaces), `--`, then one mention per line in text
order: `LABEL text` or `PER text = canonical`. Offsets are found by
whole-word search in order; every annotation's text is checked against the
bytes at start..end. Run from this folder: python3 build_persons_dev.py
"""
import json
import re
import sys

SRC = "persons-dev.annotations.txt"
OUT = "persons-dev.entities.jsonl"


def blocks(lines):
    cur = None
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("## "):
            if cur:
                yield cur
            cur = {"id": "persons-dev-" + line[3:].strip(), "text": [], "ann": [], "in_ann": False}
        elif cur is None or not line.strip():
            continue
        elif line.strip() == "--":
            cur["in_ann"] = True
        elif cur["in_ann"]:
            cur["ann"].append(line)
        else:
            cur["text"].append(line.strip())
    if cur:
        yield cur


def main():
    out = []
    with open(SRC, encoding="utf-8") as f:
        for b in blocks(f):
            text = " ".join(b["text"])
            data = text.encode("utf-8")
            pos = 0
            anns = []
            for a in b["ann"]:
                label, rest = a.split(" ", 1)
                canon = None
                if " = " in rest:
                    rest, canon = rest.split(" = ", 1)
                m = re.compile(r"(?<!\w)" + re.escape(rest) + r"(?!\w)").search(text, pos)
                if not m:
                    sys.exit(f"{b['id']}: {rest!r} not found after {pos}")
                start = len(text[: m.start()].encode("utf-8"))
                end = start + len(rest.encode("utf-8"))
                assert data[start:end].decode("utf-8") == rest
                ann = {"kind": "entity", "label": label, "start": start, "end": end, "text": rest}
                if canon is not None:
                    ann["canonical"] = canon
                anns.append(ann)
                pos = m.end()
            out.append({"id": b["id"], "text": text + "\n", "lang": "en", "annotations": anns})
    with open(OUT, "w", encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    counts = {}
    for d in out:
        for a in d["annotations"]:
            counts[a["label"]] = counts.get(a["label"], 0) + 1
    print(len(out), "passages", sorted(counts.items()))


if __name__ == "__main__":
    main()
