//! The query language, parsed into a typed tree before anything touches the
//! index.
//!
//! ```text
//! query    := or EOF
//! or       := and (OR and)*
//! and      := unary (AND? unary)*
//! unary    := ("-" | NOT) primary | primary
//! primary  := "(" or ")" | quoted | key:value | word+
//! OR       := "OR" | "or" | "或"      AND := "AND" | "and" | "与"
//! NOT      := "NOT" | "not" | "非"     (each standing alone between spaces)
//! quoted   := "…" | ＂…＂ | “…” | 「…」 | 『…』 | 《…》
//! ```
//!
//! A quoted string is an exact phrase (`《…》`, a title, is matched without
//! its brackets, so it finds the title cited with or without them); a run
//! of bare words requires each word jieba finds in it (paragraphs holding
//! the run as one phrase rank first); `-x` or `NOT x` excludes; `OR` offers
//! alternatives; parentheses group. `key:value` filters on metadata: see
//! [`Filter`]. A bare word that is a citation (`第18/18号决议`, `18/18号决议`,
//! `18/18`) or a document symbol (`A/HRC/RES/21/1`) is not cut into words:
//! see [`Expr::Citation`] and [`Expr::Symbol`].

use std::fmt;

use crate::analysis::{normalize, words};
use crate::index::terms::{citation_term, date_number, fixed_digits, symbol_term};
use crate::parse::parse_number;
use crate::resolution::{Organ, UnitKind};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// Most sessions (or years) one `cites:` range may span, and most numbers
/// a range within one session may span.
pub const MAX_CITES_RANGE: u64 = 1000;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Every part must match (parts side by side in the query, or `AND`).
    And(Vec<Expr>),
    /// At least one part must match (`a OR b`).
    Or(Vec<Expr>),
    /// The part must not match (`-a`, `NOT a`).
    Not(Box<Expr>),
    /// `"…"`: paragraphs whose normalised text contains this string.
    Phrase(String),
    /// A run of bare words as typed between spaces: each word jieba finds in
    /// them is required; paragraphs holding the run as one phrase rank first.
    /// Made by [`Expr::words`], which cuts the words once.
    Words {
        /// The words as typed.
        parts: Vec<String>,
        /// The words jieba finds in them ([`required_words`]).
        required: Vec<String>,
    },
    /// A bare word that is a citation (`第18/18号决议`): paragraphs holding
    /// it as written, or citing the number (`第 5/1 号和第 18/18 号决议`).
    Citation {
        /// The word as typed.
        written: String,
        /// The cited number, as indexed (`18/18`).
        number: String,
    },
    /// A bare word that is a document symbol (`A/HRC/RES/21/1`): searched as
    /// the exact phrase, not as the scattered words `a`, `hrc`, `res`, ….
    Symbol(String),
    /// `key:value`: a restriction on metadata.
    Filter(Filter),
}

/// The filters, one name each, as the query, the command line and the web
/// API write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKey {
    /// `session:`
    Session,
    /// `year:`
    Year,
    /// `agenda:`
    Agenda,
    /// `organ:`
    Organ,
    /// `kind:`
    Kind,
    /// `para:`
    Para,
    /// `symbol:`
    Symbol,
    /// `sponsor:`
    Sponsor,
    /// `cites:`
    Cites,
    /// `title:`
    Title,
    /// `adopted:`
    Adopted,
    /// `lang:`
    Lang,
}

impl FilterKey {
    /// Every filter, in the order help and messages list them.
    pub const ALL: [FilterKey; 12] = [
        FilterKey::Session,
        FilterKey::Agenda,
        FilterKey::Kind,
        FilterKey::Organ,
        FilterKey::Para,
        FilterKey::Symbol,
        FilterKey::Year,
        FilterKey::Sponsor,
        FilterKey::Cites,
        FilterKey::Title,
        FilterKey::Adopted,
        FilterKey::Lang,
    ];

    /// The name: `session` in `session:21`, `--session 21` and `&session=21`.
    pub fn name(self) -> &'static str {
        match self {
            FilterKey::Session => "session",
            FilterKey::Year => "year",
            FilterKey::Agenda => "agenda",
            FilterKey::Organ => "organ",
            FilterKey::Kind => "kind",
            FilterKey::Para => "para",
            FilterKey::Symbol => "symbol",
            FilterKey::Sponsor => "sponsor",
            FilterKey::Cites => "cites",
            FilterKey::Title => "title",
            FilterKey::Adopted => "adopted",
            FilterKey::Lang => "lang",
        }
    }

    /// The filter of this name (any case).
    pub fn from_name(name: &str) -> Option<FilterKey> {
        FilterKey::ALL
            .into_iter()
            .find(|key| key.name().eq_ignore_ascii_case(name))
    }

    /// What the value looks like, for help.
    pub fn value_name(self) -> &'static str {
        match self {
            FilterKey::Session | FilterKey::Year => "N|FROM..TO",
            FilterKey::Agenda => "ITEM",
            FilterKey::Organ => "ORGAN",
            FilterKey::Kind => "KIND",
            FilterKey::Para => "LABEL",
            FilterKey::Symbol => "SYMBOL",
            FilterKey::Sponsor => "STATE",
            FilterKey::Cites => "NUMBER",
            FilterKey::Title => "PHRASE",
            FilterKey::Adopted => "DATE|FROM..TO",
            FilterKey::Lang => "zh|en|all",
        }
    }

    /// One line of help.
    pub fn help(self) -> &'static str {
        match self {
            FilterKey::Session => {
                "Only these sessions: 21, 二十一, 第二十一届, or a range 19..22 (for ECOSOC, the year)"
            }
            FilterKey::Year => "Only resolutions dated in these years: 2012, or a range 2010..2012",
            FilterKey::Agenda => "Only this agenda item (10, 70(b); 70 takes its sub-items too)",
            FilterKey::Organ => {
                "Only this organ: 人权理事会, 大会, 人权委员会, 经济及社会理事会, or hrc, ga, chr, ecosoc"
            }
            FilterKey::Kind => {
                "Only units of this kind: pp (preambular), op (operative), text, title, header, \
                 heading, footnote, closing"
            }
            FilterKey::Para => {
                "Only this unit label (OP5, PP3, OP2(a), DR-OP1, FN2); OP2 takes its sub-items too"
            }
            FilterKey::Symbol => "Only this document symbol (a trailing * matches a prefix)",
            FilterKey::Sponsor => {
                "Only resolutions this state sponsored (委内瑞拉 or 委内瑞拉玻利瓦尔共和国); \
                 nonmember or member: with a sponsor that is not (or is) a member of the organ"
            }
            FilterKey::Cites => {
                "Only paragraphs citing this resolution or decision: 18/18, 1993/*, 1993 (any of \
                 that year or session), 18/1..18/30, 2005..2010"
            }
            FilterKey::Title => "Only documents whose title contains this phrase",
            FilterKey::Adopted => {
                "Only documents adopted on these days: 2023-07-25, 2023, or a range \
                 2023-01-01..2023-06-30"
            }
            FilterKey::Lang => {
                "Which text the words are looked for in: zh (the Chinese), en (the English \
                 beside it) or all; by default the Chinese, and the English too for words in \
                 Latin letters"
            }
        }
    }
}

impl fmt::Display for FilterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A restriction on the metadata of a paragraph or its resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `session:21`, `session:二十一`, `session:19..22`, `session:19..`,
    /// `session:..22`.
    Session(NumberRange),
    /// `year:2012`, `year:2010..2012`.
    Year(NumberRange),
    /// `agenda:10`, `agenda:70(b)`; `agenda:70` also takes 70(a), 70(b), ….
    Agenda(String),
    /// `organ:人权理事会`, or `organ:hrc` / `ga` / `ecosoc` / `chr`.
    Organ(Organ),
    /// `kind:pp`, `kind:op`, `kind:title`, `kind:footnote`, …
    Kind(UnitKind),
    /// `para:OP5`: one unit label; `para:OP2` takes its sub-items too.
    Para(String),
    /// `title:"…"`: units of documents whose title (or a nested draft's or
    /// annexed text's title) contains the phrase.
    Title(String),
    /// `adopted:2023-07-25`, `adopted:2023`, `adopted:2023-01-01..2023-06-30`:
    /// documents adopted on these days, as `YYYYMMDD` numbers.
    Adopted(NumberRange),
    /// `symbol:A/HRC/RES/21/1`; a trailing `*` matches every symbol
    /// starting so (`symbol:A/HRC/RES/21/*`).
    Symbol(String),
    /// `sponsor:挪威`, `sponsor:nonmember`: see [`SponsorFilter`].
    Sponsor(SponsorFilter),
    /// `cites:18/18`, `cites:1993/*`, `cites:18/1..18/30`: see [`Cited`].
    Cites(Cited),
    /// `lang:en`: units with English text, the words looked for in it.
    Lang(LangScope),
}

/// Which text of a unit a query's words are looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangScope {
    /// `lang:zh`: the Chinese text.
    Chinese,
    /// `lang:en`: the English text beside it.
    English,
    /// `lang:all`: either.
    All,
}

impl LangScope {
    /// The name as typed: `zh`, `en`, `all`.
    pub fn name(self) -> &'static str {
        match self {
            LangScope::Chinese => "zh",
            LangScope::English => "en",
            LangScope::All => "all",
        }
    }

    /// Whether a text part of the query is looked for in the Chinese and
    /// in the English texts; without a scope (`None`), the Chinese always,
    /// and the English for a part in Latin letters.
    pub fn texts(scope: Option<LangScope>, part: &str) -> (bool, bool) {
        match scope {
            Some(LangScope::Chinese) => (true, false),
            Some(LangScope::English) => (false, true),
            Some(LangScope::All) => (true, true),
            None => (true, crate::analysis::english::is_english(part)),
        }
    }
}

/// What `sponsor:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SponsorFilter {
    /// Resolutions this state sponsored, under any of its names (the name
    /// normalised as typed).
    State(String),
    /// `sponsor:member` (`成员国`): with a sponsor that is a member of the
    /// organ.
    Member,
    /// `sponsor:nonmember` (`非成员国`): with a sponsor marked `*`, not a
    /// member of the organ.
    NonMember,
}

/// What `cites:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cited {
    /// One number, as indexed: `18/18`, `S-17/1`, `1235(XLII)`.
    Number(String),
    /// Any number of these sessions or years: `cites:1993`, `cites:1993/*`,
    /// `cites:2005..2010`.
    Sessions {
        /// The first session or year.
        from: u64,
        /// The last session or year.
        to: u64,
    },
    /// The numbers `from` to `to` of one session: `cites:18/1..18/30`.
    Numbers {
        /// The session or year, as indexed (`18`, `S-17`).
        session: String,
        /// The first number.
        from: u64,
        /// The last number.
        to: u64,
    },
}

/// An inclusive range of numbers, open at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberRange {
    /// Lowest number taken, if any.
    pub from: Option<u64>,
    /// Highest number taken, if any.
    pub to: Option<u64>,
}

impl Filter {
    /// Reads a filter from its key and value, as in the query, a flag or a
    /// parameter of the web API.
    pub fn parse(key: &str, value: &str) -> Result<Filter, String> {
        let key = FilterKey::from_name(key).ok_or_else(|| {
            format!(
                "unknown filter `{key}:`; the filters are {}",
                FilterKey::ALL.map(|k| format!("{k}:")).join(" ")
            )
        })?;
        Filter::read(key, value)
    }

    /// Reads the value of a filter.
    pub fn read(key: FilterKey, value: &str) -> Result<Filter, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err(format!("the filter `{key}:` has no value"));
        }
        let plain = normalize(value);
        Ok(match key {
            FilterKey::Session => Filter::Session(session_range(&plain).ok_or_else(|| {
                format!(
                    "`session:{value}`: expected a session number or range, such as 21, \
                     二十一, 第二十一届 or 19..22"
                )
            })?),
            FilterKey::Year => Filter::Year(year_range(&plain).ok_or_else(|| {
                format!("`year:{value}`: expected a year or range, such as 2012 or 2010..2012")
            })?),
            FilterKey::Agenda => {
                let items = crate::parse::agenda_items(value);
                match items.as_slice() {
                    [item] if *item == plain => Filter::Agenda(item.clone()),
                    _ => {
                        return Err(format!(
                            "`agenda:{value}`: expected an agenda item such as 10 or 70(b)"
                        ))
                    }
                }
            }
            FilterKey::Organ => Filter::Organ(Organ::from_name(value).ok_or_else(|| {
                format!(
                    "`organ:{value}`: expected 人权理事会, 大会, 人权委员会, 经济及社会理事会, \
                     or hrc, ga, chr, ecosoc"
                )
            })?),
            FilterKey::Kind => Filter::Kind(UnitKind::from_name(value).ok_or_else(|| {
                format!(
                    "`kind:{value}`: expected pp (preambular), op (operative), title, header, \
                     heading, text, footnote or closing"
                )
            })?),
            FilterKey::Para => {
                // Upper case but for a sub-item's letter: `op2(a)` is `OP2(a)`.
                let (base, sub) = plain.split_at(plain.find('(').unwrap_or(plain.len()));
                let label = format!("{}{sub}", base.to_ascii_uppercase());
                if UnitKind::from_label(&label).is_none() {
                    return Err(format!(
                        "`para:{value}`: expected a unit label such as OP5, PP3, OP2(a), \
                         DR-OP1, FN2 or TITLE"
                    ));
                }
                Filter::Para(label)
            }
            FilterKey::Title => Filter::Title(plain),
            FilterKey::Adopted => Filter::Adopted(date_range(&plain).ok_or_else(|| {
                format!(
                    "`adopted:{value}`: expected a date, a year or a range, such as \
                     2023-07-25, 2023 or 2023-01-01..2023-06-30"
                )
            })?),
            FilterKey::Symbol => Filter::Symbol(symbol_term(value)),
            FilterKey::Sponsor => Filter::Sponsor(match plain.as_str() {
                "member" | "members" | "成员国" | "成员" => SponsorFilter::Member,
                "nonmember" | "nonmembers" | "non-member" | "non-members" | "非成员国"
                | "非成员" => SponsorFilter::NonMember,
                _ => SponsorFilter::State(plain),
            }),
            FilterKey::Lang => Filter::Lang(match plain.as_str() {
                "zh" | "chinese" | "中文" | "汉语" => LangScope::Chinese,
                "en" | "english" | "英文" | "英语" => LangScope::English,
                "all" | "both" | "全部" => LangScope::All,
                _ => {
                    return Err(format!(
                        "`lang:{value}`: expected zh (Chinese), en (English) or all"
                    ))
                }
            }),
            FilterKey::Cites => Filter::Cites(cited(value).ok_or_else(|| {
                format!(
                    "`cites:{value}`: expected a resolution or decision number such as 18/18, \
                     1993/87 or S-17/1, a session or year (1993, 1993/*), or a range \
                     (18/1..18/30, 2005..2010, at most {MAX_CITES_RANGE} apart)"
                )
            })?),
        })
    }

    /// Which filter this is.
    pub fn key(&self) -> FilterKey {
        match self {
            Filter::Session(_) => FilterKey::Session,
            Filter::Year(_) => FilterKey::Year,
            Filter::Agenda(_) => FilterKey::Agenda,
            Filter::Organ(_) => FilterKey::Organ,
            Filter::Kind(_) => FilterKey::Kind,
            Filter::Para(_) => FilterKey::Para,
            Filter::Title(_) => FilterKey::Title,
            Filter::Adopted(_) => FilterKey::Adopted,
            Filter::Symbol(_) => FilterKey::Symbol,
            Filter::Sponsor(_) => FilterKey::Sponsor,
            Filter::Cites(_) => FilterKey::Cites,
            Filter::Lang(_) => FilterKey::Lang,
        }
    }
}

impl fmt::Display for Filter {
    /// The filter as it could be typed in a query: `session:19..22`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key();
        let quoted = |f: &mut fmt::Formatter<'_>, value: &str| {
            if value.chars().any(|c| c.is_whitespace() || c == '"') {
                write!(f, "{key}:\"{value}\"")
            } else {
                write!(f, "{key}:{value}")
            }
        };
        match self {
            Filter::Session(range) | Filter::Year(range) => write!(f, "{key}:{range}"),
            Filter::Adopted(range) => {
                let date = |n: u64| format!("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100);
                match (range.from, range.to) {
                    (Some(a), Some(b)) if a == b => write!(f, "{key}:{}", date(a)),
                    (a, b) => write!(
                        f,
                        "{key}:{}..{}",
                        a.map(date).unwrap_or_default(),
                        b.map(date).unwrap_or_default()
                    ),
                }
            }
            Filter::Agenda(item) => quoted(f, item),
            Filter::Organ(organ) => write!(f, "{key}:{}", organ.chinese_name()),
            Filter::Kind(kind) => write!(f, "{key}:{}", kind.as_str()),
            Filter::Para(label) => quoted(f, label),
            Filter::Title(phrase) => quoted(f, phrase),
            Filter::Symbol(symbol) => quoted(f, symbol),
            Filter::Sponsor(SponsorFilter::State(name)) => quoted(f, name),
            Filter::Sponsor(SponsorFilter::Member) => write!(f, "{key}:member"),
            Filter::Sponsor(SponsorFilter::NonMember) => write!(f, "{key}:nonmember"),
            Filter::Cites(Cited::Number(number)) => quoted(f, number),
            Filter::Cites(Cited::Sessions { from, to }) if from == to => {
                write!(f, "{key}:{from}/*")
            }
            Filter::Cites(Cited::Sessions { from, to }) => write!(f, "{key}:{from}..{to}"),
            Filter::Cites(Cited::Numbers { session, from, to }) => {
                write!(f, "{key}:{session}/{from}..{session}/{to}")
            }
            Filter::Lang(scope) => write!(f, "{key}:{}", scope.name()),
        }
    }
}

/// Reads a session: digits or Chinese numerals (`21`, `二十一`), written
/// bare or as `第二十一届` (`第21届会议`), or a range of them.
fn session_range(plain: &str) -> Option<NumberRange> {
    let number = |s: &str| -> Option<u64> {
        let s = s.strip_prefix('第').unwrap_or(s);
        let s = s
            .strip_suffix("届会议")
            .or_else(|| s.strip_suffix("届"))
            .unwrap_or(s);
        parse_number(s)
    };
    NumberRange::parse_with(plain, number)
}

/// Reads a year: digits or Chinese numerals (`2012`, `二〇一二`, `2012年`),
/// or a range of them.
fn year_range(plain: &str) -> Option<NumberRange> {
    let number = |s: &str| parse_number(s.strip_suffix('年').unwrap_or(s));
    NumberRange::parse_with(plain, number)
}

/// Reads the value of `cites:`.
fn cited(value: &str) -> Option<Cited> {
    let plain = citation_term(value);
    let whole_number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    let session_of = |s: &str| -> Option<u64> { whole_number(s.strip_suffix("/*").unwrap_or(s)) };
    if let Some((from, to)) = plain.split_once("..") {
        if let (Some(from), Some(to)) = (session_of(from), session_of(to)) {
            return (from <= to && to - from < MAX_CITES_RANGE)
                .then_some(Cited::Sessions { from, to });
        }
        let (session, first) = from.rsplit_once('/')?;
        let (same, last) = to.rsplit_once('/')?;
        let (first, last) = (whole_number(first)?, whole_number(last)?);
        let valid = session == same
            && is_citation_number(from)
            && is_citation_number(to)
            && first <= last
            && last - first < MAX_CITES_RANGE;
        return valid.then(|| Cited::Numbers {
            session: session.to_string(),
            from: first,
            to: last,
        });
    }
    if let Some(session) = session_of(&plain) {
        return Some(Cited::Sessions {
            from: session,
            to: session,
        });
    }
    is_citation_number(&plain).then_some(Cited::Number(plain))
}

/// Whether `plain` (normalised, upper case) is a number a citation can
/// cite, in one of the forms [`crate::citations`] extracts.
fn is_citation_number(plain: &str) -> bool {
    crate::citations::is_number(plain)
}

/// Reads `2023-07-25`, `2023-07`, `2023` or a range of them (`A..B`) as
/// `YYYYMMDD` numbers: a year or month stands for all its days.
fn date_range(text: &str) -> Option<NumberRange> {
    let bounds = |s: &str| -> Option<(u64, u64)> {
        let parts: Vec<&str> = s.split('-').collect();
        match parts.as_slice() {
            [y] => {
                let y = fixed_digits(y, 4)?;
                Some((y * 10000 + 101, y * 10000 + 1231))
            }
            [y, m] => {
                let (y, m) = (fixed_digits(y, 4)?, fixed_digits(m, 2)?);
                (1..=12)
                    .contains(&m)
                    .then_some((y * 10000 + m * 100 + 1, y * 10000 + m * 100 + 31))
            }
            [_, _, _] => date_number(s).map(|day| (day, day)),
            _ => None,
        }
    };
    let range = match text.split_once("..") {
        Some((from, to)) => NumberRange {
            from: if from.is_empty() {
                None
            } else {
                Some(bounds(from)?.0)
            },
            to: if to.is_empty() {
                None
            } else {
                Some(bounds(to)?.1)
            },
        },
        None => {
            let (from, to) = bounds(text)?;
            NumberRange {
                from: Some(from),
                to: Some(to),
            }
        }
    };
    let ordered = match (range.from, range.to) {
        (Some(a), Some(b)) => a <= b,
        (None, None) => false,
        _ => true,
    };
    ordered.then_some(range)
}

impl NumberRange {
    /// Reads `21`, `19..22`, `19..` or `..22` (also with `-` or `–`
    /// between), each number read by `number`.
    fn parse_with(text: &str, number: impl Fn(&str) -> Option<u64>) -> Option<NumberRange> {
        let bound = |s: &str| -> Option<Option<u64>> {
            if s.is_empty() {
                Some(None)
            } else {
                number(s).map(Some)
            }
        };
        for separator in ["..", "–", "-"] {
            if let Some((from, to)) = text.split_once(separator) {
                let range = NumberRange {
                    from: bound(from)?,
                    to: bound(to)?,
                };
                let ordered = match (range.from, range.to) {
                    (Some(a), Some(b)) => a <= b,
                    (None, None) => false,
                    _ => true,
                };
                return ordered.then_some(range);
            }
        }
        let n = number(text)?;
        Some(NumberRange {
            from: Some(n),
            to: Some(n),
        })
    }
}

impl fmt::Display for NumberRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => write!(
                f,
                "{}..{}",
                a.map(|n| n.to_string()).unwrap_or_default(),
                b.map(|n| n.to_string()).unwrap_or_default()
            ),
        }
    }
}

impl Expr {
    /// A run of bare words, cut into words by jieba here, once per query.
    pub fn words(parts: Vec<String>) -> Expr {
        let required = required_words(&parts);
        Expr::Words { parts, required }
    }

    /// The normalised strings every match of this part contains, for
    /// highlighting (excluded parts give none).
    pub fn highlight_strings(&self, out: &mut Vec<String>) {
        match self {
            Expr::And(parts) | Expr::Or(parts) => {
                for part in parts {
                    part.highlight_strings(out);
                }
            }
            Expr::Not(_) | Expr::Filter(_) => {}
            Expr::Phrase(phrase) | Expr::Symbol(phrase) => out.push(normalize(phrase)),
            Expr::Citation { written, number } => {
                out.push(normalize(written));
                out.push(normalize(number));
            }
            Expr::Words { parts, required } => {
                out.extend(required.iter().cloned());
                out.push(normalize(&parts.concat()));
            }
        }
    }

    /// What every English match of this part holds, for highlighting:
    /// phrases as lists of lower-case words, and the stems of bare words.
    pub fn english_needles(&self, phrases: &mut Vec<Vec<String>>, stems: &mut Vec<String>) {
        use crate::analysis::english;
        let words = |text: &str| -> Vec<String> {
            english::words(text).into_iter().map(|w| w.text).collect()
        };
        match self {
            Expr::And(parts) | Expr::Or(parts) => {
                for part in parts {
                    part.english_needles(phrases, stems);
                }
            }
            Expr::Not(_) | Expr::Filter(_) => {}
            Expr::Phrase(phrase) | Expr::Symbol(phrase) => phrases.push(words(phrase)),
            Expr::Citation { written, .. } => phrases.push(words(written)),
            Expr::Words { parts, .. } => {
                let run = parts.join(" ");
                stems.extend(english::stems(&run));
                phrases.push(words(&run));
            }
        }
    }

    /// Whether this part asks for text (not only filters or exclusions).
    pub fn has_text(&self) -> bool {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(Expr::has_text),
            Expr::Not(_) | Expr::Filter(_) => false,
            Expr::Phrase(_) | Expr::Words { .. } | Expr::Citation { .. } | Expr::Symbol(_) => true,
        }
    }

    /// The filters that every match must pass, as written at the top level
    /// of the query (`session:22` in `人权 session:22`), with the query
    /// left without each.
    pub fn required_filters(&self) -> Vec<(Filter, Expr)> {
        match self {
            Expr::Filter(filter) => vec![(filter.clone(), Expr::And(Vec::new()))],
            Expr::And(parts) => parts
                .iter()
                .enumerate()
                .filter_map(|(i, part)| match part {
                    Expr::Filter(filter) => {
                        let mut rest = parts.clone();
                        rest.remove(i);
                        let rest = if rest.len() == 1 {
                            rest.pop().expect("one part")
                        } else {
                            Expr::And(rest)
                        };
                        Some((filter.clone(), rest))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The words a run of bare words requires: each word jieba finds, or the
/// part itself when it is only punctuation.
pub fn required_words(parts: &[String]) -> Vec<String> {
    parts
        .iter()
        .flat_map(|part| {
            let found = words(part);
            if found.is_empty() {
                vec![normalize(part)]
            } else {
                found
            }
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// A parsed query, with what the parser read otherwise than as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query's tree.
    pub expr: Expr,
    /// One line for each part read otherwise than as plain words: a
    /// citation or symbol searched whole, an operator written in lower case
    /// or in Chinese.
    pub notes: Vec<String>,
}

impl Query {
    /// Parses a query. Errors say what is wrong and where (character
    /// positions count from 1).
    pub fn parse(input: &str) -> Result<Query, String> {
        let length = input.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(format!(
                "the query is {length} characters long; the limit is {MAX_QUERY_CHARS}"
            ));
        }
        let mut notes = Vec::new();
        let tokens = lex(input, &mut notes)?;
        if tokens.is_empty() {
            return Err("the query is empty".to_string());
        }
        let mut parser = Parser {
            tokens,
            next: 0,
            notes,
        };
        let expr = parser.or()?;
        if let Some(token) = parser.peek() {
            return Err(match token.kind {
                TokenKind::RParen => format!(
                    "unbalanced parenthesis: the `)` at character {} closes nothing",
                    token.at
                ),
                _ => format!("unexpected {} at character {}", token.kind, token.at),
            });
        }
        if !expr.has_text() && !has_positive_filter(&expr) {
            return Err("nothing to search for: the query only excludes".to_string());
        }
        let mut notes = parser.notes;
        notes.dedup();
        Ok(Query { expr, notes })
    }

    /// The query that matches every paragraph passing the given filters:
    /// what an empty query means beside filters (browsing).
    pub fn everything() -> Query {
        Query {
            expr: Expr::And(Vec::new()),
            notes: Vec::new(),
        }
    }
}

/// Parses a query into its tree (see [`Query::parse`]).
pub fn parse_query(input: &str) -> Result<Expr, String> {
    Query::parse(input).map(|query| query.expr)
}

fn has_positive_filter(expr: &Expr) -> bool {
    match expr {
        Expr::Filter(_) => true,
        Expr::And(parts) | Expr::Or(parts) => parts.iter().any(has_positive_filter),
        _ => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    And,
    Or,
    Not,
}

impl Operator {
    /// The operator a word standing alone spells, if any.
    fn spelled(word: &str) -> Option<Operator> {
        match word {
            "与" => Some(Operator::And),
            "或" => Some(Operator::Or),
            "非" => Some(Operator::Not),
            _ if word.eq_ignore_ascii_case("and") => Some(Operator::And),
            _ if word.eq_ignore_ascii_case("or") => Some(Operator::Or),
            _ if word.eq_ignore_ascii_case("not") => Some(Operator::Not),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Operator::And => "AND",
            Operator::Or => "OR",
            Operator::Not => "NOT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    LParen,
    RParen,
    /// `-` or `NOT` before what it excludes.
    Minus,
    And,
    Or,
    Phrase(String),
    Word(String),
    Filter(Filter),
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::LParen => write!(f, "`(`"),
            TokenKind::RParen => write!(f, "`)`"),
            TokenKind::Minus => write!(f, "`-`"),
            TokenKind::And => write!(f, "`AND`"),
            TokenKind::Or => write!(f, "`OR`"),
            TokenKind::Phrase(p) => write!(f, "phrase \"{p}\""),
            TokenKind::Word(w) => write!(f, "word `{w}`"),
            TokenKind::Filter(_) => write!(f, "filter"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    /// Character position, from 1.
    at: usize,
    /// As typed (for operators: `or`, `或`).
    written: String,
}

/// The closing mark of a quote that `c` opens: ASCII and full-width double
/// quotes close each other; Chinese quotes and title brackets close with
/// their pair.
fn closing_quote(c: char) -> Option<&'static [char]> {
    match c {
        '"' | '＂' => Some(&['"', '＂']),
        '“' => Some(&['”']),
        '「' => Some(&['」']),
        '『' => Some(&['』']),
        '《' => Some(&['》']),
        _ => None,
    }
}

/// A mark that only closes a quote.
fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '》')
}

fn is_quote_mark(c: char) -> bool {
    closing_quote(c).is_some() || is_closing_quote(c)
}

fn lex(input: &str, notes: &mut Vec<String>) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut spaced = true;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        if c.is_whitespace() {
            spaced = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c == '(' {
            i += 1;
            TokenKind::LParen
        } else if c == ')' {
            i += 1;
            TokenKind::RParen
        } else if c == '-' && spaced {
            if chars.get(i + 1).is_none_or(|n| n.is_whitespace()) {
                return Err(format!(
                    "the `-` at character {at} must be followed by what it excludes"
                ));
            }
            i += 1;
            TokenKind::Minus
        } else if closing_quote(c).is_some() {
            let (phrase, end) = quoted(&chars, i)?;
            if normalize(&phrase).is_empty() {
                return Err(format!("the quoted phrase at character {at} is empty"));
            }
            i = end;
            TokenKind::Phrase(phrase)
        } else if is_closing_quote(c) {
            return Err(format!(
                "unbalanced quote: the `{c}` at character {at} closes nothing"
            ));
        } else if let Some(key_len) = filter_key_len(&chars[i..]) {
            let key: String = chars[i..i + key_len].iter().collect();
            let value_start = i + key_len + 1;
            let (value, end) = if chars
                .get(value_start)
                .is_some_and(|&c| closing_quote(c).is_some())
            {
                quoted(&chars, value_start)?
            } else {
                filter_value(&chars, value_start)
            };
            let filter = Filter::parse(&key, &value)
                .map_err(|message| format!("{message} (at character {at})"))?;
            i = end;
            TokenKind::Filter(filter)
        } else {
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')')
                && !is_quote_mark(chars[i])
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let alone = spaced && chars.get(i).is_none_or(|c| c.is_whitespace() || *c == ')');
            match Operator::spelled(&word).filter(|_| alone || word == "OR") {
                Some(operator) => {
                    if word != operator.name() {
                        notes.push(format!(
                            "`{word}` was read as the operator {}; quote it (\"{word}\") to \
                             search for the word",
                            operator.name()
                        ));
                    }
                    match operator {
                        Operator::And => TokenKind::And,
                        Operator::Or => TokenKind::Or,
                        Operator::Not => TokenKind::Minus,
                    }
                }
                None => TokenKind::Word(word),
            }
        };
        let written = chars[start..i].iter().collect();
        tokens.push(Token { kind, at, written });
        spaced = false;
    }
    Ok(tokens)
}

/// The text of a quoted string starting at `open`, and the index after it.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), String> {
    let closers = closing_quote(chars[open]).expect("called on an opening quote");
    let close = chars[open + 1..]
        .iter()
        .position(|c| closers.contains(c))
        .ok_or_else(|| {
            format!(
                "unbalanced quote: the `{}` at character {} is never closed",
                chars[open],
                open + 1
            )
        })?;
    let text = chars[open + 1..open + 1 + close].iter().collect();
    Ok((text, open + close + 2))
}

/// Length of a filter key (ASCII letters) if `chars` starts with `key:`.
fn filter_key_len(chars: &[char]) -> Option<usize> {
    let len = chars.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    (len > 0 && matches!(chars.get(len), Some(':' | '：'))).then_some(len)
}

/// An unquoted filter value: up to whitespace, or a `)` it did not open.
fn filter_value(chars: &[char], start: usize) -> (String, usize) {
    let mut depth = 0usize;
    let mut i = start;
    while i < chars.len() && !chars[i].is_whitespace() {
        match chars[i] {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    (chars[start..i].iter().collect(), i)
}

/// A bare word as a query part: a citation or a symbol whole (with a note
/// saying so), else a word to cut.
fn bare_word(word: &str, notes: &mut Vec<String>) -> Option<Expr> {
    let plain = normalize(word).to_ascii_uppercase();
    let frame = plain.strip_prefix('第').unwrap_or(&plain);
    let frame = frame
        .strip_suffix("决议")
        .or_else(|| frame.strip_suffix("决定"))
        .unwrap_or(frame);
    let number = frame.strip_suffix('号').unwrap_or(frame);
    if number.contains('/') && is_citation_number(number) {
        notes.push(format!(
            "`{word}` was searched as that exact string or a citation of {number} \
             (cites:{number}), not as separate words"
        ));
        return Some(Expr::Citation {
            written: word.to_string(),
            number: number.to_string(),
        });
    }
    if is_symbol(&plain) {
        notes.push(format!(
            "`{word}` was searched as that exact string, not as separate words; \
             symbol:{plain} gives the document itself"
        ));
        return Some(Expr::Symbol(word.to_string()));
    }
    None
}

/// Whether `plain` (normalised, upper case) looks like a UN document
/// symbol: letters, then at least two more parts after slashes
/// (`A/HRC/RES/21/1`, `E/2023/L.24`, `E/CN.4/RES/2005/1`).
fn is_symbol(plain: &str) -> bool {
    let mut parts = plain.split('/');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_uppercase())
        && rest.len() >= 2
        && rest.iter().all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        })
}

/// For an operator spelled as a word: how to search for the word instead.
fn quote_hint(written: &str) -> String {
    if Operator::spelled(written).is_some() {
        format!(" (to search for the word, quote it: \"{written}\")")
    } else {
        String::new()
    }
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    notes: Vec<String>,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut alternatives = vec![self.and()?];
        while let Some(token) = self.peek() {
            if token.kind != TokenKind::Or {
                break;
            }
            let (at, written) = (token.at, token.written.clone());
            self.next += 1;
            if self.peek().is_none_or(|t| {
                matches!(t.kind, TokenKind::Or | TokenKind::And | TokenKind::RParen)
            }) {
                return Err(format!(
                    "the `{written}` at character {at} needs something after it{}",
                    quote_hint(&written)
                ));
            }
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Expr::Or(alternatives)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut parts: Vec<Expr> = Vec::new();
        while let Some(token) = self.peek() {
            match &token.kind {
                TokenKind::Or | TokenKind::And if parts.is_empty() => {
                    return Err(format!(
                        "the `{}` at character {} needs something before it{}",
                        token.written,
                        token.at,
                        quote_hint(&token.written)
                    ))
                }
                TokenKind::And => {
                    let (at, written) = (token.at, token.written.clone());
                    self.next += 1;
                    if self.peek().is_none_or(|t| {
                        matches!(t.kind, TokenKind::Or | TokenKind::And | TokenKind::RParen)
                    }) {
                        return Err(format!(
                            "the `{written}` at character {at} needs something after it{}",
                            quote_hint(&written)
                        ));
                    }
                }
                TokenKind::Or | TokenKind::RParen => break,
                TokenKind::Word(_) => {
                    // A run of bare words, as typed between spaces; a
                    // citation or symbol among them stands on its own.
                    let mut typed = Vec::new();
                    while let Some(Token {
                        kind: TokenKind::Word(word),
                        ..
                    }) = self.peek()
                    {
                        if !normalize(word).is_empty() {
                            typed.push(word.clone());
                        }
                        self.next += 1;
                    }
                    let mut run = Vec::new();
                    let mut i = 0;
                    while i < typed.len() {
                        // The longest stretch from here that is a citation
                        // or symbol, spaces and all (`第 18/18 号决议`).
                        let whole = (i + 1..=typed.len()).rev().find_map(|end| {
                            let mut notes = Vec::new();
                            let written = typed[i..end].join(" ");
                            bare_word(&written, &mut notes).map(|expr| (end, expr, notes))
                        });
                        match whole {
                            Some((end, expr, notes)) => {
                                if !run.is_empty() {
                                    parts.push(Expr::words(std::mem::take(&mut run)));
                                }
                                parts.push(expr);
                                self.notes.extend(notes);
                                i = end;
                            }
                            None => {
                                run.push(typed[i].clone());
                                i += 1;
                            }
                        }
                    }
                    if !run.is_empty() {
                        parts.push(Expr::words(run));
                    }
                }
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(match self.peek() {
                Some(token) => format!(
                    "expected a term before {} at character {}",
                    token.kind, token.at
                ),
                None => "the query is empty".to_string(),
            }),
            1 => Ok(parts.pop().expect("one part")),
            _ => Ok(Expr::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        let token = self.peek().cloned().expect("unary is called on a token");
        if token.kind == TokenKind::Minus {
            self.next += 1;
            let excluded = match self.peek().map(|t| &t.kind) {
                Some(TokenKind::Word(word)) => {
                    let word = word.clone();
                    self.next += 1;
                    bare_word(&word, &mut self.notes).unwrap_or_else(|| Expr::words(vec![word]))
                }
                Some(TokenKind::Minus | TokenKind::Or | TokenKind::And | TokenKind::RParen)
                | None => {
                    return Err(format!(
                        "the `{}` at character {} must be followed by what it excludes{}",
                        token.written,
                        token.at,
                        quote_hint(&token.written)
                    ))
                }
                _ => self.primary()?,
            };
            return Ok(Expr::Not(Box::new(excluded)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let token = self.peek().cloned().expect("primary is called on a token");
        self.next += 1;
        match token.kind {
            TokenKind::LParen => {
                if matches!(self.peek().map(|t| &t.kind), Some(TokenKind::RParen)) {
                    return Err(format!("empty parentheses at character {}", token.at));
                }
                if self.peek().is_none() {
                    return Err(format!(
                        "unbalanced parenthesis: the `(` at character {} is never closed",
                        token.at
                    ));
                }
                let inner = self.or()?;
                match self.peek() {
                    Some(Token {
                        kind: TokenKind::RParen,
                        ..
                    }) => {
                        self.next += 1;
                        Ok(inner)
                    }
                    _ => Err(format!(
                        "unbalanced parenthesis: the `(` at character {} is never closed",
                        token.at
                    )),
                }
            }
            TokenKind::Phrase(phrase) => Ok(Expr::Phrase(phrase)),
            TokenKind::Filter(filter) => Ok(Expr::Filter(filter)),
            TokenKind::Word(word) => {
                Ok(bare_word(&word, &mut self.notes).unwrap_or_else(|| Expr::words(vec![word])))
            }
            other => Err(format!("unexpected {other} at character {}", token.at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Expr {
        Expr::words(list.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn phrases_words_and_filters() {
        let query = parse_query(r#"技术合作 "普遍定期审议" session:19..22 agenda:70(b)"#).unwrap();
        assert_eq!(
            query,
            Expr::And(vec![
                words(&["技术合作"]),
                Expr::Phrase("普遍定期审议".into()),
                Expr::Filter(Filter::Session(NumberRange {
                    from: Some(19),
                    to: Some(22)
                })),
                Expr::Filter(Filter::Agenda("70(b)".into())),
            ])
        );
    }

    #[test]
    fn or_not_and_parentheses() {
        let query = parse_query(r#"(技术合作 OR "能力建设") -财政 -"技术援助""#).unwrap();
        assert_eq!(
            query,
            Expr::And(vec![
                Expr::Or(vec![words(&["技术合作"]), Expr::Phrase("能力建设".into())]),
                Expr::Not(Box::new(words(&["财政"]))),
                Expr::Not(Box::new(Expr::Phrase("技术援助".into()))),
            ])
        );
        // OR binds looser than juxtaposition.
        assert_eq!(
            parse_query("a b OR c").unwrap(),
            Expr::Or(vec![words(&["a", "b"]), words(&["c"])])
        );
        // A hyphen inside a word is part of it.
        assert_eq!(parse_query("人权-发展").unwrap(), words(&["人权-发展"]));
    }

    #[test]
    fn filter_values() {
        let f = |q: &str| match parse_query(q).unwrap() {
            Expr::Filter(filter) => filter,
            other => panic!("{other:?}"),
        };
        assert_eq!(f("organ:hrc"), Filter::Organ(Organ::HumanRightsCouncil));
        assert_eq!(f("organ:大会"), Filter::Organ(Organ::GeneralAssembly));
        assert_eq!(f("kind:OP"), Filter::Kind(UnitKind::Operative));
        assert_eq!(f("para:op5"), Filter::Para("OP5".into()));
        assert_eq!(
            f("session:21"),
            Filter::Session(NumberRange {
                from: Some(21),
                to: Some(21)
            })
        );
        assert_eq!(
            f("session:19.."),
            Filter::Session(NumberRange {
                from: Some(19),
                to: None
            })
        );
        assert_eq!(
            f("year:2010..2012"),
            Filter::Year(NumberRange {
                from: Some(2010),
                to: Some(2012)
            })
        );
        assert_eq!(f("agenda:70 "), Filter::Agenda("70".into()));
        assert_eq!(
            f("symbol:a/hrc/res/21/1"),
            Filter::Symbol("A/HRC/RES/21/1".into())
        );
        assert_eq!(
            f(r#"sponsor:"伊朗(伊斯兰共和国)""#),
            Filter::Sponsor(SponsorFilter::State("伊朗(伊斯兰共和国)".into()))
        );
        assert_eq!(
            f("cites:１８/１８"),
            Filter::Cites(Cited::Number("18/18".into()))
        );
        assert_eq!(
            f("session：21"),
            Filter::Session(NumberRange {
                from: Some(21),
                to: Some(21)
            })
        );
    }

    #[test]
    fn malformed_queries_say_what_is_wrong_and_where() {
        let error = |q: &str| parse_query(q).unwrap_err();
        assert_eq!(
            error(r#"人权 "普遍"#),
            "unbalanced quote: the `\"` at character 4 is never closed"
        );
        assert_eq!(
            error("(人权 技术"),
            "unbalanced parenthesis: the `(` at character 1 is never closed"
        );
        assert_eq!(
            error("人权)"),
            "unbalanced parenthesis: the `)` at character 3 closes nothing"
        );
        assert_eq!(error("()"), "empty parentheses at character 1");
        assert!(error("foo:bar").starts_with("unknown filter `foo:`"));
        assert!(error("session:abc").contains("expected a session number or range"));
        assert!(error("session:22..19").contains("session:22..19"));
        assert!(error("agenda:ten").contains("agenda:ten"));
        assert_eq!(error("   "), "the query is empty");
        assert_eq!(
            error(r#""  ""#),
            "the quoted phrase at character 1 is empty"
        );
        assert!(error(&"权".repeat(10_000)).contains("the limit is 1000"));
        assert_eq!(
            error("OR 人权"),
            "the `OR` at character 1 needs something before it (to search for the word, quote it: \"OR\")"
        );
        assert_eq!(
            error("人权 OR"),
            "the `OR` at character 4 needs something after it (to search for the word, quote it: \"OR\")"
        );
        assert_eq!(
            error("人权 - 技术"),
            "the `-` at character 4 must be followed by what it excludes"
        );
        assert_eq!(
            error("-人权"),
            "nothing to search for: the query only excludes"
        );
        assert!(error("session:").contains("has no value"));
    }

    #[test]
    fn a_filter_alone_is_a_query() {
        assert!(parse_query("session:21 kind:op").is_ok());
        assert!(parse_query("session:21 -人权").is_ok());
    }

    #[test]
    fn highlight_strings_leave_out_exclusions() {
        let mut out = Vec::new();
        parse_query(r#"人权 技术合作 -财政 "经验""#)
            .unwrap()
            .highlight_strings(&mut out);
        assert_eq!(out, ["人权", "技术合作", "人权技术合作", "经验"]);
    }

    fn range(from: u64, to: u64) -> NumberRange {
        NumberRange {
            from: Some(from),
            to: Some(to),
        }
    }

    #[test]
    fn chinese_quotes_and_title_brackets_are_phrases() {
        for query in [
            "“合作技术”",
            "「合作技术」",
            "『合作技术』",
            "《合作技术》",
            "＂合作技术＂",
        ] {
            assert_eq!(
                parse_query(query).unwrap(),
                Expr::Phrase("合作技术".into()),
                "{query}"
            );
        }
        assert_eq!(
            parse_query("人权 “技术合作”").unwrap(),
            Expr::And(vec![words(&["人权"]), Expr::Phrase("技术合作".into())])
        );
        assert_eq!(
            parse_query("“有益").unwrap_err(),
            "unbalanced quote: the `“` at character 1 is never closed"
        );
        assert_eq!(
            parse_query("有益”").unwrap_err(),
            "unbalanced quote: the `”` at character 3 closes nothing"
        );
        assert_eq!(
            parse_query("《宪章").unwrap_err(),
            "unbalanced quote: the `《` at character 1 is never closed"
        );
        // A Chinese quote does not close an ASCII one.
        assert!(parse_query("\"人权”").is_err());
        assert_eq!(
            parse_query("sponsor:“伊朗(伊斯兰共和国)”").unwrap(),
            Expr::Filter(Filter::Sponsor(SponsorFilter::State(
                "伊朗(伊斯兰共和国)".into()
            )))
        );
    }

    #[test]
    fn boolean_words_are_operators() {
        let both = Expr::And(vec![words(&["技术合作"]), words(&["能力建设"])]);
        for query in [
            "技术合作 AND 能力建设",
            "技术合作 and 能力建设",
            "技术合作 与 能力建设",
        ] {
            assert_eq!(parse_query(query).unwrap(), both, "{query}");
        }
        let either = Expr::Or(vec![words(&["技术合作"]), words(&["能力建设"])]);
        for query in [
            "技术合作 OR 能力建设",
            "技术合作 or 能力建设",
            "技术合作 或 能力建设",
        ] {
            assert_eq!(parse_query(query).unwrap(), either, "{query}");
        }
        let without = Expr::And(vec![
            words(&["技术合作"]),
            Expr::Not(Box::new(words(&["能力建设"]))),
        ]);
        for query in [
            "技术合作 NOT 能力建设",
            "技术合作 not 能力建设",
            "技术合作 非 能力建设",
            "技术合作 AND NOT 能力建设",
            "技术合作 -能力建设",
        ] {
            assert_eq!(parse_query(query).unwrap(), without, "{query}");
        }
        // Inside a word, or quoted, they are text.
        assert_eq!(parse_query("非政府组织").unwrap(), words(&["非政府组织"]));
        assert_eq!(parse_query("\"and\"").unwrap(), Expr::Phrase("and".into()));
        // Written otherwise than in capitals, the reading is noted.
        let query = Query::parse("技术合作 or 能力建设").unwrap();
        assert_eq!(query.notes.len(), 1);
        assert!(query.notes[0].starts_with("`or` was read as the operator OR"));
        assert!(Query::parse("a OR b").unwrap().notes.is_empty());
        assert_eq!(
            parse_query("AND 人权").unwrap_err(),
            "the `AND` at character 1 needs something before it (to search for the word, quote it: \"AND\")"
        );
        assert_eq!(
            parse_query("人权 and").unwrap_err(),
            "the `and` at character 4 needs something after it (to search for the word, quote it: \"and\")"
        );
        assert_eq!(
            parse_query("人权 非").unwrap_err(),
            "the `非` at character 4 must be followed by what it excludes (to search for the word, quote it: \"非\")"
        );
        assert_eq!(
            parse_query("NOT 人权").unwrap_err(),
            "nothing to search for: the query only excludes"
        );
    }

    #[test]
    fn a_bare_citation_or_symbol_is_searched_whole() {
        let citation = |written: &str, number: &str| Expr::Citation {
            written: written.into(),
            number: number.into(),
        };
        for written in [
            "第18/18号决议",
            "18/18号决议",
            "第 18/18 号决议",
            "18/18",
            "第18/18号",
        ] {
            assert_eq!(
                parse_query(written).unwrap(),
                citation(written, "18/18"),
                "{written}"
            );
        }
        assert_eq!(parse_query("s-17/1").unwrap(), citation("s-17/1", "S-17/1"));
        assert_eq!(
            parse_query("技术合作 第18/18号决议").unwrap(),
            Expr::And(vec![
                words(&["技术合作"]),
                citation("第18/18号决议", "18/18")
            ])
        );
        let query = Query::parse("第18/18号决议").unwrap();
        assert!(
            query.notes[0].contains("citation of 18/18 (cites:18/18)"),
            "{:?}",
            query.notes
        );
        for symbol in [
            "A/HRC/RES/21/1",
            "a/hrc/21/l.28",
            "E/2023/L.24",
            "E/CN.4/RES/2005/1",
        ] {
            assert_eq!(
                parse_query(symbol).unwrap(),
                Expr::Symbol(symbol.into()),
                "{symbol}"
            );
        }
        let query = Query::parse("A/HRC/RES/21/1").unwrap();
        assert!(query.notes[0].contains("symbol:A/HRC/RES/21/1"));
        // Not citations: a date, a bare number, a word with a slash.
        assert_eq!(parse_query("2012").unwrap(), words(&["2012"]));
        assert_eq!(parse_query("和/或").unwrap(), words(&["和/或"]));
    }

    #[test]
    fn sessions_in_chinese_numerals() {
        let f = |q: &str| match parse_query(q).unwrap() {
            Expr::Filter(filter) => filter,
            other => panic!("{other:?}"),
        };
        for query in [
            "session:21",
            "session:二十一",
            "session:第二十一届",
            "session:第21届会议",
            "session:第二十一届会议",
        ] {
            assert_eq!(f(query), Filter::Session(range(21, 21)), "{query}");
        }
        assert_eq!(f("session:十九..二十二"), Filter::Session(range(19, 22)));
        assert_eq!(f("year:二〇一二"), Filter::Year(range(2012, 2012)));
        assert_eq!(f("year:2012年"), Filter::Year(range(2012, 2012)));
        assert!(parse_query("session:第届").is_err());
    }

    #[test]
    fn cites_takes_sessions_and_ranges() {
        let f = |q: &str| match parse_query(q).unwrap() {
            Expr::Filter(Filter::Cites(cited)) => cited,
            other => panic!("{other:?}"),
        };
        let sessions = |from, to| Cited::Sessions { from, to };
        assert_eq!(f("cites:1993"), sessions(1993, 1993));
        assert_eq!(f("cites:1993/*"), sessions(1993, 1993));
        assert_eq!(f("cites:2005..2010"), sessions(2005, 2010));
        assert_eq!(f("cites:18/*..20/*"), sessions(18, 20));
        assert_eq!(
            f("cites:18/1..18/30"),
            Cited::Numbers {
                session: "18".into(),
                from: 1,
                to: 30
            }
        );
        assert_eq!(
            f("cites:\"1235 (XLII)\""),
            Cited::Number("1235(XLII)".into())
        );
        assert_eq!(f("cites:ES-10/1"), Cited::Number("ES-10/1".into()));
        for bad in [
            "cites:abc",
            "cites:18/",
            "cites:18/1..19/3",
            "cites:20..18",
            "cites:1..5000",
            "cites:18/x",
        ] {
            let error = parse_query(bad).unwrap_err();
            assert!(
                error.contains("expected a resolution or decision number"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn sponsor_membership() {
        for (query, expected) in [
            ("sponsor:nonmember", SponsorFilter::NonMember),
            ("sponsor:非成员国", SponsorFilter::NonMember),
            ("sponsor:member", SponsorFilter::Member),
            ("sponsor:成员国", SponsorFilter::Member),
        ] {
            assert_eq!(
                parse_query(query).unwrap(),
                Expr::Filter(Filter::Sponsor(expected)),
                "{query}"
            );
        }
    }

    #[test]
    fn filters_print_as_they_are_typed() {
        for query in [
            "session:19..22",
            "session:21",
            "agenda:70(b)",
            "kind:op",
            "cites:18/18",
            "cites:1993/*",
            "cites:18/1..18/30",
            "sponsor:nonmember",
            "adopted:2023-07-25",
            "symbol:A/HRC/RES/21/*",
        ] {
            let Expr::Filter(filter) = parse_query(query).unwrap() else {
                panic!("{query}")
            };
            let printed = filter.to_string();
            assert_eq!(
                parse_query(&printed).unwrap(),
                Expr::Filter(filter),
                "{query} printed as {printed}"
            );
        }
    }

    #[test]
    fn every_filter_key_is_read_by_name() {
        for key in FilterKey::ALL {
            assert_eq!(FilterKey::from_name(key.name()), Some(key));
            assert!(!key.help().is_empty());
        }
        assert_eq!(FilterKey::from_name("SESSION"), Some(FilterKey::Session));
        assert_eq!(FilterKey::from_name("foo"), None);
    }
}
