//! Text analysis: the normalisation shared by indexing and querying, the
//! two tantivy tokenizers built on it (characters and overlapping character
//! bigrams, for exact matching and ranking), the terms a query looks for in
//! them, and jieba's words for the words of an unquoted query; and, in
//! [`english`], the words and stems of English text.
//!
//! Every token keeps the byte offsets of the *original* text it came from, so
//! highlights are drawn on the text as stored, whatever normalisation did.

pub mod english;

use std::ops::{Range, RangeInclusive};
use std::sync::LazyLock;

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;
use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};
use unicode_normalization::UnicodeNormalization;

/// Name under which the per-character tokenizer is registered.
pub const CHAR_TOKENIZER: &str = "hr_char";
/// Name under which the character-bigram tokenizer is registered.
pub const BIGRAM_TOKENIZER: &str = "hr_bigram";

const UN_TERMS: &str = include_str!("analysis/un_terms.txt");

/// What normalisation does, as a version: text indexed under another version
/// is tokenized differently and has to be indexed again. Version 2 added
/// Traditional-to-Simplified folding.
pub const NORMALIZATION_VERSION: u32 = 2;

/// What the tokenizers do, as a version: one term per character, and
/// overlapping character bigrams with positions (version 2; version 1
/// indexed jieba words and characters with positions), and English words
/// and stems (version 3). An index built under another version has other
/// terms and has to be built again.
pub const ANALYSIS_VERSION: u32 = 3;

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for (word, freq) in un_terms() {
        // jieba cuts normalised text, so it must know the words as normalised.
        let word = normalize(word);
        let needed = jieba.suggest_freq(&word);
        jieba.add_word(&word, Some(freq.max(needed)), Some("nz"));
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
/// `2012` and `a`), lower-cases Latin letters and folds Traditional
/// characters to Simplified ones (`審議` becomes `审议`), one character for
/// one, so that every normalised character still has one original.
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
        let bmp = &*SIMPLIFIED_BMP;
        for (start, c) in original.char_indices() {
            let origin = start..start + c.len_utf8();
            fold_char(c, bmp, |folded| {
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
    let bmp = &*SIMPLIFIED_BMP;
    for c in text.chars() {
        fold_char(c, bmp, |folded| out.push(folded));
    }
    out
}

/// Passes the normalised form of one character (zero, one or several
/// characters) to `emit`: NFKC, then lower case, then Simplified. `bmp` is
/// [`SIMPLIFIED_BMP`], dereferenced once by the caller for a whole text.
fn fold_char(c: char, bmp: &BmpTable, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        if !c.is_ascii_whitespace() && !c.is_ascii_control() {
            emit(c.to_ascii_lowercase());
        }
        return;
    }
    if is_cjk_ideograph(c) {
        // NFKC and lower-casing leave the common ideographs as they are.
        if bmp.changes(c) {
            emit(bmp.simplified(c));
        } else {
            // Kept apart so that `emit` knows a 3-byte character comes.
            emit(c);
        }
        return;
    }
    for n in std::iter::once(c).nfkc() {
        if n.is_whitespace() || n.is_control() || is_invisible(n) {
            continue;
        }
        for lower in n.to_lowercase() {
            emit(simplified(lower));
        }
    }
}

/// Ideographs of the Basic Multilingual Plane that may have a Simplified
/// form: CJK Extension A (with the hexagram symbols after it) and the
/// unified block. Every character of `is_cjk_ideograph` lies here.
const BMP_IDEOGRAPHS: RangeInclusive<u32> = 0x3400..=0x9FFF;

/// How many code points [`BMP_IDEOGRAPHS`] holds (a multiple of 64).
const BMP_LEN: usize = 0x9FFF - 0x3400 + 1;
const _: () = assert!(BMP_LEN.is_multiple_of(64));

/// The Simplified forms of the characters of [`BMP_IDEOGRAPHS`].
struct BmpTable {
    /// One bit per code point: whether the character changes. At 3.4 KiB it
    /// stays in the L1 cache, so a Simplified character costs one bit test.
    changes: [u64; BMP_LEN / 64],
    /// The Simplified form of every code point, itself where it does not
    /// change (108 KiB, read only for Traditional characters).
    simplified: [char; BMP_LEN],
}

impl BmpTable {
    /// Whether `c`, which must lie in [`BMP_IDEOGRAPHS`], has a Simplified
    /// form other than itself.
    #[inline]
    fn changes(&self, c: char) -> bool {
        let index = (c as u32 - BMP_IDEOGRAPHS.start()) as usize;
        self.changes[index / 64] & (1 << (index % 64)) != 0
    }

    /// The Simplified form of `c`, which must lie in [`BMP_IDEOGRAPHS`].
    #[inline]
    fn simplified(&self, c: char) -> char {
        self.simplified[(c as u32 - BMP_IDEOGRAPHS.start()) as usize]
    }
}

/// Ideographs of the supplementary planes (Extension B onwards and the
/// compatibility supplement) that may have a Simplified form.
const SUPPLEMENTARY_IDEOGRAPHS: RangeInclusive<u32> = 0x2_0000..=0x3_FFFF;

/// The Simplified forms of the common ideographs: one bit test per
/// ideograph on the hot path. Built on first use, in a few milliseconds.
static SIMPLIFIED_BMP: LazyLock<Box<BmpTable>> = LazyLock::new(|| {
    let converter = t2s_converter();
    let mut table = Box::new(BmpTable {
        changes: [0; BMP_LEN / 64],
        simplified: ['\0'; BMP_LEN],
    });
    for (index, code) in BMP_IDEOGRAPHS.enumerate() {
        let c = char::from_u32(code).expect("the ideograph blocks hold no surrogates");
        let simplified = to_simplified_fixed(&converter, c);
        table.simplified[index] = simplified;
        if simplified != c {
            table.changes[index / 64] |= 1 << (index % 64);
        }
    }
    table
});

/// The supplementary-plane ideographs that change, with their Simplified
/// forms, sorted. Rare in UN texts, so built only when one is first met.
static SIMPLIFIED_SUPPLEMENTARY: LazyLock<Box<[(char, char)]>> = LazyLock::new(|| {
    let converter = t2s_converter();
    SUPPLEMENTARY_IDEOGRAPHS
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let simplified = to_simplified_fixed(&converter, c);
            (simplified != c).then_some((c, simplified))
        })
        .collect()
});

/// The Simplified form of one character; itself if it has none.
fn simplified(c: char) -> char {
    let code = c as u32;
    if BMP_IDEOGRAPHS.contains(&code) {
        SIMPLIFIED_BMP.simplified(c)
    } else if SUPPLEMENTARY_IDEOGRAPHS.contains(&code) {
        SIMPLIFIED_SUPPLEMENTARY
            .binary_search_by_key(&c, |&(traditional, _)| traditional)
            .map_or(c, |found| SIMPLIFIED_SUPPLEMENTARY[found].1)
    } else {
        c
    }
}

/// OpenCC's Traditional-to-Simplified conversion (`t2s`: the character table
/// `TSCharacters`, whose first candidate it takes, and the phrase table
/// `TSPhrases`, which a single character never matches).
fn t2s_converter() -> OpenCC {
    OpenCC::from_config(BuiltinConfig::T2s).expect("the built-in t2s configuration of OpenCC loads")
}

/// The Simplified form of `c` alone, converted again until it no longer
/// changes (OpenCC has chains such as 薴 → 苧 → 苎), so that folding is
/// idempotent. A conversion to anything but one character is ignored: one
/// normalised character must come from one original character. Never goes
/// from Simplified to Traditional: only OpenCC's `t2s` tables are used.
fn to_simplified_fixed(converter: &OpenCC, c: char) -> char {
    let mut current = c;
    // Chains are one step long in OpenCC's data; the bound only guards
    // against a cycle in some future table.
    for _ in 0..8 {
        let converted = converter.convert(current.encode_utf8(&mut [0; 4]));
        let mut chars = converted.chars();
        match (chars.next(), chars.next()) {
            (Some(next), None) if next != current => current = next,
            _ => break,
        }
    }
    current
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

/// The terms an exact match of normalised `needle` looks for in the
/// exact-match fields: see [`ExactTerms`].
pub fn exact_terms(needle: &str) -> ExactTerms {
    let chars: Vec<char> = needle.chars().collect();
    match chars.len() {
        0 => ExactTerms::Nothing,
        1 => ExactTerms::Char(needle.to_string()),
        n => {
            // The bigrams at even offsets cover the needle; when its length
            // is odd, the last bigram overlaps the one before it. Two
            // bigrams at offsets p and p + 2 are four consecutive
            // characters, so the phrase is the needle and nothing else.
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            ExactTerms::Bigrams(
                offsets
                    .into_iter()
                    .map(|offset| (offset, chars[offset..offset + 2].iter().collect()))
                    .collect(),
            )
        }
    }
}

/// What an exact match looks for, by the length of the normalised needle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExactTerms {
    /// An empty needle matches nothing.
    Nothing,
    /// One character: a term of the per-character field, which says only
    /// which units hold the character.
    Char(String),
    /// Two or more characters: bigrams of the bigram field with their
    /// offsets in the needle, a phrase (one term for two characters).
    Bigrams(Vec<(usize, String)>),
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
        BIGRAM_TOKENIZER,
        TextAnalyzer::from(BigramTokenizer::default()),
    );
    manager.register(english::ENGLISH_TOKENIZER, english::word_analyzer());
    manager.register(english::ENGLISH_STEM_TOKENIZER, english::stem_analyzer());
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

/// Overlapping bigrams of the normalised characters: the n-th token is
/// characters n and n + 1, at position n.
///
/// A phrase of bigrams is an exact substring match on the normalised text,
/// like a phrase of characters, but a bigram is far rarer than either of
/// its characters, so a phrase intersects short lists. A unit of one
/// character has no bigram; the per-character field finds it.
#[derive(Clone, Default)]
pub struct BigramTokenizer {
    buffers: Buffers,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BufferedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let Buffers { normalized, tokens } = &mut self.buffers;
        normalized.reset(text);
        tokens.clear();
        let mut chars = normalized.text.chars().zip(normalized.origins.iter());
        let Some(mut previous) = chars.next() else {
            return BufferedTokenStream { tokens, next: 0 };
        };
        for (position, current) in chars.enumerate() {
            let mut token = Token {
                offset_from: previous.1.start,
                offset_to: current.1.end,
                position,
                ..Token::default()
            };
            token.text.push(previous.0);
            token.text.push(current.0);
            tokens.push(token);
            previous = current;
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
    fn bigram_tokens_overlap_and_point_back_to_the_original_bytes() {
        let text = "第 １８ 号";
        let tokens = stream(BigramTokenizer::default(), text);
        let texts: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, ["第1", "18", "8号"]);
        let positions: Vec<usize> = tokens.iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 1, 2]);
        assert_eq!(&text[tokens[0].2.clone()], "第 １");
        assert_eq!(&text[tokens[2].2.clone()], "８ 号");
        // One character has no bigram (the character field finds it), and
        // nothing has none.
        assert!(stream(BigramTokenizer::default(), "权").is_empty());
        assert!(stream(BigramTokenizer::default(), " \u{3000}").is_empty());
    }

    #[test]
    fn exact_terms_cover_the_needle_with_bigrams_at_their_offsets() {
        let bigrams = |needle: &str| match exact_terms(needle) {
            ExactTerms::Bigrams(bigrams) => bigrams,
            other => panic!("{needle}: {other:?}"),
        };
        assert_eq!(exact_terms(""), ExactTerms::Nothing);
        assert_eq!(exact_terms("权"), ExactTerms::Char("权".to_string()));
        assert_eq!(bigrams("人权"), [(0, "人权".to_string())]);
        assert_eq!(
            bigrams("理事会"),
            [(0, "理事".to_string()), (1, "事会".to_string())]
        );
        assert_eq!(
            bigrams("普遍定期审议"),
            [(0, "普遍".into()), (2, "定期".into()), (4, "审议".into())]
        );
        assert_eq!(
            bigrams("18/18号"),
            [(0, "18".into()), (2, "/1".into()), (4, "8号".into())]
        );
        // Every character of every needle lies in some bigram at its place.
        for needle in [
            "人权",
            "理事会",
            "人权理事",
            "普遍定期审议建",
            "第18/18号决议",
        ] {
            let chars: Vec<char> = needle.chars().collect();
            let mut covered = vec![' '; chars.len()];
            for (offset, bigram) in bigrams(needle) {
                for (i, c) in bigram.chars().enumerate() {
                    assert!(covered[offset + i] == ' ' || covered[offset + i] == c);
                    covered[offset + i] = c;
                }
            }
            assert_eq!(covered, chars, "{needle}");
        }
    }

    #[test]
    fn every_un_term_is_one_word_on_its_own() {
        for (term, _) in un_terms() {
            assert_eq!(words(term), [normalize(term)], "{term} is cut apart");
        }
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(normalize("普遍定期審議"), normalize("普遍定期审议"));
        assert_eq!(normalize("普遍定期審議"), "普遍定期审议");
        assert_eq!(normalize("人權理事會"), normalize("人权理事会"));
        assert_eq!(normalize("人權理事會"), "人权理事会");
        assert_eq!(
            normalize("聯合國人權事務高級專員辦事處"),
            "联合国人权事务高级专员办事处"
        );
        // Both Traditional forms of a Simplified character fold to it.
        assert_eq!(normalize("後來"), "后来");
        assert_eq!(normalize("頭髮"), "头发");
        assert_eq!(normalize("發展"), "发展");
        // Variants, Extension B and compatibility ideographs.
        assert_eq!(normalize("爲"), "为");
        assert_eq!(normalize("裡裏"), "里里");
        assert_eq!(normalize("\u{2040A}"), "\u{2B74B}");
        assert_eq!(normalize("\u{21ED5}歲"), "岁岁");
        assert_eq!(normalize("\u{2F8A6}"), normalize("\u{6148}"));
    }

    #[test]
    fn simplified_text_is_never_made_traditional() {
        // Simplified characters that stand for several Traditional ones stay.
        for simplified in ["后", "发", "干", "里", "台", "系", "历", "复", "面", "只"] {
            assert_eq!(normalize(simplified), simplified);
        }
        // Characters that are Simplified in some words and Traditional in
        // others stay as they are (显著, 覆盖, 瞭望, 慰藉)...
        for kept in ["著", "覆", "瞭", "藉"] {
            assert_eq!(normalize(kept), kept);
        }
        // ...except where OpenCC's first choice is the Simplified character
        // (乾 of 乾燥; 乾隆 folds with it, on both sides alike).
        assert_eq!(normalize("乾隆"), "干隆");
        let simplified = "认识到技术合作包括分享经验、最佳做法、专业知识和能力建设是促进履行所有国际人权义务及所接受的普遍定期审议建议的一项有益工具";
        assert_eq!(normalize(simplified), simplified);
    }

    #[test]
    fn full_width_and_half_width_forms_are_equal() {
        assert_eq!(normalize("２０１２"), normalize("2012"));
        assert_eq!(normalize("Ａ／ＨＲＣ"), normalize("A/HRC"));
        assert_eq!(normalize("Ａ／ＨＲＣ"), "a/hrc");
        assert_eq!(normalize("第１８／１８號決議"), normalize("第18/18号决议"));
        // Half-width katakana become full-width ones.
        assert_eq!(normalize("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn folding_is_per_character_and_idempotent() {
        let ideographs = (0x3400..=0x9FFF)
            .chain(0x2_0000..=0x3_FFFF)
            .chain(0xF900..=0xFAFF);
        let mut folded = 0;
        for c in ideographs.filter_map(char::from_u32) {
            let once = normalize(c.encode_utf8(&mut [0; 4]));
            assert_eq!(once.chars().count(), 1, "{c} ({:X}) -> {once}", c as u32);
            assert_eq!(normalize(&once), once, "{c} ({:X}) -> {once}", c as u32);
            if once != c.to_string() {
                folded += 1;
            }
        }
        // OpenCC's TSCharacters, plus NFKC on the compatibility ideographs.
        assert!(folded > 4000, "only {folded} ideographs fold");
    }

    #[test]
    fn offsets_point_at_the_original_traditional_characters() {
        let text = "人權理事會 第１８屆會議：普遍定期審議";
        let normalized = Normalized::new(text);
        assert_eq!(normalized.text(), "人权理事会第18届会议:普遍定期审议");
        assert_eq!(normalized.char_len(), normalized.text().chars().count());
        let originals: Vec<&str> = (0..normalized.char_len())
            .map(|i| &text[normalized.original_range(i..i + 1)])
            .collect();
        assert_eq!(
            originals,
            [
                "人", "權", "理", "事", "會", "第", "１", "８", "屆", "會", "議", "：", "普", "遍",
                "定", "期", "審", "議"
            ]
        );
        let found: Vec<&str> = normalized
            .find_all(&normalize("普遍定期审议"))
            .into_iter()
            .map(|range| &text[range])
            .collect();
        assert_eq!(found, ["普遍定期審議"]);
        let found: Vec<&str> = normalized
            .find_all(&normalize("會"))
            .into_iter()
            .map(|range| &text[range])
            .collect();
        assert_eq!(found, ["會", "會"]);
    }

    #[test]
    fn tokens_of_traditional_text_are_simplified_and_point_at_the_original() {
        let text = "所接受的普遍定期審議建議";
        let chars = stream(CharTokenizer::default(), text);
        let texts: String = chars.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(texts, "所接受的普遍定期审议建议");
        assert_eq!(&text[chars[8].2.clone()], "審");
        assert_eq!(&text[chars[11].2.clone()], "議");
        let bigrams = stream(BigramTokenizer::default(), text);
        assert_eq!(bigrams[8].0, "审议");
        assert_eq!(&text[bigrams[8].2.clone()], "審議");
        for (bigram, _, range) in &bigrams {
            assert_eq!(normalize(&text[range.clone()]), *bigram);
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
