//! Output: search hits, resolutions and index statistics rendered as text
//! for people or as JSON for scripts. Knows nothing of the index.

use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};

use crate::index::batch::BatchSummary;
use crate::index::IndexStats;
use crate::resolution::Resolution;
use crate::search::SearchResults;

const LABEL: Style = AnsiColor::Green.on_default().bold();
const META: Style = AnsiColor::BrightBlack.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const HEADING: Style = Style::new().bold();

/// Writes search results for a person: one block per hit with the
/// resolution, its session and agenda item, the paragraph label and the
/// snippet with its matches styled (the writer drops styles where colour is off).
pub fn write_results_text(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        let name = hit
            .symbol
            .as_deref()
            .or(hit.resolution.as_deref())
            .unwrap_or(&hit.doc_id);
        let title = hit.title.as_deref().unwrap_or("");
        writeln!(
            out,
            "{LABEL}{}{LABEL:#}  {HEADING}{name} {title}{HEADING:#}",
            hit.paragraph
        )?;
        let mut meta = Vec::new();
        if let Some(organ) = &hit.organ {
            meta.push(organ.clone());
        }
        if let Some(session) = hit.session {
            meta.push(format!("第{session}届会议"));
        }
        if let Some(agenda) = &hit.agenda_item {
            meta.push(format!("议程项目 {agenda}"));
        }
        if let Some(section) = &hit.section {
            meta.push(section.clone());
        }
        meta.push(format!("id {}", hit.doc_id));
        writeln!(out, "  {META}{}{META:#}", meta.join(" · "))?;
        write!(out, "  ")?;
        write_marked(out, &hit.snippet_text, &hit.highlights)?;
        writeln!(out)?;
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let noun = if results.total == 1 {
        "paragraph matches"
    } else {
        "paragraphs match"
    };
    writeln!(out, "{META}{} {noun}; {shown} shown{META:#}", results.total)
}

fn write_marked(out: &mut dyn Write, text: &str, highlights: &[[usize; 2]]) -> io::Result<()> {
    let mut spans = highlights.iter().peekable();
    let mut buffer = String::new();
    for (i, c) in text.chars().enumerate() {
        if spans.peek().is_some_and(|s| s[0] == i) {
            write!(out, "{buffer}{MATCH}")?;
            buffer.clear();
        }
        buffer.push(if c == '\n' { ' ' } else { c });
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
/// paragraph with its label under its section heading.
pub fn write_resolution_text(out: &mut dyn Write, resolution: &Resolution) -> io::Result<()> {
    let title = resolution.title.as_deref().unwrap_or("(no title)");
    writeln!(
        out,
        "{HEADING}{} {title}{HEADING:#}",
        resolution.display_name()
    )?;
    let mut meta = vec![format!("id {}", resolution.id)];
    if let Some(organ) = resolution.organ {
        meta.push(organ.chinese_name().to_string());
    }
    if let Some(session) = resolution.session {
        let special = if resolution.special_session {
            "特别"
        } else {
            ""
        };
        meta.push(format!("第{session}届{special}会议"));
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
    if let Some(adoption) = &resolution.adoption {
        writeln!(out, "{META}adoption:{META:#} {adoption}")?;
    }
    writeln!(out)?;
    let mut section: Option<&str> = None;
    for paragraph in &resolution.paragraphs {
        if paragraph.section.as_deref() != section {
            section = paragraph.section.as_deref();
            if let Some(heading) = section {
                writeln!(out, "{HEADING}{heading}{HEADING:#}")?;
                writeln!(out)?;
            }
        }
        let text = paragraph.text.replace('\n', "\n      ");
        writeln!(out, "{LABEL}{:<5}{LABEL:#} {text}", paragraph.label)?;
        writeln!(out)?;
    }
    for warning in &resolution.warnings {
        writeln!(out, "{META}note: {warning}{META:#}")?;
    }
    Ok(())
}

/// Writes the summary of an indexing batch for a person.
pub fn write_batch_text(
    out: &mut dyn Write,
    summary: &BatchSummary,
    index: &Path,
) -> io::Result<()> {
    let seconds = summary.elapsed_seconds;
    let rate = summary.mb_per_second();
    if summary.is_noop() && summary.failed.is_empty() {
        writeln!(
            out,
            "nothing to do: {} resolution(s) unchanged in {} ({seconds:.2} s)",
            summary.unchanged,
            index.display()
        )?;
    } else {
        writeln!(
            out,
            "{} added, {} updated, {} unchanged, {} removed, {} failed; {} paragraphs indexed into {} in {seconds:.2} s ({rate:.1} MB/s){}",
            summary.added.len(),
            summary.updated.len(),
            summary.unchanged,
            summary.removed.len(),
            summary.failed.len(),
            summary.paragraphs,
            index.display(),
            if summary.committed { "" } else { "; nothing committed" },
        )?;
    }
    if !summary.gone.is_empty() {
        writeln!(
            out,
            "{} indexed file(s) are gone from these paths and were kept; --prune removes them",
            summary.gone.len()
        )?;
    }
    Ok(())
}

/// Writes index statistics for a person.
pub fn write_stats_text(out: &mut dyn Write, stats: &IndexStats) -> io::Result<()> {
    let sessions: Vec<String> = stats.sessions.iter().map(u64::to_string).collect();
    writeln!(out, "index        {}", stats.path)?;
    writeln!(out, "resolutions  {}", stats.resolutions)?;
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
    writeln!(out, "index size   {}", human_bytes(stats.index_bytes))
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

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(123_456), "123.5 KB");
        assert_eq!(human_bytes(5_000_000), "5.0 MB");
    }

    #[test]
    fn marks_are_dropped_when_styles_are_stripped() {
        let mut out = Vec::new();
        write_marked(&mut out, "甲乙丙", &[[1, 2]]).unwrap();
        let plain = anstream::adapter::strip_str(std::str::from_utf8(&out).unwrap()).to_string();
        assert_eq!(plain, "甲乙丙");
        assert!(std::str::from_utf8(&out).unwrap().contains("\u{1b}["));
    }
}
