//! The command line: every subcommand and option (clap), read into the
//! options the library takes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use hrsearch::output::Format;
use hrsearch::search::query::{Filter, FilterKey};
use hrsearch::search::SortOrder;
use hrsearch::{BatchOptions, SearchOptions};

/// The bundled corpus, indexed on first use when there is no index yet.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Exact full-text search over the Chinese texts of UN human rights resolutions.
#[derive(Parser, Debug)]
#[command(name = "hrsearch", version, about)]
pub struct Cli {
    /// Index folder [default: index]
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Index resolution files (.txt, .md) from files and folders: new files
    /// are added, changed ones replaced, unchanged ones skipped, in one commit
    Index(IndexArgs),
    /// Search paragraphs: "quoted" for an exact phrase, bare words all
    /// required, OR, -exclusions, (groups) and key:value filters
    Search(Box<SearchArgs>),
    /// Show one whole resolution: its header, every paragraph labelled,
    /// each footnote under the unit it belongs to
    Show(ShowArgs),
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

/// How `index` reports.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// A progress bar on a terminal, a summary line on stdout.
    Text,
    /// The summary as one JSON object on stdout.
    Json,
    /// Only failures, on stderr.
    Quiet,
}

/// Arguments of `index`.
#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Files and folders to index [default: corpus]
    pub paths: Vec<PathBuf>,
    /// Remove resolutions whose files under the given paths are gone
    #[arg(long)]
    pub prune: bool,
    /// Start from an empty index
    #[arg(long)]
    pub rebuild: bool,
    /// Commit nothing if any file fails
    #[arg(long)]
    pub strict: bool,
    /// Threads for parsing and tokenizing, 1 to 256 [default: one per core]
    #[arg(long, short = 'j', value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=hrsearch::index::batch::MAX_JOBS as i64))]
    pub jobs: Option<u16>,
    /// Follow symbolic links to files and folders (links are otherwise
    /// passed over, and listed)
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Memory for the index writer, in MB (at least 15; one writer thread per 15)
    #[arg(long, value_name = "MB", default_value_t = hrsearch::DEFAULT_WRITER_MEMORY / 1_000_000)]
    pub memory: usize,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as one JSON object
    #[arg(long)]
    pub json: bool,
}

impl IndexArgs {
    /// The files and folders to index: `corpus/` when none is named.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_CORPUS)]
        } else {
            self.paths.clone()
        }
    }

    /// The options of the batch.
    pub fn options(&self) -> BatchOptions {
        BatchOptions {
            jobs: self.jobs.map_or(0, usize::from),
            writer_memory: self.memory.saturating_mul(1_000_000),
            prune: self.prune,
            rebuild: self.rebuild,
            strict: self.strict,
            walk: hrsearch::corpus::Walk {
                follow_links: self.follow,
            },
        }
    }

    /// How to report.
    pub fn report(&self) -> Report {
        if self.json {
            Report::Json
        } else if self.quiet {
            Report::Quiet
        } else {
            Report::Text
        }
    }
}

/// Arguments of `show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// The resolution's id (as search results give it), number
    /// (21/1, 2023/15) or symbol (A/HRC/RES/21/1)
    pub id: String,
    /// Mark the paragraphs matching this query
    #[arg(long, value_name = "QUERY")]
    pub highlight: Option<String>,
    /// Print the parsed resolution as JSON (each unit's English in `en`)
    #[arg(long)]
    pub json: bool,
    /// Which text to print: zh (the Chinese), en (the English beside it,
    /// where a unit has one) or both (the English under each unit)
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// The texts `show --lang` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// The Chinese text
    Zh,
    /// The English text where a unit has one
    En,
    /// The Chinese, with the English under each unit
    Both,
}

impl LangArg {
    /// The library's choice.
    pub fn languages(self) -> hrsearch::ShownLanguages {
        match self {
            LangArg::Zh => hrsearch::ShownLanguages::Chinese,
            LangArg::En => hrsearch::ShownLanguages::English,
            LangArg::Both => hrsearch::ShownLanguages::Both,
        }
    }
}

/// Arguments of `search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query, for example 普遍定期审议, '"技术合作" -财政 session:19..22';
    /// several words are one query, and a word may start with - (-财政). It
    /// may be left out when filters are given
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterFlags,
    /// How many hits (or resolutions, with --group) to show
    #[arg(long, short = 'n', default_value_t = hrsearch::search::DEFAULT_LIMIT)]
    pub limit: usize,
    /// How many hits (or resolutions) to skip, for paging
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of the hits
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Count matching paragraphs per session, agenda item, organ and kind
    #[arg(long)]
    pub facets: bool,
    /// One line per resolution with its matching paragraph labels
    #[arg(long)]
    pub group: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Shortcut for --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// With --format csv: start with a UTF-8 byte order mark (for Excel)
    #[arg(long)]
    pub bom: bool,
    /// When to colour matches
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// One flag per filter (`--session`, `--sponsor`, …), made from the one
/// list of filters the query language and the web API share.
#[derive(Debug, Default)]
pub struct FilterFlags {
    pub given: Vec<(FilterKey, String)>,
}

impl clap::FromArgMatches for FilterFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = FilterFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for key in FilterKey::ALL {
            if let Some(value) = matches.get_one::<String>(key.name()) {
                self.given.push((key, value.clone()));
            }
        }
        Ok(())
    }
}

impl clap::Args for FilterFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        FilterKey::ALL.into_iter().fold(command, |command, key| {
            command.arg(
                clap::Arg::new(key.name())
                    .long(key.name())
                    .value_name(key.value_name())
                    .help(key.help())
                    .allow_hyphen_values(true)
                    .action(clap::ArgAction::Set),
            )
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        FilterFlags::augment_args(command)
    }
}

impl SearchArgs {
    /// The filters given as flags.
    pub fn filters(&self) -> Result<Vec<Filter>, hrsearch::Error> {
        self.filters
            .given
            .iter()
            .map(|(key, value)| Filter::read(*key, value).map_err(hrsearch::Error::Filter))
            .collect()
    }

    /// The options of the search: flags read into filters, paging, order.
    pub fn options(&self) -> Result<SearchOptions, hrsearch::Error> {
        Ok(SearchOptions {
            filters: self.filters()?,
            limit: self.limit,
            offset: self.offset,
            sort: match self.sort {
                SortArg::Relevance => SortOrder::Relevance,
                SortArg::Session => SortOrder::Session,
                SortArg::Paragraph => SortOrder::Paragraph,
            },
            facets: self.facets,
            group: self.group,
        })
    }

    /// The query: the words given, as one query.
    pub fn query(&self) -> String {
        let words: Vec<&str> = self
            .query
            .iter()
            .map(|word| word.strip_prefix(EXCLUSION_MARK).unwrap_or(word))
            .collect();
        words.join(" ")
    }

    pub fn format(&self) -> Format {
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
pub enum SortArg {
    /// Best match first
    Relevance,
    /// By session, oldest first
    Session,
    /// By resolution, in the order of its paragraphs
    Paragraph,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
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
pub enum ColorArg {
    /// Colour when printing to a terminal
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// Put before a query word that starts with `-` but cannot be an option
/// (`-财政`, `-"财政援助"`), so that clap takes it as a word of the query;
/// [`SearchArgs::query`] takes it off. A private-use character, which no
/// one types.
pub const EXCLUSION_MARK: char = '\u{E000}';

/// The arguments, with each query word of `search` that starts with `-`
/// and cannot be an option (its next character is not an ASCII letter,
/// digit or `-`, or it excludes a filter: `-sponsor:挪威`) marked as a
/// word: `hrsearch search -财政 技术合作 -n 5`.
pub fn marked_arguments() -> Vec<std::ffi::OsString> {
    let mut in_search = false;
    let mut after_index_option = false;
    std::env::args_os()
        .enumerate()
        .map(|(i, arg)| {
            let Some(text) = arg.to_str() else {
                return arg;
            };
            let index_value = std::mem::replace(&mut after_index_option, text == "--index");
            if i > 0 && !in_search && !index_value && text == "search" {
                in_search = true;
                return arg;
            }
            let word = text.strip_prefix('-').is_some_and(|rest| {
                let excluded_filter = rest
                    .split_once([':', '：'])
                    .is_some_and(|(key, _)| FilterKey::from_name(key).is_some());
                excluded_filter
                    || rest
                        .chars()
                        .next()
                        .is_some_and(|next| !next.is_ascii_alphanumeric() && next != '-')
            });
            if in_search && word {
                format!("{EXCLUSION_MARK}{text}").into()
            } else {
                arg
            }
        })
        .collect()
}

/// Reports an error of the command line as every other error is reported
/// (`hrsearch: …`, exit 2); help and the version go to stdout, exit 0.
pub fn clap_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let rendered = error.render().to_string();
    let message = rendered.strip_prefix("error: ").unwrap_or(&rendered);
    eprint!("hrsearch: {message}");
    if !message.ends_with('\n') {
        eprintln!();
    }
    ExitCode::from(2)
}

/// Reads the command line; an error of it is reported here.
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse_from(marked_arguments()).map_err(clap_error)
}
