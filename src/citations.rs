//! Citation extraction: which resolutions and decisions a paragraph cites
//! (`大会第 60/251 号决议`, `第 5/1 号和第 5/2 号决议`), with the organ the
//! text names for each.
//!
//! The text is read normalised as indexed text is ([`crate::analysis`]):
//! every character in NFKC form (full-width digits, slashes and
//! parentheses, `Ⅲ`), whitespace dropped (spaces between Chinese and digits
//! are typographic), Traditional characters (`號`, `決議`, `權`, `會`, …)
//! folded to Simplified.
//!
//! # What is a citation
//!
//! A citation is a number framed by `第 … 号` and followed by `决议`
//! (resolution) or `决定` (decision). The frame is what tells a resolution
//! number from the other numbers of the texts: sessions (`第二十二届会议`),
//! meetings (`第 37 次会议`), dates (`2011 年 9 月 29 日`), document symbols
//! (`A/HRC/21/L.28`), agenda items (`议程项目 10`) and paragraph references
//! (`第 18/18 号决议第 3 和第 4 段`) are never taken. Numbers cited as
//! something else (`第 5/2 号主席声明`, `第 1997/2 号商定结论`) are not
//! taken either.
//!
//! Numbers are recognised in these forms, and normalised:
//!
//! | written | number |
//! | --- | --- |
//! | `第 18/18 号决议`, `第１８／１８号决议` | `18/18` |
//! | `第 1993/87 号决议` | `1993/87` |
//! | `第 S-17/1 号决议`, `第 ES-10/1 号决议` | `S-17/1`, `ES-10/1` |
//! | `第 OM/1/1 号决定` | `OM/1/1` |
//! | `第 1235 (XLII) 号决议` (ECOSOC, roman session) | `1235 (XLII)` |
//! | `第 217 A (III) 号决议` (old GA style, lettered) | `217 A (III)` |
//! | `第 1325 (2000) 号决议` (Security Council, year) | `1325 (2000)` |
//!
//! A bare integer (`第 3 号决议`) is not taken: no resolution of these organs
//! is numbered so, and paragraph or meeting numbers are.
//!
//! Lists share the closing `号决议`: `第 5/1 号和第 5/2 号决议`,
//! `第 5/1 号、第 6/30 号和第 16/21 号决议`, `第5/1和5/2号决议`, with dates
//! between the items (`第 62/149 号、2008 年 12 月 18 日第 63/168 号…决议`).
//! A range of one session is spelled out: `第 5/1 号至第 5/4 号决议` gives
//! 5/1, 5/2, 5/3 and 5/4; a range over sessions, or over 100 numbers, gives
//! its two ends.
//!
//! # Which organ
//!
//! [`Citation::organ`] is the organ the text names for the citation:
//!
//! - the organ written just before it, possibly with a date before or after
//!   the name: `大会第 60/251 号决议`, `人权理事会 2011 年 9 月 29 日第 18/18
//!   号决议`, `1986 年 12 月 4 日大会第 41/128 号决议`;
//! - for every item of a list, the organ named before the list:
//!   `大会第 60/251 号和第 65/281 号决议` gives both to the GA;
//! - for a citation joined to the one before it only by `和`, `及`, `以及`,
//!   `与`, `或`, `、` or a comma (and a date), the organ of that one, unless
//!   it names its own: in `大会第 60/251 号决议和第 65/281 号决议` both are the GA's,
//!   in `大会第 60/251 号决议和理事会第 5/1 号决议` the second is not;
//! - for a citation that singles out one of a set of resolutions just named
//!   with their organ, that organ: `人权委员会各项决议，尤其是 … 第 1993/87
//!   号决议` gives the Commission on Human Rights. The clause before the
//!   introducer (`尤其是`, `特别是`, `包括`, `其中包括`, `例如`) must end in
//!   `决议` or `决定` and name exactly one organ. The text does name the organ
//!   for these resolutions, in the same sentence, so this counts as naming it.
//!
//! `理事会` or `委员会` alone (the document's own organ, referred to again),
//! and organs outside [`Organ`] (`安全理事会`), give `None`; so does a
//! citation with no organ before it (`按照第 5/1 号决议`). A mention without
//! organ is not a different citation from a mention of the same number with
//! one: when a paragraph cites a number both ways, it is listed once, with
//! the organ.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::resolution::Organ;
pub use crate::resolution::{Citation, CitationKind};

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid pattern"));
    };
}

/// A date before a citation: `2011年9月29日`, `2011年9月`, `2011年`.
macro_rules! date {
    () => {
        r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    };
}

/// An organ's name; the longest first where one contains another.
macro_rules! organ {
    () => {
        r"经济及社会理事会|经社理事会|人权理事会|人权委员会|安全理事会|安理会|大会|理事会|委员会"
    };
}

/// One cited number (see the module documentation for the forms).
macro_rules! number {
    () => {
        r"(?:E?S[-‐‑‒–]\d{1,3}/\d{1,4}|OM/\d{1,3}/\d{1,4}|\d{1,4}/\d{1,4}|\d{1,4}[A-H]?\((?:(?i:[IVXLC]{1,8})|\d{4})\))"
    };
}

/// What joins two citations.
macro_rules! separator {
    () => {
        r"(?:以及|和|及|与|或|、|,|，)"
    };
}

/// What joins the items of a list: a separator, or `至` for a range.
macro_rules! list_separator {
    () => {
        r"(?:以及|和|及|与|或|至|、|,|，)"
    };
}

// Everything below reads the normalised text (NFKC, no whitespace).
pattern!(
    GROUP,
    concat!(
        r"(?:",
        date!(),
        r")?(?:(?P<organ>",
        organ!(),
        r")的?)?(?:",
        date!(),
        r")?第(?P<items>",
        number!(),
        r"(?:号?",
        list_separator!(),
        r"(?:",
        date!(),
        r")?第?",
        number!(),
        r")*)号(?P<kind>决议|决定)"
    )
);
pattern!(NUMBER, number!());
pattern!(WHOLE_NUMBER, concat!("^", number!(), "$"));
pattern!(
    NUMBER_PARTS,
    r"^(?P<n>\d{1,4})(?P<letter>[A-H])?\((?P<session>[^)]+)\)$"
);
pattern!(ORGAN, organ!());
pattern!(JOIN, concat!("^", separator!(), "$"));
// `人权委员会各项决议，尤其是`: the set named, then the introducer of the
// one singled out. Matched against the text before a citation.
pattern!(
    SINGLED_OUT,
    r"(?:决议|决定)[,，:：]?(?:尤其是|特别是|其中包括|包括|例如|尤其|特别)$"
);
pattern!(CLAUSE_START, r"[,，;；。:：]");

/// Whether `number` (normalised, upper case: `18/18`, `S-17/1`,
/// `1235(XLII)`) has the form of a number a citation can cite.
pub fn is_number(number: &str) -> bool {
    WHOLE_NUMBER.is_match(number)
}

/// The citations of `text` (a paragraph, or any text), in the order of
/// their first appearance, without duplicates.
///
/// See the [module documentation](self) for the forms recognised and how
/// the organ is chosen.
pub fn extract_citations(text: &str) -> Vec<Citation> {
    let plain = normalize(text);
    let mut found: Vec<Citation> = Vec::new();
    // The end of the previous citation and the organ it named.
    let mut previous: Option<(usize, Named)> = None;
    for caps in GROUP.captures_iter(&plain) {
        let whole = caps.get(0).expect("group 0");
        let named = match caps.name("organ") {
            Some(name) => Named::Yes(organ_of(name.as_str())),
            None => match previous {
                Some((end, named @ Named::Yes(_))) if JOIN.is_match(&plain[end..whole.start()]) => {
                    named
                }
                _ => singled_out_of(&plain[..whole.start()]),
            },
        };
        let kind = match &caps["kind"] {
            "决定" => CitationKind::Decision,
            _ => CitationKind::Resolution,
        };
        for number in numbers(&caps) {
            add(&mut found, Citation::new(number, kind, named.organ()));
        }
        previous = Some((whole.end(), named));
    }
    found
}

// English texts write the same citations as `General Assembly resolution
// 70/1`, `its resolutions 2004/52 of 23 July 2004, 2005/46 of 27 July 2005
// and 2006/10`, `resolutions 5/1 to 5/4`, `resolution 2200 A (XXI)`; read in
// NFKC form with their spaces.
macro_rules! english_number {
    () => {
        r"(?:E?S-\d{1,3}/\d{1,4}|OM/\d{1,3}/\d{1,4}|\d{1,4}/\d{1,4}|\d{1,4}\s?(?:[A-H]\s)?\((?:[IVXLC]{1,8}|\d{4})\))"
    };
}
pattern!(
    ENGLISH_GROUP,
    concat!(
        r"(?:(?P<organ>General Assembly|Economic and Social Council|Human Rights Council|Commission on Human Rights|Security Council)\s+)?",
        r"(?:its\s+)?(?P<kind>[Rr]esolutions?|[Dd]ecisions?)\s+(?P<items>",
        english_number!(),
        r"(?:(?:\s+[A-Z](?:\s+and\s+[A-Z])?\b)?(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+)",
        english_number!(),
        r")*)"
    )
);
pattern!(ENGLISH_NUMBER, english_number!());

/// The citations of an English text, as [`extract_citations`] gives them
/// of a Chinese one: `resolution 18/18`, `General Assembly resolutions
/// 70/1 and 69/313`, `decision 2021/254`.
pub fn extract_english_citations(text: &str) -> Vec<Citation> {
    let plain = crate::parse::lines::nfkc(text);
    let mut found: Vec<Citation> = Vec::new();
    for caps in ENGLISH_GROUP.captures_iter(&plain) {
        let organ = caps.name("organ").and_then(|name| {
            Organ::ALL
                .into_iter()
                .find(|organ| organ.english_name() == name.as_str())
        });
        let kind = if caps["kind"].to_ascii_lowercase().starts_with("decision") {
            CitationKind::Decision
        } else {
            CitationKind::Resolution
        };
        let items = &caps["items"];
        let mut numbers: Vec<String> = Vec::new();
        let mut previous_end = 0;
        for m in ENGLISH_NUMBER.find_iter(items) {
            let compact: String = m.as_str().split_whitespace().collect();
            let number = normalize_number(&compact.to_ascii_uppercase());
            if items[previous_end..m.start()].contains(" to ") {
                if let Some(last) = numbers.last() {
                    numbers.extend(between(last, &number));
                }
            }
            numbers.push(number);
            previous_end = m.end();
        }
        for number in numbers {
            add(&mut found, Citation::new(number, kind, organ));
        }
    }
    found
}

/// Whether the text named an organ for a citation, and which.
#[derive(Debug, Clone, Copy)]
enum Named {
    /// No organ named.
    No,
    /// An organ named: one of [`Organ`], or `None` for `理事会` alone, or an
    /// organ outside [`Organ`].
    Yes(Option<Organ>),
}

impl Named {
    fn organ(self) -> Option<Organ> {
        match self {
            Named::No => None,
            Named::Yes(organ) => organ,
        }
    }
}

/// The organ of a name matched by `ORGAN`.
fn organ_of(name: &str) -> Option<Organ> {
    match name {
        "经社理事会" => Some(Organ::EconomicAndSocialCouncil),
        _ => Organ::ALL
            .into_iter()
            .find(|organ| organ.chinese_name() == name),
    }
}

/// The organ of the set a citation is singled out of (`人权委员会各项决议，
/// 尤其是` before it), when the clause naming the set names exactly one.
fn singled_out_of(before: &str) -> Named {
    let Some(intro) = SINGLED_OUT.find(before) else {
        return Named::No;
    };
    let set = &before[..intro.start()];
    let clause = match CLAUSE_START.find_iter(set).last() {
        Some(boundary) => &set[boundary.end()..],
        None => set,
    };
    let mut names: Vec<&str> = ORGAN.find_iter(clause).map(|m| m.as_str()).collect();
    names.dedup();
    match names[..] {
        [name] => Named::Yes(organ_of(name)),
        _ => Named::No,
    }
}

/// The normalised numbers of one group's items, ranges expanded.
fn numbers(caps: &Captures<'_>) -> Vec<String> {
    let items = caps.name("items").map_or("", |m| m.as_str());
    let mut numbers: Vec<String> = Vec::new();
    let mut previous_end = 0;
    for m in NUMBER.find_iter(items) {
        let number = normalize_number(m.as_str());
        if items[previous_end..m.start()].contains('至') {
            if let Some(last) = numbers.last() {
                numbers.extend(between(last, &number));
            }
        }
        numbers.push(number);
        previous_end = m.end();
    }
    numbers
}

/// The numbers strictly between the two ends of a range of one session
/// (`5/1` to `5/4`: `5/2`, `5/3`); none if the ends are of different
/// sessions or forms, in the wrong order, or over 100 apart (a typo, not a
/// range to spell out).
fn between(from: &str, to: &str) -> Vec<String> {
    let split = |number: &str| {
        let (session, n) = number.rsplit_once('/')?;
        Some((session.to_string(), n.parse::<u32>().ok()?))
    };
    match (split(from), split(to)) {
        (Some((session, first)), Some((to_session, last)))
            if session == to_session && first < last && last - first <= 100 =>
        {
            (first + 1..last)
                .map(|n| format!("{session}/{n}"))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// `S‐17/1` → `S-17/1`, `1235(XLII)` → `1235 (XLII)`, `217A(iii)` →
/// `217 A (III)`.
fn normalize_number(raw: &str) -> String {
    if let Some(parts) = NUMBER_PARTS.captures(raw) {
        let mut number = parts["n"].to_string();
        if let Some(letter) = parts.name("letter") {
            number.push(' ');
            number.push_str(letter.as_str());
        }
        number.push_str(" (");
        number.push_str(&parts["session"].to_ascii_uppercase());
        number.push(')');
        return number;
    }
    raw.chars()
        .map(|c| {
            if matches!(c, '‐' | '‑' | '‒' | '–') {
                '-'
            } else {
                c
            }
        })
        .collect()
}

/// Adds a citation unless it is already there. A mention without organ and
/// one with an organ of the same number and kind are the same citation:
/// the first keeps its place and takes the organ.
fn add(found: &mut Vec<Citation>, citation: Citation) {
    let same = |c: &&mut Citation| c.number == citation.number && c.kind == citation.kind;
    match citation.organ {
        None => {
            if found.iter_mut().any(|c| same(&c)) {
                return;
            }
        }
        Some(_) => {
            if found
                .iter_mut()
                .any(|c| same(&c) && c.organ == citation.organ)
            {
                return;
            }
            if let Some(unnamed) = found.iter_mut().find(|c| same(c) && c.organ.is_none()) {
                unnamed.organ = citation.organ;
                return;
            }
        }
    }
    found.push(citation);
}

/// The text as the patterns read it: normalised as indexed text is (NFKC
/// per character, whitespace dropped, Traditional characters folded to
/// Simplified; see [`crate::analysis::normalize`]), zero-width spaces and
/// byte order marks dropped, and Latin letters in upper case again (the
/// patterns read `S-17/1`, `217 A (III)`).
fn normalize(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}'))
        .collect();
    crate::analysis::normalize(&visible).to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(number: &str, organ: Option<Organ>) -> Citation {
        Citation::new(number, CitationKind::Resolution, organ)
    }

    fn dec(number: &str, organ: Option<Organ>) -> Citation {
        Citation::new(number, CitationKind::Decision, organ)
    }

    const GA: Option<Organ> = Some(Organ::GeneralAssembly);
    const HRC: Option<Organ> = Some(Organ::HumanRightsCouncil);
    const CHR: Option<Organ> = Some(Organ::CommissionOnHumanRights);
    const ECOSOC: Option<Organ> = Some(Organ::EconomicAndSocialCouncil);

    #[test]
    fn single_resolution_whatever_the_spaces() {
        for text in [
            "第 18/18 号决议",
            "第18/18号决议",
            "第  18 / 18  号 决议",
            "第\u{3000}１８／１８\u{3000}号决议",
            "第 18/18 号\n决议",
        ] {
            assert_eq!(extract_citations(text), vec![res("18/18", None)], "{text}");
        }
    }

    #[test]
    fn lists_share_the_closing_word() {
        assert_eq!(
            extract_citations("第 5/1 号和第 5/2 号决议"),
            vec![res("5/1", None), res("5/2", None)]
        );
        assert_eq!(
            extract_citations("第 5/1 号、第 6/30 号和第 16/21 号决议"),
            vec![res("5/1", None), res("6/30", None), res("16/21", None)]
        );
        assert_eq!(
            extract_citations("第5/1和5/2号决议"),
            vec![res("5/1", None), res("5/2", None)]
        );
        assert_eq!(
            extract_citations("第 5/1 号及第 5/2 号决议"),
            vec![res("5/1", None), res("5/2", None)]
        );
    }

    #[test]
    fn ranges_are_spelled_out_within_a_session() {
        assert_eq!(
            extract_citations("第 5/1 号至第 5/4 号决议"),
            vec![
                res("5/1", None),
                res("5/2", None),
                res("5/3", None),
                res("5/4", None)
            ]
        );
        assert_eq!(
            extract_citations("第 2004/81 号至第 2005/74 号决议"),
            vec![res("2004/81", None), res("2005/74", None)]
        );
        assert_eq!(
            extract_citations("第 5/1 号至第 5/900 号决议"),
            vec![res("5/1", None), res("5/900", None)]
        );
    }

    #[test]
    fn dates_are_not_numbers() {
        assert_eq!(
            extract_citations("1993 年 3 月 10 日第 1993/87 号决议"),
            vec![res("1993/87", None)]
        );
        assert_eq!(
            extract_citations("2004 年 4 月 21 日第 2004/81 号决议"),
            vec![res("2004/81", None)]
        );
        assert_eq!(
            extract_citations(
                "回顾大会 2007 年 12 月 18 日第 62/149 号、2008 年 12 月 18 日第 63/168 号\
                 和 2010 年 12 月 21 日第 65/206 号决议，"
            ),
            vec![res("62/149", GA), res("63/168", GA), res("65/206", GA)]
        );
        assert_eq!(extract_citations("2011 年 9 月 29 日"), vec![]);
    }

    #[test]
    fn organ_named_before() {
        assert_eq!(
            extract_citations("大会第60/251号决议"),
            vec![res("60/251", GA)]
        );
        assert_eq!(
            extract_citations("人权理事会第 18/18 号决议"),
            vec![res("18/18", HRC)]
        );
        assert_eq!(
            extract_citations("人权委员会第 2005/74 号决议"),
            vec![res("2005/74", CHR)]
        );
        assert_eq!(
            extract_citations("经济及社会理事会第 1235 (XLII) 号决议"),
            vec![res("1235 (XLII)", ECOSOC)]
        );
        assert_eq!(
            extract_citations("经社理事会第 1503 (XLVIII) 号决议"),
            vec![res("1503 (XLVIII)", ECOSOC)]
        );
        assert_eq!(
            extract_citations("又重申为人权理事会 2011 年 9 月 29 日第 18/18 号决议，"),
            vec![res("18/18", HRC)]
        );
        assert_eq!(
            extract_citations("回顾 1986 年 12 月 4 日大会第 41/128 号决议所载的"),
            vec![res("41/128", GA)]
        );
        assert_eq!(
            extract_citations("联合国大会第 60/251 号决议"),
            vec![res("60/251", GA)]
        );
    }

    #[test]
    fn the_documents_own_organ_and_other_organs_are_none() {
        assert_eq!(
            extract_citations("理事会第 18/18 号决议"),
            vec![res("18/18", None)]
        );
        assert_eq!(
            extract_citations("委员会第 2005/74 号决议"),
            vec![res("2005/74", None)]
        );
        assert_eq!(
            extract_citations("安全理事会第 1325 (2000) 号决议"),
            vec![res("1325 (2000)", None)]
        );
    }

    #[test]
    fn organ_before_a_list_names_every_item() {
        assert_eq!(
            extract_citations("大会第 60/251 号和第 65/281 号决议"),
            vec![res("60/251", GA), res("65/281", GA)]
        );
        assert_eq!(
            extract_citations("大会第 60/251 号决议和第 65/281 号决议"),
            vec![res("60/251", GA), res("65/281", GA)]
        );
        assert_eq!(
            extract_citations(
                "人权理事会 2010 年 9 月 30 日第15/9 号和 2015 年 10 月 1 日第 30/4 号决议"
            ),
            vec![res("15/9", HRC), res("30/4", HRC)]
        );
    }

    #[test]
    fn an_organ_named_again_is_not_inherited() {
        assert_eq!(
            extract_citations("大会第 60/251 号决议和理事会第 5/1 号决议"),
            vec![res("60/251", GA), res("5/1", None)]
        );
        assert_eq!(
            extract_citations("大会第 60/251 号决议、人权理事会第 5/1 号决议"),
            vec![res("60/251", GA), res("5/1", HRC)]
        );
        // Not joined by a bare connector: no inheritance.
        assert_eq!(
            extract_citations("大会第 60/251 号决议所附的宣言以及第 5/1 号决议"),
            vec![res("60/251", GA), res("5/1", None)]
        );
    }

    #[test]
    fn singled_out_of_a_set_named_with_its_organ() {
        assert_eq!(
            extract_citations(
                "重申为人权领域的咨询服务和技术合作奠定基础的人权委员会各项决议，\
                 尤其是 1993 年 3 月 10 日第 1993/87 号决议和 2004 年 4 月 21 日第 2004/81 号决议，"
            ),
            vec![res("1993/87", CHR), res("2004/81", CHR)]
        );
        assert_eq!(
            extract_citations("重申人权理事会以往关于受教育权的所有决议，特别是 2011 年 6 月 17 日第 17/3 号决议，"),
            vec![res("17/3", HRC)]
        );
        // The document's own organ: none.
        assert_eq!(
            extract_citations(
                "理事会关于这一问题的所有相关决议，包括 2022 年 7 月 22 日第 2022/18 号决议，"
            ),
            vec![res("2022/18", None)]
        );
        // Two organs in the clause: ambiguous, none.
        assert_eq!(
            extract_citations("大会和人权理事会的所有相关决议，尤其是第 65/281 号决议"),
            vec![res("65/281", None)]
        );
        // The organ belongs to an earlier clause: none.
        assert_eq!(
            extract_citations("注意到人权理事会的工作，回顾所有相关决议，尤其是第 65/281 号决议"),
            vec![res("65/281", None)]
        );
        // The set is not of resolutions: none.
        assert_eq!(
            extract_citations("欢迎大会的工作，尤其是第 65/281 号决议"),
            vec![res("65/281", None)]
        );
    }

    #[test]
    fn decisions() {
        assert_eq!(
            extract_citations("第 6/102 号决定"),
            vec![dec("6/102", None)]
        );
        assert_eq!(
            extract_citations("第 22/117 号决定"),
            vec![dec("22/117", None)]
        );
        assert_eq!(
            extract_citations("人权理事会第 OM/1/1 号决定"),
            vec![dec("OM/1/1", HRC)]
        );
        assert_eq!(
            extract_citations("第 5/1 号决议和第 6/102 号决定"),
            vec![res("5/1", None), dec("6/102", None)]
        );
        // The same number as a resolution and as a decision: two citations.
        assert_eq!(
            extract_citations("第 6/102 号决议和第 6/102 号决定"),
            vec![res("6/102", None), dec("6/102", None)]
        );
    }

    #[test]
    fn old_styles_with_roman_sessions() {
        assert_eq!(
            extract_citations("大会第 217 A (III) 号决议"),
            vec![res("217 A (III)", GA)]
        );
        assert_eq!(
            extract_citations("大会第２１７Ａ（Ⅲ）号决议"),
            vec![res("217 A (III)", GA)]
        );
        assert_eq!(
            extract_citations("大会第 2200 A (XXI) 号决议"),
            vec![res("2200 A (XXI)", GA)]
        );
        assert_eq!(
            extract_citations(
                "经济及社会理事会 1967 年 6 月 6 日第 1235 (XLII) 号和第 1503 (XLVIII) 号决议"
            ),
            vec![res("1235 (XLII)", ECOSOC), res("1503 (XLVIII)", ECOSOC)]
        );
    }

    #[test]
    fn special_sessions() {
        assert_eq!(
            extract_citations("第 S-17/1 号决议"),
            vec![res("S-17/1", None)]
        );
        assert_eq!(
            extract_citations("人权理事会第 S‑17/1 号决议"),
            vec![res("S-17/1", HRC)]
        );
        assert_eq!(
            extract_citations("大会第 ES-10/1 号决议"),
            vec![res("ES-10/1", GA)]
        );
    }

    #[test]
    fn paragraph_references_are_not_citations() {
        assert_eq!(
            extract_citations("决定根据人权理事会第 18/18 号决议第 3 和第 4 段，"),
            vec![res("18/18", HRC)]
        );
        assert_eq!(
            extract_citations("根据理事会第 18/18 号决议第 7 和第 8 段提供的"),
            vec![res("18/18", None)]
        );
        assert_eq!(
            extract_citations("第 18/18 号决议第 3 段和第 5/1 号决议"),
            vec![res("18/18", None), res("5/1", None)]
        );
    }

    #[test]
    fn other_numbers_are_not_citations() {
        for text in [
            "第二十二届会议",
            "理事会第二十二届会议期间",
            "第 37 次会议",
            "2011 年 9 月 29 日",
            "A/HRC/21/L.28",
            "对决议草案 A/HRC/21/L.10 的修正案",
            "议程项目 10",
            "在议程项目 10 下举行的讨论",
            "第 3 号决议",
            "第 3 和第 4 段",
            "执行部分第 3 段",
            "理事会 2007 年 9 月 27 日第 5/2 号主席声明",
            "第 1997/2 号商定结论",
            "第 21/... 号决议",
        ] {
            assert_eq!(extract_citations(text), vec![], "{text}");
        }
    }

    #[test]
    fn presidential_statement_in_a_list_of_citations() {
        assert_eq!(
            extract_citations(
                "按照大会 2006 年 3 月 15 日第 60/251 号决议、人权理事会 2007 年 6 月 18 日\
                 第 5/1 号决议和理事会 2007 年 9 月 27 日第 5/2 号主席声明，"
            ),
            vec![res("60/251", GA), res("5/1", HRC)]
        );
    }

    #[test]
    fn duplicates_are_listed_once_with_the_organ() {
        assert_eq!(
            extract_citations("人权理事会第 18/18 号决议……理事会第 18/18 号决议"),
            vec![res("18/18", HRC)]
        );
        assert_eq!(
            extract_citations("第 18/18 号决议……人权理事会第 18/18 号决议……第 5/1 号决议"),
            vec![res("18/18", HRC), res("5/1", None)]
        );
        assert_eq!(
            extract_citations("第 5/1 号决议和第 5/1 号决议"),
            vec![res("5/1", None)]
        );
        // Two organs' resolutions of the same number are two citations.
        assert_eq!(
            extract_citations("大会第 50/1 号决议和人权理事会第 50/1 号决议"),
            vec![res("50/1", GA), res("50/1", HRC)]
        );
    }

    #[test]
    fn traditional_characters() {
        assert_eq!(
            extract_citations("人權理事會第 16/21 號決議和大會第 60/251 號決定"),
            vec![res("16/21", HRC), dec("60/251", GA)]
        );
    }

    #[test]
    fn order_and_serde() {
        let citation = res("60/251", GA);
        assert_eq!(
            serde_json::to_string(&citation).unwrap(),
            r#"{"number":"60/251","kind":"resolution","organ":"大会"}"#
        );
        assert_eq!(
            serde_json::from_str::<Citation>(
                r#"{"number":"6/102","kind":"decision","organ":null}"#
            )
            .unwrap(),
            dec("6/102", None)
        );
        assert_eq!(CitationKind::Decision.as_str(), "decision");
        let mut all = vec![
            res("5/1", GA),
            dec("5/1", None),
            res("5/1", None),
            res("16/21", HRC),
        ];
        all.sort();
        assert_eq!(
            all,
            vec![
                res("16/21", HRC),
                res("5/1", None),
                res("5/1", GA),
                dec("5/1", None)
            ]
        );
    }
}
