//! The `hrsearch` command: parses arguments, runs one subcommand of the
//! library, reports errors. Exit codes: 0 found, 1 nothing found, 2 error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use hrsearch::output::{self, Format};
use hrsearch::search::query::Filter;
use hrsearch::search::SortOrder;
use hrsearch::{BatchOptions, BatchSummary, HrIndex, Progress, SearchOptions, Stage};

/// jemalloc returns the memory the index writer's threads free after each
/// segment, which keeps the peak memory of indexing flat as a corpus grows
/// (glibc's per-thread arenas kept it).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Default index folder, relative to the working directory.
const DEFAULT_INDEX: &str = "index";
/// The bundled corpus, indexed on first use when there is no index yet.
const DEFAULT_CORPUS: &str = "corpus";

/// Exact full-text search over the Chinese texts of UN human rights resolutions.
#[derive(Parser, Debug)]
#[command(name = "hrsearch", version, about)]
struct Cli {
    /// Index folder [default: index]
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Index resolution files (.txt, .md) from files and folders: new files
    /// are added, changed ones replaced, unchanged ones skipped, in one commit
    Index {
        /// Files and folders to index [default: corpus]
        paths: Vec<PathBuf>,
        /// Remove resolutions whose files under the given paths are gone
        #[arg(long)]
        prune: bool,
        /// Start from an empty index
        #[arg(long)]
        rebuild: bool,
        /// Commit nothing if any file fails
        #[arg(long)]
        strict: bool,
        /// Threads for parsing and tokenizing, 1 to 256 [default: one per core]
        #[arg(long, short = 'j', value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..=hrsearch::index::batch::MAX_JOBS as i64))]
        jobs: Option<u16>,
        /// Follow symbolic links to files and folders (links are otherwise
        /// passed over, and listed)
        #[arg(long, short = 'L')]
        follow: bool,
        /// Memory for the index writer, in MB (at least 15; one writer thread per 15)
        #[arg(long, value_name = "MB", default_value_t = hrsearch::DEFAULT_WRITER_MEMORY / 1_000_000)]
        memory: usize,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
        /// Print the summary as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Search paragraphs: "quoted" for an exact phrase, bare words all
    /// required, OR, -exclusions, (groups) and key:value filters
    Search(Box<SearchArgs>),
    /// Show one whole resolution with its paragraphs labelled
    Show {
        /// The resolution's id, as search results give it
        id: String,
        /// Mark the paragraphs matching this query
        #[arg(long, value_name = "QUERY")]
        highlight: Option<String>,
        /// Print the parsed resolution as JSON
        #[arg(long)]
        json: bool,
        /// When to use colour
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
    },
    /// Parse files as `index` would and show their units and coverage;
    /// exits 1 when a file has text that no unit holds
    Check {
        /// Files and folders to check
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON object per file, one a line
        #[arg(long)]
        json: bool,
    },
    /// Check the index through and through: every file's checksum, and
    /// that the resolution records agree with the paragraphs; exits 2 when
    /// it is damaged
    Verify {
        /// Print what was found as JSON
        #[arg(long)]
        json: bool,
    },
    /// Count what the index holds
    Stats {
        /// Print the counts as JSON
        #[arg(long)]
        json: bool,
    },
    /// Serve the search page and its JSON API on this machine
    Serve {
        /// Address to listen on (port 0: any free port)
        #[arg(long, default_value_t = hrsearch::serve::default_addr())]
        addr: std::net::SocketAddr,
    },
}

/// Arguments of `search`.
#[derive(clap::Args, Debug)]
struct SearchArgs {
    /// The query, for example 普遍定期审议, '"技术合作" -财政 session:19..22'
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// Only these sessions: 21, or a range 19..22
    #[arg(long, value_name = "N|FROM..TO")]
    session: Option<String>,
    /// Only this agenda item (10, 70(b); 70 takes its sub-items too)
    #[arg(long, value_name = "ITEM")]
    agenda: Option<String>,
    /// Only units of this kind: pp (preambular), op (operative), text,
    /// title, header, heading, footnote, closing
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Only this organ: 人权理事会, 大会, 人权委员会, 经济及社会理事会, or hrc, ga, chr, ecosoc
    #[arg(long)]
    organ: Option<String>,
    /// Only this unit label (OP5, PP3, OP2(a), DR-OP1, FN2); OP2 takes its
    /// sub-items too
    #[arg(long, value_name = "LABEL")]
    para: Option<String>,
    /// Only this document symbol (a trailing * matches a prefix)
    #[arg(long)]
    symbol: Option<String>,
    /// Only these years: 2012, or a range 2010..2012
    #[arg(long, value_name = "N|FROM..TO")]
    year: Option<String>,
    /// Only resolutions this state sponsored
    #[arg(long, value_name = "STATE")]
    sponsor: Option<String>,
    /// Only paragraphs citing this resolution or decision (18/18)
    #[arg(long, value_name = "NUMBER")]
    cites: Option<String>,
    /// Only documents whose title contains this phrase
    #[arg(long, value_name = "PHRASE")]
    title: Option<String>,
    /// Only documents adopted on these days: 2023-07-25, 2023, or a range
    /// 2023-01-01..2023-06-30
    #[arg(long, value_name = "DATE|FROM..TO")]
    adopted: Option<String>,
    /// How many hits (or resolutions, with --group) to show
    #[arg(long, short = 'n', default_value_t = hrsearch::search::DEFAULT_LIMIT)]
    limit: usize,
    /// How many hits (or resolutions) to skip, for paging
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Order of the hits
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Count matching paragraphs per session, agenda item, organ and kind
    #[arg(long)]
    facets: bool,
    /// One line per resolution with its matching paragraph labels
    #[arg(long)]
    group: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Shortcut for --format json
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// With --format csv: start with a UTF-8 byte order mark (for Excel)
    #[arg(long)]
    bom: bool,
    /// When to colour matches
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

impl SearchArgs {
    /// The filters given as flags.
    fn filters(&self) -> Result<Vec<Filter>, hrsearch::Error> {
        let flags = [
            ("session", &self.session),
            ("agenda", &self.agenda),
            ("kind", &self.kind),
            ("organ", &self.organ),
            ("para", &self.para),
            ("symbol", &self.symbol),
            ("year", &self.year),
            ("sponsor", &self.sponsor),
            ("cites", &self.cites),
            ("title", &self.title),
            ("adopted", &self.adopted),
        ];
        flags
            .into_iter()
            .filter_map(|(key, value)| value.as_deref().map(|v| (key, v)))
            .map(|(key, value)| Filter::parse(key, value).map_err(hrsearch::Error::Filter))
            .collect()
    }

    fn format(&self) -> Format {
        if self.json {
            return Format::Json;
        }
        match self.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::JsonLines,
            FormatArg::Csv => Format::Csv { bom: self.bom },
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum SortArg {
    /// Best match first
    Relevance,
    /// By session, oldest first
    Session,
    /// By resolution, in the order of its paragraphs
    Paragraph,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    /// For people
    Text,
    /// One JSON object
    Json,
    /// One JSON object a line
    Jsonl,
    /// Comma-separated values
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ColorArg {
    /// Colour when printing to a terminal
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// What a command found, for the exit code.
enum Outcome {
    Found,
    NothingFound,
    /// The command ran, but some input failed (reported already).
    PartlyFailed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let index_path = cli
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    // A damaged index can make the search engine panic deep inside a
    // segment; the panic is caught and told as what it is, not as a Rust
    // backtrace.
    let panic_message = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let hook_message = panic_message.clone();
    // The server reports its own panics, per request.
    if !matches!(cli.command, Command::Serve { .. }) {
        std::panic::set_hook(Box::new(move |info| {
            let mut slot = hook_message.lock().unwrap_or_else(|e| e.into_inner());
            slot.get_or_insert_with(|| info.to_string());
        }));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)))
        .unwrap_or_else(|_| {
            let message = panic_message
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or_default();
            Err(after_panic(&index_path, &message))
        });
    match outcome {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Ok(Outcome::PartlyFailed) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let err = name_the_damage(&index_path, err);
            eprintln!("hrsearch: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The error to report after a panic: the damage `verify` finds in the
/// index, if it finds any, else the panic itself as an internal error.
fn after_panic(index_path: &Path, message: &str) -> anyhow::Error {
    let found = std::panic::catch_unwind(|| HrIndex::verify(index_path));
    match found {
        Ok(Ok(verification)) if !verification.is_sound() => {
            damage_error(index_path, &verification).into()
        }
        Ok(Err(error)) => error.into(),
        _ => anyhow::anyhow!(
            "internal error ({message}); if `hrsearch verify` finds the index sound, \
             this is a bug"
        ),
    }
}

/// An error of the search engine itself may come from a damaged index:
/// when `verify` finds damage, that is the error to report.
fn name_the_damage(index_path: &Path, err: anyhow::Error) -> anyhow::Error {
    let from_engine = err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<hrsearch::Error>(),
            Some(hrsearch::Error::Tantivy(_))
        )
    });
    if !from_engine {
        return err;
    }
    match std::panic::catch_unwind(|| HrIndex::verify(index_path)) {
        Ok(Ok(verification)) if !verification.is_sound() => {
            damage_error(index_path, &verification).into()
        }
        Ok(Err(damage @ hrsearch::Error::DamagedIndex { .. })) => damage.into(),
        _ => err,
    }
}

/// The error that names what `verify` found wrong.
fn damage_error(
    index_path: &Path,
    verification: &hrsearch::index::Verification,
) -> hrsearch::Error {
    let files: Vec<String> = verification
        .problems
        .iter()
        .map(|p| p.file.clone())
        .collect();
    let reasons: Vec<String> = verification
        .problems
        .iter()
        .map(|p| p.reason.clone())
        .collect();
    hrsearch::Error::DamagedIndex {
        path: index_path.to_path_buf(),
        file: files.join(", "),
        reason: reasons.join("; "),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let explicit_index = cli.index.is_some();
    let index_path = cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX));
    match cli.command {
        Command::Index {
            paths,
            prune,
            rebuild,
            strict,
            jobs,
            follow,
            memory,
            quiet,
            json,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(DEFAULT_CORPUS)]
            } else {
                paths
            };
            let options = BatchOptions {
                jobs: jobs.map_or(0, usize::from),
                writer_memory: memory.saturating_mul(1_000_000),
                prune,
                rebuild,
                strict,
                walk: hrsearch::corpus::Walk {
                    follow_links: follow,
                },
            };
            let report = if json {
                Report::Json
            } else if quiet {
                Report::Quiet
            } else {
                Report::Text
            };
            run_index(&index_path, &paths, &options, report)
        }
        Command::Search(args) => {
            let index = open_for_reading(&index_path, explicit_index)?;
            let options = SearchOptions {
                filters: args.filters()?,
                limit: args.limit,
                offset: args.offset,
                sort: match args.sort {
                    SortArg::Relevance => SortOrder::Relevance,
                    SortArg::Session => SortOrder::Session,
                    SortArg::Paragraph => SortOrder::Paragraph,
                },
                facets: args.facets,
                group: args.group,
            };
            let results = index.search(&args.query, &options)?;
            let format = args.format();
            let mut out = stdout(args.color, format == output::Format::Text);
            output::write_results(&mut out, &results, format)?;
            out.flush()?;
            Ok(if results.total > 0 {
                Outcome::Found
            } else {
                Outcome::NothingFound
            })
        }
        Command::Show {
            id,
            highlight,
            json,
            color,
        } => {
            let index = open_for_reading(&index_path, explicit_index)?;
            let resolution = index.resolution(&id)?;
            let marks = match &highlight {
                Some(query) => Some(index.matching_paragraphs(&id, query)?),
                None => None,
            };
            let mut out = stdout(color, !json);
            if json {
                let mut value = serde_json::to_value(&resolution)?;
                if let (Some((labels, _)), Some(object)) = (&marks, value.as_object_mut()) {
                    object.insert("matching_paragraphs".into(), serde_json::json!(labels));
                }
                output::write_json(&mut out, &value)?;
            } else {
                let marks = marks
                    .as_ref()
                    .map(|(labels, strings)| output::Marks { labels, strings });
                output::write_resolution_text(&mut out, &resolution, marks)?;
            }
            out.flush()?;
            Ok(match &marks {
                Some((labels, _)) if labels.is_empty() => Outcome::NothingFound,
                _ => Outcome::Found,
            })
        }
        Command::Check { paths, json } => run_check(&paths, json),
        Command::Verify { json } => {
            let verification = HrIndex::verify(&index_path)?;
            let mut out = stdout(ColorArg::Never, !json);
            if json {
                output::write_json(&mut out, &verification)?;
            } else if verification.is_sound() {
                writeln!(
                    out,
                    "{}: sound: {} files pass their checksums; {} resolutions, {} units",
                    index_path.display(),
                    verification.files_checked,
                    verification.resolutions,
                    verification.units
                )?;
            }
            out.flush()?;
            if verification.is_sound() {
                Ok(Outcome::Found)
            } else {
                Err(damage_error(&index_path, &verification).into())
            }
        }
        Command::Stats { json } => {
            let index = open_for_reading(&index_path, explicit_index)?;
            let stats = index.stats()?;
            let mut out = stdout(ColorArg::Never, !json);
            if json {
                output::write_json(&mut out, &stats)?;
            } else {
                output::write_stats_text(&mut out, &stats)?;
            }
            out.flush()?;
            Ok(Outcome::Found)
        }
        Command::Serve { addr } => {
            let index = open_for_reading(&index_path, explicit_index)?;
            let runtime = tokio::runtime::Runtime::new().context("cannot start the server")?;
            runtime.block_on(async {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr}"))?;
                let bound = listener.local_addr()?;
                if !bound.ip().is_loopback() {
                    eprintln!(
                        "hrsearch: warning: serving on {bound}, which other machines can \
                         reach: anyone who can connect can read the index (the default, \
                         127.0.0.1, serves this machine only)"
                    );
                }
                // The first line says where to go; tests read the port from it.
                println!(
                    "hrsearch: serving {} on http://{bound}/",
                    index_path.display()
                );
                std::io::stdout().flush()?;
                hrsearch::serve::serve(listener, index).await?;
                anyhow::Ok(())
            })?;
            Ok(Outcome::Found)
        }
    }
}

/// Parses every file under `paths` and prints its units and coverage.
fn run_check(paths: &[PathBuf], json: bool) -> anyhow::Result<Outcome> {
    let walk = hrsearch::corpus::discover(paths, hrsearch::corpus::Walk::default());
    let (files, errors) = (walk.files, walk.errors);
    let mut failed = !errors.is_empty();
    for error in &errors {
        eprintln!("hrsearch: {error}");
    }
    for skipped in &walk.skipped {
        eprintln!(
            "hrsearch: passed over {}: {}",
            skipped.path,
            skipped.reason.describe()
        );
    }
    let mut incomplete = false;
    let mut out = stdout(ColorArg::Auto, !json);
    for file in &files {
        match hrsearch::corpus::check(file) {
            Ok(parsed) => {
                incomplete |= !parsed.coverage.is_complete();
                if json {
                    output::write_check_json(&mut out, &parsed)?;
                } else {
                    output::write_check_text(&mut out, &parsed)?;
                }
            }
            Err(error) => {
                failed = true;
                eprintln!("hrsearch: {error}");
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        Outcome::PartlyFailed
    } else if incomplete {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// Standard output, with colour as chosen; text for people (`for_people`)
/// shows the control characters of documents instead of obeying them.
fn stdout(color: ColorArg, for_people: bool) -> Box<dyn Write> {
    let choice = match color {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    };
    let stream = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    if for_people {
        Box::new(output::TerminalSafe::new(stream))
    } else {
        Box::new(stream)
    }
}

/// Opens the index for a reading command. With no index at the default
/// location and the bundled corpus present, indexes the corpus first, so a
/// first search on a fresh checkout works.
fn open_for_reading(index_path: &Path, explicit_index: bool) -> anyhow::Result<HrIndex> {
    let corpus = Path::new(DEFAULT_CORPUS);
    let own_default = !explicit_index && corpus.is_dir();
    match HrIndex::open(index_path) {
        Err(hrsearch::Error::NoIndex(_)) if own_default => {
            eprintln!(
                "hrsearch: no index at {}; indexing {} first",
                index_path.display(),
                corpus.display()
            );
            let options = BatchOptions::default();
            let outcome = run_index(index_path, &[corpus.to_path_buf()], &options, Report::Quiet)?;
            if let Outcome::PartlyFailed = outcome {
                eprintln!(
                    "hrsearch: some files of {} could not be indexed",
                    corpus.display()
                );
            }
            Ok(HrIndex::open(index_path)?)
        }
        // The default index was made by another hrsearch, or is damaged:
        // rebuild it from the bundled corpus.
        Err(
            error @ (hrsearch::Error::IncompatibleIndex { .. }
            | hrsearch::Error::DamagedIndex { .. }),
        ) if own_default => {
            eprintln!(
                "hrsearch: {error}\nhrsearch: rebuilding it from {} (index your own folders \
                 again with `hrsearch index PATH`)",
                corpus.display()
            );
            let options = BatchOptions {
                rebuild: true,
                ..BatchOptions::default()
            };
            run_index(index_path, &[corpus.to_path_buf()], &options, Report::Quiet)?;
            Ok(HrIndex::open(index_path)?)
        }
        other => Ok(other?),
    }
}

/// How `index` reports.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Report {
    /// A progress bar on a terminal, a summary line on stdout.
    Text,
    /// The summary as one JSON object on stdout.
    Json,
    /// Only failures, on stderr.
    Quiet,
}

fn run_index(
    index_path: &Path,
    paths: &[PathBuf],
    options: &BatchOptions,
    report: Report,
) -> anyhow::Result<Outcome> {
    let progress = BarProgress::new(report == Report::Text && std::io::stderr().is_terminal());
    let summary = match HrIndex::open_or_create(index_path) {
        Ok(index) => index.index_batch(paths, options, &progress)?,
        // --rebuild builds a new index beside one that is damaged or of
        // another version, and swaps it in once committed.
        Err(
            error @ (hrsearch::Error::IncompatibleIndex { .. }
            | hrsearch::Error::DamagedIndex { .. }),
        ) if options.rebuild => {
            if report != Report::Json {
                eprintln!("hrsearch: {error}\nhrsearch: building a new index beside it");
            }
            let replacement = HrIndex::replacement(index_path)?;
            let summary = replacement.index().index_batch(paths, options, &progress)?;
            if summary.committed {
                replacement.swap()?;
            } else {
                replacement.abandon()?;
            }
            summary
        }
        Err(error) => return Err(error.into()),
    };
    progress.bar.finish_and_clear();
    for failure in &summary.failed {
        eprintln!("hrsearch: {}", output::terminal_safe(&failure.to_string()));
    }
    if report == Report::Text {
        for warning in &summary.warnings {
            eprintln!(
                "hrsearch: warning: {}",
                output::terminal_safe(&warning.to_string())
            );
        }
    }
    let mut out = std::io::stdout().lock();
    match report {
        Report::Json => output::write_json(&mut out, &summary_json(&summary))?,
        Report::Text => output::write_batch_text(&mut out, &summary, index_path)?,
        Report::Quiet => {}
    }
    if options.strict && !summary.failed.is_empty() {
        eprintln!(
            "hrsearch: {} file(s) failed and --strict is on: nothing was committed",
            summary.failed.len()
        );
    }
    Ok(if summary.failed.is_empty() {
        Outcome::Found
    } else {
        Outcome::PartlyFailed
    })
}

/// The `index --json` summary: counts under the plain names, ids beside them.
fn summary_json(summary: &BatchSummary) -> serde_json::Value {
    serde_json::json!({
        "added": summary.added.len(),
        "updated": summary.updated.len(),
        "unchanged": summary.unchanged,
        "removed": summary.removed.len(),
        "failed": summary.failed,
        "paragraphs": summary.paragraphs,
        "units": summary.units,
        "bytes": summary.bytes,
        "elapsed_seconds": summary.elapsed_seconds,
        "mb_per_second": summary.mb_per_second(),
        "committed": summary.committed,
        "added_ids": summary.added,
        "updated_ids": summary.updated,
        "removed_ids": summary.removed,
        "gone_ids": summary.gone,
        "prune_withheld": summary.prune_withheld,
        "skipped": summary.skipped.len(),
        "skipped_entries": summary.skipped,
        "duplicates": summary.duplicates,
        "warnings": summary.warnings,
    })
}

/// An indicatif progress bar on stderr (hidden when not wanted): bytes
/// processed with rate and ETA, and files done.
struct BarProgress {
    bar: indicatif::ProgressBar,
    files_done: std::sync::atomic::AtomicUsize,
    files: std::sync::atomic::AtomicUsize,
}

impl BarProgress {
    fn new(visible: bool) -> BarProgress {
        let bar = if visible {
            indicatif::ProgressBar::new(0)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {prefix} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        BarProgress {
            bar,
            files_done: Default::default(),
            files: Default::default(),
        }
    }
}

impl Progress for BarProgress {
    fn begin(&self, stage: Stage, files: usize, bytes: u64) {
        self.files
            .store(files, std::sync::atomic::Ordering::Relaxed);
        self.files_done
            .store(0, std::sync::atomic::Ordering::Relaxed);
        self.bar.reset();
        self.bar.set_length(bytes);
        self.bar.set_prefix(match stage {
            Stage::Reading => "reading",
            Stage::Indexing => "indexing",
        });
        self.bar.set_message(format!("0/{files} files"));
    }

    fn file_done(&self, bytes: u64) {
        let done = self
            .files_done
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let files = self.files.load(std::sync::atomic::Ordering::Relaxed);
        self.bar.inc(bytes);
        self.bar.set_message(format!("{done}/{files} files"));
    }

    fn committing(&self) {
        self.bar.set_message("committing");
    }
}
