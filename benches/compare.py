#!/usr/bin/env python3
"""Side-by-side measurements for benches/compare.sh: builds an SQLite FTS5
trigram database of the same paragraphs hrsearch indexed, makes the query
list, times FTS5 and ripgrep on it, and prints the table of ratios.

Subcommands:
  queries PARAGRAPHS.jsonl OUT.txt SEED       write ~200 queries drawn from the text
  fts5-build PARAGRAPHS.jsonl DB              build the FTS5 trigram database
  fts5-run DB QUERIES.txt REPEAT > JSONL      time FTS5 (count + top 10 with snippets)
  rg-run CORPUS QUERIES.txt REPEAT > JSONL    time ripgrep over the raw files
  table RESULTS_DIR                           print the comparison table
  scale-table RESULTS_DIR SIZE...             print benches/scale.sh's growth table
  cold HRSEARCH INDEX                         seconds a new process takes for one quoted search
                                              (median of 5, after one run to fill the page cache)
  english-queries PARAGRAPHS.jsonl OUT.txt SEED  ~200 English phrase queries drawn from the units' English
  fts5-build-en PARAGRAPHS.jsonl DB           build an FTS5 unicode61 database of the units' English
  fts5-run-en DB QUERIES.txt REPEAT > JSONL   time FTS5 on the English queries
  english-table RESULTS_DIR                   print benches/english.sh's table
"""
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time

CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def paragraphs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def make_queries(src, out, seed):
    rng = random.Random(int(seed))
    texts = [p["text"] for p in paragraphs(src)]
    runs = []
    for text in rng.sample(texts, min(len(texts), 5000)):
        runs.extend(r for r in re.split(r"[^\u4e00-\u9fff]+", text) if len(r) >= 8)
    def substring(n):
        while True:
            run = rng.choice(runs)
            start = rng.randrange(0, len(run) - n + 1)
            candidate = run[start:start + n]
            if CJK.match(candidate):
                return candidate
    queries = []
    for n in [2] * 40 + [3] * 30 + [4] * 30 + [5, 6, 7, 8] * 15:
        queries.append('"%s"' % substring(n))
    for _ in range(40):
        queries.append('"%s" "%s"' % (substring(rng.choice([2, 3, 4])), substring(rng.choice([3, 4]))))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")


def terms(query):
    """The strings a query requires: one quoted phrase, or two bare terms."""
    return [t.strip('"') for t in query.split()]


def fts5_load(db, tokenizer, rows):
    """An FTS5 table `p(id, label, text)` with this tokenizer, of `rows`."""
    con = sqlite3.connect(db)
    con.execute("DROP TABLE IF EXISTS p")
    con.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, label UNINDEXED, text, tokenize='%s')" % tokenizer)
    con.executemany("INSERT INTO p(id, label, text) VALUES (?, ?, ?)", rows)
    con.commit()
    con.execute("INSERT INTO p(p) VALUES('optimize')")
    con.commit()
    con.close()


def fts5_build(src, db):
    fts5_load(db, "trigram", ((p["id"], p["label"], re.sub(r"\s+", "", p["text"])) for p in paragraphs(src)))


def time_queries(queries, repeat, run):
    """Runs run(query) once to count hits (timed as the first run), then
    `repeat` more timed times, printing one JSON line per query."""
    for query in open(queries, encoding="utf-8").read().split("\n"):
        if not query:
            continue
        started = time.perf_counter()
        hits = run(query)
        first = (time.perf_counter() - started) * 1e6
        times = []
        for _ in range(int(repeat)):
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1e6)
        times.sort()
        print(json.dumps({"query": query, "hits": hits, "first_us": first, "p50_us": times[len(times) // 2], "times_us": times}, ensure_ascii=False))


def fts5_time(db, queries, repeat, parts):
    """Times FTS5 on each query: its `parts(query)` as phrases, all
    required; the count, then the top 10 with snippets."""
    con = sqlite3.connect(db)
    def run(query):
        match = " AND ".join('"%s"' % t for t in parts(query))
        total = con.execute("SELECT count(*) FROM p WHERE p MATCH ?", (match,)).fetchone()[0]
        con.execute(
            "SELECT id, label, snippet(p, 2, '<b>', '</b>', '…', 20) FROM p WHERE p MATCH ? ORDER BY rank LIMIT 10",
            (match,),
        ).fetchall()
        return total
    time_queries(queries, repeat, run)


def fts5_run(db, queries, repeat):
    fts5_time(db, queries, repeat, terms)


def rg_run(corpus, queries, repeat):
    def run(query):
        parts = terms(query)
        first = subprocess.run(["rg", "--no-filename", "-F", "--", parts[0], corpus], capture_output=True, text=True).stdout
        return sum(1 for line in first.splitlines() if all(p in line for p in parts[1:]))
    time_queries(queries, repeat, run)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def table(results):
    meta = json.load(open(results + "/meta.json"))
    engines = {name: load("%s/%s.jsonl" % (results, name)) for name in ("hrsearch", "fts5", "rg")}
    h = engines["hrsearch"]
    same_fts = sum(1 for a, b in zip(h, engines["fts5"]) if a["hits"] == b["hits"])
    two_char = [i for i, r in enumerate(h) if any(len(t) == 2 for t in terms(r["query"]))]
    fts_two = sum(engines["fts5"][i]["hits"] for i in two_char)
    same_rg = sum(1 for a, b in zip(h, engines["rg"]) if a["hits"] == b["hits"])
    print("corpus: %(paragraphs)d paragraphs, %(raw_mb).1f MB of text, %(files)d files" % meta)
    print("| measure | hrsearch | FTS5 trigram | ratio (hrsearch ÷ FTS5) | ripgrep | ratio (hrsearch ÷ rg) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("| build time | %.1f s | %.1f s | %.2f× (throughput %.1f×) | – | – |" % (
        meta["hrsearch_build_s"], meta["fts5_build_s"], meta["hrsearch_build_s"] / meta["fts5_build_s"],
        meta["fts5_build_s"] / meta["hrsearch_build_s"]))
    print("| build peak RSS | %d MB | %d MB | %.2f× | – | – |" % (
        meta["hrsearch_rss_mb"], meta["fts5_rss_mb"], meta["hrsearch_rss_mb"] / meta["fts5_rss_mb"]))
    print("| build peak RSS, %d → %d paragraphs | %d → %d MB (%+.0f%%) | – | – | – | – |" % (
        meta["quarter_paragraphs"], meta["paragraphs"], meta["hrsearch_rss_quarter_mb"], meta["hrsearch_rss_mb"],
        100.0 * (meta["hrsearch_rss_mb"] / meta["hrsearch_rss_quarter_mb"] - 1)))
    print("| index size ÷ raw text | %.2f | %.2f | %.2f× | – | – |" % (
        meta["hrsearch_index_mb"] / meta["raw_mb"], meta["fts5_index_mb"] / meta["raw_mb"],
        meta["hrsearch_index_mb"] / meta["fts5_index_mb"]))
    # FTS5's trigrams cannot match a two-character term (it answers such a
    # query at once, with nothing), so hrsearch is compared with FTS5 on
    # the queries whose terms all have three characters or more, and the
    # two-character queries are shown on their own.
    answerable = [i for i in range(len(h)) if i not in set(two_char)]
    def times(name, rows, key="times_us"):
        if key == "times_us":
            return [t for i in rows for t in engines[name][i]["times_us"]]
        return [engines[name][i][key] for i in rows]
    for label, key in (("warm query", "times_us"), ("first run of a query", "first_us")):
        for name, q in (("p50", 0.5), ("p99", 0.99)):
            a, b, c = (percentile(times(n, answerable, key), q) for n in ("hrsearch", "fts5", "rg"))
            print("| %s %s, %d queries of 3+ characters | %.0f µs | %.0f µs | %.3f× | %.0f µs | %.4f× |" % (
                label, name, len(answerable), a, b, a / b, c, a / c))
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        a, c = (percentile(times(n, two_char), q) for n in ("hrsearch", "rg"))
        print("| warm query %s, %d queries with a 2-character term | %.0f µs | (no answer) | – | %.0f µs | %.4f× |" % (
            name, len(two_char), a, c, a / c))
    print("| same hit count | – | %d of %d queries | – | %d of %d (rg counts lines) | – |" % (same_fts, len(h), same_rg, len(h)))
    print("| hits of the %d queries with a two-character term | %d | %d | – | – | – |" % (
        len(two_char), sum(h[i]["hits"] for i in two_char), fts_two))


ENGLISH_WORD = re.compile(r"[A-Za-z0-9]+")


def make_english_queries(src, out, seed):
    """Phrases of 1 to 4 words cut from the units' English, and pairs of
    them, each with `lang:en` for hrsearch (FTS5 reads the phrases only)."""
    rng = random.Random(int(seed))
    texts = [p["en"] for p in paragraphs(src) if p.get("en")]
    sample = [ENGLISH_WORD.findall(t) for t in rng.sample(texts, min(len(texts), 5000))]
    sample = [w for w in sample if len(w) >= 8]
    def phrase(n):
        words = rng.choice(sample)
        start = rng.randrange(0, len(words) - n + 1)
        return " ".join(words[start:start + n]).lower()
    queries = []
    for n in [1] * 30 + [2] * 40 + [3] * 40 + [4] * 40:
        queries.append('"%s" lang:en' % phrase(n))
    for _ in range(40):
        queries.append('"%s" "%s" lang:en' % (phrase(rng.choice([1, 2])), phrase(rng.choice([2, 3]))))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")


def phrases(query):
    return re.findall(r'"([^"]+)"', query)


def fts5_build_en(src, db):
    fts5_load(db, "unicode61", ((p["id"], p["label"], p["en"]) for p in paragraphs(src) if p.get("en")))


def fts5_run_en(db, queries, repeat):
    fts5_time(db, queries, repeat, phrases)


def english_table(results):
    meta = json.load(open(results + "/meta.json"))
    runs = {name: load("%s/%s.jsonl" % (results, name)) for name in ("hrsearch-zh", "fts5-zh", "hrsearch-en", "fts5-en")}
    print("corpus: %(paragraphs)d paragraphs in Chinese with their English, %(raw_mb).1f MB of text, %(files)d files;"
          " hrsearch build %(build_s).1f s, index %(index_mb).0f MB" % meta)
    print("| queries | hrsearch p50 | FTS5 p50 | ratio | hrsearch p99 | FTS5 p99 | ratio | same hit count |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for lang, label, fts in (("zh", "Chinese, quoted, 3+ characters", "trigram"), ("en", "English, quoted phrases of 1–4 words", "unicode61")):
        h, f = runs["hrsearch-" + lang], runs["fts5-" + lang]
        rows = [i for i, r in enumerate(h) if lang == "en" or all(len(t) >= 3 for t in terms(r["query"]))]
        same = sum(1 for i in rows if h[i]["hits"] == f[i]["hits"])
        ht = [t for i in rows for t in h[i]["times_us"]]
        ft = [t for i in rows for t in f[i]["times_us"]]
        a50, b50, a99, b99 = percentile(ht, 0.5), percentile(ft, 0.5), percentile(ht, 0.99), percentile(ft, 0.99)
        print("| %s (%d; FTS5 %s) | %.0f µs | %.0f µs | %.2f× | %.1f ms | %.1f ms | %.2f× | %d of %d |" % (
            label, len(rows), fts, a50, b50, a50 / b50, a99 / 1000, b99 / 1000, a99 / b99, same, len(rows)))


def cold(binary, index):
    def once():
        started = time.perf_counter()
        subprocess.run([binary, "--index", index, "search", '"普遍定期审议"', "--limit", "10"],
                       stdout=subprocess.DEVNULL, check=True)
        return time.perf_counter() - started
    once()
    print(statistics.median(once() for _ in range(5)))


def scale_table(results, *sizes):
    rows = []
    for n in sizes:
        meta = json.load(open("%s/meta-%s.json" % (results, n)))
        runs = load("%s/queries-%s.jsonl" % (results, n))
        times = [t for r in runs for t in r["times_us"]]
        meta["p50_us"] = percentile(times, 0.5)
        meta["p99_us"] = percentile(times, 0.99)
        meta["hits"] = sum(r["hits"] for r in runs)
        rows.append(meta)
    base = rows[0]
    print("same %d queries on every size (drawn from the %d-paragraph corpus), %s runs each" % (
        len(runs), base["paragraphs"], len(runs[0]["times_us"])))
    print("| paragraphs | text | build (whole process) | build ÷ text | peak RSS | index | index ÷ text | segments | warm p50 | warm p99 | cold search |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        grow = lambda key: "" if r is base else " (%.1f×)" % (r[key] / base[key])
        print("| %d%s | %.0f MB | %.1f s%s | %.2f s/MB | %d MB%s | %.0f MB | %.2f | %d | %.0f µs%s | %.1f ms%s | %.0f ms%s |" % (
            r["paragraphs"], grow("paragraphs"), r["raw_mb"], r["build_s"], grow("build_s"),
            r["build_s"] / r["raw_mb"], r["rss_mb"], grow("rss_mb"), r["index_mb"], r["index_mb"] / r["raw_mb"],
            r["segments"], r["p50_us"], grow("p50_us"), r["p99_us"] / 1000, grow("p99_us"),
            r["cold_search_s"] * 1000, grow("cold_search_s")))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"queries": make_queries, "fts5-build": fts5_build, "fts5-run": fts5_run, "rg-run": rg_run, "table": table, "scale-table": scale_table, "cold": cold,
     "english-queries": make_english_queries, "fts5-build-en": fts5_build_en, "fts5-run-en": fts5_run_en,
     "english-table": english_table}[command](*args)
