#!/usr/bin/env python3
"""How big do linking groups get at 100 million documents?

A simulation on generated keys (plain Python; no Spark needed). Blocking keys of
document entities follow a Zipf law: a few keys (a country, a capital, a
famous general) are in a large share of documents, most are rare. The
exponent and the number of document entities per document are measured on
a knowledge base (`--db`, default: the whole shared corpus ingested by
`cargo bench -p quipu --bench web`) or given.

For N documents it prints: the expected number of keys, the largest group,
the share of all items in the 10 largest groups, and the cost of comparing
within groups three ways — all pairs (sum of squares), quipu's linear
chaining of identical keys (sum of sizes), and all pairs with groups
larger than MAX_BLOCK skipped — which is what ARCHITECTURE.md's "Linking
at scale" quotes.

    python3 contrib/spark/simulate_keys.py --db /tmp/quipu-web-bench.db
"""

import argparse
import math
import sqlite3



def measure(db):
    c = sqlite3.connect(db)
    docs = c.execute("select count(*) from documents").fetchone()[0]
    sizes = sorted(
        (n for (n,) in c.execute("select count(distinct doc) from entity_mentions group by entity")), reverse=True
    )
    return docs, sizes


def fit_zipf(sizes):
    """Least-squares slope of log(size) against log(rank) over the head (ranks 1..1000)."""
    k = min(len(sizes), 1000)
    xs = [math.log(r) for r in range(1, k + 1)]
    ys = [math.log(v) for v in sizes[:k]]
    mx, my = sum(xs) / k, sum(ys) / k
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return -slope


HEAD = 1_000_000  # ranks summed one by one; the tail by integrals


def tail_integral(a, b, e):
    """Integral of x^-e from a to b."""
    return math.log(b / a) if abs(e - 1) < 1e-9 else (b ** (1 - e) - a ** (1 - e)) / (1 - e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/quipu-web-bench.db")
    ap.add_argument("--docs", type=float, default=1e8)
    ap.add_argument("--vocabulary", type=float, default=5e7, help="distinct keys in the world's text")
    ap.add_argument("--max-block", type=float, default=1e5)
    ap.add_argument("--exponent", type=float)
    ap.add_argument("--per-doc", type=float, help="document entities per document")
    a = ap.parse_args()
    if a.exponent is None or a.per_doc is None:
        docs, sizes = measure(a.db)
        fitted = fit_zipf(sizes)
        measured_per_doc = sum(sizes) / docs
        print(f"measured on {a.db}: {docs} documents, {len(sizes)} entities, "
              f"{measured_per_doc:.0f} document entities per document, largest group {sizes[0]} documents, "
              f"Zipf exponent of the head {fitted:.2f}")
    s = a.exponent if a.exponent is not None else fitted
    per_doc = a.per_doc if a.per_doc is not None else measured_per_doc
    n = a.docs * per_doc
    v = a.vocabulary
    norm = sum(r ** -s for r in range(1, HEAD + 1)) + tail_integral(HEAD + 0.5, v, s)
    largest = min(n / norm, a.docs)
    top10 = sum(min(n * r ** -s / norm, a.docs) for r in range(1, 11))
    pairs_all = pairs_capped = items_big = 0.0
    groups_big = 0
    for r in range(1, HEAD + 1):
        g = min(n * r ** -s / norm, a.docs)
        pairs_all += g * (g - 1) / 2
        if g > a.max_block:
            groups_big += 1
            items_big += g
        else:
            pairs_capped += g * (g - 1) / 2
    # Tail ranks: groups are small there; sum of g^2/2 by an integral.
    c = n / norm
    tail_sq = c * c * tail_integral(HEAD + 0.5, v, 2 * s) / 2
    pairs_all += tail_sq
    pairs_capped += tail_sq
    print(f"{a.docs:.0e} documents, {n:.2e} document entities, Zipf exponent {s:.2f}, vocabulary {v:.0e}")
    print(f"  largest group: {largest:.3e} items ({100 * largest / n:.2f}% of all); 10 largest: {100 * top10 / n:.1f}%")
    print(f"  groups above MAX_BLOCK={a.max_block:.0e}: {groups_big}, holding {100 * items_big / n:.1f}% of the items")
    print(f"  comparisons, all pairs in every group: {pairs_all:.2e}")
    print(f"  comparisons, all pairs, groups above MAX_BLOCK skipped: {pairs_capped:.2e}")
    print(f"  work, identical keys chained (quipu): {n:.2e} (linear in the items)")
    print(f"  at 1e7 comparisons per core-second: all pairs {pairs_all / 1e7 / 3600:.2e} core-hours, "
          f"capped {pairs_capped / 1e7 / 3600:.2e}, chained {n / 1e7 / 3600:.2e}")


if __name__ == "__main__":
    main()
