#!/usr/bin/env bash
# Side by side: hrsearch, SQLite FTS5 (trigram) and ripgrep on one generated
# corpus, in one run. Prints a table of ratios (hrsearch ÷ peer).
#
#   benches/compare.sh [PARAGRAPHS] [WORKDIR]      (default 1000000, /tmp/hrsearch-compare)
#
# Needs python3 (with sqlite3), /usr/bin/time and rg; installs the last two
# from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PARAGRAPHS=${1:-1000000}
WORK=${2:-/tmp/hrsearch-compare}
REPEAT=${REPEAT:-5}

command -v rg >/dev/null && [ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq ripgrep time; }
cargo build --release --bin hrsearch --example gen_corpus --example query_latency
BIN=target/release
rm -rf "$WORK" && mkdir -p "$WORK/results"
R="$WORK/results"

"$BIN/examples/gen_corpus" --paragraphs "$PARAGRAPHS" --out "$WORK/corpus" | tee "$R/corpus.txt"
sync

peak_mb() { awk '/Maximum resident/ {printf "%d", $6/1024}' "$1"; }
elapsed_s() { awk '/Elapsed \(wall/ {n=split($8,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$1"; }

/usr/bin/time -v "$BIN/hrsearch" --index "$WORK/index" index "$WORK/corpus" --quiet 2> "$R/hrsearch-build.time"
# Peak memory should not grow with the corpus: build a corpus of a quarter
# of the size the same way, and compare.
QUARTER=$((PARAGRAPHS / 4))
"$BIN/examples/gen_corpus" --paragraphs "$QUARTER" --out "$WORK/corpus-quarter" > "$R/corpus-quarter.txt"
/usr/bin/time -v "$BIN/hrsearch" --index "$WORK/index-quarter" index "$WORK/corpus-quarter" --quiet 2> "$R/hrsearch-build-quarter.time"
rm -rf "$WORK/corpus-quarter" "$WORK/index-quarter"
"$BIN/examples/query_latency" --index "$WORK/index" space > "$R/hrsearch-space.txt"
"$BIN/examples/query_latency" --index "$WORK/index" export > "$WORK/paragraphs.jsonl"
python3 benches/compare.py queries "$WORK/paragraphs.jsonl" "$WORK/queries.txt" 7
/usr/bin/time -v python3 benches/compare.py fts5-build "$WORK/paragraphs.jsonl" "$WORK/fts5.db" 2> "$R/fts5-build.time"

"$BIN/examples/query_latency" --index "$WORK/index" run --queries "$WORK/queries.txt" --repeat "$REPEAT" > "$R/hrsearch.jsonl"
python3 benches/compare.py fts5-run "$WORK/fts5.db" "$WORK/queries.txt" "$REPEAT" > "$R/fts5.jsonl"
python3 benches/compare.py rg-run "$WORK/corpus" "$WORK/queries.txt" "$REPEAT" > "$R/rg.jsonl"

# A cold search: a new process on the built index, with the index files in
# the page cache (the median of 5 runs) and after dropping the page cache
# (when allowed: root only).
cold_s=$(python3 benches/compare.py cold "$BIN/hrsearch" "$WORK/index")
sync
if echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
  cold_dropped_s=$(python3 -c "
import subprocess, time
started = time.perf_counter()
subprocess.run(['$BIN/hrsearch', '--index', '$WORK/index', 'search', '\"普遍定期审议\"', '--limit', '10'], stdout=subprocess.DEVNULL, check=True)
print(time.perf_counter() - started)")
else
  cold_dropped_s=null
fi

raw_mb=$(du -sb "$WORK/corpus" | awk '{print $1/1e6}')
cat > "$R/meta.json" <<JSON
{
  "paragraphs": $PARAGRAPHS,
  "files": $(find "$WORK/corpus" -name '*.txt' | wc -l),
  "raw_mb": $raw_mb,
  "hrsearch_build_s": $(elapsed_s "$R/hrsearch-build.time"),
  "hrsearch_rss_mb": $(peak_mb "$R/hrsearch-build.time"),
  "quarter_paragraphs": $QUARTER,
  "hrsearch_rss_quarter_mb": $(peak_mb "$R/hrsearch-build-quarter.time"),
  "hrsearch_index_mb": $(du -sb "$WORK/index" | awk '{print $1/1e6}'),
  "fts5_build_s": $(elapsed_s "$R/fts5-build.time"),
  "fts5_rss_mb": $(peak_mb "$R/fts5-build.time"),
  "fts5_index_mb": $(du -sb "$WORK/fts5.db" | awk '{print $1/1e6}'),
  "cold_search_s": $cold_s,
  "cold_search_dropped_cache_s": $cold_dropped_s
}
JSON
echo "date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
python3 benches/compare.py table "$R"
echo "where the index's bytes go (tantivy's space usage, largest first):"
head -12 "$R/hrsearch-space.txt"
python3 -c "
import json
meta = json.load(open('$R/meta.json'))
print('cold hrsearch search (new process, index in the page cache): %.0f ms' % (meta['cold_search_s'] * 1000))
if meta['cold_search_dropped_cache_s'] is not None:
    print('cold hrsearch search (new process, page cache dropped): %.0f ms' % (meta['cold_search_dropped_cache_s'] * 1000))"
