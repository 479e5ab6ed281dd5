//! Alignment: which English unit of a document's English text is the
//! counterpart of each Chinese unit. Knows nothing of files or the index.
//!
//! The two texts are parsed on their own, so their units may differ: an
//! extraction drops a paragraph in one language and not in the other,
//! moves the footnotes, or loses the markers of sub-items. The alignment
//! is therefore not by position alone. Each pair of units gets a score
//! from what does not depend on the language: the kind of unit and its
//! label, the numbers the two texts hold (resolution numbers, symbols,
//! dates, with English month names read as numbers), and how their
//! lengths compare (an English text runs to about three and a half times
//! the characters of its Chinese). The pairs kept are the order-preserving
//! set with the highest total score in which every pair scores well
//! enough: a unit whose best partner is not good enough has no
//! counterpart, which is better than the English of another text.

use std::collections::HashMap;

use crate::parse::header::MONTHS;
use crate::resolution::{Paragraph, UnitKind};

/// English characters for one Chinese character, in a typical unit.
const LENGTH_RATIO: f64 = 3.5;

/// The lowest score of a pair that is kept.
const THRESHOLD: f64 = 1.5;

/// How two texts' units were aligned.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Alignment {
    /// For each Chinese unit, the index of its English counterpart.
    pub pairs: Vec<Option<usize>>,
    /// English units that are no Chinese unit's counterpart, in order.
    pub unpaired_english: Vec<usize>,
}

impl Alignment {
    /// Chinese units with an English counterpart.
    pub fn aligned(&self) -> usize {
        self.pairs.iter().filter(|pair| pair.is_some()).count()
    }

    /// Chinese units without one.
    pub fn unaligned(&self) -> usize {
        self.pairs.len() - self.aligned()
    }
}

/// Aligns the English units to the Chinese ones.
///
/// Titles pair by label (`TITLE`, `DR-TITLE`), wherever each text puts
/// them; footnotes align among footnotes (one extraction puts them first,
/// the other after the trailer); every other unit aligns in order.
pub fn align(chinese: &[Paragraph], english: &[Paragraph]) -> Alignment {
    let mut pairs = vec![None; chinese.len()];
    for (i, unit) in chinese.iter().enumerate() {
        if unit.kind == UnitKind::Title {
            pairs[i] = english.iter().position(|en| en.label == unit.label);
        }
    }
    for footnotes in [true, false] {
        let group = |units: &[Paragraph]| -> Vec<usize> {
            (0..units.len())
                .filter(|&i| units[i].kind != UnitKind::Title)
                .filter(|&i| (units[i].kind == UnitKind::Footnote) == footnotes)
                .collect()
        };
        let (zh, en) = (group(chinese), group(english));
        let zh_units: Vec<&Paragraph> = zh.iter().map(|&i| &chinese[i]).collect();
        let en_units: Vec<&Paragraph> = en.iter().map(|&j| &english[j]).collect();
        for (k, pair) in align_in_order(&zh_units, &en_units).into_iter().enumerate() {
            pairs[zh[k]] = pair.map(|l| en[l]);
        }
    }
    let mut taken = vec![false; english.len()];
    for j in pairs.iter().flatten() {
        taken[*j] = true;
    }
    let unpaired_english = (0..english.len()).filter(|&j| !taken[j]).collect();
    Alignment {
        pairs,
        unpaired_english,
    }
}

/// The most cells the table of [`align_run`] may have (about 36 MB): a
/// longer text is aligned a stretch at a time.
const MAX_CELLS: usize = 4_000_000;

/// The best order-preserving pairing of two runs of units. Runs too long
/// for one table are cut into stretches at the same proportion of each,
/// each aligned on its own: units that far apart are never compared
/// anyway (see the band of [`align_run`]).
fn align_in_order(chinese: &[&Paragraph], english: &[&Paragraph]) -> Vec<Option<usize>> {
    let (n, m) = (chinese.len(), english.len());
    if n.saturating_mul(m) <= MAX_CELLS {
        return align_run(chinese, english);
    }
    let side = (MAX_CELLS as f64).sqrt() as usize;
    let stretches = n.max(m).div_ceil(side);
    let mut pairs = Vec::with_capacity(n);
    for k in 0..stretches {
        let (zh_from, zh_to) = (k * n / stretches, (k + 1) * n / stretches);
        let (en_from, en_to) = (k * m / stretches, (k + 1) * m / stretches);
        let found = align_run(&chinese[zh_from..zh_to], &english[en_from..en_to]);
        pairs.extend(found.into_iter().map(|pair| pair.map(|j| j + en_from)));
    }
    pairs
}

/// The best order-preserving pairing of two runs of units short enough
/// for one table.
fn align_run(chinese: &[&Paragraph], english: &[&Paragraph]) -> Vec<Option<usize>> {
    let zh: Vec<Features> = chinese.iter().map(|p| Features::of(p, false)).collect();
    let en: Vec<Features> = english.iter().map(|p| Features::of(p, true)).collect();
    let (n, m) = (zh.len(), en.len());
    // best[i][j]: the best total over the first i Chinese and j English
    // units; the move that reached it, for the way back.
    let mut best = vec![0.0f64; (n + 1) * (m + 1)];
    let mut step = vec![Step::Skip; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    // Units far from the diagonal are not compared: a band wide enough
    // for whole sections missing on one side.
    let band = 60.max(n.max(m) / 5);
    for i in 1..=n {
        for j in 1..=m {
            let mut value = best[at(i - 1, j)];
            let mut how = Step::SkipChinese;
            if best[at(i, j - 1)] > value {
                value = best[at(i, j - 1)];
                how = Step::SkipEnglish;
            }
            let diagonal = (i * m.max(1)).abs_diff(j * n.max(1)) / n.max(m).max(1);
            if diagonal <= band {
                // Units far apart in their texts are unlikely partners.
                let apart =
                    ((i - 1) as f64 / n.max(1) as f64 - (j - 1) as f64 / m.max(1) as f64).abs();
                let gain = score(&zh[i - 1], &en[j - 1]) - 4.0 * apart - THRESHOLD;
                if gain > 0.0 && best[at(i - 1, j - 1)] + gain > value {
                    value = best[at(i - 1, j - 1)] + gain;
                    how = Step::Pair;
                }
            }
            best[at(i, j)] = value;
            step[at(i, j)] = how;
        }
    }
    let mut pairs = vec![None; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        match step[at(i, j)] {
            Step::Pair => {
                pairs[i - 1] = Some(j - 1);
                i -= 1;
                j -= 1;
            }
            Step::SkipEnglish => j -= 1,
            Step::SkipChinese | Step::Skip => i -= 1,
        }
    }
    // A pair that shares no number with its partner is kept only beside
    // another pair (the next units on both sides, or the ones before) and
    // only if both are of one kind: a lone pair of texts that share
    // nothing is more often two different texts of similar length than a
    // translation.
    let supported: Vec<bool> = (0..n)
        .map(|i| pairs[i].is_some_and(|j| shares_anchor(&zh[i], &en[j])))
        .collect();
    let paired = pairs.clone();
    for i in 0..n {
        let Some(j) = paired[i] else { continue };
        let before = i > 0 && j > 0 && paired[i - 1] == Some(j - 1);
        let after = paired.get(i + 1).copied().flatten() == Some(j + 1);
        // Units of different kinds (an OP that reads as a PP in the other
        // language) must share a number.
        let same_kind = zh[i].kind == en[j].kind;
        if !supported[i] && !(same_kind && (before || after)) {
            pairs[i] = None;
        }
    }
    pairs
}

/// Whether two units hold a number in common.
fn shares_anchor(zh: &Features, en: &Features) -> bool {
    zh.anchors
        .keys()
        .any(|anchor| en.anchors.contains_key(anchor))
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Skip,
    SkipChinese,
    SkipEnglish,
    Pair,
}

/// What the score compares of a unit.
struct Features {
    kind: UnitKind,
    label: String,
    chars: usize,
    anchors: HashMap<String, u32>,
}

impl Features {
    fn of(unit: &Paragraph, english: bool) -> Features {
        let text = &unit.text;
        Features {
            kind: unit.kind,
            label: unit.label.clone(),
            chars: text.chars().filter(|c| !c.is_whitespace()).count(),
            anchors: anchors(text, english),
        }
    }
}

/// The score of pairing a Chinese unit with an English one.
fn score(zh: &Features, en: &Features) -> f64 {
    let kinds = if zh.kind == en.kind {
        2.0
    } else if zh.kind.is_body() && en.kind.is_body() {
        // An extraction that lost the operative verbs makes OPs read as
        // PPs in one language.
        0.5
    } else if matches!(
        (zh.kind, en.kind),
        (UnitKind::Header, UnitKind::Title) | (UnitKind::Title, UnitKind::Header)
    ) {
        0.0
    } else {
        return f64::NEG_INFINITY;
    };
    let label = if zh.label == en.label { 1.0 } else { 0.0 };
    let anchors = match (zh.anchors.is_empty(), en.anchors.is_empty()) {
        (true, true) => 0.0,
        (false, false) => {
            let shared: u32 = zh
                .anchors
                .iter()
                .map(|(anchor, count)| (*count).min(en.anchors.get(anchor).copied().unwrap_or(0)))
                .sum();
            let total: u32 = zh.anchors.values().sum::<u32>() + en.anchors.values().sum::<u32>();
            let dice = 2.0 * f64::from(shared) / f64::from(total.max(1));
            if shared == 0 {
                -1.5
            } else {
                4.0 * dice - 1.0
            }
        }
        _ => -1.0,
    };
    let ratio = (en.chars.max(1) as f64) / (zh.chars.max(1) as f64) / LENGTH_RATIO;
    let length = (1.0 - 1.5 * ratio.ln().abs()).max(-3.0);
    kinds + label + anchors + length
}

/// The language-independent tokens of a text: runs of digits and the
/// symbols and numbers they stand in (`2004/52`, `A/74/843`, `7.199`, each
/// also cut into its digit runs), a sub-item's
/// ordinal, and in English the month names as their numbers, counted.
fn anchors(text: &str, english: bool) -> HashMap<String, u32> {
    let plain = crate::parse::lines::nfkc(text);
    let mut found: HashMap<String, u32> = HashMap::new();
    let mut add = |token: &str| *found.entry(token.to_string()).or_default() += 1;
    // A sub-item's marker, as its ordinal: `(六)`, `(vi)` and `(f)` are 6.
    if let Some(n) = marker_ordinal(&plain) {
        add(&format!("({n})"));
    }
    for word in plain.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-')))
    {
        let word = word.trim_matches(['.', '-', '/']);
        if english {
            if let Some(month) = MONTHS.iter().position(|m| *m == word) {
                add(&(month + 1).to_string());
                continue;
            }
        }
        if !word.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for digits in word
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
        {
            add(digits.trim_start_matches('0'));
        }
        if word.contains('/') {
            add(word);
        }
    }
    found
}

/// The ordinal of the marker a sub-item opens with: Chinese numerals
/// (`(二十八)`), roman numerals (`(xxviii)`) and letters (`(c)`).
fn marker_ordinal(text: &str) -> Option<u32> {
    let rest = text.trim_start().strip_prefix('(')?;
    let marker = &rest[..rest.find(')')?];
    if marker.is_empty() || marker.chars().count() > 6 {
        return None;
    }
    if let Some(n) = crate::parse::parse_number(marker) {
        return u32::try_from(n).ok();
    }
    let roman = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    if marker.len() > 1 || marker == "i" || marker == "v" || marker == "x" {
        let values: Option<Vec<u32>> = marker.chars().map(roman).collect();
        if let Some(values) = values {
            let mut total = 0;
            for (at, value) in values.iter().enumerate() {
                if values.get(at + 1).is_some_and(|next| next > value) {
                    total -= *value as i64;
                } else {
                    total += *value as i64;
                }
            }
            return u32::try_from(total).ok();
        }
    }
    let mut chars = marker.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'a'..='z'), None) => Some(c as u32 - 'a' as u32 + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(label: &str, text: &str) -> Paragraph {
        let (kind, number) = UnitKind::from_label(label).expect("a label");
        Paragraph {
            label: label.to_string(),
            kind,
            number,
            section: None,
            text: text.to_string(),
            citations: Vec::new(),
            note_of: None,
            part: None,
            organ: None,
            en: None,
        }
    }

    #[test]
    fn a_text_too_long_for_one_table_is_aligned_a_stretch_at_a_time() {
        // 3,000 units a side: 9 million cells, over the limit.
        let zh: Vec<Paragraph> = (1..=3000)
            .map(|n| unit(&format!("PP{n}"), &format!("回顾其第{n}/1号决议，")))
            .collect();
        let en: Vec<Paragraph> = (1..=3000)
            .map(|n| {
                unit(
                    &format!("PP{n}"),
                    &format!("Recalling its resolution {n}/1,"),
                )
            })
            .collect();
        let alignment = align(&zh, &en);
        assert_eq!(alignment.aligned(), 3000);
        assert!(alignment
            .pairs
            .iter()
            .enumerate()
            .all(|(i, j)| *j == Some(i)));
    }

    #[test]
    fn sub_item_markers_are_ordinals() {
        assert_eq!(marker_ordinal("(二十八) 利用前瞻活动；"), Some(28));
        assert_eq!(marker_ordinal("(xxviii) To use"), Some(28));
        assert_eq!(marker_ordinal("(iv)"), Some(4));
        assert_eq!(marker_ordinal("(c) to"), Some(3));
        assert_eq!(marker_ordinal("no marker"), None);
    }

    #[test]
    fn english_months_and_numbers_are_anchors() {
        let zh = anchors("回顾其2004年7月23日第2004/52号决议，", false);
        let en = anchors("Recalling its resolution 2004/52 of 23 July 2004,", true);
        assert_eq!(zh, en);
    }

    #[test]
    fn a_paragraph_missing_in_one_language_leaves_its_partner_without_one() {
        // The Chinese extraction lost the OP, the English one a PP.
        let zh = [
            unit("PP1", "回顾其2004年7月23日第2004/52号决议，"),
            unit("PP2", "深为关切海地的复杂和多方面危机，着重指出严重的粮食不安全和营养不良状况，"),
            unit("PP3", "强调迫切需要为2023年海地人道主义应急计划中发出的7.199亿美元的空前呼吁提供充足资金，"),
            unit("CL1", "第45次全体会议"),
        ];
        let en = [
            unit("PP1", "Recalling its resolution 2004/52 of 23 July 2004,"),
            unit("PP2", "Deeply concerned about the complex and multifaceted crisis in Haiti, and underlining high levels of food insecurity and malnutrition,"),
            unit("OP1", "Requests the Ad Hoc Advisory Group on Haiti to submit a report on its work at its 2024 session."),
            unit("CL1", "45th plenary meeting"),
        ];
        let alignment = align(&zh, &en);
        assert_eq!(alignment.pairs, [Some(0), Some(1), None, Some(3)]);
        assert_eq!(alignment.unpaired_english, [2]);
        assert_eq!((alignment.aligned(), alignment.unaligned()), (3, 1));
    }
}
