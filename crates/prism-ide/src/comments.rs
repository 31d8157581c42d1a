//! Doc comments (language §2.4) and the pattern header (runtime §3.1) as the editor shows them.
//! Only the text is read here; validating the header is the configuration crate's job.

use prism_span::Span;
use prism_syntax::token::{Comment, CommentKind};

use crate::Analysis;

/// The header as runtime §3.1 splits it: the summary, then each tag with its value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub span: Span,
    pub summary: String,
    pub tags: Vec<(String, String)>,
}

/// The tags of runtime §3.2 with what they mean (completion inside the header).
pub const HEADER_TAGS: &[(&str, &str)] = &[
    ("name", "pattern name (text without whitespace)"),
    ("version", "semantic version, default \"1.0.0\""),
    ("description", "description; default: the summary"),
    ("input", "JSON Schema of the input (runtime §4.3)"),
    (
        "agents",
        "agent requirements: capabilities, minAgents, maxAgents, minConfidence, sortBy",
    ),
    ("minAgents", "integer ≥ 0; overrides @agents"),
    ("maxAgents", "integer ≥ 0; overrides @agents"),
    ("timeout", "run deadline in ms (integer ≥ 1)"),
    ("workspace", "any JSON, exposed as pattern.tags"),
    ("threads", "any JSON, exposed as pattern.tags"),
    ("metadata", "any JSON, exposed as pattern.tags"),
    ("param", "accepted and ignored"),
    ("returns", "accepted and ignored"),
    ("example", "accepted and ignored"),
    ("see", "accepted and ignored"),
    ("author", "accepted and ignored"),
    ("license", "accepted and ignored"),
    ("deprecated", "accepted and ignored"),
];

impl Analysis {
    /// The header comment: the first doc comment, if only whitespace, line comments and the
    /// shebang precede it (runtime §3.1).
    pub(crate) fn header_comment(&self) -> Option<&Comment> {
        let first_token = self
            .tokens()
            .first()
            .map_or(u32::MAX, |(_, span)| span.start);
        for comment in self.comments() {
            if comment.span.start > first_token {
                return None;
            }
            match comment.kind {
                CommentKind::Doc => return Some(comment),
                CommentKind::Line => {}
                CommentKind::Block => return None,
            }
        }
        None
    }

    /// The parsed header, if the file has one.
    pub fn header(&self) -> Option<Header> {
        let comment = self.header_comment()?;
        let mut header = Header {
            span: comment.span,
            ..Header::default()
        };
        let mut summary = Vec::new();
        for line in doc_lines(self.slice(comment.span)) {
            let tag = line.strip_prefix('@').and_then(|rest| {
                let length = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let name = &rest[..length];
                name.starts_with(|c: char| c.is_ascii_alphabetic())
                    .then(|| (name, &rest[length..]))
            });
            match (tag, header.tags.last_mut()) {
                (Some((name, value)), _) => {
                    header.tags.push((name.to_string(), value.to_string()));
                }
                (None, Some((_, value))) => {
                    value.push('\n');
                    value.push_str(line);
                }
                (None, None) => summary.push(line),
            }
        }
        for (_, value) in &mut header.tags {
            *value = value.trim().to_string();
        }
        header.summary = summary.join("\n").trim().to_string();
        Some(header)
    }

    /// The header tag under the cursor (`@name`) with its meaning (runtime §3.2).
    pub(crate) fn header_tag_at(&self, offset: u32) -> Option<(Span, &'static str, &'static str)> {
        let comment = self.header_comment()?;
        if !(comment.span.start < offset && offset < comment.span.end) {
            return None;
        }
        let text = self.text();
        let is_tag_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let start = text[..offset as usize]
            .rfind(|c: char| !is_tag_char(c))
            .map_or(0, |index| index + 1);
        let end = text[offset as usize..]
            .find(|c: char| !is_tag_char(c))
            .map_or(text.len(), |index| offset as usize + index);
        if start == 0 || text.as_bytes()[start - 1] != b'@' {
            return None;
        }
        let (tag, meaning) = HEADER_TAGS
            .iter()
            .find(|(tag, _)| *tag == &text[start..end])?;
        Some((Span::from_range(start - 1..end), tag, meaning))
    }

    /// The doc comment written immediately above the declaration whose name starts at
    /// `name_start`: only whitespace and declaration words may stand between them. The header is
    /// nobody's doc comment once it has a tag.
    pub(crate) fn doc_comment_before(&self, name_start: u32) -> Option<String> {
        let index = self
            .comments()
            .partition_point(|comment| comment.span.end <= name_start);
        let comment = self.comments().get(index.checked_sub(1)?)?;
        if comment.kind != CommentKind::Doc {
            return None;
        }
        let between = self.slice(Span::new(comment.span.end, name_start));
        let only_declaration_words = between.split_whitespace().all(|word| {
            matches!(
                word,
                "export" | "async" | "function" | "fn" | "let" | "const" | "agents" | "{"
            )
        });
        if !only_declaration_words {
            return None;
        }
        let is_header = self.header_comment().map(|header| header.span) == Some(comment.span);
        let lines = doc_lines(self.slice(comment.span));
        if is_header && lines.iter().any(|line| line.starts_with('@')) {
            return None;
        }
        let text = lines.join("\n").trim().to_string();
        (!text.is_empty()).then_some(text)
    }
}

/// The lines of a doc comment without `/**`, `*/` and the leading ` * ` (runtime §3.1).
fn doc_lines(text: &str) -> Vec<&str> {
    let inner = text.strip_prefix("/**").unwrap_or(text);
    let inner = inner.strip_suffix("*/").unwrap_or(inner);
    inner
        .lines()
        .map(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix('*').unwrap_or(line);
            line.strip_prefix(' ').unwrap_or(line).trim_end()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use prism_checker::ResolveEnv;
    use prism_span::FileId;

    use super::*;

    fn analysis(text: &str) -> Analysis {
        Analysis::new(text, FileId(0), ResolveEnv::main())
    }

    #[test]
    fn splits_the_header() {
        let text = "#!/usr/bin/env prism\n// note\n/**\n * Routes a question.\n * @name cheap\n * @input {\"type\": \"object\",\n *   \"required\": []}\n */\nlet x = 1\n";
        let header = analysis(text).header().expect("header");
        assert_eq!(header.summary, "Routes a question.");
        assert_eq!(
            header.tags,
            [
                ("name".to_string(), "cheap".to_string()),
                (
                    "input".to_string(),
                    "{\"type\": \"object\",\n  \"required\": []}".to_string()
                )
            ]
        );
    }

    #[test]
    fn no_header_after_code() {
        assert!(analysis("let x = 1\n/** @name a */\n").header().is_none());
    }

    #[test]
    fn doc_comment_of_a_declaration() {
        let text = "/** @name p */\n\n/** Adds one. */\nexport function inc(n) { n + 1 }\n/** far */\nlet y = 2\nlet z = 3\n";
        let analysis = analysis(text);
        let at = |name: &str| text.find(name).map(|i| i as u32).expect(name);
        assert_eq!(
            analysis.doc_comment_before(at("inc")).as_deref(),
            Some("Adds one.")
        );
        assert_eq!(
            analysis.doc_comment_before(at("y =")).as_deref(),
            Some("far")
        );
        assert_eq!(analysis.doc_comment_before(at("z =")), None);
    }

    #[test]
    fn a_tagged_header_is_no_doc_comment() {
        let text = "/**\n * Summary.\n * @name p\n */\nlet a = 1\n";
        assert_eq!(
            analysis(text).doc_comment_before(text.find("a =").unwrap_or(0) as u32),
            None
        );
    }
}
