//! The index: its schema (one tantivy document per paragraph, plus one record
//! per resolution that also serves as the manifest of what is indexed),
//! opening and creating it, and reading what it holds. Writing batches is in
//! [`batch`].

pub mod batch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher,
    TantivyDocument, Term,
};

use crate::analysis::{register_tokenizers, CHAR_TOKENIZER, JIEBA_TOKENIZER};
use crate::error::{Error, Result};
use crate::resolution::Citation;
use crate::resolution::{Organ, Paragraph, Part, Resolution, UnitKind};
use crate::search::collect::{first_str, MatchesCollector};
use crate::search::query::{citation_term, symbol_term};
use crate::search::ResolutionMeta;

/// Memory the index writer may use while indexing, shared by its threads.
/// Small enough that a corpus of a quarter of a million paragraphs fills
/// it, so that the peak memory of indexing stays flat beyond that.
pub const DEFAULT_WRITER_MEMORY: usize = 100_000_000;

/// Value of the `body` field on body paragraphs (preambular, operative,
/// narrative), which rank above other units.
pub const BODY_MARK: &str = "1";

/// Value of the `record` field on paragraph documents.
pub const RECORD_PARAGRAPH: &str = "paragraph";
/// Value of the `record` field on the one document per resolution that
/// stores the whole parsed resolution.
pub const RECORD_RESOLUTION: &str = "resolution";

/// The fields of the index.
///
/// Paragraph documents store only what is their own: their text, their
/// resolution's id and their place in it. Everything else about a paragraph
/// and its resolution is stored once, in the resolution's record (as the
/// parsed resolution in JSON, without the paragraph texts). Metadata is
/// indexed on every paragraph document, for filters and facets.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `paragraph` or `resolution`: which kind of record a document is.
    pub record: Field,
    /// The resolution's stable id (on both kinds of record).
    pub doc_id: Field,
    /// The symbol normalised for the `symbol:` filter.
    pub symbol_key: Field,
    /// The organ's Chinese name.
    pub organ: Field,
    /// The session number.
    pub session: Field,
    /// Each agenda item normalised (`69(b)`), for facets.
    pub agenda_items: Field,
    /// Each agenda item normalised, and each one's main number (`69`): what
    /// the `agenda:` filter matches.
    pub agenda_match: Field,
    /// The year of the resolution's date.
    pub year: Field,
    /// The date of adoption as `YYYYMMDD`.
    pub adopted: Field,
    /// [`BODY_MARK`] on body paragraphs: what ranks them first.
    pub body: Field,
    /// On resolution records: each sponsor's name normalised, and its short
    /// form (`伊朗` for `伊朗(伊斯兰共和国)`).
    pub sponsor: Field,
    /// The unit's label: `PP3`, `OP10`, `OP2(a)` (stored: it also gives the
    /// unit's kind and number); a sub-item is also indexed under its
    /// paragraph's label (`OP2`).
    pub paragraph: Field,
    /// The unit's kind: `preambular`, `operative`, `title`, `footnote`, …
    pub para_kind: Field,
    /// The paragraph's place in its resolution, from 0.
    pub position: Field,
    /// The section heading the paragraph stands under (stored, for hits).
    pub section: Field,
    /// The resolutions and decisions the paragraph cites (`18/18`).
    pub cites: Field,
    /// The paragraph text: stored, and indexed as jieba words for ranking.
    pub text: Field,
    /// The paragraph text indexed one token per character, for exact matching.
    pub text_chars: Field,
    /// On resolution records: the parsed resolution as JSON, with its
    /// paragraphs' texts left empty (they are stored on the paragraphs).
    pub resolution_json: Field,
    /// On resolution records: what a hit shows of its resolution, as JSON
    /// (a few hundred bytes, read far faster than the whole outline).
    pub meta_json: Field,
    /// On resolution records: the resolution's id, stored.
    pub record_id: Field,
    /// On resolution records: the canonical path of the source file.
    pub source_path: Field,
    /// On resolution records: the digest of the source file and sidecar.
    pub digest: Field,
}

impl Fields {
    fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let jieba = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(JIEBA_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic),
            )
            .set_stored();
        let chars = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(CHAR_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions)
                .set_fieldnorms(false),
        );
        // Whole values, for filters: no positions, frequencies or norms.
        let keyword = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let number = NumericOptions::default().set_indexed().set_fast();
        let fields = Fields {
            record: builder.add_text_field("record", keyword.clone()),
            doc_id: builder.add_text_field("doc_id", keyword.clone() | FAST),
            symbol_key: builder.add_text_field("symbol_key", keyword.clone()),
            organ: builder.add_text_field("organ", keyword.clone() | FAST),
            session: builder.add_u64_field("session", number.clone()),
            // Read for facets only; filters use `agenda_match`.
            agenda_items: builder.add_text_field("agenda_items", FAST),
            agenda_match: builder.add_text_field("agenda_match", keyword.clone()),
            year: builder.add_u64_field("year", number.clone()),
            adopted: builder.add_u64_field("adopted", number),
            body: builder.add_text_field("body", keyword.clone()),
            sponsor: builder.add_text_field("sponsor", keyword.clone()),
            paragraph: builder.add_text_field("paragraph", keyword.clone() | STORED),
            para_kind: builder.add_text_field("para_kind", keyword.clone() | FAST),
            section: builder.add_text_field("section", STORED),
            position: builder.add_u64_field("position", FAST),
            cites: builder.add_text_field("cites", keyword.clone() | STORED),
            text: builder.add_text_field("text", jieba),
            text_chars: builder.add_text_field("text_chars", chars),
            resolution_json: builder.add_text_field("resolution_json", STORED),
            meta_json: builder.add_text_field("meta_json", STORED),
            record_id: builder.add_text_field("record_id", STORED),
            source_path: builder.add_text_field("source_path", STORED),
            digest: builder.add_text_field("digest", STORED),
        };
        (builder.build(), fields)
    }
}

/// How the document store is compressed: zstd at level 4 in 64 KiB blocks.
/// Chinese text compresses to about 40% of its UTF-8 size this way, against
/// 67% with lz4 in tantivy's default 16 KiB blocks; a block decompresses in
/// about 50 µs. Level 4 compresses 2% smaller than level 3 at the same speed;
/// level 5 is 60% slower.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(4),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    }
}

/// An hrsearch index on disk.
pub struct HrIndex {
    index: Index,
    fields: Fields,
    path: PathBuf,
    /// Made on first read; sees the last commit as of its last reload.
    reader: OnceLock<IndexReader>,
}

impl HrIndex {
    /// Opens the index in `path`.
    pub fn open(path: &Path) -> Result<HrIndex> {
        if !Self::exists(path) {
            return Err(Error::NoIndex(path.to_path_buf()));
        }
        let mut index = Index::open_in_dir(path)?;
        // Search the segments in parallel, one thread per core: a search
        // that reads long posting lists then takes a fraction of the time.
        index.set_default_multithread_executor()?;
        let (schema, fields) = Fields::build();
        if index.schema() != schema {
            return Err(Error::IncompatibleIndex {
                path: path.to_path_buf(),
                reason: "its fields differ; rebuild it with `hrsearch index --rebuild`".to_string(),
            });
        }
        register_tokenizers(index.tokenizers());
        Ok(HrIndex {
            index,
            fields,
            path: path.to_path_buf(),
            reader: OnceLock::new(),
        })
    }

    /// Opens the index in `path`, creating an empty one (and the folder) if
    /// there is none.
    pub fn open_or_create(path: &Path) -> Result<HrIndex> {
        if Self::exists(path) {
            return Self::open(path);
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let (schema, fields) = Fields::build();
        let mut index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_dir(path)?;
        index.set_default_multithread_executor()?;
        register_tokenizers(index.tokenizers());
        Ok(HrIndex {
            index,
            fields,
            path: path.to_path_buf(),
            reader: OnceLock::new(),
        })
    }

    /// Deletes the index files in `path` (an index of an older schema that
    /// cannot be opened) and creates an empty index there. Files that are
    /// not tantivy's are left alone.
    pub fn recreate(path: &Path) -> Result<HrIndex> {
        let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let extension = name.rsplit('.').next().unwrap_or_default();
            let is_index_file = matches!(name.as_str(), "meta.json" | ".managed.json")
                || name.starts_with(".tantivy-")
                || matches!(
                    extension,
                    "store" | "idx" | "pos" | "term" | "fast" | "fieldnorm" | "del"
                );
            if is_index_file && entry.path().is_file() {
                std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            }
        }
        Self::open_or_create(path)
    }

    /// Whether `path` holds an index.
    pub fn exists(path: &Path) -> bool {
        path.join("meta.json").is_file()
    }

    /// The folder of the index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The index's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// The index's reader. It sees the last commit made before it was
    /// first used, and later ones after [`HrIndex::reload`].
    pub fn reader(&self) -> Result<&IndexReader> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader);
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader))
    }

    /// Makes searches see the last commit.
    pub fn reload(&self) -> Result<()> {
        if let Some(reader) = self.reader.get() {
            reader.reload()?;
        }
        Ok(())
    }

    /// Takes the index's one writer. Fails at once with
    /// [`Error::IndexLocked`] when another process holds it.
    fn writer(&self, threads: usize, memory: usize) -> Result<IndexWriter> {
        // One merge at a time: concurrent merges of large segments made peak
        // memory grow with the size of the corpus.
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(memory / threads)
            .num_merge_threads(1)
            .build();
        self.index
            .writer_with_options(options)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(self.path.clone()),
                other => Error::Tantivy(other),
            })
    }

    /// The stored record document of every resolution.
    fn resolution_records(&self) -> Result<Vec<TantivyDocument>> {
        let searcher = self.reader()?.searcher();
        let query = term_query(Term::from_field_text(self.fields.record, RECORD_RESOLUTION));
        let addresses = searcher.search(&query, &DocSetCollector)?;
        addresses
            .into_iter()
            .map(|address| Ok(searcher.doc(address)?))
            .collect()
    }

    /// What the index holds, file by file: the manifest that incremental
    /// indexing compares the corpus with. It lives in the resolution records,
    /// so it changes in the same commit as the paragraphs.
    pub fn manifest(&self) -> Result<Vec<IndexedSource>> {
        let records = self.resolution_records()?;
        let mut sources = Vec::with_capacity(records.len());
        for doc in records {
            sources.push(IndexedSource {
                id: stored_text(&doc, self.fields.record_id).unwrap_or_default(),
                path: PathBuf::from(stored_text(&doc, self.fields.source_path).unwrap_or_default()),
                digest: stored_text(&doc, self.fields.digest).unwrap_or_default(),
            });
        }
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(sources)
    }

    /// The tantivy documents of one resolution: its record (with the
    /// manifest entry: source path and digest), then one per paragraph.
    fn documents(&self, resolution: &Resolution, source: &IndexedSource) -> Vec<TantivyDocument> {
        let f = &self.fields;
        let mut common = TantivyDocument::default();
        common.add_text(f.doc_id, &resolution.id);
        if let Some(organ) = resolution.organ {
            common.add_text(f.organ, organ.chinese_name());
        }
        if let Some(session) = resolution.session {
            common.add_u64(f.session, session);
        }
        if let Some(year) = resolution.year() {
            common.add_u64(f.year, year);
        }
        if let Some(adopted) = resolution
            .adoption_date
            .as_deref()
            .and_then(crate::search::query::date_number)
        {
            common.add_u64(f.adopted, adopted);
        }
        if let Some(symbol) = &resolution.symbol {
            common.add_text(f.symbol_key, symbol_term(symbol));
        }
        for item in &resolution.agenda_items {
            common.add_text(f.agenda_items, item);
        }
        for item in agenda_terms(&resolution.agenda_items) {
            common.add_text(f.agenda_match, item);
        }
        let mut record = common.clone();
        for sponsor in &resolution.sponsors {
            for name in sponsor_terms(&sponsor.name) {
                record.add_text(f.sponsor, name);
            }
        }
        record.add_text(f.record, RECORD_RESOLUTION);
        record.add_text(f.record_id, &resolution.id);
        record.add_text(f.source_path, source.path.to_string_lossy());
        record.add_text(f.digest, &source.digest);
        record.add_text(f.resolution_json, outline_json(resolution));
        record.add_text(
            f.meta_json,
            serde_json::to_string(&ResolutionMeta::of(resolution)).expect("metadata serialises"),
        );
        let mut documents = vec![record];
        for (position, paragraph) in resolution.paragraphs.iter().enumerate() {
            let mut doc = common.clone();
            doc.add_text(f.record, RECORD_PARAGRAPH);
            doc.add_text(f.paragraph, &paragraph.label);
            if let Some((parent, _)) = paragraph.label.split_once('(') {
                doc.add_text(f.paragraph, parent);
            }
            doc.add_text(f.para_kind, paragraph.kind.as_str());
            if paragraph.kind.is_body() {
                doc.add_text(f.body, BODY_MARK);
            }
            // A nested draft's units are its organ's text too (`organ:ga`
            // finds the Assembly's draft inside an ECOSOC resolution).
            if let Some(organ) = paragraph.organ {
                doc.add_text(f.organ, organ.chinese_name());
            }
            if let Some(section) = &paragraph.section {
                doc.add_text(f.section, section);
            }
            doc.add_u64(f.position, position as u64);
            for citation in &paragraph.citations {
                doc.add_text(f.cites, citation_term(&citation.number));
            }
            doc.add_text(f.text, &paragraph.text);
            doc.add_text(f.text_chars, &paragraph.text);
            documents.push(doc);
        }
        documents
    }

    /// The outline of resolution `id` as its record stores it: everything
    /// but the paragraph texts (see [`HrIndex::resolution`] for the whole).
    pub fn outline(&self, searcher: &Searcher, id: &str) -> Result<Resolution> {
        let address = self
            .record_address(searcher, id)?
            .ok_or_else(|| Error::UnknownDocument(id.to_string()))?;
        self.read_outline(&searcher.doc(address)?)
    }

    /// Where the record of resolution `id` is: the live document that has
    /// both its id and the record mark, read straight from the posting
    /// lists (a search would cost more than the lookup itself).
    fn record_address(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        use tantivy::{DocSet, TERMINATED};
        let id_term = Term::from_field_text(self.fields.doc_id, id);
        let record_term = Term::from_field_text(self.fields.record, RECORD_RESOLUTION);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let postings = |term: &Term| -> Result<_> {
                segment
                    .inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::Basic)
                    .map_err(|e| Error::io(&self.path, e))
            };
            let (Some(mut with_id), Some(mut records)) =
                (postings(&id_term)?, postings(&record_term)?)
            else {
                continue;
            };
            let mut doc = with_id.doc();
            while doc != TERMINATED {
                // Posting lists only seek forwards.
                let record = if records.doc() < doc {
                    records.seek(doc)
                } else {
                    records.doc()
                };
                let alive = segment
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc));
                if record == doc && alive {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
                doc = with_id.advance();
            }
        }
        Ok(None)
    }

    /// What hits show of resolution `id`, read from its record.
    pub fn resolution_meta(&self, searcher: &Searcher, id: &str) -> Result<ResolutionMeta> {
        let address = self
            .record_address(searcher, id)?
            .ok_or_else(|| Error::UnknownDocument(id.to_string()))?;
        let record: TantivyDocument = searcher.doc(address)?;
        let json = stored_text(&record, self.fields.meta_json).unwrap_or_default();
        serde_json::from_str(&json).map_err(|e| Error::IncompatibleIndex {
            path: self.path.clone(),
            reason: format!("the stored metadata of {id:?} cannot be read: {e}"),
        })
    }

    fn read_outline(&self, record: &TantivyDocument) -> Result<Resolution> {
        let json = record
            .get_first(self.fields.resolution_json)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        parse_outline(json).map_err(|e| Error::IncompatibleIndex {
            path: self.path.clone(),
            reason: format!("a stored resolution cannot be read: {e}"),
        })
    }

    /// The stored text of a paragraph document.
    fn paragraph_text(&self, searcher: &Searcher, address: DocAddress) -> Result<String> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(stored_text(&doc, self.fields.text).unwrap_or_default())
    }

    /// Puts the stored paragraph texts back into outlines of resolutions.
    fn fill_texts(&self, searcher: &Searcher, outlines: &mut [Resolution]) -> Result<()> {
        let by_id: HashMap<String, usize> = outlines
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            term_query(Term::from_field_text(self.fields.record, RECORD_PARAGRAPH)),
        )];
        if let [one] = outlines {
            clauses.push((
                Occur::Must,
                term_query(Term::from_field_text(self.fields.doc_id, &one.id)),
            ));
        }
        let paragraphs = searcher.search(&BooleanQuery::new(clauses), &MatchesCollector)?;
        for found in paragraphs {
            let paragraph = by_id
                .get(&found.doc_id)
                .and_then(|&i| outlines[i].paragraphs.get_mut(found.position as usize));
            if let Some(paragraph) = paragraph {
                paragraph.text = self.paragraph_text(searcher, found.address)?;
            }
        }
        Ok(())
    }

    /// The resolution stored under `id`, paragraph texts and all.
    pub fn resolution(&self, id: &str) -> Result<Resolution> {
        let searcher = self.reader()?.searcher();
        let mut resolution = [self.outline(&searcher, id)?];
        self.fill_texts(&searcher, &mut resolution)?;
        let [resolution] = resolution;
        Ok(resolution)
    }

    /// Every resolution in the index, in id order, without paragraph texts.
    pub fn outlines(&self) -> Result<Vec<Resolution>> {
        let mut outlines = self
            .resolution_records()?
            .iter()
            .map(|record| self.read_outline(record))
            .collect::<Result<Vec<_>>>()?;
        outlines.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(outlines)
    }

    /// Every resolution in the index, in id order, paragraph texts and all.
    pub fn resolutions(&self) -> Result<Vec<Resolution>> {
        let mut resolutions = self.outlines()?;
        let searcher = self.reader()?.searcher();
        self.fill_texts(&searcher, &mut resolutions)?;
        Ok(resolutions)
    }

    /// Counts of what the index holds.
    pub fn stats(&self) -> Result<IndexStats> {
        let resolutions = self.outlines()?;
        let mut sessions: Vec<u64> = resolutions.iter().filter_map(|r| r.session).collect();
        sessions.sort_unstable();
        sessions.dedup();
        let mut cited: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for paragraph in resolutions.iter().flat_map(|r| &r.paragraphs) {
            for citation in &paragraph.citations {
                *cited.entry(citation.number.as_str()).or_default() += 1;
            }
        }
        let mut most_cited: Vec<CitedCount> = cited
            .into_iter()
            .map(|(number, paragraphs)| CitedCount {
                number: number.to_string(),
                paragraphs,
            })
            .collect();
        most_cited.sort_by(|a, b| {
            b.paragraphs
                .cmp(&a.paragraphs)
                .then_with(|| a.number.cmp(&b.number))
        });
        most_cited.truncate(MOST_CITED);
        Ok(IndexStats {
            most_cited,
            resolutions: resolutions.len(),
            units: resolutions.iter().map(|r| r.paragraphs.len()).sum(),
            paragraphs: resolutions
                .iter()
                .flat_map(|r| &r.paragraphs)
                .filter(|p| p.kind.is_body())
                .count(),
            sessions,
            index_bytes: folder_size(&self.path),
            path: self.path.display().to_string(),
        })
    }
}

/// The terms under which a sponsor is indexed: the name normalised, and its
/// short form without a parenthesis (`伊朗` for `伊朗(伊斯兰共和国)`).
pub fn sponsor_terms(name: &str) -> Vec<String> {
    let full = crate::analysis::normalize(name);
    let short = full.split('(').next().unwrap_or_default().to_string();
    if short.is_empty() || short == full {
        vec![full]
    } else {
        vec![full, short]
    }
}

/// The terms an agenda filter matches: each item as written (`69(b)`) and,
/// for a sub-item, its main number (`69`) too.
pub fn agenda_terms(items: &[String]) -> Vec<&str> {
    let mut terms = Vec::new();
    for item in items {
        terms.push(item.as_str());
        let main = item.trim_end_matches(|c: char| !c.is_ascii_digit());
        if main != item && !main.is_empty() {
            terms.push(main);
        }
    }
    terms
}

fn folder_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}

/// One indexed resolution as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSource {
    /// The resolution's id.
    pub id: String,
    /// The canonical path of its source file.
    pub path: PathBuf,
    /// The digest of the file and its sidecar when indexed.
    pub digest: String,
}

/// What the index holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndexStats {
    /// The index folder.
    pub path: String,
    /// Number of resolutions.
    pub resolutions: usize,
    /// Number of units of every kind (each is a searchable document).
    pub units: usize,
    /// Number of body paragraphs (preambular, operative, narrative).
    pub paragraphs: usize,
    /// The distinct sessions, in order.
    pub sessions: Vec<u64>,
    /// Size of the index on disk, in bytes.
    pub index_bytes: u64,
    /// The most cited resolutions and decisions, most cited first.
    pub most_cited: Vec<CitedCount>,
}

/// How many of the most cited resolutions `stats` lists.
pub const MOST_CITED: usize = 20;

/// A cited resolution or decision and how many paragraphs cite it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CitedCount {
    /// Its number: `18/18`.
    pub number: String,
    /// Paragraphs citing it.
    pub paragraphs: usize,
}

/// Reads the resolution id and place of paragraph documents from fast
/// fields, opening each segment's columns once.
pub struct ParagraphKeys<'a> {
    searcher: &'a Searcher,
    path: &'a Path,
    columns: HashMap<
        u32,
        (
            tantivy::columnar::Column<u64>,
            Option<tantivy::columnar::StrColumn>,
        ),
    >,
}

impl<'a> ParagraphKeys<'a> {
    /// Keys of the documents of `searcher`, an index of `index`.
    pub fn new(index: &'a HrIndex, searcher: &'a Searcher) -> Self {
        ParagraphKeys {
            searcher,
            path: &index.path,
            columns: HashMap::new(),
        }
    }

    /// The resolution id of the paragraph document at `address`, and its
    /// place in that resolution.
    pub fn key(&mut self, address: DocAddress) -> Result<(String, u64)> {
        let (position, doc_id) = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let fast = self
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields();
                entry.insert((fast.u64("position")?, fast.str("doc_id")?))
            }
        };
        let mut id = String::new();
        first_str(doc_id.as_ref(), address.doc_id, &mut id).map_err(|e| Error::io(self.path, e))?;
        Ok((id, position.first(address.doc_id).unwrap_or_default()))
    }
}

/// A paragraph as its resolution's outline stores it. Its text is on its
/// own document, its kind and number follow from its label, and what is
/// empty is left out, which makes an outline about a third smaller.
/// Outlines that spell every field out read as well.
#[derive(Serialize, Deserialize)]
struct OutlineParagraph {
    label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    part: Option<Part>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organ: Option<Organ>,
}

/// The parsed resolution as its record stores it, as JSON: every paragraph
/// as an [`OutlineParagraph`].
fn outline_json(resolution: &Resolution) -> String {
    let paragraphs: Vec<OutlineParagraph> = resolution
        .paragraphs
        .iter()
        .map(|paragraph| OutlineParagraph {
            label: paragraph.label.clone(),
            section: paragraph.section.clone(),
            citations: paragraph.citations.clone(),
            note_of: paragraph.note_of.clone(),
            part: paragraph.part,
            organ: paragraph.organ,
        })
        .collect();
    let outline = Resolution {
        paragraphs: Vec::new(),
        ..resolution.clone()
    };
    let mut json = serde_json::to_value(&outline).expect("a resolution serialises");
    json["paragraphs"] = serde_json::to_value(paragraphs).expect("paragraphs serialise");
    json.to_string()
}

/// Reads what [`outline_json`] wrote: the resolution with every paragraph's
/// text left empty.
fn parse_outline(json: &str) -> std::result::Result<Resolution, String> {
    let mut json: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let paragraphs: Vec<OutlineParagraph> =
        serde_json::from_value(json["paragraphs"].take()).map_err(|e| e.to_string())?;
    json["paragraphs"] = serde_json::Value::Array(Vec::new());
    let mut resolution: Resolution = serde_json::from_value(json).map_err(|e| e.to_string())?;
    resolution.paragraphs = paragraphs
        .into_iter()
        .map(|stored| {
            let (kind, number) = UnitKind::from_label(&stored.label)
                .ok_or_else(|| format!("{:?} is not a paragraph label", stored.label))?;
            Ok(Paragraph {
                label: stored.label,
                kind,
                number,
                section: stored.section,
                text: String::new(),
                citations: stored.citations,
                note_of: stored.note_of,
                part: stored.part,
                organ: stored.organ,
            })
        })
        .collect::<std::result::Result<_, String>>()?;
    Ok(resolution)
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// Reads a stored text field of a document.
pub fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture, parsed: the sample and each layout of tests/data.
    fn fixture_resolutions() -> Vec<Resolution> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![root.join("corpus/hrc-21-item10-technical-cooperation-draft.txt")];
        for entry in std::fs::read_dir(root.join("tests/data")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                paths.push(path);
            }
        }
        paths
            .iter()
            .map(|path| {
                let (text, _) = crate::corpus::decode(&std::fs::read(path).unwrap()).unwrap();
                crate::parse::parse_resolution(&text).unwrap()
            })
            .collect()
    }

    fn without_texts(mut resolution: Resolution) -> Resolution {
        for paragraph in &mut resolution.paragraphs {
            paragraph.text.clear();
        }
        resolution
    }

    #[test]
    fn an_outline_reads_back_as_the_resolution_without_texts() {
        let resolutions = fixture_resolutions();
        assert!(resolutions.len() >= 14);
        let with_sections = resolutions
            .iter()
            .flat_map(|r| &r.paragraphs)
            .filter(|p| p.section.is_some())
            .count();
        let with_citations = resolutions
            .iter()
            .flat_map(|r| &r.paragraphs)
            .filter(|p| !p.citations.is_empty())
            .count();
        assert!(with_sections > 0 && with_citations > 0);
        for resolution in resolutions {
            let json = outline_json(&resolution);
            assert!(!json.contains("\"text\""), "{json}");
            assert_eq!(parse_outline(&json).unwrap(), without_texts(resolution));
        }
    }

    #[test]
    fn an_outline_that_spells_every_field_out_reads_too() {
        for resolution in fixture_resolutions() {
            let verbose = serde_json::to_string(&without_texts(resolution.clone())).unwrap();
            assert_eq!(parse_outline(&verbose).unwrap(), without_texts(resolution));
        }
        let sample = &fixture_resolutions()[0];
        let bad = outline_json(sample).replace("\"PP1\"", "\"Para 1\"");
        let error = parse_outline(&bad).unwrap_err();
        assert!(
            error.contains("\"Para 1\" is not a paragraph label"),
            "{error}"
        );
    }

    #[test]
    fn an_index_of_another_schema_is_refused_then_recreated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        std::fs::write(path.join("README.md"), "kept").unwrap();
        let mut builder = Schema::builder();
        builder.add_text_field("body", tantivy::schema::STRING);
        let old = Index::create_in_dir(path, builder.build()).unwrap();
        let mut writer: IndexWriter = old.writer(15_000_000).unwrap();
        writer.commit().unwrap();
        drop(writer);

        let refused = HrIndex::open(path).err().expect("an old schema is refused");
        assert!(
            matches!(refused, Error::IncompatibleIndex { .. }),
            "{refused}"
        );
        assert!(refused.to_string().contains("--rebuild"));

        let index = HrIndex::recreate(path).unwrap();
        assert_eq!(index.stats().unwrap().resolutions, 0);
        assert!(HrIndex::open(path).is_ok());
        assert_eq!(
            std::fs::read_to_string(path.join("README.md")).unwrap(),
            "kept"
        );
    }
}
