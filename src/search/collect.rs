//! Collectors and queries of the search: facet counts of the matches, a
//! wrapper that stops any collector between segments once its deadline has
//! passed, a query worked out in full before use, and the paragraphs of
//! the resolutions whose records match.

use std::collections::BTreeMap;

use serde::Serialize;
use std::time::Instant;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Weight;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::matches::MatchesCollector;

/// The message of the error [`UntilDeadline`] stops a search with.
pub const DEADLINE_PASSED: &str = "the search ran past its deadline";

/// Runs `inner`, failing before the next segment (and before merging) once
/// `deadline` has passed, so that a search a server has given up on stops
/// instead of running on.
pub struct UntilDeadline<C> {
    /// The collector that does the work.
    pub inner: C,
    /// When to stop; `None` runs to the end.
    pub deadline: Option<Instant>,
}

impl<C> UntilDeadline<C> {
    fn check(&self) -> tantivy::Result<()> {
        match self.deadline {
            Some(deadline) if Instant::now() >= deadline => Err(
                tantivy::TantivyError::InternalError(DEADLINE_PASSED.to_string()),
            ),
            _ => Ok(()),
        }
    }
}

impl<C: Collector> Collector for UntilDeadline<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.check()?;
        self.inner.for_segment(segment, reader)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.check()?;
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        self.check()?;
        self.inner.collect_segment(weight, segment, reader)
    }
}

/// How many matching paragraphs have each value of a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Per session number.
    pub session: Vec<FacetCount>,
    /// Per agenda item (normalised: `10`, `69(b)`).
    pub agenda_item: Vec<FacetCount>,
    /// Per organ (Chinese name).
    pub organ: Vec<FacetCount>,
    /// Per paragraph kind (`preambular`, `operative`).
    pub kind: Vec<FacetCount>,
}

/// One value of a facet and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a session number as text, an agenda item, …).
    pub value: String,
    /// Matching paragraphs with it.
    pub count: usize,
}

/// Counts matches per session, agenda item, organ and paragraph kind.
pub struct FacetsCollector;

/// Per-segment part of [`FacetsCollector`]: counts by term ordinal (one
/// counter per term of the segment's dictionary), turned into values at
/// the end of the segment.
pub struct SegmentFacets {
    session: Column<u64>,
    sessions: BTreeMap<u64, usize>,
    strings: [(Option<StrColumn>, Vec<usize>); 3],
}

/// The text fast fields counted, in the order of `SegmentFacets::strings`.
const STRING_FACETS: [&str; 3] = ["agenda_items", "organ", "para_kind"];

/// Counts per value, merged over segments.
type FacetMaps = (BTreeMap<u64, usize>, [BTreeMap<String, usize>; 3]);

impl Collector for FacetsCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = reader.fast_fields();
        let column = |name: &str| -> tantivy::Result<(Option<StrColumn>, Vec<usize>)> {
            let column = fast.str(name)?;
            let terms = column.as_ref().map_or(0, |c| c.dictionary().num_terms());
            Ok((column, vec![0; terms]))
        };
        Ok(SegmentFacets {
            session: fast.u64("session")?,
            sessions: BTreeMap::new(),
            strings: [
                column(STRING_FACETS[0])?,
                column(STRING_FACETS[1])?,
                column(STRING_FACETS[2])?,
            ],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetMaps>) -> tantivy::Result<Facets> {
        let mut sessions: BTreeMap<u64, usize> = BTreeMap::new();
        let mut strings: [BTreeMap<String, usize>; 3] = Default::default();
        for (segment_sessions, segment_strings) in fruits {
            for (session, count) in segment_sessions {
                *sessions.entry(session).or_default() += count;
            }
            for (merged, counts) in strings.iter_mut().zip(segment_strings) {
                for (value, count) in counts {
                    *merged.entry(value).or_default() += count;
                }
            }
        }
        let ranked = |counts: BTreeMap<String, usize>| {
            let mut list: Vec<FacetCount> = counts
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            list.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| natural_cmp(&a.value, &b.value))
            });
            list
        };
        let [agenda, organ, kind] = strings;
        Ok(Facets {
            session: sessions
                .into_iter()
                .map(|(session, count)| FacetCount {
                    value: session.to_string(),
                    count,
                })
                .collect(),
            agenda_item: ranked(agenda),
            organ: ranked(organ),
            kind: ranked(kind),
        })
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetMaps;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(session) = self.session.first(doc) {
            *self.sessions.entry(session).or_default() += 1;
        }
        for (column, counts) in &mut self.strings {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> FacetMaps {
        let strings = self.strings.map(|(column, counts)| {
            let mut values = BTreeMap::new();
            if let Some(column) = column {
                let ords: Vec<u64> = (0..counts.len() as u64)
                    .filter(|&ord| counts[ord as usize] > 0)
                    .collect();
                let mut counted = ords.iter();
                // One pass through the dictionary; a value that cannot be
                // read is left out (a collector cannot fail).
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let Some(&ord) = counted.next() {
                        let value = String::from_utf8_lossy(bytes).into_owned();
                        *values.entry(value).or_default() += counts[ord as usize];
                    }
                });
            }
            values
        });
        (self.sessions, strings)
    }
}

/// Orders `9` before `10` and `69(a)` before `69(b)`.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.parse::<u64>().unwrap_or(u64::MAX), s.to_string())
    };
    key(a).cmp(&key(b))
}

/// A query whose matches are worked out in full, per segment, into a bit
/// set before use. Exclusions (`-x`) are built on it: tantivy's exclusion
/// seeks the excluded scorer in ways its phrase scorer does not support
/// (tantivy issue #2811), while a bit set answers any seek.
#[derive(Debug)]
pub struct Materialized(pub Box<dyn tantivy::query::Query>);

impl Clone for Materialized {
    fn clone(&self) -> Self {
        Materialized(self.0.box_clone())
    }
}

impl tantivy::query::Query for Materialized {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        let inner = self.0.weight(enable_scoring)?;
        Ok(Box::new(MaterializedWeight(inner)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct MaterializedWeight(Box<dyn tantivy::query::Weight>);

impl tantivy::query::Weight for MaterializedWeight {
    fn scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        use tantivy::DocSet;
        let mut matches = tantivy::BitSet::with_max_value(reader.max_doc());
        let mut inner = self.0.scorer(reader, boost)?;
        let mut doc = inner.doc();
        while doc != tantivy::TERMINATED {
            matches.insert(doc);
            doc = inner.advance();
        }
        let docset = tantivy::query::BitSetDocSet::from(matches);
        Ok(Box::new(tantivy::query::ConstScorer::new(docset, 0.0)))
    }

    fn explain(
        &self,
        reader: &SegmentReader,
        doc: DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

/// The paragraphs of the resolutions whose records match a query: a filter
/// on what is indexed once per resolution (its sponsors) rather than on
/// every paragraph. The records are looked up when the search starts, and
/// their ids become a set of `doc_id` terms.
#[derive(Debug)]
pub struct OfResolutions {
    /// Matches the records of the wanted resolutions.
    pub records: Box<dyn tantivy::query::Query>,
    /// The `doc_id` field.
    pub doc_id: tantivy::schema::Field,
}

impl Clone for OfResolutions {
    fn clone(&self) -> Self {
        OfResolutions {
            records: self.records.box_clone(),
            doc_id: self.doc_id,
        }
    }
}

impl tantivy::query::Query for OfResolutions {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        let searcher = enable_scoring.searcher().ok_or_else(|| {
            tantivy::TantivyError::InvalidArgument(
                "a filter on resolutions needs a searcher".to_string(),
            )
        })?;
        let records = searcher.search(self.records.as_ref(), &MatchesCollector)?;
        let terms = records
            .ids
            .iter()
            .map(|id| tantivy::Term::from_field_text(self.doc_id, id));
        tantivy::query::TermSetQuery::new(terms).weight(enable_scoring)
    }
}
