//! The body: lines joined into paragraphs (a paragraph split by a page break
//! is one), sub-items, section headings, and the labels researchers cite
//! them by (PP1…, OP1…, OP2(十四), T1…, P12).

use super::lines::{ends_complete, pattern, Line};
use crate::resolution::{Language, UnitKind};

/// How a stretch of body text is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A resolution's preambular and operative paragraphs.
    Resolution,
    /// Narrative paragraphs of a letter, proposal or report.
    Narrative,
}

/// A labelled unit of the body.
#[derive(Debug, Clone)]
pub struct Block {
    /// Preambular, operative, text or heading.
    pub kind: UnitKind,
    /// The label without the part's prefix; empty for headings (numbered
    /// once the whole document is assembled).
    pub label: String,
    /// The paragraph's number (see [`crate::Paragraph::number`]).
    pub number: u32,
    /// The section heading it stands under.
    pub section: Option<String>,
    /// The text, lines joined.
    pub text: String,
    /// The indices of its lines.
    pub lines: Vec<usize>,
}

pattern!(NUMBERED, r"^(\d{1,3})\s*[.．、]\s*(?:[^\d]|$)");
pattern!(
    SUB_ITEM,
    r"^\(\s*([a-z]{1,2}|[ivxl]{1,6}|[一二三四五六七八九十]{1,4})\s*\)\s*(.*)$"
);
pattern!(
    SECTION_NUMBER,
    r"^(?:[A-Z]|[IVX]{1,5}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*\S"
);
pattern!(
    SECTION_MARK,
    r"^(?:[A-Z]|[IVX]{1,5}|[一二三四五六七八九十]{1,3})\s*[.．、]$"
);

/// The verbs that open preambular and operative paragraphs, after an
/// optional `又`, `还`, `并`, `再次`.
const OPENING_VERBS: &[&str] = &[
    "回顾",
    "重申",
    "注意到",
    "认识到",
    "确认",
    "欢迎",
    "关切",
    "深为关切",
    "严重关切",
    "极为关切",
    "表示",
    "强调",
    "着重指出",
    "指出",
    "铭记",
    "考虑到",
    "意识到",
    "申明",
    "承认",
    "赞赏",
    "满意地",
    "深信",
    "相信",
    "遵循",
    "决心",
    "请",
    "鼓励",
    "决定",
    "吁请",
    "敦促",
    "促请",
    "呼吁",
    "邀请",
    "建议",
    "要求",
    "支持",
    "赞扬",
    "核可",
    "谴责",
    "感谢",
    "祝贺",
    "鉴于",
    "深感",
    "痛惜",
    "同意",
    "重视",
    "期待",
    "希望",
    "宣布",
    "授权",
    "特别回顾",
    "忆及",
];

#[rustfmt::skip]
/// The words English paragraphs open with: the participles and adjectives
/// of preambular paragraphs (`Recalling`, `Deeply concerned`) and the
/// verbs of operative ones (`Requests`, `Calls upon`), after an optional
/// adverb (`Also`, `Further`, `Strongly`, …).
const ENGLISH_OPENING_WORDS: &[&str] = &[
    // Preambular.
    "Acknowledging", "Acting", "Affirming", "Alarmed", "Appreciating", "Approving",
    "Aware", "Bearing", "Believing", "Calling", "Cognizant", "Commending", "Concerned",
    "Condemning", "Confirming", "Conscious", "Considering", "Convinced", "Declaring",
    "Deploring", "Desiring", "Desirous", "Determined", "Disturbed", "Emphasizing",
    "Emphasising", "Encouraged", "Encouraging", "Endorsing", "Expressing", "Gratified",
    "Guided", "Having", "Highlighting", "Keeping", "Looking", "Mindful", "Noting",
    "Observing", "Pleased", "Reaffirming", "Realizing", "Recalling", "Recognizing",
    "Recognising", "Referring", "Reflecting", "Regretting", "Reiterating",
    "Re-emphasizing", "Satisfied", "Seeking", "Stressing", "Supporting", "Taking",
    "Underlining", "Underscoring", "Upholding", "Welcoming", "Wishing",
    // Operative.
    "Accepts", "Acknowledges", "Adopts", "Affirms", "Agrees", "Appeals", "Appoints",
    "Approves", "Authorizes", "Believes", "Calls", "Commends", "Concludes", "Condemns",
    "Confirms", "Congratulates", "Considers", "Decides", "Declares", "Deems", "Demands",
    "Deplores", "Designates", "Directs", "Draws", "Elects", "Emphasizes", "Emphasises",
    "Encourages", "Endorses", "Establishes", "Exhorts", "Expresses", "Extends",
    "Highlights", "Hopes", "Insists", "Invites", "Launches", "Looks", "Notes", "Pays",
    "Proclaims", "Reaffirms", "Recalls", "Recognizes", "Recognises", "Recommends",
    "Regrets", "Reiterates", "Rejects", "Reminds", "Renews", "Requests", "Requires",
    "Resolves", "Stresses", "Supports", "Takes", "Thanks", "Trusts", "Underlines",
    "Underscores", "Urges", "Welcomes",
];

#[rustfmt::skip]
/// The adverbs that may stand before an English opening word.
const ENGLISH_ADVERBS: &[&str] = &[
    "Also", "Further", "Again", "Once again", "Deeply", "Gravely", "Seriously", "Strongly",
    "Firmly", "Fully", "Greatly", "Profoundly", "Particularly", "Especially",
];

/// Whether a line opens with one of the verbs paragraphs open with.
pub fn opens_with_verb(plain: &str, lang: Language) -> bool {
    match lang {
        Language::Chinese => {
            let rest = ["又", "还", "并", "再次", "同时"]
                .iter()
                .find_map(|p| plain.strip_prefix(p))
                .unwrap_or(plain);
            OPENING_VERBS.iter().any(|verb| rest.starts_with(verb))
        }
        Language::English => {
            let rest = ENGLISH_ADVERBS
                .iter()
                .find_map(|adverb| plain.strip_prefix(adverb)?.strip_prefix(' '))
                .unwrap_or(plain);
            let word = rest
                .split(|c: char| !(c.is_alphabetic() || c == '-'))
                .next()
                .unwrap_or("");
            // `Also requests`: the adverb's word is lower case after it.
            ENGLISH_OPENING_WORDS
                .iter()
                .any(|opening| opening.eq_ignore_ascii_case(word) && starts_upper(plain))
        }
    }
}

fn starts_upper(plain: &str) -> bool {
    plain.starts_with(|c: char| c.is_uppercase())
}

/// Whether a line opens a paragraph of its own (numbered or lettered).
pub fn starts_paragraph(plain: &str) -> bool {
    NUMBERED.is_match(plain) || SUB_ITEM.is_match(plain)
}

/// The number a paragraph starts with: 12 for `12. …`.
pub fn leading_number(plain: &str) -> Option<u32> {
    NUMBERED.captures(plain)?[1].parse().ok()
}

#[derive(Debug)]
enum RawKind {
    Paragraph,
    SubItem(String),
    Heading,
}

#[derive(Debug)]
struct Raw {
    kind: RawKind,
    lang: Language,
    text: String,
    last_plain: String,
    lines: Vec<usize>,
    /// The line that opened the block held only its marker (`(一)`, `一.`).
    marker_only: bool,
}

impl Raw {
    fn new(kind: RawKind, index: usize, line: &Line) -> Raw {
        Raw {
            kind,
            lang: line.lang,
            text: line.text.clone(),
            last_plain: line.plain.clone(),
            lines: vec![index],
            marker_only: false,
        }
    }

    fn push(&mut self, index: usize, line: &Line, separator: &str) {
        // English words split by a page break are two words; a Chinese
        // line runs on into the next.
        let separator = if separator.is_empty()
            && (line.lang == Language::English
                || self.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.text.starts_with(|c: char| c.is_ascii_alphanumeric()))
        {
            " "
        } else {
            separator
        };
        self.text.push_str(separator);
        self.text.push_str(&line.text);
        self.last_plain = line.plain.clone();
        self.lines.push(index);
        self.marker_only = false;
    }

    fn finished(&self) -> bool {
        matches!(self.kind, RawKind::Heading) || ends_complete(&self.last_plain)
    }
}

/// Joins body lines into blocks: a line continues the previous paragraph
/// when that one is unfinished, this one does not open a paragraph of its
/// own and no other unit (a header line, a closing line) stands between
/// them (`gaps[i]`); a marker alone on its line (`(一)`, `一.`) joins the
/// next line.
fn join(lines: &[(usize, &Line)], gaps: &[bool], mode: Mode) -> Vec<Raw> {
    let mut raws: Vec<Raw> = Vec::new();
    for (at, &(index, line)) in lines.iter().enumerate() {
        let plain = line.plain.as_str();
        // A marker alone joins the next line, unless that is a marker too
        // (sub-items whose text the extraction lost: `(a)`, `(b)`, …) or,
        // in English, where a sub-item opens in lower case or with `To`,
        // a paragraph of its own (`Requests the Secretary-General …`).
        let marker_next = SUB_ITEM.is_match(plain)
            || SECTION_MARK.is_match(plain)
            || (line.lang == Language::English && opens_with_verb(plain, line.lang));
        if let Some(last) = raws.last_mut().filter(|r| r.marker_only && !marker_next) {
            let heading = matches!(last.kind, RawKind::Heading);
            last.push(index, line, " ");
            if heading && (ends_complete(plain) || plain.chars().count() > 60) {
                last.kind = RawKind::Paragraph;
            }
            continue;
        }
        if line.heading_mark {
            raws.push(Raw::new(RawKind::Heading, index, line));
            continue;
        }
        if SECTION_MARK.is_match(plain) {
            let mut raw = Raw::new(RawKind::Heading, index, line);
            raw.marker_only = true;
            raws.push(raw);
            continue;
        }
        if let Some(c) = SUB_ITEM.captures(plain) {
            let mut raw = Raw::new(RawKind::SubItem(c[1].to_string()), index, line);
            raw.marker_only = c[2].trim().is_empty();
            raws.push(raw);
            continue;
        }
        let continues = !gaps[at]
            && raws.last().is_some_and(|prev| {
                !prev.finished()
                    && !prev.marker_only
                    && (line.lang == Language::Chinese || english_runs_on(&prev.last_plain, plain))
                    && !starts_paragraph(plain)
                    && !is_heading(lines, at, &raws, mode)
            });
        if continues {
            raws.last_mut().expect("checked").push(index, line, "");
        } else if is_heading(lines, at, &raws, mode) {
            raws.push(Raw::new(RawKind::Heading, index, line));
        } else {
            raws.push(Raw::new(RawKind::Paragraph, index, line));
        }
    }
    raws
}

/// Whether the line at `at` is a section heading: a short unpunctuated
/// line after a finished paragraph, numbered like `A.` / `一、`, or
/// followed by a paragraph that opens as paragraphs do.
fn is_heading(lines: &[(usize, &Line)], at: usize, raws: &[Raw], mode: Mode) -> bool {
    let plain = lines[at].1.plain.as_str();
    let short = plain.chars().count() <= 40;
    let lang = lines[at].1.lang;
    if !short || ends_complete(plain) || starts_paragraph(plain) || opens_with_verb(plain, lang) {
        return false;
    }
    if !raws.last().is_none_or(Raw::finished) {
        return false;
    }
    if SECTION_NUMBER.is_match(plain) {
        return true;
    }
    let Some(&(_, next)) = lines.get(at + 1) else {
        return false;
    };
    let next_plain = next.plain.as_str();
    next.heading_mark
        || starts_paragraph(next_plain)
        || opens_with_verb(next_plain, lang)
        || (mode == Mode::Narrative
            && ends_complete(next_plain)
            && next_plain.chars().count() > plain.chars().count())
}

/// Which numbered paragraphs carry real numbers: a run that starts at 1
/// to 3 and goes up by at most 3 at a time. A number out of that run
/// (`110.` before paragraph 5) is a fragment of the PDF, not a number.
fn real_numbers(raws: &[Raw]) -> Vec<Option<u32>> {
    let mut last = 0;
    raws.iter()
        .map(|raw| {
            let n = match raw.kind {
                RawKind::Paragraph => leading_number(&raw_plain_start(raw))?,
                _ => return None,
            };
            let real = (last == 0 && (1..=3).contains(&n)) || (n > last && n <= last + 3);
            real.then(|| {
                last = n;
                n
            })
        })
        .collect()
}

fn raw_plain_start(raw: &Raw) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.text
        .chars()
        .take(12)
        .collect::<String>()
        .nfkc()
        .collect()
}

/// Whether the paragraph at `i` ends as preambular paragraphs do, with `，`;
/// or, ending otherwise, is followed by one that does and opens with a
/// verb (a `；` typed for a `，` does not end the preamble).
fn preambular_ending(raws: &[Raw], i: usize) -> bool {
    let comma = |raw: &Raw| raw.last_plain.trim_end().ends_with(['，', ',']);
    if comma(&raws[i]) {
        return true;
    }
    let next = raws[i + 1..]
        .iter()
        .find(|raw| matches!(raw.kind, RawKind::Paragraph));
    !matches!(raws[i].kind, RawKind::SubItem(_))
        && !raws[i].last_plain.trim_end().ends_with(['：', ':'])
        && next.is_some_and(|next| comma(next) && opens_with_verb(&next.text, next.lang))
}

/// Whether an unfinished English line runs on into `next`: the next line
/// opens in lower case or with a digit, or the line stops mid-sentence
/// (after a word in lower case, a comma, a hyphen). A caption ending with
/// `)` and a heading in capitals after it are two units.
fn english_runs_on(last: &str, next: &str) -> bool {
    !next.starts_with(char::is_uppercase)
        || last
            .trim_end()
            .ends_with(|c: char| c.is_lowercase() || matches!(c, ',' | '-' | '–'))
}

/// Whether a sub-item's marker is a roman numeral of the second level:
/// `i`, `iv`, `xxviii`.
fn is_roman(marker: &str) -> bool {
    !marker.is_empty() && marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

/// Whether `marker` is the letter after `last`: `i` after `h`, `v` after `u`.
fn follows(last: &str, marker: &str) -> bool {
    let (mut a, mut b) = (last.chars(), marker.chars());
    match (a.next(), a.next(), b.next(), b.next()) {
        (Some(x), None, Some(y), None) => (x as u32) + 1 == y as u32,
        _ => false,
    }
}

/// Labels the body lines of one part; `gaps[i]` says whether another unit
/// stands between line `i` and the one before it.
pub fn label(lines: &[(usize, &Line)], gaps: &[bool], mode: Mode) -> Vec<Block> {
    let raws = join(lines, gaps, mode);
    let numbers = real_numbers(&raws);
    let preambular_end: Vec<bool> = (0..raws.len())
        .map(|i| preambular_ending(&raws, i))
        .collect();
    let numbered = numbers.iter().any(Option::is_some);
    let mut blocks: Vec<Block> = Vec::new();
    let mut section: Option<String> = None;
    let mut preamble = mode == Mode::Resolution;
    let (mut preambular, mut operative, mut texts) = (0, 0, 0);
    // The paragraph sub-items belong to: its index in `blocks`.
    let mut parent: Option<usize> = None;
    // The last sub-item of the first level, and its marker: `(i)` after
    // `(a)` is nested in it.
    let mut letter: Option<(usize, String)> = None;
    for ((raw, number), preambular_ending) in raws.into_iter().zip(numbers).zip(preambular_end) {
        let paragraph = |kind, label: String, number, section: &Option<String>| Block {
            kind,
            label,
            number,
            section: section.clone(),
            text: raw.text.clone(),
            lines: raw.lines.clone(),
        };
        let block = match &raw.kind {
            RawKind::Heading => {
                section = Some(raw.text.trim_end_matches(['*', ' ']).to_string());
                parent = None;
                letter = None;
                Block {
                    kind: UnitKind::Heading,
                    label: String::new(),
                    number: 0,
                    section: None,
                    text: raw.text.clone(),
                    lines: raw.lines.clone(),
                }
            }
            RawKind::SubItem(marker) if parent.is_some() => {
                // `(i)` after `(a)` is nested in it (`OP2(a)(i)`), unless
                // it is the letter after `(h)`.
                let nested = is_roman(marker)
                    && letter
                        .as_ref()
                        .is_some_and(|(_, last)| !follows(last, marker));
                let of = match (&letter, nested) {
                    (Some((at, _)), true) => &blocks[*at],
                    _ => &blocks[parent.expect("checked")],
                };
                let label = format!("{}({marker})", of.label);
                let (kind, number) = (of.kind, of.number);
                if !nested {
                    letter = Some((blocks.len(), marker.clone()));
                }
                paragraph(kind, label, number, &section)
            }
            _ if mode == Mode::Narrative => {
                texts += 1;
                let label = match number {
                    Some(n) => format!("P{n}"),
                    None => format!("T{texts}"),
                };
                let number = number.unwrap_or(texts);
                parent = Some(blocks.len());
                letter = None;
                paragraph(UnitKind::Text, label, number, &section)
            }
            _ => {
                let operative_number = if numbered {
                    match (number, preamble) {
                        (Some(n), _) => Some(n),
                        (None, true) => None,
                        (None, false) => {
                            // A further part of the operative paragraph
                            // before it (its closing words after a list).
                            if let Some(prev) = blocks
                                .iter_mut()
                                .rev()
                                .find(|b| b.kind != UnitKind::Heading)
                            {
                                prev.text.push('\n');
                                prev.text.push_str(&raw.text);
                                prev.lines.extend(&raw.lines);
                                continue;
                            }
                            None
                        }
                    }
                } else if preamble && preambular_ending {
                    None
                } else {
                    Some(operative + 1)
                };
                parent = Some(blocks.len());
                letter = None;
                match operative_number {
                    Some(n) => {
                        preamble = false;
                        operative = n;
                        paragraph(UnitKind::Operative, format!("OP{n}"), n, &section)
                    }
                    None => {
                        preambular += 1;
                        paragraph(
                            UnitKind::Preambular,
                            format!("PP{preambular}"),
                            preambular,
                            &section,
                        )
                    }
                }
            }
        };
        blocks.push(block);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split_lines;

    fn labels(text: &str, mode: Mode) -> Vec<(String, String)> {
        let lines = split_lines(text);
        let indexed: Vec<(usize, &Line)> = lines.iter().enumerate().collect();
        label(&indexed, &vec![false; indexed.len()], mode)
            .into_iter()
            .map(|b| (b.label, b.text))
            .collect()
    }

    #[test]
    fn numbered_paragraphs_sub_items_and_headings() {
        let got = labels(
            "回顾其决议，\n又回顾其决定，\n1. 请秘书长：\n(a) 提交报告；\n(b) 通报理事会；\n技术合作\n2. 决定继续审议此问题。",
            Mode::Resolution,
        );
        let labels: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["PP1", "PP2", "OP1", "OP1(a)", "OP1(b)", "", "OP2"]);
    }

    #[test]
    fn a_marker_alone_on_its_line_joins_the_next() {
        let got = labels(
            "鼓励各国政府采取下列行动：\n(一)\n将科学与发展战略联系起来；\n(十四)\n利用前瞻活动；\n鼓励委员会：",
            Mode::Resolution,
        );
        assert_eq!(
            got,
            [
                ("OP1".to_string(), "鼓励各国政府采取下列行动：".to_string()),
                ("OP1(一)".into(), "(一) 将科学与发展战略联系起来；".into()),
                ("OP1(十四)".into(), "(十四) 利用前瞻活动；".into()),
                ("OP2".into(), "鼓励委员会：".into()),
            ]
        );
    }

    #[test]
    fn a_stray_number_is_not_a_label() {
        let got = labels(
            "回顾其决议，\n1. 请秘书长提交报告；\n2. 决定继续审议；\n110. 请秘书长每年报告。",
            Mode::Resolution,
        );
        let labels: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["PP1", "OP1", "OP2"]);
        assert!(
            got[2].1.ends_with("110. 请秘书长每年报告。"),
            "{:?}",
            got[2]
        );
    }

    #[test]
    fn page_breaks_join_and_headings_do_not() {
        let got = labels(
            "认识到技术合作，\n5. 鼓励各国分享经\n验、挑战和所需援助信息；\n技术合作和普遍定期审议\n6. 认识到技术合作是有益工具；",
            Mode::Resolution,
        );
        assert_eq!(got[1].1, "5. 鼓励各国分享经验、挑战和所需援助信息；");
        assert_eq!(
            got[2],
            (String::new(), "技术合作和普遍定期审议".to_string())
        );
    }

    #[test]
    fn narrative_paragraphs_are_text_units() {
        let got = labels(
            "一.\n导言\n1. 工作组举行了会议。\n2. 委员会审议了议程。\n透明度措施\n提高透明度至关重要。",
            Mode::Narrative,
        );
        let labels: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["", "P1", "P2", "", "T3"]);
        assert_eq!(got[0].1, "一. 导言");
    }
}
