//! The two list shapes of the layout (cli §6.3): bracketed groups (`(…)`, `[…]`, `{…}` of
//! arguments, parameters, literals, patterns and specifiers), flat or broken with a trailing comma;
//! and line lists (statements, match arms, agents, branches), one item per line.

use prism_span::Span;

use prism_syntax::token::{Comment, CommentKind};

use crate::comments::Gap;
use crate::doc::{block, concat, group, if_break, indent, text, Doc};
use crate::Formatter;

/// The brackets of a group list.
pub struct Brackets {
    pub open: &'static str,
    pub close: &'static str,
    /// `{ a }` has a space inside non-empty braces; `(a)` and `[a]` do not.
    pub spaced: bool,
    /// Where the closing bracket is: comments before it belong inside the list.
    pub close_at: u32,
}

/// One element of a group list.
pub struct Element<T> {
    pub item: T,
    /// `None` for a hole of an array pattern, which has no source of its own.
    pub span: Option<Span>,
    /// A rest element takes no trailing comma (language §3.3: it must not be followed by `,`).
    pub rest: bool,
}

/// The items of a line list, the doc of its body, and the comments right after the opening `{`.
pub struct Lines {
    pub after_open: Vec<Comment>,
    pub body: Doc,
    pub is_empty: bool,
}

impl Formatter<'_> {
    /// A group list: flat `[a, b]`, or broken with one element per line and a trailing comma.
    pub fn group_list<T>(
        &mut self,
        brackets: &Brackets,
        elements: &[Element<T>],
        mut element_doc: impl FnMut(&mut Self, &T) -> Doc,
    ) -> Doc {
        let limit_after = |index: usize| {
            elements
                .iter()
                .skip(index)
                .find_map(|element| element.span.map(|span| span.start))
                .unwrap_or(brackets.close_at)
        };
        let first = self.comments.gap(limit_after(0));
        let after_open = self.comments.trailing_doc(&first.trailing);
        let opening_comment_is_block = first
            .trailing
            .last()
            .is_some_and(|comment| comment.kind != CommentKind::Line);
        if elements.is_empty() && first.lines.is_empty() && opening_comment_is_block {
            return self.inline_comments_only(brackets, &first.trailing);
        }
        let mut pending = first.lines;
        let mut inside = Vec::new();
        let separator = if brackets.spaced {
            Doc::Line
        } else {
            Doc::SoftLine
        };
        for (index, element) in elements.iter().enumerate() {
            for line in std::mem::take(&mut pending) {
                inside.push(self.comments.line_doc(&line));
                inside.push(Doc::HardLine);
            }
            let doc = element_doc(self, &element.item);
            inside.push(doc);
            let is_last = index + 1 == elements.len();
            let Gap { trailing, lines } = self.comments.gap(limit_after(index + 1));
            if !is_last {
                inside.push(text(","));
            } else if element.span.is_none() {
                // A hole at the end is written with its comma, or it would disappear.
                inside.push(text(","));
            } else if !element.rest {
                inside.push(if_break(text(","), Doc::Nil));
            }
            inside.push(self.comments.trailing_doc(&trailing));
            if !is_last {
                inside.push(Doc::Line);
            }
            pending = lines;
        }
        for line in pending {
            inside.push(Doc::HardLine);
            inside.push(self.comments.line_doc(&line));
        }
        if elements.is_empty() {
            return self.empty_list(brackets, after_open, inside);
        }
        let mut opening = vec![text(brackets.open), after_open];
        if opening_comment_is_block && !brackets.spaced {
            opening.push(if_break(Doc::Nil, text(" ")));
        }
        group(concat(vec![
            concat(opening),
            indent(concat(vec![separator.clone(), concat(inside)])),
            separator,
            text(brackets.close),
        ]))
    }

    /// An empty list holding only block comments on the bracket's line: `(/* c */)`, `{ /* c */ }`.
    fn inline_comments_only(&self, brackets: &Brackets, comments: &[Comment]) -> Doc {
        let mut parts = vec![text(brackets.open)];
        for (index, comment) in comments.iter().enumerate() {
            if index > 0 || brackets.spaced {
                parts.push(text(" "));
            }
            parts.push(self.comments.doc(comment));
        }
        if brackets.spaced {
            parts.push(text(" "));
        }
        parts.push(text(brackets.close));
        concat(parts)
    }

    /// `[]`, or the comments inside an empty list, each on its own line.
    fn empty_list(&mut self, brackets: &Brackets, after_open: Doc, inside: Vec<Doc>) -> Doc {
        let has_comments = !matches!(&after_open, Doc::Concat(parts) if parts.is_empty());
        if inside.is_empty() && !has_comments {
            return text(format!("{}{}", brackets.open, brackets.close));
        }
        block(concat(vec![
            text(brackets.open),
            after_open,
            indent(concat(inside)),
            Doc::HardLine,
            text(brackets.close),
        ]))
    }

    /// A line list: the items one per line, comments between them on their own lines or after
    /// the item they follow, and (with `keep_blank_lines`) one blank line where the source had
    /// at least one (cli §6.3 "Statements").
    pub fn line_list<T>(
        &mut self,
        items: &[T],
        close_at: u32,
        keep_blank_lines: bool,
        span_of: impl Fn(&T) -> Span,
        mut item_doc: impl FnMut(&mut Self, &[T], usize) -> Doc,
    ) -> Lines {
        let limit_after = |index: usize| {
            items
                .get(index)
                .map_or(close_at, |item| span_of(item).start)
        };
        let first = self.comments.gap(limit_after(0));
        let after_open = first.trailing;
        let mut pending = first.lines;
        let mut previous_end: Option<u32> = None;
        let mut body = Vec::new();
        let mut is_empty = true;
        let separate = |body: &mut Vec<Doc>, previous_end: Option<u32>, start: u32, this: &Self| {
            if let Some(end) = previous_end {
                body.push(Doc::HardLine);
                if keep_blank_lines && this.comments.blank_line_between(end, start) {
                    body.push(Doc::HardLine);
                }
            }
        };
        for index in 0..=items.len() {
            for line in std::mem::take(&mut pending) {
                separate(&mut body, previous_end, line.start, self);
                body.push(self.comments.line_doc(&line));
                previous_end = Some(line.end);
                is_empty = false;
            }
            let Some(item) = items.get(index) else { break };
            let span = span_of(item);
            separate(&mut body, previous_end, span.start, self);
            body.push(item_doc(self, items, index));
            let Gap { trailing, lines } = self.comments.gap(limit_after(index + 1));
            body.push(self.comments.trailing_doc(&trailing));
            previous_end = Some(trailing.last().map_or(span.end, |comment| comment.span.end));
            pending = lines;
            is_empty = false;
        }
        Lines {
            after_open,
            body: concat(body),
            is_empty,
        }
    }

    /// `{` + the lines one level deeper + `}`, or `{}` when there is nothing inside.
    pub fn braced_lines(&mut self, lines: Lines) -> Doc {
        if lines.is_empty && lines.after_open.is_empty() {
            return text("{}");
        }
        let only_block_comments = lines
            .after_open
            .iter()
            .all(|comment| comment.kind != CommentKind::Line);
        if lines.is_empty && only_block_comments {
            let brackets = Brackets {
                open: "{",
                close: "}",
                spaced: true,
                close_at: 0,
            };
            return self.inline_comments_only(&brackets, &lines.after_open);
        }
        let inside = if lines.is_empty {
            Doc::Nil
        } else {
            indent(concat(vec![Doc::HardLine, lines.body]))
        };
        block(concat(vec![
            text("{"),
            self.comments.trailing_doc(&lines.after_open),
            inside,
            Doc::HardLine,
            text("}"),
        ]))
    }
}
