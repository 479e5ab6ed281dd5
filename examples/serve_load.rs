//! A load client for `hrsearch serve`, for `benches/serve_load.sh`: a
//! number of concurrent clients each send searches of a query file, in the
//! mix the web page sends, to the server's JSON API on this machine, and
//! the throughput and latency come out as one JSON object.
//!
//! ```sh
//! cargo run --release --example serve_load -- --url http://127.0.0.1:8080 \
//!     --queries queries.txt --clients 32 --seconds 20 --requests 2000
//! ```
//!
//! Each client keeps one connection and sends, in turn, the four kinds of
//! request of the page: a ranked search with facets (what the page sends
//! for every query), the same grouped by resolution, sorted by session,
//! and sorted by paragraph. Each client starts at its own place in the
//! query file. The run stops after `--requests` requests in all or
//! `--seconds`, whichever comes first. Every answer but 200 is counted by
//! its status.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// The server, such as http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// One query a line, as typed to `hrsearch search`
    #[arg(long)]
    queries: PathBuf,
    /// Concurrent clients
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Most requests in all
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Most seconds the run lasts
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
}

/// The four kinds of request the page sends, as query-string suffixes.
const MIX: [&str; 4] = [
    "&facets=1",
    "&group=1&facets=1",
    "&sort=session",
    "&sort=paragraph",
];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let queries: Vec<String> = std::fs::read_to_string(&args.queries)?
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| form_urlencoded::byte_serialize(line.as_bytes()).collect())
        .collect();
    anyhow::ensure!(!queries.is_empty(), "no queries in {:?}", args.queries);
    let queries = Arc::new(queries);
    let sent = Arc::new(AtomicUsize::new(0));
    let stop = Instant::now() + Duration::from_secs_f64(args.seconds);
    let started = Instant::now();
    let clients: Vec<_> = (0..args.clients)
        .map(|client| {
            let (queries, sent, url) = (Arc::clone(&queries), Arc::clone(&sent), args.url.clone());
            let most = args.requests;
            std::thread::spawn(
                move || -> anyhow::Result<(Vec<f64>, BTreeMap<u16, usize>)> {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(60)))
                        .build()
                        .into();
                    let mut latencies_ms = Vec::new();
                    let mut failures = BTreeMap::new();
                    let mut n = client * 7;
                    while Instant::now() < stop && sent.fetch_add(1, Ordering::Relaxed) < most {
                        let query = &queries[n % queries.len()];
                        let kind = MIX[n % MIX.len()];
                        n += 1;
                        let request = format!("{url}/api/search?q={query}{kind}");
                        let begun = Instant::now();
                        let mut response = agent.get(&request).call()?;
                        let status = response.status().as_u16();
                        response
                            .body_mut()
                            .with_config()
                            .limit(64 * 1024 * 1024)
                            .read_to_vec()?;
                        latencies_ms.push(begun.elapsed().as_secs_f64() * 1000.0);
                        if status != 200 {
                            *failures.entry(status).or_default() += 1;
                        }
                    }
                    Ok((latencies_ms, failures))
                },
            )
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failures: BTreeMap<u16, usize> = BTreeMap::new();
    for client in clients {
        let (times, failed) = client
            .join()
            .map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
        latencies.extend(times);
        for (status, count) in failed {
            *failures.entry(status).or_default() += count;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let percentile = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let report = serde_json::json!({
        "clients": args.clients,
        "requests": latencies.len(),
        "seconds": elapsed,
        "requests_per_second": latencies.len() as f64 / elapsed,
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
        "max_ms": latencies.last().copied().unwrap_or(f64::NAN),
        "failures": failures,
    });
    println!("{report}");
    Ok(())
}
