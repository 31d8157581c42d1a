//! The reference text of every builtin, read from a copy of builtins.md kept in this crate
//! (`data/builtins.md`), so hover and completion quote the specification itself.
//!
//! Each table row of builtins.md starts with one or more signatures in backquotes
//! (`` `Math.sin`, `Math.cos(x)` ``); every name in that first cell gets the row. Names are the
//! qualified names of builtins §1.2: `print`, `Math.sqrt`, `Array.map` (array methods), `Agent.ask`.

use std::collections::HashMap;
use std::sync::OnceLock;

const BUILTINS_MD: &str = include_str!("../data/builtins.md");

/// One row of a builtins.md table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltinDoc {
    /// The first cell as written, without backquotes (`Math.abs(x), Math.sign(x)`).
    pub signature: String,
    /// The behaviour cell.
    pub behaviour: String,
    /// The section number (`8` for Math).
    pub section: String,
}

impl BuiltinDoc {
    /// The Markdown shown on hover and in completion documentation.
    pub fn markdown(&self) -> String {
        format!(
            "```prism\n{}\n```\n{} (builtins §{})",
            self.signature, self.behaviour, self.section
        )
    }
}

/// The reference text of a builtin by qualified name.
pub fn builtin_doc(qualified: &str) -> Option<&'static BuiltinDoc> {
    table().get(qualified)
}

/// What the prelude index (builtins §3) says a prelude name is (`namespace`, `function`, …).
pub fn prelude_kind(name: &str) -> Option<&'static str> {
    prelude_index().get(name).copied()
}

fn table() -> &'static HashMap<String, BuiltinDoc> {
    static TABLE: OnceLock<HashMap<String, BuiltinDoc>> = OnceLock::new();
    TABLE.get_or_init(|| parse_tables(BUILTINS_MD))
}

fn prelude_index() -> &'static HashMap<String, &'static str> {
    static INDEX: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::new();
        let section = BUILTINS_MD
            .split("\n## 3. Prelude index")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or("");
        for row in section.lines().filter_map(split_row) {
            let (Some(names), Some(kind)) = (row.first(), row.get(1)) else {
                continue;
            };
            for name in code_spans(names) {
                index.entry(name.to_string()).or_insert(*kind);
            }
        }
        index
    })
}

fn parse_tables(text: &'static str) -> HashMap<String, BuiltinDoc> {
    let mut table = HashMap::new();
    // Described in the prose above the array table rather than in a row.
    table.insert(
        "Array.length".to_string(),
        BuiltinDoc {
            signature: "Array.length".to_string(),
            behaviour: "property: the number of elements; assignable (language §4.5)".to_string(),
            section: "4".to_string(),
        },
    );
    let mut section = String::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.split('.').next().unwrap_or("").to_string();
            continue;
        }
        if section == "3" {
            continue; // The prelude index only points to the sections.
        }
        let Some(cells) = split_row(line) else {
            continue;
        };
        let (Some(first), Some(behaviour)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        if !first.starts_with('`') {
            continue;
        }
        let doc = BuiltinDoc {
            signature: first.replace('`', "").replace("\\|", "|"),
            behaviour: behaviour.replace("\\|", "|"),
            section: section.clone(),
        };
        for code in code_spans(first) {
            let name = code
                .split(['(', ' ', ':'])
                .next()
                .unwrap_or(code)
                .to_string();
            table.entry(name).or_insert_with(|| doc.clone());
        }
    }
    table
}

/// The cells of a Markdown table row (`\|` inside a cell does not split it); `None` for other
/// lines and for the separator row.
fn split_row(line: &str) -> Option<Vec<&str>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    if inner.starts_with('-') {
        return None;
    }
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'|' && (index == 0 || bytes[index - 1] != b'\\') {
            cells.push(inner[start..index].trim());
            start = index + 1;
        }
    }
    cells.push(inner[start..].trim());
    Some(cells)
}

/// The texts between backquote pairs.
fn code_spans(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('`').skip(1).step_by(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rows_by_qualified_name() {
        let doc = builtin_doc("Math.atan2").expect("Math.atan2");
        assert_eq!(doc.section, "8");
        assert!(doc.signature.contains("Math.sin"));
        let doc = builtin_doc("Array.push").expect("Array.push");
        assert!(doc.behaviour.contains("**mutates**"), "{}", doc.behaviour);
        let doc = builtin_doc("mean").expect("mean");
        assert_eq!(doc.signature, "mean(xs) → number|null");
        assert!(builtin_doc("Agent.ask").is_some());
        assert!(builtin_doc("nothing").is_none());
    }

    #[test]
    fn every_builtin_signature_has_reference_text() {
        use prism_checker::types::builtin_signatures::{members_of, qualified_name};
        let receivers = [
            "", "console", "Array", "Object", "Math", "JSON", "Promise", "Date", "Number",
            "String", "array", "string", "number", "test", "mock",
        ];
        let mut missing = Vec::new();
        for receiver in receivers {
            for (member, _) in members_of(receiver) {
                let key = if receiver.is_empty() {
                    member.to_string()
                } else {
                    qualified_name(&format!("{receiver}.{member}"))
                };
                if builtin_doc(&key).is_none() {
                    missing.push(key);
                }
            }
        }
        missing.sort();
        // Provided by the runtime beyond builtins.md (see builtin_signatures).
        assert_eq!(
            missing,
            [
                "Number.NEGATIVE_INFINITY",
                "Number.NaN",
                "Number.POSITIVE_INFINITY"
            ]
        );
    }

    #[test]
    fn prelude_index_kinds() {
        assert_eq!(prelude_kind("Math"), Some("namespace"));
        assert_eq!(prelude_kind("len"), Some("functions"));
    }
}
