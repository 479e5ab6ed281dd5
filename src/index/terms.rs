//! How a value becomes an index term: one definition that the index uses
//! when it writes a resolution and the query parser when it reads a filter,
//! so the two cannot drift apart.

use crate::analysis::normalize;

/// How symbols are indexed and queried: NFKC, no spaces, upper case.
pub fn symbol_term(symbol: &str) -> String {
    normalize(symbol).to_ascii_uppercase()
}

/// How cited numbers are indexed and queried: normalised, upper case
/// (`s-17/1` → `S-17/1`).
pub fn citation_term(number: &str) -> String {
    normalize(number).to_ascii_uppercase()
}

/// `part` read as a number when it is exactly `len` ASCII digits (no
/// sign, no spaces): the year, month and day of a date.
pub fn fixed_digits(part: &str, len: usize) -> Option<u64> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// A date `YYYY-MM-DD` as the number `YYYYMMDD` the `adopted` field holds
/// (a day from 1 to 31 in a month from 1 to 12).
pub fn date_number(date: &str) -> Option<u64> {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = (
        fixed_digits(year, 4)?,
        fixed_digits(month, 2)?,
        fixed_digits(day, 2)?,
    );
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(year * 10000 + month * 100 + day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_numbers_only_when_whole_and_valid() {
        assert_eq!(date_number("2023-07-25"), Some(20230725));
        for bad in [
            "2023-07",
            "2023-13-01",
            "2023-07-32",
            "2023-7-25",
            "2023-07-25-1",
            "+023-07-25",
        ] {
            assert_eq!(date_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_parts_are_digits_of_their_length_only() {
        assert_eq!(fixed_digits("2023", 4), Some(2023));
        for (bad, len) in [("+023", 4), ("023", 4), ("20230", 4), (" 7", 2), ("", 2)] {
            assert_eq!(fixed_digits(bad, len), None, "{bad:?}");
        }
    }

    #[test]
    fn symbols_and_citations_are_upper_case_without_spaces() {
        assert_eq!(symbol_term("a/hrc/res/21/1"), "A/HRC/RES/21/1");
        assert_eq!(citation_term("s-17/1"), "S-17/1");
    }
}
