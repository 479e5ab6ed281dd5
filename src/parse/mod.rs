//! Parsing: the text of one document in, a [`Resolution`] with its metadata
//! and its labelled units out, with a measure of how completely the units
//! cover the text. Knows nothing of files or of the index.
//!
//! The layouts read are those of the project's FORMAT notes: Human Rights
//! Council, General Assembly and ECOSOC resolutions, decisions and drafts
//! (a header block; the organ as subject, `人权理事会，`; unnumbered
//! preambular paragraphs; numbered or unnumbered operative paragraphs with
//! sub-items; section headings; closing lines; a nested draft; an annex;
//! a trailer with the footnotes), and letters, proposals and reports
//! (narrative paragraphs). Every line becomes part of a unit unless it is
//! furniture that FORMAT names; [`coverage`] checks that.
//!
//! Each stage has its module: [`lines`] cleans lines and knows furniture,
//! [`header`] reads header lines, [`body`] joins and labels paragraphs,
//! [`footnotes`] finds and attaches footnotes, [`closing`] reads the
//! closing lines, and this module walks the document, deciding which part
//! each line belongs to.

pub mod body;
pub mod closing;
pub mod coverage;
pub mod footnotes;
pub mod header;
pub mod lines;

use std::collections::HashSet;

use body::Mode;
use closing::ClosingLine;
use header::HeaderLine;
use lines::{
    compact, ends_complete, ends_sentence, furniture_of, is_letter_of, organ_alone, pattern,
    Furniture, Line,
};

pub use coverage::{Coverage, UnplacedLine};
pub use header::{agenda_items, parse_number};

use crate::resolution::{DocumentKind, Language, Organ, Paragraph, Part, Resolution, UnitKind};

/// The version of the parser's rules. It changes whenever the parser reads
/// some text differently, and is part of each file's digest, so that an
/// index built by an older parser re-parses its files on the next run.
pub const PARSER_VERSION: u32 = 3;

/// Why a text cannot be parsed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but whitespace.
    #[error("the text is empty")]
    Empty,
    /// Only page furniture: nothing to index.
    #[error("the text holds only page furniture (page numbers, `联合国`, an organ's name, an opening line): nothing to index")]
    OnlyFurniture,
}

/// A parsed document with what the coverage check found.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document.
    pub resolution: Resolution,
    /// How completely its units cover the text.
    pub coverage: Coverage,
    /// For each unit, the numbers of the source lines it was made of.
    pub unit_lines: Vec<Vec<usize>>,
    /// The furniture lines: their numbers and what they are.
    pub furniture: Vec<(usize, Furniture)>,
}

/// Parses the text of one document.
///
/// Never fails on a text that holds anything but furniture: whatever part
/// of the header cannot be understood is left empty and explained in
/// [`Resolution::warnings`], as is any line the parser could not place.
pub fn parse_resolution(text: &str) -> Result<Resolution, ParseError> {
    Ok(parse_document(text)?.resolution)
}

/// Parses the text of one document and measures its coverage.
pub fn parse_document(text: &str) -> Result<Parsed, ParseError> {
    let lines = lines::split_lines(text);
    if lines.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut reader = Reader::new(&lines);
    reader.resolution.language = lines[0].lang;
    for i in 0..lines.len() {
        let role = reader.role_of(i);
        reader.roles.push(role);
        reader.parts.push(reader.part);
    }
    reader.finish()
}

// `建议大会通过下列决议草案：`, `Recommends to the General Assembly the
// adoption of the following draft resolution:`.
pattern!(
    NESTED_INTRO,
    r"(?:通过下列(?:决议|决定)草案|adoption of the following draft (?:resolution|decision))\s*[:：]$"
);
pattern!(
    ANNEX,
    r"^(?:附\s*件|Annex)\s*(?:[一二三四五六七八九十]{1,3}|[IVX]{1,5}|\d{1,2})?$"
);
// A body that is not one of the organs, as the subject of an annexed text:
// `欧洲经济委员会，`, `The Economic Commission for Europe,`.
pattern!(
    OTHER_BODY,
    r"^(?:\p{Han}{2,20}(?:委员会|理事会|大会|会议|论坛|小组)|The (?:[A-Z][a-z]+|and|for|of|on|the|[,-]| )*(?:Commission|Council|Committee|Assembly|Conference|Forum|Board|Group)(?: (?:for|of|on|the) (?:[A-Z][a-z]+| )+)?)\s*[，,]$"
);

/// A stretch of body lines labelled together: its part, and whether it is
/// narrative text.
type StreamKey = (Option<Part>, bool);

/// The part of the document a line belongs to, as the walk decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Furniture(Furniture),
    Header,
    /// The first running head: a header unit that, like furniture, does
    /// not interrupt a paragraph split by the page break.
    PageHead,
    Title,
    /// A short line before the body: the title or a header line, decided
    /// when the body starts.
    HeadShort,
    Body {
        narrative: bool,
    },
    /// `附件`: a heading that starts the annex.
    Heading,
    Footnote,
    Closing,
}

impl Role {
    /// Whether a paragraph split by a page break continues past a line of
    /// this role: furniture, a footnote and the page's running head stand
    /// between the halves of one paragraph.
    fn passes_page_break(self) -> bool {
        matches!(self, Role::Furniture(_) | Role::Footnote | Role::PageHead)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the body: header lines, the title, narrative text.
    Head,
    /// After the opening line: paragraphs, headings, closing lines.
    Body,
    /// After `联合国` and the organ's name at the end: the title again and
    /// the footnotes.
    Trailer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    Title,
    AgendaTitles(usize),
}

/// The walk over a document's lines.
struct Reader<'a> {
    lines: &'a [Line],
    roles: Vec<Role>,
    parts: Vec<Option<Part>>,
    state: State,
    part: Option<Part>,
    expect: Expect,
    resolution: Resolution,
    /// The document's title as the metadata keeps it.
    title: Option<String>,
    /// Parts that have their title.
    titled: Vec<Option<Part>>,
    /// The organ named alone or in the masthead.
    header_organ: Option<Organ>,
    /// A session named by its year (`2023年届会`): ECOSOC's way.
    year_session: bool,
    issue_date: Option<String>,
    closing_date: Option<String>,
    /// Header lines and titles read so far, compacted: a line that repeats
    /// one is furniture.
    seen: HashSet<String>,
    /// Body or narrative text has been met.
    seen_content: bool,
    /// The closing lines of the current part have been met.
    closing_seen: bool,
    /// The last body line asked for a nested draft (`建议大会通过下列决议草案：`).
    nested_intro: bool,
    annex_awaits_opener: bool,
    opener_found: bool,
    /// Organs of the nested draft and the annex, from their opening lines.
    part_organs: Vec<(Part, Organ)>,
    trailer_footnotes: bool,
    /// The agenda titles read from the lines after the agenda item.
    agenda_titles: Vec<String>,
    /// The text has no opening line but reads as a resolution.
    resolution_without_opener: bool,
}

impl<'a> Reader<'a> {
    fn new(lines: &'a [Line]) -> Reader<'a> {
        let has_opener = lines.iter().any(|line| opener(line).is_some());
        let paragraph_like = lines
            .iter()
            .filter(|line| {
                body::opens_with_verb(&line.plain, line.lang)
                    || body::leading_number(&line.plain).is_some()
            })
            .filter(|line| ends_complete(&line.plain))
            .count();
        Reader {
            lines,
            roles: Vec::with_capacity(lines.len()),
            parts: Vec::with_capacity(lines.len()),
            state: State::Head,
            part: None,
            expect: Expect::Nothing,
            resolution: Resolution::default(),
            title: None,
            titled: Vec::new(),
            header_organ: None,
            year_session: false,
            issue_date: None,
            closing_date: None,
            seen: HashSet::new(),
            seen_content: false,
            closing_seen: false,
            nested_intro: false,
            annex_awaits_opener: false,
            opener_found: false,
            part_organs: Vec::new(),
            trailer_footnotes: false,
            agenda_titles: Vec::new(),
            resolution_without_opener: !has_opener
                && paragraph_like >= 2
                && paragraph_like * 2 >= lines.len(),
        }
    }

    fn has_title(&self, part: Option<Part>) -> bool {
        self.titled.contains(&part)
    }

    /// Makes line `i` the title of the current part.
    fn take_title(&mut self, i: usize, title: Option<&str>) -> Role {
        self.titled.push(self.part);
        self.seen.insert(self.lines[i].compact());
        if self.part.is_none() {
            let text = title.unwrap_or(&self.lines[i].text);
            self.title = Some(header::clean_title(text));
        }
        self.expect = Expect::Nothing;
        Role::Title
    }

    fn role_of(&mut self, i: usize) -> Role {
        let line = &self.lines[i];
        if line.heading_mark && self.state == State::Body {
            // `#### 人权理事会` is a section heading, whatever it names.
            return Role::Body { narrative: false };
        }
        // Before the body, `21/21` is the resolution's number, not page 21 of 21.
        let number_before_body = self.state == State::Head
            && self.resolution.number.is_none()
            && lines::is_page_of(&line.plain);
        if let Some(furniture) = furniture_of(line).filter(|_| !number_before_body) {
            return self.furniture(i, furniture);
        }
        if number_before_body {
            let number = compact(&line.plain);
            return self.header(
                i,
                HeaderLine::Number {
                    number,
                    title: None,
                },
            );
        }
        if let Some((organ, alone)) = opener(line) {
            if self.state != State::Trailer {
                return self.open_body(i, organ, alone);
            }
        }
        if footnotes::is_marked(line) {
            return Role::Footnote;
        }
        if self.state != State::Head || self.seen_content {
            if let Some(closing) = closing::closing_line(line) {
                if !self.continues_unfinished(i) {
                    self.close(line, closing);
                    return Role::Closing;
                }
            }
        }
        if let Some(header) = header::header_line(line) {
            // The symbol again at the head of a later page.
            if let HeaderLine::Symbol(symbol) = &header {
                if self.state != State::Head && self.resolution.symbol.as_ref() == Some(symbol) {
                    return Role::Furniture(Furniture::RunningHead);
                }
            }
            if !(self.state == State::Body && self.continues_unfinished(i)) {
                return self.header(i, header);
            }
        }
        if ANNEX.is_match(&line.plain) && (self.closing_seen || self.state == State::Body) {
            self.part = Some(Part::Annex);
            self.state = State::Head;
            self.closing_seen = false;
            self.annex_awaits_opener = true;
            self.expect = Expect::Nothing;
            return Role::Heading;
        }
        self.content(i)
    }

    fn furniture(&mut self, i: usize, furniture: Furniture) -> Role {
        let line = &self.lines[i];
        match furniture {
            // A running head is the symbol and the short title together, a
            // line found nowhere else: its first wording is a header line,
            // the pages after it repeat it.
            Furniture::RunningHead => {
                if self.seen.insert(line.compact()) {
                    return Role::PageHead;
                }
                return Role::Furniture(Furniture::Repeat);
            }
            Furniture::UnitedNations if self.seen_content && self.next_is_organ(i) => {
                self.enter_trailer();
            }
            // English extractions begin the trailer with the template's
            // unfilled fields where Chinese ones have `联合国`.
            Furniture::Placeholder if self.seen_content => {
                self.enter_trailer();
            }
            Furniture::OrganName => {
                let organ = organ_alone(line);
                if self.state == State::Head && self.part.is_none() {
                    // HRC texts head their first page with `大会` (the Council
                    // is a subsidiary organ of the Assembly) and then
                    // `人权理事会`: the more specific organ wins.
                    if self
                        .header_organ
                        .is_none_or(|known| known == Organ::GeneralAssembly)
                    {
                        self.header_organ = organ;
                    }
                    // `经济及社会理事会` without its comma, before the body.
                    if self.next_opens_body(i) {
                        return self.open_body(i, organ, true);
                    }
                } else if self.closing_seen && self.part != Some(Part::Annex) {
                    self.enter_trailer();
                }
            }
            _ => {}
        }
        Role::Furniture(furniture)
    }

    fn enter_trailer(&mut self) {
        self.state = State::Trailer;
        self.part = None;
        self.expect = Expect::Nothing;
    }

    fn next_is_organ(&self, i: usize) -> bool {
        self.lines
            .get(i + 1)
            .is_some_and(|next| organ_alone(next).is_some())
    }

    fn next_opens_body(&self, i: usize) -> bool {
        self.lines.get(i + 1).is_some_and(|next| {
            NESTED_INTRO.is_match(&next.plain) || body::opens_with_verb(&next.plain, next.lang)
        })
    }

    /// Whether the last line of text before `i` is an unfinished body line,
    /// so that line `i` continues it (a page break) whatever it looks like.
    fn continues_unfinished(&self, i: usize) -> bool {
        let last = (0..i).rev().find(|&j| !self.roles[j].passes_page_break());
        last.is_some_and(|j| {
            matches!(self.roles[j], Role::Body { .. }) && !ends_complete(&self.lines[j].plain)
        })
    }

    fn open_body(&mut self, i: usize, organ: Option<Organ>, alone: bool) -> Role {
        if self.nested_intro {
            self.nested_intro = false;
            self.part = Some(Part::NestedDraft);
            self.closing_seen = false;
        } else if self.annex_awaits_opener {
            self.annex_awaits_opener = false;
        } else if self.part.is_none() && !self.opener_found {
            self.resolution.organ = organ;
        } else if self.state == State::Body && alone {
            // The opening line again, as a repeated text has it.
            return Role::Furniture(Furniture::Repeat);
        }
        if let (Some(part), Some(organ)) = (self.part, organ) {
            self.part_organs.push((part, organ));
        }
        self.opener_found = true;
        self.resolve_head_shorts(i);
        self.state = State::Body;
        self.expect = Expect::Nothing;
        if alone {
            Role::Furniture(Furniture::Opener)
        } else {
            self.seen_content = true;
            Role::Body { narrative: false }
        }
    }

    /// Short lines before the opening line at `i`: the last is the title if
    /// the part has none, the others header lines.
    fn resolve_head_shorts(&mut self, i: usize) {
        let shorts: Vec<usize> = (0..i)
            .filter(|&j| self.roles[j] == Role::HeadShort && self.parts[j] == self.part)
            .collect();
        let title = shorts
            .last()
            .copied()
            .filter(|_| !self.has_title(self.part));
        for j in shorts {
            self.roles[j] = if Some(j) == title {
                self.take_title(j, None)
            } else {
                Role::Header
            };
        }
    }

    fn close(&mut self, line: &Line, closing: ClosingLine) {
        let main = self.part != Some(Part::Annex);
        match closing {
            ClosingLine::Meeting(n) if main => {
                self.resolution.meeting.get_or_insert(n);
            }
            ClosingLine::Outcome(vote) if main => {
                self.resolution.vote.get_or_insert(vote);
                self.resolution
                    .adoption
                    .get_or_insert_with(|| closing::adoption_outcome(&line.text));
            }
            ClosingLine::Adoption if main => {
                self.resolution
                    .adoption
                    .get_or_insert_with(|| closing::adoption_outcome(&line.text));
            }
            _ => {}
        }
        self.closing_seen = true;
        if self.part == Some(Part::NestedDraft) {
            self.part = None;
        }
        self.state = State::Body;
        self.expect = Expect::Nothing;
    }

    fn header(&mut self, i: usize, header: HeaderLine) -> Role {
        // The line after the agenda item is its title, whatever it names
        // (`…的报告` is an agenda item's title there, not a report's).
        if matches!(self.expect, Expect::AgendaTitles(_))
            && matches!(
                header,
                HeaderLine::DocumentTitle { .. } | HeaderLine::Submitted { .. }
            )
        {
            return self.content(i);
        }
        let line = &self.lines[i];
        let key = line.compact();
        let repeat = self.seen.contains(&key);
        let main = self.part.is_none();
        let mut title_on_line: Option<String> = None;
        let mut is_title = false;
        let r = &mut self.resolution;
        match &header {
            HeaderLine::Session { number, special } if main && r.session.is_none() => {
                r.session = Some(*number);
                r.special_session = *special;
            }
            HeaderLine::YearSession(year) if main => {
                r.session.get_or_insert(*year);
                self.year_session = true;
            }
            HeaderLine::Dates(date) => {
                // The closing date, after the meeting or just before it.
                let before_meeting = self.state == State::Body
                    && self.lines.get(i + 1).is_some_and(|next| {
                        matches!(closing::closing_line(next), Some(ClosingLine::Meeting(_)))
                    });
                if (self.closing_seen || before_meeting) && self.state != State::Trailer {
                    if let Some(date) = date {
                        self.closing_date.get_or_insert(date.clone());
                    }
                    self.seen.insert(key);
                    return Role::Closing;
                }
                if main && self.state == State::Head {
                    if let Some(date) = date {
                        self.issue_date.get_or_insert(date.clone());
                    }
                }
            }
            HeaderLine::Agenda { written, title } => {
                if main && r.agenda_item.is_none() {
                    r.agenda_items = agenda_items(written);
                    r.agenda_item = Some(written.clone());
                    if let Some(title) = title {
                        r.agenda_title = Some(title.clone());
                    }
                }
                self.expect = match title {
                    Some(_) => Expect::Nothing,
                    None => Expect::AgendaTitles(agenda_items(written).len().max(1)),
                };
            }
            HeaderLine::Adopted { date, kind } => {
                if main {
                    r.kind.get_or_insert(*kind);
                    if let Some(date) = date {
                        r.adoption_date.get_or_insert(date.clone());
                    }
                }
                self.expect = Expect::Title;
            }
            HeaderLine::Basis { symbol } => {
                if main {
                    if let Some(symbol) = symbol {
                        r.basis_symbol.get_or_insert(symbol.clone());
                    }
                }
                self.expect = Expect::Title;
            }
            HeaderLine::Sponsors { kind, sponsors } => {
                if main {
                    r.kind.get_or_insert(*kind);
                    if r.sponsors.is_empty() {
                        r.sponsors = sponsors.clone();
                    }
                }
                self.expect = Expect::Title;
            }
            HeaderLine::Submitted { kind, submitter } => {
                if main {
                    r.kind.get_or_insert(*kind);
                    r.submitter.get_or_insert(submitter.clone());
                }
                match kind {
                    DocumentKind::Proposal => is_title = true,
                    DocumentKind::WorkingPaper => self.title_from_previous(i),
                    _ => self.expect = Expect::Title,
                }
            }
            HeaderLine::DocumentTitle { kind, submitter } => {
                if main {
                    r.kind.get_or_insert(*kind);
                    if let Some(submitter) = submitter {
                        r.submitter.get_or_insert(submitter.clone());
                    }
                }
                is_title = true;
            }
            HeaderLine::Number { number, title } => {
                if main {
                    r.number.get_or_insert(number.clone());
                }
                match title {
                    Some(title) => {
                        is_title = true;
                        title_on_line = Some(title.clone());
                    }
                    None => self.expect = Expect::Title,
                }
            }
            HeaderLine::Symbol(symbol) if main => {
                r.symbol.get_or_insert(symbol.clone());
            }
            HeaderLine::Masthead => {
                if let Some(organ) = header::masthead_organ_of(&line.plain) {
                    if self
                        .header_organ
                        .is_none_or(|known| known == Organ::GeneralAssembly)
                    {
                        self.header_organ = Some(organ);
                    }
                }
            }
            _ => {}
        }
        if repeat {
            return Role::Furniture(Furniture::Repeat);
        }
        if is_title && !self.has_title(self.part) {
            return self.take_title(i, title_on_line.as_deref());
        }
        self.seen.insert(key);
        Role::Header
    }

    /// Whether line `i` is one of the footnotes that an extraction put
    /// before the header (`See A/74/843, annex.`, `https://hlpf.un.org/inputs.`):
    /// sentences before any header line is read, followed by one.
    fn leading_note(&self, i: usize) -> bool {
        if self.part.is_some() || self.seen_content || !self.seen.is_empty() {
            return false;
        }
        let Some(after) = (i..self.lines.len()).find(|&j| !ends_complete(&self.lines[j].plain))
        else {
            return false;
        };
        after > i
            && (i..after).all(|j| ends_sentence(&self.lines[j].plain))
            && header::header_line(&self.lines[after]).is_some_and(|header| {
                matches!(
                    header,
                    HeaderLine::Session { .. }
                        | HeaderLine::YearSession(_)
                        | HeaderLine::Symbol(_)
                        | HeaderLine::Masthead
                        | HeaderLine::Agenda { .. }
                )
            })
    }

    /// A working paper's title stands before the line that says who
    /// submitted it.
    fn title_from_previous(&mut self, i: usize) {
        if self.has_title(self.part) {
            return;
        }
        let previous = (0..i)
            .rev()
            .find(|&j| !matches!(self.roles[j], Role::Furniture(_)));
        if let Some(j) = previous.filter(|&j| {
            matches!(self.roles[j], Role::HeadShort | Role::Header) && title_like(&self.lines[j])
        }) {
            self.roles[j] = self.take_title(j, None);
        }
    }

    fn content(&mut self, i: usize) -> Role {
        let line = &self.lines[i];
        let title_missing = !self.has_title(self.part);
        if self.state == State::Trailer {
            if !self.has_title(None) && !self.trailer_footnotes && title_like(line) {
                return self.take_title(i, None);
            }
            if self.seen.contains(&line.compact()) {
                return Role::Furniture(Furniture::Repeat);
            }
            self.trailer_footnotes = true;
            return Role::Footnote;
        }
        if let Expect::AgendaTitles(n) = self.expect {
            self.expect = if n > 1 {
                Expect::AgendaTitles(n - 1)
            } else {
                Expect::Nothing
            };
            let key = line.compact();
            if self.seen.contains(&key) {
                return Role::Furniture(Furniture::Repeat);
            }
            if self.part.is_none()
                && self.agenda_titles.len() < self.resolution.agenda_items.len().max(1)
            {
                self.agenda_titles.push(line.text.trim().to_string());
                self.resolution.agenda_title = Some(self.agenda_titles.join("；"));
            }
            self.seen.insert(key);
            return Role::Header;
        }
        if self.expect == Expect::Title && title_missing && title_like(line) {
            if self.seen.contains(&line.compact()) {
                return Role::Furniture(Furniture::Repeat);
            }
            return self.take_title(i, None);
        }
        self.expect = Expect::Nothing;
        match self.state {
            State::Head => {
                if footnotes::is_reference(line) || self.leading_note(i) {
                    return Role::Footnote;
                }
                if self.seen.contains(&line.compact()) {
                    return Role::Furniture(Furniture::Repeat);
                }
                let declared = self
                    .resolution
                    .kind
                    .is_some_and(DocumentKind::is_resolution_like);
                if (self.resolution_without_opener || declared) && !title_like(line) {
                    self.state = State::Body;
                    self.seen_content = true;
                    return Role::Body { narrative: false };
                }
                if title_like(line) && !self.seen_content {
                    return Role::HeadShort;
                }
                self.seen_content = true;
                Role::Body { narrative: true }
            }
            _ => {
                if footnotes::is_reference(line) && !self.continues_unfinished(i) {
                    return Role::Footnote;
                }
                if self.closing_seen {
                    return Role::Closing;
                }
                if NESTED_INTRO.is_match(&line.plain) {
                    self.nested_intro = true;
                }
                self.seen_content = true;
                Role::Body { narrative: false }
            }
        }
    }

    /// Builds the units, the metadata and the coverage from the roles.
    fn finish(mut self) -> Result<Parsed, ParseError> {
        // Short lines before a body that never opened.
        let end = self.lines.len();
        let parts: Vec<Option<Part>> = self.parts.clone();
        for part in [None, Some(Part::NestedDraft), Some(Part::Annex)] {
            self.part = part;
            let shorts: Vec<usize> = (0..end)
                .filter(|&j| self.roles[j] == Role::HeadShort && parts[j] == part)
                .collect();
            // Without an opening line, the title is the last short line
            // before the narrative text (`摘要` and the like are not titles),
            // or the first one where no text follows.
            let narrative = (0..end)
                .find(|&j| parts[j] == part && self.roles[j] == Role::Body { narrative: true });
            let before_text = shorts
                .iter()
                .copied()
                .rfind(|&j| narrative.is_some_and(|n| j < n));
            let title = before_text
                .or(shorts.first().copied())
                .filter(|_| !self.has_title(part));
            for j in shorts {
                self.roles[j] = if Some(j) == title {
                    self.take_title(j, None)
                } else {
                    Role::Header
                };
            }
        }
        let lines = self.lines;
        let mut units: Vec<(Paragraph, Vec<usize>)> = Vec::new();
        let unit = |kind: UnitKind, part: Option<Part>, i: usize| Paragraph {
            label: String::new(),
            kind,
            number: 0,
            section: None,
            text: lines[i].text.clone(),
            citations: Vec::new(),
            note_of: None,
            part,
            organ: None,
            en: None,
        };
        // Body lines of each part and mode, labelled together.
        let mut streams: Vec<(StreamKey, Vec<(usize, &Line)>)> = Vec::new();
        let mut last_footnote: Option<usize> = None;
        for (i, role) in self.roles.iter().enumerate() {
            let part = self.parts[i];
            let kind = match role {
                Role::Furniture(_) => continue,
                Role::Footnote => {
                    if let Some(at) = last_footnote {
                        let (previous, indices) = &mut units[at];
                        if let Some(joint) = footnotes::continuation(&previous.text, &lines[i]) {
                            previous.text.push_str(joint);
                            previous.text.push_str(&lines[i].text);
                            indices.push(i);
                            continue;
                        }
                    }
                    last_footnote = Some(units.len());
                    units.push((unit(UnitKind::Footnote, None, i), vec![i]));
                    continue;
                }
                Role::Body { narrative } => {
                    let key = (part, *narrative);
                    match streams.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, stream)) => stream.push((i, &lines[i])),
                        None => streams.push((key, vec![(i, &lines[i])])),
                    }
                    last_footnote = None;
                    continue;
                }
                Role::Header | Role::HeadShort | Role::PageHead => UnitKind::Header,
                Role::Title => UnitKind::Title,
                Role::Heading => UnitKind::Heading,
                Role::Closing => UnitKind::Closing,
            };
            last_footnote = None;
            units.push((unit(kind, part, i), vec![i]));
        }
        for ((part, narrative), stream) in streams {
            let mode = if narrative {
                Mode::Narrative
            } else {
                Mode::Resolution
            };
            // Whether another unit stands between a line and the one before.
            let gaps: Vec<bool> = stream
                .iter()
                .enumerate()
                .map(|(at, &(i, _))| {
                    at > 0 && (stream[at - 1].0 + 1..i).any(|j| !self.roles[j].passes_page_break())
                })
                .collect();
            for block in body::label(&stream, &gaps, mode) {
                let prefix = part.map_or("", Part::label_prefix);
                units.push((
                    Paragraph {
                        label: format!("{prefix}{}", block.label),
                        kind: block.kind,
                        number: block.number,
                        section: block.section,
                        text: block.text,
                        citations: Vec::new(),
                        note_of: None,
                        part,
                        organ: None,
                        en: None,
                    },
                    block.lines,
                ));
            }
        }
        if units.is_empty() {
            return Err(ParseError::OnlyFurniture);
        }
        units.sort_by_key(|(_, indices)| indices[0]);
        number_units(&mut units);
        attach_footnotes(&mut units);
        let (mut paragraphs, unit_lines): (Vec<Paragraph>, Vec<Vec<usize>>) =
            units.into_iter().unzip();
        for paragraph in &mut paragraphs {
            if paragraph.kind != UnitKind::Footnote {
                paragraph.text = lines::strip_superscripts(&paragraph.text);
            }
        }
        let furniture: Vec<Option<Furniture>> = self
            .roles
            .iter()
            .map(|role| match role {
                Role::Furniture(f) => Some(*f),
                _ => None,
            })
            .collect();
        let coverage = coverage::measure(lines, &furniture, &paragraphs, &unit_lines);
        // Citations after the coverage, which compares texts only.
        cite(&mut paragraphs, self.resolution.language);
        self.resolution.paragraphs = paragraphs;
        self.fill_metadata(&coverage);
        let furniture = furniture
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((lines[i].no, (*f)?)))
            .collect();
        let unit_lines = unit_lines
            .into_iter()
            .map(|indices| indices.into_iter().map(|i| lines[i].no).collect())
            .collect();
        Ok(Parsed {
            resolution: self.resolution,
            coverage,
            unit_lines,
            furniture,
        })
    }

    fn fill_metadata(&mut self, coverage: &Coverage) {
        let part_organs = std::mem::take(&mut self.part_organs);
        let r = &mut self.resolution;
        for paragraph in &mut r.paragraphs {
            if let Some(part) = paragraph.part {
                let organ = part_organs.iter().find(|(p, _)| *p == part);
                paragraph.organ = organ
                    .map(|&(_, organ)| organ)
                    .filter(|o| r.organ != Some(*o));
            }
        }
        r.title = self.title.take();
        if r.organ.is_none() {
            r.organ = self.header_organ;
        }
        r.adoption_date = r.adoption_date.take().or(self.closing_date.clone());
        r.date = r
            .adoption_date
            .clone()
            .or(self.closing_date.take())
            .or(self.issue_date.take());
        infer_missing(r);
        if r.organ.is_none() && self.year_session {
            r.organ = Some(Organ::EconomicAndSocialCouncil);
        }
        let resolution_like = r.kind.is_none_or(DocumentKind::is_resolution_like)
            && r.paragraphs
                .iter()
                .any(|p| matches!(p.kind, UnitKind::Preambular | UnitKind::Operative));
        if resolution_like && !self.opener_found {
            r.warnings.push(
                "no opening line naming the organ (such as `人权理事会，`) was found; \
                 paragraphs were read from the start of the text"
                    .to_string(),
            );
        }
        for (missing, what) in [
            (r.organ.is_none(), "organ"),
            (r.session.is_none(), "session"),
            (r.title.is_none(), "title"),
            (r.kind.is_none(), "kind of document"),
        ] {
            if missing {
                r.warnings
                    .push(format!("the {what} could not be read from the header"));
            }
        }
        if !r.paragraphs.iter().any(|p| p.kind.is_body()) {
            r.warnings.push(
                "no paragraphs found: the text holds only header lines, headings, footnotes \
                 or closing lines"
                    .to_string(),
            );
        }
        for unplaced in &coverage.unplaced {
            r.warnings.push(format!(
                "line {} could not be placed in a unit: {}",
                unplaced.line, unplaced.text
            ));
        }
    }
}

/// The opening line of a body, if `line` is one: the organ as subject
/// (`人权理事会，`, or `经济及社会理事会，回顾其…` with the first paragraph
/// on the same line), or another body as subject of an annexed text
/// (`欧洲经济委员会，`). Gives the organ, and whether the line holds only
/// the opener.
fn opener(line: &Line) -> Option<(Option<Organ>, bool)> {
    let plain = line.plain.as_str();
    for organ in Organ::ALL {
        let subject = match line.lang {
            Language::Chinese => plain.strip_prefix(organ.chinese_name()),
            Language::English => plain
                .strip_prefix("The ")
                .and_then(|rest| rest.strip_prefix(organ.english_name())),
        };
        let Some(rest) = subject else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(['，', ',']) else {
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            return Some((Some(organ), true));
        }
        if body::opens_with_verb(rest, line.lang) {
            return Some((Some(organ), false));
        }
    }
    OTHER_BODY.is_match(plain).then_some((None, true))
}

/// Headings that stand at the top of reports and are never their title.
const HEADING_WORDS: [&str; 16] = [
    "目录",
    "概要",
    "摘要",
    "内容提要",
    "导言",
    "引言",
    "背景",
    "结论",
    "供参考",
    "Contents",
    "Summary",
    "Introduction",
    "Background",
    "Conclusions",
    "Forinformation",
    "Annex",
];

/// Whether a line can be a title: short, unpunctuated at its end, not a
/// footnote, not a numbered or lettered paragraph, not a heading word.
fn title_like(line: &Line) -> bool {
    let plain = line.plain.trim_end_matches(['*', '＊', ' ']);
    let chars = plain.chars().count();
    // English titles take about twice the characters of Chinese ones.
    let longest = match line.lang {
        Language::Chinese => 150,
        Language::English => 300,
    };
    !HEADING_WORDS.contains(&plain.split_whitespace().collect::<String>().as_str())
        && (2..=longest).contains(&chars)
        && !ends_complete(plain)
        && !body::starts_paragraph(plain)
        && !plain.starts_with(['(', '[', '【', '见'])
        && !plain.starts_with("See ")
        && !footnotes::is_marked(line)
        && !footnotes::is_reference(line)
        && plain.chars().any(|c| is_letter_of(c, line.lang))
}

/// Numbers the header lines of each part (`H1`, `DR-H1`), the headings,
/// footnotes and closing lines of the document (`HD1`, `FN1`, `CL1`) and
/// labels the titles (`TITLE`, `ANNEX-TITLE`), in document order.
fn number_units(units: &mut [(Paragraph, Vec<usize>)]) {
    let mut headers: Vec<(Option<Part>, u32)> = Vec::new();
    let (mut headings, mut footnotes, mut closings) = (0, 0, 0);
    for (unit, _) in units.iter_mut() {
        let prefix = unit.part.map_or("", Part::label_prefix);
        let number = match unit.kind {
            UnitKind::Header => {
                let count = match headers.iter_mut().find(|(p, _)| *p == unit.part) {
                    Some((_, count)) => count,
                    None => {
                        headers.push((unit.part, 0));
                        &mut headers.last_mut().expect("pushed").1
                    }
                };
                *count += 1;
                *count
            }
            UnitKind::Heading => {
                headings += 1;
                unit.part = None;
                unit.label = format!("HD{headings}");
                unit.number = headings;
                continue;
            }
            UnitKind::Footnote => {
                footnotes += 1;
                footnotes
            }
            UnitKind::Closing => {
                closings += 1;
                closings
            }
            UnitKind::Title => {
                unit.label = format!("{prefix}TITLE");
                continue;
            }
            _ => continue,
        };
        unit.number = number;
        unit.label = format!("{prefix}{}{number}", unit.kind.prefix());
    }
}

/// Links each footnote whose marker survives (`*`, `**`, a superscript,
/// `[n]`) to the first unit that carries the marker.
fn attach_footnotes(units: &mut [(Paragraph, Vec<usize>)]) {
    for at in 0..units.len() {
        if units[at].0.kind != UnitKind::Footnote {
            continue;
        }
        let Some(marker) = footnotes::leading_marker(&units[at].0.text) else {
            continue;
        };
        let target = units
            .iter()
            .find(|(unit, _)| {
                unit.kind != UnitKind::Footnote && footnotes::carries(&unit.text, &marker)
            })
            .map(|(unit, _)| unit.label.clone());
        units[at].0.note_of = target;
    }
}

/// Extracts every unit's citations; a unit counts those of the footnotes
/// attached to it too.
fn cite(paragraphs: &mut [Paragraph], language: Language) {
    for paragraph in paragraphs.iter_mut() {
        paragraph.citations = match language {
            Language::Chinese => crate::citations::extract_citations(&paragraph.text),
            Language::English => crate::citations::extract_english_citations(&paragraph.text),
        };
    }
    let notes: Vec<(String, Vec<crate::resolution::Citation>)> = paragraphs
        .iter()
        .filter_map(|p| Some((p.note_of.clone()?, p.citations.clone())))
        .collect();
    for (label, citations) in notes {
        if let Some(target) = paragraphs.iter_mut().find(|p| p.label == label) {
            for citation in citations {
                if !target.citations.contains(&citation) {
                    target.citations.push(citation);
                }
            }
        }
    }
}

/// Fills what the header did not say from what else is known: the organ
/// and session from the symbol or number, the kind from them too.
fn infer_missing(resolution: &mut Resolution) {
    let symbol = resolution.symbol.clone().unwrap_or_default();
    if resolution.organ.is_none() {
        resolution.organ = header::organ_of_symbol(&symbol);
    }
    if resolution.session.is_none() {
        let number_session = resolution
            .number
            .as_deref()
            .and_then(|number| number.split('/').next());
        resolution.session = header::session_of_symbol(&symbol)
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
            || resolution.meeting.is_some()
            || resolution.number.is_some()
        {
            Some(DocumentKind::Resolution)
        } else {
            None
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_an_error() {
        assert_eq!(parse_resolution(""), Err(ParseError::Empty));
        assert_eq!(parse_resolution("\n \n"), Err(ParseError::Empty));
        assert_eq!(
            parse_resolution("联合国\n人权理事会，\n---\n"),
            Err(ParseError::OnlyFurniture)
        );
    }
}
