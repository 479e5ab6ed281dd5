//! Warm query latency of an hrsearch index, measured in-process, for
//! `benches/compare.sh`. Also exports the indexed paragraphs, so that other
//! engines can be loaded with exactly the same text.
//!
//! ```sh
//! cargo run --release --example query_latency -- --index DIR export > paragraphs.jsonl
//! cargo run --release --example query_latency -- --index DIR run --queries queries.txt
//! ```
//!
//! `run` reads one query per line (as typed to `hrsearch search`), runs each
//! once to warm up and then `--repeat` times, asking for the top 10 with
//! snippets (or, with `--sort`, `--group` and `--facets`, what the web
//! page's other requests ask), and prints one JSON object a line: the query, its total hits,
//! the time of its first run, and its median and slowest time afterwards, in
//! microseconds. The first run also reads and decompresses the stored
//! paragraphs it shows; the later runs find them in the reader's cache.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use hrsearch::{HrIndex, SearchOptions, SortOrder};

#[derive(Parser)]
struct Args {
    /// The index folder
    #[arg(long)]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every paragraph as {"id", "label", "text", "en"}, one a line
    Export,
    /// Print the index's size per component and field, largest first
    Space,
    /// Time the queries of a file
    Run {
        /// One query a line
        #[arg(long)]
        queries: PathBuf,
        /// Timed runs per query, after one warm-up run
        #[arg(long, default_value_t = 5)]
        repeat: usize,
        /// Order of hits: relevance, session or paragraph
        #[arg(long, default_value = "relevance")]
        sort: String,
        /// One hit per resolution
        #[arg(long)]
        group: bool,
        /// Count the hits per session, agenda item, organ and kind
        #[arg(long)]
        facets: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let index = HrIndex::open(&args.index)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.command {
        Command::Export => {
            for resolution in index.resolutions()? {
                for paragraph in &resolution.paragraphs {
                    let line = serde_json::json!({
                        "id": resolution.id,
                        "label": paragraph.label,
                        "text": paragraph.text,
                        "en": paragraph.en,
                    });
                    writeln!(out, "{line}")?;
                }
            }
        }
        Command::Space => {
            let searcher = index.reader()?.searcher();
            let usage = searcher.space_usage()?;
            let mut sizes: std::collections::BTreeMap<String, u64> = Default::default();
            for segment in usage.segments() {
                let parts = [
                    ("terms", segment.termdict()),
                    ("postings", segment.postings()),
                    ("positions", segment.positions()),
                    ("fast", segment.fast_fields()),
                    ("fieldnorms", segment.fieldnorms()),
                ];
                for (component, per_field) in parts {
                    for field in per_field.fields() {
                        let key = format!("{component} {}", field.field_name());
                        *sizes.entry(key).or_default() += field.total().get_bytes();
                    }
                }
                *sizes.entry("store".to_string()).or_default() +=
                    segment.store().total().get_bytes();
            }
            let mut sizes: Vec<(String, u64)> = sizes.into_iter().collect();
            sizes.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
            writeln!(
                out,
                "total {:.2} MB",
                usage.total().get_bytes() as f64 / 1e6
            )?;
            for (name, bytes) in sizes {
                writeln!(out, "{:>10.3} MB  {name}", bytes as f64 / 1e6)?;
            }
        }
        Command::Run {
            queries,
            repeat,
            sort,
            group,
            facets,
        } => {
            // A new process loads jieba's dictionary once, on its first
            // query; that is the cold start, timed apart from these.
            hrsearch::analysis::jieba();
            let sort = match sort.as_str() {
                "relevance" => SortOrder::Relevance,
                "session" => SortOrder::Session,
                "paragraph" => SortOrder::Paragraph,
                other => {
                    anyhow::bail!("--sort takes relevance, session or paragraph, not {other:?}")
                }
            };
            let options = SearchOptions {
                sort,
                group,
                facets,
                ..SearchOptions::default()
            };
            let file = std::io::BufReader::new(std::fs::File::open(&queries)?);
            for query in file.lines() {
                let query = query?;
                if query.trim().is_empty() {
                    continue;
                }
                let started = Instant::now();
                let total = hrsearch::search::search(&index, &query, &options)?.total;
                let first_us = started.elapsed().as_secs_f64() * 1e6;
                let mut times: Vec<f64> = (0..repeat)
                    .map(|_| {
                        let started = Instant::now();
                        let results = hrsearch::search::search(&index, &query, &options)
                            .expect("query ran once");
                        assert_eq!(results.total, total);
                        started.elapsed().as_secs_f64() * 1e6
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                let line = serde_json::json!({
                    "query": query,
                    "hits": total,
                    "first_us": first_us,
                    "p50_us": times[times.len() / 2],
                    "max_us": times[times.len() - 1],
                    "times_us": times,
                });
                writeln!(out, "{line}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
