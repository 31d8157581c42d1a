//! A plain-text picture of a [`Resolution`] for snapshot tests and debugging: the scope tree with
//! each scope's bindings and their flags, then every use.

use std::fmt::Write;

use super::{Access, Resolution, ScopeId};

impl Resolution {
    /// Renders the scope tree and the uses; `source` gives line numbers to spans.
    pub fn dump(&self, source: &str) -> String {
        let mut out = String::new();
        for (index, scope) in self.scopes.iter().enumerate() {
            if scope.parent.is_none() {
                self.dump_scope(&mut out, source, index, 0);
            }
        }
        out.push_str("uses:\n");
        for record in &self.uses {
            let name = self
                .binding(record.binding)
                .map_or("?", |b| b.name.as_str());
            let access = match record.access {
                Access::Read => "read",
                Access::Write => "write",
                Access::ReadWrite => "read-write",
            };
            let line = line_of(source, record.span.start);
            let target = record.binding.0;
            let _ = writeln!(
                out,
                "  {line}: {name} {access} -> b{target} (fn{})",
                record.function.0
            );
        }
        out
    }

    fn dump_scope(&self, out: &mut String, source: &str, index: usize, depth: usize) {
        let Some(scope) = self.scopes.get(index) else {
            return;
        };
        let indent = "  ".repeat(depth);
        let hoists = if scope.hoists_functions {
            ", hoists"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{indent}{:?} s{index} (fn{}{hoists})",
            scope.kind, scope.function.0
        );
        for &binding in &scope.bindings {
            let Some(info) = self.binding(binding) else {
                continue;
            };
            let mut flags = Vec::new();
            for (set, flag) in [
                (info.read, "read"),
                (info.reassigned, "reassigned"),
                (info.captured, "captured"),
            ] {
                if set {
                    flags.push(flag);
                }
            }
            let line = line_of(source, info.span.start);
            let _ = writeln!(
                out,
                "{indent}  b{} {} {:?} line {line} [{}]",
                binding.0,
                info.name,
                info.kind,
                flags.join(", ")
            );
        }
        for (child, candidate) in self.scopes.iter().enumerate() {
            if candidate.parent == u32::try_from(index).ok().map(ScopeId) {
                self.dump_scope(out, source, child, depth + 1);
            }
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(source: &str, offset: u32) -> usize {
    let end = (offset as usize).min(source.len());
    source
        .as_bytes()
        .get(..end)
        .map_or(0, |before| before.iter().filter(|&&b| b == b'\n').count())
        + 1
}
