//! Searching: a parsed query and filters become one tantivy query; hits come
//! back ranked (or sorted, or grouped by resolution), with their
//! resolution's metadata, a snippet, and optionally facet counts.
//!
//! Matching is decided on the bigram and character fields alone, so it is
//! exact: a phrase matches a paragraph when the paragraph's normalised text
//! contains it. Ranking is BM25 of the phrases on the bigram field, and a
//! paragraph that holds a run of bare words as one phrase gets a bonus that
//! puts it above every paragraph where they are scattered.

pub mod collect;
pub mod query;
pub mod snippet;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::analysis::{english, exact_terms, normalize, ExactTerms};
use crate::error::{Error, Result};
use crate::index::matches::{Match, Matches, MatchesCollector};
use crate::index::{
    stored_text, Fields, HrIndex, ParagraphKeys, BODY_MARK, RECORD_PARAGRAPH, RECORD_RESOLUTION,
    SPONSOR_MEMBER, SPONSOR_NON_MEMBER,
};
use crate::resolution::{Language, Resolution, ResolutionMeta, UnitKind};
use collect::{
    FacetCount, Facets, FacetsCollector, Materialized, OfResolutions, UntilDeadline,
    DEADLINE_PASSED,
};
use query::{parse_query, Cited, Expr, Filter, LangScope, NumberRange, Query, SponsorFilter};
use snippet::make_snippet;

/// Default number of hits returned.
pub const DEFAULT_LIMIT: usize = 10;
/// Most hits (or groups) one search returns.
pub const MAX_LIMIT: usize = 10_000;
/// Furthest into the results a search may start: the search keeps every
/// hit before the offset in memory.
pub const MAX_OFFSET: usize = 1_000_000;
/// Length of a snippet, in characters.
pub const SNIPPET_CHARS: usize = 120;
/// Score added to a paragraph holding a run of bare words as one phrase:
/// larger than any BM25 score, so such paragraphs always rank first.
const EXACT_PHRASE_BONUS: f32 = 100_000.0;
/// The score a body paragraph gets over a title, header line, heading,
/// footnote or closing line: more than BM25 gives, less than an exact
/// phrase, so that the phrase still comes first. A phrase's BM25 is the
/// sum over its bigrams of at most about 2.2 × ln(units), some 30 for a
/// million units, so this holds for any query of a few hundred
/// characters; it stays small enough that f32 keeps BM25's hundredths.
const BODY_BONUS: f32 = 10_000.0;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// By session (oldest first), then resolution, then paragraph.
    Session,
    /// By resolution, then paragraph order within it.
    Paragraph,
}

/// How a search is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Filters added to the query's own (from command-line flags, say).
    pub filters: Vec<Filter>,
    /// How many hits (or groups) to return (1 to [`MAX_LIMIT`]).
    pub limit: usize,
    /// How many hits (or groups) to skip first, for paging.
    pub offset: usize,
    /// The order of hits.
    pub sort: SortOrder,
    /// Count the matching paragraphs per session, agenda item, organ and kind.
    pub facets: bool,
    /// Return one group per resolution instead of single hits.
    pub group: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            filters: Vec::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: SortOrder::Relevance,
            facets: false,
            group: false,
        }
    }
}

/// One matching paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1 for the first hit (counting from the first page).
    pub rank: usize,
    /// The ranking score (BM25, plus the exact-phrase bonus).
    pub score: f32,
    /// Its resolution.
    #[serde(flatten)]
    pub meta: ResolutionMeta,
    /// The paragraph label: `PP9`, `OP10`.
    pub paragraph: String,
    /// `preambular` or `operative`.
    pub kind: String,
    /// The paragraph number.
    pub number: u64,
    /// The section heading the paragraph stands under.
    pub section: Option<String>,
    /// The resolutions and decisions the paragraph cites.
    pub cites: Vec<String>,
    /// The whole paragraph.
    pub text: String,
    /// The excerpt around the first match, matches in `<mark>` (HTML-escaped).
    pub snippet: String,
    /// The excerpt as plain text.
    pub snippet_text: String,
    /// The matches in `snippet_text`, as `[start, end)` character indices.
    pub highlights: Vec<[usize; 2]>,
    /// The English text of the unit, if it has one (null otherwise).
    pub en: Option<String>,
    /// The English text with its matches in `<mark>` (HTML-escaped).
    pub en_snippet: Option<String>,
    /// The matches in `en`, as `[start, end)` character indices.
    pub en_highlights: Vec<[usize; 2]>,
}

/// The matching paragraphs of one resolution (with `group`).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// 1 for the first group.
    pub rank: usize,
    /// The best score among its paragraphs.
    pub score: f32,
    /// The resolution.
    #[serde(flatten)]
    pub meta: ResolutionMeta,
    /// The matching paragraph labels in the order of the text.
    pub paragraphs: Vec<String>,
    /// The labels with runs of consecutive paragraphs joined: `OP10–OP16`.
    pub summary: String,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// How many paragraphs match in all.
    pub total: usize,
    /// The hits of this page (empty with `group`).
    pub hits: Vec<Hit>,
    /// With `group`: how many resolutions match, and this page of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_groups: Option<usize>,
    /// With `group`: one entry per resolution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Group>>,
    /// With `facets`: matching paragraphs per session, agenda item, organ and kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// What the query parser read otherwise than as typed (a citation
    /// searched whole, `or` read as `OR`), one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// When nothing matches under filters: which of them emptied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_empty: Option<WhyEmpty>,
}

/// One whole resolution as `show` and the web page present it, with the
/// paragraphs matching a query marked.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The resolution, every unit and all its metadata.
    #[serde(flatten)]
    pub resolution: Resolution,
    /// With a query: the labels of the units that match it, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching_paragraphs: Option<Vec<String>>,
    /// With a query: per matching unit (by label), the `[start, end)`
    /// character offsets of the matches in its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlights: Option<Highlights>,
    /// With a query: the same for the matches in the units' English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en_highlights: Option<Highlights>,
}

/// Per unit label, the `[start, end)` character offsets of the matches in
/// the unit's text.
pub type Highlights = BTreeMap<String, Vec<[usize; 2]>>;

/// Why a search under filters found nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhyEmpty {
    /// Every filter of the search, as typed in a query (`session:22`).
    pub filters: Vec<String>,
    /// Each filter without which something matches.
    pub emptied_by: Vec<EmptiedBy>,
    /// How many paragraphs match with no filter at all.
    pub matches_without_filters: usize,
}

/// One filter that left no match, and what there is without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmptiedBy {
    /// The filter, as typed in a query.
    pub filter: String,
    /// Paragraphs matching without it.
    pub matches_without: usize,
    /// For `session`, `agenda`, `organ` and `kind`: the values the
    /// paragraphs matching without it have, with their counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<FacetCount>>,
}

/// Searches the index.
pub fn search(index: &HrIndex, query_text: &str, options: &SearchOptions) -> Result<SearchResults> {
    search_until(index, query_text, options, None)
}

/// Searches the index, giving up with [`Error::Timeout`] once
/// `deadline` has passed: it is checked before the search, between
/// segments and before each hit is read, so work past the deadline
/// stops within one segment or hit.
pub fn search_until(
    index: &HrIndex,
    query_text: &str,
    options: &SearchOptions,
    deadline: Option<std::time::Instant>,
) -> Result<SearchResults> {
    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
        return Err(Error::Timeout);
    }
    let Query { expr, notes } = if query_text.trim().is_empty() && !options.filters.is_empty() {
        Query::everything()
    } else {
        Query::parse(query_text).map_err(|message| Error::Query {
            query: query_text.to_string(),
            message,
        })?
    };
    let mut results = search_expr(index, query_text, &expr, options, deadline)?;
    results.notes = notes;
    if results.total == 0 {
        results.why_empty = why_empty(index, &expr, &options.filters, deadline)?;
    }
    Ok(results)
}

/// Why nothing matches `expr` under its filters and `filters`: each
/// filter without which something would, with the values there are
/// for it. `None` when there are no filters. Past `deadline`, it gives
/// up between segments with [`Error::Timeout`].
fn why_empty(
    index: &HrIndex,
    expr: &Expr,
    filters: &[Filter],
    deadline: Option<std::time::Instant>,
) -> Result<Option<WhyEmpty>> {
    let in_query = expr.required_filters();
    if in_query.is_empty() && filters.is_empty() {
        return Ok(None);
    }
    let searcher = index.reader()?.searcher();
    let f = index.fields();
    let mut candidates: Vec<(Filter, Expr, Vec<Filter>)> = in_query
        .into_iter()
        .map(|(filter, rest)| (filter, rest, filters.to_vec()))
        .collect();
    for (i, filter) in filters.iter().enumerate() {
        let mut rest = filters.to_vec();
        rest.remove(i);
        candidates.push((filter.clone(), expr.clone(), rest));
    }
    let all_filters = candidates.iter().map(|(f, ..)| f.to_string()).collect();
    let mut emptied_by = Vec::new();
    for (filter, rest, rest_filters) in &candidates {
        let query = compile_search(f, rest, rest_filters);
        // The values of the filter's field are counted in the same pass.
        let facets = matches!(
            filter,
            Filter::Session(_) | Filter::Agenda(_) | Filter::Organ(_) | Filter::Kind(_)
        )
        .then_some(FacetsCollector);
        let (matches_without, facets) =
            collect_until(&searcher, &*query, (Count, facets), deadline)?;
        if matches_without == 0 {
            continue;
        }
        let values = facets.map(|facets| match filter {
            Filter::Session(_) => facets.session,
            Filter::Agenda(_) => facets.agenda_item,
            Filter::Organ(_) => facets.organ,
            _ => facets.kind,
        });
        emptied_by.push(EmptiedBy {
            filter: filter.to_string(),
            matches_without,
            values,
        });
    }
    let bare = strip_filters(expr);
    let bare_query = compile_search(f, &bare, &[]);
    let matches_without_filters = collect_until(&searcher, &*bare_query, Count, deadline)?;
    Ok(Some(WhyEmpty {
        filters: all_filters,
        emptied_by,
        matches_without_filters,
    }))
}

/// The search proper, once the query is parsed.
fn search_expr(
    index: &HrIndex,
    query_text: &str,
    expr: &Expr,
    options: &SearchOptions,
    deadline: Option<std::time::Instant>,
) -> Result<SearchResults> {
    if options.limit == 0 || options.limit > MAX_LIMIT {
        return Err(Error::Filter(format!(
            "the limit must be between 1 and {MAX_LIMIT}, not {}",
            options.limit
        )));
    }
    if options.offset > MAX_OFFSET {
        return Err(Error::Filter(format!(
            "the offset must be at most {MAX_OFFSET}, not {}",
            options.offset
        )));
    }
    let highlight = Needles::of(expr, lang_scope(expr, &options.filters));
    let query = compile_search(index.fields(), expr, &options.filters);
    let searcher = index.reader()?.searcher();
    let mut builder = HitBuilder::new(index, &searcher);
    builder.deadline = deadline;

    // Facets are counted in the same pass over the matches as the hits.
    let facets = options.facets.then_some(FacetsCollector);
    let mut results = SearchResults {
        query: query_text.to_string(),
        total: 0,
        hits: Vec::new(),
        total_groups: None,
        groups: None,
        facets: None,
        notes: Vec::new(),
        why_empty: None,
    };

    if options.sort == SortOrder::Relevance && !options.group {
        let window = options.offset.saturating_add(options.limit);
        let (top, total, facets) = collect_until(
            &searcher,
            &*query,
            (TopDocs::with_limit(window).order_by_score(), Count, facets),
            deadline,
        )?;
        results.total = total;
        results.facets = facets;
        for (i, (score, address)) in top.into_iter().enumerate().skip(options.offset) {
            let hit = builder.hit(address, score, &highlight)?;
            results.hits.push(Hit { rank: i + 1, ..hit });
        }
        return Ok(results);
    }

    let (matches, facets) =
        collect_until(&searcher, &*query, (MatchesCollector, facets), deadline)?;
    results.total = matches.matches.len();
    results.facets = facets;
    let Matches { mut matches, ids } = matches;
    if options.group {
        let (total_groups, groups) = page_of_groups(matches, ids.len(), options);
        results.total_groups = Some(total_groups);
        let mut page = Vec::new();
        for (i, members) in groups.iter().enumerate() {
            let id = &ids[members[0].resolution as usize];
            page.push(builder.group(id, members, options.offset + i + 1)?);
        }
        results.groups = Some(page);
    } else {
        let window = options.offset.saturating_add(options.limit);
        sort_first(&mut matches, window, match_order(options.sort));
        for (i, m) in matches.into_iter().enumerate().skip(options.offset) {
            let hit = builder.hit(m.address, m.score, &highlight)?;
            results.hits.push(Hit { rank: i + 1, ..hit });
        }
    }
    Ok(results)
}

/// The resolution `reference` names (its id, number or symbol: see
/// [`HrIndex::resolve`]), with the units matching `highlight` marked.
pub fn show(index: &HrIndex, reference: &str, highlight: Option<&str>) -> Result<Shown> {
    let id = index.resolve(reference)?;
    let resolution = index.resolution(&id)?;
    let mut shown = Shown {
        resolution,
        matching_paragraphs: None,
        highlights: None,
        en_highlights: None,
    };
    if let Some(query) = highlight.filter(|q| !q.trim().is_empty()) {
        let expr = parse_query(query).map_err(|message| Error::Query {
            query: query.to_string(),
            message,
        })?;
        let (labels, strings) = matching_paragraphs(index, &id, &expr)?;
        let needles = Needles::of(&expr, lang_scope(&expr, &[]));
        let mut highlights = Highlights::new();
        let mut en_highlights = Highlights::new();
        for paragraph in &shown.resolution.paragraphs {
            if labels.contains(&paragraph.label) {
                let spans = snippet::match_char_spans(&paragraph.text, &strings);
                highlights.insert(paragraph.label.clone(), spans);
                if let Some(en) = &paragraph.en {
                    en_highlights.insert(paragraph.label.clone(), needles.english_spans(en));
                }
            }
        }
        shown.matching_paragraphs = Some(labels);
        shown.highlights = Some(highlights);
        shown.en_highlights = Some(en_highlights);
    }
    Ok(shown)
}

/// The labels of the paragraphs of resolution `id` that match `expr`, and
/// the strings to mark in their Chinese text.
fn matching_paragraphs(
    index: &HrIndex,
    id: &str,
    expr: &Expr,
) -> Result<(Vec<String>, Vec<String>)> {
    let mut highlight = Vec::new();
    expr.highlight_strings(&mut highlight);
    let query = BooleanQuery::new(vec![
        (Occur::Must, compile_search(index.fields(), expr, &[])),
        (
            Occur::Must,
            filter(term_query(Term::from_field_text(index.fields().doc_id, id))),
        ),
    ]);
    let searcher = index.reader()?.searcher();
    let Matches { mut matches, .. } = searcher.search(&query, &MatchesCollector)?;
    matches.sort_unstable_by(match_order(SortOrder::Paragraph));
    let outline = index.outline(&searcher, id)?;
    let labels = matches
        .iter()
        .filter_map(|m| outline.paragraphs.get(m.position as usize))
        .map(|p| p.label.clone())
        .collect();
    Ok((labels, highlight))
}

/// What a search marks in the texts of its hits.
struct Needles {
    /// The normalised strings to mark in the Chinese text.
    chinese: Vec<String>,
    /// The phrases to mark in the English text, as lower-case words.
    english_phrases: Vec<Vec<String>>,
    /// The stems of bare English words: every form of them is marked.
    english_stems: Vec<String>,
}

impl Needles {
    fn of(expr: &Expr, scope: Option<LangScope>) -> Needles {
        let mut needles = Needles {
            chinese: Vec::new(),
            english_phrases: Vec::new(),
            english_stems: Vec::new(),
        };
        if scope != Some(LangScope::English) {
            expr.highlight_strings(&mut needles.chinese);
        }
        if scope != Some(LangScope::Chinese) {
            expr.english_needles(&mut needles.english_phrases, &mut needles.english_stems);
        }
        needles
    }

    fn english_spans(&self, text: &str) -> Vec<[usize; 2]> {
        english::match_char_spans(text, &self.english_phrases, &self.english_stems)
    }
}

/// The whole tantivy query: the expression, the extra filters, and the
/// restriction to paragraph documents.
fn compile_search(f: &Fields, expr: &Expr, filters: &[Filter]) -> Box<dyn TantivyQuery> {
    let scope = lang_scope(expr, filters);
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
        vec![(Occur::Must, compile(f, expr, scope))];
    // Resolution records hold no text, so a query that requires text
    // cannot match them; intersecting with every paragraph would only
    // cost time.
    if !requires_text(expr) {
        clauses.push((
            Occur::Must,
            filter(term_query(Term::from_field_text(
                f.record,
                RECORD_PARAGRAPH,
            ))),
        ));
    }
    for extra in filters {
        clauses.push((Occur::Must, filter(filter_query(f, extra))));
    }
    // Body paragraphs rank above equal matches in titles, header lines,
    // headings, footnotes and closing lines.
    clauses.push((
        Occur::Should,
        Box::new(ConstScoreQuery::new(
            term_query(Term::from_field_text(f.body, BODY_MARK)),
            BODY_BONUS,
        )),
    ));
    Box::new(BooleanQuery::new(clauses))
}

/// The `lang:` a search is run in: the first given among the query's
/// top-level filters and the extra ones; `None` when none is.
fn lang_scope(expr: &Expr, filters: &[Filter]) -> Option<LangScope> {
    let in_query = expr
        .required_filters()
        .into_iter()
        .map(|(filter, _)| filter);
    filters
        .iter()
        .cloned()
        .chain(in_query)
        .find_map(|filter| match filter {
            Filter::Lang(scope) => Some(scope),
            _ => None,
        })
}

/// A text part's query in the texts `scope` gives it: the Chinese query,
/// the English one, or either.
fn in_languages(
    scope: Option<LangScope>,
    part: &str,
    chinese: impl FnOnce() -> Box<dyn TantivyQuery>,
    english: impl FnOnce() -> Box<dyn TantivyQuery>,
) -> Box<dyn TantivyQuery> {
    match LangScope::texts(scope, part) {
        (true, false) => chinese(),
        (false, true) => english(),
        _ => Box::new(BooleanQuery::new(vec![
            (Occur::Should, chinese()),
            (Occur::Should, english()),
        ])),
    }
}

/// A tantivy query for one node; its score is the node's relevance.
fn compile(f: &Fields, expr: &Expr, scope: Option<LangScope>) -> Box<dyn TantivyQuery> {
    match expr {
        // The exact match is also the ranking: BM25 of the phrase's
        // frequency in the unit and the unit's length.
        Expr::Phrase(phrase) | Expr::Symbol(phrase) => in_languages(
            scope,
            phrase,
            || exact_query(f, &normalize(phrase)),
            || english_phrase_query(f, phrase),
        ),
        Expr::Words { parts, .. } => in_languages(
            scope,
            &parts.join(" "),
            || chinese_words_query(f, expr),
            || english_words_query(f, parts),
        ),
        Expr::Citation { written, number } => {
            let cited = Filter::Cites(Cited::Number(number.clone()));
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    in_languages(
                        scope,
                        written,
                        || exact_query(f, &normalize(written)),
                        || english_phrase_query(f, written),
                    ),
                ),
                (Occur::Should, filter(filter_query(f, &cited))),
            ]))
        }
        Expr::Filter(condition) => filter(filter_query(f, condition)),
        // Nothing asked but the filters beside: every paragraph.
        Expr::And(parts) if parts.is_empty() => filter(Box::new(AllQuery)),
        Expr::And(parts) => Box::new(BooleanQuery::new(
            parts
                .iter()
                .map(|part| match part {
                    Expr::Not(inner) => (Occur::MustNot, exclusion(f, inner, scope)),
                    other => (Occur::Must, compile(f, other, scope)),
                })
                .collect(),
        )),
        Expr::Or(parts) => Box::new(BooleanQuery::new(
            parts
                .iter()
                .map(|part| (Occur::Should, compile(f, part, scope)))
                .collect(),
        )),
        Expr::Not(inner) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, filter(Box::new(AllQuery))),
            (Occur::MustNot, exclusion(f, inner, scope)),
        ])),
    }
}

/// An exact English phrase: its words one after the other in the English
/// text, whole, in any case (BM25 of the phrase). No words, no match.
fn english_phrase_query(f: &Fields, phrase: &str) -> Box<dyn TantivyQuery> {
    let terms: Vec<Term> = english::words(phrase)
        .into_iter()
        .map(|word| Term::from_field_text(f.text_en, &word.text))
        .collect();
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

/// Bare English words: each word's stem is required (`reviews` finds
/// `review`); units holding the words as typed, one after the other, rank
/// first.
fn english_words_query(f: &Fields, parts: &[String]) -> Box<dyn TantivyQuery> {
    let run = parts.join(" ");
    let stems: BTreeSet<String> = english::stems(&run).into_iter().collect();
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = stems
        .into_iter()
        .map(|stem| {
            let term = Term::from_field_text(f.text_en_stem, &stem);
            let query: Box<dyn TantivyQuery> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Must, query)
        })
        .collect();
    if clauses.is_empty() {
        // Only words too long to stem: the words as typed.
        return english_phrase_query(f, &run);
    }
    if english::words(&run).len() > 1 {
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                english_phrase_query(f, &run),
                EXACT_PHRASE_BONUS,
            )),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A run of bare words in the Chinese text: each word jieba finds is
/// required; units holding the whole run rank first.
fn chinese_words_query(f: &Fields, words: &Expr) -> Box<dyn TantivyQuery> {
    match words {
        Expr::Words { parts, required } => {
            let phrase = normalize(&parts.concat());
            let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = required
                .iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|word| (Occur::Must, exact_query(f, word)))
                .collect();
            if required.len() > 1 || required.first() != Some(&phrase) {
                clauses.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(
                        exact_query(f, &phrase),
                        EXACT_PHRASE_BONUS,
                    )),
                ));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        _ => Box::new(EmptyQuery),
    }
}

/// The query of an excluded part, worked out in full before use.
fn exclusion(f: &Fields, excluded: &Expr, scope: Option<LangScope>) -> Box<dyn TantivyQuery> {
    Box::new(Materialized(compile(f, excluded, scope)))
}

fn filter_query(f: &Fields, condition: &Filter) -> Box<dyn TantivyQuery> {
    let text = |field: Field, value: &str| term_query(Term::from_field_text(field, value));
    match condition {
        Filter::Session(range) => u64_range(f.session, range),
        Filter::Year(range) => u64_range(f.year, range),
        Filter::Agenda(item) => text(f.agenda_match, item),
        Filter::Organ(organ) => text(f.organ, organ.chinese_name()),
        Filter::Kind(kind) => text(f.para_kind, kind.as_str()),
        Filter::Para(label) => text(f.paragraph, label),
        Filter::Symbol(symbol) => match symbol.strip_suffix('*') {
            Some(prefix) => regex_query(f.symbol_key, &format!("{}.*", regex::escape(prefix))),
            None => text(f.symbol_key, symbol),
        },
        Filter::Sponsor(sponsor) => {
            let names = match sponsor {
                SponsorFilter::State(name) => crate::states::sponsor_names(name),
                SponsorFilter::Member => vec![SPONSOR_MEMBER.to_string()],
                SponsorFilter::NonMember => vec![SPONSOR_NON_MEMBER.to_string()],
            };
            let any_name = BooleanQuery::new(
                names
                    .iter()
                    .map(|name| (Occur::Should, text(f.sponsor, name)))
                    .collect(),
            );
            Box::new(OfResolutions {
                records: Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(any_name)),
                    (Occur::Must, text(f.record, RECORD_RESOLUTION)),
                ])),
                doc_id: f.doc_id,
            })
        }
        Filter::Cites(Cited::Number(number)) => text(f.cites, number),
        Filter::Cites(Cited::Sessions { from, to }) => {
            let sessions: Vec<String> = (*from..=*to).map(|n| n.to_string()).collect();
            regex_query(f.cites, &format!("(?:{})/[0-9]+", sessions.join("|")))
        }
        Filter::Cites(Cited::Numbers { session, from, to }) => {
            let numbers: Vec<String> = (*from..=*to).map(|n| n.to_string()).collect();
            regex_query(
                f.cites,
                &format!("{}/(?:{})", regex::escape(session), numbers.join("|")),
            )
        }
        Filter::Title(phrase) => Box::new(OfResolutions {
            records: Box::new(BooleanQuery::new(vec![
                (Occur::Must, text(f.para_kind, UnitKind::Title.as_str())),
                (Occur::Must, filter(exact_query(f, phrase))),
            ])),
            doc_id: f.doc_id,
        }),
        Filter::Adopted(range) => u64_range(f.adopted, range),
        Filter::Lang(LangScope::Chinese) => text(f.lang, Language::Chinese.tag()),
        Filter::Lang(LangScope::English) => text(f.lang, Language::English.tag()),
        Filter::Lang(LangScope::All) => Box::new(AllQuery),
    }
}

/// Turns matches into hits and groups for one search, reading what each
/// resolution contributes once.
struct HitBuilder<'a> {
    searcher: &'a Searcher,
    index: &'a HrIndex,
    keys: ParagraphKeys<'a>,
    read: HashMap<String, Resolution>,
    metas: HashMap<String, ResolutionMeta>,
    deadline: Option<std::time::Instant>,
}

impl<'a> HitBuilder<'a> {
    fn new(index: &'a HrIndex, searcher: &'a Searcher) -> Self {
        HitBuilder {
            searcher,
            index,
            keys: ParagraphKeys::new(index, searcher),
            read: HashMap::new(),
            metas: HashMap::new(),
            deadline: None,
        }
    }

    /// The outline of resolution `id`.
    fn get(&mut self, id: &str) -> Result<&Resolution> {
        if !self.read.contains_key(id) {
            let outline = self.index.outline(self.searcher, id)?;
            self.read.insert(id.to_string(), outline);
        }
        Ok(&self.read[id])
    }

    /// What hits show of resolution `id`.
    fn meta(&mut self, id: &str) -> Result<&ResolutionMeta> {
        if !self.metas.contains_key(id) {
            let meta = self.index.resolution_meta(self.searcher, id)?;
            self.metas.insert(id.to_string(), meta);
        }
        Ok(&self.metas[id])
    }

    /// The hit of a paragraph document: its own stored fields and its
    /// resolution's metadata.
    fn hit(&mut self, address: DocAddress, score: f32, needles: &Needles) -> Result<Hit> {
        if self
            .deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
        {
            return Err(Error::Timeout);
        }
        let f = *self.index.fields();
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let text = stored_text(&doc, f.text).unwrap_or_default();
        let en = stored_text(&doc, f.text_en);
        let (doc_id, _) = self.keys.key(address)?;
        let meta = self.meta(&doc_id)?.clone();
        let snippet = make_snippet(&text, &needles.chinese, SNIPPET_CHARS);
        let en_highlights = en
            .as_deref()
            .map(|en| needles.english_spans(en))
            .unwrap_or_default();
        let en_snippet = en.as_ref().map(|en| {
            snippet::Snippet {
                text: en.clone(),
                highlights: en_highlights.iter().map(|&[a, b]| a..b).collect(),
            }
            .to_html()
        });
        let label = stored_text(&doc, f.paragraph).unwrap_or_default();
        let (kind, number) =
            UnitKind::from_label(&label).ok_or_else(|| Error::IncompatibleIndex {
                path: self.index.path().to_path_buf(),
                reason: format!("a stored paragraph label cannot be read: {label:?}"),
            })?;
        Ok(Hit {
            rank: 0,
            score,
            meta,
            paragraph: label,
            kind: kind.as_str().to_string(),
            number: u64::from(number),
            section: stored_text(&doc, f.section),
            cites: doc
                .get_all(f.cites)
                .filter_map(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
                .collect(),
            snippet: snippet.to_html(),
            highlights: snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
            snippet_text: snippet.text,
            text,
            en,
            en_snippet,
            en_highlights,
        })
    }

    /// The group of the matches of resolution `id`.
    fn group(&mut self, id: &str, members: &[Match], rank: usize) -> Result<Group> {
        if self
            .deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
        {
            return Err(Error::Timeout);
        }
        let outline = self.get(id)?;
        let mut positions: Vec<u64> = members.iter().map(|m| m.position).collect();
        positions.sort_unstable();
        let labels: Vec<(String, Option<String>)> = positions
            .iter()
            .filter_map(|&p| outline.paragraphs.get(p as usize))
            .map(|p| (p.label.clone(), p.section.clone()))
            .collect();
        Ok(Group {
            rank,
            score: members.iter().map(|m| m.score).fold(f32::MIN, f32::max),
            meta: ResolutionMeta::of(outline),
            summary: summarize_labels(&labels),
            paragraphs: labels.into_iter().map(|(label, _)| label).collect(),
        })
    }
}

/// `expr` without the filters at its top level: what the words alone ask.
fn strip_filters(expr: &Expr) -> Expr {
    match expr {
        Expr::Filter(_) => Expr::And(Vec::new()),
        Expr::And(parts) => {
            let mut rest: Vec<Expr> = parts
                .iter()
                .filter(|p| !matches!(p, Expr::Filter(_)))
                .cloned()
                .collect();
            if rest.len() == 1 {
                rest.pop().expect("one part")
            } else {
                Expr::And(rest)
            }
        }
        other => other.clone(),
    }
}

/// Whether every document `expr` matches must contain some text (a phrase
/// or words), which resolution records do not.
fn requires_text(expr: &Expr) -> bool {
    match expr {
        Expr::Phrase(_) | Expr::Words { .. } | Expr::Citation { .. } | Expr::Symbol(_) => true,
        Expr::And(parts) => parts.iter().any(requires_text),
        Expr::Or(parts) => parts.iter().all(requires_text),
        Expr::Filter(_) | Expr::Not(_) => false,
    }
}

fn u64_range(field: Field, range: &NumberRange) -> Box<dyn TantivyQuery> {
    let bound = |value: Option<u64>| match value {
        Some(n) => Bound::Included(Term::from_field_u64(field, n)),
        None => Bound::Unbounded,
    };
    match (range.from, range.to) {
        (Some(a), Some(b)) if a == b => term_query(Term::from_field_u64(field, a)),
        (from, to) => Box::new(RangeQuery::new(bound(from), bound(to))),
    }
}

/// Runs `collector` over the matches of `query`, stopping between segments
/// with [`Error::Timeout`] once `deadline` has passed.
fn collect_until<C: tantivy::collector::Collector>(
    searcher: &Searcher,
    query: &dyn TantivyQuery,
    collector: C,
    deadline: Option<std::time::Instant>,
) -> Result<C::Fruit> {
    let bounded = UntilDeadline {
        inner: collector,
        deadline,
    };
    searcher
        .search(query, &bounded)
        .map_err(|error| match &error {
            tantivy::TantivyError::InternalError(message) if message == DEADLINE_PASSED => {
                Error::Timeout
            }
            _ => error.into(),
        })
}

/// A query that matches exactly the units whose normalised text holds
/// `normalized` as a run of consecutive characters.
fn exact_query(f: &Fields, normalized: &str) -> Box<dyn TantivyQuery> {
    match exact_terms(normalized) {
        ExactTerms::Nothing => Box::new(EmptyQuery),
        ExactTerms::Char(c) => term_query(Term::from_field_text(f.text_chars, &c)),
        ExactTerms::Bigrams(bigrams) if bigrams.len() == 1 => {
            term_query(Term::from_field_text(f.text_bigrams, &bigrams[0].1))
        }
        ExactTerms::Bigrams(bigrams) => Box::new(PhraseQuery::new_with_offset(
            bigrams
                .into_iter()
                .map(|(offset, bigram)| (offset, Term::from_field_text(f.text_bigrams, &bigram)))
                .collect(),
        )),
    }
}

/// The terms of `field` that match `pattern` whole (a pattern built from
/// escaped parts, which tantivy's regex engine reads).
fn regex_query(field: Field, pattern: &str) -> Box<dyn TantivyQuery> {
    match RegexQuery::from_pattern(pattern, field) {
        Ok(query) => Box::new(query),
        Err(_) => Box::new(EmptyQuery),
    }
}

fn term_query(term: Term) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// A query that restricts the hits without changing their scores.
fn filter(query: Box<dyn TantivyQuery>) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// `order` as a comparison of matches; ties go by resolution id, then
/// place in it, which no two matches share, so the order is total.
fn match_order(order: SortOrder) -> impl Fn(&Match, &Match) -> std::cmp::Ordering {
    move |a, b| {
        let place = |m: &Match| (m.resolution, m.position);
        match order {
            SortOrder::Relevance => b
                .score
                .total_cmp(&a.score)
                .then_with(|| place(a).cmp(&place(b))),
            SortOrder::Session => {
                let key = |m: &Match| (m.session.unwrap_or(u64::MAX), place(m));
                key(a).cmp(&key(b))
            }
            SortOrder::Paragraph => place(a).cmp(&place(b)),
        }
    }
}

/// Keeps the first `n` of `items` in the order `compare`, sorted: a
/// selection and a sort of `n`, not a sort of them all.
fn sort_first<T>(items: &mut Vec<T>, n: usize, compare: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if n == 0 {
        items.clear();
        return;
    }
    if n < items.len() {
        items.select_nth_unstable_by(n - 1, &compare);
        items.truncate(n);
    }
    items.sort_unstable_by(&compare);
}

/// With `group`: how many resolutions match, and the page of them
/// `options` asks for, each with its matches. Resolutions are in the order
/// of their first match in `options.sort`; only the page's matches are
/// gathered.
fn page_of_groups(
    matches: Vec<Match>,
    resolutions: usize,
    options: &SearchOptions,
) -> (usize, Vec<Vec<Match>>) {
    let compare = match_order(options.sort);
    // The first match of each resolution, by index into `matches`.
    let mut first: Vec<Option<usize>> = vec![None; resolutions];
    for (i, m) in matches.iter().enumerate() {
        let leader = &mut first[m.resolution as usize];
        if leader.is_none_or(|j| compare(m, &matches[j]).is_lt()) {
            *leader = Some(i);
        }
    }
    let mut leaders: Vec<usize> = first.into_iter().flatten().collect();
    let total = leaders.len();
    let window = options.offset.saturating_add(options.limit);
    sort_first(&mut leaders, window, |&a, &b| {
        compare(&matches[a], &matches[b])
    });
    let mut slot: Vec<Option<usize>> = vec![None; resolutions];
    let page: Vec<usize> = leaders.into_iter().skip(options.offset).collect();
    for (k, &leader) in page.iter().enumerate() {
        slot[matches[leader].resolution as usize] = Some(k);
    }
    let mut groups: Vec<Vec<Match>> = vec![Vec::new(); page.len()];
    for m in matches {
        if let Some(k) = slot[m.resolution as usize] {
            groups[k].push(m);
        }
    }
    (total, groups)
}

/// Joins runs of consecutive labels of one kind under one section heading:
/// `PP9 OP5 OP9 OP10–OP16` (OP10 opens a section, so OP9 stands apart).
/// Takes (label, section) pairs in the order of the text.
pub fn summarize_labels(labels: &[(String, Option<String>)]) -> String {
    struct Run<'a> {
        prefix: &'a str,
        section: &'a Option<String>,
        start: u64,
        end: u64,
    }
    fn split(label: &str) -> Option<(&str, u64)> {
        let at = label.find(|c: char| c.is_ascii_digit())?;
        Some((&label[..at], label[at..].parse().ok()?))
    }
    fn flush(run: &mut Option<Run>, parts: &mut Vec<String>) {
        if let Some(Run {
            prefix, start, end, ..
        }) = run.take()
        {
            parts.push(match end - start {
                0 => format!("{prefix}{start}"),
                1 => format!("{prefix}{start} {prefix}{end}"),
                _ => format!("{prefix}{start}–{prefix}{end}"),
            });
        }
    }
    let mut parts = Vec::new();
    let mut run: Option<Run> = None;
    for (label, section) in labels {
        match (split(label), run.as_mut()) {
            (Some((prefix, n)), Some(current))
                if current.prefix == prefix
                    && current.section == section
                    && n == current.end + 1 =>
            {
                current.end = n;
            }
            (Some((prefix, n)), _) => {
                flush(&mut run, &mut parts);
                run = Some(Run {
                    prefix,
                    section,
                    start: n,
                    end: n,
                });
            }
            (None, _) => {
                flush(&mut run, &mut parts);
                parts.push(label.clone());
            }
        }
    }
    flush(&mut run, &mut parts);
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_runs_are_joined_within_a_section() {
        let section = Some("技术合作和普遍定期审议".to_string());
        let mut labels: Vec<(String, Option<String>)> = ["PP9", "OP5", "OP9"]
            .map(|l| (l.to_string(), None))
            .to_vec();
        labels.extend((10..=16).map(|n| (format!("OP{n}"), section.clone())));
        assert_eq!(summarize_labels(&labels), "PP9 OP5 OP9 OP10–OP16");
        let labels: Vec<(String, Option<String>)> = ["PP1", "PP2", "OP1", "OP2", "OP3"]
            .map(|l| (l.to_string(), None))
            .to_vec();
        assert_eq!(summarize_labels(&labels), "PP1 PP2 OP1–OP3");
    }

    fn found(resolution: u32, position: u64, score: f32, session: u64) -> Match {
        Match {
            score,
            address: DocAddress::new(0, resolution * 100 + position as u32),
            session: Some(session),
            resolution,
            position,
        }
    }

    /// A page of groups holds every match of its resolutions, and the
    /// resolutions come in the order of their first match.
    #[test]
    fn a_page_of_groups_is_ordered_by_first_match_and_holds_all_members() {
        let matches = vec![
            found(0, 3, 1.0, 22),
            found(1, 0, 5.0, 21),
            found(2, 1, 2.0, 23),
            found(0, 1, 9.0, 22),
            found(1, 4, 0.5, 21),
        ];
        let options = |sort, offset| SearchOptions {
            sort,
            offset,
            limit: 1,
            group: true,
            ..SearchOptions::default()
        };
        let positions = |groups: Vec<Vec<Match>>| -> Vec<Vec<(u32, u64)>> {
            groups
                .into_iter()
                .map(|g| {
                    let mut g: Vec<(u32, u64)> =
                        g.iter().map(|m| (m.resolution, m.position)).collect();
                    g.sort_unstable();
                    g
                })
                .collect()
        };
        let (total, page) = page_of_groups(matches.clone(), 3, &options(SortOrder::Relevance, 0));
        assert_eq!((total, positions(page)), (3, vec![vec![(0, 1), (0, 3)]]));
        let (_, page) = page_of_groups(matches.clone(), 3, &options(SortOrder::Relevance, 1));
        assert_eq!(positions(page), vec![vec![(1, 0), (1, 4)]]);
        let (_, page) = page_of_groups(matches.clone(), 3, &options(SortOrder::Session, 0));
        assert_eq!(positions(page), vec![vec![(1, 0), (1, 4)]]);
        let (_, page) = page_of_groups(matches, 3, &options(SortOrder::Paragraph, 3));
        assert!(page.is_empty());
    }

    #[test]
    fn sort_first_keeps_the_first_n_in_order() {
        let mut items = vec![5, 3, 9, 1, 7];
        sort_first(&mut items, 3, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(items, [1, 3, 5]);
        let mut items = vec![2, 1];
        sort_first(&mut items, 10, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(items, [1, 2]);
        sort_first(&mut items, 0, |a: &i32, b: &i32| a.cmp(b));
        assert!(items.is_empty());
    }

    /// Regression: a search the server had answered 503 ran on to its end;
    /// the collectors now stop between segments at the deadline.
    #[test]
    fn collecting_stops_at_the_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let index = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        index.index_paths(&[sample]).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = compile_search(index.fields(), &Expr::Phrase("普遍定期审议".into()), &[]);
        let later = std::time::Instant::now() + std::time::Duration::from_secs(600);
        assert_eq!(collect_until(&searcher, &*query, Count, None).unwrap(), 11);
        assert_eq!(
            collect_until(&searcher, &*query, Count, Some(later)).unwrap(),
            11
        );
        let passed = std::time::Instant::now();
        let stopped = collect_until(&searcher, &*query, (MatchesCollector, Count), Some(passed));
        assert!(
            matches!(stopped, Err(Error::Timeout)),
            "{:?}",
            stopped.err()
        );
    }
}
