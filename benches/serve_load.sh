#!/usr/bin/env bash
# Server throughput: `hrsearch serve` on a generated corpus, loaded by
# examples/serve_load.rs with 1, 8 and 32 concurrent clients sending the web
# page's mix of searches (ranked with facets, grouped, sorted by session,
# sorted by paragraph). Also runs the server of an earlier revision
# (BASELINE, default 99f0ef5, before the server changes of this bench) on
# the same corpus in the same run, and prints both with their ratio.
#
#   benches/serve_load.sh [PARAGRAPHS] [WORKDIR]     (default 1000000, /tmp/hrsearch-serve)
#   BASELINE=none benches/serve_load.sh              (this revision only)
#
# SECONDS_PER_RUN (default 20) and REQUESTS_PER_RUN (default 5000) bound
# each run. Needs python3, curl and git (for the baseline: a worktree).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PARAGRAPHS=${1:-1000000}
WORK=${2:-/tmp/hrsearch-serve}
BASELINE=${BASELINE:-99f0ef5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
REQUESTS_PER_RUN=${REQUESTS_PER_RUN:-5000}
PORT=${PORT:-18388}

rm -rf "$WORK" && mkdir -p "$WORK/results"
R="$WORK/results"
SERVERS="current"
if [ "$BASELINE" != none ]; then
  # Built first in the same target folder, so that only hrsearch itself is
  # compiled twice; the binary is kept aside.
  git worktree remove --force "$WORK/baseline-src" 2>/dev/null || true
  git worktree add --detach "$WORK/baseline-src" "$BASELINE" >/dev/null
  (cd "$WORK/baseline-src" && CARGO_TARGET_DIR="$ROOT/target" cargo build --release --bin hrsearch)
  cp target/release/hrsearch "$WORK/hrsearch-baseline"
  git worktree remove --force "$WORK/baseline-src"
  SERVERS="baseline current"
fi
cargo build --release --bin hrsearch --example gen_corpus --example query_latency --example serve_load
cp target/release/hrsearch "$WORK/hrsearch-current"
BIN=target/release

"$BIN/examples/gen_corpus" --paragraphs "$PARAGRAPHS" --out "$WORK/corpus" > "$R/corpus.txt"
"$WORK/hrsearch-current" --index "$WORK/index-current" index "$WORK/corpus" --quiet
"$BIN/examples/query_latency" --index "$WORK/index-current" export > "$WORK/paragraphs.jsonl"
python3 benches/compare.py queries "$WORK/paragraphs.jsonl" "$WORK/queries.txt" 7
rm "$WORK/paragraphs.jsonl"
if [ "$BASELINE" != none ]; then
  "$WORK/hrsearch-baseline" --index "$WORK/index-baseline" index "$WORK/corpus" --quiet
fi

for server in $SERVERS; do
  "$WORK/hrsearch-$server" --index "$WORK/index-$server" serve --addr "127.0.0.1:$PORT" > "$R/serve-$server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$PORT/api/stats" > /dev/null && break
    sleep 0.2
  done
  # One pass over the queries first, so that every run finds the index
  # files in the page cache.
  "$BIN/examples/serve_load" --url "http://127.0.0.1:$PORT" --queries "$WORK/queries.txt" \
    --clients 2 --requests 400 --seconds 60 > /dev/null
  for clients in 1 8 32; do
    "$BIN/examples/serve_load" --url "http://127.0.0.1:$PORT" --queries "$WORK/queries.txt" \
      --clients "$clients" --requests "$REQUESTS_PER_RUN" --seconds "$SECONDS_PER_RUN" \
      | tee -a "$R/load-$server.jsonl"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

echo "date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(cat "$R/corpus.txt" | cut -d, -f1-2)"
python3 - "$R" $SERVERS <<'PY'
import json, sys
results, servers = sys.argv[1], sys.argv[2:]
runs = {s: [json.loads(l) for l in open("%s/load-%s.jsonl" % (results, s))] for s in servers}
print("| clients | " + " | ".join("%s req/s | %s p50 | %s p99 | %s failed" % (s, s, s, s) for s in servers)
      + (" | req/s ratio | p99 ratio (baseline ÷ current) |" if len(servers) == 2 else " |"))
print("| --- " * (1 + 4 * len(servers) + (2 if len(servers) == 2 else 0)) + "|")
for i, clients in enumerate(r["clients"] for r in runs[servers[-1]]):
    cells = []
    for s in servers:
        r = runs[s][i]
        cells += ["%.0f" % r["requests_per_second"], "%.1f ms" % r["p50_ms"], "%.1f ms" % r["p99_ms"],
                  "%d of %d" % (sum(r["failures"].values()), r["requests"])]
    if len(servers) == 2:
        b, c = runs["baseline"][i], runs["current"][i]
        cells += ["%.1f×" % (c["requests_per_second"] / b["requests_per_second"]), "%.1f×" % (b["p99_ms"] / c["p99_ms"])]
    print("| %d | %s |" % (clients, " | ".join(cells)))
PY
