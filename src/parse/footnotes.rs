//! Footnotes: which lines are footnotes (marked with `*` or a superscript,
//! or formulaic references such as `大会第70/1号决议。`), which lines
//! continue the footnote before them (a symbol split over lines), and which
//! unit each footnote belongs to.

use super::lines::{ends_sentence, pattern, superscript_markers, Line};
use crate::resolution::Language;

pattern!(
    MARKED,
    r"^(?:[*＊]{1,3}\s*\S|[¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,3}\]\s*\S|\(\d{1,3}\)\s*见)"
);
// References as footnotes write them: `大会第70/1号决议。`, `见大会第69/283号
// 决议，附件二。`, `同上，第1577卷，第27531号。`, `A/73/798，附件一。`,
// `联合国，《条约汇编》，第2161卷，第37770号。`, `《大会正式记录，第七十七届
// 会议，补编第3号》(A/77/3)，第六章。`.
pattern!(
    REFERENCE,
    r"^(?:(?:见|参见|另见)?(?:大会|经济及社会理事会|人权理事会|人权委员会|安全理事会)?第?\s*(?:E?S-)?[\dA-Z /()和及、,]{1,60}号(?:决议|决定)|(?:见|参见)?(?:联合国[，,])?《条约汇编》|同上|(?:见|参见)?《[^》]{0,80}(?:正式记录|报告|汇编)[^》]{0,40}》|(?:见|参见)?[A-Z]{1,8}/[A-Z0-9./\-]{2,40}|(?:见|参见)?联合国出版物|(?:见|参见)?(?:大会|经济及社会理事会)S-\d)"
);

/// Whether a line is marked as a footnote: `* 非人权理事会成员国。`, `¹ 见…`,
/// `[2] …`.
pub fn is_marked(line: &Line) -> bool {
    MARKED.is_match(&line.plain) && !line.plain.starts_with("***")
        || line
            .text
            .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

// What may follow the reference: its parts (`，附件二`, `，第六章，D节`,
// `；S-23/3号决议，附件`), never a clause of a sentence.
pattern!(
    QUALIFIERS,
    r"^(?:\s*\([^)]{1,40}\))?(?:\s*[,，;；、]\s*(?:附件|第|同上|见|补编|[A-Z]|\d|《|\()[^。；;]*)*\s*[。.]?$"
);

// The same references in English: `General Assembly resolution 70/1.`,
// `See General Assembly resolution 69/283, annex II.`, `Resolutions 53/243 A
// and B.`, `Ibid., vol. 1577, No. 27531.`, `A/73/918, annex.`, `United
// Nations, Treaty Series, vol. 2161, No. 37770.`, `See Official Records of
// the General Assembly, …`.
pattern!(
    REFERENCE_EN,
    r"^(?:(?:See|See also|Cf\.)\s+)?(?:(?:(?:General Assembly|Economic and Social Council|Human Rights Council|Security Council|Commission on Human Rights)\s+)?(?:[Rr]esolutions?|[Dd]ecisions?)\s+(?:E?S-)?\d|United Nations,\s+Treaty Series|Ibid\.|Official Records of|[A-Z]{1,8}/[A-Z0-9./\-]{2,40}|United Nations publication)"
);
// What may not follow an English reference: a clause of a sentence.
pattern!(
    CLAUSE_EN,
    r"\b(?:is|are|was|were|has|have|had|will|shall|should|calls|requests|decides|notes|recalls|urges|which|that)\b"
);

/// Whether a line reads as a footnote although it carries no mark: a short
/// reference that ends like a sentence (`大会第70/1号决议。`, `General
/// Assembly resolution 70/1.`).
pub fn is_reference(line: &Line) -> bool {
    let plain = &line.plain;
    if plain.chars().count() > 200 || !ends_sentence(plain) {
        return false;
    }
    match line.lang {
        Language::Chinese => REFERENCE
            .find(plain)
            .is_some_and(|found| QUALIFIERS.is_match(&plain[found.end()..])),
        Language::English => REFERENCE_EN
            .find(plain)
            .is_some_and(|found| !CLAUSE_EN.is_match(&plain[found.end()..])),
    }
}

/// Whether a reference line is unfinished and continued by `next`: a
/// symbol split over lines (`见FCCC/CP/2015/10/Add.` / `1，第1/CP.`), or in
/// English a footnote wrapped in mid-sentence (the next line opens in lower
/// case). Gives what joins the two: nothing inside a symbol or a Chinese
/// line, a space between English words.
pub fn continuation(previous: &str, next: &Line) -> Option<&'static str> {
    let previous = previous.trim_end();
    if next.lang == Language::English {
        // `See FCCC/CP/2015/10/Add.` / `1, decision 1/CP.` / `21, annex, …`.
        let last = previous.rsplit(' ').next().unwrap_or("");
        let symbol_cut = last.contains('/') && last.ends_with(['.', '/']);
        if symbol_cut && next.plain.starts_with(|c: char| c.is_ascii_digit()) {
            return Some("");
        }
        let wrapped =
            !ends_sentence(previous) && next.plain.starts_with(|c: char| c.is_lowercase());
        return wrapped.then_some(" ");
    }
    (!previous.ends_with(['。', '；'])
        && (previous.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.' || c == '/')
            && next.plain.starts_with(|c: char| c.is_ascii_alphanumeric())))
    .then_some("")
}

/// The marker a footnote starts with: `*`, `**`, or a number (from a
/// superscript or `[n]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// `*`, `**`, `***`.
    Stars(usize),
    /// `¹`, `[1]`.
    Number(u32),
}

/// The marker a footnote's text starts with, if any.
pub fn leading_marker(text: &str) -> Option<Marker> {
    let trimmed = text.trim_start();
    let stars = trimmed
        .chars()
        .take_while(|c| matches!(c, '*' | '＊'))
        .count();
    if stars > 0 {
        return Some(Marker::Stars(stars));
    }
    if let Some(rest) = trimmed.strip_prefix('[') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if rest[digits.len()..].starts_with(']') {
            return digits.parse().ok().map(Marker::Number);
        }
    }
    let head: String = trimmed
        .chars()
        .take_while(|c| matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹'))
        .collect();
    superscript_markers(&head)
        .first()
        .copied()
        .map(Marker::Number)
}

/// Whether a unit's text carries `marker`: `*` after a sponsor's name or a
/// title, a superscript or `[n]` after a word.
pub fn carries(text: &str, marker: &Marker) -> bool {
    match marker {
        Marker::Stars(n) => {
            let stars = "*".repeat(*n);
            let mut rest = text;
            while let Some(at) = rest.find(&stars) {
                let after = &rest[at + n..];
                let before = &rest[..at];
                if !after.starts_with(['*', '＊']) && !before.ends_with(['*', '＊']) {
                    return true;
                }
                rest = after.trim_start_matches(['*', '＊']);
            }
            false
        }
        Marker::Number(n) => {
            superscript_markers(text).contains(n) || text.contains(&format!("[{n}]"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split_lines;

    fn line(text: &str) -> Line {
        split_lines(text).remove(0)
    }

    #[test]
    fn footnotes_are_told_from_body_lines() {
        for text in [
            "* 非人权理事会成员国。",
            "\\* 非人权理事会成员国。",
            "** 代表不结盟运动。",
            "¹ 见大会第60/251号决议。",
        ] {
            assert!(is_marked(&line(text)), "{text}");
        }
        for text in [
            "大会第70/1号决议。",
            "见大会第69/283号决议，附件二。",
            "同上，第1577卷，第27531号。",
            "A/73/798，附件一。",
            "联合国，《条约汇编》，第2161卷，第37770号。",
            "见《大会正式记录，第七十七届会议，补编第3号》(A/77/3)，第六章，D节。",
            "联合国出版物，2021年。",
            "第53/243 A和B号决议。",
        ] {
            assert!(is_reference(&line(text)), "{text}");
        }
        for text in [
            "回顾大会第70/1号决议，",
            "大会第70/1号决议通过了《2030年议程》，重申其承诺；",
            "*** ",
            "1. 重申各国负有增进和保护所有人权的主要责任；",
        ] {
            let l = split_lines(text);
            assert!(
                l.is_empty() || !(is_marked(&l[0]) || is_reference(&l[0])),
                "{text}"
            );
        }
    }

    #[test]
    fn a_symbol_split_over_lines_continues() {
        let joint = |previous: &str, next: &str| continuation(previous, &line(next));
        assert_eq!(joint("见FCCC/CP/2015/10/Add.", "1，第1/CP."), Some(""));
        assert_eq!(joint("1，第1/CP.", "21号决定，附件。"), Some(""));
        assert_eq!(joint("大会第70/1号决议。", "2015年"), None);
        // In English, a symbol cut after its `.` runs on unspaced, a
        // sentence wrapped in lower case with a space; a note that starts
        // with a number is a note of its own.
        assert_eq!(
            joint("See FCCC/CP/2015/10/Add.", "1, decision 1/CP."),
            Some("")
        );
        assert_eq!(joint("See the report of the", "Secretary-General."), None);
        assert_eq!(joint("See the report of the", "secretariat."), Some(" "));
        assert_eq!(
            joint(
                "Led an effort with the United Nations Systems Staff College",
                "1,732 refugees and host community women benefitted."
            ),
            None
        );
    }

    #[test]
    fn markers_link_a_footnote_to_its_unit() {
        assert_eq!(
            leading_marker("* 非人权理事会成员国。"),
            Some(Marker::Stars(1))
        );
        assert_eq!(leading_marker("** 代表集团。"), Some(Marker::Stars(2)));
        assert_eq!(leading_marker("² 见…"), Some(Marker::Number(2)));
        assert_eq!(leading_marker("[3] 见…"), Some(Marker::Number(3)));
        assert!(carries("安哥拉、澳大利亚*、奥地利", &Marker::Stars(1)));
        assert!(!carries("古巴： ** 决议草案", &Marker::Stars(1)));
        assert!(carries("古巴： *， ** 决议草案", &Marker::Stars(2)));
        assert!(carries("《宣言》²和", &Marker::Number(2)));
        assert!(!carries("《宣言》²和", &Marker::Number(3)));
    }
}
