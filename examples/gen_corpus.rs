//! Generates a corpus of Chinese UN resolutions in the real layout, for
//! benchmarks at scale. Deterministic from its seed.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --paragraphs 1000000 --out /tmp/corpus-1m
//! ```
//!
//! The layout and the text are described in `benches/support/generator.rs`.
//! At the end it prints the number of distinct words and the distribution of
//! paragraph lengths.

use std::path::PathBuf;

use clap::Parser;

#[path = "../benches/support/generator.rs"]
mod generator;

/// Generate a corpus of resolutions in the layout hrsearch reads.
#[derive(Parser)]
struct Args {
    /// How many paragraphs in all
    #[arg(long, default_value_t = 100_000)]
    paragraphs: usize,
    /// Folder to write into (created)
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator: the same seed gives the same corpus
    #[arg(long, default_value_t = 2012)]
    seed: u64,
    /// Write each resolution's English version beside it (`X.zh.txt`,
    /// `X.en.txt`); the Chinese texts are the same as without it
    #[arg(long)]
    english: bool,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let stats = generator::write_corpus(&args.out, args.paragraphs, args.seed, args.english)?;
    println!("{stats}");
    Ok(())
}
