//! The index: its schema (one tantivy document per paragraph, plus one record
//! per resolution that also serves as the manifest of what is indexed),
//! opening and creating it, and reading what it holds. Writing batches is in
//! [`batch`].

pub mod batch;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{register_tokenizers, CHAR_TOKENIZER, JIEBA_TOKENIZER};
use crate::error::{Error, Result};
use crate::resolution::Resolution;
use crate::search::query::{citation_term, symbol_term};

/// Memory the index writer may use while indexing, shared by its threads.
pub const DEFAULT_WRITER_MEMORY: usize = 200 * 1024 * 1024;

/// Value of the `record` field on paragraph documents.
pub const RECORD_PARAGRAPH: &str = "paragraph";
/// Value of the `record` field on the one document per resolution that
/// stores the whole parsed resolution.
pub const RECORD_RESOLUTION: &str = "resolution";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `paragraph` or `resolution`: which kind of record a document is.
    pub record: Field,
    /// The resolution's stable id (on both kinds of record).
    pub doc_id: Field,
    /// The UN document symbol, as written.
    pub symbol: Field,
    /// The symbol normalised for the `symbol:` filter.
    pub symbol_key: Field,
    /// The resolution number as written (`21/...`).
    pub number: Field,
    /// The organ's Chinese name.
    pub organ: Field,
    /// The session number.
    pub session: Field,
    /// The agenda item(s) as written.
    pub agenda_item: Field,
    /// Each agenda item normalised (`69(b)`), for facets and exact filters.
    pub agenda_items: Field,
    /// Each agenda item normalised, and each one's main number (`69`): what
    /// the `agenda:` filter matches.
    pub agenda_match: Field,
    /// The main number of the first agenda item.
    pub agenda_main: Field,
    /// The kind of document (`draft_resolution`, …).
    pub doc_kind: Field,
    /// The year of the resolution's date.
    pub year: Field,
    /// Each sponsor's name normalised, and its short form (`伊朗` for
    /// `伊朗(伊斯兰共和国)`).
    pub sponsor: Field,
    /// The resolution title.
    pub title: Field,
    /// The paragraph label: `PP3`, `OP10`.
    pub paragraph: Field,
    /// `preambular` or `operative`.
    pub para_kind: Field,
    /// The paragraph number.
    pub para_number: Field,
    /// The paragraph's place in its resolution, from 0.
    pub position: Field,
    /// The resolutions and decisions the paragraph cites (`18/18`).
    pub cites: Field,
    /// The section heading.
    pub section: Field,
    /// The paragraph text: stored, and indexed as jieba words for ranking.
    pub text: Field,
    /// The paragraph text indexed one token per character, for exact matching.
    pub text_chars: Field,
    /// The source file as given to `index`.
    pub source: Field,
    /// On resolution records: the whole parsed resolution as JSON.
    pub resolution_json: Field,
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
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
            .set_stored();
        let chars = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(CHAR_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions)
                .set_fieldnorms(false),
        );
        let fields = Fields {
            record: builder.add_text_field("record", STRING),
            doc_id: builder.add_text_field("doc_id", STRING | STORED | FAST),
            symbol: builder.add_text_field("symbol", STORED),
            symbol_key: builder.add_text_field("symbol_key", STRING),
            number: builder.add_text_field("number", STRING | STORED),
            organ: builder.add_text_field("organ", STRING | STORED | FAST),
            session: builder.add_u64_field("session", INDEXED | FAST | STORED),
            agenda_item: builder.add_text_field("agenda_item", STORED),
            agenda_items: builder.add_text_field("agenda_items", STRING | FAST),
            agenda_match: builder.add_text_field("agenda_match", STRING),
            agenda_main: builder.add_u64_field("agenda_main", INDEXED | FAST | STORED),
            doc_kind: builder.add_text_field("doc_kind", STRING | STORED),
            year: builder.add_u64_field("year", INDEXED | FAST | STORED),
            sponsor: builder.add_text_field("sponsor", STRING),
            title: builder.add_text_field("title", STORED),
            paragraph: builder.add_text_field("paragraph", STRING | STORED),
            para_kind: builder.add_text_field("para_kind", STRING | STORED | FAST),
            para_number: builder.add_u64_field("para_number", INDEXED | FAST | STORED),
            position: builder.add_u64_field("position", STORED | FAST),
            cites: builder.add_text_field("cites", STRING | STORED),
            section: builder.add_text_field("section", STRING | STORED),
            text: builder.add_text_field("text", jieba),
            text_chars: builder.add_text_field("text_chars", chars),
            source: builder.add_text_field("source", STRING | STORED),
            resolution_json: builder.add_text_field("resolution_json", STORED),
            source_path: builder.add_text_field("source_path", STRING | STORED),
            digest: builder.add_text_field("digest", STORED),
        };
        (builder.build(), fields)
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
        let index = Index::open_in_dir(path)?;
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
        let index = Index::create_in_dir(path, schema)?;
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
        self.index
            .writer_with_num_threads(threads, memory)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(self.path.clone()),
                other => Error::Tantivy(other),
            })
    }

    /// The stored record document of every resolution.
    fn resolution_records(&self) -> Result<Vec<TantivyDocument>> {
        let searcher = self.reader()?.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.record, RECORD_RESOLUTION),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
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
                id: stored_text(&doc, self.fields.doc_id).unwrap_or_default(),
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
        common.add_text(f.source, &resolution.source);
        let optional_texts = [
            (f.symbol, resolution.symbol.as_deref()),
            (f.number, resolution.number.as_deref()),
            (f.organ, resolution.organ.map(|o| o.chinese_name())),
            (f.agenda_item, resolution.agenda_item.as_deref()),
            (f.doc_kind, resolution.kind.map(|k| k.as_str())),
            (f.title, resolution.title.as_deref()),
        ];
        for (field, value) in optional_texts {
            if let Some(value) = value {
                common.add_text(field, value);
            }
        }
        if let Some(session) = resolution.session {
            common.add_u64(f.session, session);
        }
        if let Some(main) = resolution.agenda_main() {
            common.add_u64(f.agenda_main, main);
        }
        if let Some(year) = resolution.year() {
            common.add_u64(f.year, year);
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
        for sponsor in &resolution.sponsors {
            for name in sponsor_terms(&sponsor.name) {
                common.add_text(f.sponsor, name);
            }
        }

        let mut record = common.clone();
        record.add_text(f.record, RECORD_RESOLUTION);
        record.add_text(f.source_path, source.path.to_string_lossy());
        record.add_text(f.digest, &source.digest);
        record.add_text(
            f.resolution_json,
            serde_json::to_string(resolution).expect("a resolution serialises"),
        );
        let mut documents = vec![record];
        for (position, paragraph) in resolution.paragraphs.iter().enumerate() {
            let mut doc = common.clone();
            doc.add_text(f.record, RECORD_PARAGRAPH);
            doc.add_text(f.paragraph, &paragraph.label);
            doc.add_text(f.para_kind, paragraph.kind.as_str());
            doc.add_u64(f.para_number, u64::from(paragraph.number));
            doc.add_u64(f.position, position as u64);
            if let Some(section) = &paragraph.section {
                doc.add_text(f.section, section);
            }
            for citation in &paragraph.citations {
                doc.add_text(f.cites, citation_term(&citation.number));
            }
            doc.add_text(f.text, &paragraph.text);
            doc.add_text(f.text_chars, &paragraph.text);
            documents.push(doc);
        }
        documents
    }

    /// The resolution stored under `id`.
    pub fn resolution(&self, id: &str) -> Result<Resolution> {
        let searcher = self.reader()?.searcher();
        let query = tantivy::query::BooleanQuery::new(vec![
            (
                tantivy::query::Occur::Must,
                Box::new(tantivy::query::TermQuery::new(
                    Term::from_field_text(self.fields.doc_id, id),
                    IndexRecordOption::Basic,
                )),
            ),
            (
                tantivy::query::Occur::Must,
                Box::new(tantivy::query::TermQuery::new(
                    Term::from_field_text(self.fields.record, RECORD_RESOLUTION),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let top = searcher.search(
            &query,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some((_, address)) = top.first() else {
            return Err(Error::UnknownDocument(id.to_string()));
        };
        let doc: TantivyDocument = searcher.doc(*address)?;
        let json = doc
            .get_first(self.fields.resolution_json)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::UnknownDocument(id.to_string()))?;
        serde_json::from_str(json).map_err(|e| Error::IncompatibleIndex {
            path: self.path.clone(),
            reason: format!("stored resolution {id:?} cannot be read: {e}"),
        })
    }

    /// Every resolution in the index, in id order.
    pub fn resolutions(&self) -> Result<Vec<Resolution>> {
        let records = self.resolution_records()?;
        let mut resolutions = Vec::with_capacity(records.len());
        for doc in records {
            if let Some(json) = doc
                .get_first(self.fields.resolution_json)
                .and_then(|v| v.as_str())
            {
                let resolution: Resolution =
                    serde_json::from_str(json).map_err(|e| Error::IncompatibleIndex {
                        path: self.path.clone(),
                        reason: format!("a stored resolution cannot be read: {e}"),
                    })?;
                resolutions.push(resolution);
            }
        }
        resolutions.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(resolutions)
    }

    /// Counts of what the index holds.
    pub fn stats(&self) -> Result<IndexStats> {
        let resolutions = self.resolutions()?;
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
            paragraphs: resolutions.iter().map(|r| r.paragraphs.len()).sum(),
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
    /// Number of paragraphs.
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

/// Reads a stored text field of a document.
pub fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Reads a stored u64 field of a document.
pub fn stored_u64(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|v| v.as_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_of_another_schema_is_refused_then_recreated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        std::fs::write(path.join("README.md"), "kept").unwrap();
        let mut builder = Schema::builder();
        builder.add_text_field("body", STRING);
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
