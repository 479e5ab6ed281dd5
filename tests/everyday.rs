//! The researcher's everyday search through the real binary: Chinese
//! quotation marks, Boolean words, citations and symbols typed bare,
//! sessions in Chinese numerals, `cites:` by session and range, sponsors by
//! their short names and membership, `show` by number, several words on
//! the command line, and what an empty answer says.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

const SAMPLE_ID: &str = "hrc-21-item10-technical-cooperation-draft";

/// An index of the sample, and of a copy whose sponsors are all members
/// (`--members` adds it).
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new(with_members_only: bool) -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        let corpus = env.dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let sample = common::sample_text();
        std::fs::write(corpus.join(format!("{SAMPLE_ID}.txt")), &sample).unwrap();
        if with_members_only {
            // The same draft at the 22nd session, with no sponsor marked `*`.
            let members = common::variant("成员", 22)
                .replace("\\*、", "、")
                .replace("\\*：", "：");
            std::fs::write(corpus.join("members-only.txt"), members).unwrap();
        }
        common::index_folder(&env.index(), &corpus);
        env
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn run(&self, args: &[&str]) -> Output {
        let index = self.index();
        let mut all = vec!["--index", index.to_str().unwrap()];
        all.extend_from_slice(args);
        common::hrsearch(&all)
    }

    /// `search ARGS --json --limit 100`: the answer, which must be 0 or 1.
    fn search(&self, args: &[&str]) -> Value {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--json", "--limit", "100"]);
        let out = self.run(&all);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "search {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The labels of the paragraphs a query finds, as `id label`.
    fn found(&self, args: &[&str]) -> BTreeSet<String> {
        let results = self.search(args);
        let hits = results["hits"].as_array().unwrap();
        assert_eq!(hits.len(), results["total"].as_u64().unwrap() as usize);
        hits.iter()
            .map(|hit| {
                let id = hit["doc_id"].as_str().unwrap();
                let id = if id == SAMPLE_ID { "" } else { "members " };
                format!("{id}{}", hit["paragraph"].as_str().unwrap())
            })
            .collect()
    }

    /// A search that must fail with exit 2; its message.
    fn error(&self, args: &[&str]) -> String {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn set(labels: &[&str]) -> BTreeSet<String> {
    labels.iter().map(|s| s.to_string()).collect()
}

#[test]
fn chinese_quotation_marks_quote_a_phrase() {
    let env = Env::new(false);
    let experience = set(&["OP5", "OP10", "OP13"]);
    assert_eq!(env.found(&["\"经验\""]), experience);
    for quoted in ["“经验”", "「经验」", "『经验』", "＂经验＂"] {
        assert_eq!(env.found(&[quoted]), experience, "{quoted}");
    }
    // Regression: `“合作技术”` gave 13 hits, the marks dropped and the
    // words searched scattered; the phrase is not in the text.
    assert!(env.found(&["“合作技术”"]).is_empty());
    // A title in 《》 is found with or without its brackets in the text.
    let charter = env.found(&["\"联合国宪章\""]);
    assert!(!charter.is_empty());
    assert_eq!(env.found(&["《联合国宪章》"]), charter);
    assert!(env
        .error(&["“经验"])
        .contains("unbalanced quote: the `“` at character 1 is never closed"));
    assert!(env
        .error(&["经验」"])
        .contains("unbalanced quote: the `」` at character 3 closes nothing"));
}

#[test]
fn boolean_words_are_operators_not_words() {
    let env = Env::new(false);
    let both = env.found(&["\"技术合作\" \"能力建设\""]);
    let without = env.found(&["\"技术合作\" -\"能力建设\""]);
    let either = env.found(&["\"技术合作\" OR \"能力建设\""]);
    assert!(!both.is_empty() && !without.is_empty() && either.len() > both.len());
    // Regression: these gave 0 hits, silently, AND and NOT searched as words.
    for query in [
        "技术合作 AND 能力建设",
        "技术合作 and 能力建设",
        "技术合作 与 能力建设",
    ] {
        assert_eq!(env.found(&[query]), both, "{query}");
    }
    for query in [
        "技术合作 NOT 能力建设",
        "技术合作 not 能力建设",
        "技术合作 非 能力建设",
    ] {
        assert_eq!(env.found(&[query]), without, "{query}");
    }
    for query in ["技术合作 or 能力建设", "技术合作 或 能力建设"] {
        assert_eq!(env.found(&[query]), either, "{query}");
    }
    // Written in lower case, the reading is said.
    let results = env.search(&["技术合作 or 能力建设"]);
    assert!(results["notes"][0]
        .as_str()
        .unwrap()
        .starts_with("`or` was read as the operator OR"));
}

#[test]
fn a_bare_citation_is_searched_as_the_citation() {
    let env = Env::new(false);
    let citing = set(&["PP7", "OP3", "OP5"]);
    // Regression: unquoted, it also returned PP5, which cites 5/1 and
    // mentions `6 月 18 日`: each of its words is somewhere in PP5.
    for query in ["第18/18号决议", "18/18号决议", "第 18/18 号决议", "18/18"] {
        assert_eq!(env.found(&[query]), citing, "{query}");
    }
    // The first line of the text output says how the query was read.
    let out = env.run(&["search", "第18/18号决议"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().next().unwrap().starts_with(
            "note: `第18/18号决议` was searched as that exact string or a citation of 18/18"
        ),
        "{text}"
    );
    // A citation inside a list is found too: 5/2 in `第 5/1 号和第 5/2 号决议`.
    assert_eq!(env.found(&["第5/2号决议"]), set(&["PP5"]));
}

#[test]
fn a_bare_symbol_is_searched_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let mut text = common::sample_text();
    text = text.replace(
        "重申各国负有增进和保护所有人权的主要责任；",
        "重申各国负有增进和保护所有人权的主要责任，见 A/HRC/21/L.28；",
    );
    // Every word of the symbol, scattered: a, hrc, 21, l, 28.
    text = text.replace(
        "认识到加强国际合作对于切实增进和保护人权至关重要，",
        "认识到 A 和 HRC 在 L 第 21 和 28 点，",
    );
    std::fs::write(corpus.join("s.txt"), text).unwrap();
    let index = dir.path().join("index");
    common::index_folder(&index, &corpus);
    let out = common::hrsearch(&[
        "--index",
        index.to_str().unwrap(),
        "search",
        "A/HRC/21/L.28",
        "--json",
    ]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(common::sorted_labels(&results), ["OP1"]);
    assert!(results["notes"][0]
        .as_str()
        .unwrap()
        .contains("symbol:A/HRC/21/L.28 gives the document itself"));
}

#[test]
fn sessions_in_chinese_numerals_and_what_an_empty_answer_says() {
    let env = Env::new(false);
    let all = env.found(&["--session", "21"]);
    assert_eq!(all.len(), 34);
    for session in ["二十一", "第二十一届", "第21届会议"] {
        assert_eq!(env.found(&["--session", session]), all, "{session}");
        assert_eq!(
            env.found(&[&format!("session:{session}")]),
            all,
            "{session}"
        );
    }
    // No hits: the answer names the filters and the sessions there are.
    let results = env.search(&["技术合作", "--session", "22", "--kind", "op"]);
    assert_eq!(results["total"], 0);
    let why = &results["why_empty"];
    assert_eq!(
        why["filters"],
        serde_json::json!(["session:22", "kind:operative"])
    );
    assert_eq!(why["emptied_by"].as_array().unwrap().len(), 1);
    assert_eq!(why["emptied_by"][0]["filter"], "session:22");
    assert_eq!(
        why["emptied_by"][0]["values"],
        serde_json::json!([{"value": "21", "count": 10}])
    );
    let out = env.run(&["search", "技术合作", "--session", "22"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("the filters were: session:22"), "{text}");
    assert!(
        text.contains("without session:22, 13 paragraphs match; session: 21 (13)"),
        "{text}"
    );
}

#[test]
fn cites_takes_a_session_a_year_and_ranges() {
    let env = Env::new(false);
    // PP6 cites 1993/87 and 2004/81.
    for value in ["1993", "1993/*", "1990..1995", "1993/80..1993/90"] {
        assert_eq!(
            env.found(&[&format!("cites:{value}")]),
            set(&["PP6"]),
            "{value}"
        );
    }
    assert_eq!(env.found(&["cites:1993/1..1993/86"]), set(&[]));
    // PP5 cites 5/1, 5/2 and 16/21.
    assert_eq!(env.found(&["cites:5/2..5/9"]), set(&["PP5"]));
    assert_eq!(
        env.found(&["--cites", "16..18"]),
        set(&["PP5", "PP7", "OP3", "OP5"])
    );
    // Regression: `cites:abc` was accepted and gave 0 hits.
    for bad in ["cites:abc", "cites:18/", "cites:18/1..19/2"] {
        assert!(
            env.error(&[bad])
                .contains("expected a resolution or decision number"),
            "{bad}"
        );
    }
}

#[test]
fn sponsors_by_short_name_and_membership() {
    let env = Env::new(true);
    let sample = env.found(&["--session", "21"]);
    let both = env.found(&["kind:title"]);
    assert_eq!(both, set(&["TITLE", "members TITLE"]));
    // Regression: the short forms of names without a parenthesis gave 0.
    for sponsor in [
        "委内瑞拉",
        "委内瑞拉玻利瓦尔共和国",
        "摩尔多瓦",
        "伊朗",
        "伊朗伊斯兰共和国",
    ] {
        assert_eq!(
            env.found(&[&format!("sponsor:{sponsor}"), "kind:title"]),
            both,
            "{sponsor}"
        );
    }
    assert!(env.found(&["sponsor:巴基斯坦"]).is_empty());
    // Only the sample has sponsors marked `*`.
    assert_eq!(env.found(&["sponsor:nonmember"]), sample);
    assert_eq!(env.found(&["--sponsor", "非成员国"]), sample);
    assert_eq!(env.found(&["sponsor:member", "kind:title"]), both);
    assert_eq!(
        env.found(&["kind:title", "-sponsor:nonmember"]),
        set(&["members TITLE"])
    );
}

#[test]
fn several_words_and_a_leading_exclusion_on_the_command_line() {
    let env = Env::new(false);
    // Regression: two positional words were a clap error.
    assert_eq!(
        env.found(&["技术合作", "能力建设"]),
        env.found(&["技术合作 能力建设"])
    );
    // Regression: the README's own `hrsearch search -财政 技术合作` failed.
    let excluded = env.found(&["-财政 技术合作"]);
    assert!(!excluded.is_empty());
    assert_eq!(env.found(&["-财政", "技术合作"]), excluded);
    assert_eq!(env.found(&["-\"财政援助\"", "技术合作"]).len(), 13);
    // Options after the words still count.
    let out = env.run(&["search", "-财政", "技术合作", "-n", "2", "--json"]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["hits"].as_array().unwrap().len(), 2);
    // An unknown option is an error with the `hrsearch:` prefix.
    let out = env.run(&["search", "人权", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("hrsearch: unexpected argument '--bogus'"),
        "{stderr}"
    );
    // An empty query with filters lists what the filters take.
    assert_eq!(env.found(&["--para", "OP1"]), set(&["OP1"]));
}

#[test]
fn show_takes_a_number_and_suggests_near_ids() {
    let env = Env::new(true);
    let show = |reference: &str| env.run(&["show", reference]);
    let out = show("22/...");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("22/... 加强人权领域的技术合作和能力建设"),
        "{text}"
    );
    let out = show("21/...");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("21/... 加强人权领域的技术合作和能力建设"),
        "{text}"
    );
    // The header in full, and the footnote under the line it belongs to.
    assert!(text.contains("议程项目 10 技术援助和能力建设 · draft resolution"));
    assert!(text.contains("sponsors (49; * not a member): 安哥拉、澳大利亚*"));
    assert!(
        text.contains("\n    FN1    * 非人权理事会成员国。\n"),
        "{text}"
    );
    let out = show("hrc-21-item10");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("did you mean {SAMPLE_ID}?")),
        "{stderr}"
    );
    // The JSON of `show` is the resolution's, found by number too.
    let out = env.run(&["show", "21/...", "--json", "--highlight", "\"经验\""]);
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["id"], SAMPLE_ID);
    assert_eq!(
        shown["matching_paragraphs"],
        serde_json::json!(["OP5", "OP10", "OP13"])
    );
    assert!(shown["highlights"]["OP5"].is_array());
}

#[test]
fn a_number_two_resolutions_share_names_both() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), common::variant("甲", 21)).unwrap();
    std::fs::write(corpus.join("b.txt"), common::variant("乙", 21)).unwrap();
    let index = dir.path().join("index");
    common::index_folder(&index, &corpus);
    let out = common::hrsearch(&["--index", index.to_str().unwrap(), "show", "21/..."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("\"21/...\" is the number or symbol of 2 resolutions: a, b"),
        "{stderr}"
    );
}

#[test]
fn summaries_count_in_good_english() {
    let env = Env::new(false);
    let out = env.run(&["search", "\"有益工具\"", "--group"]);
    let text = String::from_utf8(out.stdout).unwrap();
    // Regression: "1 resolutions".
    assert!(
        text.contains("1 paragraph in 1 resolution matches; 1 resolution shown"),
        "{text}"
    );
    // Regression: a small batch printed `(0.0 MB/s)`.
    let other = env.dir.path().join("other");
    let out = common::hrsearch(&[
        "--index",
        other.to_str().unwrap(),
        "index",
        env.dir.path().join("corpus").to_str().unwrap(),
    ]);
    let first = String::from_utf8(out.stdout).unwrap();
    assert!(first.starts_with("1 added, 0 updated"), "{first}");
    assert!(!first.contains("(0.0 MB/s)"), "{first}");
    // A rerun where a known-bad file still fails says there is nothing to
    // do, and still exits 2 for the failure.
    let corpus = env.dir.path().join("corpus");
    std::fs::write(corpus.join("bad.txt"), b"\0\0binary").unwrap();
    for _ in 0..2 {
        let out = env.run(&["index", corpus.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("nothing to do: 1 resolution unchanged"),
            "{text}"
        );
        assert!(
            text.contains("; 1 file still fails (reported above) and changes nothing"),
            "{text}"
        );
    }
}
