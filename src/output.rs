//! Output: search hits, resolutions and index statistics rendered as text
//! for people or as JSON for scripts. Knows nothing of the index.

use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::index::batch::BatchSummary;
use crate::index::IndexStats;
use crate::parse::Parsed;
use crate::resolution::{
    session_name, Paragraph, Resolution, ResolutionMeta, ShownLanguages, UnitKind, Vote,
};
use crate::search::{Highlights, SearchResults};

const LABEL: Style = AnsiColor::Green.on_default().bold();
const META: Style = AnsiColor::BrightBlack.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const HEADING: Style = Style::new().bold();

/// Control characters a document may hold are shown as the Unicode
/// pictures of them (`␛` for ESC, `␇` for BEL, `␡` for DEL; `�` for the
/// C1 controls), one character for one, so that a file cannot retitle the
/// terminal, clear it or overwrite what is shown; newlines and tabs pass.
/// The styles hrsearch writes itself (SGR sequences: `ESC [ … m`) pass too.
/// Wrap the stream text output goes to in it.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// An escape sequence begun in one write and not yet ended.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes the pending bytes as text, escaped.
    fn flush_pending_as_text(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let text = String::from_utf8_lossy(&pending);
        self.inner.write_all(terminal_safe(&text).as_bytes())
    }
}

/// `text` with its control characters shown as pictures (see
/// [`TerminalSafe`]), one character for one.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c as u32 {
            _ if !unsafe_char(c) => c,
            code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
            0x7f => '\u{2421}',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (i, &byte) in buf.iter().enumerate() {
            if !self.pending.is_empty() {
                self.pending.push(byte);
                let sgr_so_far = self.pending.len() == 2 && byte == b'['
                    || self.pending.len() > 2 && (byte.is_ascii_digit() || byte == b';');
                if self.pending.len() > 2 && byte == b'm' {
                    self.inner.write_all(&self.pending)?;
                    self.pending.clear();
                } else if !sgr_so_far || self.pending.len() > 32 {
                    self.flush_pending_as_text()?;
                }
                start = i + 1;
            } else if byte == 0x1b {
                self.write_text(&buf[start..i])?;
                self.pending.push(byte);
                start = i + 1;
            }
        }
        self.write_text(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.flush_pending_as_text()?;
        }
        self.inner.flush()
    }
}

impl<W: Write> TerminalSafe<W> {
    /// Writes bytes that hold no ESC, escaping other control characters. A
    /// UTF-8 character cut between two writes passes unchanged: only ASCII
    /// and C1 controls are rewritten, and those are never cut.
    fn write_text(&mut self, bytes: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.inner.write_all(terminal_safe(text).as_bytes()),
            Err(_) => {
                let mut cleaned = Vec::with_capacity(bytes.len());
                for &byte in bytes {
                    match byte {
                        b'\n' | b'\t' => cleaned.push(byte),
                        0..=0x1f | 0x7f => {
                            let picture = terminal_safe(std::str::from_utf8(&[byte]).unwrap_or(""))
                                .into_owned();
                            cleaned.extend_from_slice(picture.as_bytes());
                        }
                        _ => cleaned.push(byte),
                    }
                }
                self.inner.write_all(&cleaned)
            }
        }
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// How search results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: one block per hit (or one line per resolution).
    Text,
    /// One pretty JSON object.
    Json,
    /// One JSON object a line: `{"type": "hit", …}` (or `"group"`) for each
    /// hit, then `{"type": "summary", "query", "total", …}`.
    JsonLines,
    /// Comma-separated values with a header row; `bom` starts the output
    /// with a UTF-8 byte order mark so spreadsheets read it as UTF-8.
    Csv {
        /// Start with a byte order mark.
        bom: bool,
    },
}

/// Writes search results in `format`.
pub fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Text => write_results_text(out, results),
        Format::Json => write_json(out, results),
        Format::JsonLines => write_results_jsonl(out, results),
        Format::Csv { bom } => write_results_csv(out, results, bom),
    }
}

fn write_results_jsonl(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let mut line = |kind: &str, value: serde_json::Value| -> io::Result<()> {
        let mut object = serde_json::Map::new();
        object.insert("type".into(), kind.into());
        if let serde_json::Value::Object(fields) = value {
            object.extend(fields);
        }
        serde_json::to_writer(&mut *out, &object).map_err(io::Error::from)?;
        writeln!(out)
    };
    for hit in &results.hits {
        line("hit", serde_json::to_value(hit).map_err(io::Error::from)?)?;
    }
    for group in results.groups.iter().flatten() {
        line(
            "group",
            serde_json::to_value(group).map_err(io::Error::from)?,
        )?;
    }
    let mut summary = serde_json::json!({"query": results.query, "total": results.total});
    if let Some(groups) = results.total_groups {
        summary["total_groups"] = groups.into();
    }
    if let Some(facets) = &results.facets {
        summary["facets"] = serde_json::to_value(facets).map_err(io::Error::from)?;
    }
    if !results.notes.is_empty() {
        summary["notes"] = results.notes.clone().into();
    }
    if let Some(why) = &results.why_empty {
        summary["why_empty"] = serde_json::to_value(why).map_err(io::Error::from)?;
    }
    line("summary", summary)
}

/// The CSV columns of a hit, in order.
pub const HIT_COLUMNS: [&str; 19] = [
    "rank",
    "score",
    "doc_id",
    "symbol",
    "resolution",
    "title",
    "organ",
    "session",
    "agenda_item",
    "adopted",
    "vote",
    "paragraph",
    "kind",
    "number",
    "section",
    "cites",
    "text",
    "en",
    "source",
];

/// The CSV columns of a group, in order.
pub const GROUP_COLUMNS: [&str; 13] = [
    "rank",
    "score",
    "doc_id",
    "symbol",
    "resolution",
    "title",
    "organ",
    "session",
    "agenda_item",
    "adopted",
    "vote",
    "paragraphs",
    "summary",
];

/// The CSV columns of a resolution that hits and groups share, in the
/// order of [`HIT_COLUMNS`] and [`GROUP_COLUMNS`] after rank and score.
fn meta_columns(meta: &ResolutionMeta) -> [String; 9] {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    [
        meta.doc_id.clone(),
        text(&meta.symbol),
        text(&meta.resolution),
        text(&meta.title),
        text(&meta.organ),
        meta.session.map(|n| n.to_string()).unwrap_or_default(),
        text(&meta.agenda_item),
        text(&meta.adopted),
        meta.vote.map(vote_text).unwrap_or_default(),
    ]
}

/// A CSV cell as a spreadsheet will not run it: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula,
/// so it gets a leading `'`, which spreadsheets show as text and hide.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn write_results_csv(out: &mut dyn Write, results: &SearchResults, bom: bool) -> io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::Writer::from_writer(out);
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    if let Some(groups) = &results.groups {
        writer.write_record(GROUP_COLUMNS)?;
        for g in groups {
            let mut record = vec![g.rank.to_string(), g.score.to_string()];
            record.extend(meta_columns(&g.meta).map(spreadsheet_safe));
            record.extend([g.paragraphs.join(" "), g.summary.clone()].map(spreadsheet_safe));
            writer.write_record(record)?;
        }
    } else {
        writer.write_record(HIT_COLUMNS)?;
        for h in &results.hits {
            let mut record = vec![h.rank.to_string(), h.score.to_string()];
            record.extend(meta_columns(&h.meta).map(spreadsheet_safe));
            record.extend(
                [
                    h.paragraph.clone(),
                    h.kind.clone(),
                    h.number.to_string(),
                    text(&h.section),
                    h.cites.join(" "),
                    h.text.clone(),
                    text(&h.en),
                    text(&h.meta.source),
                ]
                .map(spreadsheet_safe),
            );
            writer.write_record(record)?;
        }
    }
    writer.flush()
}

/// Writes search results for a person: one block per hit with the
/// resolution, its session and agenda item, the paragraph label and the
/// snippet with its matches styled (the writer drops styles where colour is off).
pub fn write_results_text(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for note in &results.notes {
        writeln!(out, "{META}note: {note}{META:#}")?;
    }
    if !results.notes.is_empty() {
        writeln!(out)?;
    }
    for group in results.groups.iter().flatten() {
        let name = group.meta.display_name();
        let title = group.meta.title.as_deref().unwrap_or("");
        let mut meta = Vec::new();
        if let Some(session) = group.meta.session {
            meta.push(session_name(session, false));
        }
        if let Some(agenda) = &group.meta.agenda_item {
            meta.push(format!("议程项目 {agenda}"));
        }
        meta.push(format!("id {}", group.meta.doc_id));
        writeln!(
            out,
            "{HEADING}{name} {title}{HEADING:#}: {LABEL}{}{LABEL:#}  {META}{}{META:#}",
            group.summary,
            meta.join(" · ")
        )?;
    }
    if let Some(total_groups) = results.total_groups {
        let shown = results.groups.as_ref().map_or(0, Vec::len);
        writeln!(
            out,
            "{META}{} in {} {}; {} shown{META:#}",
            count(results.total, "paragraph", "paragraphs"),
            count(total_groups, "resolution", "resolutions"),
            if total_groups == 1 {
                "matches"
            } else {
                "match"
            },
            count(shown, "resolution", "resolutions"),
        )?;
        write_why_empty(out, results)?;
        return write_facets_text(out, results);
    }
    for hit in &results.hits {
        let name = hit.meta.display_name();
        let title = hit.meta.title.as_deref().unwrap_or("");
        writeln!(
            out,
            "{LABEL}{}{LABEL:#}  {HEADING}{name} {title}{HEADING:#}",
            hit.paragraph
        )?;
        let mut meta = Vec::new();
        if let Some(organ) = &hit.meta.organ {
            meta.push(organ.clone());
        }
        if let Some(session) = hit.meta.session {
            meta.push(session_name(session, false));
        }
        if let Some(agenda) = &hit.meta.agenda_item {
            meta.push(format!("议程项目 {agenda}"));
        }
        if let Some(section) = &hit.section {
            meta.push(section.clone());
        }
        meta.push(format!("id {}", hit.meta.doc_id));
        writeln!(out, "  {META}{}{META:#}", meta.join(" · "))?;
        if !hit.snippet_text.is_empty() {
            write!(out, "  ")?;
            write_marked(out, &hit.snippet_text, &hit.highlights, " ")?;
            writeln!(out)?;
        }
        // The English, where it matched or is the unit's only text.
        if let Some(en) = &hit.en {
            if !hit.en_highlights.is_empty() || hit.text.is_empty() {
                write!(out, "  {META}en{META:#} ")?;
                write_marked(out, en, &hit.en_highlights, " ")?;
                writeln!(out)?;
            }
        }
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let noun = if results.total == 1 {
        "paragraph matches"
    } else {
        "paragraphs match"
    };
    writeln!(out, "{META}{} {noun}; {shown} shown{META:#}", results.total)?;
    write_why_empty(out, results)?;
    write_facets_text(out, results)
}

/// ` (2.4 MB/s)`, or ` (310 kB/s)` for a batch too small to read in MB/s;
/// nothing for one that read nothing.
fn rate_text(bytes: u64, seconds: f64) -> String {
    if bytes == 0 || seconds <= 0.0 {
        return String::new();
    }
    let per_second = bytes as f64 / seconds;
    if per_second >= 100_000.0 {
        format!(" ({:.1} MB/s)", per_second / 1e6)
    } else {
        format!(" ({:.0} kB/s)", per_second / 1e3)
    }
}

/// `1 resolution`, `2 resolutions`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// When nothing matched under filters: the filters, and which of them
/// emptied the search with the values the index has for it.
fn write_why_empty(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let Some(why) = &results.why_empty else {
        return Ok(());
    };
    writeln!(
        out,
        "{META}the filters were: {}{META:#}",
        why.filters.join(" ")
    )?;
    for emptied in &why.emptied_by {
        let mut line = format!(
            "without {}, {} match",
            emptied.filter,
            count(emptied.matches_without, "paragraph", "paragraphs")
        );
        if let Some(values) = &emptied.values {
            let key = emptied.filter.split(':').next().unwrap_or_default();
            let list: Vec<String> = values
                .iter()
                .map(|v| format!("{} ({})", v.value, v.count))
                .collect();
            line.push_str(&format!("; {key}: {}", list.join("  ")));
        }
        writeln!(out, "{META}{line}{META:#}")?;
    }
    if why.emptied_by.is_empty() {
        writeln!(
            out,
            "{META}no single filter empties it; with no filter at all, {} match{META:#}",
            count(why.matches_without_filters, "paragraph", "paragraphs")
        )?;
    }
    Ok(())
}

fn write_facets_text(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let Some(facets) = &results.facets else {
        return Ok(());
    };
    writeln!(out)?;
    for (name, counts) in [
        ("session", &facets.session),
        ("agenda item", &facets.agenda_item),
        ("organ", &facets.organ),
        ("kind", &facets.kind),
    ] {
        let list: Vec<String> = counts
            .iter()
            .map(|c| format!("{} ({})", c.value, c.count))
            .collect();
        writeln!(out, "{HEADING}{name:<12}{HEADING:#} {}", list.join("  "))?;
    }
    Ok(())
}

/// The `index --json` summary: counts under the plain names, ids beside them.
pub fn batch_summary_json(summary: &BatchSummary) -> serde_json::Value {
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
        "bilingual": summary.bilingual,
    })
}

/// Writes `text` with the `highlights` (character ranges) styled, each
/// newline written as `newline`.
fn write_marked(
    out: &mut dyn Write,
    text: &str,
    highlights: &[[usize; 2]],
    newline: &str,
) -> io::Result<()> {
    let mut spans = highlights.iter().peekable();
    let mut buffer = String::new();
    for (i, c) in text.chars().enumerate() {
        if spans.peek().is_some_and(|s| s[0] == i) {
            write!(out, "{buffer}{MATCH}")?;
            buffer.clear();
        }
        if c == '\n' {
            buffer.push_str(newline);
        } else {
            buffer.push(c);
        }
        if spans.peek().is_some_and(|s| s[1] == i + 1) {
            write!(out, "{buffer}{MATCH:#}")?;
            buffer.clear();
            spans.next();
        }
    }
    write!(out, "{buffer}")
}

/// Writes any serialisable value as pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}

/// Writes a whole resolution for a person: header, sponsors, and every
/// paragraph with its label under its section heading; with `highlights`,
/// the matching paragraphs (those it has spans for) carry a `▶` and their
/// matches are styled.
pub fn write_resolution_text(
    out: &mut dyn Write,
    resolution: &Resolution,
    highlights: Option<&Highlights>,
    en_highlights: Option<&Highlights>,
    languages: ShownLanguages,
) -> io::Result<()> {
    let title = resolution.title.as_deref().unwrap_or("(no title)");
    writeln!(
        out,
        "{HEADING}{} {title}{HEADING:#}",
        resolution.display_name()
    )?;
    let mut meta = vec![format!("id {}", resolution.id)];
    if let Some(symbol) = &resolution.symbol {
        meta.push(symbol.clone());
    }
    if let Some(organ) = resolution.organ {
        meta.push(organ.chinese_name().to_string());
    }
    if let Some(session) = resolution.session_name() {
        meta.push(session);
    }
    if let Some(agenda) = &resolution.agenda_item {
        let agenda_title = resolution.agenda_title.as_deref().unwrap_or("");
        meta.push(
            format!("议程项目 {agenda} {agenda_title}")
                .trim_end()
                .to_string(),
        );
    }
    if let Some(kind) = resolution.kind {
        meta.push(kind.as_str().replace('_', " "));
    }
    if let Some(date) = &resolution.date {
        meta.push(date.clone());
    }
    writeln!(out, "{META}{}{META:#}", meta.join(" · "))?;
    if let Some(submitter) = &resolution.submitter {
        writeln!(out, "{META}submitted by:{META:#} {submitter}")?;
    }
    if !resolution.sponsors.is_empty() {
        let names: Vec<String> = resolution
            .sponsors
            .iter()
            .map(|s| format!("{}{}", s.name, if s.non_member { "*" } else { "" }))
            .collect();
        writeln!(
            out,
            "{META}sponsors ({}; * not a member):{META:#} {}",
            names.len(),
            names.join("、")
        )?;
    }
    let mut adoption: Vec<String> = Vec::new();
    if let Some(date) = &resolution.adoption_date {
        adoption.push(format!("adopted {date}"));
    }
    if let Some(meeting) = resolution.meeting {
        adoption.push(format!("meeting {meeting}"));
    }
    if let Some(vote) = resolution.vote {
        adoption.push(vote_text(vote));
    } else if let Some(outcome) = &resolution.adoption {
        adoption.push(outcome.clone());
    }
    if let Some(basis) = &resolution.basis_symbol {
        adoption.push(format!("on {basis}"));
    }
    if !adoption.is_empty() {
        writeln!(out, "{META}adoption:{META:#} {}", adoption.join(" · "))?;
    }
    writeln!(out)?;
    if let Some(english) = &resolution.english {
        writeln!(
            out,
            "{META}english:{META:#} {} ({})",
            english.source,
            alignment_summary(english)
        )?;
    }
    let write_unit = |out: &mut dyn Write, paragraph: &Paragraph, indent: &str| -> io::Result<()> {
        let chinese_spans = highlights.and_then(|h| h.get(&paragraph.label));
        let english_spans = en_highlights.and_then(|h| h.get(&paragraph.label));
        let pointer = match (highlights, chinese_spans) {
            (Some(_), Some(_)) => "▶ ",
            (Some(_), None) => "  ",
            (None, _) => "",
        };
        // Which text stands on the unit's line, and which under it.
        let english = paragraph.en.as_deref();
        let (text, spans, under) = match (languages, english) {
            (_, Some(en)) if paragraph.text.is_empty() => (en, english_spans, None),
            (ShownLanguages::English, Some(en)) => (en, english_spans, None),
            (ShownLanguages::Both, Some(en)) => (paragraph.text.as_str(), chinese_spans, Some(en)),
            _ => (paragraph.text.as_str(), chinese_spans, None),
        };
        let style = if paragraph.kind == UnitKind::Heading {
            HEADING
        } else {
            Style::new()
        };
        write!(
            out,
            "{indent}{pointer}{LABEL}{:<6}{LABEL:#} {style}",
            paragraph.label
        )?;
        let continuation = format!(
            "\n{indent}{pointer:width$}       ",
            width = pointer.chars().count()
        );
        write_marked(out, text, spans.map_or(&[], Vec::as_slice), &continuation)?;
        writeln!(out, "{style:#}")?;
        if let Some(en) = under {
            write!(
                out,
                "{indent}{pointer:width$}{META}{:<6}{META:#} ",
                "en",
                width = pointer.chars().count()
            )?;
            write_marked(
                out,
                en,
                english_spans.map_or(&[], Vec::as_slice),
                &continuation,
            )?;
            writeln!(out)?;
        }
        Ok(())
    };
    for paragraph in &resolution.paragraphs {
        // An attached footnote is printed under the unit it belongs to.
        if paragraph.note_of.is_some() {
            continue;
        }
        write_unit(out, paragraph, "")?;
        for note in resolution.notes_of(&paragraph.label) {
            write_unit(out, note, "    ")?;
        }
        writeln!(out)?;
    }
    for warning in &resolution.warnings {
        writeln!(out, "{META}note: {warning}{META:#}")?;
    }
    Ok(())
}

/// Writes what `hrsearch check` found in one file for a person: the
/// metadata, each unit (kind, label, first characters) and the coverage,
/// with the lines no unit holds.
pub fn write_check_text(out: &mut dyn Write, parsed: &Parsed) -> io::Result<()> {
    let r = &parsed.resolution;
    writeln!(out, "{HEADING}{}{HEADING:#}", r.source)?;
    for (name, value) in check_metadata(r) {
        writeln!(out, "  {META}{name:<10}{META:#} {value}")?;
    }
    if let Some(english) = &r.english {
        writeln!(out, "  {META}{:<10}{META:#} {}", "english", english.source)?;
        writeln!(
            out,
            "  {META}{:<10}{META:#} {}",
            "aligned",
            alignment_summary(english)
        )?;
    }
    for (unit, lines) in r.paragraphs.iter().zip(&parsed.unit_lines) {
        // An English-only unit shows its English.
        let text = match (&unit.en, unit.text.is_empty()) {
            (Some(en), true) => en,
            _ => &unit.text,
        };
        let start: String = text.chars().take(40).collect();
        let more = if text.chars().count() > 40 { "…" } else { "" };
        let note = unit
            .note_of
            .as_deref()
            .map(|of| format!(" (note of {of})"))
            .unwrap_or_default();
        // An English-only unit has no line of the Chinese text.
        let first = lines
            .first()
            .map_or_else(|| "en".to_string(), |line| line.to_string());
        writeln!(
            out,
            "  {META}{first:>5}{META:#} {:<10} {LABEL}{:<12}{LABEL:#} {}{more}{note}",
            unit.kind.as_str(),
            unit.label,
            start.replace('\n', " ")
        )?;
    }
    let c = &parsed.coverage;
    writeln!(
        out,
        "  coverage {:.1}%: {} of {} characters in {} units, {} in furniture lines",
        c.percent(),
        c.placed,
        c.chars,
        r.paragraphs.len() - r.english.as_ref().map_or(0, |e| e.english_only),
        c.furniture
    )?;
    for unplaced in &c.unplaced {
        writeln!(
            out,
            "  not placed: line {}: {}",
            unplaced.line, unplaced.text
        )?;
    }
    for warning in &r.warnings {
        writeln!(out, "  {META}warning:{META:#} {warning}")?;
    }
    writeln!(out)
}

/// How many units of a document found their English counterpart, in words.
pub fn alignment_summary(english: &crate::EnglishVersion) -> String {
    format!(
        "{} of {} units have their English beside them, {} have none; {} English units have no Chinese counterpart",
        english.aligned,
        english.aligned + english.unaligned,
        english.unaligned,
        english.english_only
    )
}

/// The metadata `check` shows, as name and value.
fn check_metadata(r: &Resolution) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let mut row = |name, value: Option<String>| {
        rows.push((name, value.unwrap_or_else(|| "-".to_string())));
    };
    row("id", Some(r.id.clone()));
    row("organ", r.organ.map(|o| o.chinese_name().to_string()));
    row("session", r.session_name());
    row("agenda", r.agenda_item.clone());
    row("kind", r.kind.map(|k| k.as_str().to_string()));
    row("symbol", r.symbol.clone());
    row("number", r.number.clone());
    row("title", r.title.clone());
    row("adopted", r.adoption_date.clone());
    row("meeting", r.meeting.map(|m| m.to_string()));
    row("vote", r.vote.map(vote_text));
    row("basis", r.basis_symbol.clone());
    if let Some(submitter) = &r.submitter {
        row("submitter", Some(submitter.clone()));
    }
    if !r.sponsors.is_empty() {
        row("sponsors", Some(r.sponsors.len().to_string()));
    }
    rows
}

/// `without a vote` or `32–0–15 (yes–no–abstentions)`.
pub fn vote_text(vote: Vote) -> String {
    match vote {
        Vote::WithoutVote => "without a vote".to_string(),
        Vote::Recorded {
            yes,
            no,
            abstentions,
        } => format!("recorded: {yes} in favour, {no} against, {abstentions} abstentions"),
    }
}

/// Writes what `hrsearch check --json` gives for one file, one line: the
/// parsed document, its coverage and the source lines of each unit.
pub fn write_check_json(out: &mut dyn Write, parsed: &Parsed) -> io::Result<()> {
    let value = serde_json::json!({
        "path": parsed.resolution.source,
        "resolution": parsed.resolution,
        "coverage": {
            "percent": parsed.coverage.percent(),
            "chars": parsed.coverage.chars,
            "placed": parsed.coverage.placed,
            "furniture": parsed.coverage.furniture,
            "unplaced": parsed.coverage.unplaced,
        },
        "unit_lines": parsed.unit_lines,
        "furniture": parsed.furniture.iter().map(|(line, kind)| serde_json::json!({"line": line, "kind": kind})).collect::<Vec<_>>(),
    });
    serde_json::to_writer(&mut *out, &value)?;
    writeln!(out)
}

/// Writes the summary of an indexing batch for a person.
pub fn write_batch_text(
    out: &mut dyn Write,
    summary: &BatchSummary,
    index: &Path,
) -> io::Result<()> {
    let seconds = summary.elapsed_seconds;
    let rate = rate_text(summary.bytes, seconds);
    if summary.is_noop() {
        let mut line = format!(
            "nothing to do: {} unchanged in {} ({seconds:.2} s)",
            count(summary.unchanged, "resolution", "resolutions"),
            index.display()
        );
        if !summary.failed.is_empty() {
            line.push_str(&format!(
                "; {} still {} (reported above) and {} nothing in the index",
                count(summary.failed.len(), "file", "files"),
                if summary.failed.len() == 1 {
                    "fails"
                } else {
                    "fail"
                },
                if summary.failed.len() == 1 {
                    "changes"
                } else {
                    "change"
                },
            ));
        }
        writeln!(out, "{line}")?;
    } else {
        writeln!(
            out,
            "{} added, {} updated, {} unchanged, {} removed, {} failed; {} indexed into {} in {seconds:.2} s{rate}{}",
            summary.added.len(),
            summary.updated.len(),
            summary.unchanged,
            summary.removed.len(),
            summary.failed.len(),
            count(summary.units, "unit", "units"),
            index.display(),
            if summary.committed { "" } else { "; nothing committed" },
        )?;
    }
    if !summary.bilingual.is_empty() {
        let (mut aligned, mut unaligned) = (0, 0);
        for document in &summary.bilingual {
            aligned += document.english.aligned;
            unaligned += document.english.unaligned;
            writeln!(
                out,
                "english: {}: {}",
                document.id,
                alignment_summary(&document.english)
            )?;
        }
        writeln!(
            out,
            "{} read with an English version: {aligned} of {} units have their English beside them",
            count(summary.bilingual.len(), "document", "documents"),
            aligned + unaligned
        )?;
    }
    if summary.prune_withheld {
        writeln!(
            out,
            "{} gone from these paths and kept: a file that failed may be one of them, \
             moved and changed; fix it and run --prune again",
            count(summary.gone.len(), "indexed file is", "indexed files are")
        )?;
    } else if !summary.gone.is_empty() {
        writeln!(
            out,
            "{} gone from these paths and kept; --prune removes them",
            count(summary.gone.len(), "indexed file is", "indexed files are")
        )?;
    }
    for duplicate in &summary.duplicates {
        writeln!(
            out,
            "not indexed: {} has the same bytes as {}",
            duplicate.path, duplicate.same_as
        )?;
    }
    if !summary.skipped.is_empty() {
        let mut counts: Vec<(crate::corpus::SkipReason, usize)> = Vec::new();
        for skipped in &summary.skipped {
            match counts
                .iter_mut()
                .find(|(reason, _)| *reason == skipped.reason)
            {
                Some((_, count)) => *count += 1,
                None => counts.push((skipped.reason, 1)),
            }
        }
        let counts: Vec<String> = counts
            .iter()
            .map(|(reason, count)| format!("{count} {}", reason.describe()))
            .collect();
        writeln!(
            out,
            "passed over {} entries: {} (--json lists them)",
            summary.skipped.len(),
            counts.join(", ")
        )?;
    }
    Ok(())
}

/// Writes index statistics for a person.
pub fn write_stats_text(out: &mut dyn Write, stats: &IndexStats) -> io::Result<()> {
    let sessions: Vec<String> = stats.sessions.iter().map(u64::to_string).collect();
    writeln!(out, "index        {}", stats.path)?;
    writeln!(out, "resolutions  {}", stats.resolutions)?;
    writeln!(out, "units        {}", stats.units)?;
    writeln!(out, "paragraphs   {}", stats.paragraphs)?;
    writeln!(
        out,
        "sessions     {}",
        if sessions.is_empty() {
            "-".to_string()
        } else {
            sessions.join(", ")
        }
    )?;
    writeln!(out, "index size   {}", human_bytes(stats.index_bytes))?;
    if !stats.most_cited.is_empty() {
        let cited: Vec<String> = stats
            .most_cited
            .iter()
            .map(|c| format!("{} ({})", c.number, c.paragraphs))
            .collect();
        writeln!(out, "most cited   {}", cited.join("  "))?;
    }
    Ok(())
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: CSV cells that start with `=`, `+`, `-` or `@` went
    /// unchanged into an export meant for spreadsheets (formula injection).
    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("人权理事会，", "人权理事会，"),
            ("A/HRC/RES/21/1", "A/HRC/RES/21/1"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(cell.to_string()), safe);
        }
    }

    /// Regression: escape sequences inside a corpus file reached the
    /// terminal raw, so a file could retitle the window or clear the screen.
    #[test]
    fn control_characters_from_documents_are_shown_not_obeyed() {
        let mut out = TerminalSafe::new(Vec::new());
        let hostile = "标题\u{1b}]0;pwned\u{7}清屏\u{1b}[2J\r覆盖\u{7f}\u{9b}2J";
        write!(out, "{MATCH}").unwrap();
        // Cut in the middle of an escape sequence, as a formatter may.
        for piece in hostile.as_bytes().chunks(3) {
            out.write_all(piece).unwrap();
        }
        write!(out, "{MATCH:#}\n\tend").unwrap();
        out.flush().unwrap();
        let written = String::from_utf8(std::mem::take(&mut out.inner)).unwrap();
        assert_eq!(
            written,
            format!(
                "{}标题␛]0;pwned␇清屏␛[2J␍覆盖␡{}2J{}\n\tend",
                MATCH.render(),
                '\u{FFFD}',
                MATCH.render_reset()
            )
        );
    }

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(123_456), "123.5 KB");
        assert_eq!(human_bytes(5_000_000), "5.0 MB");
    }

    #[test]
    fn marks_are_dropped_when_styles_are_stripped() {
        let mut out = Vec::new();
        write_marked(&mut out, "甲乙丙", &[[1, 2]], " ").unwrap();
        let plain = anstream::adapter::strip_str(std::str::from_utf8(&out).unwrap()).to_string();
        assert_eq!(plain, "甲乙丙");
        assert!(std::str::from_utf8(&out).unwrap().contains("\u{1b}["));
    }
}
