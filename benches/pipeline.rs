//! Benchmarks of each stage on the bundled sample: parsing, tokenizing,
//! indexing and searching, each beside a baseline run in the same process
//! (a plain scan of the normalised paragraphs) so that figures can be read as
//! ratios on a noisy machine. Every timed loop checks its answer, so a
//! broken fast path cannot look fast.
//!
//! Run with `cargo bench --bench pipeline`.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use hrsearch::analysis::{normalize, BigramTokenizer, CharTokenizer};
use hrsearch::parse::parse_resolution;
use hrsearch::{HrIndex, SearchOptions};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn sample_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/hrc-21-item10-technical-cooperation-draft.txt")
}

fn sample() -> String {
    std::fs::read_to_string(sample_path()).unwrap()
}

fn count_tokens(tokenizer: &mut impl Tokenizer, text: &str) -> usize {
    let mut stream = tokenizer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        count += 1;
    }
    count
}

fn analysis(c: &mut Criterion) {
    let text = sample();
    let body: String = parse_resolution(&text)
        .unwrap()
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    let chars = count_tokens(&mut CharTokenizer::default(), &body);
    let bigrams = count_tokens(&mut BigramTokenizer::default(), &body);
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("parse_sample", |b| {
        b.iter(|| {
            assert_eq!(
                parse_resolution(black_box(&text)).unwrap().paragraphs.len(),
                34
            )
        })
    });
    group.bench_function("normalize", |b| {
        b.iter(|| assert!(!normalize(black_box(&body)).is_empty()))
    });
    group.bench_function("char_tokenizer", |b| {
        let mut tokenizer = CharTokenizer::default();
        b.iter(|| assert_eq!(count_tokens(&mut tokenizer, black_box(&body)), chars))
    });
    group.bench_function("bigram_tokenizer", |b| {
        let mut tokenizer = BigramTokenizer::default();
        b.iter(|| assert_eq!(count_tokens(&mut tokenizer, black_box(&body)), bigrams))
    });
    group.finish();
}

fn indexing(c: &mut Criterion) {
    let corpus = sample_path().parent().unwrap().to_path_buf();
    let mut group = c.benchmark_group("indexing");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(sample().len() as u64));
    group.bench_function("index_sample", |b| {
        b.iter_with_large_drop(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
            let report = index.index_paths(std::slice::from_ref(&corpus)).unwrap();
            assert_eq!(report.paragraphs, 26);
            dir
        })
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
    index.index_paths(&[sample_path()]).unwrap();
    let paragraphs: Vec<String> = index.resolutions().unwrap()[0]
        .paragraphs
        .iter()
        .map(|p| p.text.clone())
        .collect();

    let mut group = c.benchmark_group("search");
    // Baseline: normalise every paragraph and look for the phrase.
    group.bench_function("baseline_scan", |b| {
        let needle = normalize("普遍定期审议");
        b.iter(|| {
            let found = paragraphs
                .iter()
                .filter(|p| normalize(p).contains(&needle))
                .count();
            assert_eq!(found, 11);
        })
    });
    let cases: [(&str, &str, usize); 5] = [
        ("exact_phrase", "\"普遍定期审议\"", 11),
        ("unquoted_words", "技术 合作", 15),
        ("filtered", "\"普遍定期审议\" session:21 kind:op", 9),
        ("two_chars", "\"经验\"", 3),
        ("or_not", "(\"经验\" OR \"18/18\") -\"普遍定期审议\"", 2),
    ];
    for (name, query, total) in cases {
        let options = SearchOptions::default();
        group.bench_function(name, |b| {
            b.iter(|| {
                assert_eq!(
                    hrsearch::search::search(&index, black_box(query), &options)
                        .unwrap()
                        .total,
                    total
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, analysis, indexing, search);
criterion_main!(benches);
