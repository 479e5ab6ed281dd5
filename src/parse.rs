//! Parsing: the text of one resolution in, a [`Resolution`] with its metadata
//! and labelled paragraphs out. Knows nothing of files or of the index.
//!
//! The layout it reads is described in the project's FORMAT notes: a header
//! block (organ, session, agenda item and title, sponsors, number, title),
//! the organ as subject (`人权理事会，`), unnumbered preambular paragraphs,
//! numbered operative paragraphs, optional section headings; and the
//! artefacts of PDF extraction (footnotes and page furniture inside the
//! text, paragraphs split by page breaks, markdown escapes, one paragraph a
//! line, a header moved to the end).

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::resolution::{DocumentKind, Organ, Paragraph, ParagraphKind, Resolution, Sponsor};

/// Parses the text of one resolution.
///
/// Never fails on a text that holds at least one paragraph: whatever part of
/// the header cannot be understood is left empty and explained in
/// [`Resolution::warnings`]. Fails with a reason when no paragraph is found.
pub fn parse_resolution(text: &str) -> Result<Resolution, String> {
    let lines: Vec<Line> = text.lines().filter_map(Line::new).collect();
    if lines.is_empty() {
        return Err("the text is empty".to_string());
    }
    let mut resolution = Resolution::default();

    let anchor = lines
        .iter()
        .position(|line| subject_organ(&line.plain).is_some());
    let (header_lines, body_lines) = match anchor {
        Some(at) => {
            resolution.organ = subject_organ(&lines[at].plain);
            (&lines[..at], &lines[at + 1..])
        }
        None => {
            let header_len = leading_header_len(&lines);
            (&lines[..header_len], &lines[header_len..])
        }
    };

    let body = classify_body(body_lines);
    let mut header: Vec<&Line> = header_lines.iter().collect();
    header.extend(body.trailing_header.iter().copied());
    let issue_date = read_header(&header, &mut resolution);
    resolution.footnotes = body.footnotes.iter().map(|l| l.text.clone()).collect();
    resolution.adoption = body.adoption;
    // The date of adoption (`2015年12月17日大会决议`, or the meeting's date
    // in the closing block) before the date the document was issued.
    resolution.date = resolution.date.take().or(body.closing_date).or(issue_date);

    resolution.paragraphs = label_paragraphs(join_units(&body.events));
    for paragraph in &mut resolution.paragraphs {
        paragraph.citations = crate::citations::extract_citations(&paragraph.text);
    }
    if resolution.paragraphs.is_empty() {
        return Err(match anchor {
            Some(at) => format!(
                "no paragraphs found after the opening line `{}`",
                lines[at].text
            ),
            None if body_lines.is_empty() => "no paragraphs found: every line reads as \
                 header (organ, session, agenda item, sponsors, number, title or date)"
                .to_string(),
            None => "no paragraphs found in the text".to_string(),
        });
    }
    infer_missing(&mut resolution);
    if anchor.is_none() {
        resolution.warnings.push(
            "no opening line naming the organ (such as `人权理事会，`) was found; \
             paragraphs were read from the start of the text"
                .to_string(),
        );
    }
    for (missing, what) in [
        (resolution.organ.is_none(), "organ"),
        (resolution.session.is_none(), "session"),
        (resolution.title.is_none(), "title"),
    ] {
        if missing {
            resolution
                .warnings
                .push(format!("the {what} could not be read from the header"));
        }
    }
    Ok(resolution)
}

/// One non-blank line, cleaned of markdown marks.
#[derive(Debug, Clone)]
struct Line {
    /// The text as it will be shown and indexed.
    text: String,
    /// NFKC form of `text`, which the patterns below read (full-width
    /// digits and parentheses become ASCII).
    plain: String,
    /// A markdown heading (`#### …`).
    heading_mark: bool,
}

impl Line {
    fn new(raw: &str) -> Option<Line> {
        // A byte order mark or zero-width space left by the extraction is
        // not text (`str::trim` keeps both).
        let mut text =
            raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}');
        let mut heading_mark = false;
        if let Some(rest) = text.strip_prefix('#') {
            heading_mark = true;
            text = rest.trim_start_matches('#').trim();
        }
        let text = unescape_markdown(text);
        let text = text.trim().to_string();
        if text.is_empty() {
            return None;
        }
        let plain: String = text.nfkc().collect();
        Some(Line {
            text,
            plain,
            heading_mark,
        })
    }
}

/// Removes markdown backslash escapes (`\*` → `*`) and bold marks (`**`).
fn unescape_markdown(text: &str) -> String {
    let text = text.replace("**", "");
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

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid pattern"));
    };
}

// Patterns read the NFKC form of a line.
pattern!(
    SESSION,
    r"第\s*([〇零一二三四五六七八九十百千两\d]+)\s*届\s*(特别)?\s*会议"
);
pattern!(
    ECOSOC_SESSION,
    r"^(\d{4})\s*年\s*(?:实质性|组织)?\s*(?:届会|会议)"
);
pattern!(
    AGENDA,
    r"^议程项目\s*(\d+\s*(?:\([a-zA-Z]\))?(?:\s*(?:和|及|、|,|，)\s*\d+\s*(?:\([a-zA-Z]\))?)*)\s*(.*)$"
);
pattern!(AGENDA_ITEM, r"\d+\s*(?:\([a-zA-Z]\))?");
pattern!(
    SESSION_LINE,
    r"^第\s*[〇零一二三四五六七八九十百千两\d]+\s*届\s*(?:特别)?\s*会议"
);
// `21/...`, `70/169.`, `S-17/1.`: the session (special sessions `S-`), the
// number or dots, the full stop after it, and what follows (the title).
pattern!(
    NUMBER,
    r"^((?:S\s*-\s*)?\d{1,4})\s*/\s*(\d{1,4}|\.{2,}|…+)(\s*[.．])?(?:\s+|$)(.*)$"
);
pattern!(
    SYMBOL,
    r"(?:^|[^A-Za-z0-9/.])((?:A|E)/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]*\d[A-Z0-9.\-]*(?:/(?:Add|Rev|Corr)\.\d+)*)"
);
pattern!(
    SPONSORS,
    r"^(.+?)\s*[:：]\s*(?:经订正的|经修正的|经口头订正的)?\s*(决议草案|决定草案|修正案)\s*$"
);
pattern!(OPERATIVE_NUMBER, r"^(\d{1,3})\s*[.．、]\s*(?:[^\d]|$)");
pattern!(OPERATIVE_PREFIX, r"^[0-9０-９]{1,3}\s*[.．、]\s*");
pattern!(
    SUB_PARAGRAPH,
    r"^\(\s*(?:[a-z]{1,2}|[ivx]{1,5}|[一二三四五六七八九十]{1,3})\s*\)"
);
pattern!(
    SECTION_NUMBER,
    r"^(?:[A-Z]|[IVX]{1,5}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*\S"
);
pattern!(
    CHINESE_DATE,
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
);
pattern!(
    ENGLISH_DATE,
    r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})"
);
pattern!(MEETING, r"^第\s*\d+\s*次(?:全体)?会议");
pattern!(VOTE, r"^以\s*\d+\s*票(?:赞成)?\s*对");
pattern!(VOTE_LIST, r"^(?:赞成|反对|弃权)\s*[:：]");
pattern!(PAGE_NUMBER, r"^[-–—\s]*\d{1,3}[-–—\s]*$|^第\s*\d+\s*页");
// `2/5`: page 2 of 5, as General Assembly texts number their pages.
pattern!(PAGE_OF, r"^(\d{1,3})\s*/\s*(\d{1,3})$");
pattern!(DISTR, r"Distr\.?\s*[:：]\s*(?:General|Limited|Restricted)?");
pattern!(
    FURNITURE,
    r"^(?:GE\.\d|\d{2}-\d{5}(?:\s|\(|$)|Distr\.?\s*[:：]|Chinese\b|Original\s*[:：]|\*\d{5,}\*|请回收|Please recycle|联合国$|United Nations$|-{3,}$|_{3,}$|\*{3,}$)"
);

/// The organ of a line that is only the organ as subject: `人权理事会，`.
fn subject_organ(plain: &str) -> Option<Organ> {
    let name = plain.strip_suffix(['，', ','])?.trim();
    Organ::from_name(name).filter(|organ| organ.chinese_name() == name)
}

/// A line that begins with an organ's name, as in a header (`人权理事会`,
/// `大会  Distr.: General`).
fn organ_line(plain: &str) -> Option<Organ> {
    Organ::ALL.into_iter().find(|organ| {
        plain
            .strip_prefix(organ.chinese_name())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

/// A line that is only an organ's name, possibly beside the distribution
/// or the symbol (`大会  Distr.: General`), as the header writes it. Stricter
/// than [`organ_line`], because a body line broken by a page break can
/// begin with `大会 2010 年…`.
fn organ_only_line(plain: &str) -> Option<Organ> {
    let organ = organ_line(plain)?;
    let rest = plain[organ.chinese_name().len()..].trim();
    let rest = DISTR.replace(rest, "");
    let rest = rest.trim();
    (rest.is_empty() || is_symbol_only(rest)).then_some(organ)
}

/// The document symbol of a header line that carries nothing else but the
/// organ, `联合国` or the distribution (`联合国  A/RES/70/169`). A symbol
/// named inside other text (`对决议草案 A/HRC/21/L.10 的修正案`, the
/// `[根据…(E/2023/L.19)通过]` line) is another document's.
fn header_symbol(plain: &str) -> Option<String> {
    if plain.starts_with(['[', '【']) {
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
    for name in ["联合国", "United Nations"]
        .into_iter()
        .chain(Organ::ALL.map(Organ::chinese_name))
    {
        rest = rest.replace(name, "");
    }
    rest.trim_matches(|c: char| c.is_whitespace() || c == '*')
        .is_empty()
        .then(|| found.as_str().to_string())
}

/// The line's text from where its NFKC form reaches `plain_start`: how a
/// match found in `plain` is taken back in the text as written (so that a
/// title keeps its full-width `：`).
fn written_from(line: &Line, plain_start: usize) -> &str {
    let mut plain_len = 0;
    for (i, c) in line.text.char_indices() {
        if plain_len >= plain_start {
            return &line.text[i..];
        }
        plain_len += std::iter::once(c).nfkc().map(char::len_utf8).sum::<usize>();
    }
    ""
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
/// (`2022年7月25日至2023年7月26日`, `2011年8月22日和23日`).
fn is_date_line(plain: &str) -> bool {
    if !plain.starts_with(|c: char| c.is_ascii_digit()) || find_date(plain).is_none() {
        return false;
    }
    let rest = CHINESE_DATE.replace_all(plain, "");
    let rest = ENGLISH_DATE.replace_all(&rest, "");
    rest.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "年月日至和到及-–—".contains(c))
}

/// The line of an adopted text that says who adopted it and when:
/// `2015年12月17日大会决议`, `人权理事会2013年9月26日通过的决议`.
fn is_adopted_line(plain: &str) -> bool {
    plain.chars().count() <= 40
        && (plain.ends_with("决议") || plain.ends_with("决定"))
        && CHINESE_DATE.is_match(plain)
}

/// The bracketed line of an adopted text that says on whose report or
/// proposal it was adopted: `[根据第三委员会的报告(A/70/489/Add.2)通过]`.
fn is_basis_line(plain: &str) -> bool {
    plain.starts_with(['[', '【']) && plain.contains("根据") && plain.contains("通过")
}

fn is_footnote(line: &Line) -> bool {
    let p = &line.plain;
    p.starts_with('*') && !p.starts_with("***") && !FURNITURE.is_match(p)
        || p.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
        || line
            .text
            .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

/// Page furniture: page numbers, job numbers (`GE.12-16184`, `15-22444 (C)`),
/// bar codes, distribution marks, running heads, markdown rules.
fn is_furniture(line: &Line) -> bool {
    let p = &line.plain;
    PAGE_NUMBER.is_match(p)
        || is_page_of(p)
        || FURNITURE.is_match(p)
        || is_symbol_only(p)
        || is_running_head(p)
}

fn is_page_of(plain: &str) -> bool {
    PAGE_OF.captures(plain.trim()).is_some_and(|c| {
        let page: u32 = c[1].parse().unwrap_or(u32::MAX);
        let pages: u32 = c[2].parse().unwrap_or(0);
        page >= 1 && page <= pages
    })
}

/// The head of a page after the first: the symbol and the short title, in
/// either order (`A/RES/70/169 享有安全饮用水…`, `… A/RES/70/169`).
fn is_running_head(plain: &str) -> bool {
    if plain.chars().count() > 80 || ends_complete(plain) {
        return false;
    }
    let Some(symbol) = SYMBOL.captures(plain).and_then(|c| c.get(1)) else {
        return false;
    };
    let (before, after) = (&plain[..symbol.start()], &plain[symbol.end()..]);
    (before.trim().is_empty() && after.starts_with(char::is_whitespace))
        || (after.trim().is_empty() && before.ends_with(char::is_whitespace))
}

fn is_symbol_only(plain: &str) -> bool {
    SYMBOL
        .captures(plain)
        .is_some_and(|c| c[1].len() + 2 >= plain.trim().len())
}

/// A line that only the header holds (organ, session, agenda item,
/// sponsors, number, the lines of an adopted text). Strict enough not to
/// take a body line for one: body lines end with punctuation, and a
/// page break can make one begin with `第 18/18 号…` or `大会 2010 年…`.
fn is_header_line(plain: &str) -> bool {
    let short_unfinished = |limit: usize| plain.chars().count() <= limit && !ends_complete(plain);
    organ_only_line(plain).is_some()
        || (SESSION_LINE.is_match(plain) && short_unfinished(30))
        || (ECOSOC_SESSION.is_match(plain) && short_unfinished(30))
        || (AGENDA.is_match(plain) && short_unfinished(80))
        || SPONSORS.is_match(plain)
        || is_number_line(plain)
        || is_adopted_line(plain)
        || is_basis_line(plain)
}

/// A line holding the resolution's number, alone (`21/...`) or before the
/// title (`70/169. 标题`, `S-17/1. 标题`, `19/... 标题`); not a reference
/// such as `18/18 号决议，` that a page break put at the start of a line.
fn is_number_line(plain: &str) -> bool {
    !is_page_of(plain)
        && NUMBER.captures(plain).is_some_and(|c| {
            c[4].trim().is_empty() || c.get(3).is_some() || c[2].starts_with(['.', '…'])
        })
}

/// A line of the closing block of an adopted text: meeting, adoption, vote.
fn is_closing_line(plain: &str) -> bool {
    MEETING.is_match(plain)
        || VOTE.is_match(plain)
        || VOTE_LIST.is_match(plain)
        || (plain.starts_with(['[', '【'])
            && (plain.contains("获得通过") || plain.contains("表决")))
}

/// The outcome of an adoption line, as written, without its brackets and
/// without the `表决情况如下：` that introduces the lists of votes.
fn adoption_outcome(text: &str) -> String {
    let outcome = text.trim().trim_matches(['[', ']', '【', '】']).trim();
    let end = ["通过。", "通过.", "通过"]
        .iter()
        .find_map(|end| outcome.find(end).map(|at| at + end.len()))
        .unwrap_or(outcome.len());
    outcome[..end].trim().to_string()
}

/// How many lines at the top of a text with no organ-as-subject line are
/// header: header-like lines, dates, the line after the number (the title)
/// and short unpunctuated lines (titles) before the first line that reads
/// as a paragraph.
fn leading_header_len(lines: &[Line]) -> usize {
    let mut len = 0;
    for (i, line) in lines.iter().enumerate() {
        let plain = &line.plain;
        let unfinished_short =
            !ends_complete(plain) && plain.chars().count() <= 60 && !starts_paragraph(plain);
        let after_number = i > 0
            && NUMBER
                .captures(&lines[i - 1].plain)
                .is_some_and(|c| c[4].trim().is_empty());
        if is_header_line(plain)
            || is_furniture(line)
            || is_footnote(line)
            || is_date_line(plain)
            || (plain.starts_with(['[', '【']) && plain.ends_with([']', '】']))
            || (unfinished_short
                && (after_number || lines[i + 1..].iter().any(|l| ends_complete(&l.plain))))
        {
            len = i + 1;
        } else {
            break;
        }
    }
    len
}

/// What the body holds, in order.
#[derive(Debug)]
enum Event<'a> {
    Heading(&'a Line),
    Content(&'a Line),
}

struct Body<'a> {
    events: Vec<Event<'a>>,
    footnotes: Vec<&'a Line>,
    trailing_header: Vec<&'a Line>,
    adoption: Option<String>,
    closing_date: Option<String>,
}

/// Sorts the body's lines into content, headings, footnotes, furniture and
/// the closing block; header lines met after the paragraphs (a header moved
/// to the end by extraction) are handed back for the header reader.
fn classify_body(lines: &[Line]) -> Body<'_> {
    let mut body = Body {
        events: Vec::new(),
        footnotes: Vec::new(),
        trailing_header: Vec::new(),
        adoption: None,
        closing_date: None,
    };
    // Once the closing block or a moved header starts, no more paragraphs.
    let mut trailing = false;
    // Inside the closing block (meeting, date, outcome, votes), as opposed
    // to a header moved to the end.
    let mut in_closing = false;
    // Inside the lists of states after `赞成：`, `反对：`, `弃权：`.
    let mut in_vote_list = false;
    for (i, line) in lines.iter().enumerate() {
        let plain = &line.plain;
        if is_footnote(line) {
            body.footnotes.push(line);
        } else if is_furniture(line) {
            continue;
        } else if is_closing_line(plain) {
            trailing = true;
            in_closing = true;
            in_vote_list = VOTE_LIST.is_match(plain);
            if body.adoption.is_none() && (VOTE.is_match(plain) || plain.starts_with(['[', '【']))
            {
                body.adoption = Some(adoption_outcome(&line.text));
            }
        } else if is_header_line(plain)
            && !line.heading_mark
            && (trailing || !continues_unfinished(&body.events))
        {
            trailing = true;
            in_closing = false;
            in_vote_list = false;
            body.trailing_header.push(line);
        } else if trailing {
            let closing_date = find_date(plain).filter(|_| in_closing && is_date_line(plain));
            if let Some(date) = closing_date {
                body.closing_date.get_or_insert(date);
            } else if !in_vote_list {
                // The title or agenda title of a header moved to the end.
                body.trailing_header.push(line);
            }
        } else if is_heading(lines, i, &body.events) {
            body.events.push(Event::Heading(line));
        } else {
            body.events.push(Event::Content(line));
        }
    }
    body
}

/// Whether the last line of content leaves its paragraph unfinished, so
/// that the next line continues it (a page break) whatever it looks like.
fn continues_unfinished(events: &[Event]) -> bool {
    matches!(events.last(), Some(Event::Content(prev)) if !ends_complete(&prev.plain))
}

/// Whether the line at `i` is a section heading: a markdown heading, or a
/// short unpunctuated line after a finished paragraph that is followed by
/// an operative paragraph (or is numbered like `A.` / `一、`).
fn is_heading(lines: &[Line], i: usize, events: &[Event]) -> bool {
    let line = &lines[i];
    if line.heading_mark {
        return true;
    }
    let plain = &line.plain;
    if ends_complete(plain) || plain.chars().count() > 60 || starts_paragraph(plain) {
        return false;
    }
    let after_finished = match events.last() {
        Some(Event::Content(prev)) => ends_complete(&prev.plain),
        Some(Event::Heading(_)) | None => true,
    };
    if !after_finished {
        return false;
    }
    let next = lines[i + 1..]
        .iter()
        .find(|l| !is_footnote(l) && !is_furniture(l));
    let next_is_operative =
        next.is_some_and(|l| OPERATIVE_NUMBER.is_match(&l.plain) || l.heading_mark);
    next_is_operative || SECTION_NUMBER.is_match(plain)
}

/// Whether text ends a paragraph: with `，；。：！？` (or ASCII ones), past
/// closing quotes and brackets.
fn ends_complete(plain: &str) -> bool {
    let trimmed = plain.trim_end_matches(['”', '’', '」', '』', ')', '）', ']', '"', '\'', ' ']);
    trimmed.ends_with([
        '，', '；', '。', '：', '！', '？', ',', ';', '.', ':', '!', '?',
    ])
}

/// Whether a line opens a paragraph of its own (numbered or lettered).
fn starts_paragraph(plain: &str) -> bool {
    OPERATIVE_NUMBER.is_match(plain) || SUB_PARAGRAPH.is_match(plain)
}

/// A paragraph before labelling: its text, its own number, its section.
#[derive(Debug)]
struct Unit {
    text: String,
    plain_end: String,
    number: Option<u32>,
    section: Option<String>,
}

/// Joins the body's lines into paragraphs: a line continues the previous
/// one when that one does not end a paragraph and this one does not start
/// one (a page break or a hard wrap); lettered sub-paragraphs belong to the
/// paragraph before them.
fn join_units(events: &[Event]) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut section: Option<String> = None;
    let mut last_was_heading = false;
    for event in events {
        let line = match event {
            Event::Heading(line) => {
                section = Some(line.text.trim_end_matches(['*', ' ']).to_string());
                last_was_heading = true;
                continue;
            }
            Event::Content(line) => line,
        };
        let text = strip_superscripts(&line.text);
        let number = OPERATIVE_NUMBER
            .captures(&line.plain)
            .and_then(|c| c[1].parse::<u32>().ok());
        let continues = !last_was_heading
            && units.last().is_some_and(|prev| {
                !ends_complete(&prev.plain_end) && !starts_paragraph(&line.plain)
            });
        let sub_paragraph =
            !last_was_heading && !units.is_empty() && SUB_PARAGRAPH.is_match(&line.plain);
        last_was_heading = false;
        if let (true, Some(prev)) = (continues, units.last_mut()) {
            if prev.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                && text.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                prev.text.push(' ');
            }
            prev.text.push_str(&text);
            prev.plain_end = line.plain.clone();
        } else if let (true, Some(prev)) = (sub_paragraph, units.last_mut()) {
            prev.text.push('\n');
            prev.text.push_str(&text);
            prev.plain_end = line.plain.clone();
        } else {
            let text = match number {
                Some(_) => OPERATIVE_PREFIX.replace(&text, "").into_owned(),
                None => text,
            };
            units.push(Unit {
                text,
                plain_end: line.plain.clone(),
                number,
                section: section.clone(),
            });
        }
    }
    units
}

fn strip_superscripts(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '¹' | '²' | '³' | '⁰' | '⁴'..='⁹'))
        .collect()
}

/// Labels paragraphs PP1… and OP<n>.
///
/// Where the operative paragraphs are numbered, the paragraphs before the
/// first number are preambular, and an unnumbered paragraph after it is a
/// further part of the operative paragraph before it. Where extraction lost
/// the numbers, the preamble runs as long as paragraphs end with `，` and
/// operative paragraphs are numbered in order from there.
fn label_paragraphs(units: Vec<Unit>) -> Vec<Paragraph> {
    let numbered = units.iter().any(|u| u.number.is_some());
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut preamble = true;
    let mut preambular_count = 0;
    let mut operative_count = 0;
    for unit in units {
        let operative_number = if numbered {
            match (unit.number, preamble) {
                (Some(n), _) => Some(n),
                (None, true) => None,
                (None, false) => {
                    if let Some(prev) = paragraphs.last_mut() {
                        prev.text.push('\n');
                        prev.text.push_str(&unit.text);
                        continue;
                    }
                    None
                }
            }
        } else if preamble && unit.plain_end.trim_end().ends_with(['，', ',']) {
            None
        } else {
            Some(operative_count + 1)
        };
        let (kind, number) = match operative_number {
            Some(n) => {
                preamble = false;
                operative_count += 1;
                (ParagraphKind::Operative, n)
            }
            None => {
                preambular_count += 1;
                (ParagraphKind::Preambular, preambular_count)
            }
        };
        paragraphs.push(Paragraph {
            citations: Vec::new(),
            label: format!("{}{}", kind.prefix(), number),
            kind,
            number,
            section: unit.section,
            text: unit.text,
        });
    }
    paragraphs
}

/// Reads the metadata from the header lines (those before the body, and
/// those of a header moved after it). Returns the date of issue (a line
/// that is only a date), which the caller uses when no date of adoption is
/// known.
fn read_header(lines: &[&Line], resolution: &mut Resolution) -> Option<String> {
    // A sponsor list wrapped over several lines ends its lines with `、`.
    let mut joined: Vec<Line> = Vec::new();
    for line in lines {
        match joined.last_mut() {
            Some(prev) if prev.plain.ends_with('、') => {
                prev.text.push_str(&line.text);
                prev.plain.push_str(&line.plain);
            }
            _ => joined.push((*line).clone()),
        }
    }

    let mut used = vec![false; joined.len()];
    let mut title_after: Option<usize> = None;
    let mut agenda_title_after: Option<usize> = None;
    // HRC texts head their first page with `大会` (the Council is a
    // subsidiary organ of the Assembly) and then `人权理事会`: the more
    // specific organ wins.
    let mut header_organ: Option<Organ> = None;
    let mut issue_date: Option<String> = None;
    for (i, line) in joined.iter().enumerate() {
        let plain = line.plain.trim();
        if let Some(symbol) = header_symbol(plain) {
            resolution.symbol.get_or_insert(symbol);
            used[i] = true;
        }
        if let Some(organ) = organ_line(plain) {
            if header_organ.is_none_or(|known| known == Organ::GeneralAssembly) {
                header_organ = Some(organ);
            }
            used[i] = true;
        }
        if let Some(c) = SESSION.captures(plain) {
            if resolution.session.is_none() {
                resolution.session = parse_number(&c[1]);
                resolution.special_session = c.get(2).is_some();
            }
            // Only a line that is the session: a title may name one.
            if SESSION_LINE.is_match(plain) {
                used[i] = true;
            }
        } else if let Some(c) = ECOSOC_SESSION.captures(plain) {
            resolution
                .session
                .get_or_insert_with(|| c[1].parse().unwrap_or(0));
            used[i] = true;
        }
        if let Some(c) = AGENDA.captures(plain) {
            let written = c[1].trim().to_string();
            resolution.agenda_items = agenda_items(&written);
            resolution.agenda_item = Some(written);
            let rest = written_from(line, c.get(2).map_or(plain.len(), |m| m.start())).trim();
            if rest.is_empty() {
                agenda_title_after = Some(i);
            } else {
                resolution.agenda_title = Some(rest.to_string());
            }
            used[i] = true;
        }
        if let Some(c) = SPONSORS.captures(plain) {
            resolution.kind = Some(match &c[2] {
                "决议草案" => DocumentKind::DraftResolution,
                "决定草案" => DocumentKind::DraftDecision,
                _ => DocumentKind::Amendment,
            });
            // Take the names from the text as written, not its NFKC form.
            let written = SPONSORS
                .captures(line.text.trim())
                .map(|w| w[1].to_string())
                .unwrap_or_else(|| c[1].to_string());
            resolution.sponsors = parse_sponsors(&written);
            used[i] = true;
        }
        // Before the body, `21/21` is the resolution's number, not page 21 of 21.
        let number_shaped =
            is_number_line(plain) || (resolution.number.is_none() && is_page_of(plain));
        if let Some(c) = NUMBER.captures(plain).filter(|_| number_shaped) {
            let session: String = c[1].split_whitespace().collect();
            resolution.number = Some(format!("{session}/{}", c[2].replace('…', "...")));
            let title = written_from(line, c.get(4).map_or(plain.len(), |m| m.start())).trim();
            if title.is_empty() {
                title_after = Some(i);
            } else {
                resolution.title = Some(clean_title(title));
            }
            used[i] = true;
        }
        if let Some(date) = find_date(plain) {
            if plain.ends_with("决议") || plain.ends_with("决定") || plain.contains("Distr") {
                resolution.date.get_or_insert(date);
            }
            if plain.ends_with("决议") {
                resolution.kind.get_or_insert(DocumentKind::Resolution);
                used[i] = true;
            } else if plain.ends_with("决定") {
                resolution.kind.get_or_insert(DocumentKind::Decision);
                used[i] = true;
            }
        }
        if is_date_line(plain) {
            if let Some(date) = date_only(plain) {
                issue_date.get_or_insert(date);
            }
            used[i] = true;
        }
        if (is_furniture(line) && !number_shaped)
            || (plain.starts_with(['[', '【']) && plain.ends_with([']', '】']))
        {
            used[i] = true;
        }
    }
    if resolution.organ.is_none() {
        resolution.organ = header_organ;
    }

    // The agenda title is the line after the agenda item; with several
    // items (`议程项目 2 和 3`) each has its title on a line of its own.
    if let Some(at) = agenda_title_after {
        let wanted = resolution.agenda_items.len().max(1);
        let lines: Vec<usize> = (at + 1..joined.len())
            .take_while(|&i| !used[i] && !is_footnote(&joined[i]))
            .take(wanted)
            .collect();
        let titles: Vec<&str> = lines.iter().map(|&i| joined[i].text.trim()).collect();
        for &i in &lines {
            used[i] = true;
        }
        if !titles.is_empty() {
            resolution.agenda_title = Some(titles.join("；"));
        }
    }
    if resolution.title.is_none() {
        let after_number = title_after
            .map(|at| at + 1)
            .filter(|&i| i < joined.len() && !used[i]);
        let title_line = after_number.or_else(|| {
            (0..joined.len())
                .rev()
                .find(|&i| !used[i] && !is_footnote(&joined[i]))
        });
        if let Some(i) = title_line {
            resolution.title = Some(clean_title(joined[i].text.trim()));
        }
    }
    issue_date
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

fn clean_title(title: &str) -> String {
    title.trim_end_matches(['*', ' ']).trim().to_string()
}

/// Splits `安哥拉、澳大利亚*、…` into sponsors, `*` marking non-members.
fn parse_sponsors(list: &str) -> Vec<Sponsor> {
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
        .collect()
}

/// The first date in a line, as `YYYY-MM-DD`.
fn find_date(plain: &str) -> Option<String> {
    if let Some(c) = CHINESE_DATE.captures(plain) {
        let (y, m, d) = (&c[1], c[2].parse::<u32>().ok()?, c[3].parse::<u32>().ok()?);
        return Some(format!("{y}-{m:02}-{d:02}"));
    }
    let c = ENGLISH_DATE.captures(plain)?;
    let months = [
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
    let m = months.iter().position(|name| *name == &c[2])? + 1;
    let d: u32 = c[1].parse().ok()?;
    Some(format!("{}-{m:02}-{d:02}", &c[3]))
}

/// Fills what the header did not say from what else is known: the organ
/// and session from the symbol or number, the kind from them too.
fn infer_missing(resolution: &mut Resolution) {
    let symbol = resolution.symbol.clone().unwrap_or_default();
    if resolution.organ.is_none() {
        resolution.organ = organ_of_symbol(&symbol);
    }
    if resolution.session.is_none() {
        let number_session = resolution
            .number
            .as_deref()
            .and_then(|number| number.split('/').next());
        resolution.session = session_of_symbol(&symbol)
            .or_else(|| number_session?.trim_start_matches("S-").parse().ok());
        // `A/HRC/RES/S-17/1`, `S-17/1`: a special session.
        resolution.special_session |= resolution.session.is_some()
            && (symbol.contains("/S-") || number_session.is_some_and(|s| s.starts_with("S-")));
    }
    if resolution.kind.is_none() {
        resolution.kind = if symbol.contains("/DEC/") {
            Some(DocumentKind::Decision)
        } else if symbol.contains("/L.")
            || resolution
                .number
                .as_deref()
                .is_some_and(|n| n.ends_with(".."))
        {
            Some(DocumentKind::DraftResolution)
        } else if symbol.contains("/RES/")
            || resolution.adoption.is_some()
            || resolution.number.is_some()
        {
            Some(DocumentKind::Resolution)
        } else {
            None
        };
    }
}

fn organ_of_symbol(symbol: &str) -> Option<Organ> {
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

/// The session in a symbol: 21 in `A/HRC/RES/21/1` or `A/HRC/21/L.28`, 70 in `A/RES/70/169`.
fn session_of_symbol(symbol: &str) -> Option<u64> {
    let parts: Vec<&str> = symbol.split('/').collect();
    let start = match parts.as_slice() {
        ["A", "HRC", "RES" | "DEC", ..] => 3,
        ["A", "HRC", ..] | ["A", "RES" | "DEC", ..] => 2,
        _ => return None,
    };
    let part = parts.get(start)?;
    part.trim_start_matches("S-").parse().ok()
}

/// Reads a session number written in Chinese numerals or digits: 二十一 → 21,
/// 一百零五 → 105, 21 → 21.
pub fn parse_number(written: &str) -> Option<u64> {
    let written = written.trim();
    if written.chars().all(|c| c.is_ascii_digit()) {
        return written.parse().ok();
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
            current = current * 10 + d;
            seen_digit = true;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += current.max(1) * unit;
        current = 0;
        seen_digit = true;
    }
    seen_digit.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn sessions_from_symbols() {
        assert_eq!(session_of_symbol("A/HRC/RES/21/1"), Some(21));
        assert_eq!(session_of_symbol("A/HRC/21/L.28"), Some(21));
        assert_eq!(session_of_symbol("A/RES/70/169"), Some(70));
        assert_eq!(session_of_symbol("E/2023/L.19"), None);
    }

    #[test]
    fn sponsors_keep_their_non_member_mark() {
        let sponsors = parse_sponsors("安哥拉、澳大利亚*、伊朗(伊斯兰共和国)*");
        assert_eq!(
            sponsors,
            [
                Sponsor {
                    name: "安哥拉".into(),
                    non_member: false
                },
                Sponsor {
                    name: "澳大利亚".into(),
                    non_member: true
                },
                Sponsor {
                    name: "伊朗(伊斯兰共和国)".into(),
                    non_member: true
                },
            ]
        );
    }

    #[test]
    fn empty_text_is_an_error() {
        assert!(parse_resolution("").is_err());
        assert!(parse_resolution("\n \n").is_err());
    }
}
