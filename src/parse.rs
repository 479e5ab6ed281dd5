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
    read_header(&header, &mut resolution);
    resolution.footnotes = body.footnotes.iter().map(|l| l.text.clone()).collect();
    resolution.adoption = body.adoption;
    if resolution.date.is_none() {
        resolution.date = body.closing_date;
    }

    resolution.paragraphs = label_paragraphs(join_units(&body.events));
    if resolution.paragraphs.is_empty() {
        return Err("no paragraphs found in the text".to_string());
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
        let mut text = raw.trim();
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
    NUMBER,
    r"^(\d{1,4})\s*/\s*(\d{1,4}|\.{2,}|…+)(?:\s*[.．])?(?:\s+|$)(.*)$"
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
pattern!(
    FURNITURE,
    r"^(?:GE\.\d|Distr\.?\s*[:：]|Chinese\b|Original\s*[:：]|\*\d{5,}\*|请回收|Please recycle|联合国$|United Nations$|-{3,}$|_{3,}$|\*{3,}$)"
);

/// The organ of a line that is only the organ as subject: `人权理事会，`.
fn subject_organ(plain: &str) -> Option<Organ> {
    let name = plain.strip_suffix(['，', ','])?.trim();
    Organ::from_name(name).filter(|organ| organ.chinese_name() == name)
}

/// A line that is an organ's name alone, as in a header.
fn organ_line(plain: &str) -> Option<Organ> {
    Organ::ALL.into_iter().find(|organ| {
        plain
            .strip_prefix(organ.chinese_name())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
    })
}

fn is_footnote(line: &Line) -> bool {
    let p = &line.plain;
    p.starts_with('*') && !p.starts_with("***") && !FURNITURE.is_match(p)
        || p.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
        || line
            .text
            .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

fn is_furniture(line: &Line) -> bool {
    let p = &line.plain;
    PAGE_NUMBER.is_match(p) || FURNITURE.is_match(p) || is_symbol_only(p)
}

fn is_symbol_only(plain: &str) -> bool {
    SYMBOL
        .captures(plain)
        .is_some_and(|c| c[1].len() + 2 >= plain.trim().len())
}

/// A line that only the header holds (organ, session, agenda item, sponsors, number).
fn is_header_line(plain: &str) -> bool {
    organ_line(plain).is_some()
        || (SESSION.is_match(plain) && plain.chars().count() <= 20)
        || ECOSOC_SESSION.is_match(plain)
        || AGENDA.is_match(plain)
        || SPONSORS.is_match(plain)
        || NUMBER.is_match(plain)
}

/// A line of the closing block of an adopted text: meeting, adoption, vote.
fn is_closing_line(plain: &str) -> bool {
    MEETING.is_match(plain)
        || VOTE.is_match(plain)
        || VOTE_LIST.is_match(plain)
        || (plain.starts_with(['[', '【']) && plain.contains("通过"))
}

/// How many lines at the top of a text with no organ-as-subject line are
/// header: header-like lines and short unpunctuated lines (a title), up to
/// the first line that reads as a paragraph.
fn leading_header_len(lines: &[Line]) -> usize {
    let mut len = 0;
    for (i, line) in lines.iter().enumerate() {
        let plain = &line.plain;
        let next_is_paragraph = lines
            .get(i + 1)
            .is_some_and(|next| !is_header_line(&next.plain));
        if is_header_line(plain)
            || is_furniture(line)
            || is_footnote(line)
            || ECOSOC_SESSION.is_match(plain)
            || CHINESE_DATE.is_match(plain) && plain.ends_with("决议")
            || (plain.starts_with('[') && plain.ends_with(']'))
            || (!ends_complete(plain)
                && plain.chars().count() <= 60
                && OPERATIVE_NUMBER.find(plain).is_none()
                && next_is_paragraph
                && lines[i + 1..].iter().any(|l| ends_complete(&l.plain)))
        {
            len = i + 1;
        } else {
            break;
        }
    }
    // A text of short unpunctuated lines only is all body, not all header.
    if len == lines.len() {
        0
    } else {
        len
    }
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
            in_vote_list = VOTE_LIST.is_match(plain);
            if body.adoption.is_none() && (VOTE.is_match(plain) || plain.starts_with(['[', '【']))
            {
                let outcome = plain.trim_matches(['[', ']', '【', '】']).trim();
                body.adoption = Some(outcome.to_string());
            }
        } else if is_header_line(plain) {
            trailing = true;
            in_vote_list = false;
            body.trailing_header.push(line);
        } else if trailing {
            if let Some(date) = find_date(plain).filter(|_| plain.ends_with('日')) {
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
/// those of a header moved after it).
fn read_header(lines: &[&Line], resolution: &mut Resolution) {
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
    for (i, line) in joined.iter().enumerate() {
        let plain = line.plain.trim();
        if let Some(symbol) = SYMBOL
            .captures(plain)
            .filter(|_| !plain.starts_with(['[', '【']))
        {
            resolution
                .symbol
                .get_or_insert_with(|| symbol[1].to_string());
            used[i] = true;
        }
        if let Some(organ) = organ_line(plain) {
            resolution.organ.get_or_insert(organ);
            used[i] = true;
        }
        if let Some(c) = SESSION.captures(plain) {
            if resolution.session.is_none() {
                resolution.session = parse_number(&c[1]);
                resolution.special_session = c.get(2).is_some();
            }
            used[i] = true;
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
            let rest = c[2].trim();
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
        if let Some(c) = NUMBER.captures(plain) {
            let number = format!("{}/{}", &c[1], c[2].replace('…', "..."));
            resolution.number = Some(number);
            let title = c[3].trim();
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
        if is_furniture(line) || (plain.starts_with(['[', '【']) && plain.ends_with([']', '】']))
        {
            used[i] = true;
        }
    }

    let next_free = |after: Option<usize>, used: &[bool]| {
        let i = after? + 1;
        (i < joined.len() && !used[i]).then_some(i)
    };
    if let Some(i) = next_free(agenda_title_after, &used) {
        resolution.agenda_title = Some(joined[i].text.trim().to_string());
        used[i] = true;
    }
    if resolution.title.is_none() {
        let title_line = next_free(title_after, &used).or_else(|| {
            (0..joined.len())
                .rev()
                .find(|&i| !used[i] && !is_footnote(&joined[i]))
        });
        if let Some(i) = title_line {
            resolution.title = Some(clean_title(joined[i].text.trim()));
        }
    }
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
        resolution.session = session_of_symbol(&symbol).or_else(|| {
            let number = resolution.number.as_deref()?;
            number.split('/').next()?.parse().ok()
        });
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
