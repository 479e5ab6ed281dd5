//! The corpus: finding resolution files under the paths given, decoding their
//! bytes, reading their JSON sidecars, and handing back parsed resolutions.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::parse::{parse_document, Parsed};
use crate::resolution::{DocumentKind, Organ, Resolution, Sponsor};

/// File extensions read as resolution texts (compared without case).
pub const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Files larger than this are refused: no resolution comes near it, and a
/// stray data file should not stall a batch.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A resolution file found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as found (the root given by the user joined with the walk).
    pub path: PathBuf,
    /// The path relative to the folder it was found in, without extension,
    /// with `/` separators: the document's id when it has no symbol.
    pub relative_id: String,
    /// The English version of the text, when a file beside it has the same
    /// name with an English language tag (see [`language_tag`]).
    pub english: Option<PathBuf>,
}

/// The language tags of file names that pair a Chinese text with its
/// English version: the stem ends with a separator (`.`, `_`, `-`) and a
/// tag, in any case: `zh`, `ch`, `chi`, `c`, `chinese` for Chinese, `en`,
/// `eng`, `e`, `english` for English. `X.zh.txt` and `X.en.txt`, `X_C.txt`
/// and `X_E.txt`, `X-chinese.md` and `X-english.md` are pairs.
pub fn language_tag(path: &Path) -> Option<(String, crate::Language)> {
    let stem = path.file_stem()?.to_str()?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let at = stem.rfind(['.', '_', '-'])?;
    let (base, tag) = (&stem[..at], &stem[at + 1..]);
    let language = match tag.to_ascii_lowercase().as_str() {
        "zh" | "ch" | "chi" | "c" | "chinese" => crate::Language::Chinese,
        "en" | "eng" | "e" | "english" => crate::Language::English,
        _ => return None,
    };
    let parent = path.parent().unwrap_or(Path::new(""));
    let key = parent.join(format!("{base}.{extension}"));
    Some((key.to_string_lossy().into_owned(), language))
}

/// The English version beside a Chinese-tagged file named on its own:
/// `X.en.txt` beside `X.zh.txt`, `X_E.txt` beside `X_C.txt`.
fn english_beside(path: &Path) -> Option<PathBuf> {
    let (_, crate::Language::Chinese) = language_tag(path)? else {
        return None;
    };
    let stem = path.file_stem()?.to_str()?;
    let at = stem.rfind(['.', '_', '-'])?;
    let (base, separator, tag) = (&stem[..at], &stem[at..=at], &stem[at + 1..]);
    let upper = tag.chars().all(|c| c.is_ascii_uppercase());
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("txt");
    ["en", "e", "eng", "english", "English"]
        .into_iter()
        .map(|tag| {
            if upper {
                tag.to_ascii_uppercase()
            } else {
                tag.to_string()
            }
        })
        .map(|tag| path.with_file_name(format!("{base}{separator}{tag}.{extension}")))
        .find(|candidate| candidate.is_file())
}

/// Pairs each Chinese-tagged file with the English-tagged file of the same
/// name, which then leaves the list: it is read as part of its partner.
fn pair_by_name(files: &mut Vec<SourceFile>) {
    let mut english: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (at, file) in files.iter().enumerate() {
        if let Some((key, crate::Language::English)) = language_tag(&file.path) {
            english.insert(key, at);
        }
    }
    let mut partners: Vec<(usize, usize)> = Vec::new();
    for (at, file) in files.iter().enumerate() {
        if let Some((key, crate::Language::Chinese)) = language_tag(&file.path) {
            if let Some(&partner) = english.get(&key) {
                partners.push((at, partner));
            }
        }
    }
    let mut taken: Vec<bool> = files
        .iter()
        .map(|file| {
            files
                .iter()
                .any(|other| other.english.as_ref() == Some(&file.path))
        })
        .collect();
    for &(chinese, partner) in &partners {
        files[chinese].english = Some(files[partner].path.clone());
        taken[partner] = true;
    }
    let mut at = 0;
    files.retain(|_| {
        at += 1;
        !taken[at - 1]
    });
}

/// Why a walk passed over an entry under a folder it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A symbolic link, not followed (see [`Walk::follow_links`]).
    Symlink,
    /// A file that is neither `.txt` nor `.md`, nor the sidecar of one.
    OtherExtension,
    /// Not a regular file: a FIFO, a socket or a device.
    NotRegularFile,
    /// A hidden file or folder (its name starts with `.`); a hidden folder
    /// is listed once, not its contents.
    Hidden,
}

impl SkipReason {
    /// The reason in words, as the summary gives it.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::Symlink => "a symbolic link (follow links with --follow)",
            SkipReason::OtherExtension => "not a .txt or .md file",
            SkipReason::NotRegularFile => "not a regular file",
            SkipReason::Hidden => "hidden",
        }
    }
}

/// An entry a walk passed over.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The entry, as found (see [`path_text`]).
    pub path: String,
    /// Why it was passed over.
    pub reason: SkipReason,
}

/// How folders are walked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Walk {
    /// Follow symbolic links to files and folders (a link that leads back
    /// into a folder being walked is reported as a loop).
    pub follow_links: bool,
}

/// What a walk of the paths given found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The resolution files, in a stable order.
    pub files: Vec<SourceFile>,
    /// Entries passed over, with the reason.
    pub skipped: Vec<Skipped>,
    /// Paths that could not be read: a path given that does not exist, a
    /// folder that cannot be listed.
    pub errors: Vec<Error>,
    /// Folders given that hold no resolution file but do hold other
    /// entries (a folder of PDFs, say), with the number passed over.
    pub without_texts: Vec<(PathBuf, usize)>,
}

impl Discovery {
    /// The folders that could not be read, wholly or in part: what is
    /// indexed under them may still be there.
    pub fn unreadable(&self) -> Vec<PathBuf> {
        self.errors
            .iter()
            .filter_map(|error| match error {
                Error::Io { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Finds the resolution files under `paths`: files named directly are taken
/// whatever their extension; folders are walked for `.txt` and `.md` files,
/// passing over hidden entries, other files and (unless `walk` follows
/// them) symbolic links, each listed with the reason. Files come in a
/// stable order, each once.
///
/// A path that cannot be read is returned as an error beside the files found.
pub fn discover(paths: &[PathBuf], walk: Walk) -> Discovery {
    let mut found = Discovery::default();
    for root in paths {
        let metadata = match std::fs::metadata(root) {
            Ok(metadata) => metadata,
            Err(source) => {
                found.errors.push(Error::io(root, source));
                continue;
            }
        };
        if metadata.is_file() {
            found.files.push(SourceFile {
                path: root.clone(),
                relative_id: id_from_relative(Path::new(root.file_name().unwrap_or_default())),
                english: english_beside(root),
            });
            continue;
        }
        let (files_before, skipped_before) = (found.files.len(), found.skipped.len());
        let walker = WalkDir::new(root)
            .follow_links(walk.follow_links)
            .sort_by_file_name()
            .into_iter();
        let mut skipped = Vec::new();
        let walker = walker.filter_entry(|entry| {
            let hidden = entry.depth() > 0 && is_hidden(entry.file_name());
            if hidden {
                skipped.push(Skipped {
                    path: path_text(entry.path()),
                    reason: SkipReason::Hidden,
                });
            }
            !hidden
        });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let source = match err.loop_ancestor() {
                        Some(ancestor) => std::io::Error::other(format!(
                            "a link that leads back to {}",
                            path_text(ancestor)
                        )),
                        None => err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot be walked")),
                    };
                    found.errors.push(Error::io(path, source));
                    continue;
                }
            };
            let file_type = entry.file_type();
            let reason = if file_type.is_dir() {
                continue;
            } else if file_type.is_symlink() {
                SkipReason::Symlink
            } else if !file_type.is_file() {
                SkipReason::NotRegularFile
            } else if has_text_extension(entry.path()) {
                let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                found.files.push(SourceFile {
                    path: entry.path().to_path_buf(),
                    relative_id: id_from_relative(relative),
                    english: None,
                });
                continue;
            } else if is_sidecar(entry.path()) {
                continue;
            } else {
                SkipReason::OtherExtension
            };
            found.skipped.push(Skipped {
                path: path_text(entry.path()),
                reason,
            });
        }
        found.skipped.append(&mut skipped);
        let passed_over = found.skipped.len() - skipped_before;
        if found.files.len() == files_before && passed_over > 0 {
            found.without_texts.push((root.clone(), passed_over));
        }
    }
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    pair_by_name(&mut found.files);
    pair_by_sidecar(&mut found.files);
    pair_by_symbol(&mut found.files);
    found
}

/// Pairs each text whose sidecar names an English version (`"english":
/// "X.en.txt"`) with that file, which then leaves the list. A sidecar that
/// cannot be read is left for the reading of the text to report.
fn pair_by_sidecar(files: &mut Vec<SourceFile>) {
    let mut partners: Vec<PathBuf> = Vec::new();
    for file in files.iter_mut() {
        let Ok(Some(sidecar)) = Sidecar::for_text(&file.path) else {
            continue;
        };
        if let Some(english) = sidecar.english {
            let partner = file.path.parent().unwrap_or(Path::new("")).join(english);
            partners.push(partner.clone());
            file.english = Some(partner);
        }
    }
    files.retain(|file| !partners.contains(&file.path));
}

/// How much of a file's start is read to find its language and symbol.
const HEAD_BYTES: u64 = 8 * 1024;

/// Pairs the texts left unpaired that carry one symbol in their header,
/// one Chinese and one English, in the same folder; the English leaves the
/// list. Only the first [`HEAD_BYTES`] of a file are read: a file whose
/// start is nearly all ASCII is parsed for its symbol, and the Chinese
/// texts beside such a file are parsed for theirs. A folder of Chinese
/// texts alone costs one short read a file.
fn pair_by_symbol(files: &mut Vec<SourceFile>) {
    use std::collections::HashMap;
    use std::io::Read;
    let read_head = |path: &Path| -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(HEAD_BYTES)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    };
    // The symbol is ASCII in any encoding: a character cut at the end of
    // the head, or an encoding read as UTF-8, loses no symbol.
    let symbol_of = |bytes: &[u8]| -> Option<String> {
        crate::parse::parse_resolution(&String::from_utf8_lossy(bytes))
            .ok()?
            .symbol
    };
    let folder = |file: &SourceFile| file.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let partnered: Vec<PathBuf> = files.iter().filter_map(|f| f.english.clone()).collect();
    let unpaired: Vec<usize> = (0..files.len())
        .filter(|&at| files[at].english.is_none() && !partnered.contains(&files[at].path))
        .collect();
    let mut english: Vec<(usize, PathBuf, String)> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for &at in &unpaired {
        let Some(head) = read_head(&files[at].path) else {
            continue;
        };
        let ascii = head.iter().filter(|b| b.is_ascii()).count();
        let english_like = !head.is_empty() && ascii * 10 >= head.len() * 9;
        match english_like.then(|| symbol_of(&head)).flatten() {
            Some(symbol) => english.push((at, folder(&files[at]), symbol)),
            None => others.push(at),
        }
    }
    if english.is_empty() {
        return;
    }
    let folders: Vec<&PathBuf> = english.iter().map(|(_, folder, _)| folder).collect();
    let mut chinese: HashMap<(PathBuf, String), usize> = HashMap::new();
    for at in others {
        if !folders.contains(&&folder(&files[at])) {
            continue;
        }
        let Some(symbol) = read_head(&files[at].path).and_then(|head| symbol_of(&head)) else {
            continue;
        };
        chinese.entry((folder(&files[at]), symbol)).or_insert(at);
    }
    let mut taken = vec![false; files.len()];
    for (at, folder, symbol) in english {
        if let Some(&partner) = chinese.get(&(folder, symbol)) {
            if files[partner].english.is_none() {
                files[partner].english = Some(files[at].path.clone());
                taken[at] = true;
            }
        }
    }
    let mut at = 0;
    files.retain(|_| {
        at += 1;
        !taken[at - 1]
    });
}

/// A path as text, losing nothing: bytes that are not UTF-8 are written
/// `\xNN`, and control characters `\x{NN}`, so that two such names never
/// look alike and a name cannot steer the terminal it is printed on.
pub fn path_text(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                text.push_str(&format!("\\x{{{:02X}}}", c as u32));
            } else {
                text.push(c);
            }
        }
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// Whether `path` is the sidecar of a text file beside it.
fn is_sidecar(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        && TEXT_EXTENSIONS
            .iter()
            .flat_map(|ext| [ext.to_string(), ext.to_ascii_uppercase()])
            .any(|ext| path.with_extension(ext).is_file())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(ext)))
}

fn id_from_relative(relative: &Path) -> String {
    let without_ext = relative.with_extension("");
    without_ext
        .components()
        .map(|c| path_text(Path::new(c.as_os_str())))
        .collect::<Vec<_>>()
        .join("/")
}

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 with a byte order mark.
    Utf16,
    /// GB18030 (which includes GBK and GB2312).
    Gb18030,
}

/// Decodes a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM,
/// or GB18030/GBK. Refuses binary data and bytes that are none of these,
/// rather than guessing.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, TextEncoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|text| (text.to_string(), TextEncoding::Utf8))
            .map_err(|e| format!("starts with a UTF-8 byte order mark but is not UTF-8 ({e})"));
    }
    for (bom, encoding) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE),
        (b"\xFE\xFF", encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|text| (text.into_owned(), TextEncoding::Utf16))
                .ok_or_else(|| {
                    "starts with a UTF-16 byte order mark but is not UTF-16".to_string()
                });
        }
    }
    if bytes.contains(&0) {
        return Err("binary data (NUL bytes), not a text file".to_string());
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), TextEncoding::Utf8)),
        Err(e) => e,
    };
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        if looks_like_gb_chinese(bytes) {
            return Ok((text.into_owned(), TextEncoding::Gb18030));
        }
    }
    Err(format!(
        "neither UTF-8 nor GB18030 Chinese text (invalid UTF-8 at byte {})",
        utf8_error.valid_up_to()
    ))
}

/// Whether GB18030-decodable bytes are Chinese text rather than, say,
/// Latin-1 that happens to decode: most two-byte characters of Chinese text
/// lie in the GB2312 zone (both bytes 0xA1 or above).
fn looks_like_gb_chinese(bytes: &[u8]) -> bool {
    let (mut in_zone, mut multibyte) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        multibyte += 1;
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        if (0x30..=0x39).contains(&trail) {
            i += 4;
            continue;
        }
        if lead >= 0xA1 && trail >= 0xA1 {
            in_zone += 1;
        }
        i += 2;
    }
    multibyte > 0 && in_zone * 2 >= multibyte
}

/// Metadata a JSON sidecar (`X.json` beside `X.txt`) can supply or override.
/// Every field is optional; unknown fields are an error, so a typo is caught.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// The document id to use instead of the symbol or the path.
    pub id: Option<String>,
    /// The UN document symbol, such as `A/HRC/RES/21/1`.
    pub symbol: Option<String>,
    /// The organ: its Chinese name or `HRC`, `GA`, `CHR`, `ECOSOC`.
    pub organ: Option<String>,
    /// The session number.
    pub session: Option<u64>,
    /// Whether the session is a special session.
    pub special_session: Option<bool>,
    /// The agenda item(s) as written: `10`, `69 (b)`, `2 和 3`.
    pub agenda_item: Option<String>,
    /// The title of the agenda item.
    pub agenda_title: Option<String>,
    /// `resolution`, `draft_resolution`, `decision`, `draft_decision` or `amendment`.
    pub kind: Option<DocumentKind>,
    /// The resolution number: `21/1`.
    pub number: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The sponsors, each a name with `*` for a non-member: `["挪威", "日本*"]`.
    pub sponsors: Option<Vec<String>>,
    /// The file of the English version, relative to the text's folder:
    /// read and aligned beside the text (see [`SourceFile::english`]).
    pub english: Option<String>,
}

impl Sidecar {
    /// Reads the sidecar of `text_path`, if there is one.
    pub fn for_text(text_path: &Path) -> Result<Option<Sidecar>> {
        match read_sidecar_bytes(text_path)? {
            Some(bytes) => Self::from_bytes(&sidecar_path(text_path), &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a sidecar from its bytes (a UTF-8 BOM is allowed).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Sidecar> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        serde_json::from_slice(bytes).map_err(|source| Error::Sidecar {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Applies the sidecar to a parsed resolution: every field it gives wins.
    /// (The id is chosen by [`load`].)
    pub fn apply(self, path: &Path, resolution: &mut Resolution) -> Result<()> {
        if let Some(organ) = self.organ {
            resolution.organ = Some(Organ::from_name(&organ).ok_or_else(|| Error::Refused {
                path: path.to_path_buf(),
                reason: format!("sidecar organ {organ:?} is not one of 人权理事会, 大会, 人权委员会, 经济及社会理事会, HRC, GA, CHR, ECOSOC"),
            })?);
        }
        if let Some(date) = &self.date {
            if !is_calendar_date(date) {
                return Err(Error::Refused {
                    path: path.to_path_buf(),
                    reason: format!("sidecar date {date:?} is not a date written YYYY-MM-DD"),
                });
            }
        }
        if let Some(agenda) = self.agenda_item {
            resolution.agenda_items = crate::parse::agenda_items(&agenda);
            resolution.agenda_item = Some(agenda);
        }
        let set = |field: &mut Option<String>, value: Option<String>| {
            if value.is_some() {
                *field = value;
            }
        };
        set(&mut resolution.symbol, self.symbol);
        set(&mut resolution.agenda_title, self.agenda_title);
        set(&mut resolution.number, self.number);
        set(&mut resolution.title, self.title);
        set(&mut resolution.date, self.date);
        if let Some(session) = self.session {
            resolution.session = Some(session);
        }
        if let Some(special) = self.special_session {
            resolution.special_session = special;
        }
        if let Some(kind) = self.kind {
            resolution.kind = Some(kind);
        }
        if let Some(sponsors) = self.sponsors {
            resolution.sponsors = sponsors
                .iter()
                .map(|name| {
                    let bare = name.trim().trim_end_matches(['*', '＊']);
                    Sponsor {
                        name: bare.trim().to_string(),
                        non_member: bare.len() != name.trim().len(),
                    }
                })
                .collect();
        }
        Ok(())
    }
}

/// Whether `date` is a day of the calendar written `YYYY-MM-DD`.
fn is_calendar_date(date: &str) -> bool {
    let shape = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return false;
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Why a sidecar's `id` cannot name a document, if it cannot: it must hold
/// something besides spaces, no control characters (a newline would split
/// it in every listing) and at most [`MAX_ID_CHARS`] characters.
fn invalid_id(id: &str) -> Option<String> {
    if id.trim().is_empty() {
        Some("sidecar id is empty".to_string())
    } else if id.chars().any(char::is_control) {
        Some(format!("sidecar id {id:?} holds a control character"))
    } else if id.trim() != id {
        Some(format!("sidecar id {id:?} starts or ends with a space"))
    } else if id.chars().count() > MAX_ID_CHARS {
        Some(format!(
            "sidecar id is {} characters long; the most is {MAX_ID_CHARS}",
            id.chars().count()
        ))
    } else {
        None
    }
}

/// Longest id a sidecar may give.
pub const MAX_ID_CHARS: usize = 200;

/// The sidecar path of a text file: `X.json` beside `X.txt`.
pub fn sidecar_path(text_path: &Path) -> PathBuf {
    text_path.with_extension("json")
}

/// Reads a text file, refusing files over [`MAX_FILE_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Error::Refused {
            path: path.to_path_buf(),
            reason: format!(
                "{:.1} MB is too large for a resolution text (the limit is {} MB)",
                size as f64 / 1e6,
                MAX_FILE_BYTES / 1024 / 1024
            ),
        });
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

fn read_sidecar_bytes(text_path: &Path) -> Result<Option<Vec<u8>>> {
    let path = sidecar_path(text_path);
    if path == text_path || !path.is_file() {
        return Ok(None);
    }
    std::fs::read(&path)
        .map(Some)
        .map_err(|e| Error::io(&path, e))
}

/// The raw bytes of a resolution file and of its sidecar, as read from disk.
#[derive(Debug, Clone)]
pub struct SourceBytes {
    /// The text file's bytes.
    pub text: Vec<u8>,
    /// The sidecar's bytes, if there is a sidecar.
    pub sidecar: Option<Vec<u8>>,
    /// The English version's bytes, if the text has one.
    pub english: Option<Vec<u8>>,
}

impl SourceBytes {
    /// Reads a resolution file and its sidecar, refusing files over
    /// [`MAX_FILE_BYTES`].
    pub fn read(file: &SourceFile) -> Result<SourceBytes> {
        let path = &file.path;
        let text = read_limited(path)?;
        let sidecar = read_sidecar_bytes(path)?;
        let english = match &file.english {
            Some(english) => Some(read_limited(english)?),
            None => None,
        };
        Ok(SourceBytes {
            text,
            sidecar,
            english,
        })
    }

    /// Bytes read, text, sidecar and English version together.
    pub fn len(&self) -> u64 {
        (self.text.len()
            + self.sidecar.as_ref().map_or(0, Vec::len)
            + self.english.as_ref().map_or(0, Vec::len)) as u64
    }

    /// Whether both the text and the sidecar are empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A digest of the text and sidecar bytes, of the hrsearch version, of
    /// the parser version that parses them and of the normalisation version
    /// that indexes them: equal digests, equal documents.
    pub fn digest(&self) -> String {
        self.digest_for(crate::parse::PARSER_VERSION)
    }

    /// The digest as a parser of `parser_version` would record it.
    fn digest_for(&self, parser_version: u32) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(concat!("hrsearch ", env!("CARGO_PKG_VERSION"), "\n").as_bytes());
        hasher.update(&crate::analysis::NORMALIZATION_VERSION.to_le_bytes());
        hasher.update(b"parser");
        hasher.update(&parser_version.to_le_bytes());
        hasher.update(&(self.text.len() as u64).to_le_bytes());
        hasher.update(&self.text);
        if let Some(sidecar) = &self.sidecar {
            hasher.update(b"sidecar");
            hasher.update(&(sidecar.len() as u64).to_le_bytes());
            hasher.update(sidecar);
        }
        if let Some(english) = &self.english {
            hasher.update(b"english");
            hasher.update(&(english.len() as u64).to_le_bytes());
            hasher.update(english);
        }
        hasher.finalize().to_hex().to_string()
    }
}

/// Reads, decodes and parses one resolution file, applying its sidecar.
///
/// The id is the sidecar's `id`, else the symbol, else the file's path
/// relative to the folder it was found in.
pub fn load(file: &SourceFile) -> Result<Resolution> {
    load_bytes(file, &SourceBytes::read(file)?)
}

/// Decodes and parses a resolution from bytes already read from `file`.
pub fn load_bytes(file: &SourceFile, bytes: &SourceBytes) -> Result<Resolution> {
    Ok(parse_bytes(file, bytes)?.resolution)
}

/// Reads, decodes and parses one file, applying its sidecar, and keeps what
/// the coverage check found: what `hrsearch check` shows.
pub fn check(file: &SourceFile) -> Result<Parsed> {
    parse_bytes(file, &SourceBytes::read(file)?)
}

/// Longest unit (and longest line) a file may hold, in characters. No
/// paragraph of a resolution or report comes near it; a file over it is
/// most often a whole document on one line, whose indexing would take
/// memory in proportion to the line (a gigabyte for 15 MB).
pub const MAX_UNIT_CHARS: usize = 100_000;

fn parse_bytes(file: &SourceFile, bytes: &SourceBytes) -> Result<Parsed> {
    let mut parsed = parse_text(&file.path, &bytes.text)?;
    if let (Some(path), Some(english_bytes)) = (&file.english, &bytes.english) {
        let english = parse_text(path, english_bytes)?;
        add_english(&mut parsed, english.resolution, path);
    }
    let path = &file.path;
    let resolution = &mut parsed.resolution;
    resolution.source = path_text(path);
    let mut id = None;
    if let Some(sidecar_bytes) = &bytes.sidecar {
        let mut sidecar = Sidecar::from_bytes(&sidecar_path(path), sidecar_bytes)?;
        id = sidecar.id.take();
        if let Some(reason) = id.as_deref().and_then(invalid_id) {
            return Err(Error::Refused {
                path: path.clone(),
                reason,
            });
        }
        sidecar.apply(path, resolution)?;
    }
    resolution.id = id
        .or_else(|| resolution.symbol.clone())
        .unwrap_or_else(|| file.relative_id.clone());
    Ok(parsed)
}

/// Aligns the English version to the parsed Chinese text: each Chinese unit
/// gets the English text of its counterpart, and each English unit without
/// one becomes a unit of its own (`EN-PP3`, empty `text`), after the unit
/// it follows in the English text.
fn add_english(parsed: &mut Parsed, english: Resolution, path: &Path) {
    let resolution = &mut parsed.resolution;
    let alignment = crate::align::align(&resolution.paragraphs, &english.paragraphs);
    for (unit, pair) in resolution.paragraphs.iter_mut().zip(&alignment.pairs) {
        unit.en = pair.map(|j| english.paragraphs[j].text.clone());
    }
    // Where each English-only unit goes: after the Chinese unit paired with
    // the last English unit before it.
    let mut chinese_of = vec![None; english.paragraphs.len()];
    for (i, pair) in alignment.pairs.iter().enumerate() {
        if let Some(j) = pair {
            chinese_of[*j] = Some(i);
        }
    }
    let mut inserts: Vec<(usize, crate::Paragraph, Vec<usize>)> = Vec::new();
    for &j in &alignment.unpaired_english {
        let after = (0..j)
            .rev()
            .find_map(|k| chinese_of[k])
            .map_or(0, |i| i + 1);
        let source = &english.paragraphs[j];
        let unit = crate::Paragraph {
            label: format!("{}{}", crate::resolution::ENGLISH_ONLY_PREFIX, source.label),
            text: String::new(),
            en: Some(source.text.clone()),
            citations: Vec::new(),
            note_of: source
                .note_of
                .as_ref()
                .map(|label| format!("{}{label}", crate::resolution::ENGLISH_ONLY_PREFIX)),
            ..source.clone()
        };
        inserts.push((after, unit, Vec::new()));
    }
    for (after, unit, lines) in inserts.into_iter().rev() {
        resolution.paragraphs.insert(after, unit);
        parsed.unit_lines.insert(after, lines);
    }
    resolution.english = Some(crate::EnglishVersion {
        source: path_text(path),
        title: english.title,
        aligned: alignment.aligned(),
        unaligned: alignment.unaligned(),
        english_only: alignment.unpaired_english.len(),
    });
}

/// Decodes and parses one text file's bytes.
fn parse_text(path: &Path, bytes: &[u8]) -> Result<Parsed> {
    let path = &path.to_path_buf();
    let (text, _) = decode(bytes).map_err(|reason| Error::Decode {
        path: path.clone(),
        reason,
    })?;
    let too_long = |what: &str, chars: usize, line: usize| Error::Refused {
        path: path.clone(),
        reason: format!(
            "{what} at line {line} is {chars} characters long; the most is {MAX_UNIT_CHARS} \
             (put the text's paragraphs on lines of their own)"
        ),
    };
    if let Some((line, chars)) = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.chars().count()))
        .find(|(_, chars)| *chars > MAX_UNIT_CHARS)
    {
        return Err(too_long("the line", chars, line));
    }
    let parsed = parse_document(&text).map_err(|source| Error::Parse {
        path: path.clone(),
        source,
    })?;
    for (unit, lines) in parsed.resolution.paragraphs.iter().zip(&parsed.unit_lines) {
        let chars = unit.text.chars().count();
        if chars > MAX_UNIT_CHARS {
            let line = lines.first().copied().unwrap_or_default();
            return Err(too_long(&format!("the unit {}", unit.label), chars, line));
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_pair_files_that_differ_only_in_them() {
        let key = |name: &str| language_tag(Path::new(name));
        let chinese = crate::Language::Chinese;
        let english = crate::Language::English;
        assert_eq!(key("a/X.zh.txt"), Some(("a/X.txt".to_string(), chinese)));
        assert_eq!(key("a/X.en.txt"), Some(("a/X.txt".to_string(), english)));
        assert_eq!(key("X_C.txt"), Some(("X.txt".to_string(), chinese)));
        assert_eq!(key("X_E.txt"), Some(("X.txt".to_string(), english)));
        assert_eq!(key("X-English.md"), Some(("X.md".to_string(), english)));
        assert_eq!(key("X.txt"), None);
        assert_eq!(key("X_2023.txt"), None);
    }

    #[test]
    fn a_changed_english_version_changes_the_digest() {
        let bytes = |english: &str| SourceBytes {
            text: "人权理事会，\n回顾其决议，".as_bytes().to_vec(),
            sidecar: None,
            english: Some(english.as_bytes().to_vec()),
        };
        assert_ne!(
            bytes("Recalling its resolution,").digest(),
            bytes("Recalling its resolutions,").digest()
        );
    }

    /// Regression: the digest covered the crate version only, which never
    /// changed, so a new parser left files parsed by the old one in place.
    #[test]
    fn a_new_parser_version_changes_every_digest() {
        let bytes = SourceBytes {
            text: "人权理事会，\n回顾其决议，".as_bytes().to_vec(),
            sidecar: None,
            english: None,
        };
        assert_eq!(
            bytes.digest(),
            bytes.digest_for(crate::parse::PARSER_VERSION)
        );
        assert_ne!(
            bytes.digest_for(crate::parse::PARSER_VERSION),
            bytes.digest_for(crate::parse::PARSER_VERSION + 1)
        );
    }

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        let text = "人权理事会，";
        assert_eq!(
            decode(text.as_bytes()).unwrap(),
            (text.to_string(), TextEncoding::Utf8)
        );
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        assert_eq!(
            decode(&with_bom).unwrap(),
            (text.to_string(), TextEncoding::Utf8)
        );
    }

    #[test]
    fn decodes_gb18030() {
        let text = "人权理事会\n第二十一届会议\n普遍定期审议，";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(
            decode(&bytes).unwrap(),
            (text.to_string(), TextEncoding::Gb18030)
        );
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "人权".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "人权");
    }

    #[test]
    fn refuses_binary_and_latin1() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0")
            .unwrap_err()
            .contains("binary"));
        // "résumé café" in Latin-1 decodes as GB18030 but is not Chinese.
        let latin1 = b"r\xe9sum\xe9 caf\xe9 d\xe9j\xe0 vu";
        assert!(decode(latin1).is_err(), "{:?}", decode(latin1));
    }

    /// Regression: `2012-13-45` passed the shape check and was stored as a
    /// date.
    #[test]
    fn a_sidecar_date_must_be_a_day_of_the_calendar() {
        for good in ["2012-12-31", "2024-02-29", "2000-02-29", "1948-12-10"] {
            assert!(is_calendar_date(good), "{good}");
        }
        for bad in [
            "2012-13-45",
            "2023-02-29",
            "1900-02-29",
            "2012-04-31",
            "2012-00-10",
            "2012-1-1",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }

    /// Regression: an empty id, or one holding a newline, was accepted and
    /// named a document no listing could show.
    #[test]
    fn a_sidecar_id_must_be_a_usable_name() {
        assert_eq!(invalid_id("A/HRC/RES/21/1"), None);
        assert_eq!(invalid_id("人权 决议 1"), None);
        for bad in ["", "  ", "a\nb", "a\tb", " a", "a\u{1b}[2J"] {
            assert!(invalid_id(bad).is_some(), "{bad:?}");
        }
        assert!(invalid_id(&"x".repeat(MAX_ID_CHARS + 1)).is_some());
    }

    /// Regression: names that are not UTF-8 were shown and stored lossily,
    /// so two of them looked alike and collided on one id.
    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_keep_every_byte() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"hrc/\xFF.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"hrc/\xFE.txt"));
        assert_eq!(path_text(a), "hrc/\\xFF.txt");
        assert_ne!(id_from_relative(a), id_from_relative(b));
        assert_eq!(id_from_relative(a), "hrc/\\xFF");
        assert_eq!(path_text(Path::new("人权/决议.txt")), "人权/决议.txt");
        assert_eq!(
            path_text(Path::new("a\u{1b}]0;x\u{7}.txt")),
            "a\\x{1B}]0;x\\x{07}.txt"
        );
    }

    #[test]
    fn ids_use_forward_slashes_without_extension() {
        assert_eq!(
            id_from_relative(Path::new("hrc/21/L.28.txt")),
            "hrc/21/L.28"
        );
    }
}
