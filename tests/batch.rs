//! Batch re-indexing through the real binary: incremental updates, pruning,
//! rebuilding, bad files, crash safety under SIGKILL, readers during writes,
//! and two indexers at once.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{copy_dir, hrsearch, hrsearch_command, index_json, snapshot, variant, write_corpus};
use serde_json::{json, Value};

fn ids(summary: &Value, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = summary[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn search_ids(index: &Path, query: &str) -> Vec<String> {
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "search",
        query,
        "--json",
        "--limit",
        "1000",
    ]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            format!(
                "{}:{}",
                hit["doc_id"].as_str().unwrap(),
                hit["paragraph"].as_str().unwrap()
            )
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn incremental_updates_touch_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("session");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(corpus.join(format!("{name}.txt")), variant(name, 21)).unwrap();
    }
    let corpus_arg = corpus.to_str().unwrap();

    // A new session arrives: everything is added.
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(0));
    assert_eq!(ids(&summary, "added_ids"), ["a", "b", "c"]);
    assert_eq!(summary["added"], 3);
    assert_eq!(summary["paragraphs"], 78);
    assert_eq!(summary["committed"], true);
    let first = snapshot(&index);
    assert_eq!(first.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    // 26 paragraphs and 8 other units (header lines, title, footnote, heading).
    assert!(first.values().all(|units| units.len() == 34));

    // The same command again does nothing, and says so.
    let (_, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(
        (
            summary["added"].clone(),
            summary["updated"].clone(),
            summary["unchanged"].clone()
        ),
        (json!(0), json!(0), json!(3))
    );
    assert_eq!(summary["committed"], false);
    let out = hrsearch(&["--index", index.to_str().unwrap(), "index", corpus_arg]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("nothing to do: 3 resolutions unchanged"));
    assert_eq!(snapshot(&index), first);

    // One file is reissued: only its paragraphs change.
    let reissued = variant("b", 21).replace("重申各国负有", "重申所有国家负有");
    std::fs::write(corpus.join("b.txt"), reissued).unwrap();
    let (_, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(ids(&summary, "updated_ids"), ["b"]);
    assert_eq!(summary["unchanged"], 2);
    assert_eq!(summary["added"], 0);
    assert_eq!(summary["paragraphs"], 26);
    let second = snapshot(&index);
    assert_eq!(second["a"], first["a"]);
    assert_eq!(second["c"], first["c"]);
    assert_ne!(second["b"], first["b"]);
    assert_eq!(search_ids(&index, "\"重申所有国家负有\""), ["b:OP1"]);
    assert_eq!(search_ids(&index, "\"重申各国负有\""), ["a:OP1", "c:OP1"]);

    // A file is deleted: kept without --prune, removed with it.
    std::fs::remove_file(corpus.join("c.txt")).unwrap();
    let (_, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(summary["removed"], 0);
    assert_eq!(ids(&summary, "gone_ids"), ["c"]);
    assert_eq!(snapshot(&index).len(), 3);
    let (_, summary) = index_json(&index, &[corpus_arg, "--prune"]);
    assert_eq!(ids(&summary, "removed_ids"), ["c"]);
    assert_eq!(summary["committed"], true);
    let third = snapshot(&index);
    assert_eq!(third.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(search_ids(&index, "\"重申各国负有\""), ["a:OP1"]);

    // --rebuild starts from an empty index.
    let (_, summary) = index_json(&index, &[corpus_arg, "--rebuild"]);
    assert_eq!(ids(&summary, "added_ids"), ["a", "b"]);
    assert_eq!(summary["unchanged"], 0);
    assert_eq!(snapshot(&index), third);
}

#[test]
fn bad_files_fail_alone_and_strict_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("batch");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("good1.txt"), variant("good1", 21)).unwrap();
    std::fs::write(corpus.join("good2.txt"), variant("good2", 22)).unwrap();
    let good_only = snapshot_after_index(&index, &corpus);

    // Bad neighbours arrive, and good1 is overwritten by an unreadable version.
    std::fs::write(corpus.join("good1.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        corpus.join("latin1.txt"),
        b"r\xe9sum\xe9 caf\xe9 d\xe9j\xe0 vu",
    )
    .unwrap();
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    std::fs::write(corpus.join("binary.txt"), [0u8, 1, 2, 3, 0, 255, 254]).unwrap();
    let big: String = variant("big", 21).repeat(50 * 1024 * 1024 / 7000 + 1);
    std::fs::write(corpus.join("huge.txt"), big).unwrap();
    let no_header: String = variant("noheader", 21)
        .lines()
        .skip(15)
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(corpus.join("noheader.txt"), no_header).unwrap();
    std::fs::write(corpus.join("good3.txt"), variant("good3", 23)).unwrap();

    // --strict: any failure aborts the whole batch.
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap(), "--strict"]);
    assert_eq!(code, Some(2));
    assert_eq!(summary["committed"], false);
    assert_eq!(snapshot(&index), good_only);

    // Without it, the good files commit and the bad ones are listed.
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    let mut failed: Vec<String> = summary["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = Path::new(f["path"].as_str().unwrap());
            assert!(!f["reason"].as_str().unwrap().is_empty());
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    failed.sort();
    assert_eq!(
        failed,
        [
            "binary.txt",
            "empty.txt",
            "good1.txt",
            "huge.txt",
            "latin1.txt"
        ]
    );
    assert_eq!(ids(&summary, "added_ids"), ["good3", "noheader"]);
    assert_eq!(summary["unchanged"], 1);
    let reasons = summary["failed"].to_string();
    assert!(reasons.contains("too large"), "{reasons}");
    assert!(reasons.contains("binary"), "{reasons}");
    assert!(summary["warnings"].to_string().contains("noheader.txt"));

    // good1's previous version is still there, untouched.
    let after = snapshot(&index);
    assert_eq!(after["good1"], good_only["good1"]);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        ["good1", "good2", "good3", "noheader"]
    );
    // Its 26 paragraphs, its footnote and its section heading.
    assert_eq!(after["noheader"].len(), 28);
}

fn snapshot_after_index(index: &Path, corpus: &Path) -> common::Snapshot {
    let (code, _) = index_json(index, &[corpus.to_str().unwrap(), "--prune"]);
    assert_eq!(code, Some(0));
    snapshot(index)
}

/// Two states of a sizeable corpus: `before` indexed, and `after` to index
/// over it with `--prune`: many files added, every tenth reissued, every
/// thirteenth given a new id by a sidecar, every seventeenth deleted.
struct Scenario {
    dir: tempfile::TempDir,
    before: common::Snapshot,
    after: common::Snapshot,
}

impl Scenario {
    fn new(files_before: usize, files_after: usize) -> Scenario {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        write_corpus(&corpus, files_before, "v1-");
        let base = dir.path().join("base");
        let before = snapshot_after_index(&base, &corpus);
        // Reissue every tenth file and add new ones.
        write_corpus(&dir.path().join("new"), files_after, "v2-");
        for i in 0..files_after {
            let name = format!("r{i:04}.txt");
            if i >= files_before || i % 10 == 0 {
                std::fs::copy(dir.path().join("new").join(&name), corpus.join(&name)).unwrap();
            }
            if i < files_before && i % 13 == 0 {
                std::fs::write(
                    corpus.join(format!("r{i:04}.json")),
                    format!(r#"{{"id": "renamed-{i}"}}"#),
                )
                .unwrap();
            }
            if i < files_before && i % 17 == 5 {
                std::fs::remove_file(corpus.join(&name)).unwrap();
            }
        }
        let reference = dir.path().join("reference");
        copy_dir(&base, &reference);
        let after = snapshot_after_index(&reference, &corpus);
        assert_ne!(before, after);
        Scenario { dir, before, after }
    }

    fn corpus(&self) -> String {
        self.dir
            .path()
            .join("corpus")
            .to_string_lossy()
            .into_owned()
    }

    /// A fresh copy of the index in its `before` state.
    fn fresh_index(&self, name: &str) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        let _ = std::fs::remove_dir_all(&path);
        copy_dir(&self.dir.path().join("base"), &path);
        path
    }

    fn spawn_indexer(&self, index: &Path) -> std::process::Child {
        hrsearch_command()
            .args([
                "--index",
                index.to_str().unwrap(),
                "index",
                "--quiet",
                "--prune",
                &self.corpus(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// Kills the indexer at 20 random moments of a batch that adds, updates,
/// renames (an id changed by a sidecar) and prunes files: each time the
/// index holds exactly the state before or the state after, document for
/// document, and the next run reaches the state after.
#[test]
fn a_killed_indexer_leaves_the_last_commit_and_a_rerun_completes() {
    use rand::{Rng, SeedableRng};
    let scenario = Scenario::new(400, 1400);
    assert!(scenario.before.contains_key("r0013") && scenario.after.contains_key("renamed-13"));
    assert!(!scenario.after.contains_key("r0013") && !scenario.after.contains_key("r0005"));
    // How long one full run takes, to spread the kills over it.
    let probe = scenario.fresh_index("probe");
    let started = Instant::now();
    assert!(scenario.spawn_indexer(&probe).wait().unwrap().success());
    let full_run = started.elapsed();
    assert_eq!(common::snapshot(&probe), scenario.after);

    // 20 kills at random moments from the very start to well past the end
    // of a normal run, so that most fall inside it and some after the
    // commit even on a slower machine; the first is at once.
    let mut rng = rand::rngs::StdRng::seed_from_u64(20);
    let mut moments: Vec<f64> = (0..18).map(|_| rng.random_range(0.0..1.5)).collect();
    moments.push(0.0);
    moments.push(1.6);
    let mut saw_before = 0;
    let mut saw_after = 0;
    for (k, moment) in moments.into_iter().enumerate() {
        let index = scenario.fresh_index("work");
        let mut child = scenario.spawn_indexer(&index);
        std::thread::sleep(full_run.mul_f64(moment));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();

        let state = common::snapshot(&index);
        if state == scenario.before {
            saw_before += 1;
        } else if state == scenario.after {
            saw_after += 1;
        } else {
            panic!("kill {k}: the index holds neither the previous nor the new state");
        }
        let out = hrsearch(&[
            "--index",
            index.to_str().unwrap(),
            "index",
            "--quiet",
            "--prune",
            &scenario.corpus(),
        ]);
        assert!(
            out.status.success(),
            "kill {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            common::snapshot(&index),
            scenario.after,
            "kill {k}: the re-run did not complete the batch"
        );
    }
    // The kills really fell before and after the commit.
    assert!(saw_before >= 5, "only {saw_before} kills before the commit");
    assert!(saw_after >= 1, "no kill after the commit");
}

#[test]
fn searches_during_indexing_see_only_committed_states() {
    let scenario = Scenario::new(400, 1600);
    let before_total = upr_count(&scenario.before);
    let after_total = upr_count(&scenario.after);
    let index = scenario.fresh_index("live");
    let mut child = scenario.spawn_indexer(&index);
    let mut during = 0;
    let mut totals = Vec::new();
    while child.try_wait().unwrap().is_none() {
        let total = upr_search_total(&index);
        assert!(
            total == before_total || total == after_total,
            "saw {total} hits"
        );
        totals.push(total);
        during += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(during >= 3, "only {during} searches ran during indexing");
    assert_eq!(totals[0], before_total);
    // Right after the commit, a search sees the new batch.
    assert_eq!(upr_search_total(&index), after_total);
}

/// Total hits of `"普遍定期审议"` through the binary, which must succeed.
fn upr_search_total(index: &Path) -> usize {
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "search",
        "\"普遍定期审议\"",
        "--json",
        "--limit",
        "1",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    results["total"].as_u64().unwrap() as usize
}

/// Whether process `pid` holds an flock on the index's writer lock file.
fn holds_writer_lock(pid: u32, index: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(metadata) = std::fs::metadata(index.join(".tantivy-writer.lock")) else {
        return false;
    };
    let inode = format!(":{}", metadata.ino());
    let locks = std::fs::read_to_string("/proc/locks").unwrap();
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.get(1) == Some(&"FLOCK")
            && fields.get(4) == Some(&pid.to_string().as_str())
            && fields
                .get(5)
                .is_some_and(|device_inode| device_inode.ends_with(&inode))
    })
}

fn upr_count(snapshot: &common::Snapshot) -> usize {
    snapshot
        .values()
        .flatten()
        .filter(|(_, text)| text.contains("普遍定期审议"))
        .count()
}

#[test]
fn a_second_indexer_fails_at_once_and_the_first_completes() {
    let scenario = Scenario::new(200, 1600);
    let index = scenario.fresh_index("locked");
    let mut first = scenario.spawn_indexer(&index);
    // Wait until the first indexer holds the writer lock: an flock on
    // tantivy's lock file, which Linux lists in /proc/locks.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !holds_writer_lock(first.id(), &index) {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first indexer ended early"
        );
        assert!(
            Instant::now() < deadline,
            "the first indexer never took the lock"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let started = Instant::now();
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "index",
        &scenario.corpus(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("hrsearch: "), "{stderr}");
    assert!(
        stderr.contains("another hrsearch process is indexing"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the second indexer did not fail at once"
    );
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first indexer ended too soon to tell"
    );
    assert!(first.wait().unwrap().success());
    assert_eq!(snapshot(&index), scenario.after);
}

#[test]
fn many_jobs_fit_the_default_writer_budget_and_a_tiny_budget_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("session");
    let index = dir.path().join("index");
    write_corpus(&corpus, 3, "jobs");

    // 16 jobs would need 240 MB at 15 MB a writer thread; the writer takes
    // fewer threads than the parser instead of refusing the default budget.
    let corpus_arg = corpus.to_str().unwrap();
    let (code, summary) = index_json(&index, &[corpus_arg, "--jobs", "16"]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["added"], 3);
    assert_eq!(
        search_ids(&index, "\"普遍定期审议\"").len(),
        33,
        "every paragraph of the three resolutions is searchable"
    );

    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "index",
        corpus_arg,
        "--rebuild",
        "--memory",
        "10",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the writer needs at least 15 MB, not 10 MB"),
        "{stderr}"
    );
    assert_eq!(
        search_ids(&index, "\"普遍定期审议\"").len(),
        33,
        "nothing lost"
    );
}

/// Regression: of two files claiming one id, the first in file-name order
/// was indexed and the second failed, so which one the index held depended
/// on the names. Now both fail, each naming the other, and neither changes.
#[test]
fn two_files_claiming_one_id_both_fail_and_name_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("session");
    let index = dir.path().join("index");
    // More files than one chunk of the batch (256), so that the file named
    // in the message is found across chunks.
    write_corpus(&corpus, 260, "dup");
    // r0001 (first chunk) and r0259 (second chunk) claim the same symbol,
    // hence the same id.
    for name in ["r0001", "r0259"] {
        std::fs::write(
            corpus.join(format!("{name}.json")),
            r#"{"symbol": "A/HRC/RES/21/99"}"#,
        )
        .unwrap();
    }
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{summary}");
    let added = ids(&summary, "added_ids");
    assert_eq!(added.len(), 258);
    assert!(!added.contains(&"A/HRC/RES/21/99".to_string()));
    assert!(!added.contains(&"r0001".to_string()) && !added.contains(&"r0259".to_string()));
    let failed = summary["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 2, "{summary}");
    for (at, other) in [("r0001.txt", "r0259.txt"), ("r0259.txt", "r0001.txt")] {
        let failure = failed
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(at))
            .unwrap_or_else(|| panic!("{at} fails: {summary}"));
        let reason = failure["reason"].as_str().unwrap();
        assert!(
            reason.contains("its id \"A/HRC/RES/21/99\" is also the id of")
                && reason.contains(other)
                && reason.contains("neither file was changed"),
            "{reason}"
        );
    }
}
