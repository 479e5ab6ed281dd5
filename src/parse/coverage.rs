//! The coverage check: every non-space character of the source lies in
//! exactly one unit, or in a line of furniture that FORMAT names (page
//! numbers and job numbers, `联合国`, the organ's name and opening line,
//! repeated header lines) or in markdown marks. Whatever else the parser
//! could not place is reported with its line.

use serde::Serialize;

use super::lines::{compact, strip_superscripts, Furniture, Line};
use crate::resolution::Paragraph;

/// How much of a text the parser placed in units.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coverage {
    /// Non-space characters of the text (after decoding, markdown marks
    /// removed, NFKC).
    pub chars: usize,
    /// Of those, the characters in units.
    pub placed: usize,
    /// Of those, the characters in furniture lines.
    pub furniture: usize,
    /// The lines, or parts of lines, that no unit holds.
    pub unplaced: Vec<UnplacedLine>,
}

/// A line of the source the parser could not place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnplacedLine {
    /// Its line number in the source, from 1.
    pub line: usize,
    /// Its text.
    pub text: String,
}

impl Coverage {
    /// The share of the text's characters that are in units or furniture,
    /// as a percentage (100 when nothing is lost).
    pub fn percent(&self) -> f64 {
        if self.chars == 0 {
            return 100.0;
        }
        100.0 * (self.placed + self.furniture) as f64 / self.chars as f64
    }

    /// Whether every character is placed.
    pub fn is_complete(&self) -> bool {
        self.unplaced.is_empty() && self.placed + self.furniture == self.chars
    }
}

/// What the coverage compares: a text's characters without whitespace or
/// superscript footnote markers (the markers are links, kept by the
/// footnote's `note_of`).
pub fn chars_of(text: &str) -> String {
    compact(&strip_superscripts(text))
}

/// Measures how the units cover `lines`: `furniture[i]` says whether line
/// `i` is furniture, and `unit_lines[u]` which lines unit `u` was made of.
///
/// A line is placed when exactly one unit holds it and that unit's text is
/// exactly its lines' text (whitespace aside): a unit that lost or gained
/// text makes all its lines unplaced.
pub fn measure(
    lines: &[Line],
    furniture: &[Option<Furniture>],
    units: &[Paragraph],
    unit_lines: &[Vec<usize>],
) -> Coverage {
    let mut holders = vec![0usize; lines.len()];
    let mut faithful = vec![false; lines.len()];
    for (unit, indices) in units.iter().zip(unit_lines) {
        let source: String = indices.iter().map(|&i| chars_of(&lines[i].text)).collect();
        let exact = source == chars_of(&unit.text);
        for &i in indices {
            holders[i] += 1;
            faithful[i] = exact;
        }
    }
    let mut coverage = Coverage::default();
    for (i, line) in lines.iter().enumerate() {
        let chars = chars_of(&line.text).chars().count();
        coverage.chars += chars;
        if furniture[i].is_some() {
            coverage.furniture += chars;
        } else if holders[i] == 1 && faithful[i] {
            coverage.placed += chars;
        } else {
            coverage.unplaced.push(UnplacedLine {
                line: line.no,
                text: line.text.clone(),
            });
        }
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split_lines;
    use crate::resolution::UnitKind;

    fn unit(text: &str) -> Paragraph {
        Paragraph {
            label: "PP1".into(),
            kind: UnitKind::Preambular,
            number: 1,
            section: None,
            text: text.into(),
            citations: Vec::new(),
            note_of: None,
            part: None,
            organ: None,
            en: None,
        }
    }

    #[test]
    fn a_unit_that_lost_text_leaves_its_lines_unplaced() {
        let lines = split_lines("联合国\n回顾其决议，\n又回顾其决定，");
        let furniture = [Some(Furniture::UnitedNations), None, None];
        let whole = measure(
            &lines,
            &furniture,
            &[unit("回顾其决议，又回顾其决定，")],
            &[vec![1, 2]],
        );
        assert!(whole.is_complete(), "{whole:?}");
        assert_eq!((whole.chars, whole.placed, whole.furniture), (16, 13, 3));

        // The unit dropped the word 又: both its lines are reported.
        let lost = measure(
            &lines,
            &furniture,
            &[unit("回顾其决议，回顾其决定，")],
            &[vec![1, 2]],
        );
        assert!(!lost.is_complete());
        let unplaced: Vec<usize> = lost.unplaced.iter().map(|u| u.line).collect();
        assert_eq!(unplaced, [2, 3]);

        // A line no unit holds, and a line two units hold, are unplaced.
        let missing = measure(&lines, &furniture, &[unit("回顾其决议，")], &[vec![1]]);
        assert_eq!(missing.unplaced.len(), 1);
        assert_eq!(missing.unplaced[0].text, "又回顾其决定，");
        let twice = measure(
            &lines,
            &furniture,
            &[unit("回顾其决议，"), unit("回顾其决议，又回顾其决定，")],
            &[vec![1], vec![1, 2]],
        );
        assert_eq!(twice.unplaced.len(), 1);
        assert!(twice.percent() < 100.0);
    }
}
