//! The parsed form of one document: its metadata and its units (title,
//! header lines, paragraphs, headings, footnotes, closing lines), as every
//! later stage (indexing, display, JSON) sees it. The data types only: this
//! module imports nothing of the crate.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// The UN body that adopted, or is to adopt, a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Organ {
    /// 人权理事会, the Human Rights Council.
    #[serde(rename = "人权理事会")]
    HumanRightsCouncil,
    /// 大会, the General Assembly.
    #[serde(rename = "大会")]
    GeneralAssembly,
    /// 人权委员会, the Commission on Human Rights (before 2006).
    #[serde(rename = "人权委员会")]
    CommissionOnHumanRights,
    /// 经济及社会理事会, the Economic and Social Council.
    #[serde(rename = "经济及社会理事会")]
    EconomicAndSocialCouncil,
}

impl Organ {
    /// Every organ, the longest Chinese names first (so that matching a
    /// name inside a line tries 经济及社会理事会 before 大会).
    pub const ALL: [Organ; 4] = [
        Organ::EconomicAndSocialCouncil,
        Organ::HumanRightsCouncil,
        Organ::CommissionOnHumanRights,
        Organ::GeneralAssembly,
    ];

    /// The organ's Chinese name as the texts write it.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Organ::HumanRightsCouncil => "人权理事会",
            Organ::GeneralAssembly => "大会",
            Organ::CommissionOnHumanRights => "人权委员会",
            Organ::EconomicAndSocialCouncil => "经济及社会理事会",
        }
    }

    /// The organ's short English code: HRC, GA, CHR or ECOSOC.
    pub fn code(self) -> &'static str {
        match self {
            Organ::HumanRightsCouncil => "HRC",
            Organ::GeneralAssembly => "GA",
            Organ::CommissionOnHumanRights => "CHR",
            Organ::EconomicAndSocialCouncil => "ECOSOC",
        }
    }

    /// The organ's English name as the texts write it, without `The`.
    pub fn english_name(self) -> &'static str {
        match self {
            Organ::HumanRightsCouncil => "Human Rights Council",
            Organ::GeneralAssembly => "General Assembly",
            Organ::CommissionOnHumanRights => "Commission on Human Rights",
            Organ::EconomicAndSocialCouncil => "Economic and Social Council",
        }
    }

    /// The organ's name in `language`.
    pub fn name_in(self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.chinese_name(),
            Language::English => self.english_name(),
        }
    }

    /// Reads an organ from its Chinese or English name or its code (any
    /// case).
    pub fn from_name(name: &str) -> Option<Organ> {
        let name = name.trim();
        Organ::ALL.into_iter().find(|organ| {
            organ.chinese_name() == name
                || organ.english_name().eq_ignore_ascii_case(name)
                || organ.code().eq_ignore_ascii_case(name)
        })
    }
}

/// The language a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Language {
    /// Chinese, the language hrsearch is built for.
    #[default]
    #[serde(rename = "zh")]
    Chinese,
    /// English, the language most texts are negotiated in.
    #[serde(rename = "en")]
    English,
}

impl Language {
    /// The tag used in file names, JSON and the query language: `zh`, `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Chinese => "zh",
            Language::English => "en",
        }
    }

    /// Reads a language from its tag.
    pub fn from_tag(tag: &str) -> Option<Language> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "zh" | "chinese" => Some(Language::Chinese),
            "en" | "english" => Some(Language::English),
            _ => None,
        }
    }

    /// The language most of `text` is written in: English when Chinese
    /// characters are fewer than a tenth of the Latin letters (a Chinese
    /// text quotes symbols and names in Latin letters, an English one
    /// hardly ever holds Chinese characters).
    pub fn of_text(text: &str) -> Language {
        let (mut han, mut latin) = (0usize, 0usize);
        for c in text.chars() {
            if c.is_ascii_alphabetic() {
                latin += 1;
            } else if matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}') {
                han += 1;
            }
        }
        if latin > 0 && han * 10 < latin {
            Language::English
        } else {
            Language::Chinese
        }
    }
}

/// A session as the documents name it: `第21届会议`, `第17届特别会议`, or,
/// for a session named by its year (ECOSOC's), `2023年届会`.
pub fn session_name(session: u64, special: bool) -> String {
    if session >= 1900 {
        format!("{session}年届会")
    } else if special {
        format!("第{session}届特别会议")
    } else {
        format!("第{session}届会议")
    }
}

/// What kind of document a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An adopted resolution.
    Resolution,
    /// A draft resolution (`…：决议草案`, symbols with `/L.`).
    DraftResolution,
    /// An adopted decision.
    Decision,
    /// A draft decision (`…：决定草案`).
    DraftDecision,
    /// An amendment to a draft (`…：修正案`).
    Amendment,
    /// A proposal by a state (`…的订正提案`).
    Proposal,
    /// A letter or note verbale (`…给秘书长的信`, `…的普通照会`).
    Letter,
    /// A report (`…的报告`).
    Report,
    /// A working paper (`…提交的工作文件`).
    WorkingPaper,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 9] = [
        DocumentKind::Resolution,
        DocumentKind::DraftResolution,
        DocumentKind::Decision,
        DocumentKind::DraftDecision,
        DocumentKind::Amendment,
        DocumentKind::Proposal,
        DocumentKind::Letter,
        DocumentKind::Report,
        DocumentKind::WorkingPaper,
    ];

    /// The name used in the index and in JSON (`draft_resolution`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "resolution",
            DocumentKind::DraftResolution => "draft_resolution",
            DocumentKind::Decision => "decision",
            DocumentKind::DraftDecision => "draft_decision",
            DocumentKind::Amendment => "amendment",
            DocumentKind::Proposal => "proposal",
            DocumentKind::Letter => "letter",
            DocumentKind::Report => "report",
            DocumentKind::WorkingPaper => "working_paper",
        }
    }

    /// Whether the document is a resolution or decision, adopted or draft,
    /// or an amendment: a text with a preamble and operative paragraphs.
    pub fn is_resolution_like(self) -> bool {
        matches!(
            self,
            DocumentKind::Resolution
                | DocumentKind::DraftResolution
                | DocumentKind::Decision
                | DocumentKind::DraftDecision
                | DocumentKind::Amendment
        )
    }
}

/// The label prefix of a unit of a document's English text that has no
/// Chinese counterpart: `EN-PP3`, `EN-FN1`.
pub const ENGLISH_ONLY_PREFIX: &str = "EN-";

/// What part of a document a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The document's title (or a nested draft's or annexed decision's), `TITLE`.
    Title,
    /// A header line: organ, session, agenda item and its title, adoption
    /// line, sponsors or submitter, symbol, date (`H1`, `H2`, …).
    Header,
    /// A preambular paragraph, cited as PP1, PP2, …
    Preambular,
    /// An operative paragraph, cited as OP1, OP2, … by its own number;
    /// a sub-item as `OP2(a)`, `OP2(十四)`.
    Operative,
    /// A section heading, `附件`, `一. 导言` (`HD1`, …).
    Heading,
    /// A narrative paragraph of a letter, proposal or report: `P12` by its
    /// own number, else `T1`, `T2`, … in order.
    Text,
    /// A footnote (`FN1`, …).
    Footnote,
    /// A closing line: meeting, date, outcome, votes (`CL1`, …).
    Closing,
}

impl UnitKind {
    /// Every kind, in the order `kind:` lists them.
    pub const ALL: [UnitKind; 8] = [
        UnitKind::Title,
        UnitKind::Header,
        UnitKind::Preambular,
        UnitKind::Operative,
        UnitKind::Heading,
        UnitKind::Text,
        UnitKind::Footnote,
        UnitKind::Closing,
    ];

    /// The name used in the index and in JSON: `preambular`, `footnote`, …
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Title => "title",
            UnitKind::Header => "header",
            UnitKind::Preambular => "preambular",
            UnitKind::Operative => "operative",
            UnitKind::Heading => "heading",
            UnitKind::Text => "text",
            UnitKind::Footnote => "footnote",
            UnitKind::Closing => "closing",
        }
    }

    /// The label prefix: `TITLE`, `H`, `PP`, `OP`, `HD`, `T`, `FN`, `CL`
    /// (numbered text paragraphs use `P`).
    pub fn prefix(self) -> &'static str {
        match self {
            UnitKind::Title => "TITLE",
            UnitKind::Header => "H",
            UnitKind::Preambular => "PP",
            UnitKind::Operative => "OP",
            UnitKind::Heading => "HD",
            UnitKind::Text => "T",
            UnitKind::Footnote => "FN",
            UnitKind::Closing => "CL",
        }
    }

    /// Whether the unit is body text (preambular, operative or narrative),
    /// which ranks above equal matches in titles, headers and footnotes.
    pub fn is_body(self) -> bool {
        matches!(
            self,
            UnitKind::Preambular | UnitKind::Operative | UnitKind::Text
        )
    }

    /// The kind and number a label names: `OP12` is operative paragraph 12,
    /// `DR-PP3` preambular paragraph 3 of a nested draft, `OP2(十四)` a
    /// sub-item of OP2, `FN4` the fourth footnote, `TITLE` the title (0).
    pub fn from_label(label: &str) -> Option<(UnitKind, u32)> {
        let label = label.strip_prefix(ENGLISH_ONLY_PREFIX).unwrap_or(label);
        let base = Part::ALL
            .iter()
            .find_map(|part| label.strip_prefix(part.label_prefix()))
            .unwrap_or(label);
        let base = match base.find('(') {
            Some(at) if base.ends_with(')') => &base[..at],
            _ => base,
        };
        if base == "TITLE" {
            return Some((UnitKind::Title, 0));
        }
        // Longer prefixes first: `PP` before `P`, `HD` before `H`.
        let prefixes = [
            ("PP", UnitKind::Preambular),
            ("OP", UnitKind::Operative),
            ("HD", UnitKind::Heading),
            ("FN", UnitKind::Footnote),
            ("CL", UnitKind::Closing),
            ("H", UnitKind::Header),
            ("P", UnitKind::Text),
            ("T", UnitKind::Text),
        ];
        prefixes.into_iter().find_map(|(prefix, kind)| {
            let digits = base.strip_prefix(prefix)?;
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Some((kind, digits.parse().ok()?)))
                .flatten()
        })
    }

    /// Reads a kind's name or short name (any case): `pp`, `op`, `title`,
    /// `header`, `heading`, `text`, `footnote` (`fn`), `closing`.
    pub fn from_name(name: &str) -> Option<UnitKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pp" | "preambular" => Some(UnitKind::Preambular),
            "op" | "operative" => Some(UnitKind::Operative),
            "title" => Some(UnitKind::Title),
            "header" => Some(UnitKind::Header),
            "heading" | "hd" => Some(UnitKind::Heading),
            "text" => Some(UnitKind::Text),
            "footnote" | "fn" | "note" => Some(UnitKind::Footnote),
            "closing" | "cl" => Some(UnitKind::Closing),
            _ => None,
        }
    }
}

/// A text inside a document that keeps paragraph numbers of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// A draft another organ is asked to adopt (`建议大会通过下列决议草案：`):
    /// labels `DR-PP1`, `DR-OP1`, …
    NestedDraft,
    /// An annexed text (a regional commission's decision, guidelines):
    /// labels `ANNEX-PP1`, …
    Annex,
}

impl Part {
    /// Every part.
    pub const ALL: [Part; 2] = [Part::NestedDraft, Part::Annex];

    /// What the part's labels start with: `DR-` or `ANNEX-`.
    pub fn label_prefix(self) -> &'static str {
        match self {
            Part::NestedDraft => "DR-",
            Part::Annex => "ANNEX-",
        }
    }
}

/// Whether a citation is of a resolution or of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A resolution: `第 18/18 号决议`.
    Resolution,
    /// A decision: `第 6/102 号决定`.
    Decision,
}

impl CitationKind {
    /// `resolution` or `decision`, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Resolution => "resolution",
            CitationKind::Decision => "decision",
        }
    }
}

/// One resolution or decision cited by a text.
///
/// Ordered by number (as a string), then kind, then organ (none first, then
/// in the order of [`Organ`]'s variants).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Citation {
    /// Normalised number: "18/18", "5/1", "1993/87", "60/251", "S-17/1",
    /// "1235 (XLII)", "217 A (III)".
    pub number: String,
    /// "resolution" or "decision".
    pub kind: CitationKind,
    /// The organ the text names for it, if it names one:
    /// `Some(Organ::GeneralAssembly)` for 大会第60/251号决议, `None` for
    /// 理事会第 18/18 号决议 (the document's own organ) or 第 5/1 号决议.
    pub organ: Option<Organ>,
}

impl Citation {
    /// A citation of `number` (taken as given) of `kind`, by `organ`.
    pub fn new(number: impl Into<String>, kind: CitationKind, organ: Option<Organ>) -> Citation {
        Citation {
            number: number.into(),
            kind,
            organ,
        }
    }
}

/// The rank of an organ in the order of `Organ`'s variants (the order a
/// derived `Ord` would give; `Organ` itself is not `Ord`).
fn organ_rank(organ: Option<Organ>) -> u8 {
    match organ {
        None => 0,
        Some(Organ::HumanRightsCouncil) => 1,
        Some(Organ::GeneralAssembly) => 2,
        Some(Organ::CommissionOnHumanRights) => 3,
        Some(Organ::EconomicAndSocialCouncil) => 4,
    }
}

impl Ord for Citation {
    fn cmp(&self, other: &Citation) -> Ordering {
        self.number
            .cmp(&other.number)
            .then(self.kind.cmp(&other.kind))
            .then(organ_rank(self.organ).cmp(&organ_rank(other.organ)))
    }
}

impl PartialOrd for Citation {
    fn partial_cmp(&self, other: &Citation) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A state sponsoring a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sponsor {
    /// The state's name as written.
    pub name: String,
    /// Marked `*` in the text: not a member of the organ.
    pub non_member: bool,
}

/// One unit of a document: a paragraph, a header line, the title, a
/// heading, a footnote or a closing line. Each is indexed on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// How researchers cite it: `PP3`, `OP10`, `OP2(十四)`, `DR-OP1`, `FN2`.
    pub label: String,
    /// Which part of the document it is.
    pub kind: UnitKind,
    /// Its number: the order among preambular paragraphs (or header lines,
    /// footnotes, …), or the operative paragraph's own number.
    pub number: u32,
    /// The heading of the section it stands in, if any.
    pub section: Option<String>,
    /// The text as written (an operative paragraph keeps its `1.`), with
    /// the lines of a paragraph split by a page break joined.
    pub text: String,
    /// The resolutions and decisions the unit cites; a paragraph also
    /// counts those of the footnotes attached to it.
    #[serde(default)]
    pub citations: Vec<Citation>,
    /// For a footnote: the label of the unit its marker stands in. `None`
    /// for a footnote whose marker was lost (it belongs to the document as
    /// a whole) and for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_of: Option<String>,
    /// The nested draft or annex the unit belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// The organ whose text the unit is, when it is not the document's:
    /// the General Assembly for a draft an ECOSOC resolution recommends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organ: Option<Organ>,
    /// The English text of the same unit, when the document was indexed
    /// with its English version and the unit has a counterpart there. A
    /// unit of the English text without a Chinese counterpart is a unit of
    /// its own, labelled `EN-…`, with an empty `text`. Always in JSON
    /// (`null` where there is no English).
    #[serde(default)]
    pub en: Option<String>,
}

/// How a text was adopted, as its closing lines say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Vote {
    /// `未经表决获得通过`: adopted without a vote.
    WithoutVote,
    /// `以 32 票对 0 票、15 票弃权获得通过`: a recorded vote.
    Recorded {
        /// Votes in favour.
        yes: u32,
        /// Votes against.
        no: u32,
        /// Abstentions.
        abstentions: u32,
    },
}

/// Which texts of a document to show: the Chinese, the English beside it,
/// or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShownLanguages {
    /// The Chinese text (units of the English version only show their
    /// English).
    #[default]
    Chinese,
    /// The English text where a unit has one, else the Chinese.
    English,
    /// The Chinese, with the English under each unit.
    Both,
}

/// One parsed resolution (or draft, decision, amendment).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resolution {
    /// Stable identifier: the symbol where known, else the path of the file
    /// relative to the folder it was indexed from, without its extension.
    pub id: String,
    /// The file it was read from, as given to `hrsearch index`.
    pub source: String,
    /// The UN body.
    pub organ: Option<Organ>,
    /// The session number (for ECOSOC, the year of the session).
    pub session: Option<u64>,
    /// Whether the session is a special session (`第十七届特别会议`).
    pub special_session: bool,
    /// The agenda item(s) as written: `10`, `69 (b)`, `2 和 3`.
    pub agenda_item: Option<String>,
    /// Each agenda item on its own, normalised: `["2", "3"]`, `["69(b)"]`.
    pub agenda_items: Vec<String>,
    /// The title of the agenda item; with several items, their titles
    /// in order, joined by `；`.
    pub agenda_title: Option<String>,
    /// Resolution, draft resolution, decision, …
    pub kind: Option<DocumentKind>,
    /// The number as written: `21/...` for a draft, `21/1` once adopted.
    pub number: Option<String>,
    /// The UN document symbol: `A/HRC/21/L.28`, `A/RES/70/169`.
    pub symbol: Option<String>,
    /// The title of the resolution.
    pub title: Option<String>,
    /// The date of adoption or issue, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The sponsoring states of a draft, in order.
    pub sponsors: Vec<Sponsor>,
    /// Who submitted the text when it is not a list of states: an officer
    /// (`理事会副主席葆拉·纳瓦埃斯(智利)`), a delegation, a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitter: Option<String>,
    /// How the text was adopted: `未经表决获得通过。` or the vote line.
    pub adoption: Option<String>,
    /// The date of adoption, `YYYY-MM-DD`, from the adoption line
    /// (`2023年7月25日经济及社会理事会决议`) or the closing lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adoption_date: Option<String>,
    /// The meeting it was adopted at: 43 for `第43次全体会议`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<u32>,
    /// Without a vote, or the recorded vote's counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
    /// The symbol of the proposal or report it was adopted on
    /// (`E/2023/L.19` in `[根据全体会议审议的一项提案(E/2023/L.19)通过]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis_symbol: Option<String>,
    /// Every unit, in the order of the text.
    pub paragraphs: Vec<Paragraph>,
    /// What the parser could not understand (a missing header, …).
    pub warnings: Vec<String>,
    /// The language of the text.
    #[serde(default)]
    pub language: Language,
    /// The English version indexed beside the Chinese text, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english: Option<EnglishVersion>,
}

/// The English version of a document, read from a file of its own and
/// aligned unit by unit to the Chinese text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnglishVersion {
    /// The file it was read from.
    pub source: String,
    /// Its title, as the English header gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Chinese units with an English counterpart.
    pub aligned: usize,
    /// Chinese units without one.
    pub unaligned: usize,
    /// English units without a Chinese counterpart (the `EN-…` units).
    pub english_only: usize,
}

impl Resolution {
    /// The main number of the first agenda item: 69 for `69 (b)`.
    pub fn agenda_main(&self) -> Option<u64> {
        let first = self.agenda_items.first()?;
        let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }

    /// The year of the adoption date, else of `date`, if known.
    pub fn year(&self) -> Option<u64> {
        self.adoption_date
            .as_deref()
            .or(self.date.as_deref())?
            .get(..4)?
            .parse()
            .ok()
    }

    /// The session as the documents name it: `第21届会议`, `第17届特别会议`,
    /// or, for a session named by its year, `2023年届会`.
    pub fn session_name(&self) -> Option<String> {
        Some(session_name(self.session?, self.special_session))
    }

    /// The footnotes, in order.
    pub fn footnotes(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs
            .iter()
            .filter(|p| p.kind == UnitKind::Footnote)
    }

    /// The footnotes attached to the unit labelled `label`.
    pub fn notes_of<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a Paragraph> {
        self.footnotes()
            .filter(move |p| p.note_of.as_deref() == Some(label))
    }

    /// A short name for display: the symbol, else the number, else the id.
    pub fn display_name(&self) -> &str {
        self.symbol
            .as_deref()
            .or(self.number.as_deref())
            .unwrap_or(&self.id)
    }
}

/// What a hit or group says about its resolution.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolutionMeta {
    /// The resolution's id (for `hrsearch show`).
    pub doc_id: String,
    /// The UN document symbol.
    pub symbol: Option<String>,
    /// The resolution number (`21/...`).
    pub resolution: Option<String>,
    /// The resolution title.
    pub title: Option<String>,
    /// The organ's Chinese name.
    pub organ: Option<String>,
    /// The session number.
    pub session: Option<u64>,
    /// The agenda item(s) as written.
    pub agenda_item: Option<String>,
    /// The kind of document: `resolution`, `draft_resolution`, `letter`, …
    #[serde(default)]
    pub kind: Option<String>,
    /// The date of adoption, `YYYY-MM-DD`.
    #[serde(default)]
    pub adopted: Option<String>,
    /// How it was adopted: without a vote, or the recorded vote.
    #[serde(default)]
    pub vote: Option<Vote>,
    /// The source file as given to `index`.
    pub source: Option<String>,
}

impl ResolutionMeta {
    /// The metadata of `resolution`.
    pub fn of(resolution: &Resolution) -> ResolutionMeta {
        ResolutionMeta {
            doc_id: resolution.id.clone(),
            symbol: resolution.symbol.clone(),
            resolution: resolution.number.clone(),
            title: resolution.title.clone(),
            organ: resolution.organ.map(|o| o.chinese_name().to_string()),
            session: resolution.session,
            agenda_item: resolution.agenda_item.clone(),
            kind: resolution.kind.map(|k| k.as_str().to_string()),
            adopted: resolution.adoption_date.clone(),
            vote: resolution.vote,
            source: Some(resolution.source.clone()),
        }
    }

    /// A short name for display: the symbol, else the number, else the id.
    pub fn display_name(&self) -> &str {
        self.symbol
            .as_deref()
            .or(self.resolution.as_deref())
            .unwrap_or(&self.doc_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_their_kind_and_number() {
        for (label, kind, number) in [
            ("OP12", UnitKind::Operative, 12),
            ("PP3", UnitKind::Preambular, 3),
            ("OP2(十四)", UnitKind::Operative, 2),
            ("DR-PP1", UnitKind::Preambular, 1),
            ("ANNEX-OP4(a)", UnitKind::Operative, 4),
            ("TITLE", UnitKind::Title, 0),
            ("DR-TITLE", UnitKind::Title, 0),
            ("H3", UnitKind::Header, 3),
            ("HD2", UnitKind::Heading, 2),
            ("P110", UnitKind::Text, 110),
            ("T4", UnitKind::Text, 4),
            ("FN7", UnitKind::Footnote, 7),
            ("CL1", UnitKind::Closing, 1),
        ] {
            assert_eq!(UnitKind::from_label(label), Some((kind, number)), "{label}");
        }
        for bad in ["OP", "XX1", "OP1x", "PP-1", ""] {
            assert_eq!(UnitKind::from_label(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::from_name(kind.as_str()), Some(kind));
        }
    }
}
