//! Golden tests of the citation extractor: for the real sample and for every
//! fixture in `tests/data/`, read as `hrsearch index` reads them (decoded,
//! then `parse_resolution`), exactly which resolutions and decisions each
//! paragraph cites; then one string case for every form the extractor reads.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hrsearch::citations::{extract_citations, Citation, CitationKind};
use hrsearch::corpus::decode;
use hrsearch::parse::parse_resolution;
use hrsearch::{Organ, Resolution};

const SAMPLE: &str = "corpus/hrc-21-item10-technical-cooperation-draft.txt";

const GA: Option<Organ> = Some(Organ::GeneralAssembly);
const HRC: Option<Organ> = Some(Organ::HumanRightsCouncil);
const CHR: Option<Organ> = Some(Organ::CommissionOnHumanRights);
const ECOSOC: Option<Organ> = Some(Organ::EconomicAndSocialCouncil);

fn res(number: &str, organ: Option<Organ>) -> Citation {
    Citation::new(number, CitationKind::Resolution, organ)
}

fn dec(number: &str, organ: Option<Organ>) -> Citation {
    Citation::new(number, CitationKind::Decision, organ)
}

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The file decoded (UTF-8, UTF-16 or GB18030) and parsed.
fn parse_file(relative: &str) -> Resolution {
    let bytes = std::fs::read(manifest_path(relative))
        .unwrap_or_else(|e| panic!("{relative} should be readable: {e}"));
    let (text, _) = decode(&bytes).unwrap_or_else(|e| panic!("{relative} should decode: {e}"));
    parse_resolution(&text).unwrap_or_else(|e| panic!("{relative} should parse: {e}"))
}

/// Paragraph labels with the citations of each.
type Cited = Vec<(String, Vec<Citation>)>;

/// Each paragraph that cites something, by label, with its citations.
fn cited(r: &Resolution) -> Cited {
    r.paragraphs
        .iter()
        .map(|p| (p.label.clone(), extract_citations(&p.text)))
        .filter(|(_, citations)| !citations.is_empty())
        .collect()
}

fn expected(rows: &[(&str, &[Citation])]) -> Cited {
    rows.iter()
        .map(|(label, citations)| (label.to_string(), citations.to_vec()))
        .collect()
}

/// The labels of the paragraphs that cite `number`, in order.
fn citing<'a>(r: &'a Resolution, number: &str) -> Vec<&'a str> {
    r.paragraphs
        .iter()
        .filter(|p| {
            extract_citations(&p.text)
                .iter()
                .any(|c| c.number == number)
        })
        .map(|p| p.label.as_str())
        .collect()
}

// ---------------------------------------------------------------------
// The real sample.

#[test]
fn sample_every_citing_paragraph_and_its_citations() {
    let r = parse_file(SAMPLE);
    assert_eq!(
        cited(&r),
        expected(&[
            // 理事会 2007 年 6 月 18 日第 5/1 号和第 5/2 号决议及 2011 年 3 月 25 日
            // 第 16/21 号决议: 理事会 alone is the document's own organ.
            (
                "PP5",
                &[res("5/1", None), res("5/2", None), res("16/21", None)]
            ),
            // 人权委员会各项决议，尤其是 … 第 1993/87 号决议和 … 第 2004/81 号决议:
            // singled out of the Commission's resolutions, so the Commission's.
            ("PP6", &[res("1993/87", CHR), res("2004/81", CHR)]),
            // 人权理事会 2011 年 9 月 29 日第 18/18 号决议
            ("PP7", &[res("18/18", HRC)]),
            // 人权理事会第 18/18 号决议第 3 和第 4 段: not 3, not 4.
            ("OP3", &[res("18/18", HRC)]),
            // 理事会第 18/18 号决议第 7 和第 8 段
            ("OP5", &[res("18/18", None)]),
        ])
    );
}

#[test]
fn sample_18_18_is_cited_by_exactly_pp7_op3_and_op5() {
    let r = parse_file(SAMPLE);
    assert_eq!(citing(&r, "18/18"), ["PP7", "OP3", "OP5"]);
}

#[test]
fn sample_pp5_and_pp6_cite_their_lists() {
    let r = parse_file(SAMPLE);
    let numbers = |label: &str| -> Vec<String> {
        let p = r.paragraphs.iter().find(|p| p.label == label).unwrap();
        extract_citations(&p.text)
            .into_iter()
            .map(|c| c.number)
            .collect()
    };
    assert_eq!(numbers("PP5"), ["5/1", "5/2", "16/21"]);
    assert_eq!(numbers("PP6"), ["1993/87", "2004/81"]);
}

#[test]
fn sample_other_numbers_are_not_cited() {
    // Sessions (第二十二届会议), agenda items (议程项目 10), dates
    // (2011 年 9 月 29 日) and paragraph numbers (第 3 和第 4 段) all occur in
    // the sample; none is a citation.
    let r = parse_file(SAMPLE);
    let all: BTreeSet<String> = r
        .paragraphs
        .iter()
        .flat_map(|p| extract_citations(&p.text))
        .map(|c| c.number)
        .collect();
    let expected: BTreeSet<String> = ["5/1", "5/2", "16/21", "1993/87", "2004/81", "18/18"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(all, expected);
}

#[test]
fn the_whole_sample_text_cites_each_resolution_once() {
    // Over the whole file (header, footnote and all) rather than paragraph by
    // paragraph: 18/18 is named with its organ in PP7, so the bare mention
    // of OP5 is the same citation.
    let text = std::fs::read_to_string(manifest_path(SAMPLE)).unwrap();
    assert_eq!(
        extract_citations(&text),
        vec![
            res("5/1", None),
            res("5/2", None),
            res("16/21", None),
            res("1993/87", CHR),
            res("2004/81", CHR),
            res("18/18", HRC),
        ]
    );
}

// ---------------------------------------------------------------------
// The fixtures of tests/data/.

/// Every fixture of `tests/data/` with the citations of its citing
/// paragraphs; a fixture not listed here fails
/// `every_fixture_has_its_citations_checked`.
fn fixture_expectations() -> Vec<(&'static str, Cited)> {
    vec![
        (
            "ecosoc-2023.txt",
            // 理事会关于这一问题的所有相关决议，包括 … 第 2022/18 号决议 (the
            // document's own organ); 第 1997/2 号商定结论 are agreed
            // conclusions, not a resolution.
            expected(&[("PP2", &[res("2022/18", None)])]),
        ),
        (
            "fullwidth-traditional.txt",
            // 大会 １９９３ 年 １２ 月 ２０ 日第 ４８／１３４ 号决议
            expected(&[("PP1", &[res("48/134", GA)]), ("PP2", &[res("16/21", HRC)])]),
        ),
        (
            "ga-70-item69b-adopted.txt",
            // PP3 is split by a page break inside `第 | 15/9 号`, with page
            // furniture between; the parser joins it.
            expected(&[
                ("PP2", &[res("64/292", GA)]),
                ("PP3", &[res("15/9", HRC), res("30/4", HRC)]),
            ]),
        ),
        ("gb18030.txt", expected(&[])),
        // `对决议草案 A/HRC/21/L.10 的修正案`, `执行部分第 3 段`: no citation.
        ("hrc-21-amendment.txt", expected(&[])),
        (
            "hrc-22-decision.txt",
            // 第 5/2 号主席声明 is a presidential statement: not taken.
            expected(&[
                ("PP1", &[res("60/251", GA), res("5/1", HRC)]),
                ("PP2", &[res("16/21", None), dec("17/119", None)]),
                ("PP3", &[res("5/1", None)]),
            ]),
        ),
        (
            "hrc-22-defenders.txt",
            expected(&[("PP2", &[res("53/144", GA)])]),
        ),
        (
            "hrc-adopted-vote.txt",
            // 1986 年 12 月 4 日大会第 41/128 号决议: the date before the organ.
            expected(&[("PP2", &[res("41/128", GA)])]),
        ),
        ("missing-header.txt", expected(&[])),
        ("header-only.txt", expected(&[])),
        ("no-paragraphs.txt", expected(&[])),
        ("hrc-21-21-adopted-masthead.txt", expected(&[])),
        (
            "multi-agenda.txt",
            // 大会 … 第 62/149 号、… 第 63/168 号和 … 第 65/206 号决议
            expected(&[(
                "PP3",
                &[res("62/149", GA), res("63/168", GA), res("65/206", GA)],
            )]),
        ),
        (
            "one-paragraph-a-line.txt",
            // 人权理事会以往关于受教育权的所有决议，特别是 … 第 17/3 号决议
            expected(&[("PP2", &[res("17/3", HRC)])]),
        ),
        // (A/HRC/18/53), 第 2 次会议, 2011 年 8 月 23 日: no citation.
        ("special-session.txt", expected(&[])),
    ]
}

#[test]
fn every_fixture_cites_exactly_what_it_should() {
    for (name, expected) in fixture_expectations() {
        let r = parse_file(&format!("tests/data/{name}"));
        assert_eq!(cited(&r), expected, "citations of tests/data/{name}");
    }
}

#[test]
fn every_fixture_has_its_citations_checked() {
    let listed: BTreeSet<String> = fixture_expectations()
        .into_iter()
        .map(|(name, _)| name.to_string())
        .collect();
    let present: BTreeSet<String> = std::fs::read_dir(manifest_path("tests/data"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed, present);
}

#[test]
fn hrc_22_decision_cites_5_1_twice_with_and_without_organ() {
    // PP1 names the Council for 5/1, PP3 (`按照第 5/1 号决议`) does not.
    let r = parse_file("tests/data/hrc-22-decision.txt");
    assert_eq!(citing(&r, "5/1"), ["PP1", "PP3"]);
    assert_eq!(citing(&r, "5/2"), Vec::<&str>::new());
}

// ---------------------------------------------------------------------
// One string case for every form.

#[track_caller]
fn check(text: &str, expected: &[Citation]) {
    assert_eq!(extract_citations(text), expected, "citations of {text:?}");
}

#[test]
fn form_single_number() {
    check("第 18/18 号决议", &[res("18/18", None)]);
    check("第18/18号决议", &[res("18/18", None)]);
    check("第 １８／１８ 号决议", &[res("18/18", None)]);
}

#[test]
fn form_lists() {
    check(
        "第 5/1 号和第 5/2 号决议",
        &[res("5/1", None), res("5/2", None)],
    );
    check(
        "第 5/1 号、第 6/30 号和第 16/21 号决议",
        &[res("5/1", None), res("6/30", None), res("16/21", None)],
    );
    check("第5/1和5/2号决议", &[res("5/1", None), res("5/2", None)]);
}

#[test]
fn form_year_numbers_and_dates() {
    check("第 1993/87 号决议", &[res("1993/87", None)]);
    check(
        "2004 年 4 月 21 日第 2004/81 号决议",
        &[res("2004/81", None)],
    );
}

#[test]
fn form_organs() {
    check("大会第60/251号决议", &[res("60/251", GA)]);
    check("人权理事会第 18/18 号决议", &[res("18/18", HRC)]);
    check("人权委员会第 2005/74 号决议", &[res("2005/74", CHR)]);
    check(
        "经济及社会理事会第 1235 (XLII) 号决议",
        &[res("1235 (XLII)", ECOSOC)],
    );
    check("理事会第 18/18 号决议", &[res("18/18", None)]);
    check(
        "大会第 60/251 号和第 65/281 号决议",
        &[res("60/251", GA), res("65/281", GA)],
    );
}

#[test]
fn form_decisions() {
    check("第 22/117 号决定", &[dec("22/117", None)]);
    check("第 6/102 号决定", &[dec("6/102", None)]);
    check("第 OM/1/1 号决定", &[dec("OM/1/1", None)]);
}

#[test]
fn form_universal_declaration() {
    check("大会第 217 A (III) 号决议", &[res("217 A (III)", GA)]);
}

#[test]
fn form_special_session() {
    check("第 S-17/1 号决议", &[res("S-17/1", None)]);
}

#[test]
fn form_paragraph_references() {
    check("第 18/18 号决议第 3 和第 4 段", &[res("18/18", None)]);
}

#[test]
fn form_mentions_that_are_not_citations() {
    for text in [
        "第二十二届会议",
        "第 37 次会议",
        "2011 年 9 月 29 日",
        "A/HRC/21/L.28",
        "议程项目 10",
    ] {
        check(text, &[]);
    }
}
