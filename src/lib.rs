//! hrsearch: exact full-text search over the Chinese texts of UN human rights
//! resolutions.
//!
//! Data flows one way: [`corpus`] finds and decodes files, [`parse`] turns a
//! text into a [`Resolution`], [`analysis`] normalises and tokenizes,
//! [`index`] writes one tantivy document per paragraph, [`search`] answers
//! queries (with [`states`] for the names of sponsoring states), [`output`]
//! renders the answers, and [`serve`] offers search and answers as a local
//! web page with a JSON API.
//!
//! ```no_run
//! use hrsearch::{HrIndex, SearchOptions};
//! # fn main() -> hrsearch::Result<()> {
//! let index = HrIndex::open_or_create("index".as_ref())?;
//! index.index_paths(&["corpus".into()])?;
//! let results = hrsearch::search::search(&index, "\"普遍定期审议\"", &SearchOptions::default())?;
//! for hit in results.hits {
//!     println!("{} {}", hit.paragraph, hit.snippet_text);
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod align;
pub mod analysis;
pub mod citations;
pub mod corpus;
pub mod error;
pub mod index;
pub mod output;
pub mod parse;
pub mod resolution;
pub mod search;
pub mod serve;
pub mod states;

pub use error::{Error, Result};
pub use index::batch::{
    BatchOptions, BatchSummary, Duplicate, Failure, NoProgress, Progress, Stage,
};
pub use index::{HrIndex, IndexStats, IndexedSource, DEFAULT_WRITER_MEMORY};
pub use resolution::{
    Citation, CitationKind, DocumentKind, EnglishVersion, Language, Organ, Paragraph, Part,
    Resolution, ShownLanguages, Sponsor, UnitKind, Vote,
};
pub use search::{Hit, SearchOptions, SearchResults, SortOrder};
