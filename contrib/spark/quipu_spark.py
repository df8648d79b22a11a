#!/usr/bin/env python3
"""Run quipu's per-document stage on Apache Spark.

Reads documents, pipes each partition through `quipu facts --jsonl` with
`RDD.pipe(..., checkCode=True)` (without checkCode a failing child would be
silently ignored: here a document quipu cannot read fails the job, and quipu
names it on stderr), and writes one JSON record per document (its text,
annotations and facts) as JSON Lines part files. Load them with

    quipu ingest --from-facts OUTPUT --db quipu.db

which links them (the same linking code as a local `quipu ingest`) so that
the CLI views, the exports and `quipu serve` work on them.

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
        --quipu target/release/quipu examples/ /tmp/facts
    quipu ingest --from-facts /tmp/facts --db /tmp/kb.db
"""

import argparse
import json
import os
import sys

EXTENSIONS = (".txt", ".md", ".markdown", ".wiki", ".text")


def stem(path):
    base = path.rstrip("/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


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
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("quipu-facts")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
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

        def run(it):
            import subprocess
            from pyspark import SparkFiles
            exe = SparkFiles.get(name)
            p = subprocess.Popen([exe, "facts", "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            out, _ = p.communicate("".join(line + "\n" for line in it).encode("utf-8"))
            if p.returncode != 0:
                raise RuntimeError(f"quipu facts exited with {p.returncode} (its stderr names the document)")
            return out.decode("utf-8").splitlines()

        facts = lines.repartition(parts).mapPartitions(run)
    else:
        facts = lines.repartition(parts).pipe(f"{args.quipu} facts --jsonl", checkCode=True)
    facts.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
