//! Traditional/Simplified and width folding through the whole library: a
//! query in either script, and in full or half width, finds the same
//! paragraphs, and quoted queries stay exact substring matches on the
//! normalised text.

mod common;

use std::sync::LazyLock;

use hrsearch::analysis::normalize;

const SAMPLE: &str = "hrc-21-item10-technical-cooperation-draft";
/// tests/data/fullwidth-traditional.txt: full-width digits and Traditional
/// characters in PP2 and OP3.
const TRADITIONAL: &str = "A/HRC/21/L.19";
/// tests/data/hrc-22-decision.txt: a Universal Periodic Review outcome.
const DECISION: &str = "A/HRC/DEC/22/117";

/// The sample and every good fixture, indexed once for all tests.
static INDEXED: LazyLock<common::FixtureIndex> = LazyLock::new(common::fixture_index);

fn hits(query: &str) -> Vec<(String, String)> {
    INDEXED.hits(query)
}

fn paragraphs_containing(needle: &str) -> Vec<(String, String)> {
    INDEXED.paragraphs_containing(needle)
}

fn labels(list: &[(&str, &[&str])]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .flat_map(|(id, labels)| {
            labels
                .iter()
                .map(|label| (id.to_string(), label.to_string()))
        })
        .collect();
    out.sort();
    out
}

fn text_of(id: &str, label: &str) -> &'static str {
    INDEXED
        .paragraphs
        .iter()
        .find(|(i, l, _)| i == id && l == label)
        .map(|(_, _, text)| text.as_str())
        .unwrap_or_else(|| panic!("no paragraph {label} in {id}"))
}

#[test]
fn the_fixture_really_is_traditional_and_full_width() {
    assert!(text_of(TRADITIONAL, "PP2").contains("普遍定期審議的各个階段"));
    assert!(text_of(TRADITIONAL, "PP2").contains("１６／２１"));
    assert!(
        text_of(TRADITIONAL, "OP3").contains("普遍定期審議進程，包括提交資料和跟進所接受的建議")
    );
    for label in ["PP2", "OP3"] {
        assert!(!text_of(TRADITIONAL, label).contains("普遍定期审议"));
    }
}

#[test]
fn traditional_and_simplified_quoted_queries_find_the_same_paragraphs() {
    let expected = labels(&[
        (
            SAMPLE,
            &[
                "PP9", "OP5", "OP9", "OP10", "OP11", "OP12", "OP13", "OP14", "OP15", "OP16",
                // The section heading `技术合作和普遍定期审议`.
                "HD1",
            ],
        ),
        (TRADITIONAL, &["PP2", "OP3"]),
        // The decision's title and agenda title name the review too.
        (DECISION, &["OP1", "TITLE", "H8"]),
    ]);
    assert_eq!(hits("\"普遍定期审议\""), expected);
    assert_eq!(hits("\"普遍定期審議\""), expected);
    assert_eq!(paragraphs_containing("普遍定期審議"), expected);
    // Mixed scripts within one query.
    assert_eq!(hits("\"普遍定期審议\""), expected);

    let council = hits("\"人权理事会\"");
    assert!(council.len() >= 5, "{council:?}");
    assert_eq!(hits("\"人權理事會\""), council);
    assert_eq!(council, paragraphs_containing("人权理事会"));
}

#[test]
fn a_simplified_query_finds_the_traditional_paragraphs() {
    let op3 = labels(&[(TRADITIONAL, &["OP3"])]);
    assert_eq!(hits("\"提交资料和跟进所接受的建议\""), op3);
    assert_eq!(hits("\"提交資料和跟進所接受的建議\""), op3);
    // The sample's OP11 says it in Simplified, the fixture's OP3 in
    // Traditional: either query finds both.
    let process = labels(&[(SAMPLE, &["OP11"]), (TRADITIONAL, &["OP3"])]);
    assert_eq!(hits("\"普遍定期审议进程\""), process);
    assert_eq!(hits("\"普遍定期審議進程\""), process);
    assert_eq!(
        hits("\"参与普遍定期审议的各个阶段\""),
        labels(&[(TRADITIONAL, &["PP2"])])
    );
    // Bare words too: jieba reads the folded text.
    let words = hits("跟进 资料");
    assert!(words.contains(&op3[0]), "{words:?}");
    assert_eq!(hits("跟進 資料"), words);
}

#[test]
fn full_width_and_half_width_queries_are_equal() {
    let expected = hits("\"18/18\"");
    assert!(!expected.is_empty());
    assert_eq!(hits("\"１８/１８\""), expected);
    assert_eq!(hits("\"１８／１８\""), expected);
    assert_eq!(expected, paragraphs_containing("18/18"));

    // The fixture's full-width digits and slash are found by half-width ones,
    // across the typographic spaces, in either script.
    let pp2 = labels(&[(TRADITIONAL, &["PP2"])]);
    assert_eq!(hits("\"第16/21号决议，其中决定\""), pp2);
    assert_eq!(hits("\"第１６／２１號決議，其中決定\""), pp2);
    let resolution_16_21 = hits("\"16/21\"");
    assert!(resolution_16_21.contains(&pp2[0]), "{resolution_16_21:?}");
    assert!(resolution_16_21.len() >= 2, "{resolution_16_21:?}");
    assert_eq!(hits("\"１６／２１\""), resolution_16_21);
}

#[test]
fn quoted_substrings_of_every_paragraph_find_exactly_the_paragraphs_containing_them() {
    let mut checked = 0;
    for (id, label, text) in &INDEXED.paragraphs {
        let chars: Vec<char> = text.chars().collect();
        for len in 2..=6 {
            if chars.len() < len {
                continue;
            }
            // Start, end and two points between, of every length.
            let last = chars.len() - len;
            let mut starts = vec![0, last / 3, 2 * last / 3, last];
            starts.dedup();
            for start in starts {
                let needle: String = chars[start..start + len].iter().collect();
                let folded = normalize(&needle);
                if needle.contains(['"', '＂']) || folded.contains('"') || folded.is_empty() {
                    continue;
                }
                let expected = paragraphs_containing(&needle);
                assert!(
                    expected.contains(&(id.clone(), label.clone())),
                    "{needle:?} is not found in its own paragraph {id} {label}"
                );
                assert_eq!(
                    hits(&format!("\"{needle}\"")),
                    expected,
                    "needle {needle:?}"
                );
                // The normalised form (half-width, lower-case, Simplified)
                // finds the same paragraphs.
                if folded != needle {
                    assert_eq!(
                        hits(&format!("\"{folded}\"")),
                        expected,
                        "folded {folded:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} substrings checked");
}
