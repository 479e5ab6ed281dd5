//! Benchmarks on a generated corpus (20,000 paragraphs by default; set
//! `HRSEARCH_BENCH_PARAGRAPHS` for another size): tokenizing (MB/s),
//! indexing (MB/s and paragraphs/s), and searches (an exact phrase, a rare
//! phrase, a two-character term, unquoted words, a filtered query), each
//! returning the top 10 with snippets. Each search runs beside a baseline in
//! the same process, a scan of the normalised paragraphs, so the figures can
//! be read as ratios on a noisy machine. Every timed loop asserts its count,
//! and the counts come from the scan, not from the index.
//!
//! Run with `cargo bench --bench scale`.

use std::path::PathBuf;

use criterion::{black_box, Criterion, Throughput};
use hrsearch::analysis::{normalize, BigramTokenizer, CharTokenizer};
use hrsearch::search::query::required_words;
use hrsearch::{HrIndex, Resolution, SearchOptions, UnitKind};
use tantivy::tokenizer::{TokenStream, Tokenizer};

#[path = "support/generator.rs"]
mod generator;

/// The generated corpus, its index, and every paragraph normalised for the
/// baseline scan.
struct Fixture {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    bytes: u64,
    paragraphs: usize,
    index: HrIndex,
    /// (resolution, paragraph kind, normalised text) of every paragraph.
    scan: Vec<(usize, UnitKind, String)>,
    resolutions: Vec<Resolution>,
}

impl Fixture {
    fn build() -> Fixture {
        let paragraphs = std::env::var("HRSEARCH_BENCH_PARAGRAPHS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20_000);
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let stats = generator::write_corpus(&corpus, paragraphs, 2012, false).unwrap();
        eprintln!("bench corpus: {stats}");
        let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
        let summary = index.index_paths(std::slice::from_ref(&corpus)).unwrap();
        assert_eq!(summary.paragraphs, stats.paragraphs);
        let resolutions = index.resolutions().unwrap();
        let scan = resolutions
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.paragraphs
                    .iter()
                    .map(move |p| (i, p.kind, normalize(&p.text)))
            })
            .collect();
        Fixture {
            _dir: dir,
            corpus,
            bytes: stats.bytes,
            paragraphs: stats.paragraphs,
            index,
            scan,
            resolutions,
        }
    }

    /// Paragraphs whose normalised text contains every needle and that pass `keep`.
    fn scan_count(
        &self,
        needles: &[String],
        keep: impl Fn(&Resolution, UnitKind) -> bool,
    ) -> usize {
        self.scan
            .iter()
            .filter(|(r, kind, text)| {
                needles.iter().all(|n| text.contains(n.as_str()))
                    && keep(&self.resolutions[*r], *kind)
            })
            .count()
    }
}

fn count_tokens(tokenizer: &mut impl Tokenizer, texts: &[&str]) -> usize {
    let mut count = 0;
    for text in texts {
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            count += 1;
        }
    }
    count
}

fn tokenizing(c: &mut Criterion, fixture: &Fixture) {
    let texts: Vec<&str> = fixture
        .resolutions
        .iter()
        .flat_map(|r| r.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let chars = count_tokens(&mut CharTokenizer::default(), &texts);
    let bigrams = count_tokens(&mut BigramTokenizer::default(), &texts);
    let mut group = c.benchmark_group("scale_tokenize");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("char", |b| {
        let mut tokenizer = CharTokenizer::default();
        b.iter(|| assert_eq!(count_tokens(&mut tokenizer, black_box(&texts)), chars))
    });
    group.bench_function("bigram", |b| {
        let mut tokenizer = BigramTokenizer::default();
        b.iter(|| assert_eq!(count_tokens(&mut tokenizer, black_box(&texts)), bigrams))
    });
    group.finish();
}

fn indexing(c: &mut Criterion, fixture: &Fixture) {
    let throughputs = [
        ("bytes", Throughput::Bytes(fixture.bytes)),
        (
            "paragraphs",
            Throughput::Elements(fixture.paragraphs as u64),
        ),
    ];
    for (unit, throughput) in throughputs {
        let mut group = c.benchmark_group(format!("scale_index_{unit}"));
        group.sample_size(10);
        group.throughput(throughput);
        group.bench_function("index_corpus", |b| {
            b.iter_with_large_drop(|| {
                let dir = tempfile::tempdir().unwrap();
                let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
                let summary = index
                    .index_paths(std::slice::from_ref(&fixture.corpus))
                    .unwrap();
                assert_eq!(summary.paragraphs, fixture.paragraphs);
                dir
            })
        });
        group.finish();
    }
}

fn searching(c: &mut Criterion, fixture: &Fixture) {
    // A rare phrase: six characters from the middle of one paragraph.
    let rare: String = fixture.scan[fixture.scan.len() / 3]
        .2
        .chars()
        .skip(4)
        .take(6)
        .collect();
    let any = |_: &Resolution, _: UnitKind| true;
    let words = required_words(&["技术援助".to_string(), "民间社会".to_string()]);
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "exact_phrase",
            "\"普遍定期审议\"".to_string(),
            fixture.scan_count(&[normalize("普遍定期审议")], any),
        ),
        (
            "rare_phrase",
            format!("\"{rare}\""),
            fixture.scan_count(std::slice::from_ref(&rare), any),
        ),
        (
            "two_chars",
            "\"人权\"".to_string(),
            fixture.scan_count(&["人权".to_string()], any),
        ),
        (
            "unquoted_words",
            "技术援助 民间社会".to_string(),
            fixture.scan_count(&words, any),
        ),
        (
            "filtered",
            "\"人权理事会\" session:20..30 kind:op".to_string(),
            fixture.scan_count(&[normalize("人权理事会")], |r, kind| {
                r.session.is_some_and(|s| (20..=30).contains(&s)) && kind == UnitKind::Operative
            }),
        ),
    ];
    let mut group = c.benchmark_group("scale_search");
    let options = SearchOptions::default();
    for (name, query, total) in &cases {
        assert!(*total > 0, "{name}: the scan finds nothing for {query}");
        group.bench_function(format!("{name}/hrsearch"), |b| {
            b.iter(|| {
                let results =
                    hrsearch::search::search(&fixture.index, black_box(query), &options).unwrap();
                assert_eq!(results.total, *total, "{query}");
                assert!(results.hits.iter().all(|h| !h.highlights.is_empty()));
            })
        });
    }
    // The baseline: the same counts by scanning the normalised paragraphs.
    group.sample_size(10);
    for (name, query, total) in &cases {
        let (needles, filtered) = match *name {
            "unquoted_words" => (words.clone(), false),
            "filtered" => (vec![normalize("人权理事会")], true),
            _ => (vec![normalize(query.trim_matches('"'))], false),
        };
        group.bench_function(format!("{name}/scan"), |b| {
            b.iter(|| {
                let count = if filtered {
                    fixture.scan_count(&needles, |r, kind| {
                        r.session.is_some_and(|s| (20..=30).contains(&s))
                            && kind == UnitKind::Operative
                    })
                } else {
                    fixture.scan_count(&needles, any)
                };
                assert_eq!(count, *total, "{query}");
            })
        });
    }
    group.finish();
}

fn main() {
    let fixture = Fixture::build();
    let mut c = Criterion::default().configure_from_args();
    tokenizing(&mut c, &fixture);
    indexing(&mut c, &fixture);
    searching(&mut c, &fixture);
    c.final_summary();
}
