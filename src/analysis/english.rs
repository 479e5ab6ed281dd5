//! English text: the words an English unit is indexed and matched by.
//!
//! A word is a run of letters and digits (tantivy's `SimpleTokenizer`), in
//! lower case: `Human Rights Council's` is `human`, `rights`, `council`,
//! `s`. An exact English phrase matches a unit that holds its words one
//! after the other, whole and in any case, whatever stands between them
//! (spaces, a line break, a hyphen, punctuation): `"use fultool"` never
//! matches `useful tool`. Bare English words also match their stems
//! (`reviews` finds `review`), through a second field.

use std::ops::Range;

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
};

/// The tokenizer of the English words field: words in lower case, with
/// positions.
pub const ENGLISH_TOKENIZER: &str = "hr_en";

/// The tokenizer of the English stems field: words in lower case, stemmed.
pub const ENGLISH_STEM_TOKENIZER: &str = "hr_en_stem";

/// Words longer than this are not indexed as stems (a URL, a run of
/// digits); the words field keeps them.
const LONGEST_STEMMED_WORD: usize = 40;

/// The analyser of the words field.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// The analyser of the stems field.
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_STEMMED_WORD))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// One word of an English text: its lower-case form and where it stands
/// (byte offsets into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word in lower case.
    pub text: String,
    /// Its bytes in the text.
    pub range: Range<usize>,
}

/// The words of `text`, as the words field indexes them.
pub fn words(text: &str) -> Vec<Word> {
    let mut analyzer = word_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        let token = stream.token();
        words.push(Word {
            text: token.text.clone(),
            range: token.offset_from..token.offset_to,
        });
    }
    words
}

/// The stems of `text`'s words, as the stems field indexes them.
pub fn stems(text: &str) -> Vec<String> {
    let mut analyzer = stem_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut stems = Vec::new();
    while stream.advance() {
        stems.push(stream.token().text.clone());
    }
    stems
}

/// Whether `text` holds English to search: a Latin letter, and no Chinese
/// character.
pub fn is_english(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_alphabetic()) && !text.chars().any(super::is_cjk_ideograph)
}

/// Where the phrases (each a list of lower-case words) and the words of
/// these stems stand in `text`, as character ranges `[start, end)`, merged
/// where they touch or overlap.
pub fn match_char_spans(text: &str, phrases: &[Vec<String>], stems: &[String]) -> Vec<[usize; 2]> {
    let words = words(text);
    let mut spans: Vec<Range<usize>> = Vec::new();
    if !stems.is_empty() {
        let mut analyzer = stem_analyzer();
        for word in &words {
            let mut stream = analyzer.token_stream(&word.text);
            if stream.advance() && stems.contains(&stream.token().text) {
                spans.push(word.range.clone());
            }
        }
    }
    for phrase in phrases.iter().filter(|p| !p.is_empty()) {
        for start in 0..words.len() {
            let end = start + phrase.len();
            if end <= words.len()
                && words[start..end]
                    .iter()
                    .zip(phrase)
                    .all(|(word, wanted)| word.text == *wanted)
            {
                spans.push(words[start].range.start..words[end - 1].range.end);
            }
        }
    }
    spans.sort_by_key(|span| (span.start, span.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let char_at = |byte: usize| text[..byte].chars().count();
    merged
        .into_iter()
        .map(|span| [char_at(span.start), char_at(span.end)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_in_lower_case() {
        assert_eq!(
            texts("The Human Rights Council’s resolution 18/18,"),
            [
                "the",
                "human",
                "rights",
                "council",
                "s",
                "resolution",
                "18",
                "18"
            ]
        );
        // Regression: an English text indexed as Chinese matched `"use
        // fultool"` in `useful tool`.
        assert_ne!(texts("use fultool"), texts("useful tool"));
    }

    #[test]
    fn stems_join_the_forms_of_a_word() {
        assert_eq!(stems("reviews"), stems("review"));
        assert_eq!(stems("Recalling"), stems("recalls"));
    }

    #[test]
    fn matches_are_whole_words_in_any_case() {
        let text = "A useful tool: the Universal Periodic Review, reviewed.";
        let phrase = |s: &str| texts(s);
        assert_eq!(
            match_char_spans(text, &[phrase("universal periodic review")], &[]),
            [[19, 44]]
        );
        assert_eq!(
            match_char_spans(text, &[phrase("use fultool")], &[]),
            Vec::<[usize; 2]>::new()
        );
        assert_eq!(match_char_spans(text, &[phrase("review")], &[]), [[38, 44]]);
        // Bare words mark every form of the word.
        assert_eq!(
            match_char_spans(text, &[], &stems("review")),
            [[38, 44], [46, 54]]
        );
    }
}
