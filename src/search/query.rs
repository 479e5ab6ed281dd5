//! The query language, parsed into a typed form before anything touches the
//! index: `"quoted phrases"` match exactly, bare words are all required.

use crate::analysis::{normalize, words};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A parsed query: every clause must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The clauses in the order typed.
    pub clauses: Vec<Clause>,
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// `"…"`: paragraphs whose normalised text contains this string.
    Phrase(String),
    /// A run of bare words, as typed between spaces: each word jieba finds
    /// in them is required; paragraphs holding them as one phrase rank first.
    Words(Vec<String>),
}

impl Clause {
    /// The normalised strings a paragraph must contain for this clause to
    /// match: the phrase, or each word of the bare words.
    pub fn required(&self) -> Vec<String> {
        match self {
            Clause::Phrase(phrase) => vec![normalize(phrase)],
            Clause::Words(parts) => parts
                .iter()
                .flat_map(|part| {
                    let found = words(part);
                    if found.is_empty() {
                        // Punctuation only: required as it is.
                        vec![normalize(part)]
                    } else {
                        found
                    }
                })
                .filter(|word| !word.is_empty())
                .collect(),
        }
    }

    /// The whole clause as one normalised string: the phrase that ranks first.
    pub fn as_phrase(&self) -> String {
        match self {
            Clause::Phrase(phrase) => normalize(phrase),
            Clause::Words(parts) => normalize(&parts.concat()),
        }
    }
}

/// Parses a query. Errors say what is wrong and where (character positions
/// count from 1).
pub fn parse_query(input: &str) -> Result<Query, String> {
    let length = input.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(format!(
            "the query is {length} characters long; the limit is {MAX_QUERY_CHARS}"
        ));
    }
    let mut clauses = Vec::new();
    let mut bare: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut chars = input.chars().enumerate();
    while let Some((at, c)) = chars.next() {
        if is_quote(c) {
            flush_word(&mut word, &mut bare);
            if !bare.is_empty() {
                clauses.push(Clause::Words(std::mem::take(&mut bare)));
            }
            let mut phrase = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if is_quote(c) {
                    closed = true;
                    break;
                }
                phrase.push(c);
            }
            if !closed {
                return Err(format!(
                    "unbalanced quote: the quote at character {} is never closed",
                    at + 1
                ));
            }
            if normalize(&phrase).is_empty() {
                return Err(format!(
                    "the quoted phrase at character {} is empty",
                    at + 1
                ));
            }
            clauses.push(Clause::Phrase(phrase));
        } else if c.is_whitespace() {
            flush_word(&mut word, &mut bare);
        } else {
            word.push(c);
        }
    }
    flush_word(&mut word, &mut bare);
    if !bare.is_empty() {
        clauses.push(Clause::Words(bare));
    }
    if clauses.is_empty() {
        return Err("the query is empty".to_string());
    }
    Ok(Query { clauses })
}

fn is_quote(c: char) -> bool {
    c == '"' || c == '＂'
}

fn flush_word(word: &mut String, bare: &mut Vec<String>) {
    if !normalize(word).is_empty() {
        bare.push(std::mem::take(word));
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_words() {
        let query = parse_query(r#"技术合作 "普遍定期审议" 人权"#).unwrap();
        assert_eq!(
            query.clauses,
            [
                Clause::Words(vec!["技术合作".into()]),
                Clause::Phrase("普遍定期审议".into()),
                Clause::Words(vec!["人权".into()]),
            ]
        );
    }

    #[test]
    fn unquoted_words_are_cut_by_jieba() {
        let query = parse_query("人权 技术合作").unwrap();
        assert_eq!(query.clauses[0].required(), ["人权", "技术合作"]);
        assert_eq!(query.clauses[0].as_phrase(), "人权技术合作");
    }

    #[test]
    fn malformed_queries_say_what_is_wrong() {
        assert!(parse_query(r#"人权 "普遍"#)
            .unwrap_err()
            .contains("unbalanced quote"));
        assert!(parse_query(r#"人权 "普遍"#)
            .unwrap_err()
            .contains("character 4"));
        assert!(parse_query("   ").unwrap_err().contains("empty"));
        assert!(parse_query(r#""  ""#).unwrap_err().contains("empty"));
        assert!(parse_query(&"权".repeat(10_000))
            .unwrap_err()
            .contains("limit"));
    }

    #[test]
    fn full_width_quotes_work_too() {
        let query = parse_query("＂人权＂").unwrap();
        assert_eq!(query.clauses, [Clause::Phrase("人权".into())]);
    }
}
