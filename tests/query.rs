//! The researcher's query language and output formats: each operator and
//! filter returns exactly the paragraphs an independent reading of the
//! indexed resolutions says it should, on the sample and the fixtures.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use hrsearch::analysis::normalize;
use hrsearch::search::SortOrder;
use hrsearch::{HrIndex, Organ, Resolution, SearchOptions, UnitKind};
use serde_json::Value;

const SAMPLE: &str = "hrc-21-item10-technical-cooperation-draft";

struct Indexed {
    dir: tempfile::TempDir,
    index: HrIndex,
    resolutions: Vec<Resolution>,
}

static INDEXED: LazyLock<Indexed> = LazyLock::new(|| {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
    index
        .index_paths(&[root.join("corpus"), root.join("tests/data")])
        .unwrap();
    let resolutions = index.resolutions().unwrap();
    assert!(resolutions.len() >= 10);
    Indexed {
        dir,
        index,
        resolutions,
    }
});

/// (resolution id, paragraph label) pairs.
type Found = BTreeSet<(String, String)>;

fn search(query: &str) -> Found {
    search_with(query, SearchOptions::default())
}

fn search_with(query: &str, options: SearchOptions) -> Found {
    let options = SearchOptions {
        limit: 10_000,
        ..options
    };
    let results = hrsearch::search::search(&INDEXED.index, query, &options).unwrap();
    let found: Found = results
        .hits
        .iter()
        .map(|hit| (hit.meta.doc_id.clone(), hit.paragraph.clone()))
        .collect();
    assert_eq!(found.len(), results.total, "{query}");
    found
}

/// The paragraphs for which `keep(resolution, paragraph)` holds.
fn expected(keep: impl Fn(&Resolution, &hrsearch::Paragraph) -> bool) -> Found {
    INDEXED
        .resolutions
        .iter()
        .flat_map(|r| r.paragraphs.iter().map(move |p| (r, p)))
        .filter(|(r, p)| keep(r, p))
        .map(|(r, p)| (r.id.clone(), p.label.clone()))
        .collect()
}

fn contains(paragraph: &hrsearch::Paragraph, needle: &str) -> bool {
    normalize(&paragraph.text).contains(&normalize(needle))
}

fn sample(labels: &[&str]) -> Found {
    labels
        .iter()
        .map(|label| (SAMPLE.to_string(), label.to_string()))
        .collect()
}

fn only_sample(found: Found) -> Found {
    found.into_iter().filter(|(id, _)| id == SAMPLE).collect()
}

#[test]
fn or_and_exclusion_on_the_sample() {
    assert_eq!(
        only_sample(search(r#""经验" OR "18/18""#)),
        sample(&["OP5", "OP10", "OP13", "PP7", "OP3"])
    );
    assert_eq!(
        only_sample(search(r#"("经验" OR "18/18") -"普遍定期审议""#)),
        sample(&["PP7", "OP3"])
    );
    assert_eq!(
        only_sample(search(r#""普遍定期审议" -经验 -"18/18""#)),
        // HD1 is the section heading `技术合作和普遍定期审议`.
        sample(&["PP9", "OP9", "OP11", "OP12", "OP14", "OP15", "OP16", "HD1"])
    );
}

#[test]
fn operators_match_an_independent_reading() {
    let cases: Vec<(&str, Found)> = vec![
        (
            r#""技术合作" OR "能力建设""#,
            expected(|_, p| contains(p, "技术合作") || contains(p, "能力建设")),
        ),
        (
            r#""技术合作" -"财政""#,
            expected(|_, p| contains(p, "技术合作") && !contains(p, "财政")),
        ),
        (
            r#"("人权" -"理事会") OR "审议""#,
            expected(|_, p| (contains(p, "人权") && !contains(p, "理事会")) || contains(p, "审议")),
        ),
        (
            "技术 合作 -援助",
            expected(|_, p| contains(p, "技术") && contains(p, "合作") && !contains(p, "援助")),
        ),
        (
            r#"-"人权" "决定""#,
            expected(|_, p| contains(p, "决定") && !contains(p, "人权")),
        ),
    ];
    for (query, want) in cases {
        assert!(!want.is_empty(), "{query}");
        assert_eq!(search(query), want, "{query}");
    }
}

#[test]
fn filters_match_an_independent_reading() {
    let session = |r: &Resolution| r.session.unwrap_or(0);
    let cases: Vec<(&str, Found)> = vec![
        ("session:21", expected(|r, _| r.session == Some(21))),
        (
            "session:19..22",
            expected(|r, _| (19..=22).contains(&session(r))),
        ),
        (
            "session:..20",
            expected(|r, _| r.session.is_some_and(|s| s <= 20)),
        ),
        (
            "session:22..",
            expected(|r, _| r.session.is_some_and(|s| s >= 22)),
        ),
        (
            "agenda:10",
            expected(|r, _| r.agenda_items.iter().any(|i| i == "10")),
        ),
        (
            "agenda:69(b)",
            expected(|r, _| r.agenda_items.iter().any(|i| i == "69(b)")),
        ),
        (
            "agenda:69",
            expected(|r, _| {
                r.agenda_items
                    .iter()
                    .any(|i| i == "69" || i.starts_with("69("))
            }),
        ),
        (
            "agenda:3",
            expected(|r, _| r.agenda_items.iter().any(|i| i == "3")),
        ),
        (
            "organ:hrc",
            expected(|r, _| r.organ == Some(Organ::HumanRightsCouncil)),
        ),
        (
            "organ:大会",
            expected(|r, _| r.organ == Some(Organ::GeneralAssembly)),
        ),
        (
            "organ:ecosoc",
            expected(|r, _| r.organ == Some(Organ::EconomicAndSocialCouncil)),
        ),
        ("kind:pp", expected(|_, p| p.kind == UnitKind::Preambular)),
        ("kind:op", expected(|_, p| p.kind == UnitKind::Operative)),
        ("para:OP5", expected(|_, p| p.label == "OP5")),
        ("para:pp1", expected(|_, p| p.label == "PP1")),
        (
            "symbol:A/HRC/RES/*",
            expected(|r, _| {
                r.symbol
                    .as_deref()
                    .is_some_and(|s| normalize(s).to_uppercase().starts_with("A/HRC/RES/"))
            }),
        ),
        ("year:2015", expected(|r, _| r.year() == Some(2015))),
        (
            "year:2012..2016",
            expected(|r, _| r.year().is_some_and(|y| (2012..=2016).contains(&y))),
        ),
        (
            "sponsor:挪威",
            expected(|r, _| r.sponsors.iter().any(|s| s.name == "挪威")),
        ),
        (
            "sponsor:伊朗",
            expected(|r, _| r.sponsors.iter().any(|s| s.name.starts_with("伊朗"))),
        ),
        (
            "cites:18/18",
            expected(|_, p| p.citations.iter().any(|c| c.number == "18/18")),
        ),
        (
            "cites:5/1",
            expected(|_, p| p.citations.iter().any(|c| c.number == "5/1")),
        ),
    ];
    for (query, want) in cases {
        assert!(!want.is_empty(), "{query} selects nothing in the fixtures");
        assert_eq!(search(query), want, "{query}");
    }
    // The sample's citations of 18/18, as the issue names them.
    assert_eq!(
        only_sample(search("cites:18/18")),
        sample(&["PP7", "OP3", "OP5"])
    );
    // A symbol given exactly.
    let symbol = INDEXED
        .resolutions
        .iter()
        .find_map(|r| r.symbol.clone())
        .unwrap();
    let id = INDEXED
        .resolutions
        .iter()
        .find(|r| r.symbol.as_ref() == Some(&symbol))
        .unwrap()
        .id
        .clone();
    let found = search(&format!("symbol:{symbol}"));
    assert!(!found.is_empty() && found.iter().all(|(doc, _)| *doc == id));
}

#[test]
fn filters_combine_with_phrases_and_each_other() {
    let cases: Vec<(&str, Found)> = vec![
        (
            r#""技术合作" -"财政" session:21 kind:op"#,
            expected(|r, p| {
                contains(p, "技术合作")
                    && !contains(p, "财政")
                    && r.session == Some(21)
                    && p.kind == UnitKind::Operative
            }),
        ),
        (
            r#"session:19..22 agenda:10 "普遍定期审议" -kind:pp"#,
            expected(|r, p| {
                r.session.is_some_and(|s| (19..=22).contains(&s))
                    && r.agenda_items.iter().any(|i| i == "10")
                    && contains(p, "普遍定期审议")
                    && p.kind != UnitKind::Preambular
            }),
        ),
        (
            r#"(organ:ga OR organ:ecosoc) kind:op"#,
            expected(|r, p| {
                matches!(
                    r.organ,
                    Some(Organ::GeneralAssembly | Organ::EconomicAndSocialCouncil)
                ) && p.kind == UnitKind::Operative
            }),
        ),
        (
            "cites:18/18 \"专题小组\"",
            expected(|_, p| {
                p.citations.iter().any(|c| c.number == "18/18") && contains(p, "专题小组")
            }),
        ),
    ];
    for (query, want) in cases {
        assert!(!want.is_empty(), "{query}");
        assert_eq!(search(query), want, "{query}");
    }
}

#[test]
fn flags_are_the_same_filters_as_inline_ones() {
    let options = SearchOptions {
        filters: vec![
            hrsearch::search::query::Filter::parse("session", "19..22").unwrap(),
            hrsearch::search::query::Filter::parse("kind", "op").unwrap(),
        ],
        ..SearchOptions::default()
    };
    assert_eq!(
        search_with("\"普遍定期审议\"", options),
        search("\"普遍定期审议\" session:19..22 kind:op")
    );
}

#[test]
fn sorting_orders_hits_and_grouping_gathers_them() {
    let options = |sort| SearchOptions {
        limit: 10_000,
        sort,
        ..SearchOptions::default()
    };
    let by_session =
        hrsearch::search::search(&INDEXED.index, "\"人权\"", &options(SortOrder::Session)).unwrap();
    let sessions: Vec<u64> = by_session
        .hits
        .iter()
        .map(|h| h.meta.session.unwrap_or(u64::MAX))
        .collect();
    assert!(sessions.windows(2).all(|w| w[0] <= w[1]), "{sessions:?}");
    assert_eq!(by_session.total, search("\"人权\"").len());

    let by_paragraph =
        hrsearch::search::search(&INDEXED.index, "\"人权\"", &options(SortOrder::Paragraph))
            .unwrap();
    let sample_labels: Vec<&str> = by_paragraph
        .hits
        .iter()
        .filter(|h| h.meta.doc_id == SAMPLE)
        .map(|h| h.paragraph.as_str())
        .collect();
    let in_text_order: Vec<&str> = INDEXED
        .resolutions
        .iter()
        .find(|r| r.id == SAMPLE)
        .unwrap()
        .paragraphs
        .iter()
        .filter(|p| contains(p, "人权"))
        .map(|p| p.label.as_str())
        .collect();
    assert_eq!(sample_labels, in_text_order);

    let grouped = hrsearch::search::search(
        &INDEXED.index,
        "\"普遍定期审议\"",
        &SearchOptions {
            group: true,
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let groups = grouped.groups.unwrap();
    let sample_group = groups.iter().find(|g| g.meta.doc_id == SAMPLE).unwrap();
    // The section heading over OP10–OP16 holds the term too.
    assert_eq!(sample_group.summary, "PP9 OP5 OP9 HD1 OP10–OP16");
    assert_eq!(
        sample_group.paragraphs,
        ["PP9", "OP5", "OP9", "HD1", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16"]
    );
    assert_eq!(grouped.total_groups, Some(groups.len()));
    let grouped_total: usize = groups.iter().map(|g| g.paragraphs.len()).sum();
    assert_eq!(grouped_total, grouped.total);
}

#[test]
fn facets_count_the_matches() {
    let results = hrsearch::search::search(
        &INDEXED.index,
        "\"审议\"",
        &SearchOptions {
            facets: true,
            ..SearchOptions::default()
        },
    )
    .unwrap();
    let facets = results.facets.unwrap();
    let matching: Vec<(&Resolution, &hrsearch::Paragraph)> = INDEXED
        .resolutions
        .iter()
        .flat_map(|r| r.paragraphs.iter().map(move |p| (r, p)))
        .filter(|(_, p)| contains(p, "审议"))
        .collect();
    assert_eq!(results.total, matching.len());
    for facet in &facets.session {
        let session: u64 = facet.value.parse().unwrap();
        let want = matching
            .iter()
            .filter(|(r, _)| r.session == Some(session))
            .count();
        assert_eq!(facet.count, want, "session {session}");
    }
    let with_session = matching.iter().filter(|(r, _)| r.session.is_some()).count();
    assert_eq!(
        facets.session.iter().map(|f| f.count).sum::<usize>(),
        with_session
    );
    for facet in &facets.kind {
        let want = matching
            .iter()
            .filter(|(_, p)| p.kind.as_str() == facet.value)
            .count();
        assert_eq!(facet.count, want);
    }
    for facet in &facets.organ {
        let want = matching
            .iter()
            .filter(|(r, _)| r.organ.map(|o| o.chinese_name()) == Some(facet.value.as_str()))
            .count();
        assert_eq!(facet.count, want);
    }
    for facet in &facets.agenda_item {
        let want = matching
            .iter()
            .filter(|(r, _)| r.agenda_items.contains(&facet.value))
            .count();
        assert_eq!(facet.count, want, "agenda {}", facet.value);
    }
    assert!(facets
        .session
        .iter()
        .any(|f| f.value == "21" && f.count >= 10));
}

fn run(args: &[&str]) -> std::process::Output {
    let index = INDEXED.dir.path().join("index");
    let mut all = vec!["--index", index.to_str().unwrap()];
    all.extend_from_slice(args);
    common::hrsearch(&all)
}

#[test]
fn malformed_queries_exit_2_with_a_message() {
    let long = "权".repeat(10_000);
    let cases = [
        (r#"人权 "普遍"#, "unbalanced quote"),
        ("(人权 技术", "unbalanced parenthesis"),
        ("人权)", "unbalanced parenthesis"),
        ("foo:bar 人权", "unknown filter `foo:`"),
        ("session:abc", "expected a session number or range"),
        ("", "the query is empty"),
        (long.as_str(), "the limit is 1000"),
        ("人权 OR", "needs something after it"),
        ("-人权", "only excludes"),
    ];
    for (query, message) in cases {
        let out = run(&["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("hrsearch: "), "{stderr}");
        assert!(stderr.contains(message), "{query}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = run(&["search", "人权", "--session", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("session:abc"));
}

#[test]
fn csv_round_trips_through_a_csv_reader() {
    let query = "\"技术合作\"";
    let json: Value =
        serde_json::from_slice(&run(&["search", query, "--json", "--limit", "100"]).stdout)
            .unwrap();
    let out = run(&[
        "search", query, "--format", "csv", "--bom", "--limit", "100",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = out.stdout;
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        hrsearch::output::HIT_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(hits) {
        let field = |name: &str| {
            row.get(headers.iter().position(|h| h == name).unwrap())
                .unwrap()
        };
        for name in [
            "doc_id",
            "paragraph",
            "kind",
            "title",
            "text",
            "source",
            "section",
            "organ",
            "agenda_item",
        ] {
            assert_eq!(field(name), hit[name].as_str().unwrap_or(""), "{name}");
        }
        assert_eq!(field("session"), hit["session"].to_string());
        assert_eq!(field("number"), hit["number"].to_string());
    }
    // Without --bom, no byte order mark; multi-line text is quoted (the
    // amendment's OP1 holds the new paragraph it inserts on a line of its
    // own).
    let plain = run(&[
        "search",
        "\"内容如下\"",
        "--format",
        "csv",
        "--limit",
        "100",
    ])
    .stdout;
    assert!(!plain.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(plain.as_slice());
    let text_column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    let texts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[text_column].to_string())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains('\n')),
        "a multi-line paragraph keeps its line break: {texts:?}"
    );
}

#[test]
fn json_lines_have_one_object_a_line() {
    let out = run(&["search", "\"经验\"", "--format", "jsonl", "--facets"]);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let (summary, hits) = lines.split_last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["total"].as_u64().unwrap() as usize, hits.len());
    assert!(summary["facets"]["session"].is_array());
    assert!(hits
        .iter()
        .all(|h| h["type"] == "hit" && h["paragraph"].is_string()));
}

#[test]
fn group_and_show_highlight_in_text() {
    let out = run(&["search", "\"普遍定期审议\"", "--group", "--color", "never"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("21/... 加强人权领域的技术合作和能力建设: PP9 OP5 OP9 HD1 OP10–OP16"),
        "{text}"
    );

    let out = run(&[
        "show",
        SAMPLE,
        "--highlight",
        "\"经验\"",
        "--color",
        "never",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let marked: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("▶ "))
        .map(|rest| rest.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(marked, ["OP5", "OP10", "OP13"]);

    let out = run(&["show", SAMPLE, "--highlight", "\"经验\"", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["matching_paragraphs"],
        serde_json::json!(["OP5", "OP10", "OP13"])
    );
}

#[test]
fn paging_with_offset() {
    let all = hrsearch::search::search(
        &INDEXED.index,
        "\"人权\"",
        &SearchOptions {
            limit: 10_000,
            ..Default::default()
        },
    )
    .unwrap();
    let page = hrsearch::search::search(
        &INDEXED.index,
        "\"人权\"",
        &SearchOptions {
            limit: 5,
            offset: 5,
            ..Default::default()
        },
    )
    .unwrap();
    let want: Vec<(String, String)> = all.hits[5..10]
        .iter()
        .map(|h| (h.meta.doc_id.clone(), h.paragraph.clone()))
        .collect();
    let got: Vec<(String, String)> = page
        .hits
        .iter()
        .map(|h| (h.meta.doc_id.clone(), h.paragraph.clone()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(page.hits[0].rank, 6);
}

mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_query_parser_never_panics(query in any::<String>()) {
            if let Err(message) = hrsearch::search::query::parse_query(&query) {
                prop_assert!(!message.is_empty(), "an empty message for {:?}", query);
            }
        }

        #[test]
        fn structured_queries_never_panic(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("OR".to_string()), Just("(".to_string()), Just(")".to_string()),
                    Just("-".to_string()), Just("\"".to_string()), Just("session:".to_string()),
                    Just("session:19..22".to_string()), Just("agenda:70(b)".to_string()),
                    Just("kind:op".to_string()), Just("cites:18/18".to_string()),
                    Just("sponsor:挪威".to_string()), Just("人权".to_string()),
                    Just("普遍定期审议".to_string()), Just("-经验".to_string()),
                    Just("\"技术合作\"".to_string()), "[a-z:()\"-]{1,4}",
                ],
                0..12,
            ),
            spaces in proptest::collection::vec(any::<bool>(), 12),
        ) {
            let mut query = String::new();
            for (part, space) in parts.iter().zip(&spaces) {
                query.push_str(part);
                if *space {
                    query.push(' ');
                }
            }
            super::common::assert_search_answers(&super::INDEXED.index, &query)?;
        }
    }
}
