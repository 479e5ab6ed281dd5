//! Batch indexing: bringing the index in line with the files under some
//! paths in one commit. New files are added, changed ones replaced, unchanged
//! ones skipped without being parsed, and (with `prune`) vanished ones
//! removed. Files are read and parsed on a pool of threads, a chunk at a
//! time, so memory stays bounded whatever the corpus size.
//!
//! Crash safety comes from tantivy's commit: until `meta.json` is replaced
//! (atomically) at the end, readers and a restarted indexer see the previous
//! commit, and the manifest of what is indexed lives in the same commit.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, Term};

use super::{HrIndex, IndexedSource, DEFAULT_WRITER_MEMORY};
use crate::corpus::{self, SourceBytes, SourceFile};
use crate::error::{Error, Result};
use crate::resolution::Resolution;

/// tantivy's least memory budget for one indexing thread.
pub(crate) const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// Files read and parsed at a time; their documents are handed to the
/// writer before the next chunk is read.
const CHUNK_FILES: usize = 256;

/// Most threads a batch may use.
pub const MAX_JOBS: usize = 256;

/// How a batch is indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    /// Threads for reading, parsing and tokenizing; 0 means one per core.
    pub jobs: usize,
    /// Memory the index writer may use, in bytes, shared by its threads
    /// (at least 15 MB; one writer thread per 15 MB at most).
    pub writer_memory: usize,
    /// Remove resolutions whose source files under the given paths are gone.
    pub prune: bool,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Commit nothing if any file fails.
    pub strict: bool,
    /// How folders are walked.
    pub walk: corpus::Walk,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            writer_memory: DEFAULT_WRITER_MEMORY,
            prune: false,
            rebuild: false,
            strict: false,
            walk: corpus::Walk::default(),
        }
    }
}

impl BatchOptions {
    /// The number of threads to use: `jobs`, or one per core when it is 0.
    /// More than [`MAX_JOBS`] is refused.
    pub fn threads(&self) -> Result<usize> {
        match self.jobs {
            0 => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
            n if n > MAX_JOBS => Err(Error::Options(format!(
                "{n} jobs is more than the {MAX_JOBS} threads a batch may use"
            ))),
            n => Ok(n),
        }
    }
}

/// The stages of a batch, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Every file is read, and parsed when it changed, to settle which id
    /// each file has before anything in the index changes.
    Reading,
    /// The new and changed files are indexed.
    Indexing,
}

/// Told of a batch's progress, from several threads at once.
pub trait Progress: Sync {
    /// A stage begins, with `files` files of `bytes` bytes in all to go.
    fn begin(&self, _stage: Stage, _files: usize, _bytes: u64) {}
    /// One file of `bytes` bytes is done with in the current stage.
    fn file_done(&self, _bytes: u64) {}
    /// Every file is done; the commit is being written.
    fn committing(&self) {}
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {}

/// A file that could not be indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The file (or path given) at fault.
    pub path: String,
    /// Why.
    pub reason: String,
}

impl Failure {
    /// The failure an error describes; `fallback` is the path for errors
    /// that name none.
    fn from_error(error: &Error, fallback: &Path) -> Failure {
        let (path, reason) = match error {
            Error::Io { path, source } => (path.clone(), source.to_string()),
            Error::Decode { path, reason } | Error::Refused { path, reason } => {
                (path.clone(), reason.clone())
            }
            Error::Parse { path, source } => (path.clone(), source.to_string()),
            Error::Sidecar { path, source } => (path.clone(), format!("invalid sidecar: {source}")),
            other => (fallback.to_path_buf(), other.to_string()),
        };
        Failure {
            path: corpus::path_text(&path),
            reason,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// A file left out because another file of the batch has the same bytes
/// (text and sidecar): indexing it would show every hit twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The file left out.
    pub path: String,
    /// The file indexed in its place.
    pub same_as: String,
}

/// What a batch did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchSummary {
    /// Ids of the resolutions added.
    pub added: Vec<String>,
    /// Ids of the resolutions replaced by a changed file.
    pub updated: Vec<String>,
    /// Number of files found unchanged (not parsed again).
    pub unchanged: usize,
    /// Ids of the resolutions removed (their files are gone, with `prune`;
    /// or their files now repeat another file's bytes).
    pub removed: Vec<String>,
    /// Indexed files that are gone but were kept, for want of `prune` (or
    /// because a failure elsewhere in the batch might be their new version).
    pub gone: Vec<String>,
    /// Files that could not be indexed; their previous version, if any, stays.
    pub failed: Vec<Failure>,
    /// Entries the walk passed over, with the reason.
    pub skipped: Vec<corpus::Skipped>,
    /// Files left out for repeating another file's bytes.
    pub duplicates: Vec<Duplicate>,
    /// Whether `prune` kept gone files because a file of the batch failed
    /// (it may be one of them, moved and changed).
    pub prune_withheld: bool,
    /// Body paragraphs (preambular, operative, narrative) of the added and
    /// updated resolutions.
    pub paragraphs: usize,
    /// Units of every kind of the added and updated resolutions (each a
    /// searchable document).
    pub units: usize,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Wall time of the batch, in seconds.
    pub elapsed_seconds: f64,
    /// Whether a commit was made (not when nothing changed, nor when
    /// `strict` met a failure).
    pub committed: bool,
    /// Files indexed with parts of their header not understood.
    pub warnings: Vec<Failure>,
    /// The documents added or updated with an English version, and how
    /// their units aligned.
    pub bilingual: Vec<Bilingual>,
}

/// How a document's English version aligned, as a batch reports it.
#[derive(Debug, Clone, Serialize)]
pub struct Bilingual {
    /// The document's id.
    pub id: String,
    /// The counts.
    #[serde(flatten)]
    pub english: crate::EnglishVersion,
}

impl BatchSummary {
    /// Megabytes (10^6 bytes) of files read per second.
    pub fn mb_per_second(&self) -> f64 {
        if self.elapsed_seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.elapsed_seconds
        } else {
            0.0
        }
    }

    /// Whether the batch changed nothing.
    pub fn is_noop(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

/// Source bytes of changed files whose parsed resolutions the reading stage
/// keeps for the indexing stage; files beyond it are parsed again there, so
/// that memory stays bounded whatever the size of the batch.
const KEEP_PARSED_BYTES: u64 = 32 * 1024 * 1024;

/// What the reading stage found of one file.
struct Entry {
    /// Index of the file in the walk's list.
    file: usize,
    canonical: PathBuf,
    digest: String,
    bytes: u64,
    state: State,
}

/// What a file comes to in the batch.
enum State {
    /// Same bytes as the indexed version.
    Unchanged { id: String },
    /// New or changed: to be indexed under `id`.
    Changed {
        id: String,
        /// Kept from the reading stage, within [`KEEP_PARSED_BYTES`].
        parsed: Option<Box<Resolution>>,
    },
    /// Not indexed: its previous version, if any, stays.
    Failed(Failure),
    /// Not indexed: it repeats the bytes of another file.
    Duplicate { same_as: usize },
}

impl HrIndex {
    /// Indexes the resolution files under `paths` with default options.
    pub fn index_paths(&self, paths: &[PathBuf]) -> Result<BatchSummary> {
        self.index_batch(paths, &BatchOptions::default(), &NoProgress)
    }

    /// Brings the index in line with the files under `paths`, in one commit.
    ///
    /// The batch first reads every file and settles the id of each, and
    /// only then changes the index: a file whose id another file of the
    /// batch, or a file indexed before, also claims fails with both named,
    /// and neither changes. Fails at once with [`Error::IndexLocked`] if
    /// another process is writing to the index. Files that cannot be read
    /// or parsed are listed in the summary and leave their previous version
    /// in the index (with `rebuild` too); with `strict`, any such file
    /// means nothing is committed.
    pub fn index_batch(
        &self,
        paths: &[PathBuf],
        options: &BatchOptions,
        progress: &dyn Progress,
    ) -> Result<BatchSummary> {
        let started = Instant::now();
        let threads = options.threads()?;
        if options.writer_memory < MIN_MEMORY_PER_THREAD {
            return Err(Error::Options(format!(
                "the writer needs at least {} MB, not {} MB",
                MIN_MEMORY_PER_THREAD / 1_000_000,
                options.writer_memory / 1_000_000
            )));
        }
        // Every writer thread needs its own share of the budget; on a
        // machine with many cores, fewer threads write than parse.
        let writer_threads = threads.min(options.writer_memory / MIN_MEMORY_PER_THREAD);
        let mut writer = self.writer(writer_threads, options.writer_memory)?;
        // A run killed before its commit leaves files the next run would
        // write again under the same names (a segment's `.del` file at the
        // same opstamp, say); clear them before starting.
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|e| self.write_failed(e))?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        // Another process may have committed since this index was opened;
        // holding the writer, the manifest read now is the one to change.
        self.reload()?;
        let manifest = self.manifest()?;
        let mut summary = BatchSummary::default();

        let mut walk = corpus::discover(paths, options.walk);
        summary.failed.extend(
            walk.errors
                .iter()
                .map(|error| Failure::from_error(error, Path::new(""))),
        );
        for (root, passed_over) in &walk.without_texts {
            summary.failed.push(Failure {
                path: corpus::path_text(root),
                reason: format!(
                    "holds no .txt or .md file ({passed_over} other entries passed over; \
                     text must be converted to .txt first)"
                ),
            });
        }
        summary.skipped.clone_from(&walk.skipped);
        let files = std::mem::take(&mut walk.files);

        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Options(format!("cannot start {threads} threads: {e}")))?;
        let by_path: HashMap<&Path, &IndexedSource> =
            manifest.iter().map(|s| (s.path.as_path(), s)).collect();
        let entries = self.read_all(&files, &by_path, options.rebuild, &pool, progress);
        let mut plan = Plan::new(entries, &files, &manifest, options.rebuild);
        plan.settle_ids();
        let roots: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
        let unreadable: Vec<PathBuf> = walk
            .unreadable()
            .iter()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
            .collect();

        // Deletes first, then additions: a delete in tantivy removes every
        // document added before it, so none may follow an addition.
        let mut deleted: HashSet<String> = HashSet::new();
        let kept_ids = &plan.kept_ids;
        let mut delete = |writer: &IndexWriter, id: &str| {
            if kept_ids.contains(id) {
                return false;
            }
            if deleted.insert(id.to_string()) {
                writer.delete_term(Term::from_field_text(self.fields.doc_id, id));
            }
            true
        };
        // Ids whose files are gone and that no file of the batch claims.
        let any_failure = plan
            .entries
            .iter()
            .any(|e| matches!(e.state, State::Failed(_)));
        for source in &manifest {
            if plan.claimed.contains_key(source.id.as_str()) || plan.kept_ids.contains(&source.id) {
                continue;
            }
            if options.rebuild {
                if delete(&writer, &source.id) {
                    summary.removed.push(source.id.clone());
                }
                continue;
            }
            let under_roots = roots.iter().any(|root| source.path.starts_with(root));
            if !under_roots || plan.paths.contains(source.path.as_path()) {
                continue;
            }
            // A file that cannot be looked at, or that lies under a folder
            // that could not be listed, is not gone.
            let gone = matches!(source.path.try_exists(), Ok(false))
                && !unreadable.iter().any(|u| source.path.starts_with(u));
            if !gone {
                continue;
            }
            // A file that failed may be this one's new version (moved and
            // changed): its only copy is not removed while that is possible.
            if options.prune && any_failure {
                summary.prune_withheld = true;
            }
            if options.prune && !any_failure && delete(&writer, &source.id) {
                summary.removed.push(source.id.clone());
            } else {
                summary.gone.push(source.id.clone());
            }
        }
        for entry in &plan.entries {
            let previous = by_path.get(entry.canonical.as_path());
            match &entry.state {
                State::Changed { id, .. } => {
                    if let Some(old) = previous {
                        delete(&writer, &old.id);
                    }
                    if plan.indexed.contains(id.as_str()) {
                        delete(&writer, id);
                    }
                }
                State::Duplicate { .. } => {
                    if let Some(old) = previous {
                        if delete(&writer, &old.id) {
                            summary.removed.push(old.id.clone());
                        }
                    }
                }
                State::Unchanged { .. } | State::Failed(_) => {}
            }
        }

        let outcome = self.add_changed(
            &mut writer,
            &mut plan,
            &files,
            &by_path,
            &pool,
            progress,
            &mut summary,
        );
        if let Err(error) = outcome {
            writer.rollback().map_err(|e| self.write_failed(e))?;
            return Err(error);
        }
        for entry in &plan.entries {
            summary.bytes += entry.bytes;
            match &entry.state {
                State::Unchanged { .. } => summary.unchanged += 1,
                State::Failed(failure) => summary.failed.push(failure.clone()),
                State::Duplicate { same_as } => summary.duplicates.push(Duplicate {
                    path: corpus::path_text(&files[entry.file].path),
                    same_as: corpus::path_text(&files[*same_as].path),
                }),
                State::Changed { .. } => {}
            }
        }

        let abort = options.strict && !summary.failed.is_empty();
        if abort || (summary.is_noop() && !options.rebuild) {
            writer.rollback().map_err(|e| self.write_failed(e))?;
        } else {
            progress.committing();
            super::commit_with_versions(&mut writer).map_err(|e| self.write_failed(e))?;
            summary.committed = true;
            writer
                .wait_merging_threads()
                .map_err(|e| self.write_failed(e))?;
            self.reload()?;
        }
        summary.elapsed_seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    /// The reading stage: reads every file (in parallel, a chunk at a time)
    /// and parses the new and changed ones, keeping what fits in
    /// [`KEEP_PARSED_BYTES`]. A file named twice is read once.
    fn read_all(
        &self,
        files: &[SourceFile],
        by_path: &HashMap<&Path, &IndexedSource>,
        rebuild: bool,
        pool: &rayon::ThreadPool,
        progress: &dyn Progress,
    ) -> Vec<Entry> {
        let sizes: u64 = files
            .iter()
            .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
            .sum();
        progress.begin(Stage::Reading, files.len(), sizes);
        let mut entries = Vec::with_capacity(files.len());
        let mut seen: HashSet<PathBuf> = HashSet::new();
        let mut kept_bytes = 0u64;
        for (chunk_start, chunk) in (0..).step_by(CHUNK_FILES).zip(files.chunks(CHUNK_FILES)) {
            let read: Vec<Entry> = pool.install(|| {
                chunk
                    .par_iter()
                    .enumerate()
                    .map(|(offset, file)| {
                        let entry = read_one(chunk_start + offset, file, by_path, rebuild);
                        progress.file_done(entry.bytes);
                        entry
                    })
                    .collect()
            });
            for mut entry in read {
                if !seen.insert(entry.canonical.clone()) {
                    continue;
                }
                if let State::Changed { parsed, .. } = &mut entry.state {
                    if kept_bytes + entry.bytes > KEEP_PARSED_BYTES {
                        *parsed = None;
                    } else {
                        kept_bytes += entry.bytes;
                    }
                }
                entries.push(entry);
            }
        }
        entries
    }

    /// The indexing stage: adds the documents of every changed file, parsing
    /// again those the reading stage did not keep. A file that changed on
    /// disk since it was read into another id, or that no longer parses,
    /// fails the whole batch, since its old version is already deleted.
    #[allow(clippy::too_many_arguments)]
    fn add_changed(
        &self,
        writer: &mut IndexWriter,
        plan: &mut Plan,
        files: &[SourceFile],
        by_path: &HashMap<&Path, &IndexedSource>,
        pool: &rayon::ThreadPool,
        progress: &dyn Progress,
        summary: &mut BatchSummary,
    ) -> Result<()> {
        let changed: Vec<usize> = (0..plan.entries.len())
            .filter(|&i| matches!(plan.entries[i].state, State::Changed { .. }))
            .collect();
        let bytes = changed.iter().map(|&i| plan.entries[i].bytes).sum();
        progress.begin(Stage::Indexing, changed.len(), bytes);
        for chunk in changed.chunks(CHUNK_FILES) {
            let entries = &plan.entries;
            let again: Vec<Result<Option<Reparsed>>> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|&i| match &entries[i].state {
                        State::Changed { parsed: None, id } => {
                            reparse(&files[entries[i].file], id).map(Some)
                        }
                        _ => Ok(None),
                    })
                    .collect()
            });
            let mut parsed = Vec::with_capacity(chunk.len());
            for (again, &i) in again.into_iter().zip(chunk) {
                let entry = &mut plan.entries[i];
                parsed.push(match (again?, &mut entry.state) {
                    (Some((resolution, digest)), _) => {
                        entry.digest = digest;
                        resolution
                    }
                    (None, State::Changed { parsed, .. }) => {
                        parsed.take().expect("kept from the reading stage")
                    }
                    (None, _) => unreachable!("only changed entries are indexed"),
                });
            }
            for (resolution, &i) in parsed.into_iter().zip(chunk) {
                let entry = &plan.entries[i];
                let source = IndexedSource {
                    id: resolution.id.clone(),
                    path: entry.canonical.clone(),
                    digest: entry.digest.clone(),
                };
                for document in self.documents(&resolution, &source) {
                    writer
                        .add_document(document)
                        .map_err(|e| self.write_failed(e))?;
                }
                progress.file_done(entry.bytes);
                if let Some(english) = &resolution.english {
                    summary.bilingual.push(Bilingual {
                        id: resolution.id.clone(),
                        english: english.clone(),
                    });
                }
                summary.units += resolution.paragraphs.len();
                summary.paragraphs += resolution
                    .paragraphs
                    .iter()
                    .filter(|p| p.kind.is_body())
                    .count();
                let path = corpus::path_text(&files[entry.file].path);
                summary
                    .warnings
                    .extend(resolution.warnings.iter().map(|w| Failure {
                        path: path.clone(),
                        reason: w.clone(),
                    }));
                let replaces = !plan.rebuild
                    && (plan.indexed.contains(resolution.id.as_str())
                        || by_path.contains_key(entry.canonical.as_path()));
                let list = if replaces {
                    &mut summary.updated
                } else {
                    &mut summary.added
                };
                list.push(resolution.id);
            }
        }
        Ok(())
    }
}

/// Reads one file, and parses it when its bytes differ from the indexed
/// version (or always, when rebuilding).
fn read_one(
    index: usize,
    file: &SourceFile,
    indexed: &HashMap<&Path, &IndexedSource>,
    rebuild: bool,
) -> Entry {
    let canonical = file
        .path
        .canonicalize()
        .unwrap_or_else(|_| file.path.clone());
    let mut entry = Entry {
        file: index,
        canonical,
        digest: String::new(),
        bytes: 0,
        state: State::Unchanged { id: String::new() },
    };
    let bytes = match SourceBytes::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            entry.state = State::Failed(Failure::from_error(&error, &file.path));
            return entry;
        }
    };
    entry.bytes = bytes.len();
    entry.digest = bytes.digest();
    let previous = indexed.get(entry.canonical.as_path());
    if let Some(previous) = previous.filter(|p| p.digest == entry.digest && !rebuild) {
        entry.state = State::Unchanged {
            id: previous.id.clone(),
        };
        return entry;
    }
    entry.state = match corpus::load_bytes(file, &bytes) {
        Ok(resolution) => State::Changed {
            id: resolution.id.clone(),
            parsed: Some(Box::new(resolution)),
        },
        Err(error) => State::Failed(Failure::from_error(&error, &file.path)),
    };
    entry
}

/// A changed file parsed again, with the digest of the bytes it came from.
type Reparsed = (Box<Resolution>, String);

/// Reads and parses a changed file again for the indexing stage, and
/// checks that it still comes to the id the batch settled.
fn reparse(file: &SourceFile, id: &str) -> Result<Reparsed> {
    let changed = |reason: String| Error::Refused {
        path: file.path.clone(),
        reason: format!(
            "{reason} while the batch ran; nothing was committed and the index is as \
             it was: run the command again"
        ),
    };
    let bytes =
        SourceBytes::read(file).map_err(|e| changed(format!("could not be read again ({e})")))?;
    let resolution = corpus::load_bytes(file, &bytes)
        .map_err(|e| changed(format!("changed and no longer parses ({e})")))?;
    if resolution.id != id {
        return Err(changed(format!(
            "changed its id from {id:?} to {:?}",
            resolution.id
        )));
    }
    Ok((Box::new(resolution), bytes.digest()))
}

/// The ids a batch settles on before it changes anything.
struct Plan {
    entries: Vec<Entry>,
    /// Paths of the files of the batch.
    paths: HashSet<PathBuf>,
    /// Ids in the index before the batch.
    indexed: HashSet<String>,
    /// Ids that stay as they are: unchanged files, previous versions of
    /// failed files, and files indexed before that are not in the batch but
    /// are still there. Nothing deletes them.
    kept_ids: HashSet<String>,
    /// For each id a changed file will be indexed under, that file's entry.
    claimed: HashMap<String, usize>,
    /// The manifest's files outside the batch that are still on disk, by id.
    owners: HashMap<String, PathBuf>,
    /// The manifest's ids, by path.
    indexed_at: HashMap<PathBuf, String>,
    /// Whether the batch rebuilds the index from its files.
    rebuild: bool,
    /// The text of each file of the batch, as messages give it.
    names: Vec<String>,
}

impl Plan {
    fn new(
        mut entries: Vec<Entry>,
        files: &[SourceFile],
        manifest: &[IndexedSource],
        rebuild: bool,
    ) -> Plan {
        // Byte-identical files: the indexed one is kept, else the first.
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            if entry.digest.is_empty() || matches!(entry.state, State::Failed(_)) {
                continue;
            }
            let slot = first_of.entry(entry.digest.as_str()).or_insert(i);
            let current_unchanged = matches!(entries[*slot].state, State::Unchanged { .. });
            if !current_unchanged && matches!(entry.state, State::Unchanged { .. }) {
                *slot = i;
            }
        }
        let keeper: Vec<Option<usize>> = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let &first = first_of.get(entry.digest.as_str())?;
                (first != i).then_some(entries[first].file)
            })
            .collect();
        for (entry, keeper) in entries.iter_mut().zip(keeper) {
            if let (Some(same_as), false) = (keeper, matches!(entry.state, State::Failed(_))) {
                entry.state = State::Duplicate { same_as };
            }
        }
        let names = files.iter().map(|f| corpus::path_text(&f.path)).collect();
        let paths: HashSet<PathBuf> = entries.iter().map(|e| e.canonical.clone()).collect();
        // Rebuilding keeps nothing the batch does not read.
        let owners = manifest
            .iter()
            .filter(|_| !rebuild)
            .filter(|source| !paths.contains(&source.path))
            .filter(|source| !matches!(source.path.try_exists(), Ok(false)))
            .map(|source| (source.id.clone(), source.path.clone()))
            .collect();
        Plan {
            entries,
            paths,
            indexed: manifest.iter().map(|s| s.id.clone()).collect(),
            kept_ids: HashSet::new(),
            claimed: HashMap::new(),
            owners,
            indexed_at: manifest
                .iter()
                .map(|s| (s.path.clone(), s.id.clone()))
                .collect(),
            rebuild,
            names,
        }
    }

    /// Settles every file's id. A changed file whose id is also claimed by
    /// another file of the batch, or kept by a file indexed before, fails
    /// with the other named; a failed file keeps its previous version, whose
    /// id may in turn collide, so this runs until nothing more fails.
    fn settle_ids(&mut self) {
        loop {
            // Who holds each id: files that keep what is indexed, then the
            // changed files that claim one.
            let mut kept: HashMap<String, String> = HashMap::new();
            for (id, path) in &self.owners {
                kept.insert(
                    id.clone(),
                    format!("{} (indexed before)", corpus::path_text(path)),
                );
            }
            for entry in &self.entries {
                let id = match &entry.state {
                    State::Unchanged { id } => Some(id.clone()),
                    State::Failed(_) => self.indexed_at.get(&entry.canonical).cloned(),
                    _ => None,
                };
                if let Some(id) = id {
                    kept.insert(id, self.names[entry.file].clone());
                }
            }
            let mut claims: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, entry) in self.entries.iter().enumerate() {
                if let State::Changed { id, .. } = &entry.state {
                    claims.entry(id.as_str()).or_default().push(i);
                }
            }
            let mut failures: Vec<(usize, Failure)> = Vec::new();
            for (id, claimants) in &claims {
                let holder = kept.get(*id);
                if claimants.len() == 1 && holder.is_none() {
                    continue;
                }
                for &i in claimants {
                    let mut others: Vec<String> = claimants
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| self.names[self.entries[j].file].clone())
                        .collect();
                    others.extend(holder.cloned());
                    failures.push((
                        i,
                        Failure {
                            path: self.names[self.entries[i].file].clone(),
                            reason: format!(
                                "its id {id:?} is also the id of {}; neither file was changed \
                                 in the index (give one a sidecar with its own \"id\")",
                                others.join(" and ")
                            ),
                        },
                    ));
                }
            }
            if failures.is_empty() {
                self.kept_ids = kept.into_keys().collect();
                self.claimed = claims
                    .into_iter()
                    .map(|(id, claimants)| (id.to_string(), claimants[0]))
                    .collect();
                return;
            }
            for (i, failure) in failures {
                self.entries[i].state = State::Failed(failure);
            }
        }
    }
}

/// Merges small segments into segments of at most `max_docs` documents and
/// never touches larger ones, so that a merge reads a bounded amount of
/// index: merging reads its segments through memory maps, and tantivy's
/// default policy would eventually merge the whole index at once, making
/// peak memory grow with the corpus. A segment of any size whose share of
/// deleted documents passes `max_deleted_share` is merged too (alone, or with
/// others like it), so that the space of replaced resolutions comes back.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    /// Largest segment a merge produces (documents, deleted ones included).
    pub max_docs: u32,
    /// Fewest segments worth merging at once.
    pub min_segments: usize,
    /// Most segments merged at once.
    pub max_segments: usize,
    /// Share of deleted documents past which a segment is rewritten.
    pub max_deleted_share: f64,
}

impl Default for BoundedMergePolicy {
    fn default() -> Self {
        BoundedMergePolicy {
            max_docs: 120_000,
            min_segments: 4,
            max_segments: 12,
            max_deleted_share: MAX_DELETED_SHARE,
        }
    }
}

/// Share of deleted documents past which a segment is merged away. Each
/// update leaves the old version's documents in place until a merge; at
/// 15% the index stays within about 1.2 times a fresh build (measured in
/// `tests/integrity.rs`: 20 batches each updating 40% of the files).
pub const MAX_DELETED_SHARE: f64 = 0.15;

impl BoundedMergePolicy {
    fn is_dirty(&self, segment: &SegmentMeta) -> bool {
        segment.max_doc() > 0
            && f64::from(segment.num_deleted_docs()) / f64::from(segment.max_doc())
                > self.max_deleted_share
    }

    /// Groups `segments` (in order) into merges of at most `max_docs` live
    /// documents and `max_segments` segments, keeping every full group of
    /// two or more and a last, partial group of at least `min` segments.
    fn groups(&self, segments: &[&SegmentMeta], min: usize, live: bool) -> Vec<MergeCandidate> {
        let mut candidates = Vec::new();
        let mut group: Vec<SegmentId> = Vec::new();
        let mut docs = 0u32;
        for segment in segments {
            let size = if live {
                segment.num_docs()
            } else {
                segment.max_doc()
            };
            if !group.is_empty()
                && (docs + size > self.max_docs || group.len() == self.max_segments)
            {
                // A full group is worth merging even below `min`: segments
                // of more than a quarter of `max_docs` fill a group before
                // `min` of them are in it, and were left unmerged.
                if group.len() >= min.min(2) {
                    candidates.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                docs = 0;
            }
            group.push(segment.id());
            docs += size;
        }
        if group.len() >= min {
            candidates.push(MergeCandidate(group));
        }
        candidates
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut dirty: Vec<&SegmentMeta> = segments.iter().filter(|s| self.is_dirty(s)).collect();
        dirty.sort_by_key(|segment| segment.num_docs());
        let mut small: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|segment| segment.max_doc() < self.max_docs / 2 && !self.is_dirty(segment))
            .collect();
        small.sort_by_key(|segment| segment.max_doc());
        let mut candidates = self.groups(&dirty, 1, true);
        candidates.extend(self.groups(&small, self.min_segments, false));
        candidates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&docs| index.new_segment_meta(SegmentId::generate_random(), docs))
            .collect()
    }

    #[test]
    fn merges_small_segments_and_leaves_large_ones() {
        let policy = BoundedMergePolicy {
            max_docs: 100,
            min_segments: 2,
            max_segments: 3,
            max_deleted_share: 0.15,
        };
        let metas = segments(&[10, 20, 30, 40, 45, 60, 200]);
        let candidates = policy.compute_merge_candidates(&metas);
        let sizes: Vec<Vec<u32>> = candidates
            .iter()
            .map(|c| {
                c.0.iter()
                    .map(|id| metas.iter().find(|m| m.id() == *id).unwrap().max_doc())
                    .collect()
            })
            .collect();
        // 60 and 200 are too large to merge; no group exceeds 100 docs or 3 segments.
        assert_eq!(sizes, [vec![10, 20, 30], vec![40, 45]]);
    }

    /// Regression: deleted documents were never merged away, so an index
    /// updated often grew to 2.3 times a fresh build.
    #[test]
    fn a_segment_with_many_deleted_documents_is_rewritten_whatever_its_size() {
        let policy = BoundedMergePolicy::default();
        let metas: Vec<SegmentMeta> = segments(&[100_000, 100_000, 10])
            .into_iter()
            .zip([20_000, 1_000, 0])
            .map(|(meta, deleted)| meta.with_delete_meta(deleted, 1))
            .collect();
        let candidates = policy.compute_merge_candidates(&metas);
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].0, [metas[0].id()]);
    }

    /// Regression: with the default writer memory, a 1M-paragraph build
    /// flushes segments of about 35,000 documents; three of them fill a
    /// merge of 120,000, so no group reached four segments and 30 of the
    /// 32 segments were never merged, costing every query 32 passes.
    #[test]
    fn segments_of_a_third_of_a_merge_are_merged_three_at_a_time() {
        let policy = BoundedMergePolicy::default();
        let metas = segments(&[35_000; 8]);
        let candidates = policy.compute_merge_candidates(&metas);
        let lengths: Vec<usize> = candidates.iter().map(|c| c.0.len()).collect();
        // The last two make a partial group, below `min_segments`: they wait
        // for more segments.
        assert_eq!(lengths, [3, 3]);
    }

    #[test]
    fn one_small_segment_is_left_alone() {
        let policy = BoundedMergePolicy::default();
        assert!(policy.compute_merge_candidates(&segments(&[10])).is_empty());
    }
}
