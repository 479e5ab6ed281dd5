//! The lines of a text as the parser reads them: cleaned of markdown marks
//! and invisible characters, with their NFKC form; page furniture; and the
//! small text tests every part of the parser shares.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::resolution::{Language, Organ};

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        pub(crate) static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($re).expect("valid pattern"));
    };
}
pub(crate) use pattern;

/// One non-blank line of the source, cleaned of markdown marks.
#[derive(Debug, Clone)]
pub struct Line {
    /// Its line number in the source, from 1.
    pub no: usize,
    /// The text as it is shown and indexed.
    pub text: String,
    /// NFKC form of `text`, which the patterns read (full-width digits and
    /// parentheses become ASCII).
    pub plain: String,
    /// A markdown heading (`#### …`).
    pub heading_mark: bool,
    /// The language of the document the line is in: it chooses the words
    /// every pattern of the parser looks for.
    pub lang: Language,
    /// `plain` without whitespace, made once: lines are compared so often
    /// that normalising them again cost most of the parse.
    compacted: String,
}

impl Line {
    fn new(no: usize, raw: &str, lang: Language) -> Option<Line> {
        // A byte order mark or zero-width space left by the extraction is
        // not text (`str::trim` keeps both).
        let mut text = raw.trim_matches(is_blank);
        let mut heading_mark = false;
        if let Some(rest) = text.strip_prefix('#') {
            heading_mark = true;
            text = rest.trim_start_matches('#').trim();
        }
        let text = unescape_markdown(text);
        let text = text.trim_matches(is_blank).to_string();
        if text.is_empty() {
            return None;
        }
        let plain = nfkc(&text);
        let plain = plain.trim().to_string();
        Some(Line {
            no,
            text,
            compacted: without_blanks(&plain),
            plain,
            heading_mark,
            lang,
        })
    }

    /// The line without any whitespace, in NFKC form: how lines are
    /// compared with each other.
    pub fn compact(&self) -> String {
        self.compacted.clone()
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// The non-blank lines of `text`, cleaned, each marked with the language
/// of the whole text. A line ending with `、` (a list of states wrapped over
/// lines) is joined with the next.
pub fn split_lines(text: &str) -> Vec<Line> {
    let lang = Language::of_text(text);
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let Some(line) = Line::new(i + 1, raw, lang) else {
            continue;
        };
        match lines.last_mut() {
            Some(prev) if prev.plain.ends_with('、') && !line.heading_mark => {
                prev.text.push_str(&line.text);
                prev.plain.push_str(&line.plain);
                prev.compacted.push_str(&line.compacted);
            }
            _ => lines.push(line),
        }
    }
    lines
}

/// Removes markdown backslash escapes (`\*` → `*`) and bold marks (`**`
/// around words; a lone `**` marking a footnote stays).
fn unescape_markdown(text: &str) -> String {
    let bold = text.matches("**").count() >= 2;
    let text = if bold {
        text.replace("**", "")
    } else {
        text.to_string()
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// `text` without whitespace, NFKC.
pub fn compact(text: &str) -> String {
    nfkc(text).chars().filter(|c| !is_blank(*c)).collect()
}

/// `text` in NFKC form; ASCII, which NFKC leaves as it is (most of an
/// English text), is not looked at twice.
pub fn nfkc(text: &str) -> String {
    if text.is_ascii() {
        text.to_string()
    } else {
        text.nfkc().collect()
    }
}

/// `text` (already NFKC) without whitespace.
fn without_blanks(text: &str) -> String {
    text.chars().filter(|c| !is_blank(*c)).collect()
}

/// Lines that are not text of the document: what FORMAT names as furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Furniture {
    /// A page number: `3`, `- 3 -`, `第 3 页`, `2/5`.
    PageNumber,
    /// A job number or bar code: `GE.12-16184`, `15-22444 (C)`, `*1522444*`.
    JobNumber,
    /// `请回收`, `Please recycle`.
    Recycle,
    /// A markdown rule: `---`.
    Rule,
    /// `联合国` alone, the first page's masthead and the trailer's first line.
    UnitedNations,
    /// An organ's name alone (`经济及社会理事会`, `大  会`).
    OrganName,
    /// The organ as subject that opens the body: `人权理事会，`.
    Opener,
    /// The head of a page after the first: the symbol and the short title.
    RunningHead,
    /// A line that repeats a header line or title already read (a masthead
    /// repeated by a page break, the title again in the trailer).
    Repeat,
    /// A field the extraction did not fill: `<<ODS DOC SYMBOL2>>`.
    Placeholder,
}

impl Furniture {
    /// How `check` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Furniture::PageNumber => "page number",
            Furniture::JobNumber => "job number",
            Furniture::Recycle => "recycling mark",
            Furniture::Rule => "rule",
            Furniture::UnitedNations => "联合国",
            Furniture::OrganName => "organ name",
            Furniture::Opener => "opening line",
            Furniture::RunningHead => "running head",
            Furniture::Repeat => "repeated line",
            Furniture::Placeholder => "placeholder",
        }
    }
}

pattern!(PAGE_NUMBER, r"^[-–—\s]*\d{1,3}[-–—\s]*$|^第\s*\d+\s*页$");
// `2/5`: page 2 of 5, as General Assembly texts number their pages.
pattern!(PAGE_OF, r"^(\d{1,3})\s*/\s*(\d{1,3})$");
pattern!(
    JOB_NUMBER,
    r"^(?:GE\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+[\d*]{4,12})*|\d{2}-\d{5}(?:\s*\([A-Z]\))?|\*\d{5,}\*)$"
);
pattern!(RECYCLE, r"^(?:请回收|Please\s+recycle)\W*$");
pattern!(RULE, r"^(?:-{3,}|_{3,}|\*{3,}|={3,})$");
// `<<ODS DOC SYMBOL2>>`, once or more: a field of the source's template
// that the extraction left unfilled.
pattern!(PLACEHOLDER, r"^(?:\s*<<[A-Z0-9 _]{1,40}>>)+$");
pattern!(
    SYMBOL,
    r"(?:^|[^A-Za-z0-9/.])((?:A|E)/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]*\d[A-Z0-9.\-]*(?:/(?:Add|Rev|Corr)\.\d+)*)"
);

/// The furniture a line is whatever stands around it, if any.
pub fn furniture_of(line: &Line) -> Option<Furniture> {
    let p = line.plain.as_str();
    if PAGE_NUMBER.is_match(p) || is_page_of(p) {
        Some(Furniture::PageNumber)
    } else if JOB_NUMBER.is_match(p) {
        Some(Furniture::JobNumber)
    } else if RECYCLE.is_match(p) {
        Some(Furniture::Recycle)
    } else if RULE.is_match(p) {
        Some(Furniture::Rule)
    } else if PLACEHOLDER.is_match(p) {
        Some(Furniture::Placeholder)
    } else if matches!(line.compact().as_str(), "联合国" | "UnitedNations") {
        Some(Furniture::UnitedNations)
    } else if organ_alone(line).is_some() {
        Some(Furniture::OrganName)
    } else if is_running_head(p, line.lang) {
        Some(Furniture::RunningHead)
    } else {
        None
    }
}

/// `2/5`: page 2 of 5 (not the resolution number `21/1`).
pub fn is_page_of(plain: &str) -> bool {
    PAGE_OF.captures(plain.trim()).is_some_and(|c| {
        let page: u32 = c[1].parse().unwrap_or(u32::MAX);
        let pages: u32 = c[2].parse().unwrap_or(0);
        page >= 1 && page <= pages && pages > 1
    })
}

/// The organ of a line that is only an organ's name, its characters
/// possibly spaced out (`大  会`, `Economic and Social Council`).
pub fn organ_alone(line: &Line) -> Option<Organ> {
    let compacted = line.compact();
    // `The Economic and Social Council` without its comma, before a
    // nested draft, is the opening line's organ alone.
    let name = match line.lang {
        Language::English => compacted.strip_prefix("The").unwrap_or(&compacted),
        Language::Chinese => &compacted,
    };
    Organ::ALL
        .into_iter()
        .find(|organ| compact(organ.name_in(line.lang)) == name)
}

/// The head of a page after the first: the symbol and the short title, in
/// either order (`A/RES/70/169 享有安全饮用水…`, `… A/RES/70/169`).
fn is_running_head(plain: &str, lang: Language) -> bool {
    if plain.chars().count() > 80 || ends_complete(plain) {
        return false;
    }
    let Some(symbol) = SYMBOL.captures(plain).and_then(|c| c.get(1)) else {
        return false;
    };
    let (before, after) = (&plain[..symbol.start()], &plain[symbol.end()..]);
    // Not the masthead: `联 合 国   A/HRC/RES/21/21`, `大会  A/RES/70/169`.
    let han = |s: &str| {
        let words = compact(s);
        words.chars().any(|c| is_letter_of(c, lang))
            && words != "联合国"
            && words != "UnitedNations"
            && !Organ::ALL.iter().any(|o| compact(o.name_in(lang)) == words)
            && !words.starts_with("Distr")
    };
    (before.trim().is_empty() && after.starts_with(char::is_whitespace) && han(after))
        || (after.trim().is_empty() && before.ends_with(char::is_whitespace) && han(before))
}

/// Whether `c` is a letter of `lang`'s script: a Chinese character, or a
/// Latin letter.
pub fn is_letter_of(c: char, lang: Language) -> bool {
    match lang {
        Language::Chinese => is_han(c),
        Language::English => c.is_alphabetic() && !is_han(c),
    }
}

/// Whether `c` is a Chinese character.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Whether text ends a sentence or clause: with `，；。：！？` (or ASCII
/// ones), past closing quotes and brackets.
pub fn ends_complete(plain: &str) -> bool {
    let trimmed = plain.trim_end_matches(['”', '’', '」', '』', ')', '）', ']', '"', '\'', ' ']);
    trimmed.ends_with([
        '，', '；', '。', '：', '！', '？', ',', ';', '.', ':', '!', '?',
    ])
}

/// Whether text ends a sentence: with `。；！？` (or `.;`), past closing
/// quotes and brackets.
pub fn ends_sentence(plain: &str) -> bool {
    let trimmed = plain.trim_end_matches(['”', '’', '」', '』', ')', '）', ']', '"', '\'', ' ']);
    trimmed.ends_with(['；', '。', '！', '？', ';', '.', '!', '?'])
}

static SUPERSCRIPTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[¹²³⁰⁴⁵⁶⁷⁸⁹]+").expect("valid pattern"));

/// The footnote markers written as superscript digits in a text, in order,
/// as numbers.
pub fn superscript_markers(text: &str) -> Vec<u32> {
    SUPERSCRIPTS
        .find_iter(text)
        .filter_map(|m| m.as_str().nfkc().collect::<String>().parse().ok())
        .collect()
}

/// `text` without superscript footnote markers.
pub fn strip_superscripts(text: &str) -> String {
    SUPERSCRIPTS.replace_all(text, "").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        Line::new(1, text, Language::of_text(text)).unwrap()
    }

    #[test]
    fn markdown_marks_and_invisible_characters_are_cleaned() {
        let l = line("\u{feff}#### 技术合作和普遍定期审议  ");
        assert_eq!(l.text, "技术合作和普遍定期审议");
        assert!(l.heading_mark);
        assert_eq!(
            line("\\* 非人权理事会成员国。").text,
            "* 非人权理事会成员国。"
        );
        assert_eq!(line("**加粗**的词").text, "加粗的词");
        assert_eq!(
            line("古巴： *， ** 决议草案").text,
            "古巴： *， ** 决议草案"
        );
        assert!(Line::new(1, " \u{200b} ", Language::Chinese).is_none());
    }

    #[test]
    fn furniture_is_page_furniture_only() {
        for (text, kind) in [
            ("GE.12-17381", Furniture::JobNumber),
            ("15-22444 (C)", Furniture::JobNumber),
            ("GE.12-16184 (C)    210912    240912", Furniture::JobNumber),
            ("*1522444*", Furniture::JobNumber),
            ("2/5", Furniture::PageNumber),
            ("- 3 -", Furniture::PageNumber),
            ("---", Furniture::Rule),
            ("联 合 国", Furniture::UnitedNations),
            ("大  会", Furniture::OrganName),
            ("经济及社会理事会", Furniture::OrganName),
            (
                "A/RES/70/169 享有安全饮用水和卫生设施的人权",
                Furniture::RunningHead,
            ),
        ] {
            assert_eq!(furniture_of(&line(text)), Some(kind), "{text}");
        }
        for text in [
            "21/1",
            "5/1",
            "2012/5",
            "大会  Distr.: General",
            "E/RES/2023/2",
            "2023年届会",
            "经济及社会理事会，",
        ] {
            assert_eq!(furniture_of(&line(text)), None, "{text}");
        }
    }

    #[test]
    fn superscript_markers_are_read_and_stripped() {
        assert_eq!(superscript_markers("宣言¹和纲领¹²，"), vec![1, 12]);
        assert_eq!(strip_superscripts("宣言¹和纲领¹²，"), "宣言和纲领，");
    }
}
