//! Every match of a query with the keys that sorting and grouping need,
//! read from fast fields. A match names its resolution by an integer (its
//! rank among the ids of the matched resolutions), so sorting and grouping
//! compare integers, and each id is read from the index once per segment,
//! not once per match.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// A matching paragraph with what sorting and grouping need.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Its score.
    pub score: Score,
    /// Where it is.
    pub address: DocAddress,
    /// Its resolution's session.
    pub session: Option<u64>,
    /// Its resolution: an index into [`Matches::ids`]. As the ids are in
    /// order, comparing these compares the ids.
    pub resolution: u32,
    /// Its place in its resolution.
    pub position: u64,
}

/// The matches of a query, in no particular order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matches {
    /// One per matching paragraph.
    pub matches: Vec<Match>,
    /// The ids of the resolutions the matches belong to, sorted and
    /// without repeats (empty for a paragraph with no id).
    pub ids: Vec<String>,
}

impl Matches {
    /// The resolution id of `found`.
    pub fn id(&self, found: &Match) -> &str {
        &self.ids[found.resolution as usize]
    }
}

/// Collects every match with its sort keys.
pub struct MatchesCollector;

/// Per-segment part of [`MatchesCollector`].
pub struct SegmentMatches {
    segment: SegmentOrdinal,
    session: Column<u64>,
    position: Column<u64>,
    doc_id: Option<StrColumn>,
    /// Each match with the term ordinal of its id in `doc_id` (or
    /// `u64::MAX` for none) in place of [`Match::resolution`].
    matches: Vec<(Match, u64)>,
}

impl Collector for MatchesCollector {
    type Fruit = Matches;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let fast = reader.fast_fields();
        Ok(SegmentMatches {
            segment,
            session: fast.u64("session")?,
            position: fast.u64("position")?,
            doc_id: fast.str("doc_id")?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Matches>) -> tantivy::Result<Matches> {
        let mut ids: Vec<String> = fruits.iter().flat_map(|f| f.ids.iter().cloned()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut matches = Vec::with_capacity(fruits.iter().map(|f| f.matches.len()).sum());
        for fruit in fruits {
            let global: Vec<u32> = fruit.ids.iter().map(|id| rank_of(&ids, id)).collect();
            matches.extend(fruit.matches.into_iter().map(|m| Match {
                resolution: global[m.resolution as usize],
                ..m
            }));
        }
        Ok(Matches { matches, ids })
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Matches;

    fn collect(&mut self, doc: DocId, score: Score) {
        let ord = self
            .doc_id
            .as_ref()
            .and_then(|column| column.term_ords(doc).next())
            .unwrap_or(u64::MAX);
        self.matches.push((
            Match {
                score,
                address: DocAddress::new(self.segment, doc),
                session: self.session.first(doc),
                resolution: 0,
                position: self.position.first(doc).unwrap_or_default(),
            },
            ord,
        ));
    }

    /// Reads each distinct id once, and numbers the matches' resolutions
    /// in the order of their ids.
    fn harvest(self) -> Matches {
        let mut ords: Vec<u64> = self.matches.iter().map(|&(_, ord)| ord).collect();
        ords.sort_unstable();
        ords.dedup();
        // One pass through the dictionary for all the ordinals (sorted),
        // instead of a block decoded from its start for each.
        let mut names: Vec<String> = Vec::with_capacity(ords.len());
        let known: &[u64] = match ords.last() {
            Some(&u64::MAX) => &ords[..ords.len() - 1],
            _ => &ords,
        };
        if let Some(column) = &self.doc_id {
            // A collector cannot fail; ids that cannot be read are left empty.
            let _ = column.dictionary().sorted_ords_to_term_cb(known, |bytes| {
                names.push(String::from_utf8_lossy(bytes).into_owned())
            });
        }
        names.resize(ords.len(), String::new());
        // Term ordinals follow the order of the ids, except that "no id"
        // (`u64::MAX`, read as "") comes last; sorting puts it first.
        let mut ids = names.clone();
        ids.sort_unstable();
        ids.dedup();
        let ranks: Vec<u32> = names.iter().map(|name| rank_of(&ids, name)).collect();
        let matches = self
            .matches
            .into_iter()
            .map(|(m, ord)| {
                let at = ords.binary_search(&ord).expect("every ordinal was kept");
                Match {
                    resolution: ranks[at],
                    ..m
                }
            })
            .collect();
        Matches { matches, ids }
    }
}

/// The index of `id` in `ids`, which holds it.
fn rank_of(ids: &[String], id: &str) -> u32 {
    let at = ids
        .binary_search_by(|probe| probe.as_str().cmp(id))
        .expect("every id was kept");
    u32::try_from(at).expect("fewer than 2^32 resolutions match")
}

/// Puts the first value of a text fast field for `doc` into `out` (left
/// empty when the document has none).
pub fn first_str(column: Option<&StrColumn>, doc: DocId, out: &mut String) -> std::io::Result<()> {
    out.clear();
    if let Some(column) = column {
        if let Some(ord) = column.term_ords(doc).next() {
            column.ord_to_str(ord, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(segment: u32, doc: u32, resolution: u32) -> Match {
        Match {
            score: 1.0,
            address: DocAddress::new(segment, doc),
            session: None,
            resolution,
            position: u64::from(doc),
        }
    }

    /// The ids of two segments are merged into one sorted list, and each
    /// match points to its own id in it.
    #[test]
    fn merged_matches_point_to_their_own_ids() {
        let first = Matches {
            matches: vec![found(0, 0, 1), found(0, 1, 0)],
            ids: vec!["a".into(), "c".into()],
        };
        let second = Matches {
            matches: vec![found(1, 0, 0), found(1, 1, 1)],
            ids: vec!["b".into(), "c".into()],
        };
        let merged = MatchesCollector
            .merge_fruits(vec![first, second])
            .expect("merges");
        assert_eq!(merged.ids, ["a", "b", "c"]);
        let ids: Vec<&str> = merged.matches.iter().map(|m| merged.id(m)).collect();
        assert_eq!(ids, ["c", "a", "b", "c"]);
    }
}
