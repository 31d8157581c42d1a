//! Comments and where they go (cli §6.3 "Comments").
//!
//! Comments are handed out in source order by a cursor: whoever lays out the code at a position
//! first takes the comments before it. Between two items of a list (statements, elements, arms) a
//! comment is classified by one fact of the source, which the output keeps true, so formatting
//! twice gives the same text:
//! * a comment that is the first thing on its line is an **own-line** comment and stays on its own
//!   line, before the item that follows it (or at the end of the list);
//! * any other comment ends the line of the code before it: it is a **trailing** comment of the
//!   previous item (or of the opening bracket), written after it with one space.
//!
//! Comments inside an expression, where no list boundary is near, are written before the next piece
//! of code: a block comment followed by a space, a line comment followed by a line break.

use prism_span::Span;
use prism_syntax::token::{Comment, CommentKind};

use crate::doc::{block, concat, indent, text, Doc};

/// The comments of one file and the next one not yet written.
pub struct Comments<'s> {
    source: &'s str,
    list: Vec<Comment>,
    next: usize,
}

/// Comments written before a piece of code inside an expression or a header.
pub struct Leading {
    parts: Vec<Doc>,
    /// A comment was on its own line, or is a line comment: the code goes on a new line.
    multiline: bool,
}

impl Leading {
    /// `doc` after the comments: on the same line after block comments written between tokens;
    /// otherwise the comments keep their lines, the code follows one level deeper, and the groups
    /// around break (cli §6.3: a group that contains a line comment is always broken).
    pub fn wrap(self, doc: Doc) -> Doc {
        if self.parts.is_empty() {
            doc
        } else if self.multiline {
            let lines = block(indent(concat(vec![concat(self.parts), Doc::HardLine, doc])));
            concat(vec![Doc::BreakParent, lines])
        } else {
            concat(vec![concat(self.parts), text(" "), doc])
        }
    }

    /// When the comments end with a line comment on the line of the code before them, takes the
    /// comments of that line (they stay at its end) and leaves the rest.
    pub fn take_same_line(&mut self) -> Option<Doc> {
        if !self.multiline || matches!(self.parts.first(), None | Some(Doc::HardLine)) {
            return None;
        }
        let line_end = self
            .parts
            .iter()
            .position(|part| matches!(part, Doc::HardLine))
            .unwrap_or(self.parts.len());
        let same_line: Vec<Doc> = self.parts.drain(..line_end).collect();
        if !same_line
            .iter()
            .any(|part| matches!(part, Doc::LineComment(_)))
        {
            // Block comments only: put them back, they stay with the code after them.
            self.parts.splice(0..0, same_line);
            return None;
        }
        self.multiline = !self.parts.is_empty();
        Some(concat(same_line))
    }

    /// `doc` after the comments, for a statement: block comments between tokens stay on its line,
    /// other comments go on lines of their own above it, at its indentation.
    pub fn above(mut self, doc: Doc) -> Doc {
        if !self.multiline {
            return self.wrap(doc);
        }
        if matches!(self.parts.first(), Some(Doc::HardLine)) {
            self.parts.remove(0);
        }
        concat(vec![
            Doc::BreakParent,
            concat(self.parts),
            Doc::HardLine,
            doc,
        ])
    }
}

/// The comments between two items of a list.
#[derive(Default)]
pub struct Gap {
    /// Comments on the line of the code before them.
    pub trailing: Vec<Comment>,
    /// Lines of comments that start with an own-line comment, with the position where each ends.
    pub lines: Vec<CommentLine>,
}

pub struct CommentLine {
    pub comments: Vec<Comment>,
    pub start: u32,
    pub end: u32,
}

impl<'s> Comments<'s> {
    pub fn new(source: &'s str, mut list: Vec<Comment>) -> Comments<'s> {
        list.sort_by_key(|comment| comment.span.start);
        Comments {
            source,
            list,
            next: 0,
        }
    }

    /// The comments not written yet that start before `position`, in order.
    fn take_before(&mut self, position: u32) -> Vec<Comment> {
        let mut taken = Vec::new();
        while let Some(comment) = self.list.get(self.next) {
            if comment.span.start >= position {
                break;
            }
            taken.push(comment.clone());
            self.next += 1;
        }
        taken
    }

    /// Marks the comments inside verbatim text (a template's interpolations) as written.
    pub fn skip_before(&mut self, position: u32) {
        self.take_before(position);
    }

    /// Where the next comment not yet written starts.
    pub fn next_start(&self) -> Option<u32> {
        self.list.get(self.next).map(|comment| comment.span.start)
    }

    /// Whether a comment not yet written starts before `position`.
    pub fn any_before(&self, position: u32) -> bool {
        self.list
            .get(self.next)
            .is_some_and(|comment| comment.span.start < position)
    }

    /// The comments before `position`, to be written before the code there (see the module
    /// comment). Take them before laying that code out, so comments stay in source order.
    pub fn leading(&mut self, position: u32) -> Leading {
        let taken = self.take_before(position);
        let mut parts = Vec::new();
        let mut multiline = false;
        let mut after_line_comment = false;
        for (index, comment) in taken.iter().enumerate() {
            // Whatever follows a line comment starts a line, as in the source.
            if self.is_own_line(comment.span) || after_line_comment {
                parts.push(Doc::HardLine);
                multiline = true;
            } else if index > 0 {
                parts.push(text(" "));
            }
            after_line_comment = comment.kind == CommentKind::Line;
            multiline |= after_line_comment;
            parts.push(self.doc(comment));
        }
        Leading { parts, multiline }
    }

    /// The comments before `position`, each after one space (comments before a closing bracket).
    pub fn trailing_before(&mut self, position: u32) -> Doc {
        let taken = self.take_before(position);
        self.trailing_doc(&taken)
    }

    /// The comments before `limit`, split into trailing ones and own-line ones.
    pub fn gap(&mut self, limit: u32) -> Gap {
        let mut gap = Gap::default();
        let mut after_line_comment = false;
        for comment in self.take_before(limit) {
            let starts_line = self.is_own_line(comment.span) || after_line_comment;
            after_line_comment = comment.kind == CommentKind::Line;
            if starts_line {
                gap.lines.push(CommentLine {
                    start: comment.span.start,
                    end: comment.span.end,
                    comments: vec![comment],
                });
            } else if let Some(line) = gap.lines.last_mut() {
                line.end = comment.span.end;
                line.comments.push(comment);
            } else {
                gap.trailing.push(comment);
            }
        }
        gap
    }

    /// Trailing comments as written after their code: one space before each.
    pub fn trailing_doc(&self, comments: &[Comment]) -> Doc {
        let mut parts = Vec::new();
        for comment in comments {
            parts.push(text(" "));
            parts.push(self.doc(comment));
        }
        concat(parts)
    }

    /// One line of own-line comments (without the line break after it); it breaks every group
    /// around it, since the comment must stay on its own line.
    pub fn line_doc(&self, line: &CommentLine) -> Doc {
        let mut parts = vec![Doc::BreakParent];
        for (index, comment) in line.comments.iter().enumerate() {
            if index > 0 {
                parts.push(text(" "));
            }
            parts.push(self.doc(comment));
        }
        concat(parts)
    }

    /// A comment's text: line feeds only, no trailing whitespace on its lines.
    pub fn doc(&self, comment: &Comment) -> Doc {
        let raw = self.source.get(comment.span.range()).unwrap_or("");
        let cleaned = verbatim(raw);
        match comment.kind {
            CommentKind::Line => Doc::LineComment(cleaned),
            CommentKind::Block | CommentKind::Doc => Doc::Text(cleaned),
        }
    }

    /// Whether only whitespace precedes `span` on its line.
    fn is_own_line(&self, span: Span) -> bool {
        let before = self.source.get(..span.start as usize).unwrap_or("");
        for character in before.chars().rev() {
            match character {
                '\n' | '\r' => return true,
                other if other.is_whitespace() || other == '\u{feff}' => {}
                _ => return false,
            }
        }
        true
    }

    /// Whether the source between `start` and `end` holds a blank line (a line of only whitespace
    /// between two line breaks).
    pub fn blank_line_between(&self, start: u32, end: u32) -> bool {
        let text = self.source.get(start as usize..end as usize).unwrap_or("");
        let mut breaks = 0;
        let mut characters = text.chars().peekable();
        while let Some(character) = characters.next() {
            match character {
                '\r' | '\n' => {
                    if character == '\r' && characters.peek() == Some(&'\n') {
                        characters.next();
                    }
                    breaks += 1;
                    if breaks >= 2 {
                        return true;
                    }
                }
                other if other.is_whitespace() => {}
                _ => breaks = 0,
            }
        }
        false
    }
}

/// Source text written as it is, with its line breaks made line feeds and the trailing whitespace
/// of each line removed (cli §6.3 "Characters").
pub fn verbatim(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .split('\n')
        .map(|line| line.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A literal's text as written; only its line breaks (inside fenced strings, where they are part of
/// the value as line feeds, language §2.9) become line feeds.
pub fn verbatim_literal(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}
