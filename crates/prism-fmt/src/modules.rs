//! `import`, `export` and `agents` (language §3.2, §8.11, §13; cli §6.3: specifier lists are
//! groups, agents are one per line inside `agents {`).

use prism_span::Span;
use prism_syntax::ast::{AgentDecl, Export, ExportSpec, Import, ImportSpec, Name, Stmt, StrLit};

use crate::comments::verbatim_literal;
use crate::doc::{concat, text, Doc};
use crate::lists::{Brackets, Element};
use crate::Formatter;

impl Formatter<'_> {
    fn string_literal(&mut self, literal: &StrLit) -> Doc {
        let leading = self.comments.leading(literal.span.start);
        leading.wrap(text(verbatim_literal(self.source_text(literal.span))))
    }

    fn name(&mut self, name: &Name) -> Doc {
        let leading = self.comments.leading(name.span.start);
        leading.wrap(text(name.text.as_str()))
    }

    /// `{ a, b as c }`: the first `{` after `search_from`, the `}` after the last specifier.
    fn specifiers<T>(
        &mut self,
        specifiers: &[T],
        search_from: u32,
        span_of: impl Fn(&T) -> Span,
        mut spec_doc: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Doc {
        let open_at = self.find_after(search_from, b'{');
        let after_last = specifiers
            .last()
            .map_or(open_at + 1, |spec| span_of(spec).end);
        let brackets = Brackets {
            open: "{",
            close: "}",
            spaced: true,
            close_at: self.find_after(after_last, b'}'),
        };
        let items: Vec<Element<&T>> = specifiers
            .iter()
            .map(|spec| Element {
                item: spec,
                span: Some(span_of(spec)),
                rest: false,
            })
            .collect();
        self.group_list(&brackets, &items, |this, spec| spec_doc(this, spec))
    }

    /// `a`, or `a as b` when the two names differ.
    fn renamed(&mut self, first: &Name, second: &Name) -> Doc {
        let first_doc = self.name(first);
        if first.text == second.text {
            return first_doc;
        }
        let second_doc = self.name(second);
        concat(vec![first_doc, text(" as "), second_doc])
    }

    pub fn import(&mut self, import: &Import, span: Span) -> Doc {
        let mut parts = vec![text("import ")];
        let mut clauses = Vec::new();
        if let Some(default) = &import.default {
            clauses.push(self.name(default));
        }
        if let Some(namespace) = &import.namespace {
            clauses.push(concat(vec![text("* as "), self.name(namespace)]));
        } else if !import.names.is_empty() || self.has_braces(span, &import.source) {
            clauses.push(self.specifiers(
                &import.names,
                span.start,
                |spec: &ImportSpec| spec.imported.span.merge(spec.local.span),
                |this, spec| this.renamed(&spec.imported, &spec.local),
            ));
        }
        let has_clause = !clauses.is_empty();
        for (index, clause) in clauses.into_iter().enumerate() {
            if index > 0 {
                parts.push(text(", "));
            }
            parts.push(clause);
        }
        if has_clause {
            parts.push(text(" from "));
        }
        parts.push(self.string_literal(&import.source));
        concat(parts)
    }

    /// Whether an import has a (possibly empty) `{ … }` clause before its source.
    fn has_braces(&self, span: Span, source: &StrLit) -> bool {
        let end = source.span.start.max(span.start);
        self.find_after(span.start, b'{') < end
    }

    pub fn export(&mut self, export: &Export, span: Span) -> Doc {
        if let Some(declaration) = &export.declaration {
            return concat(vec![text("export "), self.statement(declaration)]);
        }
        if let Some(default) = &export.default {
            return concat(vec![text("export default "), self.expr(default)]);
        }
        let mut parts = vec![text("export ")];
        if export.all {
            parts.push(text("*"));
        } else {
            parts.push(self.specifiers(
                &export.specifiers,
                span.start,
                |spec: &ExportSpec| spec.local.span.merge(spec.exported.span),
                |this, spec| this.renamed(&spec.local, &spec.exported),
            ));
        }
        if let Some(source) = &export.source {
            parts.push(text(" from "));
            parts.push(self.string_literal(source));
        }
        concat(parts)
    }

    /// `agents {` with one `name: Agent { … }` per line (cli §6.3).
    pub fn agents(&mut self, agents: &[AgentDecl], statement: &Stmt) -> Doc {
        let close_at = self.last_brace(statement.span);
        let lines = self.line_list(
            agents,
            close_at,
            false,
            |agent| agent.span,
            |this, agents, index| match agents.get(index) {
                Some(agent) => this.agent(agent),
                None => Doc::Nil,
            },
        );
        concat(vec![text("agents "), self.braced_lines(lines)])
    }

    fn agent(&mut self, agent: &AgentDecl) -> Doc {
        let name = self.name(&agent.name);
        let word = if agent.agent_word.is_some() {
            text("Agent ")
        } else {
            Doc::Nil
        };
        let object = self.expr(&agent.object);
        concat(vec![name, text(": "), word, object])
    }
}
