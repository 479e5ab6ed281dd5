//! What each subcommand does with the library, and how it prints it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use hrsearch::output;
use hrsearch::{BatchOptions, HrIndex};

use crate::args::{ColorArg, IndexArgs, Report, SearchArgs, ShowArgs, DEFAULT_CORPUS};
use crate::damage::damage_error;
use crate::progress::BarProgress;
use crate::Outcome;

/// Default index folder, relative to the working directory.
const DEFAULT_INDEX: &str = "index";

/// Where the index is, and whether it was named (`--index`) or is the
/// default one, which reading commands build from `corpus/` when missing.
pub struct Place {
    /// The index folder.
    pub path: PathBuf,
    /// Named with `--index`.
    pub explicit: bool,
}

impl Place {
    /// The index `--index` names, else `index/`.
    pub fn of(named: Option<PathBuf>) -> Place {
        Place {
            explicit: named.is_some(),
            path: named.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
        }
    }
}

/// `search`: runs one search and prints its results.
pub fn search(place: &Place, args: &SearchArgs) -> anyhow::Result<Outcome> {
    let index = open_for_reading(&place.path, place.explicit)?;
    let results = hrsearch::search::search(&index, &args.query(), &args.options()?)?;
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

/// `show`: one whole resolution, its matching paragraphs marked.
pub fn show(place: &Place, args: &ShowArgs) -> anyhow::Result<Outcome> {
    let index = open_for_reading(&place.path, place.explicit)?;
    let shown = hrsearch::search::show(&index, &args.id, args.highlight.as_deref())?;
    let mut out = stdout(args.color, !args.json);
    if args.json {
        output::write_json(&mut out, &shown)?;
    } else {
        output::write_resolution_text(
            &mut out,
            &shown.resolution,
            shown.highlights.as_ref(),
            shown.en_highlights.as_ref(),
            args.lang.languages(),
        )?;
    }
    out.flush()?;
    Ok(match &shown.matching_paragraphs {
        Some(labels) if labels.is_empty() => Outcome::NothingFound,
        _ => Outcome::Found,
    })
}

/// `verify`: reads the whole index; damage is an error that names it.
pub fn verify(place: &Place, json: bool) -> anyhow::Result<Outcome> {
    let verification = HrIndex::verify(&place.path)?;
    let mut out = stdout(ColorArg::Never, !json);
    if json {
        output::write_json(&mut out, &verification)?;
    } else if verification.is_sound() {
        writeln!(
            out,
            "{}: sound: {} files pass their checksums; {} resolutions, {} units",
            place.path.display(),
            verification.files_checked,
            verification.resolutions,
            verification.units
        )?;
    }
    out.flush()?;
    if verification.is_sound() {
        Ok(Outcome::Found)
    } else {
        Err(damage_error(&place.path, &verification).into())
    }
}

/// `stats`: what the index holds.
pub fn stats(place: &Place, json: bool) -> anyhow::Result<Outcome> {
    let index = open_for_reading(&place.path, place.explicit)?;
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

/// `serve`: the web page and its API until stopped.
pub fn serve(place: &Place, addr: std::net::SocketAddr) -> anyhow::Result<Outcome> {
    let index = open_for_reading(&place.path, place.explicit)?;
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
            place.path.display()
        );
        std::io::stdout().flush()?;
        hrsearch::serve::serve(listener, index).await?;
        anyhow::Ok(())
    })?;
    Ok(Outcome::Found)
}

/// `check`: parses every file under `paths` and prints its units and
/// coverage.
pub fn check(paths: &[PathBuf], json: bool) -> anyhow::Result<Outcome> {
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
                // What went before stays before the error on a terminal.
                out.flush()?;
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

/// Standard output, buffered, with colour as chosen; text for people
/// (`for_people`) shows the control characters of documents instead of
/// obeying them. Callers flush it when they are done, so that an error
/// writing the last lines is reported.
fn stdout(color: ColorArg, for_people: bool) -> Box<dyn Write> {
    let choice = match color {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    };
    let stream = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    if for_people {
        Box::new(std::io::BufWriter::new(output::TerminalSafe::new(stream)))
    } else {
        Box::new(std::io::BufWriter::new(stream))
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

/// `index`: one batch into the index.
pub fn index(place: &Place, args: &IndexArgs) -> anyhow::Result<Outcome> {
    run_index(&place.path, &args.paths(), &args.options(), args.report())
}

/// Runs one batch and reports it.
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
        Report::Json => output::write_json(&mut out, &output::batch_summary_json(&summary))?,
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
