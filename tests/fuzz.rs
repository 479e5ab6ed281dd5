//! Fuzzing of the parser and the query parser for a bounded time: inputs
//! made from real lines and query words, mutated at random (characters
//! inserted, deleted and repeated, lines swapped, split and joined, control
//! characters and markers put in). Each input must give a result that
//! accounts for itself, never a panic.
//!
//! `HRSEARCH_FUZZ_SECONDS` sets the time per target (default 20);
//! `HRSEARCH_FUZZ_SEED` replays a run (each failure prints its seed).

mod common;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Every line of the sample, the fixtures and the real documents.
static REAL_LINES: LazyLock<Vec<String>> = LazyLock::new(common::real_lines);

/// Pieces the parser and the query parser give meaning to.
const MARKERS: [&str; 24] = [
    "1.",
    "10.",
    "(a)",
    "（十四）",
    "*",
    "**",
    "¹",
    "[1]",
    "第",
    "号决议",
    "人权理事会，",
    "大会，",
    "联合国",
    "议程项目",
    "届会议",
    "\"",
    "OR",
    "(",
    ")",
    "-",
    ":",
    "session:",
    "cites:18/",
    "\u{1b}[2J",
];

fn budget() -> Duration {
    let seconds = std::env::var("HRSEARCH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(seconds)
}

fn seed() -> u64 {
    std::env::var("HRSEARCH_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
}

/// A random character: mostly CJK and punctuation, sometimes anything.
fn any_char(rng: &mut StdRng) -> char {
    match rng.random_range(0..6) {
        0 => rng.random_range('\u{4e00}'..='\u{9fa5}'),
        1 => [
            '，', '。', '；', '：', '、', '（', '）', '“', '”', '\n', ' ',
        ][rng.random_range(0..11)],
        2 => rng.random_range(' '..='~'),
        3 => char::from_u32(rng.random_range(0..0x20)).unwrap_or(' '),
        4 => rng.random_range('\u{ff01}'..='\u{ff5e}'),
        _ => rng.random::<char>(),
    }
}

/// `text` with a few random mutations.
fn mutate(rng: &mut StdRng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..8) {
        let at = rng.random_range(0..=chars.len());
        match rng.random_range(0..6) {
            0 => chars.insert(at, any_char(rng)),
            1 if at < chars.len() => {
                let end = (at + rng.random_range(1..20)).min(chars.len());
                chars.drain(at..end);
            }
            2 => {
                let marker = MARKERS[rng.random_range(0..MARKERS.len())];
                chars.splice(at..at, marker.chars());
            }
            3 if at < chars.len() => {
                let end = (at + rng.random_range(1..30)).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, piece);
            }
            4 => chars.insert(at, '\n'),
            _ => {
                if let Some(newline) = chars[at.min(chars.len())..].iter().position(|&c| c == '\n')
                {
                    chars.remove(at + newline);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// A document of real lines in random order, mutated.
fn document(rng: &mut StdRng) -> String {
    let lines: Vec<&str> = (0..rng.random_range(1..60))
        .map(|_| REAL_LINES[rng.random_range(0..REAL_LINES.len())].as_str())
        .collect();
    mutate(rng, &lines.join("\n"))
}

/// A query of words, phrases, filters and operators, mutated.
fn query(rng: &mut StdRng) -> String {
    const WORDS: [&str; 14] = [
        "人权",
        "\"普遍定期审议\"",
        "技术合作",
        "OR",
        "-经验",
        "(",
        ")",
        "session:19..22",
        "agenda:70(b)",
        "kind:op",
        "cites:18/18",
        "sponsor:挪威",
        "adopted:2023",
        "title:人权",
    ];
    let words: Vec<&str> = (0..rng.random_range(0..8))
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect();
    let joined = words.join(" ");
    if rng.random_bool(0.5) {
        mutate(rng, &joined)
    } else {
        joined
    }
}

/// Runs `check` on inputs from `make` until the time budget is spent.
fn fuzz(name: &str, make: fn(&mut StdRng) -> String, check: impl Fn(&str) -> Result<(), String>) {
    let seed = seed();
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < budget() {
        let input = make(&mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(message)) => {
                panic!("{name}, HRSEARCH_FUZZ_SEED={seed}, input {input:?}: {message}")
            }
            Err(_) => panic!("{name}, HRSEARCH_FUZZ_SEED={seed}, input {input:?}: panicked"),
        }
        runs += 1;
    }
    eprintln!(
        "{name}: {runs} inputs in {:?} (seed {seed})",
        started.elapsed()
    );
    assert!(runs > 0);
}

#[test]
fn fuzz_the_parser() {
    fuzz("parser", document, |text| {
        common::assert_parse_accounts_for_every_line(text).map_err(|e| e.to_string())
    });
}

#[test]
fn fuzz_the_query_parser_and_search() {
    let (_dir, index_path) = common::sample_index();
    let index = hrsearch::HrIndex::open(&index_path).unwrap();
    fuzz("query", query, |text| {
        common::assert_search_answers(&index, text).map_err(|e| e.to_string())
    });
}
