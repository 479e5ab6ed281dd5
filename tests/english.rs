//! English: an English text indexed on its own, the English beside a
//! Chinese text, and the exactness of English queries at word level.
//!
//! `tests/english/hrc-21-draft.en.txt` is a Human Rights Council draft in
//! the English layout (masthead, `Norway*: draft resolution`, the number
//! and title on one line, numbered OPs, `Adopted without a vote.`, the
//! meeting, a footnote), the shape of the sample in `corpus/`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use hrsearch::analysis::english;
use hrsearch::search::{search, SearchOptions, MAX_LIMIT};
use hrsearch::{DocumentKind, Language, Organ, UnitKind, Vote};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The real documents (each Chinese text with its English beside it) and
/// the English draft, indexed once.
static INDEXED: LazyLock<common::FixtureIndex> = LazyLock::new(|| {
    common::index_of(
        &[root().join("tests/realdocs"), root().join("tests/english")],
        "",
    )
});

/// The words of each unit's English, in the order of [`ENGLISH`].
static ENGLISH_WORDS: LazyLock<Vec<Vec<String>>> =
    LazyLock::new(|| ENGLISH.iter().map(|(_, _, en)| words(en)).collect());

/// Every unit's English text, by document and label.
static ENGLISH: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    INDEXED
        .index
        .resolutions()
        .unwrap()
        .into_iter()
        .flat_map(|r| {
            let id = r.id.clone();
            r.paragraphs
                .into_iter()
                .filter_map(move |p| Some((id.clone(), p.label, p.en?)))
        })
        .collect()
});

fn hits(query: &str) -> Vec<(String, String)> {
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..Default::default()
    };
    let mut hits: Vec<(String, String)> = search(&INDEXED.index, query, &options)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| (hit.meta.doc_id, hit.paragraph))
        .collect();
    hits.sort();
    hits
}

fn words(text: &str) -> Vec<String> {
    english::words(text).into_iter().map(|w| w.text).collect()
}

/// The oracle: the units whose English holds the phrase's words one after
/// the other, whole, in any case.
fn units_holding(phrase: &str) -> Vec<(String, String)> {
    let wanted = words(phrase);
    let mut found: Vec<(String, String)> = ENGLISH
        .iter()
        .zip(ENGLISH_WORDS.iter())
        .filter(|(_, held)| held.windows(wanted.len()).any(|w| w == wanted.as_slice()))
        .map(|((id, label, _), _)| (id.clone(), label.clone()))
        .collect();
    found.sort();
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// A quoted English phrase cut from any unit's English, as written
    /// (with its punctuation and hyphens), finds exactly the units whose
    /// English holds its words.
    #[test]
    fn a_quoted_english_phrase_finds_exactly_the_units_holding_its_words(
        unit in any::<prop::sample::Index>(),
        start in any::<prop::sample::Index>(),
        len in 1usize..=6,
        upper in any::<bool>(),
    ) {
        let (_, _, en) = unit.get(&ENGLISH);
        let found = english::words(en);
        prop_assume!(found.len() >= len);
        let from = start.index(found.len() - len + 1);
        let written = &en[found[from].range.start..found[from + len - 1].range.end];
        prop_assume!(!written.contains(['"', '＂', '“', '”']));
        let written = if upper { written.to_uppercase() } else { written.to_string() };
        let expected = units_holding(&written);
        prop_assert!(!expected.is_empty());
        prop_assert_eq!(hits(&format!("\"{written}\" lang:en")), expected, "{}", written);
    }
}

#[test]
fn english_phrases_match_whole_words_only() {
    // Regression: the English indexed as Chinese text matched `"use
    // fultool"` in `useful tool`.
    assert!(!units_holding("useful tool").is_empty());
    assert_eq!(hits("\"use fultool\""), Vec::<(String, String)>::new());
    assert_eq!(hits("\"useful tool\""), units_holding("useful tool"));
    // A word is not found inside another: `review` is not in `reviewed`.
    assert_eq!(
        hits("\"plenary meet\" lang:en"),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn an_english_text_alone_reads_its_header_body_and_closing_lines() {
    let r = INDEXED.index.resolution("A/HRC/21/L.28").unwrap();
    assert_eq!(r.language, Language::English);
    assert_eq!(r.organ, Some(Organ::HumanRightsCouncil));
    assert_eq!(r.session, Some(21));
    assert_eq!(r.agenda_item.as_deref(), Some("10"));
    assert_eq!(r.kind, Some(DocumentKind::DraftResolution));
    // Regression: `Norway*: draft resolution` was taken as the title.
    assert_eq!(
        r.title.as_deref(),
        Some("Technical cooperation and capacity-building for the promotion and protection of human rights")
    );
    assert_eq!(r.sponsors.len(), 1);
    assert_eq!(
        (r.sponsors[0].name.as_str(), r.sponsors[0].non_member),
        ("Norway", true)
    );
    let unit = |label: &str| r.paragraphs.iter().find(|p| p.label == label).unwrap();
    // Regression: `Adopted without a vote.` was glued onto OP2.
    assert_eq!(
        unit("OP2").text,
        "2. Decides to continue its consideration of this question."
    );
    assert_eq!(unit("CL1").text, "Adopted without a vote.");
    assert_eq!(r.vote, Some(Vote::WithoutVote));
    assert_eq!(r.meeting, Some(37));
    assert_eq!(unit("PP1").kind, UnitKind::Preambular);
    assert_eq!(unit("FN1").note_of.as_deref(), Some("H8"));
    // Regression: no citation was found in `resolution 18/18`.
    assert_eq!(
        hits("cites:18/18 lang:en"),
        [("A/HRC/21/L.28".to_string(), "PP1".to_string())]
    );
    // Its units are searched in English and show their text as English.
    assert_eq!(unit("PP2").en.as_deref(), Some(unit("PP2").text.as_str()));
}

#[test]
fn a_query_in_latin_letters_searches_the_english_and_points_to_the_same_unit() {
    let haiti = "ECOSOC_2023_agenda12e_Haiti-long-term-support_RES_E-2023-L.25.zh";
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..Default::default()
    };
    let results = search(&INDEXED.index, "\"multifaceted crisis in Haiti\"", &options).unwrap();
    assert_eq!(results.hits.len(), 1);
    let hit = &results.hits[0];
    assert_eq!(
        (hit.meta.doc_id.as_str(), hit.paragraph.as_str()),
        (haiti, "PP2")
    );
    // Both texts, the match marked in the English.
    assert!(hit.text.starts_with("深为关切海地的复杂和多方面危机"));
    let en = hit.en.as_deref().unwrap();
    let [from, to] = hit.en_highlights[0];
    let marked: String = en.chars().skip(from).take(to - from).collect();
    assert_eq!(marked, "multifaceted crisis in Haiti");
    assert!(hit
        .en_snippet
        .as_deref()
        .unwrap()
        .contains("<mark>multifaceted crisis in Haiti</mark>"));
    // The Chinese finds the same unit, with the English beside it.
    let results = search(&INDEXED.index, "\"多方面危机\"", &options).unwrap();
    let hit = results
        .hits
        .iter()
        .find(|h| h.meta.doc_id == haiti)
        .unwrap();
    assert_eq!(hit.paragraph, "PP2");
    assert_eq!(hit.en.as_deref(), Some(en));
    assert!(hit.en_highlights.is_empty());
    // `lang:zh` keeps a Latin phrase to the Chinese text, `lang:en` a
    // Chinese one to the English.
    assert_eq!(
        hits("\"multifaceted crisis in Haiti\" lang:zh"),
        Vec::<(String, String)>::new()
    );
    assert_eq!(
        hits("\"多方面危机\" lang:en"),
        Vec::<(String, String)>::new()
    );
    // A unit of the English text alone is found and has no Chinese.
    let results = search(
        &INDEXED.index,
        "\"Ad Hoc Advisory Group on Haiti to submit\"",
        &options,
    )
    .unwrap();
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.hits[0].paragraph, "EN-OP1");
    assert_eq!(results.hits[0].text, "");
}

#[test]
fn bare_english_words_match_every_form_and_rank_the_phrase_first() {
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..Default::default()
    };
    // `recommendations` is found by `recommendation`.
    let results = search(&INDEXED.index, "recommendation lang:en", &options).unwrap();
    assert!(results.hits.iter().any(|h| h
        .en
        .as_deref()
        .is_some_and(|en| en.contains("recommendations"))));
    // Every hit holds both words; those holding them side by side first.
    let results = search(&INDEXED.index, "technical assistance lang:en", &options).unwrap();
    assert!(!results.hits.is_empty());
    let together = |h: &hrsearch::Hit| {
        let w = words(h.en.as_deref().unwrap_or(""));
        w.windows(2).any(|p| p == ["technical", "assistance"])
    };
    let first_apart = results.hits.iter().position(|h| !together(h));
    if let Some(first_apart) = first_apart {
        assert!(results.hits[first_apart..].iter().all(|h| !together(h)));
    }
    assert!(together(&results.hits[0]));
}

#[test]
fn texts_pair_by_symbol_by_sidecar_and_by_name_and_an_english_text_stands_alone() {
    let dir = tempfile::tempdir().unwrap();
    let english =
        std::fs::read_to_string(root().join("tests/english/hrc-21-draft.en.txt")).unwrap();
    // By symbol: both headers carry A/HRC/21/L.28, the names nothing.
    let bysymbol = dir.path().join("bysymbol");
    std::fs::create_dir_all(&bysymbol).unwrap();
    std::fs::write(
        bysymbol.join("chinese.txt"),
        format!("联合国  A/HRC/21/L.28\n{}", common::sample_text()),
    )
    .unwrap();
    std::fs::write(bysymbol.join("other-name.txt"), &english).unwrap();
    // By a sidecar that names the English file.
    let bysidecar = dir.path().join("bysidecar");
    std::fs::create_dir_all(&bysidecar).unwrap();
    std::fs::write(bysidecar.join("draft.txt"), common::sample_text()).unwrap();
    std::fs::write(
        bysidecar.join("draft.json"),
        r#"{"english": "translation.txt"}"#,
    )
    .unwrap();
    std::fs::write(bysidecar.join("translation.txt"), &english).unwrap();
    // By name: `_C` and `_E`.
    let byname = dir.path().join("byname");
    std::fs::create_dir_all(&byname).unwrap();
    std::fs::write(byname.join("draft_C.txt"), common::sample_text()).unwrap();
    std::fs::write(byname.join("draft_E.txt"), &english).unwrap();
    // Alone: an English text with no Chinese partner.
    let alone = dir.path().join("alone");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::write(alone.join("draft.en.txt"), &english).unwrap();

    for (folder, partner) in [
        (&bysymbol, Some("other-name.txt")),
        (&bysidecar, Some("translation.txt")),
        (&byname, Some("draft_E.txt")),
        (&alone, None),
    ] {
        let walk = hrsearch::corpus::discover(std::slice::from_ref(folder), Default::default());
        assert_eq!(walk.files.len(), 1, "{}", folder.display());
        let file = &walk.files[0];
        assert_eq!(
            file.english
                .as_ref()
                .map(|p| p.file_name().unwrap().to_str().unwrap()),
            partner,
            "{}",
            folder.display()
        );
        let r = hrsearch::corpus::load(file).unwrap();
        match partner {
            Some(_) => {
                assert_eq!(r.language, Language::Chinese);
                let english = r.english.expect("an English version");
                assert_eq!(
                    english.aligned + english.unaligned,
                    r.paragraphs.len() - english.english_only
                );
                // The operative paragraphs share their numbers: OP1 and
                // OP2 have the English of the same paragraphs.
                let op = |label: &str| r.paragraphs.iter().find(|p| p.label == label).unwrap();
                assert!(op("OP1").en.as_deref().unwrap().starts_with("1. Reaffirms"));
            }
            None => assert_eq!(r.language, Language::English),
        }
    }
}

#[test]
fn every_line_of_every_english_text_quoted_finds_exactly_the_units_holding_it() {
    let folder = root().join("tests/realdocs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".en.txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 25);
    let (mut lines, mut found) = (0, 0);
    for path in files {
        // The document the English belongs to: its Chinese partner's.
        let stem = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".en.txt", ".zh");
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = hrsearch::parse::parse_document(&text).unwrap();
        let furniture: Vec<usize> = parsed.furniture.iter().map(|(line, _)| *line).collect();
        for (i, line) in text.lines().enumerate() {
            let quotes = ['"', '“', '”', '＂', '「', '」', '『', '』'];
            if furniture.contains(&(i + 1)) || words(line).is_empty() || line.contains(quotes) {
                continue;
            }
            // A query holds at most 1,000 characters: a longer line is
            // searched by its first 900, cut at a space.
            let line = if line.chars().count() > 900 {
                let head: String = line.chars().take(900).collect();
                head[..head.rfind(' ').unwrap_or(head.len())].to_string()
            } else {
                line.to_string()
            };
            lines += 1;
            let expected = units_holding(&line);
            assert_eq!(
                hits(&format!("\"{line}\" lang:en")),
                expected,
                "{}:{}",
                path.display(),
                i + 1
            );
            assert!(
                expected.iter().any(|(id, _)| *id == stem),
                "{}:{} is not found in its own document: {line}",
                path.display(),
                i + 1
            );
            found += 1;
        }
    }
    assert!(lines > 4000, "{lines}");
    assert_eq!(found, lines);
}
