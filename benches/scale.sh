#!/usr/bin/env bash
# How hrsearch grows with the corpus: builds generated corpora of several
# sizes one after the other and, for each, times the whole `hrsearch index`
# process, measures its peak memory and the index size, and runs the same
# queries on it. Prints a table with each size's figures as ratios to the
# smallest's.
#
#   benches/scale.sh [SIZES] [WORKDIR]     (default "250000 1000000 5000000", /tmp/hrsearch-scale)
#
# The queries are drawn (benches/compare.py queries) from the smallest
# corpus, so every size answers the same ones. Needs python3 and
# /usr/bin/time (installed from Debian's packages when missing); the 5M
# corpus needs about 1.2 GB of disk for the text and 3 GB for the index.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"250000 1000000 5000000"}
WORK=${2:-/tmp/hrsearch-scale}
REPEAT=${REPEAT:-3}

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --bin hrsearch --example gen_corpus --example query_latency
BIN=target/release
rm -rf "$WORK" && mkdir -p "$WORK/results"
R="$WORK/results"

peak_mb() { awk '/Maximum resident/ {printf "%d", $6/1024}' "$1"; }
elapsed_s() { awk '/Elapsed \(wall/ {n=split($8,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$1"; }

for n in $SIZES; do
  "$BIN/examples/gen_corpus" --paragraphs "$n" --out "$WORK/corpus" > "$R/corpus-$n.txt"
  sync
  /usr/bin/time -v "$BIN/hrsearch" --index "$WORK/index" index "$WORK/corpus" --quiet 2> "$R/build-$n.time"
  if [ ! -f "$WORK/queries.txt" ]; then
    "$BIN/examples/query_latency" --index "$WORK/index" export > "$WORK/paragraphs.jsonl"
    python3 benches/compare.py queries "$WORK/paragraphs.jsonl" "$WORK/queries.txt" 7
    rm "$WORK/paragraphs.jsonl"
  fi
  "$BIN/examples/query_latency" --index "$WORK/index" space > "$R/space-$n.txt"
  "$BIN/examples/query_latency" --index "$WORK/index" run --queries "$WORK/queries.txt" --repeat "$REPEAT" > "$R/queries-$n.jsonl"
  cold_s=$(python3 benches/compare.py cold "$BIN/hrsearch" "$WORK/index")
  cat > "$R/meta-$n.json" <<JSON
{
  "paragraphs": $n,
  "files": $(find "$WORK/corpus" -name '*.txt' | wc -l),
  "raw_mb": $(du -sb "$WORK/corpus" | awk '{print $1/1e6}'),
  "build_s": $(elapsed_s "$R/build-$n.time"),
  "rss_mb": $(peak_mb "$R/build-$n.time"),
  "index_mb": $(du -sb "$WORK/index" | awk '{print $1/1e6}'),
  "segments": $(ls "$WORK/index" | grep -c '\.store$' || true),
  "cold_search_s": $cold_s
}
JSON
  rm -rf "$WORK/corpus" "$WORK/index"
done

echo "date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
python3 benches/compare.py scale-table "$R" $SIZES
