//! `[learn]`: the learning store of `std/learn` (issue #6; decision, the spec is silent):
//! `path` (string, default `.prism/learn.db`, relative to the project root like every path of
//! runtime §2.2). A value that is not a non-empty string is `E0702`.
use std::path::PathBuf;

use super::set;
use crate::model::LearnSettings;
use crate::reader::{join, Reader};
use crate::toml_tree::Node;

pub(super) fn read_learn(reader: &mut Reader, node: &Node, out: &mut LearnSettings) {
    let Some(entries) = reader.table("learn", node) else {
        return;
    };
    reader.unknown_keys("learn", entries, &["path"]);
    for entry in entries {
        if entry.key != "path" {
            continue;
        }
        let path = join("learn", &entry.key);
        let text = reader.string(&path, &entry.value);
        if text.as_deref() == Some("") {
            reader.wrong_type(&path, &entry.value, "a non-empty string");
            continue;
        }
        set(&mut out.path, text.map(PathBuf::from));
    }
}
