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

/// The number `YYYYMMDD` of a day, when `year`, `month` and `day` make one
/// (a day from 1 to 31 in a month from 1 to 12).
pub fn day_number(year: u64, month: u64, day: u64) -> Option<u64> {
    ((1..=12).contains(&month) && (1..=31).contains(&day) && year <= 9999)
        .then_some(year * 10000 + month * 100 + day)
}

/// A date `YYYY-MM-DD` as the number `YYYYMMDD` the `adopted` field holds.
pub fn date_number(date: &str) -> Option<u64> {
    let mut parts = date.split('-');
    let mut number = |len: usize| {
        let part = parts.next().filter(|p| p.len() == len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse::<u64>().ok())?
    };
    let (year, month, day) = (number(4)?, number(2)?, number(2)?);
    if parts.next().is_some() {
        return None;
    }
    day_number(year, month, day)
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
    fn symbols_and_citations_are_upper_case_without_spaces() {
        assert_eq!(symbol_term("a/hrc/res/21/1"), "A/HRC/RES/21/1");
        assert_eq!(citation_term("s-17/1"), "S-17/1");
    }
}
