//! Property tests of the exactness guarantee and of robustness: a quoted
//! query returns exactly the paragraphs whose normalised text contains it,
//! every line of any document made of real lines lies in a unit, and no
//! input makes parsing, querying or snippets panic.

mod common;

use std::sync::LazyLock;

use hrsearch::analysis::normalize;
use hrsearch::search::snippet::make_snippet;
use proptest::prelude::*;

/// Every line of the sample, the fixtures and the real documents.
static REAL_LINES: LazyLock<Vec<String>> = LazyLock::new(common::real_lines);

/// The sample and every good fixture, indexed once for all tests.
static INDEXED: LazyLock<common::FixtureIndex> = LazyLock::new(common::fixture_index);

fn exact_hits(query: &str) -> Vec<(String, String)> {
    INDEXED.hits(query)
}

fn paragraphs_containing(needle: &str) -> Vec<(String, String)> {
    INDEXED.paragraphs_containing(needle)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_quoted_substring_finds_exactly_the_paragraphs_containing_it(
        paragraph in any::<prop::sample::Index>(),
        start in any::<prop::sample::Index>(),
        len in 1usize..=8,
    ) {
        let (_, _, text) = &INDEXED.paragraphs[paragraph.index(INDEXED.paragraphs.len())];
        let chars: Vec<char> = text.chars().collect();
        prop_assume!(chars.len() >= len);
        let from = start.index(chars.len() - len + 1);
        let needle: String = chars[from..from + len].iter().collect();
        prop_assume!(!needle.contains(['"', '＂']) && !normalize(&needle).is_empty());
        let expected = paragraphs_containing(&needle);
        prop_assert!(!expected.is_empty());
        prop_assert_eq!(exact_hits(&format!("\"{needle}\"")), expected, "needle {:?}", needle);
    }

    #[test]
    fn queries_never_panic(query in "[\"＂ a-zA-Z0-9人权理事会普遍定期审议，。；：、/()（）*\\-\\\\]{0,30}") {
        common::assert_search_answers(&INDEXED.index, &query)?;
    }

    #[test]
    fn arbitrary_queries_never_panic(query in any::<String>()) {
        common::assert_search_answers(&INDEXED.index, &query)?;
    }

    #[test]
    fn parsing_never_panics(text in "([人权理事会第二十一届会议议程项目10技术援助，。；：、*#\\\\ \n1-9.()a-c]{0,20}\n){0,30}") {
        common::assert_parse_accounts_for_every_line(&text)?;
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in any::<String>()) {
        common::assert_parse_accounts_for_every_line(&text)?;
    }

    /// Documents made of real lines (header lines, paragraphs, footnotes,
    /// closing and trailer lines of every layout) in any order: every line
    /// lies in a unit or is furniture, and the units hold exactly the
    /// characters of the lines that are not furniture.
    #[test]
    fn every_line_of_a_generated_document_lies_in_a_unit(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
    ) {
        let lines: Vec<&str> = picks.iter().map(|pick| pick.get(&REAL_LINES).as_str()).collect();
        let text = lines.join("\n");
        let Ok(parsed) = hrsearch::parse::parse_document(&text) else {
            return Ok(());
        };
        prop_assert!(parsed.coverage.is_complete(), "{:?}\n{}", parsed.coverage.unplaced, text);
        let held: usize = parsed
            .resolution
            .paragraphs
            .iter()
            .map(|unit| hrsearch::parse::coverage::chars_of(&unit.text).chars().count())
            .sum();
        // As many as the coverage counts in the lines (markdown marks
        // aside): nothing dropped, nothing held twice.
        prop_assert_eq!(held, parsed.coverage.placed, "{}", text);
    }

    #[test]
    fn snippets_never_panic(text in any::<String>(), needle in any::<String>(), max in 1usize..200) {
        let snippet = make_snippet(&text, &[normalize(&needle)], max);
        let len = snippet.text.chars().count();
        for span in &snippet.highlights {
            prop_assert!(span.start < span.end && span.end <= len);
        }
    }
}

#[test]
fn two_character_terms_and_terms_cut_differently_by_jieba_are_found() {
    // 审议 inside 受审议国, 经验 across a page break, 员国 inside 成员国.
    for needle in ["审议", "经验", "员国", "高级专员", "合国人", "，以"] {
        assert_eq!(
            exact_hits(&format!("\"{needle}\"")),
            paragraphs_containing(needle),
            "{needle}"
        );
        assert!(!paragraphs_containing(needle).is_empty(), "{needle}");
    }
}
