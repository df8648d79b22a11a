#!/usr/bin/env python3
"""Build the second held-out books gold from its hand annotations.

Usage (from the repository root):

    python3 testdata/gold/build_heldout2_gold.py [--check] [--gazetteer DIR]

Reads testdata/gold/books-heldout2.annotations.txt and the passages
testdata/books-heldout2/<id>.txt; writes testdata/gold/books-heldout2.
{entities,geo,timex,quantities}.jsonl, one record per passage (all 26, also
those with no annotation of a layer), `path` relative to testdata/gold.

The annotations file has one block per passage: a line `# <id>`, then one
line per annotation (`##` lines are comments):

    LABEL text                          an entity (ORG, MIL, SHIP, EVENT)
    PER text = canonical                a person
    LOC text @ ID LAT LON               a place with its gazetteer entry
    LOC text @ null                     a place the gazetteer lacks
    T TYPE VALUE MOD | text             a TIMEX3 (MOD `-` for none)
    Q VALUE ; APPROX ; UNIT ; CATEGORY | text
                                        a quantity: VALUE a number or
                                        `low..high`; `-` for a null field

The lines of each layer (entities with places; timex; quantities) are in
text order: a line's text is found at the next whole-word occurrence after
the previous line of the same layer (a space matches any run of white
space). Offsets are byte offsets, and every annotation's `text` is checked
against the passage's bytes at start..end. Warnings (not fatal): an
occurrence of an annotated entity text that no entity covers; a place text
with two different gazetteer entries in one passage.

--gazetteer DIR (the GeoNames source folder, e.g.
/work/shared/data/gazetteer) also checks every `geonames:` id and point
against cities500.json (a country: its median place, as quipu's build does;
a continent: continents.json), and every `quipu:` id and point against
crates/quipu-geo/data/curated.tsv.
With --check, the jsonl files are only compared with what would be written.
"""

import argparse
import json
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent
sys.path.insert(0, str(GOLD))
from build_books_gold import pattern  # noqa: E402

ANN = "books-heldout2.annotations.txt"
BOOKS = GOLD.parent / "books-heldout2"
PREFIX = "books-heldout2"
ENTITY_LABELS = {"PER", "LOC", "ORG", "MIL", "SHIP", "EVENT"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
TIMEX_MODS = {"START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE",
              "ON_OR_AFTER", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}
APPROX = {"about", "almost", "more_than", "less_than", "at_least", "at_most"}
CATEGORIES = {"personnel", "money", "vessels", "weapons", "animals", "casualties",
              "duration", "distance", "fraction", "other"}
TIMEX_VALUE = re.compile(
    r"(PAST_REF|PRESENT_REF|FUTURE_REF"
    r"|[0-9X]{2,4}(-[0-9X]{2}(-[0-9X]{2})?)?(T([0-9]{2}:[0-9]{2}|MO|AF|EV|NI))?"
    r"|P([0-9X.]+[YMWD])+|PT([0-9X.]+[HMS])+|P([0-9X.]+[YMWD])+T([0-9X.]+[HMS])+)$"
)


def num(s):
    return None if s == "-" else float(s)


def parse(src, name):
    blocks, cur = [], None
    for n, line in enumerate(src.splitlines(), 1):
        line = line.rstrip()
        if not line or line.startswith("##"):
            continue
        if line.startswith("# "):
            cur = (line[2:].strip(), [])
            blocks.append(cur)
            continue
        if cur is None:
            raise SystemExit(f"{name}:{n}: annotation before the first `# id` line")
        head, _, rest = line.partition(" ")
        bad = f"{name}:{n}: bad line {line!r}"
        if head in ENTITY_LABELS:
            a = {"kind": "entity", "label": head}
            if head == "PER":
                text, sep, canon = rest.partition(" = ")
                if not sep or not canon.strip():
                    raise SystemExit(f"{name}:{n}: PER without canonical")
                a["canonical"] = canon.strip()
            elif head == "LOC":
                text, sep, g = rest.partition(" @ ")
                if not sep:
                    raise SystemExit(f"{name}:{n}: LOC without `@ ID LAT LON` or `@ null`")
                g = g.split()
                if g == ["null"]:
                    a["geo"] = None
                elif len(g) == 3 and re.fullmatch(r"(geonames:\d+|quipu:[a-z0-9-]+)", g[0]):
                    a["geo"] = {"lat": float(g[1]), "lon": float(g[2]), "id": g[0]}
                else:
                    raise SystemExit(bad)
            else:
                text = rest
                if " = " in text or " @ " in text:
                    raise SystemExit(bad)
            layer = "entity"
        elif head == "T":
            fields, sep, text = rest.partition(" | ")
            f = fields.split()
            if not sep or len(f) != 3 or f[0] not in TIMEX_TYPES:
                raise SystemExit(bad)
            if not TIMEX_VALUE.match(f[1]) or (f[2] != "-" and f[2] not in TIMEX_MODS):
                raise SystemExit(f"{name}:{n}: bad TIMEX3 value or mod {line!r}")
            a = {"kind": "timex", "type": f[0], "value": f[1],
                 "mod": None if f[2] == "-" else f[2]}
            layer = "timex"
        elif head == "Q":
            fields, sep, text = rest.partition(" | ")
            f = [x.strip() for x in fields.split(";")]
            if not sep or len(f) != 4:
                raise SystemExit(bad)
            value, approx, unit, cat = f
            if ".." in value:
                lo, hi = value.split("..")
                v, low, high = None, num(lo), num(hi)
            else:
                v, low, high = num(value), None, None
            if approx != "-" and approx not in APPROX or cat not in CATEGORIES:
                raise SystemExit(f"{name}:{n}: bad approx or category {line!r}")
            a = {"kind": "quantity", "value": v, "low": low, "high": high,
                 "approx": None if approx == "-" else approx,
                 "unit": None if unit == "-" else unit, "category": cat}
            layer = "quantity"
        else:
            raise SystemExit(bad)
        cur[1].append((n, layer, text.strip(), a))
    return blocks


def build(ann_name=ANN, books=BOOKS):
    blocks = parse((GOLD / ann_name).read_text(encoding="utf-8"), ann_name)
    ids = [pid for pid, _ in blocks]
    on_disk = sorted(p.stem for p in books.glob("*.txt"))
    if sorted(ids) != on_disk or len(set(ids)) != len(ids):
        raise SystemExit(f"{ann_name}: the blocks are not exactly the passages of {books}")
    rel = Path(books).resolve().relative_to(GOLD.parent).as_posix()
    out = {k: [] for k in ("entities", "geo", "timex", "quantities")}
    warnings = []
    for pid, items in blocks:
        data = (books / f"{pid}.txt").read_bytes()
        s = data.decode("utf-8")
        byte_at = [0]
        for ch in s:
            byte_at.append(byte_at[-1] + len(ch.encode("utf-8")))
        pos = {"entity": 0, "timex": 0, "quantity": 0}
        anns = {"entity": [], "timex": [], "quantity": []}
        spans = []
        for n, layer, text, a in items:
            m = pattern(text).search(s, pos[layer])
            if not m:
                raise SystemExit(f"{ann_name}:{n}: {text!r} not found in {pid} after char {pos[layer]}")
            pos[layer] = m.end()
            start, end = byte_at[m.start()], byte_at[m.end()]
            got = data[start:end].decode("utf-8")
            assert got == m.group(0)
            rec = {"kind": a["kind"]}
            if layer == "entity":
                rec["label"] = a["label"]
                spans.append((m.start(), m.end()))
            rec.update({"start": start, "end": end, "text": got})
            rec.update({k: v for k, v in a.items() if k not in ("kind", "label")})
            anns[layer].append(rec)
        ent_texts = {t for _, layer, t, _ in items if layer == "entity"}
        for text in sorted(ent_texts):
            for m in pattern(text).finditer(s):
                if not any(a <= m.start() and m.end() <= b for a, b in spans):
                    line = s.count("\n", 0, m.start()) + 1
                    warnings.append(f"{pid}:{line}: {m.group(0)!r} not annotated here")
        places = {}
        for r in anns["entity"]:
            if r["label"] == "LOC":
                key = " ".join(r["text"].split())
                gid = r["geo"]["id"] if r["geo"] else None
                if places.setdefault(key, gid) != gid:
                    warnings.append(f"{pid}: {key!r} has two gazetteer entries")
        lang = "es" if pid.split("_")[-2] == "es" else "en"
        head = {"id": pid, "path": f"../{rel}/{pid}.txt", "lang": lang}

        def doc(a):
            return json.dumps({**head, "annotations": a}, ensure_ascii=False)

        out["entities"].append(doc([{k: v for k, v in r.items() if k != "geo"}
                                    for r in anns["entity"]]))
        out["geo"].append(doc([r for r in anns["entity"] if r["label"] == "LOC"]))
        out["timex"].append(doc(anns["timex"]))
        out["quantities"].append(doc(anns["quantity"]))
    return {k: "\n".join(v) + "\n" for k, v in out.items()}, warnings


def check_gazetteer(files, gaz_dir):
    """Every gold point agrees with the gazetteer entry its id names."""
    gaz_dir = Path(gaz_dir)
    cities = json.loads((gaz_dir / "cities500.json").read_text(encoding="utf-8"))
    points, by_cc = {}, {}
    for c in cities.values():
        points[f"geonames:{c['geonameid']}"] = (c["latitude"], c["longitude"])
        la, lo = by_cc.setdefault(c["countrycode"], ([], []))
        la.append(c["latitude"])
        lo.append(c["longitude"])
    for iso, c in json.loads((gaz_dir / "countries.json").read_text(encoding="utf-8")).items():
        if iso in by_cc:
            la, lo = (sorted(x) for x in by_cc[iso])
            points[f"geonames:{c['geonameid']}"] = (la[len(la) // 2], lo[len(lo) // 2])
    for c in json.loads((gaz_dir / "continents.json").read_text(encoding="utf-8")).values():
        points[f"geonames:{c['geonameId']}"] = (float(c["lat"]), float(c["lng"]))
    curated = GOLD.parent.parent / "crates/quipu-geo/data/curated.tsv"
    for line in curated.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if line.startswith("#") or len(f) < 6 or f[0].startswith("="):
            continue
        try:
            points[f"quipu:{f[0]}"] = (float(f[4]), float(f[5]))
        except ValueError:  # the column header
            continue
    bad = 0
    for line in files["geo"].splitlines():
        d = json.loads(line)
        for a in d["annotations"]:
            g = a["geo"]
            if g is None:
                continue
            p = points.get(g["id"])
            if p is None or abs(p[0] - g["lat"]) > 0.002 or abs(p[1] - g["lon"]) > 0.002:
                bad += 1
                print(f"gazetteer: {d['id']} {a['text']!r} {g} but the data has {p}")
    if bad:
        raise SystemExit(f"{bad} places disagree with the gazetteer")
    print("gazetteer: every id and point agrees")


def main():
    ap = argparse.ArgumentParser(description="Build the books-heldout2 gold jsonl files.")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--gazetteer", metavar="DIR")
    args = ap.parse_args()
    files, warnings = build()
    for w in warnings:
        print("warning:", w)
    for layer, text in files.items():
        target = GOLD / f"{PREFIX}.{layer}.jsonl"
        if args.check:
            if target.read_text(encoding="utf-8") != text:
                raise SystemExit(f"{target.name} is not up to date")
        else:
            target.write_text(text, encoding="utf-8")
    for layer, text in files.items():
        for line in text.splitlines():
            d = json.loads(line)
            data = (GOLD / d["path"]).read_bytes()
            for a in d["annotations"]:
                assert data[a["start"]:a["end"]].decode("utf-8") == a["text"], (d["id"], a)
    if args.gazetteer:
        check_gazetteer(files, args.gazetteer)
    counts = {k: sum(len(json.loads(x)["annotations"]) for x in v.splitlines())
              for k, v in files.items()}
    print(("checked" if args.check else "wrote"), counts)


if __name__ == "__main__":
    main()
