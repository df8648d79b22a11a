#!/usr/bin/env bash
# Spark local[2] against quipu alone on the same files, and the cost of a
# partition. Prints wall seconds; asserts nothing.
#
#   contrib/spark/bench.sh [INPUT_DIR] [PYTHON]
#
# INPUT_DIR defaults to ../shared/corpus/history-en; PYTHON to the venv the
# parity test makes (target/tmp/spark-venv/bin/python, PySpark 3.5.3).
set -euo pipefail
cd "$(dirname "$0")/../.."
input=${1:-../shared/corpus/history-en}
py=${2:-target/tmp/spark-venv/bin/python}
q=target/release/quipu
cargo build --release -q
mb=$(du -cb "$input"/*.txt | tail -1 | awk '{printf "%.1f", $1/1e6}')
t() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
echo "input: $input ($mb MB)"
echo "quipu extract (2 threads):        $(t $q extract "$input") s"
echo "quipu facts (1 process):          $(t sh -c "$q facts $input/*.txt")" s
echo "quipu ingest (extract + link, 2 threads): $(t $q ingest "$input" --db "$(mktemp -u).db") s"
tmp=$(mktemp -d)
spark() { t env PYSPARK_PYTHON="$py" "$py" contrib/spark/quipu_spark.py --master 'local[2]' --quipu $q "$@"; }
for p in 2 8 32; do
  echo "spark local[2], extraction only, $p partitions: $(spark --no-link --partitions $p "$input" "$tmp/out$p") s"
done
echo "spark local[2], extraction + linking pass, 2 partitions: $(spark --partitions 2 "$input" "$tmp/linked") s"
# A tiny input: the time is start-up and per-partition work only.
mkdir -p "$tmp/tiny" && printf 'On 5 February 1824 the garrison rebelled.\n' > "$tmp/tiny/a.txt"
for p in 1 32; do
  echo "spark local[2], 1 tiny file, $p partitions: $(spark --no-link --partitions $p "$tmp/tiny" "$tmp/tiny$p") s"
done
echo "spark local[2], 1 tiny file, with the linking pass: $(spark --partitions 1 "$tmp/tiny" "$tmp/tinyl") s"
rm -rf "$tmp"
