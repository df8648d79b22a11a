#!/usr/bin/env python3
"""Run quipu on Apache Spark: extraction, then the keyed linking pass.

1. **Extraction.** Reads documents and pipes each partition through `quipu
   facts --jsonl` with `RDD.pipe(..., checkCode=True)` (without checkCode a
   failing child would be silently ignored: here a document quipu cannot
   read fails the job, and quipu names it on stderr). Output: one JSON
   record per document (its text, annotations and facts) in OUTPUT/facts.
2. **Linking** (skip with `--no-link`), the stages of quipu's own linking
   (`quipu_link::link`), each piped through `quipu link STAGE`; Spark only
   groups lines by key and finds connected components, so the result is the
   one a local `quipu ingest` of the same files gives:
   - `doc-entities` per document → blocking keys of its document entities;
   - group by key → `entity-edges` → edges; connected components
     (large-star / small-star, O(log² n) rounds);
   - group by component → `entities` → entities, entity links, name
     variants, and each document entity's entity;
   - group by document → `frames` → event frames with their entities and
     their keys; group by key → `event-edges`; connected components;
   - group by component → `events` → events, event links, date and number
     discrepancies.
   Output: OUTPUT/kb, the `entity`, `event`, `link` and `discrepancy` lines.

Load both with

    quipu ingest --from-facts OUTPUT --db quipu.db

so that the CLI views, the exports and `quipu serve` work on them (with
`--no-link`, OUTPUT holds only facts and the ingest links them locally).

Input: a folder of text files (`.txt`, `.md`, `.markdown`, `.wiki`, `.text`;
the document id is the file name without extension, as for a local ingest,
so file names must be unique: the driver stops and names any duplicates), or
with `--jsonl` JSON Lines `{"id", "text", "path"?}`.

The binary: `--quipu PATH`. In local mode any path works. On a cluster give
a path that exists on every node (an installed quipu), or ship the binary
with `spark-submit --files /path/to/quipu` and pass `--quipu ./quipu`
(YARN and Kubernetes put shipped files in the executor's working
directory; on a standalone cluster use `--quipu-from-sparkfiles quipu`).

Example (local, two cores):

    python3 contrib/spark/quipu_spark.py --master 'local[2]' \\
        --quipu target/release/quipu examples/ /tmp/out
    quipu ingest --from-facts /tmp/out --db /tmp/kb.db
"""

import argparse
import json
import os
import shlex
import sys

EXTENSIONS = (".txt", ".md", ".markdown", ".wiki", ".text")


def stem(path):
    base = path.rstrip("/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def split3(line):
    """`TAG \\t KEY \\t VALUE` (see `quipu link`): KEY and VALUE stay JSON text."""
    t, k, v = line.split("\t", 2)
    return t, k, v


def node(key):
    """A node's key (`["doc", ord]`) as a comparable, hashable tuple."""
    doc, ord_ = json.loads(key)
    return (doc, ord_)


def chunks(kv, size):
    """A key's group as the stages take it: nothing below two members; above
    `size`, members in node order (document id, then index) cut into chunks
    of `size` overlapping by one — exactly as quipu's `link::chunks`, so the
    same pairs are compared on both paths."""
    k, vs = kv
    if len(vs) < 2:
        return []
    if len(vs) <= size:
        return [(k, vs)]
    size = max(size, 2)

    def order(v):
        o = json.loads(v)
        return (o["doc"], o["ord"])

    vs = sorted(vs, key=order)
    out, start = [], 0
    while start < len(vs):
        end = min(start + size, len(vs))
        out.append((k, vs[start:end]))
        if end == len(vs):
            break
        start = end - 1
    return out


def driver_components(pairs):
    """Union-find on the driver: {node: smallest node of its component} for
    every node with an edge (the same labels as `components`)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            parent[hi] = lo
    return {x: find(x) for x in list(parent)}


def components(edges):
    """Connected components by large-star / small-star (Kiveris et al.,
    "Connected components in MapReduce and beyond", SoCC 2014): O(log² n)
    rounds whatever the graph's diameter (quipu's chains of identical keys
    are long paths). `edges`: RDD of (a, b) node pairs. Returns an RDD of
    (node, smallest node of its component) for every node with an edge."""
    e = edges.filter(lambda x: x[0] != x[1]).map(lambda x: (max(x), min(x))).distinct().cache()

    def large(kv):
        u, ns = kv
        ns = set(ns)
        m = min(min(ns), u)
        return [(v, m) for v in ns if v > u]

    def small(kv):
        u, ns = kv
        n = set(ns)
        n.add(u)
        m = min(n)
        return [(v, m) for v in n if v != m]

    while True:
        both = e.flatMap(lambda x: [(x[0], x[1]), (x[1], x[0])])
        l = both.groupByKey().flatMap(large).distinct()
        s = l.map(lambda x: (max(x), min(x))).groupByKey().flatMap(small).distinct().cache()
        changed = s.subtract(e).count() + e.subtract(s).count()
        e.unpersist()
        e = s
        if changed == 0:
            return e


def linking(sc, facts, run, parts, max_group, local_cc_below):
    """The keyed linking pass over `quipu facts` lines; returns the kb lines."""
    def tagged(rdd, tag):
        return rdd.filter(lambda x: x[0] == tag)

    s1 = run(facts, ["link", "doc-entities"]).map(split3).cache()
    knowledge = [tagged(s1, "discrepancy").map(lambda x: "\t".join(x))]

    def keyed_edges(keys_kv, stage):
        """Group values by key, run `stage` on each group of two or more,
        and find the connected components: (node → component) and the
        edges as (a, edge line)."""
        groups = keys_kv.groupByKey(parts).mapValues(list).flatMap(lambda kv: chunks(kv, max_group))
        edges = run(groups.map(lambda kv: kv[0] + "\t[" + ",".join(kv[1]) + "]"), ["link", stage]).map(split3)
        edges = edges.map(lambda x: (json.loads(x[1]), x[2])).map(lambda x: ((tuple(x[0][0]), tuple(x[0][1])), x[1])).cache()
        pairs = edges.map(lambda x: x[0])
        if local_cc_below and pairs.count() <= local_cc_below:
            label = sc.parallelize(sorted(driver_components(pairs.collect()).items()), parts)
        else:
            label = components(pairs)
        return label, edges

    def by_component(nodes_kv, label, edges, stage):
        """Members (with their component, a singleton keeping itself) and
        edges grouped by component, through `stage`."""
        members = nodes_kv.leftOuterJoin(label).map(lambda x: (x[1][1] or x[0], ("m", x[1][0])))
        es = edges.map(lambda x: (x[0][0], x[1])).join(label).map(lambda x: (x[1][1], ("e", x[1][0])))
        # A component's smallest node has no label of its own on the
        # cluster path (its edges point at it): its edges key by itself.
        es = es.union(edges.map(lambda x: (x[0][0], x[1])).subtractByKey(label).map(lambda x: (x[0], ("e", x[1]))))

        def line(kv):
            comp, items = kv
            m = [v for t, v in items if t == "m"]
            e = [v for t, v in items if t == "e"]
            return json.dumps(list(comp)) + '\t{"members":[' + ",".join(m) + '],"edges":[' + ",".join(e) + "]}"

        return run(members.union(es).groupByKey(parts).map(line), ["link", stage]).map(split3).cache()

    # Entities.
    ent_nodes = tagged(s1, "node").map(lambda x: (node(x[1]), x[2]))
    label, edges = keyed_edges(tagged(s1, "key").map(lambda x: (x[1], x[2])), "entity-edges")
    s3 = by_component(ent_nodes, label, edges, "entities")
    knowledge.append(s3.filter(lambda x: x[0] != "ref").map(lambda x: "\t".join(x)))

    # Frames: a document's facts with the entities of its document entities.
    facts_kv = tagged(s1, "facts").map(lambda x: (x[1], ("f", x[2])))
    refs_kv = tagged(s3, "ref").map(lambda x: (x[1], ("r", x[2])))

    def doc_line(kv):
        doc, items = kv
        f = [v for t, v in items if t == "f"]
        r = [v for t, v in items if t == "r"]
        return doc + '\t{"facts":' + f[0] + ',"refs":[' + ",".join(r) + "]}"

    s4 = run(facts_kv.union(refs_kv).groupByKey(parts).map(doc_line), ["link", "frames"]).map(split3).cache()
    frame_nodes = tagged(s4, "node").map(lambda x: (node(x[1]), x[2]))
    label, edges = keyed_edges(tagged(s4, "key").map(lambda x: (x[1], x[2])), "event-edges")
    s6 = by_component(frame_nodes, label, edges, "events")
    knowledge.append(s6.map(lambda x: "\t".join(x)))
    return sc.union(knowledge)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="a folder of text files, or JSON Lines with --jsonl")
    ap.add_argument("output", help="a folder to create for the facts (JSON Lines part files)")
    ap.add_argument("--quipu", default="quipu", help="the quipu binary as the executors see it")
    ap.add_argument("--quipu-from-sparkfiles", metavar="NAME",
                    help="use the file NAME shipped with --files, resolved with SparkFiles on each executor")
    ap.add_argument("--jsonl", action="store_true", help="the input is JSON Lines {id, text, path?}")
    ap.add_argument("--partitions", type=int, default=0, help="number of partitions (default: Spark's parallelism)")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--max-group", type=int, default=100000,
                    help="cut a key's group into chunks of this many members, as quipu's link::MAX_GROUP (keep the default but for tests)")
    ap.add_argument("--local-cc-below", type=int, default=2_000_000,
                    help="find connected components on the driver when there are at most this many edges (0: always on the cluster)")
    ap.add_argument("--no-link", action="store_true", help="extraction only: OUTPUT holds the facts, linked at `quipu ingest --from-facts`")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("quipu").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    parts = args.partitions or sc.defaultParallelism

    if args.jsonl:
        lines = sc.textFile(args.input, minPartitions=parts)
    else:
        files = sc.wholeTextFiles(args.input, minPartitions=parts).filter(lambda kv: kv[0].lower().endswith(EXTENSIONS))
        dup = files.map(lambda kv: (stem(kv[0]), 1)).reduceByKey(lambda a, b: a + b).filter(lambda kv: kv[1] > 1).keys().collect()
        if dup:
            spark.stop()
            sys.exit("quipu_spark: file names must be unique (they are the document ids): " + ", ".join(sorted(dup)))
        lines = files.map(lambda kv: json.dumps({"id": stem(kv[0]), "path": kv[0].rsplit("/", 1)[-1], "text": kv[1]}))

    if args.quipu_from_sparkfiles:
        name = args.quipu_from_sparkfiles

        def run(rdd, argv):
            def part(it):
                import subprocess
                from pyspark import SparkFiles
                exe = SparkFiles.get(name)
                p = subprocess.Popen([exe] + argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                out, _ = p.communicate("".join(line + "\n" for line in it).encode("utf-8"))
                if p.returncode != 0:
                    raise RuntimeError(f"quipu {' '.join(argv)} exited with {p.returncode} (its stderr names the document)")
                return out.decode("utf-8").splitlines()
            return rdd.mapPartitions(part)
    else:
        def run(rdd, argv):
            return rdd.pipe(" ".join(shlex.quote(a) for a in [args.quipu] + argv), checkCode=True)

    facts = run(lines.repartition(parts), ["facts", "--jsonl"])
    if args.no_link:
        facts.saveAsTextFile(args.output)
    else:
        facts = facts.cache()
        facts.saveAsTextFile(os.path.join(args.output, "facts"))
        linking(sc, facts, run, parts, args.max_group, args.local_cc_below).saveAsTextFile(os.path.join(args.output, "kb"))
    spark.stop()


if __name__ == "__main__":
    main()
