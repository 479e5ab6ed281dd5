//! Text analysis: the normalisation shared by indexing and querying, and the
//! two tantivy tokenizers built on it (per-character for exact matching, jieba
//! words for ranking).
//!
//! Every token keeps the byte offsets of the *original* text it came from, so
//! highlights are drawn on the text as stored, whatever normalisation did.

use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};
use unicode_normalization::UnicodeNormalization;

/// Name under which the per-character tokenizer is registered.
pub const CHAR_TOKENIZER: &str = "hr_char";
/// Name under which the jieba word tokenizer is registered.
pub const JIEBA_TOKENIZER: &str = "hr_jieba";

const UN_TERMS: &str = include_str!("analysis/un_terms.txt");

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for (word, freq) in un_terms() {
        let needed = jieba.suggest_freq(word);
        jieba.add_word(word, Some(freq.max(needed)), Some("nz"));
    }
    jieba
});

/// The domain terms shipped with hrsearch, with their frequencies.
pub fn un_terms() -> impl Iterator<Item = (&'static str, usize)> {
    UN_TERMS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let word = fields.next()?;
            let freq = fields.next()?.parse().ok()?;
            Some((word, freq))
        })
}

/// The one jieba segmenter of the process, with the UN terms added.
///
/// Building it takes about a tenth of a second, so it is built on first use
/// and shared by every tokenizer, thread and query.
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Text after normalisation, with the origin of each of its characters.
///
/// Normalisation removes whitespace (spaces in extracted Chinese text are
/// typographic: `第 18/18 号决议` and `第18/18号决议` are the same words),
/// applies NFKC to each character (full-width `２０１２` and `Ａ` become
/// `2012` and `a`) and lower-cases Latin letters.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// For the n-th character of `text`, the byte range of the original
    /// character it came from.
    origins: Vec<Range<usize>>,
}

impl Normalized {
    /// Normalises `original`.
    pub fn new(original: &str) -> Self {
        let mut normalized = Normalized::default();
        normalized.reset(original);
        normalized
    }

    /// Normalises `original` into this value, reusing its buffers.
    pub fn reset(&mut self, original: &str) {
        self.text.clear();
        self.origins.clear();
        for (start, c) in original.char_indices() {
            let origin = start..start + c.len_utf8();
            fold_char(c, |folded| {
                self.text.push(folded);
                self.origins.push(origin.clone());
            });
        }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of characters in the normalised text.
    pub fn char_len(&self) -> usize {
        self.origins.len()
    }

    /// Byte range in the original text covered by the normalised characters
    /// `chars` (a range of character indices, not empty).
    pub fn original_range(&self, chars: Range<usize>) -> Range<usize> {
        debug_assert!(chars.start < chars.end && chars.end <= self.origins.len());
        self.origins[chars.start].start..self.origins[chars.end - 1].end
    }

    /// Byte ranges in the original text of every occurrence of `needle`
    /// (itself normalised) in the normalised text, overlapping ones included.
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle_chars = needle.chars().count();
        let mut found = Vec::new();
        for (char_index, (byte_start, _)) in self.text.char_indices().enumerate() {
            if self.text[byte_start..].starts_with(needle) {
                found.push(self.original_range(char_index..char_index + needle_chars));
            }
        }
        found
    }
}

/// Normalises `text` the way indexed text is normalised.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |folded| out.push(folded));
    }
    out
}

/// Passes the normalised form of one character (zero, one or several
/// characters) to `emit`.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        if !c.is_ascii_whitespace() && !c.is_ascii_control() {
            emit(c.to_ascii_lowercase());
        }
        return;
    }
    if is_cjk_ideograph(c) {
        // NFKC leaves the common ideographs as they are.
        emit(c);
        return;
    }
    for n in std::iter::once(c).nfkc() {
        if n.is_whitespace() || n.is_control() || is_invisible(n) {
            continue;
        }
        for lower in n.to_lowercase() {
            emit(lower);
        }
    }
}

fn is_cjk_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Zero-width characters that extraction leaves in text and a reader never sees.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The terms of the character field for `text`: one per normalised character.
pub fn char_terms(text: &str) -> Vec<String> {
    normalize(text).chars().map(String::from).collect()
}

/// The terms of the jieba field for `text` (search-mode words, punctuation left out).
pub fn jieba_terms(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    jieba()
        .cut_for_search(&normalized, true)
        .into_iter()
        .filter(|token| is_word(token.word))
        .map(|token| token.word.to_string())
        .collect()
}

/// Splits `text` into words the way jieba reads it (default mode), leaving
/// out punctuation. Used to find the words of an unquoted query.
pub fn words(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    jieba()
        .cut(&normalized, true)
        .into_iter()
        .filter(|token| is_word(token.word))
        .map(|token| token.word.to_string())
        .collect()
}

/// Whether a token carries a letter, digit or ideograph (not only punctuation).
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// Registers hrsearch's tokenizers on an index's tokenizer manager. Called on
/// every path that creates or opens an index, since tantivy does not store them.
pub fn register_tokenizers(manager: &TokenizerManager) {
    manager.register(CHAR_TOKENIZER, TextAnalyzer::from(CharTokenizer::default()));
    manager.register(
        JIEBA_TOKENIZER,
        TextAnalyzer::from(JiebaTokenizer::default()),
    );
}

/// A token stream over tokens computed up front.
pub struct BufferedTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for BufferedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Reusable buffers of a tokenizer. Cloning gives empty buffers: tantivy
/// clones tokenizers often, and a clone must stay cheap.
#[derive(Default)]
struct Buffers {
    normalized: Normalized,
    tokens: Vec<Token>,
}

impl Clone for Buffers {
    fn clone(&self) -> Self {
        Buffers::default()
    }
}

/// One token per normalised character, at consecutive positions.
///
/// A phrase query on this field is an exact substring match on the
/// normalised text: nothing that contains the string is missed, and nothing
/// else is found.
#[derive(Clone, Default)]
pub struct CharTokenizer {
    buffers: Buffers,
}

impl Tokenizer for CharTokenizer {
    type TokenStream<'a> = BufferedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let Buffers { normalized, tokens } = &mut self.buffers;
        normalized.reset(text);
        tokens.clear();
        for (position, (c, origin)) in normalized
            .text
            .chars()
            .zip(normalized.origins.iter())
            .enumerate()
        {
            let mut token = Token {
                offset_from: origin.start,
                offset_to: origin.end,
                position,
                ..Token::default()
            };
            token.text.push(c);
            tokens.push(token);
        }
        BufferedTokenStream { tokens, next: 0 }
    }
}

/// jieba's search-mode words of the normalised text, for BM25 ranking.
///
/// Search mode also emits the shorter words inside a long one (普遍, 定期,
/// 审议 inside 普遍定期审议), so tokens overlap; each token's position is the
/// character index where it starts.
#[derive(Clone, Default)]
pub struct JiebaTokenizer {
    buffers: Buffers,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = BufferedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let Buffers { normalized, tokens } = &mut self.buffers;
        normalized.reset(text);
        tokens.clear();
        for word in jieba().cut_for_search(normalized.text(), true) {
            if !is_word(word.word) {
                continue;
            }
            let origin = normalized.original_range(word.start..word.end);
            tokens.push(Token {
                offset_from: origin.start,
                offset_to: origin.end,
                position: word.start,
                text: word.word.to_string(),
                position_length: 1,
            });
        }
        BufferedTokenStream { tokens, next: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(mut tokenizer: impl Tokenizer, text: &str) -> Vec<(String, usize, Range<usize>)> {
        let mut out = Vec::new();
        let mut stream = tokenizer.token_stream(text);
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from..token.offset_to,
            ));
        }
        out
    }

    #[test]
    fn normalisation_removes_spaces_folds_width_and_case() {
        assert_eq!(normalize("第 18/18 号决议"), "第18/18号决议");
        assert_eq!(normalize("第１８/１８号"), "第18/18号");
        assert_eq!(normalize("Ａ/ＨＲＣ/21/L.28"), "a/hrc/21/l.28");
        assert_eq!(normalize("人权\u{3000}理事会\u{200B}"), "人权理事会");
        assert_eq!(normalize("（a）"), "(a)");
    }

    #[test]
    fn char_tokens_point_back_to_the_original_bytes() {
        let text = "第 １８ 号";
        let tokens = stream(CharTokenizer::default(), text);
        let texts: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["第", "1", "8", "号"]);
        let positions: Vec<usize> = tokens.iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
        assert_eq!(&text[tokens[1].2.clone()], "１");
        assert_eq!(&text[tokens[3].2.clone()], "号");
    }

    #[test]
    fn jieba_tokens_keep_un_terms_and_their_parts() {
        let tokens = stream(JiebaTokenizer::default(), "所接受的普遍定期审议建议");
        let words: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        assert!(words.contains(&"普遍定期审议"), "{words:?}");
        assert!(words.contains(&"审议"), "{words:?}");
        for (word, _, range) in &tokens {
            assert_eq!(normalize(&"所接受的普遍定期审议建议"[range.clone()]), *word);
        }
    }

    #[test]
    fn every_un_term_is_one_word_on_its_own() {
        for (term, _) in un_terms() {
            assert_eq!(words(term), [term], "{term} is cut apart");
        }
    }

    #[test]
    fn find_all_maps_matches_to_original_ranges() {
        let text = "第 18/18 号决议和第18/18号决议";
        let normalized = Normalized::new(text);
        let found = normalized.find_all(&normalize("18/18号"));
        let snippets: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(snippets, ["18/18 号", "18/18号"]);
    }
}
