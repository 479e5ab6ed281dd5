//! Snippets: the part of a paragraph around its first match, with every
//! match marked as one span, drawn on the stored text.
//!
//! tantivy's own snippet generator is not used: it counts its window in
//! bytes, marks adjacent tokens as separate spans, and was seen to panic on
//! the overlapping tokens of jieba's search mode. Matching here is done on
//! the normalised text and mapped back, so a span always sits on character
//! boundaries of the original.

use std::ops::Range;

use serde::Serialize;

use crate::analysis::Normalized;

/// Characters of context shown before the first match in a long paragraph.
const CONTEXT_BEFORE: usize = 24;

/// A snippet of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The excerpt, with `…` where it cuts the paragraph.
    pub text: String,
    /// The matches, as ranges of character indices into `text`.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The snippet as HTML: text escaped, matches in `<mark>`.
    pub fn to_html(&self) -> String {
        let mut html = String::with_capacity(self.text.len() + 16 * self.highlights.len());
        let mut spans = self.highlights.iter().peekable();
        for (i, c) in self.text.chars().enumerate() {
            if spans.peek().is_some_and(|s| s.start == i) {
                html.push_str("<mark>");
            }
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                _ => html.push(c),
            }
            if spans.peek().is_some_and(|s| s.end == i + 1) {
                html.push_str("</mark>");
                spans.next();
            }
        }
        html
    }
}

/// Byte ranges in `text` where any of `needles` (normalised strings) occurs,
/// sorted, with overlapping or touching matches (or matches separated only
/// by spaces) merged into one span.
pub fn match_ranges(text: &str, needles: &[String]) -> Vec<Range<usize>> {
    let normalized = Normalized::new(text);
    let mut ranges: Vec<Range<usize>> = needles
        .iter()
        .flat_map(|needle| normalized.find_all(needle))
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last)
                if range.start <= last.end
                    || text[last.end..range.start].chars().all(char::is_whitespace) =>
            {
                last.end = last.end.max(range.end);
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// Where any of `needles` occurs in `text`, as `[start, end)` character
/// offsets, merged as [`match_ranges`] merges them.
pub fn match_char_spans(text: &str, needles: &[String]) -> Vec<[usize; 2]> {
    let char_index = |byte: usize| text[..byte].chars().count();
    match_ranges(text, needles)
        .into_iter()
        .map(|r| [char_index(r.start), char_index(r.end)])
        .collect()
}

/// A snippet of at most about `max_chars` characters of `text` around its
/// first match of `needles`; the whole text when it is short enough.
pub fn make_snippet(text: &str, needles: &[String], max_chars: usize) -> Snippet {
    let spans = match_ranges(text, needles);
    // Character index of each byte offset that starts a character, and of the end.
    let char_starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let to_char = |byte: usize| char_starts.partition_point(|&b| b < byte);
    let total = char_starts.len() - 1;
    let char_spans: Vec<Range<usize>> = spans
        .iter()
        .map(|r| to_char(r.start)..to_char(r.end))
        .collect();

    let (begin, end) = if total <= max_chars {
        (0, total)
    } else {
        let first = char_spans.first().map_or(0, |s| s.start);
        let mut begin = first.saturating_sub(CONTEXT_BEFORE);
        let end = (begin + max_chars).min(total);
        begin = begin.min(end.saturating_sub(max_chars));
        (begin, end)
    };
    let prefix = usize::from(begin > 0);
    let mut excerpt = String::new();
    if begin > 0 {
        excerpt.push('…');
    }
    excerpt.push_str(&text[char_starts[begin]..char_starts[end]]);
    if end < total {
        excerpt.push('…');
    }
    let highlights = char_spans
        .into_iter()
        .filter(|s| s.end > begin && s.start < end)
        .map(|s| s.start.max(begin) - begin + prefix..s.end.min(end) - begin + prefix)
        .collect();
    Snippet {
        text: excerpt,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(snippet: &Snippet) -> String {
        snippet.to_html()
    }

    #[test]
    fn adjacent_words_are_one_span() {
        let needles = vec!["普遍".to_string(), "定期".to_string(), "审议".to_string()];
        let snippet = make_snippet("所接受的普遍定期审议建议", &needles, 100);
        assert_eq!(marked(&snippet), "所接受的<mark>普遍定期审议</mark>建议");
    }

    #[test]
    fn matches_across_typographic_spaces() {
        let snippet = make_snippet("理事会第 18/18 号决议", &["18/18号".to_string()], 100);
        assert_eq!(marked(&snippet), "理事会第 <mark>18/18 号</mark>决议");
        assert_eq!(snippet.highlights, vec![Range { start: 5, end: 12 }]);
    }

    #[test]
    fn long_paragraphs_are_cut_around_the_first_match() {
        let text = format!("{}普遍定期审议{}", "甲".repeat(100), "乙".repeat(100));
        let snippet = make_snippet(&text, &["普遍定期审议".to_string()], 40);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert_eq!(snippet.text.chars().count(), 42);
        let span = snippet.highlights[0].clone();
        let marked: String = snippet
            .text
            .chars()
            .skip(span.start)
            .take(span.len())
            .collect();
        assert_eq!(marked, "普遍定期审议");
    }

    #[test]
    fn no_match_gives_the_start() {
        let snippet = make_snippet("甲乙丙", &["丁".to_string()], 2);
        assert_eq!(snippet.text, "甲乙…");
        assert!(snippet.highlights.is_empty());
    }
}
