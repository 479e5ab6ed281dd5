//! Measures the alignment on the segment fixtures, whose Chinese and
//! English lines are one record each: a pair is right when its two units
//! start on the same record (or the next or previous one, where the
//! English column is shifted).
use hrsearch::parse::parse_document;

fn main() {
    let folder = std::path::Path::new("tests/realdocs");
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().ends_with(".zh.txt") && p.to_string_lossy().contains("segments-")
        })
        .collect();
    names.sort();
    let (mut right, mut wrong, mut missed, mut total) = (0, 0, 0, 0);
    for zh_path in names {
        let en_path = zh_path.to_string_lossy().replace(".zh.txt", ".en.txt");
        let zh = parse_document(&std::fs::read_to_string(&zh_path).unwrap()).unwrap();
        let en = parse_document(&std::fs::read_to_string(&en_path).unwrap()).unwrap();
        let alignment =
            hrsearch::align::align(&zh.resolution.paragraphs, &en.resolution.paragraphs);
        let (mut r, mut w, mut m) = (0, 0, 0);
        for (i, pair) in alignment.pairs.iter().enumerate() {
            let line = zh.unit_lines[i][0];
            let same = |j: usize| en.unit_lines[j][0].abs_diff(line) <= 1;
            match pair {
                Some(j) if same(*j) => r += 1,
                Some(j) => {
                    w += 1;
                    if std::env::var("SHOW").is_ok() {
                        println!(
                            "  wrong {} {:?} | {:?}",
                            zh.resolution.paragraphs[i].label,
                            zh.resolution.paragraphs[i]
                                .text
                                .chars()
                                .take(20)
                                .collect::<String>(),
                            en.resolution.paragraphs[*j]
                                .text
                                .chars()
                                .take(40)
                                .collect::<String>()
                        );
                    }
                }
                None if (0..en.unit_lines.len()).any(same) => m += 1,
                None => {}
            }
        }
        println!(
            "{}: right {r} wrong {w} missed {m} of {}",
            zh_path.display(),
            alignment.pairs.len()
        );
        right += r;
        wrong += w;
        missed += m;
        total += alignment.pairs.len();
    }
    println!(
        "total: right {right} wrong {wrong} missed {missed} of {total}; precision {:.3}",
        right as f64 / (right + wrong) as f64
    );
}
