#!/usr/bin/env bash
# Chinese and English queries in one run: a generated corpus of resolutions
# with their English beside them (gen_corpus --english), indexed once;
# quoted Chinese queries against SQLite FTS5 trigram, and quoted English
# phrases against FTS5 unicode61 (whole words, any case: what hrsearch's
# English field matches), on the same units. Prints a table of ratios.
#
#   benches/english.sh [PARAGRAPHS] [WORKDIR]      (default 250000, /tmp/hrsearch-english)
#
# Needs python3 (with sqlite3) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
PARAGRAPHS=${1:-250000}
WORK=${2:-/tmp/hrsearch-english}
REPEAT=${REPEAT:-5}

[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --bin hrsearch --example gen_corpus --example query_latency
BIN=target/release
rm -rf "$WORK" && mkdir -p "$WORK/results"
R="$WORK/results"

"$BIN/examples/gen_corpus" --paragraphs "$PARAGRAPHS" --english --out "$WORK/corpus" | tee "$R/corpus.txt"
sync
/usr/bin/time -v "$BIN/hrsearch" --index "$WORK/index" index "$WORK/corpus" --quiet 2> "$R/build.time"
"$BIN/examples/query_latency" --index "$WORK/index" export > "$WORK/paragraphs.jsonl"
python3 benches/compare.py queries "$WORK/paragraphs.jsonl" "$WORK/queries-zh.txt" 7
python3 benches/compare.py english-queries "$WORK/paragraphs.jsonl" "$WORK/queries-en.txt" 7
python3 benches/compare.py fts5-build "$WORK/paragraphs.jsonl" "$WORK/fts5-zh.db"
python3 benches/compare.py fts5-build-en "$WORK/paragraphs.jsonl" "$WORK/fts5-en.db"

"$BIN/examples/query_latency" --index "$WORK/index" run --queries "$WORK/queries-zh.txt" --repeat "$REPEAT" > "$R/hrsearch-zh.jsonl"
python3 benches/compare.py fts5-run "$WORK/fts5-zh.db" "$WORK/queries-zh.txt" "$REPEAT" > "$R/fts5-zh.jsonl"
"$BIN/examples/query_latency" --index "$WORK/index" run --queries "$WORK/queries-en.txt" --repeat "$REPEAT" > "$R/hrsearch-en.jsonl"
python3 benches/compare.py fts5-run-en "$WORK/fts5-en.db" "$WORK/queries-en.txt" "$REPEAT" > "$R/fts5-en.jsonl"

elapsed=$(awk '/Elapsed \(wall/ {n=split($8,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$R/build.time")
cat > "$R/meta.json" <<JSON
{
  "paragraphs": $PARAGRAPHS,
  "files": $(find "$WORK/corpus" -name '*.zh.txt' | wc -l),
  "raw_mb": $(du -sb "$WORK/corpus" | awk '{print $1/1e6}'),
  "build_s": $elapsed,
  "index_mb": $(du -sb "$WORK/index" | awk '{print $1/1e6}')
}
JSON
echo "date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
python3 benches/compare.py english-table "$R"
