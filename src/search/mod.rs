//! Searching: a parsed query and filters become one tantivy query; hits come
//! back ranked, with their resolution's metadata and a snippet.
//!
//! Matching is decided on the per-character field alone, so it is exact: a
//! phrase matches a paragraph when the paragraph's normalised text contains
//! it. Ranking is BM25 on the jieba field, and a paragraph that holds a run
//! of bare words as one phrase gets a bonus that puts it above every
//! paragraph where they are scattered.

pub mod query;
pub mod snippet;

use std::collections::BTreeSet;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{TantivyDocument, Term};

use crate::analysis::jieba_terms;
use crate::error::{Error, Result};
use crate::index::{stored_text, stored_u64, HrIndex};
use crate::resolution::ParagraphKind;
use query::{parse_query, Clause, Query};
use snippet::make_snippet;

/// Default number of hits returned.
pub const DEFAULT_LIMIT: usize = 10;
/// Most hits one search returns.
pub const MAX_LIMIT: usize = 10_000;
/// Length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 120;
/// Score added to a paragraph holding a run of bare words as one phrase:
/// larger than any BM25 score, so such paragraphs always rank first.
const EXACT_PHRASE_BONUS: f32 = 1000.0;

/// Restrictions on which paragraphs a search returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this session.
    pub session: Option<u64>,
    /// Only this agenda item: `10`, or `70(b)`; `70` also takes `70(a)`, `70(b)`, ….
    pub agenda: Option<String>,
    /// Only preambular or only operative paragraphs.
    pub kind: Option<ParagraphKind>,
}

/// How a search is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Filters on the paragraphs.
    pub filters: Filters,
    /// How many hits to return (1 to [`MAX_LIMIT`]).
    pub limit: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            filters: Filters::default(),
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One matching paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1 for the best hit.
    pub rank: usize,
    /// The ranking score (BM25, plus the exact-phrase bonus).
    pub score: f32,
    /// The resolution's id (for `hrsearch show`).
    pub doc_id: String,
    /// The UN document symbol.
    pub symbol: Option<String>,
    /// The resolution number (`21/...`).
    pub resolution: Option<String>,
    /// The resolution title.
    pub title: Option<String>,
    /// The organ's Chinese name.
    pub organ: Option<String>,
    /// The session number.
    pub session: Option<u64>,
    /// The agenda item(s) as written.
    pub agenda_item: Option<String>,
    /// The paragraph label: `PP9`, `OP10`.
    pub paragraph: String,
    /// `preambular` or `operative`.
    pub kind: String,
    /// The paragraph number.
    pub number: u64,
    /// The section heading the paragraph stands under.
    pub section: Option<String>,
    /// The whole paragraph.
    pub text: String,
    /// The excerpt around the first match, matches in `<mark>` (HTML-escaped).
    pub snippet: String,
    /// The excerpt as plain text.
    pub snippet_text: String,
    /// The matches in `snippet_text`, as `[start, end)` character indices.
    pub highlights: Vec<[usize; 2]>,
    /// The source file as given to `index`.
    pub source: Option<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many paragraphs match in all.
    pub total: usize,
    /// The best hits, best first.
    pub hits: Vec<Hit>,
}

impl HrIndex {
    /// Searches the index.
    pub fn search(&self, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
        let query = parse_query(query_text).map_err(|message| Error::Query {
            query: query_text.to_string(),
            message,
        })?;
        if options.limit == 0 || options.limit > MAX_LIMIT {
            return Err(Error::Filter(format!(
                "the limit must be between 1 and {MAX_LIMIT}, not {}",
                options.limit
            )));
        }
        let plan = Plan::new(&query);
        let tantivy_query = self.build_query(&plan, &options.filters)?;
        let searcher = self.reader()?.searcher();
        let (top, total) = searcher.search(
            &tantivy_query,
            &(TopDocs::with_limit(options.limit).order_by_score(), Count),
        )?;
        let f = self.fields();
        let mut hits = Vec::with_capacity(top.len());
        for (rank, (score, address)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = stored_text(&doc, f.text).unwrap_or_default();
            let snippet = make_snippet(&text, &plan.highlight, SNIPPET_CHARS);
            hits.push(Hit {
                rank: rank + 1,
                score,
                doc_id: stored_text(&doc, f.doc_id).unwrap_or_default(),
                symbol: stored_text(&doc, f.symbol),
                resolution: stored_text(&doc, f.number),
                title: stored_text(&doc, f.title),
                organ: stored_text(&doc, f.organ),
                session: stored_u64(&doc, f.session),
                agenda_item: stored_text(&doc, f.agenda_item),
                paragraph: stored_text(&doc, f.paragraph).unwrap_or_default(),
                kind: stored_text(&doc, f.para_kind).unwrap_or_default(),
                number: stored_u64(&doc, f.para_number).unwrap_or_default(),
                section: stored_text(&doc, f.section),
                snippet: snippet.to_html(),
                highlights: snippet
                    .highlights
                    .iter()
                    .map(|r| [r.start, r.end])
                    .collect(),
                snippet_text: snippet.text,
                text,
                source: stored_text(&doc, f.source),
            });
        }
        Ok(SearchResults {
            query: query_text.to_string(),
            total,
            hits,
        })
    }

    fn build_query(&self, plan: &Plan, filters: &Filters) -> Result<Box<dyn TantivyQuery>> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for required in &plan.required {
            clauses.push((Occur::Must, filter(char_phrase(f.text_chars, required))));
        }
        for phrase in &plan.bonus_phrases {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    char_phrase(f.text_chars, phrase),
                    EXACT_PHRASE_BONUS,
                )),
            ));
        }
        for term in &plan.ranking_terms {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.text, term),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        if let Some(session) = filters.session {
            clauses.push((
                Occur::Must,
                filter(term_query(Term::from_field_u64(f.session, session))),
            ));
        }
        if let Some(agenda) = &filters.agenda {
            let item = normalize_agenda(agenda)?;
            clauses.push((
                Occur::Must,
                filter(term_query(Term::from_field_text(f.agenda_items, &item))),
            ));
        }
        if let Some(kind) = filters.kind {
            clauses.push((
                Occur::Must,
                filter(term_query(Term::from_field_text(
                    f.para_kind,
                    kind.as_str(),
                ))),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// What a parsed query asks of the index.
struct Plan {
    /// Normalised strings every hit contains.
    required: Vec<String>,
    /// Runs of bare words of more than one word, as phrases: a hit holding
    /// one ranks above hits where the words are scattered.
    bonus_phrases: Vec<String>,
    /// jieba words of the whole query, for BM25.
    ranking_terms: Vec<String>,
    /// What the snippet marks.
    highlight: Vec<String>,
}

impl Plan {
    fn new(query: &Query) -> Plan {
        let mut required = BTreeSet::new();
        let mut bonus_phrases = BTreeSet::new();
        let mut ranking_terms = BTreeSet::new();
        for clause in &query.clauses {
            let words = clause.required();
            if let Clause::Words(_) = clause {
                let phrase = clause.as_phrase();
                if words.len() > 1 || words.first() != Some(&phrase) {
                    bonus_phrases.insert(phrase);
                }
            }
            ranking_terms.extend(jieba_terms(&clause.as_phrase()));
            required.extend(words);
        }
        let mut highlight: Vec<String> = required.iter().cloned().collect();
        highlight.extend(bonus_phrases.iter().cloned());
        Plan {
            required: required.into_iter().collect(),
            bonus_phrases: bonus_phrases.into_iter().collect(),
            ranking_terms: ranking_terms.into_iter().collect(),
            highlight,
        }
    }
}

/// A query that matches exactly the documents whose character field holds
/// `normalized` as a run of consecutive characters.
fn char_phrase(field: Field, normalized: &str) -> Box<dyn TantivyQuery> {
    let terms: Vec<Term> = normalized
        .chars()
        .map(|c| Term::from_field_text(field, c.encode_utf8(&mut [0; 4])))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic))
    } else {
        Box::new(PhraseQuery::new(terms))
    }
}

fn term_query(term: Term) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// A query that restricts the hits without changing their scores.
fn filter(query: Box<dyn TantivyQuery>) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// Reads an agenda filter: `10`, `70(b)`, `70 (b)`, `７０（ｂ）`.
pub fn normalize_agenda(agenda: &str) -> Result<String> {
    let items = crate::parse::agenda_items(agenda);
    match items.as_slice() {
        [item] if crate::analysis::normalize(agenda) == *item => Ok(item.clone()),
        _ => Err(Error::Filter(format!(
            "agenda item {agenda:?} is not an item number such as 10 or 70(b)"
        ))),
    }
}
