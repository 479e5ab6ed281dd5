//! The parsed form of one resolution: its metadata and its paragraphs, as
//! every later stage (indexing, display, JSON) sees it.

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

    /// Reads an organ from its Chinese name or its code (any case).
    pub fn from_name(name: &str) -> Option<Organ> {
        let name = name.trim();
        Organ::ALL
            .into_iter()
            .find(|organ| organ.chinese_name() == name || organ.code().eq_ignore_ascii_case(name))
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
}

impl DocumentKind {
    /// The name used in the index and in JSON (`draft_resolution`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "resolution",
            DocumentKind::DraftResolution => "draft_resolution",
            DocumentKind::Decision => "decision",
            DocumentKind::DraftDecision => "draft_decision",
            DocumentKind::Amendment => "amendment",
        }
    }
}

/// Whether a paragraph belongs to the preamble or the operative part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// A preambular paragraph, cited as PP1, PP2, …
    Preambular,
    /// An operative paragraph, cited as OP1, OP2, … by its own number.
    Operative,
}

impl ParagraphKind {
    /// `preambular` or `operative`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Preambular => "preambular",
            ParagraphKind::Operative => "operative",
        }
    }

    /// The label prefix: `PP` or `OP`.
    pub fn prefix(self) -> &'static str {
        match self {
            ParagraphKind::Preambular => "PP",
            ParagraphKind::Operative => "OP",
        }
    }

    /// The kind and number a label names: `OP12` is operative paragraph 12.
    pub fn from_label(label: &str) -> Option<(ParagraphKind, u32)> {
        [ParagraphKind::Preambular, ParagraphKind::Operative]
            .into_iter()
            .find_map(|kind| Some((kind, label.strip_prefix(kind.prefix())?.parse().ok()?)))
    }

    /// Reads `pp`, `op`, `preambular` or `operative` (any case).
    pub fn from_name(name: &str) -> Option<ParagraphKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pp" | "preambular" => Some(ParagraphKind::Preambular),
            "op" | "operative" => Some(ParagraphKind::Operative),
            _ => None,
        }
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

/// One preambular or operative paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// How researchers cite it: `PP3`, `OP10`.
    pub label: String,
    /// Preambular or operative.
    pub kind: ParagraphKind,
    /// Its number: the order among preambular paragraphs, or the operative
    /// paragraph's own number.
    pub number: u32,
    /// The heading of the section it stands in, if any.
    pub section: Option<String>,
    /// The paragraph's text, without its number; lettered sub-paragraphs
    /// follow on their own lines.
    pub text: String,
    /// The resolutions and decisions the paragraph cites.
    #[serde(default)]
    pub citations: Vec<crate::citations::Citation>,
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
    /// How the text was adopted: `未经表决获得通过。` or the vote line.
    pub adoption: Option<String>,
    /// The paragraphs in the order of the text.
    pub paragraphs: Vec<Paragraph>,
    /// Footnotes found in the text (they are not paragraphs).
    pub footnotes: Vec<String>,
    /// What the parser could not understand (a missing header, …).
    pub warnings: Vec<String>,
}

impl Resolution {
    /// The main number of the first agenda item: 69 for `69 (b)`.
    pub fn agenda_main(&self) -> Option<u64> {
        let first = self.agenda_items.first()?;
        let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    }

    /// The year of `date`, if known.
    pub fn year(&self) -> Option<u64> {
        self.date.as_deref()?.get(..4)?.parse().ok()
    }

    /// A short name for display: the symbol, else the number, else the id.
    pub fn display_name(&self) -> &str {
        self.symbol
            .as_deref()
            .or(self.number.as_deref())
            .unwrap_or(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_their_kind_and_number() {
        assert_eq!(
            ParagraphKind::from_label("OP12"),
            Some((ParagraphKind::Operative, 12))
        );
        assert_eq!(
            ParagraphKind::from_label("PP3"),
            Some((ParagraphKind::Preambular, 3))
        );
        assert_eq!(ParagraphKind::from_label("OP"), None);
        assert_eq!(ParagraphKind::from_label("XX1"), None);
    }
}
