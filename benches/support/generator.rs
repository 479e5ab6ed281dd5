//! A generator of Chinese UN resolutions in the real layout, for benchmarks
//! at scale; shared by `examples/gen_corpus.rs` and the benches. Deterministic
//! from its seed.
//!
//! Each file has a header (organ, session in Chinese numerals, agenda item
//! and title, sponsors with non-member marks, number, title), the organ as
//! subject, preambular and numbered operative paragraphs, sometimes section
//! headings, footnotes between paragraphs and paragraphs split by a page
//! break with page furniture between the halves. Paragraph text mixes words
//! drawn with jieba's dictionary frequencies from 200,000 words
//! (`benches/data/vocabulary.txt`) with clauses of the bundled sample, UN
//! terms, citations and dates, so that the vocabulary, the posting lists and
//! the tokenizer see realistic text rather than a few paragraphs repeated.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const VOCABULARY: &str = include_str!("../data/vocabulary.txt");
const ENGLISH_VOCABULARY: &str = include_str!("../data/english-vocabulary.txt");
const SAMPLE: &str = include_str!("../../corpus/hrc-21-item10-technical-cooperation-draft.txt");

const PREAMBULAR_OPENERS: [&str; 24] = [
    "重申",
    "回顾",
    "又回顾",
    "认识到",
    "注意到",
    "关切地注意到",
    "深为关切",
    "欢迎",
    "强调",
    "确认",
    "铭记",
    "考虑到",
    "承认",
    "又承认",
    "申明",
    "遵循",
    "表示注意到",
    "深信",
    "意识到",
    "严重关切",
    "赞赏",
    "忆及",
    "并回顾",
    "着重指出",
];
const OPERATIVE_OPENERS: [&str; 24] = [
    "决定",
    "请",
    "呼吁",
    "敦促",
    "鼓励",
    "欢迎",
    "强调",
    "重申",
    "吁请",
    "邀请",
    "促请",
    "谴责",
    "赞赏",
    "请联合国人权事务高级专员办事处",
    "请秘书长",
    "鼓励各国",
    "吁请各国",
    "又请",
    "还请",
    "表示关切",
    "申明",
    "认识到",
    "建议",
    "着重指出",
];
const UN_TERMS: [&str; 16] = [
    "普遍定期审议",
    "人权理事会",
    "国家人权机构",
    "特别程序",
    "技术援助",
    "能力建设",
    "民间社会",
    "联合国人权事务高级专员办事处",
    "人权维护者",
    "条约机构",
    "特别报告员",
    "工作组",
    "发展权",
    "性别平等",
    "国际人道主义法",
    "宗教或信仰自由",
];
const AGENDA: [(&str, &str); 6] = [
    ("1", "组织和程序事项"),
    ("2", "联合国人权事务高级专员的年度报告以及高级专员办事处和秘书长的报告"),
    ("3", "增进和保护所有人权——公民权利、政治权利、经济、社会及文化权利，包括发展权"),
    ("4", "需要理事会注意的人权状况"),
    ("9", "种族主义、种族歧视、仇外心理和相关的不容忍行为——《德班宣言和行动纲领》的后续行动和执行情况"),
    ("10", "技术援助和能力建设"),
];
const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Words with cumulative frequencies, for drawing by frequency.
struct Vocabulary {
    words: Vec<&'static str>,
    cumulative: Vec<u64>,
}

impl Vocabulary {
    fn load() -> Vocabulary {
        Vocabulary::of(VOCABULARY)
    }

    fn of(list: &'static str) -> Vocabulary {
        let mut words = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for line in list.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split_whitespace();
            let (Some(word), Some(freq)) = (fields.next(), fields.next()) else {
                continue;
            };
            total += freq.parse::<u64>().unwrap_or(1);
            words.push(word);
            cumulative.push(total);
        }
        Vocabulary { words, cumulative }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> &'static str {
        let total = *self.cumulative.last().expect("a vocabulary");
        let target = rng.random_range(0..total);
        self.words[self.cumulative.partition_point(|&c| c <= target)]
    }
}

/// Chinese numerals for a session number: 21 → 二十一.
fn chinese_number(n: u64) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                String::new()
            } else {
                DIGITS[(n % 10) as usize].to_string()
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                String::new()
            } else {
                DIGITS[(n % 10) as usize].to_string()
            }
        ),
        _ => n.to_string(),
    }
}

struct Generator {
    rng: ChaCha8Rng,
    vocabulary: Vocabulary,
    clauses: Vec<String>,
    states: Vec<String>,
    seen_words: HashSet<&'static str>,
    lengths: Vec<usize>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        let body: String = SAMPLE.lines().skip(15).collect::<Vec<_>>().join("\n");
        let clauses = body
            .split(['，', '；', '。', '\n'])
            .map(|c| {
                c.trim()
                    .trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == ' ')
            })
            .filter(|c| c.chars().count() >= 4 && !c.starts_with('#') && !c.starts_with('\\'))
            .map(str::to_string)
            .collect();
        let sponsors_line = SAMPLE
            .lines()
            .find(|l| l.contains("：决议草案"))
            .expect("a sponsor line");
        let states = sponsors_line
            .trim_end_matches("：决议草案")
            .split('、')
            .map(|s| s.trim_end_matches("\\*").to_string())
            .collect();
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            vocabulary: Vocabulary::load(),
            clauses,
            states,
            seen_words: HashSet::new(),
            lengths: Vec::new(),
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// One clause: drawn words, a clause of the sample, a UN term, a
    /// citation or a date.
    fn clause(&mut self) -> String {
        let roll: f64 = self.rng.random();
        if roll < 0.25 {
            let i = self.rng.random_range(0..self.clauses.len());
            return self.clauses[i].clone();
        }
        let mut clause = String::new();
        if roll < 0.32 {
            let _ = write!(
                clause,
                "第 {}/{} 号决议",
                self.rng.random_range(1..60),
                self.rng.random_range(1..40)
            );
        } else if roll < 0.36 {
            let _ = write!(
                clause,
                "{} 年 {} 月 {} 日",
                self.rng.random_range(1993..2026),
                self.rng.random_range(1..13),
                self.rng.random_range(1..29)
            );
        }
        let words = self.rng.random_range(3..14);
        for i in 0..words {
            if i == words / 2 && self.rng.random_bool(0.3) {
                let term: &str = self.pick(&UN_TERMS);
                clause.push_str(term);
                continue;
            }
            let word = self.vocabulary.draw(&mut self.rng);
            self.seen_words.insert(word);
            clause.push_str(word);
        }
        clause
    }

    fn paragraph_text(&mut self, opener: &str) -> String {
        let mut text = opener.to_string();
        // Clause counts skewed towards short paragraphs with a long tail.
        let clauses = 1 + (self.rng.random::<f64>().powf(1.3) * 7.0) as usize;
        for i in 0..clauses {
            if i > 0 {
                text.push(if self.rng.random_bool(0.8) {
                    '，'
                } else {
                    '、'
                });
            }
            text.push_str(&self.clause());
        }
        text
    }

    /// One resolution with about `paragraphs` paragraphs, and what an
    /// English version of it would hold.
    fn resolution(&mut self, index: usize, paragraphs: usize) -> (String, Plan) {
        let session = self.rng.random_range(1..60u64);
        let (item, agenda_title) = self.pick(&AGENDA);
        let draft = self.rng.random_bool(0.5);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "人权理事会  \n第{}届会议  \n议程项目 {item}  \n{agenda_title}\n",
            chinese_number(session)
        );
        if draft {
            let count = self.rng.random_range(3..30);
            let sponsors: Vec<String> = (0..count)
                .map(|_| {
                    let state = self.states[self.rng.random_range(0..self.states.len())].clone();
                    if self.rng.random_bool(0.5) {
                        format!("{state}\\*")
                    } else {
                        state
                    }
                })
                .collect();
            let _ = writeln!(out, "{}：决议草案\n", sponsors.join("、"));
            let _ = writeln!(out, "{session}/...\n");
        } else {
            let _ = writeln!(out, "{session}/{}\n", index % 50 + 1);
        }
        let clause = self.clause();
        let noun: &str = self.pick(&["问题", "作用", "权利", "合作"]);
        let term: &str = self.pick(&UN_TERMS);
        let title = format!("{clause}{noun}的{term}");
        let _ = writeln!(out, "{title}\n\n人权理事会，\n");
        let preambular = (paragraphs * 2 / 5).max(1);
        let operative = paragraphs.saturating_sub(preambular).max(1);
        let mut plan = Plan {
            session,
            item,
            draft,
            preambular: Vec::new(),
            operative: Vec::new(),
        };
        for p in 0..preambular {
            let opener = self.pick(&PREAMBULAR_OPENERS);
            let text = self.paragraph_text(opener) + "，";
            plan.preambular.push(text.chars().count());
            self.push_paragraph(&mut out, &text);
            if p == 2 && draft {
                out.push_str("\\* 非人权理事会成员国。\n\n");
            }
        }
        let section_at = self
            .rng
            .random_bool(0.2)
            .then(|| self.rng.random_range(1..=operative));
        for n in 1..=operative {
            if Some(n) == section_at {
                let heading = self.clause();
                let _ = writeln!(out, "#### {heading}\n");
            }
            let opener = self.pick(&OPERATIVE_OPENERS);
            let end = if n == operative { "。" } else { "；" };
            let text = format!("{n}. {}{end}", self.paragraph_text(opener));
            plan.operative.push(text.chars().count());
            self.push_paragraph(&mut out, &text);
        }
        out.push_str("---\n");
        (out, plan)
    }

    /// Writes a paragraph, now and then split by a page break with page
    /// furniture between its halves.
    fn push_paragraph(&mut self, out: &mut String, text: &str) {
        self.lengths.push(text.chars().count());
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > 30 && self.rng.random_bool(0.03) {
            let mut cut = self.rng.random_range(10..chars.len() - 10);
            // A page break never falls right after closing punctuation.
            while cut > 1 && "，；。：、".contains(chars[cut - 1]) {
                cut -= 1;
            }
            let (head, tail): (String, String) =
                (chars[..cut].iter().collect(), chars[cut..].iter().collect());
            let _ = write!(
                out,
                "{head}\n\nGE.12-{:05}\n\n{tail}\n\n",
                self.rng.random_range(10000..99999)
            );
        } else {
            let _ = write!(out, "{text}\n\n");
        }
    }
}

/// What an English version of a generated resolution holds: its session,
/// agenda item, whether it is a draft, and the length in characters of
/// each preambular and operative paragraph of the Chinese.
struct Plan {
    session: u64,
    item: &'static str,
    draft: bool,
    preambular: Vec<usize>,
    operative: Vec<usize>,
}

const ENGLISH_PREAMBULAR: [&str; 12] = [
    "Recalling",
    "Reaffirming",
    "Recognizing",
    "Noting",
    "Welcoming",
    "Emphasizing",
    "Stressing",
    "Bearing in mind",
    "Deeply concerned",
    "Taking note",
    "Acknowledging",
    "Underlining",
];
const ENGLISH_OPERATIVE: [&str; 12] = [
    "Requests",
    "Decides",
    "Calls upon",
    "Encourages",
    "Invites",
    "Urges",
    "Welcomes",
    "Recommends",
    "Stresses",
    "Also requests",
    "Reaffirms",
    "Notes",
];
const ENGLISH_STATES: [&str; 10] = [
    "Norway", "Japan", "Brazil", "Morocco", "Thailand", "Peru", "Poland", "Sweden", "Cuba",
    "Mexico",
];

/// English versions of generated resolutions, line for line in the English
/// layout, their words drawn by frequency from the English of the real
/// documents (`benches/data/english-vocabulary.txt`). A second random
/// stream: the Chinese corpus is the same with or without them.
struct EnglishWriter {
    rng: ChaCha8Rng,
    vocabulary: Vocabulary,
}

impl EnglishWriter {
    fn new(seed: u64) -> EnglishWriter {
        EnglishWriter {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x656e),
            vocabulary: Vocabulary::of(ENGLISH_VOCABULARY),
        }
    }

    /// About as many words as an English text has for `chinese` characters.
    fn words(&mut self, chinese: usize) -> String {
        let count = (chinese * 3 / 5).max(3);
        (0..count)
            .map(|_| self.vocabulary.draw(&mut self.rng))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn resolution(&mut self, index: usize, plan: &Plan) -> String {
        let session = plan.session;
        let suffix = match (session % 10, session % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        let mut out = format!(
            "Human Rights Council\n{session}{suffix} session\nAgenda item {}\n{}\n",
            plan.item,
            self.words(12)
        );
        if plan.draft {
            let count = self.rng.random_range(1..6);
            let states: Vec<&str> = (0..count)
                .map(|_| ENGLISH_STATES[self.rng.random_range(0..ENGLISH_STATES.len())])
                .collect();
            let _ = writeln!(
                out,
                "{}: draft resolution\n{session}/...",
                states.join(", ")
            );
        } else {
            let _ = writeln!(out, "{session}/{}", index % 50 + 1);
        }
        let _ = writeln!(out, "{}\nThe Human Rights Council,", self.words(15));
        for &chars in &plan.preambular {
            let opener = ENGLISH_PREAMBULAR[self.rng.random_range(0..ENGLISH_PREAMBULAR.len())];
            let _ = writeln!(out, "{opener} {},", self.words(chars));
        }
        let last = plan.operative.len();
        for (n, &chars) in plan.operative.iter().enumerate() {
            let opener = ENGLISH_OPERATIVE[self.rng.random_range(0..ENGLISH_OPERATIVE.len())];
            let end = if n + 1 == last { "." } else { ";" };
            let _ = writeln!(out, "{}. {opener} {}{end}", n + 1, self.words(chars));
        }
        out
    }
}

fn file_path(dir: &Path, index: usize, tag: &str) -> std::io::Result<std::path::PathBuf> {
    let folder = dir.join(format!("{:03}", index / 1000));
    std::fs::create_dir_all(&folder)?;
    Ok(folder.join(format!("res-{index:06}{tag}.txt")))
}

/// What [`write_corpus`] wrote.
pub struct CorpusStats {
    /// Files written.
    pub files: usize,
    /// Paragraphs written.
    pub paragraphs: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Distinct vocabulary words drawn.
    pub distinct_words: usize,
    /// Paragraph lengths in characters, sorted.
    pub lengths: Vec<usize>,
}

impl std::fmt::Display for CorpusStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |q: f64| self.lengths[((self.lengths.len() - 1) as f64 * q) as usize];
        write!(
            f,
            "{} files, {} paragraphs, {:.1} MB, {} distinct vocabulary words drawn; \
             paragraph length in characters: p10 {} p50 {} p90 {} p99 {} max {}",
            self.files,
            self.paragraphs,
            self.bytes as f64 / 1e6,
            self.distinct_words,
            at(0.10),
            at(0.50),
            at(0.90),
            at(0.99),
            self.lengths.last().copied().unwrap_or(0)
        )
    }
}

/// Writes resolutions with `paragraphs` paragraphs in all into `out`, 1,000
/// files a folder; with `english`, each resolution's English version beside
/// it (`res-000001.zh.txt` and `res-000001.en.txt`).
pub fn write_corpus(
    out: &Path,
    paragraphs: usize,
    seed: u64,
    english: bool,
) -> std::io::Result<CorpusStats> {
    let mut generator = Generator::new(seed);
    let mut english_writer = english.then(|| EnglishWriter::new(seed));
    let mut written = 0;
    let mut files = 0;
    let mut bytes = 0u64;
    while written < paragraphs {
        let count = generator
            .rng
            .random_range(8..45)
            .min(paragraphs - written)
            .max(2);
        let (text, plan) = generator.resolution(files, count);
        bytes += text.len() as u64;
        match &mut english_writer {
            Some(writer) => {
                std::fs::write(file_path(out, files, ".zh")?, &text)?;
                let english = writer.resolution(files, &plan);
                bytes += english.len() as u64;
                std::fs::write(file_path(out, files, ".en")?, english)?;
            }
            None => std::fs::write(file_path(out, files, "")?, &text)?,
        }
        written += count;
        files += 1;
    }
    let mut lengths = generator.lengths.clone();
    lengths.sort_unstable();
    Ok(CorpusStats {
        files,
        paragraphs: written,
        bytes,
        distinct_words: generator.seen_words.len(),
        lengths,
    })
}
