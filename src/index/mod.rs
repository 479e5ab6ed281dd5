//! The index: its schema (one tantivy document per paragraph, plus one record
//! per resolution that also serves as the manifest of what is indexed),
//! opening and creating it, and reading what it holds. Writing batches is in
//! [`batch`].

pub mod batch;
pub mod matches;
pub mod terms;

use std::collections::{HashMap, HashSet};
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

use crate::analysis::english::{ENGLISH_STEM_TOKENIZER, ENGLISH_TOKENIZER};
use crate::analysis::{register_tokenizers, BIGRAM_TOKENIZER, CHAR_TOKENIZER};
use crate::error::{plain_error, Error, Result};
use crate::resolution::{
    Citation, Language, Organ, Paragraph, Part, Resolution, ResolutionMeta, UnitKind,
};
use matches::{first_str, MatchesCollector};
use terms::{citation_term, date_number, symbol_term};

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
    /// The paragraph text, stored (it is indexed in the two fields below).
    pub text: Field,
    /// The paragraph text indexed one term per character, without
    /// positions: which units hold a character, for one-character matches.
    pub text_chars: Field,
    /// The paragraph text indexed as overlapping character bigrams with
    /// positions, for exact matches of two characters or more.
    pub text_bigrams: Field,
    /// The English text of the unit, stored, and indexed as lower-case
    /// words with positions, for exact English phrases.
    pub text_en: Field,
    /// The English text indexed as stems, for bare English words.
    pub text_en_stem: Field,
    /// `zh` on units with Chinese text, `en` on units with English text:
    /// what `lang:` filters.
    pub lang: Field,
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
        let stored = TextOptions::default().set_stored();
        let chars = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(CHAR_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let bigrams = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(BIGRAM_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        // Whole values, for filters: no positions, frequencies or norms.
        let keyword = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let english = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ENGLISH_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let english_stems = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ENGLISH_STEM_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs),
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
            text: builder.add_text_field("text", stored),
            text_chars: builder.add_text_field("text_chars", chars),
            text_bigrams: builder.add_text_field("text_bigrams", bigrams),
            text_en: builder.add_text_field("text_en", english),
            text_en_stem: builder.add_text_field("text_en_stem", english_stems),
            lang: builder.add_text_field("lang", keyword.clone()),
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

/// The version of the schema: raised with every change of fields or of the
/// terms a document holds (4: the sponsor marks `#member`, `#nonmember`;
/// 5: exact matching on character bigrams; 6: the English text of each
/// unit, `lang`).
pub const SCHEMA_VERSION: u32 = 6;

/// The versions of everything that decides what an index holds, recorded
/// with every commit (as its payload) and checked on open: an index built
/// under other rules of normalisation or analysis, or with other fields,
/// would silently miss paragraphs, so it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildVersions {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// [`crate::analysis::NORMALIZATION_VERSION`].
    pub normalisation: u32,
    /// [`crate::analysis::ANALYSIS_VERSION`].
    pub analysis: u32,
    /// [`crate::parse::PARSER_VERSION`]. A new parser needs no rebuild:
    /// every file's digest covers it, so the next `index` parses each again.
    pub parser: u32,
}

impl BuildVersions {
    /// The versions of this hrsearch.
    pub const CURRENT: BuildVersions = BuildVersions {
        schema: SCHEMA_VERSION,
        normalisation: crate::analysis::NORMALIZATION_VERSION,
        analysis: crate::analysis::ANALYSIS_VERSION,
        parser: crate::parse::PARSER_VERSION,
    };

    /// The commit payload that records these versions.
    pub fn payload(&self) -> String {
        serde_json::json!({ "hrsearch": self }).to_string()
    }

    /// The versions a commit payload records, if it records them.
    pub fn of_payload(payload: Option<&str>) -> Option<BuildVersions> {
        let value: serde_json::Value = serde_json::from_str(payload?).ok()?;
        serde_json::from_value(value.get("hrsearch")?.clone()).ok()
    }

    /// Why an index built with these versions cannot be searched by this
    /// hrsearch, if it cannot.
    pub fn mismatch(&self) -> Option<String> {
        let current = BuildVersions::CURRENT;
        let differs = [
            ("schema", self.schema, current.schema),
            ("normalisation", self.normalisation, current.normalisation),
            ("analysis", self.analysis, current.analysis),
        ];
        differs
            .iter()
            .find(|(_, built, now)| built != now)
            .map(|(what, built, now)| {
                format!("it was built with {what} version {built}, and this hrsearch uses {now}")
            })
    }
}

/// The file `verify` leaves in a damaged index: the damaged files on its
/// first line, what is wrong on its second.
const DAMAGE_MARK: &str = ".hrsearch-damaged";

/// Name of the lock file tantivy's writer holds.
const WRITER_LOCK: &str = ".tantivy-writer.lock";

/// An hrsearch index on disk.
pub struct HrIndex {
    index: Index,
    fields: Fields,
    path: PathBuf,
    /// Made on first read; sees the last commit as of its last reload.
    reader: OnceLock<IndexReader>,
}

impl HrIndex {
    /// Opens the index in `path`. An index whose files are damaged gives
    /// [`Error::DamagedIndex`]; one built by another version of hrsearch
    /// gives [`Error::IncompatibleIndex`].
    pub fn open(path: &Path) -> Result<HrIndex> {
        if let Ok(found) = std::fs::read_to_string(path.join(DAMAGE_MARK)) {
            let (file, reason) = found.split_once('\n').unwrap_or((found.as_str(), ""));
            return Err(Error::DamagedIndex {
                path: path.to_path_buf(),
                file: file.to_string(),
                reason: format!("found by `hrsearch verify`: {reason}"),
            });
        }
        Self::open_unmarked(path)
    }

    /// Opens the index in `path`, whatever an earlier `verify` found.
    fn open_unmarked(path: &Path) -> Result<HrIndex> {
        if !Self::exists(path) {
            if let Some(file) = leftover_index_file(path) {
                return Err(Error::DamagedIndex {
                    path: path.to_path_buf(),
                    file: "meta.json".to_string(),
                    reason: format!("missing, beside {file} and the other index files"),
                });
            }
            return Err(Error::NoIndex(path.to_path_buf()));
        }
        let mut index = Index::open_in_dir(path).map_err(|e| damaged(path, e))?;
        let metas = index.load_metas().map_err(|e| damaged(path, e))?;
        match BuildVersions::of_payload(metas.payload.as_deref()) {
            None => {
                return Err(Error::IncompatibleIndex {
                    path: path.to_path_buf(),
                    reason: "it records no build versions, so it was made by an older \
                             hrsearch; rebuild it with `hrsearch index --rebuild`"
                        .to_string(),
                })
            }
            Some(versions) => {
                if let Some(reason) = versions.mismatch() {
                    return Err(Error::IncompatibleIndex {
                        path: path.to_path_buf(),
                        reason: format!("{reason}; rebuild it with `hrsearch index --rebuild`"),
                    });
                }
            }
        }
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
        if Self::exists(path) || leftover_index_file(path).is_some() {
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
        let created = HrIndex {
            index,
            fields,
            path: path.to_path_buf(),
            reader: OnceLock::new(),
        };
        // Even the empty index records what built it.
        let mut writer = created.writer(1, batch::MIN_MEMORY_PER_THREAD)?;
        commit_with_versions(&mut writer).map_err(|e| created.write_failed(e))?;
        Ok(created)
    }

    /// Starts a fresh index beside the one in `path`, which is damaged or
    /// was built by another version, to take its place in one step once
    /// built (see [`Replacement::swap`]). Until then the folder is as it
    /// was; a run killed midway leaves it so, and the next replacement
    /// clears what that run left. Fails with [`Error::IndexLocked`] while
    /// another process writes to the index.
    pub fn replacement(path: &Path) -> Result<Replacement> {
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let lock_path = path.join(WRITER_LOCK);
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::IndexLocked(path.to_path_buf()))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        }
        let staging = staging_path(path);
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        let index = HrIndex::open_or_create(&staging)?;
        Ok(Replacement {
            index,
            staging,
            target: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Checks the index in `path` through and through: every file of every
    /// segment is there and passes its checksum, and the resolution records
    /// agree with the paragraph documents (each record's units are there,
    /// once each, and no paragraph lacks its record). An index that cannot
    /// be opened gives the error that says why.
    ///
    /// A damaged index is marked as such, so that every later command
    /// refuses it rather than answer from it, until `index --rebuild`
    /// replaces it; a sound one loses the mark.
    pub fn verify(path: &Path) -> Result<Verification> {
        let verification = Self::check_through(path)?;
        let mark = path.join(DAMAGE_MARK);
        if verification.is_sound() {
            if mark.exists() {
                std::fs::remove_file(&mark).map_err(|e| Error::io(&mark, e))?;
            }
        } else {
            let files: Vec<&str> = verification
                .problems
                .iter()
                .map(|p| p.file.as_str())
                .collect();
            let reasons: Vec<&str> = verification
                .problems
                .iter()
                .map(|p| p.reason.as_str())
                .collect();
            let text = format!("{}\n{}", files.join(", "), reasons.join("; "));
            std::fs::write(&mark, text).map_err(|e| Error::io(&mark, e))?;
        }
        Ok(verification)
    }

    fn check_through(path: &Path) -> Result<Verification> {
        let index = HrIndex::open_unmarked(path)?;
        let mut verification = Verification::default();
        let metas = index.index.load_metas().map_err(|e| damaged(path, e))?;
        let with_deletes: HashSet<String> = metas
            .segments
            .iter()
            .filter(|segment| segment.has_deletes())
            .map(|segment| segment.id().uuid_string())
            .collect();
        let mut expected: Vec<PathBuf> = metas
            .list_segment_files()
            .into_iter()
            .filter(|file| {
                let name = file.to_string_lossy();
                !name.ends_with(".del")
                    || with_deletes.contains(name.split('.').next().unwrap_or_default())
            })
            .collect();
        expected.sort();
        let mut missing = false;
        for file in &expected {
            if !path.join(file).is_file() {
                missing = true;
                verification.problems.push(Problem {
                    file: file.display().to_string(),
                    reason: "missing".to_string(),
                });
            }
        }
        verification.files_checked = expected.len();
        match index.index.validate_checksum() {
            Ok(damaged_files) => {
                let mut damaged_files: Vec<PathBuf> = damaged_files.into_iter().collect();
                damaged_files.sort();
                verification
                    .problems
                    .extend(damaged_files.into_iter().map(|file| Problem {
                        file: file.display().to_string(),
                        reason: "its checksum does not match its contents".to_string(),
                    }));
            }
            Err(error) => verification.problems.push(Problem {
                file: "the segments".to_string(),
                reason: plain_error(&error),
            }),
        }
        if missing || !verification.problems.is_empty() {
            return Ok(verification);
        }
        // The files are sound; now what they say must agree.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| index.consistency())) {
            Ok(Ok((resolutions, units, problems))) => {
                verification.resolutions = resolutions;
                verification.units = units;
                verification.problems.extend(problems);
            }
            Ok(Err(error)) => verification.problems.push(Problem {
                file: "the stored documents".to_string(),
                reason: error.to_string(),
            }),
            Err(_) => verification.problems.push(Problem {
                file: "the stored documents".to_string(),
                reason: "reading them failed".to_string(),
            }),
        }
        Ok(verification)
    }

    /// Whether the resolution records and the paragraph documents agree:
    /// the number of resolutions and units, and what disagrees.
    fn consistency(&self) -> Result<(usize, usize, Vec<Problem>)> {
        let mut problems = Vec::new();
        let records = self.resolution_records()?;
        let mut outlines: HashMap<String, usize> = HashMap::new();
        for record in &records {
            let outline = self.read_outline(record)?;
            if outlines
                .insert(outline.id.clone(), outline.paragraphs.len())
                .is_some()
            {
                problems.push(Problem {
                    file: "the resolution records".to_string(),
                    reason: format!("{:?} has two records", outline.id),
                });
            }
        }
        let searcher = self.reader()?.searcher();
        let query = term_query(Term::from_field_text(self.fields.record, RECORD_PARAGRAPH));
        let paragraphs = searcher.search(&query, &MatchesCollector)?;
        let units = paragraphs.matches.len();
        let mut positions: HashMap<String, Vec<u64>> = HashMap::new();
        for found in &paragraphs.matches {
            positions
                .entry(paragraphs.id(found).to_string())
                .or_default()
                .push(found.position);
        }
        let mut ids: Vec<&String> = outlines.keys().chain(positions.keys()).collect();
        ids.sort();
        ids.dedup();
        for id in ids {
            let expected = outlines.get(id);
            let mut found = positions.get(id).cloned().unwrap_or_default();
            found.sort_unstable();
            let reason = match expected {
                None => Some(format!(
                    "{} units of {id:?} have no resolution record",
                    found.len()
                )),
                Some(&count) if found != (0..count as u64).collect::<Vec<_>>() => Some(format!(
                    "{id:?} should have {count} units and has {} in the paragraph documents",
                    found.len()
                )),
                Some(_) => None,
            };
            if let Some(reason) = reason {
                problems.push(Problem {
                    file: "the paragraph documents".to_string(),
                    reason,
                });
            }
        }
        Ok((outlines.len(), units, problems))
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
            .try_into()
            .map_err(|e| damaged(&self.path, e))?;
        Ok(self.reader.get_or_init(|| reader))
    }

    /// Makes searches see the last commit.
    pub fn reload(&self) -> Result<()> {
        if let Some(reader) = self.reader.get() {
            reader.reload().map_err(|e| damaged(&self.path, e))?;
        }
        Ok(())
    }

    /// Makes searches see the last commit if it differs from what they see
    /// (other segments, or other deletes in them), and says whether it did.
    /// A reload opens new segment readers, whose caches of decompressed
    /// paragraphs start empty, so a server reloads only when it must.
    pub fn reload_if_changed(&self) -> Result<bool> {
        let Some(reader) = self.reader.get() else {
            return Ok(false);
        };
        let metas = self
            .index
            .load_metas()
            .map_err(|e| damaged(&self.path, e))?;
        let committed: HashSet<_> = metas
            .segments
            .iter()
            .map(|segment| (segment.id(), segment.num_deleted_docs()))
            .collect();
        let seen: HashSet<_> = reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|segment| (segment.segment_id(), segment.num_deleted_docs()))
            .collect();
        if committed == seen {
            return Ok(false);
        }
        reader.reload().map_err(|e| damaged(&self.path, e))?;
        Ok(true)
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

    /// The error for a failed write: what failed, in plain words, and that
    /// the last commit is intact.
    pub(crate) fn write_failed(&self, error: tantivy::TantivyError) -> Error {
        match error {
            tantivy::TantivyError::LockFailure(..) => Error::IndexLocked(self.path.clone()),
            other => Error::WriteFailed {
                path: self.path.clone(),
                reason: plain_error(&other),
            },
        }
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
                path: path_of_stored(
                    &stored_text(&doc, self.fields.source_path).unwrap_or_default(),
                ),
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
        if let Some(adopted) = resolution.adoption_date.as_deref().and_then(date_number) {
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
        if resolution.sponsors.iter().any(|s| s.non_member) {
            record.add_text(f.sponsor, SPONSOR_NON_MEMBER);
        }
        if resolution.sponsors.iter().any(|s| !s.non_member) {
            record.add_text(f.sponsor, SPONSOR_MEMBER);
        }
        record.add_text(f.record, RECORD_RESOLUTION);
        record.add_text(f.record_id, &resolution.id);
        record.add_text(f.source_path, stored_path(&source.path));
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
            let (chinese, english) = unit_texts(resolution, paragraph);
            doc.add_text(f.text, &paragraph.text);
            if let Some(chinese) = chinese.filter(|text| !text.is_empty()) {
                doc.add_text(f.text_chars, chinese);
                doc.add_text(f.text_bigrams, chinese);
                doc.add_text(f.lang, Language::Chinese.tag());
            }
            if let Some(english) = english {
                doc.add_text(f.text_en, english);
                doc.add_text(f.text_en_stem, english);
                doc.add_text(f.lang, Language::English.tag());
            }
            documents.push(doc);
        }
        documents
    }

    /// The outline of resolution `id` as its record stores it: everything
    /// but the paragraph texts (see [`HrIndex::resolution`] for the whole).
    pub fn outline(&self, searcher: &Searcher, id: &str) -> Result<Resolution> {
        let address = self
            .record_address(searcher, id)?
            .ok_or_else(|| Error::UnknownDocument {
                reference: id.to_string(),
                near: Vec::new(),
            })?;
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
            .ok_or_else(|| Error::UnknownDocument {
                reference: id.to_string(),
                near: Vec::new(),
            })?;
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

    /// The stored text of a paragraph document, and its English.
    fn paragraph_texts(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<(String, Option<String>)> {
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok((
            stored_text(&doc, self.fields.text).unwrap_or_default(),
            stored_text(&doc, self.fields.text_en),
        ))
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
        for found in &paragraphs.matches {
            let paragraph = by_id
                .get(paragraphs.id(found))
                .and_then(|&i| outlines[i].paragraphs.get_mut(found.position as usize));
            if let Some(paragraph) = paragraph {
                (paragraph.text, paragraph.en) = self.paragraph_texts(searcher, found.address)?;
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

    /// The id of the resolution `reference` names: its id, its number as
    /// written (`21/...`, `2023/15`) or its symbol (`A/HRC/RES/21/1`),
    /// compared normalised. An unknown reference is an error that names
    /// the nearest ids; a number several resolutions share names them all.
    pub fn resolve(&self, reference: &str) -> Result<String> {
        let searcher = self.reader()?.searcher();
        if self.record_address(&searcher, reference)?.is_some() {
            return Ok(reference.to_string());
        }
        let outlines = self.outlines()?;
        let wanted = symbol_term(reference);
        let named: Vec<String> = outlines
            .iter()
            .filter(|r| {
                [&r.number, &r.symbol]
                    .into_iter()
                    .flatten()
                    .any(|name| symbol_term(name) == wanted)
                    || symbol_term(&r.id) == wanted
            })
            .map(|r| r.id.clone())
            .collect();
        match named.as_slice() {
            [id] => Ok(id.clone()),
            [] => {
                let mut scored: Vec<(f64, &str)> = outlines
                    .iter()
                    .map(|r| {
                        let score = [Some(&r.id), r.number.as_ref(), r.symbol.as_ref()]
                            .into_iter()
                            .flatten()
                            .map(|name| {
                                let name = symbol_term(name);
                                if name.contains(&wanted) || wanted.contains(&name) {
                                    1.0
                                } else {
                                    strsim::normalized_levenshtein(&name, &wanted)
                                }
                            })
                            .fold(0.0, f64::max);
                        (score, r.id.as_str())
                    })
                    .filter(|(score, _)| *score >= 0.4)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
                Err(Error::UnknownDocument {
                    reference: reference.to_string(),
                    near: scored
                        .iter()
                        .take(3)
                        .map(|(_, id)| id.to_string())
                        .collect(),
                })
            }
            _ => Err(Error::AmbiguousDocument {
                reference: reference.to_string(),
                ids: named,
            }),
        }
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

/// The sponsor term of a resolution with a sponsor marked `*`, not a
/// member of the organ (no state's normalised name starts with `#`).
pub const SPONSOR_NON_MEMBER: &str = "#nonmember";
/// The sponsor term of a resolution with a sponsor that is a member.
pub const SPONSOR_MEMBER: &str = "#member";

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

/// A fresh index being built beside the one it will replace.
pub struct Replacement {
    index: HrIndex,
    staging: PathBuf,
    target: PathBuf,
    /// The writer lock of the index being replaced, held throughout.
    _lock: std::fs::File,
}

impl Replacement {
    /// The fresh index, to index into.
    pub fn index(&self) -> &HrIndex {
        &self.index
    }

    /// Gives the replacement up (nothing was committed to it): the old
    /// index stays as it was.
    pub fn abandon(self) -> Result<()> {
        let staging = self.staging.clone();
        drop(self);
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))
    }

    /// Puts the fresh index in the place of the old one, in one step where
    /// the system allows (an exchange of the two folders on Linux), and
    /// removes the old one. Files in the old folder that are not an
    /// index's (a README, say) move with it.
    pub fn swap(self) -> Result<HrIndex> {
        let Replacement {
            index,
            staging,
            target,
            _lock,
        } = self;
        drop(index);
        let entries = std::fs::read_dir(&target).map_err(|e| Error::io(&target, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&target, e))?;
            let name = entry.file_name();
            let name_text = name.to_string_lossy();
            if !is_index_file(&name_text) && name_text != DAMAGE_MARK && entry.path().is_file() {
                std::fs::copy(entry.path(), staging.join(&name))
                    .map_err(|e| Error::io(entry.path(), e))?;
            }
        }
        exchange(&staging, &target)?;
        drop(_lock);
        // What is now in the staging folder is the old index.
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        HrIndex::open(&target)
    }
}

/// The folder a replacement of the index in `path` is built in: beside it,
/// hidden, on the same file system.
fn staging_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.rebuild"))
}

/// Swaps two folders: atomically on Linux, else by two renames.
fn exchange(a: &Path, b: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c_path = |p: &Path| {
            std::ffi::CString::new(p.as_os_str().as_bytes())
                .map_err(|e| Error::io(p, std::io::Error::other(e)))
        };
        let (ca, cb) = (c_path(a)?, c_path(b)?);
        // SAFETY: both are valid NUL-terminated paths, resolved from the
        // current directory (AT_FDCWD).
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if done == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        // Some file systems cannot exchange; fall back to renames.
        if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(Error::io(b, error));
        }
    }
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside).map_err(|e| Error::io(b, e))?;
    std::fs::rename(a, b).map_err(|e| Error::io(a, e))?;
    std::fs::rename(&aside, a).map_err(|e| Error::io(&aside, e))
}

/// Whether a file in an index folder is one of tantivy's.
fn is_index_file(name: &str) -> bool {
    let extension = name.rsplit('.').next().unwrap_or_default();
    matches!(name, "meta.json" | ".managed.json")
        || name.starts_with(".tantivy-")
        || matches!(
            extension,
            "store" | "idx" | "pos" | "term" | "fast" | "fieldnorm" | "del"
        )
}

/// An index file left in `path` without the `meta.json` that names it.
fn leftover_index_file(path: &Path) -> Option<String> {
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with(".tantivy-"))
        .find(|name| is_index_file(name))
}

/// The error for a tantivy error met while opening or reading the index in
/// `path`: which file is damaged, when tantivy says.
pub(crate) fn damaged(path: &Path, error: tantivy::TantivyError) -> Error {
    use tantivy::TantivyError as T;
    let (file, reason) = match &error {
        T::OpenReadError(e) => (open_read_file(e), e.to_string()),
        T::OpenDirectoryError(e) => (path.display().to_string(), e.to_string()),
        T::DataCorruption(e) => ("a segment".to_string(), format!("{e:?}")),
        T::IoError(e) => ("a file".to_string(), e.to_string()),
        T::LockFailure(..) => return Error::IndexLocked(path.to_path_buf()),
        T::SchemaError(e) => ("meta.json".to_string(), e.to_string()),
        other => ("the index files".to_string(), plain_error(other)),
    };
    Error::DamagedIndex {
        path: path.to_path_buf(),
        file,
        reason,
    }
}

fn open_read_file(error: &tantivy::directory::error::OpenReadError) -> String {
    use tantivy::directory::error::OpenReadError as E;
    match error {
        E::FileDoesNotExist(p) => p.display().to_string(),
        E::IoError { filepath, .. } => filepath.display().to_string(),
        E::IncompatibleIndex(_) => "meta.json".to_string(),
    }
}

/// Commits what the writer holds, recording the build versions.
pub(crate) fn commit_with_versions(
    writer: &mut IndexWriter,
) -> std::result::Result<u64, tantivy::TantivyError> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&BuildVersions::CURRENT.payload());
    prepared.commit()
}

/// Marks a stored path written as hex bytes: a path that is not UTF-8.
/// No path holds a NUL, so no UTF-8 path reads as one of these.
const BYTES_PATH_MARK: char = '\0';

/// A path as the manifest stores it, losing nothing: as itself when it is
/// UTF-8, else as [`BYTES_PATH_MARK`] and its bytes in hex.
fn stored_path(path: &Path) -> String {
    match path.to_str() {
        Some(text) => text.to_string(),
        None => {
            let bytes = path.as_os_str().as_encoded_bytes();
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            format!("{BYTES_PATH_MARK}{hex}")
        }
    }
}

/// Reads a path written by [`stored_path`].
fn path_of_stored(stored: &str) -> PathBuf {
    let Some(hex) = stored.strip_prefix(BYTES_PATH_MARK) else {
        return PathBuf::from(stored);
    };
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
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

/// What [`HrIndex::verify`] found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Verification {
    /// Segment files looked at.
    pub files_checked: usize,
    /// Resolutions whose records were read.
    pub resolutions: usize,
    /// Paragraph documents (units) found.
    pub units: usize,
    /// What is wrong; empty for a sound index.
    pub problems: Vec<Problem>,
}

impl Verification {
    /// Whether the index is sound.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One thing wrong with an index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file, or the part of the index, at fault.
    pub file: String,
    /// What is wrong with it.
    pub reason: String,
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

/// A unit's Chinese and English texts: a Chinese document's unit has its
/// text and the English beside it (none, or the English text alone for a
/// unit of the English version only); an English document's unit has its
/// text as English.
fn unit_texts<'a>(
    resolution: &Resolution,
    paragraph: &'a Paragraph,
) -> (Option<&'a str>, Option<&'a str>) {
    match resolution.language {
        Language::Chinese => (Some(paragraph.text.as_str()), paragraph.en.as_deref()),
        Language::English => (None, Some(paragraph.text.as_str())),
    }
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
                en: None,
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

    /// Regression: a file name that is not UTF-8 was stored lossily, so the
    /// manifest never matched it and the file was indexed again every run.
    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_stored_byte_for_byte() {
        use std::os::unix::ffi::OsStrExt;
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"/corpus/\xFF\xFE.txt"));
        assert_eq!(path_of_stored(&stored_path(odd)), odd);
        let plain = Path::new("/corpus/人权.txt");
        assert_eq!(stored_path(plain), "/corpus/人权.txt");
        assert_eq!(path_of_stored(&stored_path(plain)), plain);
    }

    /// Regression: nothing recorded which analysis built an index, so an
    /// index built under older rules opened without complaint and missed
    /// paragraphs.
    #[test]
    fn an_index_of_other_versions_is_refused_then_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        let index = HrIndex::open_or_create(&path).unwrap();
        let mut writer = index.writer(1, batch::MIN_MEMORY_PER_THREAD).unwrap();
        let older = BuildVersions {
            normalisation: crate::analysis::NORMALIZATION_VERSION - 1,
            ..BuildVersions::CURRENT
        };
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload(&older.payload());
        prepared.commit().unwrap();
        drop(writer);
        drop(index);
        std::fs::write(path.join("README.md"), "kept").unwrap();

        let refused = HrIndex::open(&path).err().expect("older rules are refused");
        let message = refused.to_string();
        assert!(
            matches!(refused, Error::IncompatibleIndex { .. })
                && message.contains("normalisation version 1")
                && message.contains("--rebuild"),
            "{message}"
        );

        let replacement = HrIndex::replacement(&path).unwrap();
        assert!(
            HrIndex::replacement(&path).is_err(),
            "one replacement at a time"
        );
        // The old index is in place until the swap.
        assert!(HrIndex::open(&path).is_err());
        let index = replacement.swap().unwrap();
        assert_eq!(index.stats().unwrap().resolutions, 0);
        assert!(HrIndex::open(&path).is_ok());
        assert_eq!(
            std::fs::read_to_string(path.join("README.md")).unwrap(),
            "kept"
        );
        assert!(!staging_path(&path).exists());
    }

    #[test]
    fn an_index_of_another_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        let mut builder = Schema::builder();
        builder.add_text_field("body", tantivy::schema::STRING);
        let old = Index::create_in_dir(path, builder.build()).unwrap();
        let mut writer: IndexWriter = old.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload(&BuildVersions::CURRENT.payload());
        prepared.commit().unwrap();
        drop(writer);
        let refused = HrIndex::open(path).err().expect("an old schema is refused");
        assert!(
            matches!(refused, Error::IncompatibleIndex { .. }),
            "{refused}"
        );
        assert!(refused.to_string().contains("--rebuild"));
    }

    /// Regression: a full disk gave raw tantivy strings printed twice
    /// (`X: X`), one a Rust debug dump, and none said that the last commit
    /// was intact.
    #[test]
    fn a_failed_write_is_told_once_in_plain_words() {
        let dir = tempfile::tempdir().unwrap();
        let index = HrIndex::open_or_create(dir.path()).unwrap();
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let cases = [
            (
                tantivy::TantivyError::IoError(std::sync::Arc::new(full)),
                "could not write to the index: the disk is full.",
            ),
            (
                tantivy::TantivyError::ErrorInThread("An index writer was killed.".into()),
                "an indexing thread stopped while writing segments (most often because the disk is full)",
            ),
        ];
        for (error, plain) in cases {
            let error = anyhow::Error::from(index.write_failed(error));
            let message = format!("{error:#}");
            assert!(message.contains(plain), "{message}");
            assert!(message.contains("The last commit is intact"), "{message}");
            assert_eq!(message.matches("disk is full").count(), 1, "{message}");
            assert!(
                !message.contains("Os {") && !message.contains("kind:"),
                "{message}"
            );
        }
        let wrapped = anyhow::Error::from(Error::from(tantivy::TantivyError::IoError(
            std::sync::Arc::new(std::io::Error::from(std::io::ErrorKind::StorageFull)),
        )));
        assert_eq!(format!("{wrapped:#}"), "index error: the disk is full");
    }

    /// Regression: a deleted `meta.json` said "no index" beside megabytes
    /// of segments.
    #[test]
    fn segments_without_meta_json_are_a_damaged_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        let index = HrIndex::open_or_create(&path).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        index.index_paths(&[sample]).unwrap();
        drop(index);
        std::fs::remove_file(path.join("meta.json")).unwrap();
        let error = HrIndex::open(&path).err().expect("damaged");
        let message = error.to_string();
        assert!(
            matches!(error, Error::DamagedIndex { .. })
                && message.contains("meta.json: missing")
                && message.contains("hrsearch index --rebuild"),
            "{message}"
        );
    }

    /// Regression: the server reloaded its searcher every second, which
    /// emptied the readers' caches while nothing had changed.
    #[test]
    fn a_reload_happens_only_after_a_new_commit() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(&sample).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
        // One handle writes, as `hrsearch index` does; another reads, as a
        // server does.
        let writer = HrIndex::open_or_create(&dir.path().join("index")).unwrap();
        writer.index_paths(std::slice::from_ref(&corpus)).unwrap();
        let index = HrIndex::open(&dir.path().join("index")).unwrap();
        let count = |index: &HrIndex| index.reader().unwrap().searcher().num_docs();
        let before = count(&index);
        assert!(!index.reload_if_changed().unwrap(), "nothing was committed");
        // A commit that changes nothing does not count either.
        writer.index_paths(std::slice::from_ref(&corpus)).unwrap();
        assert!(!index.reload_if_changed().unwrap(), "nothing to do");

        std::fs::write(
            corpus.join("extra.txt"),
            "人权理事会，\n1. 决定继续审议这一问题。\n",
        )
        .unwrap();
        writer.index_paths(std::slice::from_ref(&corpus)).unwrap();
        assert!(index.reload_if_changed().unwrap(), "a file was added");
        assert!(count(&index) > before);
        assert!(!index.reload_if_changed().unwrap(), "already seen");

        // A commit that only deletes is a new commit too.
        std::fs::remove_file(corpus.join("extra.txt")).unwrap();
        let options = batch::BatchOptions {
            prune: true,
            ..batch::BatchOptions::default()
        };
        writer
            .index_batch(std::slice::from_ref(&corpus), &options, &batch::NoProgress)
            .unwrap();
        assert!(index.reload_if_changed().unwrap(), "a file was pruned");
        assert_eq!(count(&index), before);
    }
}
