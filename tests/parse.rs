//! Golden tests of the parser: the real sample and one fixture for each
//! layout the FORMAT notes describe, read through the library as `hrsearch
//! index` reads them (`corpus::load`: decode, parse, sidecar), and bad
//! inputs that must be refused with a reason.

use std::path::{Path, PathBuf};

use hrsearch::corpus::{decode, discover, load, SourceFile, TextEncoding};
use hrsearch::parse::{agenda_items, parse_resolution};
use hrsearch::{DocumentKind, Error, Organ, Paragraph, Resolution};

const SAMPLE: &str = "corpus/hrc-21-item10-technical-cooperation-draft.txt";

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The file as `discover` would hand it over: its id is its name without
/// the extension.
fn source(relative: &str) -> SourceFile {
    let path = manifest_path(relative);
    let relative_id = path.file_stem().unwrap().to_string_lossy().into_owned();
    SourceFile {
        path,
        relative_id,
        english: None,
    }
}

fn load_file(relative: &str) -> Resolution {
    load(&source(relative)).unwrap_or_else(|e| panic!("{relative} should load: {e}"))
}

fn fixture(name: &str) -> Resolution {
    load_file(&format!("tests/data/{name}"))
}

fn load_error(name: &str) -> Error {
    match load(&source(&format!("tests/data/bad/{name}"))) {
        Ok(resolution) => panic!("{name} should be refused, got {resolution:#?}"),
        Err(e) => e,
    }
}

/// The metadata of a resolution, to compare with one `assert_eq!`.
#[derive(Debug, PartialEq)]
struct Meta<'a> {
    organ: Option<Organ>,
    session: Option<u64>,
    special_session: bool,
    agenda_item: Option<&'a str>,
    agenda_items: Vec<&'a str>,
    agenda_title: Option<&'a str>,
    kind: Option<DocumentKind>,
    number: Option<&'a str>,
    symbol: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<&'a str>,
    adoption: Option<&'a str>,
}

fn meta(r: &Resolution) -> Meta<'_> {
    Meta {
        organ: r.organ,
        session: r.session,
        special_session: r.special_session,
        agenda_item: r.agenda_item.as_deref(),
        agenda_items: r.agenda_items.iter().map(String::as_str).collect(),
        agenda_title: r.agenda_title.as_deref(),
        kind: r.kind,
        number: r.number.as_deref(),
        symbol: r.symbol.as_deref(),
        title: r.title.as_deref(),
        date: r.date.as_deref(),
        adoption: r.adoption.as_deref(),
    }
}

/// The sponsors as the text writes them: `澳大利亚*` for a non-member.
fn sponsors(r: &Resolution) -> Vec<String> {
    r.sponsors
        .iter()
        .map(|s| format!("{}{}", s.name, if s.non_member { "*" } else { "" }))
        .collect()
}

fn sponsor_list(list: &str) -> Vec<String> {
    list.split('、').map(str::to_string).collect()
}

/// The body paragraphs (preambular, operative, narrative), sub-items
/// included.
fn body(r: &Resolution) -> Vec<&Paragraph> {
    r.paragraphs.iter().filter(|p| p.kind.is_body()).collect()
}

/// A paragraph's text without the number it opens with (`1. `), which the
/// label gives.
fn unnumbered(text: &str) -> &str {
    let digits: usize = text
        .chars()
        .take_while(|c| c.is_numeric())
        .map(char::len_utf8)
        .sum();
    match text[digits..].strip_prefix(['.', '．']) {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => text,
    }
}

/// Asserts the body paragraphs' labels, sections and order exactly, and
/// that each text (after its number) starts as given.
fn assert_paragraphs(r: &Resolution, expected: &[(&str, Option<&str>, &str)]) {
    let paragraphs = body(r);
    let actual: Vec<(&str, Option<&str>)> = paragraphs
        .iter()
        .map(|p| (p.label.as_str(), p.section.as_deref()))
        .collect();
    let wanted: Vec<(&str, Option<&str>)> = expected.iter().map(|&(l, s, _)| (l, s)).collect();
    assert_eq!(actual, wanted, "labels and sections of {}", r.source);
    for (paragraph, (label, _, start)) in paragraphs.iter().zip(expected) {
        assert!(
            unnumbered(&paragraph.text).starts_with(start),
            "{label} should start with {start:?}: {:?}",
            paragraph.text
        );
    }
}

/// The footnotes' texts, in order.
fn footnotes(r: &Resolution) -> Vec<String> {
    r.footnotes().map(|p| p.text.clone()).collect()
}

fn text<'a>(r: &'a Resolution, label: &str) -> &'a str {
    unnumbered(
        &r.paragraphs
            .iter()
            .find(|p| p.label == label)
            .unwrap_or_else(|| panic!("no {label} in {}", r.source))
            .text,
    )
}

/// Asserts that no body paragraph contains any of `needles` (page
/// furniture, footnotes, vote lists, header lines).
fn assert_no_paragraph_contains(r: &Resolution, needles: &[&str]) {
    for p in body(r) {
        for needle in needles {
            assert!(
                !p.text.contains(needle),
                "{} holds {needle:?}: {:?}",
                p.label,
                p.text
            );
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const HRC_ITEM_3: &str = "增进和保护所有人权——公民权利、政治权利、经济、社会和文化权利，包括发展权";

// ---------------------------------------------------------------- sample

#[test]
fn sample_header_is_read_in_full() {
    let r = load_file(SAMPLE);
    assert_eq!(r.id, "hrc-21-item10-technical-cooperation-draft");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(21),
            special_session: false,
            agenda_item: Some("10"),
            agenda_items: vec!["10"],
            agenda_title: Some("技术援助和能力建设"),
            kind: Some(DocumentKind::DraftResolution),
            number: Some("21/..."),
            symbol: None,
            title: Some("加强人权领域的技术合作和能力建设"),
            date: None,
            adoption: None,
        }
    );
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn sample_has_its_26_paragraphs_in_order() {
    let r = load_file(SAMPLE);
    let labels: Vec<&str> = body(&r).iter().map(|p| p.label.as_str()).collect();
    let mut expected: Vec<String> = (1..=10).map(|n| format!("PP{n}")).collect();
    expected.extend((1..=16).map(|n| format!("OP{n}")));
    assert_eq!(labels, expected);
    // Every line is in a unit: the header lines, the title, the footnote
    // where the page break left it, and the section heading.
    let all: Vec<&str> = r.paragraphs.iter().map(|p| p.label.as_str()).collect();
    let mut whole: Vec<String> = [
        "H1", "H2", "H3", "H4", "H5", "TITLE", "PP1", "PP2", "PP3", "FN1",
    ]
    .map(String::from)
    .to_vec();
    whole.extend((4..=10).map(|n| format!("PP{n}")));
    whole.extend((1..=9).map(|n| format!("OP{n}")));
    whole.push("HD1".into());
    whole.extend((10..=16).map(|n| format!("OP{n}")));
    assert_eq!(all, whole);
    for (i, p) in body(&r).into_iter().enumerate() {
        let (kind, number) = if i < 10 {
            ("preambular", i + 1)
        } else {
            ("operative", i - 9)
        };
        assert_eq!(
            (p.kind.as_str(), p.number as usize),
            (kind, number),
            "{}",
            p.label
        );
    }
    assert!(text(&r, "PP1").starts_with("遵循《联合国宪章》的宗旨和原则"));
    assert_eq!(
        text(&r, "PP3"),
        "认识到加强国际合作对于切实增进和保护人权至关重要，"
    );
    assert_eq!(text(&r, "PP4"),
        "强调增进和保护人权应以合作和真正对话的原则为基础，目的是增强各国防止侵犯人权和履行人权义务的能力，以造福于所有人，");
    assert_eq!(
        text(&r, "OP1"),
        "重申各国负有增进和保护所有人权的主要责任；"
    );
    assert!(text(&r, "OP16").ends_with("提供技术援助和能力建设并进行合作。"));
}

#[test]
fn sample_op5_is_joined_across_its_page_break() {
    let r = load_file(SAMPLE);
    let op5 = text(&r, "OP5");
    assert!(op5.contains("方面的经验、挑战"), "{op5}");
    assert!(op5.starts_with("鼓励人权理事会成员国和观察员"), "{op5}");
    assert!(op5.ends_with("方面的成就和良好做法；"), "{op5}");
    assert!(!op5.contains('\n'), "{op5:?}");
    assert!(text(&r, "OP6").starts_with("强调在人权理事会举行的"));
}

#[test]
fn sample_footnote_is_kept_apart_from_the_paragraphs() {
    let r = load_file(SAMPLE);
    assert_eq!(footnotes(&r), strings(&["* 非人权理事会成员国。"]));
    assert_no_paragraph_contains(&r, &["非人权理事会成员国", "\\*", "####", "---"]);
    // The footnote fell between PP3 and PP4 and split nothing.
    assert!(text(&r, "PP3").ends_with("至关重要，"));
    assert!(text(&r, "PP4").starts_with("强调增进和保护人权"));
}

#[test]
fn sample_section_heads_op10_to_op16() {
    let r = load_file(SAMPLE);
    for p in &r.paragraphs {
        let expected =
            (p.label.starts_with("OP") && p.number >= 10).then_some("技术合作和普遍定期审议");
        assert_eq!(p.section.as_deref(), expected, "{}", p.label);
    }
}

#[test]
fn sample_sponsors_keep_exactly_the_non_member_marks_of_the_text() {
    let r = load_file(SAMPLE);
    assert_eq!(
        sponsors(&r),
        sponsor_list(
            "安哥拉、澳大利亚*、奥地利、博茨瓦纳、巴西*、柬埔寨*、哥伦比亚*、哥斯达黎加、克罗地亚*、古巴、\
             吉布提、赤道几内亚*、埃塞俄比亚*、芬兰*、格鲁吉亚*、希腊*、危地马拉、洪都拉斯*、匈牙利、印度尼西亚、\
             伊朗(伊斯兰共和国)*、爱尔兰*、意大利、日本*、黎巴嫩*、莱索托*、马来西亚、毛里求斯、墨西哥、摩洛哥*、\
             尼加拉瓜*、挪威、巴拿马*、巴拉圭*、秘鲁、波兰、葡萄牙*、摩尔多瓦共和国、塞尔维亚*、新加坡*、\
             索马里*、瑞典*、泰国、东帝汶*、突尼斯*、土耳其*、乌拉圭、委内瑞拉玻利瓦尔共和国*、越南*"
        )
    );
    assert_eq!(r.sponsors.len(), 49);
    assert_eq!(r.sponsors.iter().filter(|s| s.non_member).count(), 30);
    let member = |name: &str| {
        r.sponsors
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} is a sponsor"))
            .non_member
    };
    assert!(!member("安哥拉"));
    assert!(member("澳大利亚"));
    assert!(member("伊朗(伊斯兰共和国)"));
    assert!(!member("摩尔多瓦共和国"));
    assert!(member("委内瑞拉玻利瓦尔共和国"));
    assert!(member("越南"));
    assert!(!member("乌拉圭"));
}

#[test]
fn sample_keeps_the_doubled_semicolon_of_op2() {
    let r = load_file(SAMPLE);
    assert!(text(&r, "OP2").ends_with("尤其是在议程项目 10 下举行的讨论；；"));
}

// --------------------------------------------------------------- fixtures

#[test]
fn general_assembly_adopted_resolution() {
    let r = fixture("ga-70-item69b-adopted.txt");
    assert_eq!(r.id, "A/RES/70/169");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::GeneralAssembly),
            session: Some(70),
            special_session: false,
            agenda_item: Some("69 (b)"),
            agenda_items: vec!["69(b)"],
            agenda_title: Some(
                "促进和保护人权：人权问题，包括增进人权和基本自由切实享受的各种途径"
            ),
            kind: Some(DocumentKind::Resolution),
            number: Some("70/169"),
            symbol: Some("A/RES/70/169"),
            title: Some("享有安全饮用水和卫生设施的人权"),
            // The date of adoption, not the date of issue (2016年2月22日).
            date: Some("2015-12-17"),
            adoption: None,
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "重申《世界人权宣言》"),
            ("PP2", None, "回顾大会 2010 年 7 月 28 日第 64/292 号决议"),
            ("PP3", None, "又回顾人权理事会"),
            ("PP4", None, "深为关切"),
            ("PP5", None, "确认安全饮用水"),
            ("OP1", None, "重申享有安全饮用水"),
            ("OP2", None, "确认享有安全饮用水的人权"),
            ("OP3", None, "吁请各国："),
            ("OP3(a)", None, "(a) 确保在不受歧视的情况下"),
            ("OP3(b)", None, "(b) 特别关注妇女和女童"),
            ("OP3(c)", None, "(c) 在制定和执行供水"),
            ("OP4", None, "请享有安全饮用水"),
            ("OP5", None, "决定在第七十二届会议上继续审议这个问题。"),
        ],
    );
    // Lettered sub-paragraphs are units of their own, labelled under
    // their operative paragraph, whose number they keep.
    assert_eq!(text(&r, "OP3"), "吁请各国：");
    assert_eq!(
        text(&r, "OP3(a)"),
        "(a) 确保在不受歧视的情况下逐步实现所有人享有安全饮用水和卫生设施的人权，同时消除不同群体之间在获取方面的不平等；"
    );
    assert_eq!(
        text(&r, "OP3(c)"),
        "(c) 在制定和执行供水和卫生政策时确保透明、参与和问责；"
    );
    assert!(body(&r)
        .iter()
        .filter(|p| p.label.starts_with("OP3("))
        .all(|p| p.number == 3 && p.kind == hrsearch::UnitKind::Operative));
    // PP3 is split by a page break inside `第 15/9 号`, with the job number,
    // bar code and running head between its halves.
    assert_eq!(
        text(&r, "PP3"),
        "又回顾人权理事会 2010 年 9 月 30 日第15/9 号和 2015 年 10 月 1 日第 30/4 号决议，"
    );
    // The running head, found nowhere else, is a header unit of its own.
    let heads: Vec<&str> = r
        .paragraphs
        .iter()
        .filter(|p| p.kind == hrsearch::UnitKind::Header && p.text.contains("享有安全饮用水"))
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        heads,
        [
            "A/RES/70/169 享有安全饮用水和卫生设施的人权",
            "享有安全饮用水和卫生设施的人权 A/RES/70/169"
        ]
    );
    assert_no_paragraph_contains(
        &r,
        &[
            "15-22444",
            "1522444",
            "A/RES/70/169",
            "2/5",
            "第 80 次",
            "根据第三委员会",
        ],
    );
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn human_rights_council_resolution_adopted_by_a_vote() {
    let r = fixture("hrc-adopted-vote.txt");
    assert_eq!(r.id, "A/HRC/RES/24/4");
    assert_eq!(
        meta(&r),
        Meta {
            // The first page says 大会 above 人权理事会: the Council wins.
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(24),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::Resolution),
            number: Some("24/4"),
            symbol: Some("A/HRC/RES/24/4"),
            title: Some("发展权"),
            date: Some("2013-09-26"),
            adoption: Some("以 32 票对 0 票、15 票弃权获得通过。"),
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "遵循《联合国宪章》，表示决心"),
            ("PP2", None, "回顾 1986 年 12 月 4 日"),
            ("PP3", None, "又回顾世界人权会议"),
            ("PP4", None, "强调所有人权都是普遍"),
            ("OP1", None, "赞同发展权工作组"),
            ("OP2", None, "强调必须在国家和国际两级"),
            ("OP3", None, "请联合国人权事务高级专员"),
            ("OP4", None, "决定在议程项目 3 下继续审议这一问题。"),
        ],
    );
    assert_eq!(text(&r, "OP4"), "决定在议程项目 3 下继续审议这一问题。");
    // The lists of states voting are not paragraphs.
    assert_no_paragraph_contains(
        &r,
        &[
            "赞成",
            "反对：",
            "弃权",
            "阿尔及利亚",
            "美利坚合众国",
            "第 37 次会议",
        ],
    );
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn one_paragraph_a_line_with_numbers_lost_and_header_at_the_end() {
    let r = fixture("one-paragraph-a-line.txt");
    assert_eq!(r.id, "one-paragraph-a-line");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            // Not 23, which the last operative paragraph names.
            session: Some(20),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::DraftResolution),
            number: Some("20/..."),
            symbol: None,
            title: Some("受教育权"),
            date: None,
            adoption: None,
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "回顾《世界人权宣言》"),
            ("PP2", None, "重申人权理事会以往"),
            ("PP3", None, "深为关切全世界"),
            ("PP4", None, "确认受教育权"),
            ("PP5", None, "欢迎受教育权问题特别报告员的工作，"),
            ("OP1", None, "吁请各国采取一切必要措施"),
            ("OP2", None, "敦促各国特别关注女童"),
            ("OP3", None, "请受教育权问题特别报告员"),
            ("OP4", None, "请联合国人权事务高级专员办事处"),
            // A short paragraph naming a session is not a header line.
            ("OP5", None, "决定在第二十三届会议上继续审议此问题。"),
        ],
    );
    assert_eq!(text(&r, "OP5"), "决定在第二十三届会议上继续审议此问题。");
    assert_eq!(
        sponsors(&r),
        sponsor_list(
            "阿尔巴尼亚*、奥地利、比利时、巴西*、智利、哥斯达黎加、芬兰*、德国*、印度尼西亚、意大利、\
             卢森堡*、马尔代夫、墨西哥、葡萄牙*、斯洛文尼亚*、西班牙、泰国、乌拉圭"
        )
    );
    assert_eq!(r.sponsors.iter().filter(|s| s.non_member).count(), 7);
    assert_eq!(footnotes(&r), strings(&["* 非人权理事会成员国。"]));
    assert_no_paragraph_contains(
        &r,
        &["决议草案", "第二十届会议", "非人权理事会成员国", "20/..."],
    );
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn gb18030_text_is_decoded_and_parsed() {
    let bytes = std::fs::read(manifest_path("tests/data/gb18030.txt")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let (decoded, encoding) = decode(&bytes).unwrap();
    assert_eq!(encoding, TextEncoding::Gb18030);
    assert!(decoded.contains("人权理事会，\n"));

    let r = fixture("gb18030.txt");
    assert_eq!(r.id, "A/HRC/19/L.8/Rev.1");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(19),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::DraftResolution),
            // The number on the same line as the title.
            number: Some("19/..."),
            symbol: Some("A/HRC/19/L.8/Rev.1"),
            title: Some("人权与环境"),
            // A draft has no date of adoption: the date of issue.
            date: Some("2012-03-20"),
            adoption: None,
        }
    );
    assert_eq!(
        sponsors(&r),
        sponsor_list("哥斯达黎加、马尔代夫、摩纳哥*、斯洛文尼亚*、瑞士")
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "回顾《联合国人类环境会议宣言》"),
            ("PP2", None, "确认可持续发展"),
            ("PP3", None, "注意到环境损害"),
            ("OP1", None, "决定任命一名独立专家"),
            ("OP2", None, "请所有国家与独立专家合作"),
            ("OP3", None, "请联合国人权事务高级专员办事处"),
            ("OP4", None, "决定继续审议这一问题。"),
        ],
    );
    assert_eq!(
        text(&r, "OP1"),
        "决定任命一名独立专家，任期三年，负责研究与享有安全、清洁、健康和可持续环境有关的人权义务问题；"
    );
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn full_width_digits_and_traditional_characters() {
    let r = fixture("fullwidth-traditional.txt");
    assert_eq!(r.id, "A/HRC/21/L.19");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(21),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::DraftResolution),
            number: Some("21/..."),
            symbol: Some("A/HRC/21/L.19"),
            title: Some("国家人权机构在增进和保护人权方面的作用"),
            date: Some("2012-09-21"),
            adoption: None,
        }
    );
    // Names as written, the full-width `＊` read as the non-member mark.
    assert_eq!(
        sponsors(&r),
        sponsor_list("澳大利亚*、德国*、摩洛哥*、新西兰*、尼日利亚")
    );
    assert_paragraphs(
        &r,
        &[
            (
                "PP1",
                None,
                "回顾大会 １９９３ 年 １２ 月 ２０ 日第 ４８／１３４ 号决议",
            ),
            ("PP2", None, "重申人权理事会 ２０１１ 年"),
            ("PP3", None, "确认国家人权机构"),
            ("OP1", None, "重申符合《巴黎原则》"),
            ("OP2", None, "鼓励各国设立或加强国家人权机构"),
            ("OP3", None, "欢迎国家人权机构日益参与"),
            ("OP4", None, "请秘书长向人权理事会第二十七届会议提交报告"),
        ],
    );
    let numbers: Vec<u32> = body(&r).iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3, 1, 2, 3, 4]);
    // The text is kept as written: Traditional characters and all.
    assert_eq!(
        text(&r, "OP3"),
        "欢迎国家人权机构日益参与普遍定期審議進程，包括提交資料和跟進所接受的建議；"
    );
    assert!(text(&r, "PP2").contains("普遍定期審議的各个階段"));
    // A paragraph keeps its number as written, so that a quoted line of the
    // source finds it; the label is read from the number.
    let op1 = body(&r).into_iter().find(|p| p.label == "OP1").unwrap();
    assert!(op1.text.starts_with("１．重申"), "{:?}", op1.text);
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn missing_header_still_yields_paragraphs_with_warnings() {
    let r = fixture("missing-header.txt");
    assert_eq!(r.id, "missing-header");
    assert_eq!(
        meta(&r),
        Meta {
            organ: None,
            session: None,
            special_session: false,
            agenda_item: None,
            agenda_items: vec![],
            agenda_title: None,
            kind: None,
            number: None,
            symbol: None,
            title: None,
            date: None,
            adoption: None,
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "遵循《联合国宪章》的宗旨和原则，"),
            ("PP2", None, "重申《世界人权宣言》第十九条"),
            ("PP3", None, "深为关切针对记者"),
            ("PP4", None, "认识到针对记者的犯罪"),
            ("OP1", None, "谴责针对记者和媒体工作者"),
            ("OP2", None, "吁请各国确保"),
            ("OP3", None, "敦促各国营造"),
            ("OP4", None, "请联合国人权事务高级专员办事处编写一份汇编"),
        ],
    );
    assert_eq!(text(&r, "PP1"), "遵循《联合国宪章》的宗旨和原则，");
    assert_eq!(
        r.warnings,
        strings(&[
            "no opening line naming the organ (such as `人权理事会，`) was found; \
             paragraphs were read from the start of the text",
            "the organ could not be read from the header",
            "the session could not be read from the header",
            "the title could not be read from the header",
            "the kind of document could not be read from the header",
        ])
    );
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
}

#[test]
fn special_session_with_markdown_and_plain_section_headings() {
    let r = fixture("special-session.txt");
    assert_eq!(r.id, "A/HRC/RES/S-17/1");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(17),
            special_session: true,
            agenda_item: None,
            agenda_items: vec![],
            agenda_title: None,
            kind: Some(DocumentKind::Resolution),
            number: Some("S-17/1"),
            symbol: Some("A/HRC/RES/S-17/1"),
            title: Some("阿拉伯叙利亚共和国的人权状况"),
            // The meeting's date, not the date of issue.
            date: Some("2011-08-23"),
            adoption: Some("以 33 票对 4 票、9 票弃权获得通过。"),
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "遵循《联合国宪章》"),
            ("PP2", None, "重申所有会员国"),
            ("PP3", None, "深为关切阿拉伯叙利亚共和国"),
            ("PP4", None, "欢迎联合国人权事务高级专员办事处实况调查团"),
            ("OP1", None, "强烈谴责叙利亚当局"),
            ("OP2", None, "吁请叙利亚当局立即停止"),
            ("OP3", Some("独立国际调查委员会"), "决定紧急派遣"),
            (
                "OP4",
                Some("独立国际调查委员会"),
                "请阿拉伯叙利亚共和国当局",
            ),
            (
                "OP5",
                Some("人道主义状况"),
                "吁请叙利亚当局允许人道主义机构",
            ),
            ("OP6", Some("人道主义状况"), "决定继续处理此问题。"),
        ],
    );
    assert_eq!(
        text(&r, "OP2"),
        "吁请叙利亚当局立即停止一切侵犯人权的行为，保护本国人民；"
    );
    assert_no_paragraph_contains(&r, &["####", "人道主义状况\n", "第 2 次会议", "获得通过"]);
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn economic_and_social_council_resolution() {
    let bytes = std::fs::read(manifest_path("tests/data/ecosoc-2023.txt")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "the fixture carries a BOM"
    );
    let (decoded, encoding) = decode(&bytes).unwrap();
    assert_eq!(encoding, TextEncoding::Utf8);
    assert!(decoded.starts_with("联合国\n"));

    let r = fixture("ecosoc-2023.txt");
    assert_eq!(r.id, "E/RES/2023/10");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::EconomicAndSocialCouncil),
            // ECOSOC names its session by year.
            session: Some(2023),
            special_session: false,
            agenda_item: Some("12 (e)"),
            agenda_items: vec!["12(e)"],
            agenda_title: Some(
                "协调、方案和其他问题：将性别观点纳入联合国系统所有政策和方案的主流"
            ),
            kind: Some(DocumentKind::Resolution),
            number: Some("2023/10"),
            // Not E/2023/L.19, the proposal it was adopted on.
            symbol: Some("E/RES/2023/10"),
            title: Some("将性别观点纳入联合国系统所有政策和方案的主流"),
            date: Some("2023-06-23"),
            adoption: None,
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "重申《北京宣言》"),
            ("PP2", None, "回顾理事会 1997 年 7 月 18 日"),
            ("PP3", None, "确认性别平等主流化"),
            ("PP4", None, "注意到秘书长"),
            ("OP1", None, "欢迎联合国系统各实体"),
            ("OP2", None, "吁请联合国系统各实体"),
            ("OP2(一)", None, "（一） 确保高级管理人员"),
            ("OP2(二)", None, "（二） 加强按性别分列"),
            ("OP2(三)", None, "（三） 为性别平等主流化"),
            ("OP3", None, "请秘书长向理事会 2024 年届会提交报告"),
        ],
    );
    // Sub-paragraphs numbered （一）, （二）, （三） are labelled under OP2.
    assert_eq!(
        text(&r, "OP2"),
        "吁请联合国系统各实体，包括各机构、基金和方案，在各自任务范围内："
    );
    assert_eq!(
        text(&r, "OP2(二)"),
        "（二） 加强按性别分列的数据的收集和使用；"
    );
    assert_no_paragraph_contains(&r, &["E/2023/L.19", "2023年届会", "全体会议\n", "第 27 次"]);
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn amendment_to_a_draft_resolution() {
    let r = fixture("hrc-21-amendment.txt");
    assert_eq!(r.id, "A/HRC/21/L.41");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(21),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::Amendment),
            number: None,
            // Its own symbol, not that of the draft it amends.
            symbol: Some("A/HRC/21/L.41"),
            title: Some("对决议草案 A/HRC/21/L.10 的修正案"),
            date: Some("2012-09-25"),
            adoption: None,
        }
    );
    assert_eq!(
        sponsors(&r),
        sponsor_list("白俄罗斯*、中国、古巴、俄罗斯联邦")
    );
    assert_paragraphs(
        &r,
        &[
            ("OP1", None, "在序言部分第四段之后插入一个新段落"),
            ("OP2", None, "在执行部分第 3 段中"),
            ("OP3", None, "删除执行部分第 7 段。"),
        ],
    );
    // The quoted new paragraph belongs to the instruction that inserts it.
    assert_eq!(
        text(&r, "OP1"),
        "在序言部分第四段之后插入一个新段落，内容如下：\n“又强调各国有责任根据本国法律和国际义务维护公共秩序，”"
    );
    assert_eq!(footnotes(&r), strings(&["* 非人权理事会成员国。"]));
    // An amendment has no `人权理事会，` line: the only warning.
    assert_eq!(
        r.warnings,
        strings(&[
            "no opening line naming the organ (such as `人权理事会，`) was found; \
                   paragraphs were read from the start of the text"
        ])
    );
}

#[test]
fn decision_of_the_council() {
    let r = fixture("hrc-22-decision.txt");
    assert_eq!(r.id, "A/HRC/DEC/22/117");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(22),
            special_session: false,
            agenda_item: Some("6"),
            agenda_items: vec!["6"],
            agenda_title: Some("普遍定期审议"),
            kind: Some(DocumentKind::Decision),
            number: Some("22/117"),
            symbol: Some("A/HRC/DEC/22/117"),
            // The title keeps its full-width colon.
            title: Some("普遍定期审议结果：马耳他"),
            date: Some("2013-03-14"),
            adoption: Some("未经表决获得通过。"),
        }
    );
    // Unnumbered: the preamble runs while paragraphs end with `，`.
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "按照大会 2006 年 3 月 15 日"),
            ("PP2", None, "回顾理事会 2011 年 3 月 25 日"),
            ("PP3", None, "于 2013 年 1 月 28 日完成了对马耳他的审议"),
            ("OP1", None, "决定通过关于马耳他的普遍定期审议结果"),
        ],
    );
    assert!(text(&r, "OP1").ends_with("(A/HRC/22/7/Add.1 和 A/HRC/22/2，第六章)。"));
    assert!(r.sponsors.is_empty());
    assert!(footnotes(&r).is_empty());
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn several_agenda_items_digit_session_and_a_page_break() {
    let r = fixture("multi-agenda.txt");
    assert_eq!(r.id, "A/HRC/21/L.13");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(21),
            special_session: false,
            agenda_item: Some("2 和 3"),
            agenda_items: vec!["2", "3"],
            // One title line for each item.
            agenda_title: Some(
                "联合国人权事务高级专员的年度报告以及高级专员办事处和秘书长的报告；\
                 增进和保护所有人权——公民权利、政治权利、经济、社会和文化权利，包括发展权"
            ),
            kind: Some(DocumentKind::DraftResolution),
            number: Some("21/..."),
            symbol: Some("A/HRC/21/L.13"),
            title: Some("死刑问题"),
            date: Some("2012-09-21"),
            adoption: None,
        }
    );
    assert_eq!(
        sponsors(&r),
        sponsor_list(
            "阿根廷*、澳大利亚*、比利时、贝宁、智利、哥斯达黎加、克罗地亚*、法国*、加蓬*、意大利、\
             墨西哥、蒙古*、黑山*、挪威、摩尔多瓦共和国、瑞士、乌拉圭"
        )
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "以《联合国宪章》的宗旨和原则为指导，"),
            ("PP2", None, "重申《世界人权宣言》"),
            ("PP3", None, "回顾大会 2007 年 12 月 18 日"),
            ("PP4", None, "注意到秘书长关于暂停使用死刑问题的报告"),
            ("PP5", None, "确认越来越多的国家"),
            ("OP1", None, "欢迎秘书长关于死刑问题的年度补编"),
            (
                "OP2",
                None,
                "请秘书长在提交人权理事会第二十七届会议的年度补编中",
            ),
            ("OP3", None, "决定在第二十七届会议期间举办"),
            ("OP4", None, "决定在相同议程项目下继续审议此问题。"),
        ],
    );
    // PP4 is split by a page break with the footnote, job number, bar code,
    // running symbol and page number between its halves.
    assert_eq!(
        text(&r, "PP4"),
        "注意到秘书长关于暂停使用死刑问题的报告(A/67/226)以及联合国人权事务高级专员关于死刑问题的年度报告中所载的结论和建议，"
    );
    assert_eq!(footnotes(&r), strings(&["* 非人权理事会成员国。"]));
    assert_no_paragraph_contains(
        &r,
        &["GE.12", "1216184", "非人权理事会成员国", "A/HRC/21/L.13"],
    );
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn sidecar_supplies_the_symbol_the_text_lacks() {
    let path = manifest_path("tests/data/hrc-22-defenders.txt");
    let parsed = parse_resolution(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(parsed.symbol, None);
    assert_eq!(parsed.date, None);
    assert_eq!(parsed.kind, Some(DocumentKind::Resolution));

    let r = fixture("hrc-22-defenders.txt");
    // With a symbol from the sidecar, the symbol is the id.
    assert_eq!(r.id, "A/HRC/RES/22/6");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(22),
            special_session: false,
            agenda_item: Some("3"),
            agenda_items: vec!["3"],
            agenda_title: Some(HRC_ITEM_3),
            kind: Some(DocumentKind::Resolution),
            number: Some("22/6"),
            symbol: Some("A/HRC/RES/22/6"),
            title: Some("保护人权维护者"),
            date: Some("2013-03-21"),
            adoption: None,
        }
    );
    assert_eq!(
        sponsors(&r),
        sponsor_list("挪威、爱尔兰*、墨西哥、捷克共和国*")
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "重申《联合国宪章》"),
            ("PP2", None, "回顾大会 1998 年 12 月 9 日"),
            ("PP3", None, "深为关切人权维护者"),
            ("PP4", None, "认识到人权维护者"),
            ("OP1", None, "吁请所有国家"),
            ("OP2", None, "敦促各国确保立法"),
            ("OP3", None, "强调各国必须打击"),
            ("OP4", None, "请人权维护者处境问题特别报告员"),
        ],
    );
    assert!(r.source.ends_with("hrc-22-defenders.txt"), "{}", r.source);
    assert_eq!(r.warnings, Vec::<String>::new());
}

#[test]
fn sidecar_id_and_fields_win_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text_path = dir.path().join("note.txt");
    std::fs::write(
        &text_path,
        "人权理事会，\n\n重申各国负有增进和保护所有人权的主要责任，\n\n1. 决定继续审议这一问题。\n",
    )
    .unwrap();
    let file = SourceFile {
        path: text_path.clone(),
        relative_id: "note".to_string(),
        english: None,
    };
    let sidecar = text_path.with_extension("json");
    std::fs::write(
        &sidecar,
        r#"{"id": "hrc-21-note", "organ": "GA", "session": 21, "special_session": true,
            "agenda_item": "2 和 3", "kind": "draft_decision", "number": "S-21/...", "title": "说明"}"#,
    )
    .unwrap();
    let r = load(&file).unwrap();
    assert_eq!(r.id, "hrc-21-note");
    assert_eq!(
        (r.organ, r.session, r.special_session, r.kind),
        (
            Some(Organ::GeneralAssembly),
            Some(21),
            true,
            Some(DocumentKind::DraftDecision)
        )
    );
    assert_eq!(
        (r.agenda_item.as_deref(), r.agenda_items.clone()),
        (Some("2 和 3"), strings(&["2", "3"]))
    );
    assert_eq!(
        (r.number.as_deref(), r.title.as_deref()),
        (Some("S-21/..."), Some("说明"))
    );

    std::fs::write(&sidecar, r#"{"organ": "Security Council"}"#).unwrap();
    let message = load(&file).unwrap_err().to_string();
    assert!(
        message.contains("sidecar organ \"Security Council\" is not one of"),
        "{message}"
    );

    std::fs::write(&sidecar, r#"{"date": "21.03.2013"}"#).unwrap();
    let message = load(&file).unwrap_err().to_string();
    assert!(
        message.contains("sidecar date \"21.03.2013\" is not a date written YYYY-MM-DD"),
        "{message}"
    );
}

// ------------------------------------------------------ smaller variants

#[test]
fn agenda_items_are_normalised() {
    for (written, items) in [
        ("10", vec!["10"]),
        ("69 (b)", vec!["69(b)"]),
        ("70(b)", vec!["70(b)"]),
        ("19(a)", vec!["19(a)"]),
        ("2 和 3", vec!["2", "3"]),
        ("2、3 和 4", vec!["2", "3", "4"]),
        ("３", vec!["3"]),
        ("６９ （Ｂ）", vec!["69(b)"]),
    ] {
        assert_eq!(agenda_items(written), items, "{written}");
    }
}

#[test]
fn body_lines_broken_at_page_breaks_are_not_taken_for_header_lines() {
    // Page breaks can leave `大会 2010 年…`, `18/18 号决议，` or `第二十二届会议，…`
    // at the start of a line; none of them ends the body.
    let text = "人权理事会\n第二十一届会议\n21/...\n标题\n\n人权理事会，\n\n\
                回顾\n\n大会 2010 年 7 月 28 日第 64/292 号决议，\n\n\
                又回顾人权理事会第\n\n18/18 号决议，\n\n\
                1. 请高级专员向理事会\n\n第二十二届会议\n\n提交报告；\n\n\
                2. 决定继续审议这一问题。\n";
    let r = parse_resolution(text).unwrap();
    let texts: Vec<(&str, &str)> = body(&r)
        .into_iter()
        .map(|p| (p.label.as_str(), unnumbered(&p.text)))
        .collect();
    assert_eq!(
        texts,
        [
            ("PP1", "回顾大会 2010 年 7 月 28 日第 64/292 号决议，"),
            ("PP2", "又回顾人权理事会第18/18 号决议，"),
            ("OP1", "请高级专员向理事会第二十二届会议提交报告；"),
            ("OP2", "决定继续审议这一问题。"),
        ]
    );
    assert_eq!((r.session, r.title.as_deref()), (Some(21), Some("标题")));
}

#[test]
fn a_section_heading_named_like_an_organ_is_a_heading() {
    // `#### 人权理事会` is a section heading, not the start of a header moved
    // to the end: the paragraphs under it belong to the resolution.
    let text = "人权理事会\n第二十一届会议\n议程项目 10\n21/...\n标题\n\n人权理事会，\n\n\
                回顾以往的决议，\n\n1. 请高级专员提交报告；\n\n#### 人权理事会\n\n\
                2. 鼓励各国合作；\n\n3. 决定继续审议这一问题。\n";
    let r = parse_resolution(text).unwrap();
    let labels: Vec<(&str, Option<&str>)> = body(&r)
        .into_iter()
        .map(|p| (p.label.as_str(), p.section.as_deref()))
        .collect();
    assert_eq!(
        labels,
        [
            ("PP1", None),
            ("OP1", None),
            ("OP2", Some("人权理事会")),
            ("OP3", Some("人权理事会")),
        ]
    );
    assert_eq!((r.session, r.title.as_deref()), (Some(21), Some("标题")));
}

#[test]
fn adoption_without_a_vote_and_escaped_markdown() {
    let text = "人权理事会  \n第十届会议  \n议程项目19(a)  \n\n10/1. 标题\\*\n\n人权理事会，\n\n\
                重申以往的决议，\n\n1. **决定**继续审议这一问题。\n\n第 40 次会议\n2009年3月27日\n\n\
                [未经表决获得通过。]\n\n---\n";
    let r = parse_resolution(text).unwrap();
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(10),
            special_session: false,
            agenda_item: Some("19(a)"),
            agenda_items: vec!["19(a)"],
            agenda_title: None,
            kind: Some(DocumentKind::Resolution),
            number: Some("10/1"),
            symbol: None,
            title: Some("标题"),
            date: Some("2009-03-27"),
            adoption: Some("未经表决获得通过。"),
        }
    );
    assert_eq!(text_labels(&r), ["PP1", "OP1"]);
    assert_eq!(self::text(&r, "OP1"), "决定继续审议这一问题。");
}

fn text_labels(r: &Resolution) -> Vec<&str> {
    body(r).into_iter().map(|p| p.label.as_str()).collect()
}

// ------------------------------------------------------------ bad inputs

#[test]
fn latin1_bytes_are_refused_as_undecodable() {
    let err = load_error("latin1.txt");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("latin1.txt: neither UTF-8 nor GB18030 Chinese text"),
        "{message}"
    );
}

#[test]
fn random_high_bytes_are_refused_as_undecodable() {
    let err = load_error("random-bytes.txt");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("random-bytes.txt: neither UTF-8 nor GB18030 Chinese text"),
        "{err}"
    );
}

#[test]
fn binary_file_is_refused() {
    let err = load_error("binary.txt");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("binary.txt: binary data (NUL bytes), not a text file"),
        "{err}"
    );
}

#[test]
fn empty_file_is_refused() {
    let err = load_error("empty.txt");
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    assert!(
        err.to_string().ends_with("empty.txt: the text is empty"),
        "{err}"
    );
    assert_eq!(
        parse_resolution("\u{feff}\n  \n").unwrap_err().to_string(),
        "the text is empty"
    );
}

/// Regression: a text that is only a header was refused, and its title
/// with it. Nothing is lost: it is indexed, with a warning.
#[test]
fn header_without_paragraphs_is_kept_with_a_warning() {
    for name in ["header-only.txt", "no-paragraphs.txt"] {
        let r = fixture(name);
        assert_eq!(r.title.as_deref(), Some("加强人权领域的技术合作和能力建设"));
        assert_eq!(r.session, Some(21));
        assert_eq!(r.organ, Some(Organ::HumanRightsCouncil));
        let labels: Vec<&str> = r.paragraphs.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["H1", "H2", "H3", "H4", "TITLE"], "{name}");
        assert_eq!(
            r.warnings,
            strings(&[
                "no paragraphs found: the text holds only header lines, headings, \
                 footnotes or closing lines"
            ]),
            "{name}"
        );
    }
}

#[test]
fn malformed_sidecar_is_refused() {
    let err = load_error("bad-sidecar.txt");
    assert!(matches!(err, Error::Sidecar { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("bad-sidecar.json: invalid sidecar: unknown field `sesion`"),
        "{message}"
    );
}

#[test]
fn every_fixture_loads_and_every_bad_input_fails() {
    let walk = discover(
        &[manifest_path("tests/data")],
        hrsearch::corpus::Walk::default(),
    );
    let (files, errors) = (walk.files, walk.errors);
    assert!(errors.is_empty(), "{errors:?}");
    let mut loaded = Vec::new();
    let mut failed = Vec::new();
    for file in &files {
        match load(file) {
            Ok(_) => loaded.push(file.relative_id.clone()),
            Err(_) => failed.push(file.relative_id.clone()),
        }
    }
    assert_eq!(
        loaded,
        [
            "ecosoc-2023",
            "fullwidth-traditional",
            "ga-70-item69b-adopted",
            "gb18030",
            "header-only",
            "hrc-21-21-adopted-masthead",
            "hrc-21-amendment",
            "hrc-22-decision",
            "hrc-22-defenders",
            "hrc-adopted-vote",
            "missing-header",
            "multi-agenda",
            "no-paragraphs",
            "one-paragraph-a-line",
            "special-session",
        ]
    );
    assert_eq!(
        failed,
        [
            "bad/bad-sidecar",
            "bad/binary",
            "bad/empty",
            "bad/latin1",
            "bad/random-bytes",
        ]
    );
}

#[test]
fn adopted_text_with_a_spaced_out_masthead() {
    // The masthead spaces its characters (`联 合 国`, `大  会`) beside the
    // symbol, and the number line `21/21` looks like a page number.
    let r = fixture("hrc-21-21-adopted-masthead.txt");
    assert_eq!(r.id, "A/HRC/RES/21/21");
    assert_eq!(
        meta(&r),
        Meta {
            organ: Some(Organ::HumanRightsCouncil),
            session: Some(21),
            special_session: false,
            agenda_item: Some("10"),
            agenda_items: vec!["10"],
            agenda_title: Some("技术援助和能力建设"),
            kind: Some(DocumentKind::Resolution),
            number: Some("21/21"),
            symbol: Some("A/HRC/RES/21/21"),
            title: Some("加强人权领域的技术合作和能力建设"),
            date: Some("2012-09-27"),
            adoption: Some("未经表决获得通过。"),
        }
    );
    assert_paragraphs(
        &r,
        &[
            ("PP1", None, "遵循《联合国宪章》的宗旨和原则，"),
            ("PP2", None, "重申各国根据《联合国宪章》"),
            ("OP1", None, "重申各国负有增进和保护所有人权的主要责任；"),
            ("OP2", None, "决定继续审议这一问题。"),
        ],
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

// ------------------------------------------------- lossless on real layouts

/// The sample's text with `insert` put before its first operative paragraph.
fn sample_with_before_op1(insert: &str) -> String {
    let text = std::fs::read_to_string(manifest_path(SAMPLE)).unwrap();
    let at = text.find("1. 重申各国负有").unwrap();
    format!("{}{insert}\n\n{}", &text[..at], &text[at..])
}

/// Regression: a line holding only a resolution number between the
/// preamble and the operative part made all 16 operative paragraphs vanish.
#[test]
fn a_lone_resolution_number_between_the_parts_loses_nothing() {
    for number in ["5/1", "21/1", "2012/5"] {
        let r = parse_resolution(&sample_with_before_op1(number)).unwrap();
        let labels: Vec<&str> = body(&r).iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels.len(), 26, "{number}: {labels:?}");
        assert_eq!(
            labels[10..],
            [
                "OP1", "OP2", "OP3", "OP4", "OP5", "OP6", "OP7", "OP8", "OP9", "OP10", "OP11",
                "OP12", "OP13", "OP14", "OP15", "OP16"
            ]
        );
        let lone = r.paragraphs.iter().find(|p| p.text == number);
        assert_eq!(
            lone.map(|p| p.kind),
            Some(hrsearch::UnitKind::Header),
            "{number}"
        );
        assert_eq!(r.number.as_deref(), Some("21/..."), "{number}");
    }
}

/// Regression: the masthead repeated by a page break in the middle of the
/// text ended the body there.
#[test]
fn a_masthead_repeated_mid_text_loses_nothing() {
    let masthead = "人权理事会\n第二十一届会议\n议程项目 10\n技术援助和能力建设";
    let r = parse_resolution(&sample_with_before_op1(masthead)).unwrap();
    assert_eq!(body(&r).len(), 26);
    assert!(text(&r, "OP16").starts_with("认识到现有国家人权机构和民间社会"));
    // The repeated lines are furniture, not new units: the header units are
    // those of the first page.
    let headers = r
        .paragraphs
        .iter()
        .filter(|p| p.kind == hrsearch::UnitKind::Header)
        .count();
    assert_eq!(headers, 5);
    assert_eq!(r.session, Some(21));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// Regression: in the one-paragraph-a-line layout, text after the trailing
/// header block was dropped.
#[test]
fn text_after_a_trailing_header_is_kept() {
    let path = manifest_path("tests/data/one-paragraph-a-line.txt");
    let text =
        std::fs::read_to_string(path).unwrap() + "请秘书长向理事会第二十一届会议提交报告。\n";
    let parsed = hrsearch::parse::parse_document(&text).unwrap();
    assert!(parsed.coverage.is_complete(), "{:?}", parsed.coverage);
    let last = parsed.resolution.paragraphs.last().unwrap();
    assert_eq!(last.text, "请秘书长向理事会第二十一届会议提交报告。");
    assert_eq!(parsed.resolution.title.as_deref(), Some("受教育权"));
}

/// Every fixture's units hold every character of its text but furniture.
#[test]
fn every_fixture_is_covered_completely() {
    let mut paths = vec![manifest_path(SAMPLE)];
    for entry in std::fs::read_dir(manifest_path("tests/data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            paths.push(path);
        }
    }
    for path in paths {
        let (text, _) = decode(&std::fs::read(&path).unwrap()).unwrap();
        let parsed = hrsearch::parse::parse_document(&text).unwrap();
        assert!(
            parsed.coverage.is_complete(),
            "{}: {:?}",
            path.display(),
            parsed.coverage.unplaced
        );
    }
}

#[test]
fn a_closing_date_before_the_meeting_is_the_adoption_date() {
    let text = "2023年届会\n议程项目15\n区域合作\n2023年7月25日经济及社会理事会决定\n\
                经济及社会理事会，\n注意到委员会的报告，\n决定核可该报告。\n2023年7月25日\n第43次全体会议\n";
    let r = parse_resolution(text).unwrap();
    let closing: Vec<(&str, &str)> = r
        .paragraphs
        .iter()
        .filter(|p| p.kind == hrsearch::UnitKind::Closing)
        .map(|p| (p.label.as_str(), p.text.as_str()))
        .collect();
    assert_eq!(
        closing,
        [("CL1", "2023年7月25日"), ("CL2", "第43次全体会议")]
    );
    assert_eq!(
        (r.kind, r.adoption_date.as_deref(), r.meeting),
        (Some(DocumentKind::Decision), Some("2023-07-25"), Some(43))
    );
    assert_eq!(text_labels(&r), ["PP1", "OP1"]);
}

/// Regression: a report's title was taken from a heading (`概要`) or from
/// the first short line of its masthead.
#[test]
fn a_report_title_is_the_line_before_its_text_and_never_a_heading() {
    let text = "高级别部分\n2023年中期世界经济形势与展望*\n摘要\n\
                世界经济正面临严重的阻力，增长前景疲弱。\n一.\n全球宏观经济趋势\n\
                预计2023年全球通胀将从2022年的7.5%降至5.2%。\n";
    let parsed = hrsearch::parse::parse_document(text).unwrap();
    let r = &parsed.resolution;
    assert_eq!(r.title.as_deref(), Some("2023年中期世界经济形势与展望"));
    let units: Vec<(&str, &str)> = r
        .paragraphs
        .iter()
        .map(|p| (p.label.as_str(), p.kind.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("H1", "header"),
            ("TITLE", "title"),
            ("HD1", "heading"),
            ("T1", "text"),
            ("HD2", "heading"),
            ("T2", "text")
        ]
    );
    assert!(parsed.coverage.is_complete());
}
