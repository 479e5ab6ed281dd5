//! The UN member states and observer states under every Chinese name the
//! texts and researchers use for them (`data/states.tsv`), so that
//! `sponsor:委内瑞拉` finds a resolution sponsored by
//! `委内瑞拉玻利瓦尔共和国`, and the other way round.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::analysis::normalize;

/// The table, one state a line.
const TABLE: &str = include_str!("../data/states.tsv");

/// One state and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// The English short name (`Venezuela (Bolivarian Republic of)`).
    pub english: &'static str,
    /// The Chinese short name, as the UN's lists of sponsors write it
    /// (`委内瑞拉玻利瓦尔共和国`).
    pub short: &'static str,
    /// The Chinese formal name (`委内瑞拉玻利瓦尔共和国`).
    pub formal: &'static str,
    /// Other forms in use (`委内瑞拉`, `委内瑞拉(玻利瓦尔共和国)`).
    pub others: Vec<&'static str>,
    /// A member of the United Nations (else an observer state).
    pub member: bool,
}

impl State {
    /// Every Chinese name of the state: short, formal, then the others.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.short, self.formal]
            .into_iter()
            .chain(self.others.iter().copied())
    }
}

/// A line of the table that cannot be read (a test reads every line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Reads the table: every state, or the lines that are wrong.
pub fn read_table(table: &'static str) -> Result<Vec<State>, Vec<BadLine>> {
    let mut states = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let [english, short, formal, others, status] = columns.as_slice() else {
            bad.push(BadLine {
                line: i + 1,
                reason: format!("{} columns, not 5", columns.len()),
            });
            continue;
        };
        let member = match *status {
            "member" => true,
            "observer" => false,
            other => {
                bad.push(BadLine {
                    line: i + 1,
                    reason: format!("status {other:?}, not member or observer"),
                });
                continue;
            }
        };
        let others: Vec<&str> = others.split('、').filter(|s| !s.is_empty()).collect();
        if english.is_empty() || short.is_empty() || formal.is_empty() {
            bad.push(BadLine {
                line: i + 1,
                reason: "a name is empty".into(),
            });
            continue;
        }
        states.push(State {
            english,
            short,
            formal,
            others,
            member,
        });
    }
    if bad.is_empty() {
        Ok(states)
    } else {
        Err(bad)
    }
}

/// Every state of the table.
pub fn all() -> &'static [State] {
    static STATES: LazyLock<Vec<State>> = LazyLock::new(|| read_table(TABLE).unwrap_or_default());
    &STATES
}

/// The state one of whose names is `name` (compared normalised:
/// `伊朗（伊斯兰共和国）` is `伊朗(伊斯兰共和国)`).
pub fn find(name: &str) -> Option<&'static State> {
    static BY_NAME: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
        let mut map = HashMap::new();
        for (i, state) in all().iter().enumerate() {
            for name in state.names() {
                map.entry(normalize(name)).or_insert(i);
            }
        }
        map
    });
    BY_NAME.get(&normalize(name)).map(|&i| &all()[i])
}

/// The normalised names a `sponsor:` query for `name` matches: every name
/// of its state, or `name` alone when it names no state of the table.
pub fn sponsor_names(name: &str) -> Vec<String> {
    let plain = normalize(name);
    let mut names = vec![plain.clone()];
    if let Some(state) = find(&plain) {
        for other in state.names().map(normalize) {
            if !names.contains(&other) {
                names.push(other);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_line_of_the_table_reads_and_names_one_state() {
        let states = read_table(TABLE).expect("every line reads");
        assert_eq!(states.iter().filter(|s| s.member).count(), 193);
        assert_eq!(states.iter().filter(|s| !s.member).count(), 2);
        let english: HashSet<&str> = states.iter().map(|s| s.english).collect();
        assert_eq!(english.len(), states.len(), "an English name is repeated");
        let mut owner: HashMap<String, &str> = HashMap::new();
        for state in &states {
            for name in state.names() {
                let plain = normalize(name);
                assert!(!plain.is_empty());
                assert!(
                    !plain.contains(['、', '，', ',', ' ', '*']),
                    "{name}: a name holds a separator"
                );
                if let Some(other) = owner.insert(plain.clone(), state.english) {
                    assert_eq!(
                        other, state.english,
                        "{name} names both {other} and {}",
                        state.english
                    );
                }
            }
        }
    }

    #[test]
    fn every_name_of_every_state_finds_all_its_names() {
        for state in all() {
            for name in state.names() {
                let found = find(name).unwrap_or_else(|| panic!("{name} is not found"));
                assert_eq!(found.english, state.english, "{name}");
                let names = sponsor_names(name);
                for other in state.names() {
                    assert!(
                        names.contains(&normalize(other)),
                        "sponsor:{name} misses {other}"
                    );
                }
            }
        }
    }

    #[test]
    fn short_forms_researchers_type() {
        let names = |n: &str| sponsor_names(n);
        assert!(names("委内瑞拉").contains(&"委内瑞拉玻利瓦尔共和国".to_string()));
        assert!(names("摩尔多瓦").contains(&"摩尔多瓦共和国".to_string()));
        assert!(names("英国").contains(&"大不列颠及北爱尔兰联合王国".to_string()));
        assert!(names("伊朗（伊斯兰共和国）").contains(&"伊朗伊斯兰共和国".to_string()));
        // The Congo and the Democratic Republic of the Congo stay apart.
        assert!(!names("刚果").contains(&"刚果民主共和国".to_string()));
        assert_eq!(names("不是国家"), ["不是国家"]);
    }

    #[test]
    fn a_malformed_line_is_named() {
        let bad = read_table("Norway\t挪威\n").unwrap_err();
        assert_eq!(
            bad,
            [BadLine {
                line: 1,
                reason: "2 columns, not 5".into()
            }]
        );
    }
}
