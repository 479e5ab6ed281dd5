//! The query language, parsed into a typed tree before anything touches the
//! index.
//!
//! ```text
//! query    := or EOF
//! or       := and ("OR" and)*
//! and      := unary+
//! unary    := "-" primary | primary
//! primary  := "(" or ")" | "…" | key:value | word+
//! ```
//!
//! `"…"` is an exact phrase; a run of bare words requires each word jieba
//! finds in it (paragraphs holding the run as one phrase rank first);
//! `-x` excludes; `OR` (upper case) offers alternatives; parentheses group.
//! `key:value` filters on metadata: see [`Filter`].

use std::fmt;

use crate::analysis::{normalize, words};
use crate::resolution::{Organ, UnitKind};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Every part must match (parts side by side in the query).
    And(Vec<Expr>),
    /// At least one part must match (`a OR b`).
    Or(Vec<Expr>),
    /// The part must not match (`-a`).
    Not(Box<Expr>),
    /// `"…"`: paragraphs whose normalised text contains this string.
    Phrase(String),
    /// A run of bare words as typed between spaces: each word jieba finds in
    /// them is required; paragraphs holding the run as one phrase rank first.
    Words(Vec<String>),
    /// `key:value`: a restriction on metadata.
    Filter(Filter),
}

/// A restriction on the metadata of a paragraph or its resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `session:21`, `session:19..22`, `session:19..`, `session:..22`.
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
    /// `sponsor:挪威`: resolutions the state sponsored.
    Sponsor(String),
    /// `cites:18/18`: paragraphs citing resolution or decision 18/18.
    Cites(String),
}

/// An inclusive range of numbers, open at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberRange {
    /// Lowest number taken, if any.
    pub from: Option<u64>,
    /// Highest number taken, if any.
    pub to: Option<u64>,
}

/// The filter keys, for messages.
pub const FILTER_KEYS: [&str; 11] = [
    "session", "year", "agenda", "organ", "kind", "para", "symbol", "sponsor", "cites", "title",
    "adopted",
];

impl Filter {
    /// Reads a filter from its key and value, as in the query or a flag.
    pub fn parse(key: &str, value: &str) -> Result<Filter, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err(format!("the filter `{key}:` has no value"));
        }
        let plain = normalize(value);
        Ok(match key.to_ascii_lowercase().as_str() {
            "session" => Filter::Session(NumberRange::parse(&plain).ok_or_else(|| {
                format!(
                    "`session:{value}`: expected a session number or range, such as 21 or 19..22"
                )
            })?),
            "year" => Filter::Year(NumberRange::parse(&plain).ok_or_else(|| {
                format!("`year:{value}`: expected a year or range, such as 2012 or 2010..2012")
            })?),
            "agenda" => {
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
            "organ" => Filter::Organ(Organ::from_name(value).ok_or_else(|| {
                format!(
                    "`organ:{value}`: expected 人权理事会, 大会, 人权委员会, 经济及社会理事会, \
                     or hrc, ga, chr, ecosoc"
                )
            })?),
            "kind" => Filter::Kind(UnitKind::from_name(value).ok_or_else(|| {
                format!(
                    "`kind:{value}`: expected pp (preambular), op (operative), title, header, \
                     heading, text, footnote or closing"
                )
            })?),
            "para" => {
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
            "title" => Filter::Title(plain),
            "adopted" => Filter::Adopted(date_range(&plain).ok_or_else(|| {
                format!(
                    "`adopted:{value}`: expected a date, a year or a range, such as \
                     2023-07-25, 2023 or 2023-01-01..2023-06-30"
                )
            })?),
            "symbol" => Filter::Symbol(symbol_term(value)),
            "sponsor" => Filter::Sponsor(plain),
            "cites" => Filter::Cites(citation_term(value)),
            _ => {
                return Err(format!(
                    "unknown filter `{key}:`; the filters are {}",
                    FILTER_KEYS.map(|k| format!("{k}:")).join(" ")
                ))
            }
        })
    }
}

/// How symbols are indexed and queried: NFKC, no spaces, upper case.
pub fn symbol_term(symbol: &str) -> String {
    normalize(symbol).to_ascii_uppercase()
}

/// How cited numbers are indexed and queried: normalised, upper case
/// (`s-17/1` → `S-17/1`).
pub fn citation_term(number: &str) -> String {
    normalize(number).to_ascii_uppercase()
}

/// Reads `2023-07-25`, `2023-07`, `2023` or a range of them (`A..B`) as
/// `YYYYMMDD` numbers: a year or month stands for all its days.
fn date_range(text: &str) -> Option<NumberRange> {
    let bounds = |s: &str| -> Option<(u64, u64)> {
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| (p.len() == len).then(|| p.parse::<u64>().ok())?;
        match parts.as_slice() {
            [y] => {
                let y = number(y, 4)?;
                Some((y * 10000 + 101, y * 10000 + 1231))
            }
            [y, m] => {
                let (y, m) = (number(y, 4)?, number(m, 2)?);
                (1..=12)
                    .contains(&m)
                    .then_some((y * 10000 + m * 100 + 1, y * 10000 + m * 100 + 31))
            }
            [y, m, d] => {
                let (y, m, d) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
                let day = y * 10000 + m * 100 + d;
                ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((day, day))
            }
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

/// A date `YYYY-MM-DD` as the number `YYYYMMDD` the `adopted` field holds.
pub fn date_number(date: &str) -> Option<u64> {
    let range = date_range(date)?;
    (range.from == range.to && date.len() == 10).then_some(range.from?)
}

impl NumberRange {
    /// Reads `21`, `19..22`, `19..` or `..22` (also with `-` or `–` between).
    fn parse(text: &str) -> Option<NumberRange> {
        let number = |s: &str| -> Option<Option<u64>> {
            if s.is_empty() {
                Some(None)
            } else {
                s.parse().ok().map(Some)
            }
        };
        for separator in ["..", "–", "-"] {
            if let Some((from, to)) = text.split_once(separator) {
                let range = NumberRange {
                    from: number(from)?,
                    to: number(to)?,
                };
                let ordered = match (range.from, range.to) {
                    (Some(a), Some(b)) => a <= b,
                    (None, None) => false,
                    _ => true,
                };
                return ordered.then_some(range);
            }
        }
        let n = text.parse().ok()?;
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
            Expr::Phrase(phrase) => out.push(normalize(phrase)),
            Expr::Words(parts) => {
                out.extend(required_words(parts));
                out.push(normalize(&parts.concat()));
            }
        }
    }

    /// Whether this part asks for text (not only filters or exclusions).
    pub fn has_text(&self) -> bool {
        match self {
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(Expr::has_text),
            Expr::Not(_) | Expr::Filter(_) => false,
            Expr::Phrase(_) | Expr::Words(_) => true,
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

/// Parses a query. Errors say what is wrong and where (character positions
/// count from 1).
pub fn parse_query(input: &str) -> Result<Expr, String> {
    let length = input.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(format!(
            "the query is {length} characters long; the limit is {MAX_QUERY_CHARS}"
        ));
    }
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err("the query is empty".to_string());
    }
    let mut parser = Parser { tokens, next: 0 };
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
    Ok(expr)
}

fn has_positive_filter(expr: &Expr) -> bool {
    match expr {
        Expr::Filter(_) => true,
        Expr::And(parts) | Expr::Or(parts) => parts.iter().any(has_positive_filter),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    LParen,
    RParen,
    Minus,
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
}

fn is_quote(c: char) -> bool {
    c == '"' || c == '＂'
}

fn lex(input: &str) -> Result<Vec<Token>, String> {
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
        } else if is_quote(c) {
            let (phrase, end) = quoted(&chars, i)?;
            if normalize(&phrase).is_empty() {
                return Err(format!("the quoted phrase at character {at} is empty"));
            }
            i = end;
            TokenKind::Phrase(phrase)
        } else if let Some(key_len) = filter_key_len(&chars[i..]) {
            let key: String = chars[i..i + key_len].iter().collect();
            let value_start = i + key_len + 1;
            let (value, end) = if chars.get(value_start).is_some_and(|&c| is_quote(c)) {
                quoted(&chars, value_start)?
            } else {
                filter_value(&chars, value_start)
            };
            let filter = Filter::parse(&key, &value)
                .map_err(|message| format!("{message} (at character {at})"))?;
            i = end;
            TokenKind::Filter(filter)
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')')
                && !is_quote(chars[i])
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "OR" {
                TokenKind::Or
            } else {
                TokenKind::Word(word)
            }
        };
        tokens.push(Token { kind, at });
        spaced = false;
    }
    Ok(tokens)
}

/// The text of a quoted string starting at `open`, and the index after it.
fn quoted(chars: &[char], open: usize) -> Result<(String, usize), String> {
    let close = chars[open + 1..]
        .iter()
        .position(|&c| is_quote(c))
        .ok_or_else(|| {
            format!(
                "unbalanced quote: the quote at character {} is never closed",
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

struct Parser {
    tokens: Vec<Token>,
    next: usize,
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
            let at = token.at;
            self.next += 1;
            if self
                .peek()
                .is_none_or(|t| matches!(t.kind, TokenKind::Or | TokenKind::RParen))
            {
                return Err(format!(
                    "the `OR` at character {at} needs something after it"
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
                TokenKind::Or if parts.is_empty() => {
                    return Err(format!(
                        "the `OR` at character {} needs something before it",
                        token.at
                    ))
                }
                TokenKind::Or | TokenKind::RParen => break,
                TokenKind::Word(_) => {
                    // A run of bare words, as typed between spaces.
                    let mut run = Vec::new();
                    while let Some(Token {
                        kind: TokenKind::Word(word),
                        ..
                    }) = self.peek()
                    {
                        run.push(word.clone());
                        self.next += 1;
                    }
                    let run: Vec<String> = run
                        .into_iter()
                        .filter(|w| !normalize(w).is_empty())
                        .collect();
                    if !run.is_empty() {
                        parts.push(Expr::Words(run));
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
                    Expr::Words(vec![word])
                }
                Some(TokenKind::Minus | TokenKind::Or | TokenKind::RParen) | None => {
                    return Err(format!(
                        "the `-` at character {} must be followed by what it excludes",
                        token.at
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
            TokenKind::Word(word) => Ok(Expr::Words(vec![word])),
            other => Err(format!("unexpected {other} at character {}", token.at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Expr {
        Expr::Words(list.iter().map(|w| w.to_string()).collect())
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
        assert_eq!(parse_query("S-17/1").unwrap(), words(&["S-17/1"]));
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
            Filter::Sponsor("伊朗(伊斯兰共和国)".into())
        );
        assert_eq!(f("cites:１８/１８"), Filter::Cites("18/18".into()));
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
            "unbalanced quote: the quote at character 4 is never closed"
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
            "the `OR` at character 1 needs something before it"
        );
        assert_eq!(
            error("人权 OR"),
            "the `OR` at character 4 needs something after it"
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
}
