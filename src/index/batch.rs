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
use tantivy::Term;

use super::{HrIndex, IndexedSource, DEFAULT_WRITER_MEMORY};
use crate::corpus::{self, SourceBytes, SourceFile};
use crate::error::{Error, Result};
use crate::resolution::Resolution;

/// tantivy's least memory budget for one indexing thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// Files read and parsed at a time; their documents are handed to the
/// writer before the next chunk is read.
const CHUNK_FILES: usize = 256;

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
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            writer_memory: DEFAULT_WRITER_MEMORY,
            prune: false,
            rebuild: false,
            strict: false,
        }
    }
}

impl BatchOptions {
    /// The number of threads to use.
    pub fn threads(&self) -> usize {
        match self.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// Told of a batch's progress, from several threads at once.
pub trait Progress: Sync {
    /// The batch has `files` files of `bytes` bytes in all to look at.
    fn begin(&self, _files: usize, _bytes: u64) {}
    /// One file of `bytes` bytes has been read (and parsed, if it changed).
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
            path: path.display().to_string(),
            reason,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
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
    /// Ids of the resolutions removed (their files are gone; `prune`).
    pub removed: Vec<String>,
    /// Indexed files that are gone but were kept, for want of `prune`.
    pub gone: Vec<String>,
    /// Files that could not be indexed; their previous version, if any, stays.
    pub failed: Vec<Failure>,
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

/// What reading one file came to.
enum Prepared {
    /// Same bytes as the indexed version.
    Unchanged {
        id: String,
    },
    /// New or changed, parsed.
    Loaded {
        resolution: Box<Resolution>,
        source: IndexedSource,
    },
    Failed(Failure),
}

impl HrIndex {
    /// Indexes the resolution files under `paths` with default options.
    pub fn index_paths(&self, paths: &[PathBuf]) -> Result<BatchSummary> {
        self.index_batch(paths, &BatchOptions::default(), &NoProgress)
    }

    /// Brings the index in line with the files under `paths`, in one commit.
    ///
    /// Fails at once with [`Error::IndexLocked`] if another process is
    /// writing to the index. Files that cannot be read or parsed are listed
    /// in the summary and leave their previous version in the index; with
    /// `strict`, any such file means nothing is committed.
    pub fn index_batch(
        &self,
        paths: &[PathBuf],
        options: &BatchOptions,
        progress: &dyn Progress,
    ) -> Result<BatchSummary> {
        let started = Instant::now();
        let threads = options.threads();
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
        writer.garbage_collect_files().wait()?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        let mut summary = BatchSummary::default();

        let (files, errors) = corpus::discover(paths);
        summary.failed.extend(
            errors
                .iter()
                .map(|error| Failure::from_error(error, Path::new(""))),
        );
        let manifest = if options.rebuild {
            writer.delete_all_documents()?;
            Vec::new()
        } else {
            self.manifest()?
        };
        let by_path: HashMap<&Path, &IndexedSource> =
            manifest.iter().map(|s| (s.path.as_path(), s)).collect();
        let indexed_ids: HashSet<&str> = manifest.iter().map(|s| s.id.as_str()).collect();

        let sizes: Vec<u64> = files
            .iter()
            .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
            .collect();
        progress.begin(files.len(), sizes.iter().sum());

        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Options(format!("cannot start {threads} threads: {e}")))?;
        // What the batch remembers per file is kept small, since it grows
        // with the number of files: the paths seen only when there is a
        // manifest to check for vanished files, and for each id the index of
        // the file that has it.
        let mut seen_paths: HashSet<PathBuf> = HashSet::new();
        let mut batch_ids: HashMap<String, usize> = HashMap::new();
        for (chunk_start, chunk) in (0..).step_by(CHUNK_FILES).zip(files.chunks(CHUNK_FILES)) {
            let prepared: Vec<(PathBuf, Prepared, u64)> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|file| {
                        let canonical = file
                            .path
                            .canonicalize()
                            .unwrap_or_else(|_| file.path.clone());
                        let (outcome, bytes) = prepare(file, &canonical, &by_path);
                        progress.file_done(bytes);
                        (canonical, outcome, bytes)
                    })
                    .collect()
            });
            for (offset, ((canonical, outcome, bytes), file)) in
                prepared.into_iter().zip(chunk).enumerate()
            {
                let file_index = chunk_start + offset;
                if !manifest.is_empty() {
                    seen_paths.insert(canonical.clone());
                }
                summary.bytes += bytes;
                let path = file.path.display().to_string();
                match outcome {
                    Prepared::Unchanged { id } => {
                        summary.unchanged += 1;
                        batch_ids.insert(id, file_index);
                    }
                    Prepared::Failed(failure) => summary.failed.push(failure),
                    Prepared::Loaded { resolution, source } => {
                        if let Some(&first) = batch_ids.get(&resolution.id) {
                            let reason = format!(
                                "its id {:?} is already taken by {} in this batch \
                                 (give one a sidecar with its own \"id\")",
                                resolution.id,
                                files[first].path.display()
                            );
                            summary.failed.push(Failure { path, reason });
                            continue;
                        }
                        batch_ids.insert(resolution.id.clone(), file_index);
                        // Delete what this file was indexed as before: its id,
                        // and its old id if the id changed (a symbol was added).
                        // A new id has nothing to delete, and a delete costs
                        // memory until the commit.
                        let replaces = indexed_ids.contains(resolution.id.as_str());
                        let old_id = by_path
                            .get(canonical.as_path())
                            .map(|old| old.id.as_str())
                            .filter(|old| *old != resolution.id);
                        for id in old_id
                            .into_iter()
                            .chain(replaces.then_some(resolution.id.as_str()))
                        {
                            writer.delete_term(Term::from_field_text(self.fields.doc_id, id));
                        }
                        for document in self.documents(&resolution, &source) {
                            writer.add_document(document)?;
                        }
                        summary.units += resolution.paragraphs.len();
                        summary.paragraphs += resolution
                            .paragraphs
                            .iter()
                            .filter(|p| p.kind.is_body())
                            .count();
                        summary
                            .warnings
                            .extend(resolution.warnings.iter().map(|w| Failure {
                                path: path.clone(),
                                reason: w.clone(),
                            }));
                        let list = if replaces {
                            &mut summary.updated
                        } else {
                            &mut summary.added
                        };
                        list.push(resolution.id);
                    }
                }
            }
        }

        // Indexed files under the given paths that are no longer there.
        let roots: Vec<PathBuf> = paths.iter().filter_map(|p| p.canonicalize().ok()).collect();
        for source in &manifest {
            let under_roots = roots.iter().any(|root| source.path.starts_with(root));
            if !under_roots || seen_paths.contains(&source.path) || source.path.exists() {
                continue;
            }
            if batch_ids.contains_key(&source.id) {
                // Its id now belongs to another file of this batch.
                continue;
            }
            if options.prune {
                writer.delete_term(Term::from_field_text(self.fields.doc_id, &source.id));
                summary.removed.push(source.id.clone());
            } else {
                summary.gone.push(source.id.clone());
            }
        }

        let abort = options.strict && !summary.failed.is_empty();
        if abort || (summary.is_noop() && !options.rebuild) {
            writer.rollback()?;
        } else {
            progress.committing();
            writer.commit()?;
            summary.committed = true;
            writer.wait_merging_threads()?;
            self.reload()?;
        }
        summary.elapsed_seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }
}

/// Reads one file, and parses it only when its bytes differ from the
/// indexed version. Also gives the number of bytes read.
fn prepare(
    file: &SourceFile,
    canonical: &Path,
    indexed: &HashMap<&Path, &IndexedSource>,
) -> (Prepared, u64) {
    let bytes = match SourceBytes::read(file) {
        Ok(bytes) => bytes,
        Err(error) => return (Prepared::Failed(Failure::from_error(&error, &file.path)), 0),
    };
    let read = bytes.len();
    let digest = bytes.digest();
    if let Some(previous) = indexed.get(canonical) {
        if previous.digest == digest {
            let id = previous.id.clone();
            return (Prepared::Unchanged { id }, read);
        }
    }
    let prepared = match corpus::load_bytes(file, &bytes) {
        Ok(resolution) => Prepared::Loaded {
            source: IndexedSource {
                id: resolution.id.clone(),
                path: canonical.to_path_buf(),
                digest,
            },
            resolution: Box::new(resolution),
        },
        Err(error) => Prepared::Failed(Failure::from_error(&error, &file.path)),
    };
    (prepared, read)
}

/// Merges small segments into segments of at most `max_docs` documents and
/// never touches larger ones, so that a merge reads a bounded amount of
/// index: merging reads its segments through memory maps, and tantivy's
/// default policy would eventually merge the whole index at once, making
/// peak memory grow with the corpus.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    /// Largest segment a merge produces (documents, deleted ones included).
    pub max_docs: u32,
    /// Fewest segments worth merging at once.
    pub min_segments: usize,
    /// Most segments merged at once.
    pub max_segments: usize,
}

impl Default for BoundedMergePolicy {
    fn default() -> Self {
        BoundedMergePolicy {
            max_docs: 120_000,
            min_segments: 4,
            max_segments: 12,
        }
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut small: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|segment| segment.max_doc() < self.max_docs / 2)
            .collect();
        small.sort_by_key(|segment| segment.max_doc());
        let mut candidates = Vec::new();
        let mut group: Vec<SegmentId> = Vec::new();
        let mut docs = 0u32;
        for segment in small {
            if docs + segment.max_doc() > self.max_docs || group.len() == self.max_segments {
                if group.len() >= self.min_segments {
                    candidates.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                docs = 0;
            }
            group.push(segment.id());
            docs += segment.max_doc();
        }
        if group.len() >= self.min_segments {
            candidates.push(MergeCandidate(group));
        }
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

    #[test]
    fn one_small_segment_is_left_alone() {
        let policy = BoundedMergePolicy::default();
        assert!(policy.compute_merge_candidates(&segments(&[10])).is_empty());
    }
}
