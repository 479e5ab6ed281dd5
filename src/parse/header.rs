//! Header lines: what each says (organ, session, agenda item, adoption line,
//! sponsors or submitter, number, symbol, dates), read line by line, and the
//! readers of the values they hold (Chinese numerals, sponsor lists, dates).

use unicode_normalization::UnicodeNormalization;

use super::lines::{compact, ends_complete, is_page_of, pattern, Line, SYMBOL};
use crate::resolution::{DocumentKind, Language, Organ, Sponsor};

/// What a header line says.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderLine {
    /// `第二十一届会议`, `第十七届特别会议`.
    Session {
        /// The session's number.
        number: u64,
        /// A special session.
        special: bool,
    },
    /// `2023年届会`, `2023年实质性会议`: a session named by its year.
    YearSession(u64),
    /// A line of dates only: the date of issue, or a session's range
    /// (`2022年7月25日至2023年7月26日`).
    Dates(Option<String>),
    /// `议程项目 10`, `议程项目19(c) 标题`: the items as written, and the
    /// agenda title when it is on the same line.
    Agenda {
        /// The items as written: `10`, `69 (b)`, `2 和 3`.
        written: String,
        /// The agenda title written on the same line, if any.
        title: Option<String>,
    },
    /// `2023年7月25日经济及社会理事会决议`, `人权理事会通过的决议`.
    Adopted {
        /// The date of adoption, if the line has one.
        date: Option<String>,
        /// Resolution or decision.
        kind: DocumentKind,
    },
    /// `[根据全体会议审议的一项提案(E/2023/L.19)通过]`.
    Basis {
        /// The symbol of the proposal or report, if any.
        symbol: Option<String>,
    },
    /// `安哥拉、澳大利亚*、…：决议草案`, `古巴： *， ** 决议草案`.
    Sponsors {
        /// Draft resolution, draft decision or amendment.
        kind: DocumentKind,
        /// The states, as written.
        sponsors: Vec<Sponsor>,
    },
    /// A text submitted by someone other than a list of states: an officer's
    /// draft, a working paper, a proposal.
    Submitted {
        /// What was submitted.
        kind: DocumentKind,
        /// Who submitted it.
        submitter: String,
    },
    /// A line that names a document's kind and is its title: a letter or
    /// note verbale, a report.
    DocumentTitle {
        /// Letter or report.
        kind: DocumentKind,
        /// Who wrote it, where the line says so.
        submitter: Option<String>,
    },
    /// `21/...`, `70/169. 标题`, `G (70)号决定`: the number, and the title
    /// when it is on the same line.
    Number {
        /// The number as the index keeps it: `21/...`, `70/169`.
        number: String,
        /// The title on the same line, as written.
        title: Option<String>,
    },
    /// A masthead line with the symbol (`A/HRC/RES/21/21`, `联合国  A/RES/70/169`).
    Symbol(String),
    /// `Distr.: General`, `Chinese`, `Original: English`, `大会  Distr.: General`.
    Masthead,
}

pattern!(
    SESSION_LINE,
    r"^第\s*([〇零一二三四五六七八九十百千两\d]{1,12})\s*届\s*(特别)?\s*会议$"
);
pattern!(
    YEAR_SESSION,
    r"^(\d{4})\s*年\s*(?:实质性|组织|续|恢复)?\s*(?:届会|会议)$"
);
pattern!(
    AGENDA,
    r"^议程项目\s*(\d+\s*(?:\([a-zA-Z]\))?(?:\s*(?:和|及|、|,|，)\s*\d+\s*(?:\([a-zA-Z]\))?)*)\s*(.*)$"
);
pattern!(AGENDA_ITEM, r"\d+\s*(?:\([a-zA-Z]\))?");
// `21/...`, `70/169.`, `S-17/1.`, `2023/10.`: the session (special sessions
// `S-`), the number or dots, the full stop after it, and the title.
pattern!(
    NUMBER,
    r"^((?:S\s*-\s*)?\d{1,4})\s*/\s*(\d{1,4}|\.{2,}|…+)(\s*[.．])?(?:\s+|$)(.*)$"
);
pattern!(
    LETTER_NUMBER,
    r"^([A-Z]\s*\(\s*\d{1,3}\s*\))\s*号(决定|决议)$"
);
pattern!(
    SPONSORS,
    r"^(.+?)\s*[:：]\s*((?:[*＊]+\s*[，,、]?\s*)*)(?:经订正的|经修正的|经口头订正的)?\s*(决议草案|决定草案|修正案)\s*$"
);
pattern!(
    SUBMITTED_DRAFT,
    r"^(.{2,80}?)(?:在.{1,20}基础上)?提出的(?:订正)?(决议草案|决定草案)$"
);
pattern!(WORKING_PAPER, r"^(.{2,80}?)提交的(?:订正)?工作文件$");
pattern!(PROPOSAL, r"^(.{2,60}?)的(?:订正)?提案$");
pattern!(
    LETTER,
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?(.{2,60}?)给.{1,60}的(?:信|普通照会|照会)$"
);
pattern!(REPORT, r"^.{2,100}的(?:报告|年度报告|临时报告)$");
pattern!(
    CHINESE_DATE,
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
);
pattern!(
    ENGLISH_DATE,
    r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})"
);
// `25 July 2022–26 July 2023`, `19 June–14 July 2023`, `18 and 19 April
// 2023`, `12-14 June 2023`.
pattern!(
    ENGLISH_DATE_RANGE,
    r"^\d{1,2}(?:\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?)?\s*(?:[-–—]|to|and)\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}$"
);
pattern!(DISTR, r"Distr\.?\s*[:：]\s*(?:General|Limited|Restricted)?");
pattern!(
    MASTHEAD,
    r"^(?:Distr\.?\s*[:：]|Chinese$|English$|Original\s*[:：]|中文$|原文\s*[:：]|供参考$|供作决定$|供讨论$|For information$|For decision$|For discussion$)"
);

/// What a header line says, if it is one.
///
/// Strict enough not to take a body line for one: body lines end with
/// punctuation, and a page break can make one begin with `第 18/18 号…`.
pub fn header_line(line: &Line) -> Option<HeaderLine> {
    match line.lang {
        Language::Chinese => chinese_header_line(line),
        Language::English => english_header_line(line),
    }
    .or_else(|| shared_header_line(line))
}

/// The lines both languages write alike: the number, the symbol, the
/// masthead.
fn shared_header_line(line: &Line) -> Option<HeaderLine> {
    let plain = line.plain.as_str();
    if is_number_line(plain) {
        let c = NUMBER.captures(plain)?;
        let session: String = c[1].split_whitespace().collect();
        let title = written_from(line, c.get(4).map_or(plain.len(), |m| m.start())).trim();
        return Some(HeaderLine::Number {
            number: format!("{session}/{}", c[2].replace('…', "...")),
            title: (!title.is_empty()).then(|| title.to_string()),
        });
    }
    if let Some(symbol) = header_symbol(plain) {
        return Some(HeaderLine::Symbol(symbol));
    }
    if MASTHEAD.is_match(plain) || masthead_organ(plain) {
        return Some(HeaderLine::Masthead);
    }
    None
}

fn chinese_header_line(line: &Line) -> Option<HeaderLine> {
    let plain = line.plain.as_str();
    let short = |limit: usize| plain.chars().count() <= limit;
    if let Some(c) = SESSION_LINE.captures(plain) {
        return Some(HeaderLine::Session {
            number: parse_number(&c[1])?,
            special: c.get(2).is_some(),
        });
    }
    if let Some(c) = YEAR_SESSION.captures(plain) {
        return Some(HeaderLine::YearSession(c[1].parse().ok()?));
    }
    if is_date_line(plain) {
        return Some(HeaderLine::Dates(date_only(plain)));
    }
    if let Some(c) = AGENDA.captures(plain).filter(|_| short(120)) {
        let rest = written_from(line, c.get(2).map_or(plain.len(), |m| m.start())).trim();
        return Some(HeaderLine::Agenda {
            written: c[1].trim().to_string(),
            title: (!rest.is_empty()).then(|| rest.to_string()),
        });
    }
    if let Some(header) = adopted_line(plain) {
        return Some(header);
    }
    if is_basis_line(plain) {
        return Some(HeaderLine::Basis {
            symbol: SYMBOL.captures(plain).map(|c| c[1].to_string()),
        });
    }
    if let Some(c) = SPONSORS.captures(plain).filter(|_| short(2000)) {
        let kind = match &c[3] {
            "决议草案" => DocumentKind::DraftResolution,
            "决定草案" => DocumentKind::DraftDecision,
            _ => DocumentKind::Amendment,
        };
        // Names from the text as written, not its NFKC form.
        let written = SPONSORS
            .captures(line.text.trim())
            .map(|w| w[1].to_string())
            .unwrap_or_else(|| c[1].to_string());
        return Some(HeaderLine::Sponsors {
            kind,
            sponsors: parse_sponsors(&written),
        });
    }
    if let Some(c) = SUBMITTED_DRAFT.captures(plain) {
        let kind = match &c[2] {
            "决议草案" => DocumentKind::DraftResolution,
            _ => DocumentKind::DraftDecision,
        };
        return Some(HeaderLine::Submitted {
            kind,
            submitter: written_prefix(line, c.get(1)?.end()),
        });
    }
    if let Some(c) = WORKING_PAPER.captures(plain) {
        return Some(HeaderLine::Submitted {
            kind: DocumentKind::WorkingPaper,
            submitter: written_prefix(line, c.get(1)?.end()),
        });
    }
    if let Some(c) = PROPOSAL.captures(plain) {
        return Some(HeaderLine::Submitted {
            kind: DocumentKind::Proposal,
            submitter: written_prefix(line, c.get(1)?.end()),
        });
    }
    if let Some(c) = LETTER.captures(plain) {
        let submitter = c[1].trim().to_string();
        return Some(HeaderLine::DocumentTitle {
            kind: DocumentKind::Letter,
            submitter: (!submitter.is_empty()).then_some(submitter),
        });
    }
    if REPORT.is_match(plain) && !ends_complete(plain) {
        return Some(HeaderLine::DocumentTitle {
            kind: DocumentKind::Report,
            submitter: None,
        });
    }
    if let Some(c) = LETTER_NUMBER.captures(plain) {
        return Some(HeaderLine::Number {
            number: compact(&c[1]),
            title: None,
        });
    }
    None
}

// The English header, line for line the same layout: `Fifty-third session`,
// `2023 session`, `Agenda item 12 (e)`, `Resolution adopted by the Economic
// and Social Council on 26 July 2023`, `[on the recommendation of …
// (E/2023/30)]`, `Albania, Andorra*, …: draft resolution`, `Draft resolution
// submitted by the Vice-President of the Council, …`, `Decision G (70)`.
pattern!(
    SESSION_LINE_EN,
    r"^([A-Za-z]+(?:-[a-z]+)?|\d{1,3}(?:st|nd|rd|th))\s+(special\s+)?session$"
);
pattern!(
    YEAR_SESSION_EN,
    r"^(\d{4})\s+(?:substantive\s+|organizational\s+|resumed\s+)?(?:session|meeting)$"
);
pattern!(
    AGENDA_EN,
    r"^Agenda\s+items?\s+(\d+\s*(?:\([a-zA-Z]\))?(?:\s*(?:,\s*and|and|,)\s*\d+\s*(?:\([a-zA-Z]\))?)*)\s*(.*)$"
);
pattern!(
    ADOPTED_EN,
    r"^(Resolution|Decision) adopted by the (.{5,60}?)(?:\s+on\s+(.+))?$"
);
pattern!(
    BASIS_EN,
    r"^\[\s*(?:on the (?:report|recommendation|proposal|basis)|without reference|adopted on)"
);
pattern!(
    SPONSORS_EN,
    r"^(.+?)\s*:\s*((?:[*＊]+\s*,?\s*)*)(?:revised |amended |orally revised )?(draft resolution|draft decision|amendments?)\s*$"
);
pattern!(
    SUBMITTED_DRAFT_EN,
    r"^(?:Revised )?[Dd]raft (resolution|decision) submitted by (?:the )?(.{2,200}?)(?:,? on the basis of .*)?$"
);
pattern!(
    WORKING_PAPER_EN,
    r"^(?:Revised )?[Ww]orking [Pp]aper submitted by (?:the )?(.{2,150})$"
);
pattern!(
    PROPOSAL_EN,
    r"^(?:Revised )?[Pp]roposal (?:submitted )?by (?:the )?(.{2,150})$"
);
pattern!(
    LETTER_EN,
    r"^(?:Letter|Note verbale|Identical letters) dated .{4,40}? from (?:the )?(.{2,160}?) (?:addressed )?to (?:the )?.{2,160}$"
);
pattern!(
    REPORT_EN,
    r"^(?:(?:Annual|Interim) )?[Rr]eport of (?:the )?.{2,200}$"
);
pattern!(
    LETTER_NUMBER_EN,
    r"^(Decision|Resolution)\s+([A-Z]\s*\(\s*\d{1,3}\s*\))$"
);

fn english_header_line(line: &Line) -> Option<HeaderLine> {
    let plain = line.plain.as_str();
    let short = |limit: usize| plain.chars().count() <= limit;
    if let Some(c) = YEAR_SESSION_EN.captures(plain) {
        return Some(HeaderLine::YearSession(c[1].parse().ok()?));
    }
    if let Some(c) = SESSION_LINE_EN.captures(plain) {
        if let Some(number) = english_ordinal(&c[1]) {
            return Some(HeaderLine::Session {
                number,
                special: c.get(2).is_some(),
            });
        }
    }
    if is_date_line(plain) {
        return Some(HeaderLine::Dates(date_only(plain)));
    }
    if let Some(c) = AGENDA_EN.captures(plain).filter(|_| short(200)) {
        let rest = c.get(2).map_or("", |m| m.as_str()).trim();
        return Some(HeaderLine::Agenda {
            written: c[1].trim().to_string(),
            title: (!rest.is_empty()).then(|| rest.to_string()),
        });
    }
    if let Some(c) = ADOPTED_EN.captures(plain).filter(|_| short(120)) {
        let names_organ = Organ::ALL
            .into_iter()
            .any(|organ| c[2].starts_with(organ.english_name()));
        if names_organ {
            let kind = match &c[1] {
                "Resolution" => DocumentKind::Resolution,
                _ => DocumentKind::Decision,
            };
            return Some(HeaderLine::Adopted {
                date: c.get(3).and_then(|date| find_date(date.as_str())),
                kind,
            });
        }
    }
    if BASIS_EN.is_match(plain) {
        return Some(HeaderLine::Basis {
            symbol: SYMBOL.captures(plain).map(|c| c[1].to_string()),
        });
    }
    if let Some(c) = SPONSORS_EN.captures(plain).filter(|_| short(3000)) {
        let kind = match &c[3] {
            "draft resolution" => DocumentKind::DraftResolution,
            "draft decision" => DocumentKind::DraftDecision,
            _ => DocumentKind::Amendment,
        };
        return Some(HeaderLine::Sponsors {
            kind,
            sponsors: parse_sponsors(&c[1]),
        });
    }
    if let Some(c) = SUBMITTED_DRAFT_EN.captures(plain).filter(|_| short(300)) {
        let kind = match &c[1] {
            "resolution" => DocumentKind::DraftResolution,
            _ => DocumentKind::DraftDecision,
        };
        return Some(HeaderLine::Submitted {
            kind,
            submitter: c[2].trim().to_string(),
        });
    }
    if let Some(c) = WORKING_PAPER_EN
        .captures(plain)
        .filter(|_| !ends_complete(plain))
    {
        return Some(HeaderLine::Submitted {
            kind: DocumentKind::WorkingPaper,
            submitter: c[1].trim().to_string(),
        });
    }
    if let Some(c) = PROPOSAL_EN
        .captures(plain)
        .filter(|_| !ends_complete(plain))
    {
        return Some(HeaderLine::Submitted {
            kind: DocumentKind::Proposal,
            submitter: c[1].trim().to_string(),
        });
    }
    if let Some(c) = LETTER_EN.captures(plain).filter(|_| !ends_complete(plain)) {
        return Some(HeaderLine::DocumentTitle {
            kind: DocumentKind::Letter,
            submitter: Some(c[1].trim().to_string()),
        });
    }
    if REPORT_EN.is_match(plain) && !ends_complete(plain.trim_end_matches(['*', ' '])) {
        return Some(HeaderLine::DocumentTitle {
            kind: DocumentKind::Report,
            submitter: None,
        });
    }
    if let Some(c) = LETTER_NUMBER_EN.captures(plain) {
        return Some(HeaderLine::Number {
            number: compact(&c[2]),
            title: None,
        });
    }
    None
}

/// An English ordinal as sessions are named: `Fifty-third`, `53rd`,
/// `Twentieth`, `First`.
pub fn english_ordinal(written: &str) -> Option<u64> {
    let word = written.to_ascii_lowercase();
    if let Some(digits) = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    {
        return digits.parse().ok();
    }
    const UNITS: [&str; 20] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [(&str, &str); 8] = [
        ("twenty", "twentieth"),
        ("thirty", "thirtieth"),
        ("forty", "fortieth"),
        ("fifty", "fiftieth"),
        ("sixty", "sixtieth"),
        ("seventy", "seventieth"),
        ("eighty", "eightieth"),
        ("ninety", "ninetieth"),
    ];
    if let Some(n) = UNITS.iter().position(|u| !u.is_empty() && *u == word) {
        return Some(n as u64);
    }
    for (at, (tens, tenth)) in TENS.iter().enumerate() {
        let base = 20 + 10 * at as u64;
        if word == *tenth {
            return Some(base);
        }
        if let Some(unit) = word.strip_prefix(tens).and_then(|r| r.strip_prefix('-')) {
            let n = UNITS
                .iter()
                .take(10)
                .position(|u| !u.is_empty() && *u == unit)?;
            return Some(base + n as u64);
        }
    }
    None
}

/// `大会  Distr.: General`: an organ's name beside the distribution.
fn masthead_organ(plain: &str) -> bool {
    Organ::ALL.into_iter().any(|organ| {
        [organ.chinese_name(), organ.english_name()]
            .into_iter()
            .any(|name| {
                plain
                    .strip_prefix(name)
                    .is_some_and(|rest| DISTR.is_match(rest.trim()))
            })
    })
}

/// The organ a masthead line names (`大会  Distr.: General`).
pub fn masthead_organ_of(plain: &str) -> Option<Organ> {
    Organ::ALL.into_iter().find(|organ| {
        [organ.chinese_name(), organ.english_name()]
            .into_iter()
            .any(|name| {
                plain
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
            })
    })
}

/// A line holding the resolution's number, alone (`21/...`, `5/1`) or
/// before the title (`70/169. 标题`, `S-17/1. 标题`, `19/... 标题`); not a
/// reference such as `18/18 号决议，` that a page break put at the start of
/// a line, nor page 2 of 5.
pub fn is_number_line(plain: &str) -> bool {
    !is_page_of(plain)
        && NUMBER.captures(plain).is_some_and(|c| {
            let rest = c[4].trim();
            (rest.is_empty() || c.get(3).is_some() || c[2].starts_with(['.', '…']))
                && !ends_complete(rest)
        })
}

/// The adoption line of an adopted text: `2015年12月17日大会决议`,
/// `人权理事会2013年9月26日通过的决议`, `人权理事会通过的决议`.
fn adopted_line(plain: &str) -> Option<HeaderLine> {
    if plain.chars().count() > 40 {
        return None;
    }
    let kind = if plain.ends_with("决议") {
        DocumentKind::Resolution
    } else if plain.ends_with("决定") {
        DocumentKind::Decision
    } else {
        return None;
    };
    let date = find_date(plain);
    let names_organ = Organ::ALL
        .into_iter()
        .any(|organ| plain.contains(organ.chinese_name()));
    let starts_with_date = CHINESE_DATE.find(plain).is_some_and(|m| m.start() == 0);
    (names_organ && (starts_with_date || plain.contains("通过的")))
        .then_some(HeaderLine::Adopted { date, kind })
}

/// The bracketed line of an adopted text that says on whose report or
/// proposal it was adopted: `[根据第三委员会的报告(A/70/489/Add.2)通过]`.
fn is_basis_line(plain: &str) -> bool {
    plain.starts_with(['[', '【']) && plain.contains("根据") && plain.contains("通过")
}

/// The document symbol of a header line that carries nothing else but the
/// organ, `联合国` or the distribution (`联合国  A/RES/70/169`). A symbol
/// named inside other text is another document's.
fn header_symbol(plain: &str) -> Option<String> {
    // `E/2023/82.`: a footnote citing a document, not a masthead.
    if plain.starts_with(['[', '【']) || plain.ends_with('.') {
        return None;
    }
    let found = SYMBOL.captures(plain)?.get(1)?;
    // Mastheads space their characters out: `联 合 国`, `大  会`.
    let rest: String = plain[..found.start()]
        .chars()
        .chain(plain[found.end()..].chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut rest = DISTR.replace_all(&rest, "").into_owned();
    let names = ["联合国".to_string(), "UnitedNations".to_string()]
        .into_iter()
        .chain(Organ::ALL.map(|organ| organ.chinese_name().to_string()))
        .chain(Organ::ALL.map(|organ| compact(organ.english_name())));
    for name in names {
        rest = rest.replace(&name, "");
    }
    rest.trim_matches(|c: char| c.is_whitespace() || c == '*')
        .is_empty()
        .then(|| found.as_str().to_string())
}

/// The line's text from where its NFKC form reaches `plain_start`: how a
/// match found in `plain` is taken back in the text as written (so that a
/// title keeps its full-width `：`).
fn written_from(line: &Line, plain_start: usize) -> &str {
    if line.text.is_ascii() {
        let start = line.text.len() - line.text.trim_start().len() + plain_start;
        return line.text.get(start..).unwrap_or("");
    }
    let mut plain_len = line.text.len() - line.text.trim_start().len();
    for (i, c) in line.text.char_indices() {
        if plain_len >= plain_start {
            return &line.text[i..];
        }
        plain_len += std::iter::once(c).nfkc().map(char::len_utf8).sum::<usize>();
    }
    ""
}

/// The line's text as written up to where its NFKC form reaches `plain_end`.
fn written_prefix(line: &Line, plain_end: usize) -> String {
    let rest = written_from(line, plain_end);
    line.text[..line.text.len() - rest.len()].trim().to_string()
}

/// The date of a line that is only a date (`2016年2月22日`, `19 March 2012`).
fn date_only(plain: &str) -> Option<String> {
    let found = CHINESE_DATE
        .find(plain)
        .or_else(|| ENGLISH_DATE.find(plain))?;
    (found.start() == 0 && plain[found.end()..].trim().is_empty())
        .then(|| find_date(plain))
        .flatten()
}

/// A line of dates only: a date, or a session's range of dates
/// (`2022年7月25日至2023年7月26日`, `2011年8月22日和23日`, `2023年2月21至3月1日`).
pub fn is_date_line(plain: &str) -> bool {
    if ENGLISH_DATE_RANGE.is_match(plain) {
        return true;
    }
    if !plain.starts_with(|c: char| c.is_ascii_digit()) || find_date(plain).is_none() {
        return false;
    }
    let rest = CHINESE_DATE.replace_all(plain, "");
    let rest = ENGLISH_DATE.replace_all(&rest, "");
    rest.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "年月日至和到及-–—,，".contains(c))
}

/// The English names of the months, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The first date in a line, as `YYYY-MM-DD`, if it is a real date.
pub fn find_date(plain: &str) -> Option<String> {
    let (y, m, d) = if let Some(c) = CHINESE_DATE.captures(plain) {
        (
            c[1].parse::<u32>().ok()?,
            c[2].parse::<u32>().ok()?,
            c[3].parse::<u32>().ok()?,
        )
    } else {
        let c = ENGLISH_DATE.captures(plain)?;
        let m = MONTHS.iter().position(|name| *name == &c[2])? as u32 + 1;
        (c[3].parse().ok()?, m, c[1].parse().ok()?)
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
}

/// Each agenda item of an agenda line, normalised: `2 和 3` → `["2", "3"]`,
/// `69 (b)` → `["69(b)"]`.
pub fn agenda_items(written: &str) -> Vec<String> {
    let plain: String = written.nfkc().collect();
    AGENDA_ITEM
        .find_iter(&plain)
        .map(|m| m.as_str().replace(' ', "").to_lowercase())
        .collect()
}

/// A title as the metadata keeps it: without a trailing footnote mark.
pub fn clean_title(title: &str) -> String {
    title.trim_end_matches(['*', '＊', ' ']).trim().to_string()
}

/// Splits `安哥拉、澳大利亚*、…` into sponsors, `*` marking non-members.
pub fn parse_sponsors(list: &str) -> Vec<Sponsor> {
    list.split(['、', ','])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            let bare = name.trim_end_matches(['*', '＊', ' ']);
            Sponsor {
                name: bare.to_string(),
                non_member: bare.len() != name.len(),
            }
        })
        .filter(|sponsor| !sponsor.name.is_empty())
        .collect()
}

/// Reads a session number written in Chinese numerals or digits: 二十一 → 21,
/// 一百零五 → 105, 21 → 21. `None` for anything else, or a number past
/// what a session can be.
pub fn parse_number(written: &str) -> Option<u64> {
    let written = written.trim();
    if written.chars().all(|c| c.is_ascii_digit()) {
        return written.parse().ok().filter(|&n| n <= 9999);
    }
    let mut total = 0u64;
    let mut current = 0u64;
    let mut seen_digit = false;
    for c in written.chars() {
        let digit = match c {
            '〇' | '零' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = digit {
            current = current.checked_mul(10)?.checked_add(d)?;
            seen_digit = true;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total = total.checked_add(current.max(1).checked_mul(unit)?)?;
        current = 0;
        seen_digit = true;
    }
    let value = total.checked_add(current)?;
    (seen_digit && value <= 9999).then_some(value)
}

/// The organ whose symbols look like `symbol`.
pub fn organ_of_symbol(symbol: &str) -> Option<Organ> {
    if symbol.starts_with("A/HRC/") {
        Some(Organ::HumanRightsCouncil)
    } else if symbol.starts_with("E/CN.4/") {
        Some(Organ::CommissionOnHumanRights)
    } else if symbol.starts_with("E/") {
        Some(Organ::EconomicAndSocialCouncil)
    } else if symbol.starts_with("A/") {
        Some(Organ::GeneralAssembly)
    } else {
        None
    }
}

/// The session in a symbol: 21 in `A/HRC/RES/21/1` or `A/HRC/21/L.28`, 70 in
/// `A/RES/70/169`, 2023 in `E/RES/2023/2` or `E/2023/L.19`.
pub fn session_of_symbol(symbol: &str) -> Option<u64> {
    let parts: Vec<&str> = symbol.split('/').collect();
    let start = match parts.as_slice() {
        ["A", "HRC", "RES" | "DEC", ..] => 3,
        ["A", "HRC", ..] | ["A", "RES" | "DEC", ..] | ["E", "RES" | "DEC", ..] => 2,
        ["E", year, ..] if year.len() == 4 => 1,
        _ => return None,
    };
    let part = parts.get(start)?;
    part.trim_start_matches("S-").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<HeaderLine> {
        header_line(&super::super::lines::split_lines(text)[0])
    }

    #[test]
    fn chinese_numerals() {
        for (written, value) in [
            ("十", 10),
            ("十七", 17),
            ("二十一", 21),
            ("七十五", 75),
            ("一百", 100),
            ("一百零五", 105),
            ("21", 21),
        ] {
            assert_eq!(parse_number(written), Some(value), "{written}");
        }
        assert_eq!(parse_number("届"), None);
        assert_eq!(parse_number(""), None);
        // Twenty numerals overflow no integer: they are refused.
        assert_eq!(parse_number(&"九".repeat(20)), None);
        assert_eq!(parse_number("99999999999999999999999"), None);
    }

    #[test]
    fn sessions_from_symbols() {
        assert_eq!(session_of_symbol("A/HRC/RES/21/1"), Some(21));
        assert_eq!(session_of_symbol("A/HRC/21/L.28"), Some(21));
        assert_eq!(session_of_symbol("A/RES/70/169"), Some(70));
        assert_eq!(session_of_symbol("E/2023/L.19"), Some(2023));
        assert_eq!(session_of_symbol("E/RES/2023/2"), Some(2023));
    }

    #[test]
    fn sponsors_keep_their_non_member_mark() {
        let sponsors = parse_sponsors("安哥拉、澳大利亚*、伊朗(伊斯兰共和国)*");
        let names: Vec<(&str, bool)> = sponsors
            .iter()
            .map(|s| (s.name.as_str(), s.non_member))
            .collect();
        assert_eq!(
            names,
            [
                ("安哥拉", false),
                ("澳大利亚", true),
                ("伊朗(伊斯兰共和国)", true)
            ]
        );
    }

    #[test]
    fn header_lines_of_every_layout() {
        assert_eq!(
            read("第二十一届会议"),
            Some(HeaderLine::Session {
                number: 21,
                special: false
            })
        );
        assert_eq!(read("2023年届会"), Some(HeaderLine::YearSession(2023)));
        assert_eq!(
            read("2022年7月25日至2023年7月26日"),
            Some(HeaderLine::Dates(None))
        );
        assert_eq!(
            read("议程项目19 (c)"),
            Some(HeaderLine::Agenda {
                written: "19 (c)".into(),
                title: None
            })
        );
        assert_eq!(
            read("2023年7月25日经济及社会理事会决议"),
            Some(HeaderLine::Adopted {
                date: Some("2023-07-25".into()),
                kind: DocumentKind::Resolution
            })
        );
        assert_eq!(
            read("[根据全体会议审议的一项提案(E/2023/L.19)通过]"),
            Some(HeaderLine::Basis {
                symbol: Some("E/2023/L.19".into())
            })
        );
        assert_eq!(
            read("理事会副主席葆拉·纳瓦埃斯(智利)在非正式协商基础上提出的决议草案"),
            Some(HeaderLine::Submitted {
                kind: DocumentKind::DraftResolution,
                submitter: "理事会副主席葆拉·纳瓦埃斯(智利)".into()
            })
        );
        assert_eq!(
            read("古巴： *， ** 决议草案"),
            Some(HeaderLine::Sponsors {
                kind: DocumentKind::DraftResolution,
                sponsors: vec![Sponsor {
                    name: "古巴".into(),
                    non_member: false
                }]
            })
        );
        assert_eq!(
            read("2023年4月26日乌克兰常驻联合国代表团给秘书长的普通照会"),
            Some(HeaderLine::DocumentTitle {
                kind: DocumentKind::Letter,
                submitter: Some("乌克兰常驻联合国代表团".into())
            })
        );
        assert_eq!(
            read("G (70)号决定"),
            Some(HeaderLine::Number {
                number: "G(70)".into(),
                title: None
            })
        );
        assert_eq!(
            read("2023/10. 将性别观点纳入联合国系统所有政策和方案的主流"),
            Some(HeaderLine::Number {
                number: "2023/10".into(),
                title: Some("将性别观点纳入联合国系统所有政策和方案的主流".into())
            })
        );
        // Body lines are not header lines.
        for body in [
            "18/18 号决议，",
            "第 37 次会议的记录，",
            "决定在第二十三届会议上继续审议此问题。",
            "见《大会第七十七届会议正式记录，补编第3号》(A/77/3)。",
        ] {
            assert_eq!(read(body), None, "{body}");
        }
    }
}
