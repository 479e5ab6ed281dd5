//! Closing lines of an adopted text: the meeting, the date, the outcome
//! (`[未经表决获得通过。]` or a recorded vote) and the lists of states that
//! voted, and the adoption facts they give.

use super::header::find_date;
use super::lines::{pattern, Line};
use crate::resolution::{Language, Vote};

/// What a closing line says.
#[derive(Debug, Clone, PartialEq)]
pub enum ClosingLine {
    /// `第 37 次会议`, `第43次全体会议`.
    Meeting(u32),
    /// `以 32 票对 0 票、15 票弃权获得通过` or `[未经表决获得通过。]`.
    Outcome(Vote),
    /// `[经记录表决，以…通过]` or another bracketed adoption line.
    Adoption,
    /// `赞成：`, `反对：`, `弃权：` and the states after it.
    VoteList,
}

pattern!(MEETING, r"^第\s*(\d{1,5})\s*次(?:全体)?会议$");
pattern!(
    VOTE,
    r"以\s*(\d{1,3})\s*票(?:赞成)?\s*对\s*(\d{1,3})\s*票(?:反对)?\s*[、,，]?\s*(\d{1,3})\s*票弃权"
);
pattern!(
    VOTE_START,
    r"^[\[【]?\s*(?:经记录表决，?)?以\s*\d+\s*票(?:赞成)?\s*对"
);
pattern!(VOTE_LIST, r"^(?:赞成|反对|弃权)\s*[:：]");

// `45th plenary meeting`, `[Adopted without a vote.]`, `Adopted by a
// recorded vote of 32 to 0, with 15 abstentions.`, `In favour:`.
pattern!(
    MEETING_EN,
    r"^(\d{1,5})(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting$"
);
pattern!(
    VOTE_EN,
    r"(?:recorded\s+)?vote\s+of\s+(\d{1,3})\s+to\s+(\d{1,3}),?\s+with\s+(\d{1,3})\s+abstentions?"
);
pattern!(ADOPTED_EN, r"^[\[(]?\s*Adopted\b");
pattern!(
    VOTE_LIST_EN,
    r"^(?:In favour|Against|Abstaining|Abstentions)\s*:"
);

/// What a closing line says, if it is one.
pub fn closing_line(line: &Line) -> Option<ClosingLine> {
    match line.lang {
        Language::Chinese => chinese_closing_line(line),
        Language::English => english_closing_line(line),
    }
}

fn english_closing_line(line: &Line) -> Option<ClosingLine> {
    let plain = line.plain.as_str();
    if let Some(c) = MEETING_EN.captures(plain) {
        return Some(ClosingLine::Meeting(c[1].parse().ok()?));
    }
    if VOTE_LIST_EN.is_match(plain) {
        return Some(ClosingLine::VoteList);
    }
    if ADOPTED_EN.is_match(plain) && plain.chars().count() <= 300 {
        if plain.contains("without a vote") {
            return Some(ClosingLine::Outcome(Vote::WithoutVote));
        }
        return Some(match VOTE_EN.captures(plain) {
            Some(c) => ClosingLine::Outcome(Vote::Recorded {
                yes: c[1].parse().ok()?,
                no: c[2].parse().ok()?,
                abstentions: c[3].parse().ok()?,
            }),
            None => ClosingLine::Adoption,
        });
    }
    None
}

fn chinese_closing_line(line: &Line) -> Option<ClosingLine> {
    let plain = line.plain.as_str();
    if let Some(c) = MEETING.captures(plain) {
        return Some(ClosingLine::Meeting(c[1].parse().ok()?));
    }
    if VOTE_START.is_match(plain) {
        return Some(match vote_of(plain) {
            Some(vote) => ClosingLine::Outcome(vote),
            None => ClosingLine::Adoption,
        });
    }
    if VOTE_LIST.is_match(plain) {
        return Some(ClosingLine::VoteList);
    }
    let bracketed = plain.starts_with(['[', '【']);
    if bracketed && plain.contains("未经表决") && plain.contains("通过") {
        return Some(ClosingLine::Outcome(Vote::WithoutVote));
    }
    if bracketed && (plain.contains("获得通过") || plain.contains("表决")) {
        return Some(match vote_of(plain) {
            Some(vote) => ClosingLine::Outcome(vote),
            None => ClosingLine::Adoption,
        });
    }
    None
}

/// The counts of a recorded vote in `plain`.
fn vote_of(plain: &str) -> Option<Vote> {
    let c = VOTE.captures(plain)?;
    Some(Vote::Recorded {
        yes: c[1].parse().ok()?,
        no: c[2].parse().ok()?,
        abstentions: c[3].parse().ok()?,
    })
}

/// The outcome of an adoption line, as written, without its brackets and
/// without the `表决情况如下：` that introduces the lists of votes.
pub fn adoption_outcome(text: &str) -> String {
    let outcome = text.trim().trim_matches(['[', ']', '【', '】']).trim();
    // `Adopted by a recorded vote of 32 to 0, with 15 abstentions. The
    // voting was as follows:`: the first sentence.
    if outcome.starts_with("Adopted") {
        let end = outcome.find(". ").map_or(outcome.len(), |at| at + 1);
        return outcome[..end].trim().to_string();
    }
    let end = ["通过。", "通过.", "通过"]
        .iter()
        .find_map(|end| outcome.find(end).map(|at| at + end.len()))
        .unwrap_or(outcome.len());
    outcome[..end].trim().to_string()
}

/// The date of a closing line that is only a date.
pub fn closing_date(line: &Line) -> Option<String> {
    super::header::is_date_line(&line.plain)
        .then(|| find_date(&line.plain))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<ClosingLine> {
        closing_line(&super::super::lines::split_lines(text)[0])
    }

    #[test]
    fn closing_lines_give_meeting_and_outcome() {
        assert_eq!(read("第43次全体会议"), Some(ClosingLine::Meeting(43)));
        assert_eq!(read("第 37 次会议"), Some(ClosingLine::Meeting(37)));
        assert_eq!(
            read("[未经表决获得通过。]"),
            Some(ClosingLine::Outcome(Vote::WithoutVote))
        );
        assert_eq!(
            read("[以 32 票对 0 票、15 票弃权获得通过。表决情况如下："),
            Some(ClosingLine::Outcome(Vote::Recorded {
                yes: 32,
                no: 0,
                abstentions: 15
            }))
        );
        assert_eq!(read("赞成： 阿根廷、奥地利"), Some(ClosingLine::VoteList));
        // A title that starts like a meeting line is not one.
        assert_eq!(read("第413次会议简要记录"), None);
    }
}
