//! End-to-end tests through the real `hrsearch` binary: what a researcher
//! types, and exactly which paragraphs come back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SAMPLE_ID: &str = "hrc-21-item10-technical-cooperation-draft";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_corpus() -> PathBuf {
    repo().join("corpus")
}

/// A temporary index holding the bundled sample.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn with_sample() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        let out = env.run(&["index", sample_corpus().to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        env
    }

    fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hrsearch"))
            .arg("--index")
            .arg(self.index_dir())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `search QUERY --json` with `extra` arguments and returns the JSON.
    fn search(&self, query: &str, extra: &[&str]) -> Value {
        let mut args = vec!["search", query, "--json"];
        if !extra.contains(&"--limit") {
            args.extend_from_slice(&["--limit", "100"]);
        }
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "search {query} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn labels(&self, query: &str, extra: &[&str]) -> Vec<String> {
        labels(&self.search(query, extra))
    }
}

fn labels(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["paragraph"].as_str().unwrap().to_string())
        .collect()
}

fn set(labels: &[&str]) -> BTreeSet<String> {
    labels.iter().map(|s| s.to_string()).collect()
}

fn as_set(labels: Vec<String>) -> BTreeSet<String> {
    let set: BTreeSet<String> = labels.iter().cloned().collect();
    assert_eq!(
        set.len(),
        labels.len(),
        "a paragraph came back twice: {labels:?}"
    );
    set
}

const UPR_PARAGRAPHS: [&str; 10] = [
    "PP9", "OP5", "OP9", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16",
];

#[test]
fn quoted_upr_returns_exactly_its_paragraphs() {
    let env = Env::with_sample();
    let results = env.search("\"普遍定期审议\"", &[]);
    // The ten paragraphs, then the section heading `技术合作和普遍定期审议`,
    // which holds the term too but ranks below every paragraph.
    assert_eq!(results["total"], 11);
    let found = labels(&results);
    assert_eq!(as_set(found[..10].to_vec()), set(&UPR_PARAGRAPHS));
    assert_eq!(found[10], "HD1");
}

#[test]
fn experience_is_found_across_the_page_break() {
    let env = Env::with_sample();
    assert_eq!(
        as_set(env.labels("\"经验\"", &[])),
        set(&["OP5", "OP10", "OP13"])
    );
}

#[test]
fn resolution_numbers_match_whatever_the_spacing() {
    let env = Env::with_sample();
    let expected = set(&["PP7", "OP3", "OP5"]);
    assert_eq!(as_set(env.labels("\"18/18\"", &[])), expected);
    // The text says `第 18/18 号决议`.
    assert_eq!(as_set(env.labels("\"第18/18号决议\"", &[])), expected);
    assert_eq!(as_set(env.labels("\"第 18/18 号 决议\"", &[])), expected);
    // Full-width digits in the query.
    assert_eq!(as_set(env.labels("\"１８/１８\"", &[])), expected);
    // 18/18 is not inside 1993/87 or 16/21.
    assert_eq!(as_set(env.labels("\"5/1 号\"", &[])), set(&["PP5"]));
}

#[test]
fn unquoted_query_ranks_exact_phrase_first() {
    let env = Env::with_sample();
    let results = env.search("普遍定期审议", &[]);
    let found = labels(&results);
    assert!(found.len() >= UPR_PARAGRAPHS.len());
    assert_eq!(
        as_set(found[..UPR_PARAGRAPHS.len()].to_vec()),
        set(&UPR_PARAGRAPHS)
    );

    // Words typed apart are each required; paragraphs holding them together come first.
    let results = env.search("技术 合作", &[]);
    let hits = results["hits"].as_array().unwrap();
    let together: Vec<bool> = hits
        .iter()
        .map(|hit| hit["text"].as_str().unwrap().contains("技术合作"))
        .collect();
    let first_scattered = together
        .iter()
        .position(|t| !t)
        .expect("some scattered hits");
    assert!(first_scattered > 0);
    assert!(
        together[first_scattered..].iter().all(|t| !t),
        "{together:?}"
    );
    for hit in hits {
        let text = hit["text"].as_str().unwrap();
        assert!(text.contains("技术") && text.contains("合作"), "{text}");
    }
}

#[test]
fn filters_narrow_the_hits() {
    let env = Env::with_sample();
    let q = "\"普遍定期审议\"";
    assert_eq!(as_set(env.labels(q, &["--kind", "pp"])), set(&["PP9"]));
    assert_eq!(env.labels(q, &["--kind", "op"]).len(), 9);
    assert_eq!(env.labels(q, &["--kind", "heading"]), ["HD1"]);
    assert_eq!(env.labels(q, &["--session", "21"]).len(), 11);
    assert!(env.labels(q, &["--session", "22"]).is_empty());
    assert_eq!(env.labels(q, &["--agenda", "10"]).len(), 11);
    assert!(env.labels(q, &["--agenda", "4"]).is_empty());
    let limited = env.search(q, &["--limit", "3"]);
    assert_eq!(labels(&limited).len(), 3);
    assert_eq!(limited["total"], 11);
}

#[test]
fn json_hits_carry_the_documented_fields() {
    let env = Env::with_sample();
    let results = env.search("\"有益工具\"", &[]);
    assert_eq!(results["query"], "\"有益工具\"");
    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["rank"], 1);
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert_eq!(hit["doc_id"], SAMPLE_ID);
    assert_eq!(hit["symbol"], Value::Null);
    assert_eq!(hit["resolution"], "21/...");
    assert_eq!(hit["title"], "加强人权领域的技术合作和能力建设");
    assert_eq!(hit["organ"], "人权理事会");
    assert_eq!(hit["session"], 21);
    assert_eq!(hit["agenda_item"], "10");
    assert_eq!(hit["paragraph"], "OP10");
    assert_eq!(hit["kind"], "operative");
    assert_eq!(hit["number"], 10);
    assert_eq!(hit["section"], "技术合作和普遍定期审议");
    assert!(hit["text"]
        .as_str()
        .unwrap()
        .starts_with("10. 认识到技术合作，包括分享经验"));
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>有益工具</mark>"));
    assert!(hit["source"]
        .as_str()
        .unwrap()
        .ends_with("hrc-21-item10-technical-cooperation-draft.txt"));
}

#[test]
fn a_phrase_is_highlighted_as_one_span() {
    let env = Env::with_sample();
    for query in ["\"普遍定期审议\"", "普遍定期审议", "普遍 定期 审议"] {
        let results = env.search(query, &[]);
        let op10 = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|hit| hit["paragraph"] == "OP10")
            .unwrap();
        assert_eq!(
            op10["snippet"],
            "10. 认识到技术合作，包括分享经验、最佳做法、专业知识和能力建设是促进履行所有国际人权义务及所接受的<mark>普遍定期审议</mark>建议的一项有益工具；",
            "{query}"
        );
        assert_eq!(op10["highlights"], serde_json::json!([[51, 57]]));
    }
}

#[test]
fn show_prints_the_whole_resolution() {
    let env = Env::with_sample();
    let out = env.run(&["show", SAMPLE_ID, "--json"]);
    assert!(out.status.success());
    let resolution: hrsearch::Resolution = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(resolution.id, SAMPLE_ID);
    assert_eq!(
        resolution
            .paragraphs
            .iter()
            .filter(|p| p.kind.is_body())
            .count(),
        26
    );
    // Every line is there: five header lines, the title, the footnote and
    // the section heading besides the 26 paragraphs.
    assert_eq!(resolution.paragraphs.len(), 34);
    assert_eq!(resolution.sponsors.len(), 49);

    let out = env.run(&["show", SAMPLE_ID, "--color", "never"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("PP1    遵循《联合国宪章》"), "{text}");
    assert!(
        text.contains("HD1    技术合作和普遍定期审议\n\nOP10   10. 认识到技术合作"),
        "{text}"
    );
    assert!(text.contains("挪威、巴拿马*"));
    // The footnote stands under the sponsors line whose `*` it explains.
    assert!(
        text.contains("越南*：决议草案\n    FN1    * 非人权理事会成员国。"),
        "{text}"
    );
}

#[test]
fn stats_count_the_index() {
    let env = Env::with_sample();
    let out = env.run(&["stats", "--json"]);
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["resolutions"], 1);
    assert_eq!(stats["paragraphs"], 26);
    assert_eq!(stats["sessions"], serde_json::json!([21]));
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn reindexing_replaces_rather_than_duplicates() {
    let env = Env::with_sample();
    let out = env.run(&["index", sample_corpus().to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(env.search("\"普遍定期审议\"", &[])["total"], 11);
    let stats: Value = serde_json::from_slice(&env.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["paragraphs"], 26);
}

#[test]
fn exit_codes_and_errors_are_like_ripgrep() {
    let env = Env::with_sample();
    assert_eq!(
        env.run(&["search", "\"普遍定期审议\""]).status.code(),
        Some(0)
    );
    assert_eq!(
        env.run(&["search", "\"不存在的词语组合\""]).status.code(),
        Some(1)
    );

    let out = env.run(&["search", "人权 \"普遍定期"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("hrsearch: "), "{stderr}");
    assert!(stderr.contains("unbalanced quote"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());

    for bad in [
        vec!["search", ""],
        vec!["search", "人权", "--agenda", "ten"],
        vec!["search", "人权", "--limit", "0"],
    ] {
        let out = env.run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("hrsearch: "));
    }

    let out = env.run(&["show", "no-such-resolution"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no-such-resolution"));
}

#[test]
fn searching_without_an_index_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .args(["--index"])
        .arg(dir.path().join("missing"))
        .args(["search", "人权"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no index at"));
}

/// Runs `search 普遍定期审议 --json` in `dir` with the default index: it must
/// say `note` on stderr and find the sample's 10 paragraphs.
fn search_default_index(dir: &Path, note: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .current_dir(dir)
        .args(["search", "普遍定期审议", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(note), "{stderr}");
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["total"], 11);
}

/// Creates, in `path`, a committed index whose fields are not hrsearch's.
fn old_schema_index(path: &Path) {
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("body", tantivy::schema::STRING);
    std::fs::create_dir_all(path).unwrap();
    let old = tantivy::Index::create_in_dir(path, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
    writer.commit().unwrap();
}

#[test]
fn first_search_indexes_the_bundled_corpus() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample_corpus(), &dir.path().join("corpus"));
    search_default_index(dir.path(), "indexing corpus first");
    assert!(dir.path().join("index/meta.json").is_file());

    // The second search uses the index and says nothing.
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .current_dir(dir.path())
        .args(["search", "普遍定期审议"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn a_default_index_of_an_older_version_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample_corpus(), &dir.path().join("corpus"));
    // An index whose fields are not this version's.
    old_schema_index(&dir.path().join("index"));
    search_default_index(dir.path(), "rebuilding it from corpus");

    // An index given with --index is never rebuilt behind the user's back.
    old_schema_index(&dir.path().join("other"));
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .current_dir(dir.path())
        .args(["--index", "other", "search", "普遍定期审议"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--rebuild"));
}

#[test]
fn bad_files_are_reported_and_the_rest_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("batch");
    copy_dir(&sample_corpus(), &corpus);
    std::fs::write(
        corpus.join("latin1.txt"),
        b"r\xe9sum\xe9 caf\xe9 d\xe9j\xe0 vu",
    )
    .unwrap();
    std::fs::write(corpus.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    std::fs::write(corpus.join("notes.csv"), b"not,a,resolution").unwrap();
    let index = dir.path().join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .arg("--index")
        .arg(&index)
        .arg("index")
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let failures: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("hrsearch: "))
        .collect();
    assert_eq!(failures.len(), 3, "{stderr}");
    for (name, reason) in [
        ("latin1.txt", "neither UTF-8 nor GB18030"),
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
    ] {
        assert!(
            failures
                .iter()
                .any(|l| l.contains(name) && l.contains(reason)),
            "{name}: {stderr}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .arg("--index")
        .arg(&index)
        .args(["search", "\"经验\"", "--json"])
        .output()
        .unwrap();
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["total"], 3);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn check_shows_the_units_and_coverage_of_real_files() {
    let folder = repo().join("tests/realdocs");
    let haiti = folder.join("ECOSOC_2023_agenda12e_Haiti-long-term-support_RES_E-2023-L.25.zh.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .args(["check", haiti.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "  title      海地问题特设咨询小组",
        "  session    2023年届会",
        "  adopted    2023-07-26",
        "  meeting    45",
        "  basis      E/2023/L.25",
        "     15 title      TITLE        海地问题特设咨询小组",
        "     11 closing    CL1          第45次全体会议",
        "  coverage 100.0%: 1080 of 1110 characters in 12 units, 30 in furniture lines",
        // The English beside it: how the units aligned, and the units of
        // the English text alone.
        "  aligned    9 of 12 units have their English beside them, 3 have none; 4 English units have no Chinese counterpart",
        "     en operative  EN-OP1       Requests the Ad Hoc Advisory Group on Ha…",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }

    // --json: one object a line, every file of the folder.
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .args(["check", "--json", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let objects: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(objects.len(), 25);
    for object in &objects {
        assert_eq!(object["coverage"]["percent"], 100.0, "{}", object["path"]);
        assert_eq!(object["coverage"]["unplaced"], serde_json::json!([]));
        let units = object["resolution"]["paragraphs"].as_array().unwrap().len();
        assert_eq!(object["unit_lines"].as_array().unwrap().len(), units);
    }

    // A file that cannot be read is an error, and the others still print.
    let out = Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .args([
            "check",
            repo().join("tests/data/bad/binary.txt").to_str().unwrap(),
            haiti.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("binary.txt"));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("海地问题特设咨询小组"));
}
