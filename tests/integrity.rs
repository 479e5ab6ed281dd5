//! What a batch must never do, each case a hole found at the edges of the
//! batch code: lose a file's documents, duplicate them, or pass over a file
//! without a word, all while exiting 0.

mod common;

use std::path::Path;

use common::{hrsearch, index_json, snapshot, variant};
use serde_json::Value;

fn ids(summary: &Value, key: &str) -> Vec<String> {
    let mut ids: Vec<String> = summary[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {summary}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn sidecar_id(text: &Path, id: &str) {
    write(
        &text.with_extension("json"),
        &format!(r#"{{"id": "{id}"}}"#),
    );
}

/// The OP1 marker of each resolution the index holds, by id.
fn markers(index: &Path) -> Vec<(String, String)> {
    snapshot(index)
        .into_iter()
        .map(|(id, units)| {
            let op1 = &units.iter().find(|(label, _)| label == "OP1").unwrap().1;
            let marker = op1.split("标记").nth(1).unwrap().trim_end_matches('；');
            (id, marker.to_string())
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Regression: a new file that took the id of an unchanged file replaced
/// it when its name sorted first (the duplicate check ran for parsed files
/// only), and the run said "unchanged" and exited 0.
#[test]
fn a_new_file_cannot_take_the_id_of_an_unchanged_file() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("b.txt"), &variant("b", 21));
    sidecar_id(&corpus.join("b.txt"), "X");
    let corpus_arg = corpus.to_str().unwrap();
    assert_eq!(index_json(&index, &[corpus_arg]).0, Some(0));

    write(&corpus.join("a.txt"), &variant("a", 21));
    sidecar_id(&corpus.join("a.txt"), "X");
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(summary["unchanged"], 1);
    assert_eq!(summary["added"], 0);
    let reason = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("\"X\" is also the id of") && reason.contains("b.txt"),
        "{reason}"
    );
    assert_eq!(markers(&index), pairs(&[("X", "b")]));
}

/// Regression: a file whose id changed deleted its old id after an earlier
/// file of the same batch had been added under it, so the earlier file's
/// new documents vanished.
#[test]
fn an_id_handed_from_one_file_to_another_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("b.txt"), &variant("b", 21));
    sidecar_id(&corpus.join("a.txt"), "A");
    sidecar_id(&corpus.join("b.txt"), "X");
    let corpus_arg = corpus.to_str().unwrap();
    assert_eq!(index_json(&index, &[corpus_arg]).0, Some(0));

    // a takes X, which b gives up for B.
    sidecar_id(&corpus.join("a.txt"), "X");
    sidecar_id(&corpus.join("b.txt"), "B");
    let (code, summary) = index_json(&index, &[corpus_arg, "--prune"]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(markers(&index), pairs(&[("B", "b"), ("X", "a")]));
    // Both files were indexed before: both are updates, and the old id A
    // went with a's old version.
    assert_eq!(ids(&summary, "added_ids"), Vec::<String>::new());
    assert_eq!(ids(&summary, "updated_ids"), ["B", "X"]);
}

/// Regression: an index opened before another process committed decided
/// add-or-replace from the manifest it first read, and added a second copy
/// of a resolution committed meanwhile.
#[test]
fn a_long_lived_index_reads_the_manifest_afresh_for_each_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index_path) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    let long_lived = hrsearch::HrIndex::open_or_create(&index_path).unwrap();
    assert_eq!(long_lived.stats().unwrap().resolutions, 0);

    // Another process indexes the file meanwhile.
    let (code, _) = index_json(&index_path, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    write(&corpus.join("a.txt"), &variant("a2", 21));
    let summary = long_lived
        .index_paths(std::slice::from_ref(&corpus))
        .unwrap();
    assert_eq!(summary.updated, ["a"]);
    assert!(summary.added.is_empty());
    assert_eq!(markers(&index_path), pairs(&[("a", "a2")]));
}

/// Regression: `--rebuild` dropped the previous version of a file that now
/// fails to parse, contrary to the promise that a failed file keeps it.
#[test]
fn rebuild_keeps_the_previous_version_of_a_file_that_now_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("b.txt"), &variant("b", 21));
    let corpus_arg = corpus.to_str().unwrap();
    assert_eq!(index_json(&index, &[corpus_arg]).0, Some(0));

    write(&corpus.join("b.txt"), "\n\n");
    write(&corpus.join("a.txt"), &variant("a2", 21));
    let (code, summary) = index_json(&index, &[corpus_arg, "--rebuild"]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["a"]);
    assert!(summary["failed"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("b.txt"));
    assert_eq!(markers(&index), pairs(&[("a", "a2"), ("b", "b")]));
}

/// Regression: `--prune` removed the only copy of a file that was moved and
/// changed so that it now fails: the old path was gone, and the new one
/// could not be matched to it.
#[test]
fn prune_keeps_gone_files_while_a_file_of_the_batch_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("b.txt"), &variant("b", 21));
    let corpus_arg = corpus.to_str().unwrap();
    assert_eq!(index_json(&index, &[corpus_arg]).0, Some(0));

    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    write(&corpus.join("moved/b.txt"), "\n\n");
    let (code, summary) = index_json(&index, &[corpus_arg, "--prune"]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(summary["removed"], 0);
    assert_eq!(ids(&summary, "gone_ids"), ["b"]);
    assert_eq!(summary["prune_withheld"], true);
    assert_eq!(markers(&index), pairs(&[("a", "a"), ("b", "b")]));
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "index",
        corpus_arg,
        "--prune",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("a file that failed may be one of them"),
        "{stdout}"
    );

    // Once the moved file is mended, the prune goes through.
    write(&corpus.join("moved/b.txt"), &variant("b", 21));
    let (code, summary) = index_json(&index, &[corpus_arg, "--prune"]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(markers(&index), pairs(&[("a", "a"), ("moved/b", "b")]));
}

/// Regression: byte-identical files under two names were both indexed, so
/// every hit of theirs appeared twice, without a warning.
#[test]
fn a_file_with_the_same_bytes_as_another_is_indexed_once_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("copy/a.txt"), &variant("a", 21));
    let corpus_arg = corpus.to_str().unwrap();
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["a"]);
    let duplicate = &summary["duplicates"][0];
    assert!(duplicate["path"].as_str().unwrap().ends_with("copy/a.txt"));
    assert!(duplicate["same_as"].as_str().unwrap().ends_with("c/a.txt"));
    assert_eq!(markers(&index), pairs(&[("a", "a")]));
    let out = hrsearch(&["--index", index.to_str().unwrap(), "index", corpus_arg]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("has the same bytes as"));
}

/// Regression: the same file named twice on the command line failed with
/// "id is already taken" by itself.
#[test]
fn a_file_named_twice_is_indexed_once() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    let file = corpus.join("a.txt");
    let file = file.to_str().unwrap();
    let (code, summary) = index_json(&index, &[file, file, corpus.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["a"]);
    assert_eq!(summary["failed"].as_array().unwrap().len(), 0);
}

/// Regression: `--jobs 100000` started that many threads and `--jobs 0`
/// was accepted.
#[test]
fn jobs_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    for jobs in ["0", "100000", "257"] {
        let out = hrsearch(&[
            "--index",
            index.to_str().unwrap(),
            "index",
            "corpus",
            "--jobs",
            jobs,
        ]);
        assert_eq!(out.status.code(), Some(2), "--jobs {jobs}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("1..=256"), "{stderr}");
    }
    assert!(!index.exists());
}

/// Regression: a sidecar with an empty id, an id holding a newline, or the
/// date `2012-13-45` was accepted.
#[test]
fn sidecar_values_are_validated_with_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    let cases = [
        ("empty", r#"{"id": ""}"#, "sidecar id is empty"),
        ("newline", r#"{"id": "a\nb"}"#, "holds a control character"),
        (
            "date",
            r#"{"date": "2012-13-45"}"#,
            "is not a date written YYYY-MM-DD",
        ),
    ];
    for (name, sidecar, _) in cases {
        write(&corpus.join(format!("{name}.txt")), &variant(name, 21));
        write(&corpus.join(format!("{name}.json")), sidecar);
    }
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(summary["added"], 0);
    let failed = summary["failed"].as_array().unwrap();
    for (name, _, reason) in cases {
        let failure = failed
            .iter()
            .find(|f| {
                f["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("{name}.txt"))
            })
            .unwrap_or_else(|| panic!("{name} fails: {summary}"));
        assert!(
            failure["reason"].as_str().unwrap().contains(reason),
            "{failure}"
        );
    }
}

/// Regression: file names that are not UTF-8 were stored lossily, so such
/// a file was indexed again on every run, and two of them collided on one
/// id with a message showing two identical-looking paths.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_indexed_once_each() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    for (byte, marker) in [(0xFFu8, "ff"), (0xFE, "fe")] {
        let name = [b'r', byte, b'.', b't', b'x', b't'];
        write(
            &corpus.join(std::ffi::OsStr::from_bytes(&name)),
            &variant(marker, 21),
        );
    }
    let corpus_arg = corpus.to_str().unwrap();
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["r\\xFE", "r\\xFF"]);
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["unchanged"], 2, "{summary}");
    assert_eq!(
        markers(&index),
        pairs(&[("r\\xFE", "fe"), ("r\\xFF", "ff")])
    );
}

/// Regression: symbolic links, FIFOs and files of other extensions inside a
/// corpus folder were passed over without a word, and a folder of PDFs
/// said "nothing to do" and exited 0.
#[cfg(unix)]
#[test]
fn every_entry_passed_over_is_reported_and_links_are_followed_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    let elsewhere = dir.path().join("elsewhere");
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("a.json"), r#"{"session": 21}"#);
    write(&corpus.join("scan.pdf"), "%PDF-1.4");
    write(&corpus.join(".hidden/h.txt"), &variant("h", 21));
    write(&elsewhere.join("e.txt"), &variant("e", 21));
    write(&elsewhere.join("f.txt"), &variant("f", 21));
    std::os::unix::fs::symlink(elsewhere.join("e.txt"), corpus.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, corpus.join("linked")).unwrap();
    std::os::unix::fs::symlink(&corpus, elsewhere.join("back")).unwrap();
    let fifo = corpus.join("pipe.txt");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());

    let corpus_arg = corpus.to_str().unwrap();
    let (code, summary) = index_json(&index, &[corpus_arg]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["a"]);
    let skipped: Vec<(String, String)> = summary["skipped_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (name, s["reason"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        skipped,
        pairs(&[
            (".hidden", "hidden"),
            ("link.txt", "symlink"),
            ("linked", "symlink"),
            ("pipe.txt", "not_regular_file"),
            ("scan.pdf", "other_extension"),
        ])
    );
    assert_eq!(summary["skipped"], 5);

    // With -L, links are followed; the link back into the corpus is a loop,
    // reported, and the rest is indexed. `linked/e.txt` is `link.txt`'s
    // file, read once.
    let (code, summary) = index_json(&index, &[corpus_arg, "-L"]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["link", "linked/f"]);
    let failure = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(failure.contains("a link that leads back to"), "{failure}");

    // A folder of PDFs is an error, not "nothing to do".
    let pdfs = dir.path().join("pdfs");
    write(&pdfs.join("one.pdf"), "%PDF-1.4");
    write(&pdfs.join("two.pdf"), "%PDF-1.4");
    let (code, summary) = index_json(&index, &[pdfs.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{summary}");
    let reason = summary["failed"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("holds no .txt or .md file (2 other entries passed over"),
        "{reason}"
    );
}

/// Regression: `--prune` treated a subfolder that could not be listed as
/// deleted, and removed what was indexed from it.
#[cfg(unix)]
#[test]
fn prune_keeps_what_lies_under_a_folder_that_cannot_be_listed() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    write(&corpus.join("locked/b.txt"), &variant("b", 21));
    write(&corpus.join("locked/c.txt"), &variant("c", 21));
    // Root reads any folder; the binary runs as an ordinary user instead.
    let as_root = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hrsearch"));
        command
            .args(["--index", index.to_str().unwrap(), "index", "--json"])
            .args(args);
        if as_root.as_ref().is_ok_and(|root| *root) {
            command.uid(65534).gid(65534);
        }
        let out = command.output().unwrap();
        let summary: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), summary)
    };
    for path in walkdir::WalkDir::new(dir.path()) {
        let path = path.unwrap().into_path();
        let mode = if path.is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let corpus_arg = corpus.to_str().unwrap();
    assert_eq!(run(&[corpus_arg]).0, Some(0));

    std::fs::set_permissions(
        corpus.join("locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let (code, summary) = run(&[corpus_arg, "--prune"]);
    std::fs::set_permissions(
        corpus.join("locked"),
        std::fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(summary["removed"], 0, "{summary}");
    assert!(summary["failed"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("Permission denied"));
    assert_eq!(
        markers(&index),
        pairs(&[("a", "a"), ("locked/b", "b"), ("locked/c", "c")])
    );
}

/// The stderr of a command, which must fail with exit code 2 and no panic.
fn fails_clearly(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("hrsearch: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Regression: `search --offset 18446744073709551615` panicked with a
/// capacity overflow.
#[test]
fn an_offset_out_of_range_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    assert_eq!(index_json(&index, &["corpus"]).0, Some(0));
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "search",
        "\"技术合作\"",
        "--offset",
        "18446744073709551615",
    ]);
    let stderr = fails_clearly(&out);
    assert!(
        stderr.contains("the offset must be at most 1000000"),
        "{stderr}"
    );
}

/// Regression: escape sequences inside a corpus file were printed raw by
/// `show` and `search`, so a file could retitle the window or clear the
/// screen; and CSV cells starting with `=` went unchanged into exports.
#[test]
fn document_text_cannot_steer_the_terminal_or_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    let hostile =
        variant("a", 21).replace("重申各国负有", "\u{1b}]0;pwned\u{7}\u{1b}[2J重申各国负有");
    let hostile = hostile.replacen("回顾", "=HYPERLINK(\"http://example.org\")回顾", 1);
    write(&corpus.join("a.txt"), &hostile);
    assert_eq!(index_json(&index, &[corpus.to_str().unwrap()]).0, Some(0));
    let index_arg = index.to_str().unwrap();
    for args in [
        vec!["show", "a", "--color", "always"],
        vec!["search", "\"重申各国负有\"", "--color", "always"],
        vec!["search", "\"重申各国负有\"", "--color", "never"],
    ] {
        let mut all = vec!["--index", index_arg];
        all.extend(&args);
        let out = hrsearch(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("␛]0;pwned␇␛[2J"), "{args:?}: {stdout}");
        assert!(
            !stdout.contains("\u{7}") && !stdout.contains("\u{1b}]"),
            "{args:?}"
        );
    }
    // JSON keeps the text as it is, escaped the JSON way.
    let out = hrsearch(&["--index", index_arg, "search", "\"重申各国负有\"", "--json"]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(results["hits"][0]["text"]
        .as_str()
        .unwrap()
        .contains("\u{1b}]0;pwned\u{7}"));

    let out = hrsearch(&[
        "--index",
        index_arg,
        "search",
        "HYPERLINK",
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://example.org\"\")回顾"),
        "{csv}"
    );
    assert!(
        !csv.contains(",\"=HYPERLINK") && !csv.contains(",=HYPERLINK"),
        "{csv}"
    );
}

/// Indexes the sample corpus into a fresh index in `dir` and returns it.
fn sample_index(dir: &Path) -> std::path::PathBuf {
    let index = dir.join("index");
    assert_eq!(index_json(&index, &["corpus"]).0, Some(0));
    index
}

/// Regression: a deleted `meta.json` said "no index" beside the segments,
/// and a truncated `meta.json` or `.managed.json` made even `--rebuild`
/// fail. Every command now names the damage, and `--rebuild` repairs it.
#[test]
fn a_damaged_index_is_named_as_such_and_rebuild_repairs_it() {
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 3] = [
        ("meta.json", |index| {
            std::fs::remove_file(index.join("meta.json")).unwrap()
        }),
        ("meta.json", |index| {
            let meta = std::fs::read(index.join("meta.json")).unwrap();
            std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
        }),
        (".managed.json", |index| {
            let managed = std::fs::read(index.join(".managed.json")).unwrap();
            std::fs::write(index.join(".managed.json"), &managed[..managed.len() / 2]).unwrap();
        }),
    ];
    for (file, damage) in damages {
        let dir = tempfile::tempdir().unwrap();
        let index = sample_index(dir.path());
        damage(&index);
        let index_arg = index.to_str().unwrap();
        for args in [
            vec!["search", "\"普遍定期审议\""],
            vec!["stats"],
            vec!["index", "corpus"],
        ] {
            let mut all = vec!["--index", index_arg];
            all.extend(&args);
            let stderr = fails_clearly(&hrsearch(&all));
            assert!(
                stderr.contains("the index is damaged")
                    && stderr.contains(file)
                    && stderr.contains("hrsearch index --rebuild"),
                "{file} {args:?}: {stderr}"
            );
        }
        let (code, summary) = index_json(&index, &["corpus", "--rebuild"]);
        assert_eq!(code, Some(0), "{file}: {summary}");
        assert_eq!(summary["added"], 1);
        let out = hrsearch(&["--index", index_arg, "search", "\"普遍定期审议\"", "--json"]);
        let results: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(results["total"], 11, "{file}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["index"], "the staging folder is gone");
    }
}

/// Regression: nothing recorded which analysis built an index. An index
/// whose commit records other versions is refused by every command and
/// rebuilt by `--rebuild`, beside the old one.
#[test]
fn an_index_of_another_analysis_is_refused_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let index = sample_index(dir.path());
    let meta_path = index.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let versions = hrsearch::index::BuildVersions::CURRENT;
    let older = hrsearch::index::BuildVersions {
        analysis: versions.analysis + 1,
        ..versions
    };
    let payload = |v: hrsearch::index::BuildVersions| serde_json::to_string(&v.payload()).unwrap();
    assert!(meta.contains(&payload(versions)), "{meta}");
    std::fs::write(
        &meta_path,
        meta.replace(&payload(versions), &payload(older)),
    )
    .unwrap();
    let index_arg = index.to_str().unwrap();
    let stderr = fails_clearly(&hrsearch(&["--index", index_arg, "search", "人权"]));
    assert!(
        stderr.contains(&format!(
            "it was built with analysis version {}, and this hrsearch uses {}",
            older.analysis, versions.analysis
        )) && stderr.contains("hrsearch index --rebuild"),
        "{stderr}"
    );
    let (code, summary) = index_json(&index, &["corpus", "--rebuild"]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(
        hrsearch(&["--index", index_arg, "search", "人权"])
            .status
            .code(),
        Some(0)
    );
}

/// Regression: deleted documents were never merged away: after 20 batches
/// that each updated about 40% of the files, the index was 2.3 times a
/// fresh build of the same files. It must stay within 1.3 times.
#[test]
fn twenty_update_batches_leave_the_index_near_the_size_of_a_fresh_build() {
    use rand::{Rng, SeedableRng};
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let files = 60;
    for i in 0..files {
        write(
            &corpus.join(format!("r{i:03}.txt")),
            &variant(&format!("{i}v0"), 21),
        );
    }
    let updated = hrsearch::HrIndex::open_or_create(&dir.path().join("updated")).unwrap();
    updated.index_paths(std::slice::from_ref(&corpus)).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(14);
    for batch in 1..=20 {
        for i in 0..files {
            if rng.random_bool(0.4) {
                let marker = format!("{i}v{batch}");
                write(&corpus.join(format!("r{i:03}.txt")), &variant(&marker, 21));
            }
        }
        let summary = updated.index_paths(std::slice::from_ref(&corpus)).unwrap();
        assert!(summary.committed && !summary.updated.is_empty());
    }
    let fresh = hrsearch::HrIndex::open_or_create(&dir.path().join("fresh")).unwrap();
    fresh.index_paths(std::slice::from_ref(&corpus)).unwrap();
    let (updated_bytes, fresh_bytes) = (
        updated.stats().unwrap().index_bytes,
        fresh.stats().unwrap().index_bytes,
    );
    let ratio = updated_bytes as f64 / fresh_bytes as f64;
    eprintln!("updated {updated_bytes} bytes, fresh {fresh_bytes} bytes: {ratio:.2}x");
    assert!(
        ratio <= 1.3,
        "{updated_bytes} against {fresh_bytes}: {ratio:.2}x"
    );
    assert_eq!(
        markers(&dir.path().join("updated")),
        markers(&dir.path().join("fresh"))
    );
}

/// The commands a researcher runs on an index, each with what it printed
/// and its exit code.
fn readings(index: &Path) -> Vec<(Option<i32>, String, String)> {
    let index_arg = index.to_str().unwrap();
    [
        vec!["search", "\"普遍定期审议\"", "--json", "--limit", "100"],
        vec!["search", "技术合作", "--json", "--sort", "session"],
        vec!["stats", "--json"],
        vec![
            "show",
            "hrc-21-item10-technical-cooperation-draft",
            "--json",
        ],
    ]
    .into_iter()
    .map(|args| {
        let mut all = vec!["--index", index_arg];
        all.extend(&args);
        let out = hrsearch(&all);
        let stdout = String::from_utf8_lossy(&out.stdout)
            // The size and place of the index are not part of the answer.
            .lines()
            .filter(|line| !line.contains("\"index_bytes\"") && !line.contains("\"path\""))
            .collect::<Vec<_>>()
            .join("\n");
        (
            out.status.code(),
            stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .collect()
}

/// Regression: flipping bytes in a segment's `.idx` or `.pos` file gave
/// silently wrong totals, and flips in `.fast`, `.store` or `.term` files
/// panicked in search, `stats` and `show`. Now, for every file of the index
/// flipped or truncated, each command answers as before or names the
/// damage, never panics, and `verify` finds every damage that changes an
/// answer.
#[test]
fn every_damaged_file_is_either_harmless_or_named() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = sample_index(dir.path());
    let expected = readings(&pristine);
    assert!(expected.iter().all(|(code, _, _)| *code == Some(0)));
    let out = hrsearch(&["--index", pristine.to_str().unwrap(), "verify"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sound"));

    let mut files: Vec<String> = std::fs::read_dir(&pristine)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".tantivy-writer.lock" && name != ".tantivy-meta.lock")
        .collect();
    files.sort();
    let extensions: std::collections::BTreeSet<&str> =
        files.iter().filter_map(|f| f.rsplit('.').next()).collect();
    for kind in ["fast", "fieldnorm", "idx", "pos", "store", "term", "json"] {
        assert!(extensions.contains(kind), "{kind} in {files:?}");
    }
    let mut named = 0;
    for file in &files {
        for damage in ["flip", "truncate"] {
            let case = dir.path().join(format!("{file}-{damage}"));
            common::copy_dir(&pristine, &case);
            let path = case.join(file);
            let mut bytes = std::fs::read(&path).unwrap();
            if damage == "flip" {
                let start = bytes.len() / 2;
                let end = (start + 16).min(bytes.len());
                for byte in &mut bytes[start..end] {
                    *byte ^= 0xFF;
                }
            } else {
                bytes.truncate(bytes.len() / 2);
            }
            std::fs::write(&path, &bytes).unwrap();

            // Before `verify`: never a panic; an answer may differ.
            let mut changed = false;
            for ((code, stdout, stderr), (_, want, _)) in readings(&case).iter().zip(&expected) {
                assert!(
                    !stderr.contains("panicked") && *code != Some(101),
                    "{file} {damage}: {stderr}"
                );
                changed |= *code != Some(0) || stdout != want;
            }
            let out = hrsearch(&["--index", case.to_str().unwrap(), "verify"]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{file} {damage}: {stderr}");
            if out.status.code() == Some(0) {
                assert!(
                    !changed,
                    "{file} {damage}: verify missed a damage that changes answers"
                );
            } else {
                assert_eq!(out.status.code(), Some(2), "{file} {damage}: {stderr}");
                assert!(stderr.contains("--rebuild"), "{file} {damage}: {stderr}");
                named += 1;
            }
            // After `verify`: the same answer, or the damage named.
            for ((code, stdout, stderr), (_, want, _)) in readings(&case).iter().zip(&expected) {
                if *code == Some(0) && stdout == want {
                    continue;
                }
                assert_eq!(
                    *code,
                    Some(2),
                    "{file} {damage}: a different answer: {stdout}"
                );
                assert!(
                    stderr.contains("the index is damaged")
                        || stderr.contains("not an hrsearch index"),
                    "{file} {damage}: {stderr}"
                );
                assert!(stderr.contains("--rebuild"), "{file} {damage}: {stderr}");
            }
            if named > 0 && out.status.code() == Some(2) {
                let (code, summary) = index_json(&case, &["corpus", "--rebuild"]);
                assert_eq!(code, Some(0), "{file} {damage}: {summary}");
                // The same paragraphs (ties may come in another order).
                let labels =
                    |json: &str| common::sorted_labels(&serde_json::from_str(json).unwrap());
                assert_eq!(
                    labels(&readings(&case)[0].1),
                    labels(&expected[0].1),
                    "{file} {damage}: rebuilt"
                );
            }
        }
    }
    // Every segment file flipped or truncated is found.
    let segment_files = files.iter().filter(|f| !f.ends_with(".json")).count();
    assert!(
        named >= segment_files * 2,
        "{named} of {} damages named",
        files.len() * 2
    );
}

/// Regression: one 15 MB single-paragraph file took 1.0 GB of memory to
/// index, and `show --json` of it wrote 157 MB. A line or unit over
/// 100,000 characters is refused with the reason; the rest is indexed.
#[test]
fn a_file_that_is_one_huge_paragraph_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, index) = (dir.path().join("c"), dir.path().join("index"));
    write(&corpus.join("a.txt"), &variant("a", 21));
    let huge = format!(
        "人权理事会，\n{}。\n",
        "重申各国负有增进和保护所有人权的主要责任".repeat(8_000)
    );
    write(&corpus.join("huge.txt"), &huge);
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{summary}");
    assert_eq!(ids(&summary, "added_ids"), ["a"]);
    let failure = &summary["failed"][0];
    assert!(failure["path"].as_str().unwrap().ends_with("huge.txt"));
    let reason = failure["reason"].as_str().unwrap();
    assert!(
        reason.contains("the line at line 2 is 160001 characters long; the most is 100000"),
        "{reason}"
    );
}

/// Regression: on a full disk the errors were raw tantivy strings printed
/// twice (`X: X`), one a Rust debug dump, none saying that the previous
/// commit was intact. Runs on a small tmpfs, where the system allows
/// mounting one (as root on Linux); elsewhere it says so and stops.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_told_once_in_plain_words_and_the_last_commit_stays() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here: the full-disk case is not run");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&disk);
    let index = disk.join("index");
    assert_eq!(index_json(&index, &["corpus"]).0, Some(0));
    let before = readings(&index);

    // Fill the disk, then index a corpus that cannot fit.
    let filler = disk.join("filler");
    let mut fill = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 * 1024];
    while std::io::Write::write_all(&mut fill, &block).is_ok() {}
    drop(fill);
    let corpus = dir.path().join("big");
    common::write_corpus(&corpus, 60, "full");
    let out = hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "index",
        corpus.to_str().unwrap(),
    ]);
    let stderr = fails_clearly(&out);
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert!(stderr.contains("The last commit is intact"), "{stderr}");
    assert_eq!(stderr.matches("disk is full").count(), 1, "{stderr}");
    assert!(
        !stderr.contains("Os {") && !stderr.contains("kind:"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(
        readings(&index),
        before,
        "the last commit answers as before"
    );

    // With space again, the same command completes.
    let (code, summary) = index_json(&index, &[corpus.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{summary}");
    assert_eq!(summary["added"], 60);
}
