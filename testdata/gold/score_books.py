#!/usr/bin/env python3
"""Per-label scores of `quipu extract` output against `books.entities.jsonl`,
places (LOC) included (`quipu eval entities` leaves LOC out, `quipu eval
geo` scores LOC alone).

Usage (from the repository root; QUIPU defaults to target/release/quipu):

    python3 testdata/gold/score_books.py [--list] [QUIPU]

Runs `QUIPU extract --lang en|es` on every passage of the gold file and
prints, with the same matching as quipu-eval (exact spans first, then any
overlap, one to one):
- all labels together: strict and relaxed P/R/F1 with the label ignored,
  label accuracy over relaxed matches, canonical accuracy over matched PER
  (as given, and with white space runs read as one space);
- per label: strict and relaxed P/R/F1 where a match must also have the
  label;
- a confusion table: for each gold label, the labels of the predictions
  matched to it (relaxed, label ignored), `-` for none.
With --list, every disagreement (miss, false alarm, wrong label, wrong
canonical, other span).
"""

import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "books.entities.jsonl"
LABELS = ["PER", "LOC", "ORG", "MIL", "SHIP", "EVENT"]


def match(gold, pred):
    """Pairs (gi, pi, exact): exact spans first, then overlaps, one to one."""
    gu, pu, pairs = [False] * len(gold), [False] * len(pred), []
    for exact in (True, False):
        for gi, g in enumerate(gold):
            if gu[gi]:
                continue
            for pi, p in enumerate(pred):
                if pu[pi]:
                    continue
                ok = (p["start"], p["end"]) == (g["start"], g["end"]) if exact else (
                    p["start"] < g["end"] and g["start"] < p["end"])
                if ok:
                    gu[gi] = pu[pi] = True
                    pairs.append((gi, pi, exact))
                    break
    return pairs


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quipu = args[0] if args else "target/release/quipu"
    listing = "--list" in sys.argv
    docs = [json.loads(l) for l in GOLD.read_text(encoding="utf-8").splitlines() if l.strip()]
    preds = {}
    for lang in ("en", "es"):
        paths = [str(GOLD.parent / d["path"]) for d in docs if d["lang"] == lang]
        out = subprocess.run([quipu, "extract", "--lang", lang, *paths],
                             check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            preds[Path(r["path"]).stem] = [a for a in r["annotations"] if a["kind"] == "entity"]
    tot = Counter()
    per = defaultdict(Counter)
    conf = defaultdict(Counter)
    lines = []
    for d in docs:
        text = (GOLD.parent / d["path"]).read_bytes()
        q = lambda a: text[a["start"]:a["end"]].decode("utf-8", "replace")
        g, p = d["annotations"], preds[d["id"]]
        tot["gold"] += len(g)
        tot["pred"] += len(p)
        gm, pm = set(), set()
        for gi, pi, exact in match(g, p):
            gm.add(gi)
            pm.add(pi)
            tot["relaxed"] += 1
            tot["strict"] += exact
            ga, pa = g[gi], p[pi]
            conf[ga["label"]][pa["label"]] += 1
            if not exact:
                lines.append(f"span   {d['id']} gold {q(ga)!r} {ga['label']}, quipu {q(pa)!r} {pa['label']}")
            if ga["label"] == pa["label"]:
                tot["label_ok"] += 1
            else:
                lines.append(f"label  {d['id']} {q(ga)!r} gold {ga['label']}, quipu {pa['label']} {q(pa)!r}")
            if ga["label"] == "PER" and pa["label"] == "PER":
                tot["per_pairs"] += 1
                pc = pa.get("canonical") or ""
                tot["canon_ok"] += pc == ga["canonical"]
                tot["canon_ws_ok"] += " ".join(pc.split()) == ga["canonical"]
                if " ".join(pc.split()) != ga["canonical"]:
                    lines.append(f"canon  {d['id']} {q(ga)!r} gold {ga['canonical']!r}, quipu {pc!r}")
        for gi, ga in enumerate(g):
            if gi not in gm:
                conf[ga["label"]]["-"] += 1
                lines.append(f"miss   {d['id']} {ga['start']}..{ga['end']} {q(ga)!r} {ga['label']}")
        for pi, pa in enumerate(p):
            if pi not in pm:
                lines.append(f"false  {d['id']} {pa['start']}..{pa['end']} {q(pa)!r} {pa['label']} [{pa.get('rule', '')}]")
        for lab in LABELS:
            gl = [a for a in g if a["label"] == lab]
            pl = [a for a in p if a["label"] == lab]
            pairs = match(gl, pl)
            per[lab]["gold"] += len(gl)
            per[lab]["pred"] += len(pl)
            per[lab]["relaxed"] += len(pairs)
            per[lab]["strict"] += sum(e for _, _, e in pairs)
    print(f"{len(docs)} passages, {tot['gold']} gold mentions, {tot['pred']} predicted (all labels)")
    for kind in ("strict", "relaxed"):
        p, r, f = prf(tot[kind], tot["pred"], tot["gold"])
        print(f"  {kind:8} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (label ignored)")
    print(f"  label accuracy {tot['label_ok'] / tot['relaxed']:.3f} over {tot['relaxed']} relaxed matches")
    if tot["per_pairs"]:
        print(f"  canonical accuracy {tot['canon_ok'] / tot['per_pairs']:.3f} "
              f"(white space normalized {tot['canon_ws_ok'] / tot['per_pairs']:.3f}) over {tot['per_pairs']} PER-PER matches")
    print("\nper label (a match must have the label)")
    print("  label  gold  pred   strict P/R/F1        relaxed P/R/F1")
    for lab in LABELS:
        c = per[lab]
        sp, sr, sf = prf(c["strict"], c["pred"], c["gold"])
        rp, rr, rf = prf(c["relaxed"], c["pred"], c["gold"])
        print(f"  {lab:5} {c['gold']:5} {c['pred']:5}   {sp:.3f} {sr:.3f} {sf:.3f}   {rp:.3f} {rr:.3f} {rf:.3f}")
    print("\nconfusion (gold label -> labels of matched predictions; - = missed)")
    for lab in LABELS:
        print(f"  {lab:5} " + ", ".join(f"{k} {v}" for k, v in conf[lab].most_common()))
    if listing:
        print()
        print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
