//! Helpers shared by the integration tests: running the binary, generating
//! corpora in the real layout, and reading back what an index holds.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hrsearch::HrIndex;

/// The bundled sample resolution.
pub fn sample_text() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/hrc-21-item10-technical-cooperation-draft.txt"),
    )
    .unwrap()
}

/// The sample with a marker of its own in OP1 (`…主要责任，标记<marker>；`)
/// and its session changed, so that every generated resolution differs.
pub fn variant(marker: &str, session: u32) -> String {
    sample_text()
        .replace(
            "重申各国负有增进和保护所有人权的主要责任；",
            &format!("重申各国负有增进和保护所有人权的主要责任，标记{marker}；"),
        )
        .replace("第二十一届会议  ", &format!("第{session}届会议  "))
        .replace("21/...", &format!("{session}/..."))
}

/// Writes `count` generated resolutions `r0000.txt`, … into `dir`.
pub fn write_corpus(dir: &Path, count: usize, marker_prefix: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let text = variant(&format!("{marker_prefix}{i}"), 20 + (i % 5) as u32);
        std::fs::write(dir.join(format!("r{i:04}.txt")), text).unwrap();
    }
}

/// Runs the binary with `args`.
pub fn hrsearch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hrsearch"))
        .args(args)
        .output()
        .unwrap()
}

/// A command for the binary, to spawn.
pub fn hrsearch_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hrsearch"))
}

/// Runs `index` with `--json` and returns the summary.
pub fn index_json(index: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["--index", index.to_str().unwrap(), "index", "--json"];
    all.extend_from_slice(args);
    let out = hrsearch(&all);
    let summary = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON summary ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), summary)
}

/// What an index holds: every resolution id with its paragraphs (label, text).
pub type Snapshot = BTreeMap<String, Vec<(String, String)>>;

/// Reads what the index in `path` holds, checking on the way that its
/// paragraph documents agree with its resolution records.
pub fn snapshot(path: &Path) -> Snapshot {
    let index = HrIndex::open(path).unwrap();
    let snapshot: Snapshot = index
        .resolutions()
        .unwrap()
        .into_iter()
        .map(|r| {
            let paragraphs = r
                .paragraphs
                .into_iter()
                .map(|p| (p.label, p.text))
                .collect();
            (r.id, paragraphs)
        })
        .collect();
    let stats = index.stats().unwrap();
    assert_eq!(stats.resolutions, snapshot.len());
    let with_upr = snapshot
        .values()
        .flatten()
        .filter(|(_, text)| text.contains("普遍定期审议"))
        .count();
    let options = hrsearch::SearchOptions {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(
        hrsearch::search::search(&index, "\"普遍定期审议\"", &options)
            .unwrap()
            .total,
        with_upr,
        "the paragraph documents disagree with the resolution records"
    );
    snapshot
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The bundled sample and every good fixture of tests/data, indexed into a
/// temporary folder.
pub struct FixtureIndex {
    _dir: tempfile::TempDir,
    /// The index.
    pub index: HrIndex,
    /// (resolution id, paragraph label, paragraph text) of every paragraph.
    pub paragraphs: Vec<(String, String, String)>,
}

impl FixtureIndex {
    /// (resolution id, paragraph label) of every hit of `query`, sorted;
    /// checks that the total counts them all.
    pub fn hits(&self, query: &str) -> Vec<(String, String)> {
        let options = hrsearch::SearchOptions {
            limit: hrsearch::search::MAX_LIMIT,
            ..hrsearch::SearchOptions::default()
        };
        let results = hrsearch::search::search(&self.index, query, &options).unwrap();
        assert_eq!(results.total, results.hits.len(), "{query}");
        let mut hits: Vec<(String, String)> = results
            .hits
            .into_iter()
            .map(|hit| (hit.meta.doc_id, hit.paragraph))
            .collect();
        hits.sort();
        hits
    }

    /// (resolution id, paragraph label) of the paragraphs whose normalised
    /// text contains the normalised `needle`, sorted.
    pub fn paragraphs_containing(&self, needle: &str) -> Vec<(String, String)> {
        let needle = hrsearch::analysis::normalize(needle);
        let mut expected: Vec<(String, String)> = self
            .paragraphs
            .iter()
            .filter(|(_, _, text)| hrsearch::analysis::normalize(text).contains(&needle))
            .map(|(id, label, _)| (id.clone(), label.clone()))
            .collect();
        expected.sort();
        expected
    }
}

/// Indexes the sample and the fixtures; the files under tests/data/bad must
/// be the only ones that fail.
pub fn fixture_index() -> FixtureIndex {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixtures = index_of(&[root.join("corpus"), root.join("tests/data")], "/bad/");
    assert!(fixtures.paragraphs.len() >= 26);
    fixtures
}

/// `paths` indexed into a temporary folder; only files whose path contains
/// `may_fail` may fail.
pub fn index_of(paths: &[PathBuf], may_fail: &str) -> FixtureIndex {
    let dir = tempfile::tempdir().unwrap();
    let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
    let report = index.index_paths(paths).unwrap();
    for failure in &report.failed {
        assert!(
            !may_fail.is_empty() && failure.to_string().contains(may_fail),
            "a good file failed: {failure}"
        );
    }
    let paragraphs = index
        .resolutions()
        .unwrap()
        .into_iter()
        .flat_map(|r| {
            let id = r.id.clone();
            r.paragraphs
                .into_iter()
                .map(move |p| (id.clone(), p.label, p.text))
        })
        .collect::<Vec<_>>();
    FixtureIndex {
        _dir: dir,
        index,
        paragraphs,
    }
}

/// `hrsearch serve` running on a free localhost port; stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
}

impl Server {
    /// Starts the server on the index in `index`.
    pub fn start(index: &Path) -> Server {
        use std::io::BufRead;
        let mut child = hrsearch_command()
            .args([
                "--index",
                index.to_str().unwrap(),
                "serve",
                "--addr",
                "127.0.0.1:0",
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let start = line
            .find("http://")
            .unwrap_or_else(|| panic!("the server did not say where it listens: {line:?}"));
        let base = line[start..].trim().trim_end_matches('/').to_string();
        Server { child, base }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The full address of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled corpus indexed into a temporary folder, through the binary.
pub fn sample_index() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    index_folder(
        &index,
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus"),
    );
    (dir, index)
}

/// Indexes `folder` into `index` through the binary; every file must index.
pub fn index_folder(index: &Path, folder: &Path) {
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "index",
        folder.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// A search for `query` either answers (a total no smaller than the hits
/// shown, each hit with its text) or says what is wrong with the query;
/// any other error is a failure.
pub fn assert_search_answers(
    index: &HrIndex,
    query: &str,
) -> Result<(), proptest::test_runner::TestCaseError> {
    match hrsearch::search::search(index, query, &hrsearch::SearchOptions::default()) {
        Ok(results) => {
            proptest::prop_assert!(results.total >= results.hits.len(), "{query:?}");
            for hit in &results.hits {
                proptest::prop_assert!(
                    !hit.meta.doc_id.is_empty() && !hit.paragraph.is_empty(),
                    "{query:?}"
                );
            }
        }
        Err(hrsearch::Error::Query { message, .. }) | Err(hrsearch::Error::Filter(message)) => {
            proptest::prop_assert!(!message.is_empty(), "{query:?}");
        }
        Err(other) => proptest::prop_assert!(false, "{query:?}: {other}"),
    }
    Ok(())
}

/// Parsing `text` either refuses it for a stated reason (empty, or only
/// furniture) or gives units with valid labels, and reports every line no
/// unit holds: nothing is dropped silently.
pub fn assert_parse_accounts_for_every_line(
    text: &str,
) -> Result<(), proptest::test_runner::TestCaseError> {
    match hrsearch::parse::parse_document(text) {
        Ok(parsed) => {
            for unit in &parsed.resolution.paragraphs {
                proptest::prop_assert!(
                    hrsearch::UnitKind::from_label(&unit.label) == Some((unit.kind, unit.number)),
                    "label {:?} of {:?}",
                    unit.label,
                    text
                );
            }
            let coverage = &parsed.coverage;
            proptest::prop_assert!(
                coverage.is_complete() || !coverage.unplaced.is_empty(),
                "a shortfall with no line reported: {:?}",
                text
            );
        }
        Err(error) => proptest::prop_assert!(!error.to_string().is_empty()),
    }
    Ok(())
}

/// Every line of the sample, the fixtures and the real documents.
pub fn real_lines() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut lines = Vec::new();
    for folder in ["corpus", "tests/data", "tests/realdocs"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let bytes = std::fs::read(&path).unwrap();
                if let Ok((text, _)) = hrsearch::corpus::decode(&bytes) {
                    lines.extend(text.lines().map(str::to_string));
                }
            }
        }
    }
    lines
}

/// The paragraph labels of the hits of a `search --json` answer, sorted.
pub fn sorted_labels(results: &serde_json::Value) -> Vec<String> {
    let mut labels: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["paragraph"].as_str().unwrap().to_string())
        .collect();
    labels.sort();
    labels
}
