//! Prints a [`Doc`] with the flat-if-fits rule of cli §6.3 ("Groups and line breaking").
//!
//! Groups are decided in printing order, which is left to right and outer before inner. A group is
//! flat when the line it starts on — the text already written, the group flat, and everything after
//! it up to the next line break, with the groups not decided yet taken flat — is at most
//! [`WIDTH`] characters. A block's `{` is followed by a forced line break, so a group containing a
//! block is measured only up to that `{`, as the spec asks.
//!
//! Indentation follows the line breaks that are really written: an [`Doc::Indent`] inside a flat
//! group adds nothing, so a body or a broken list inside a flat argument list is one level deeper
//! than the line it starts on, never two.

use crate::doc::Doc;

/// The maximum line width (cli §6.3 "Characters").
pub const WIDTH: usize = 100;

const INDENT: &str = "  ";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Flat,
    Broken,
}

/// One pending piece of the document: its indentation level, the mode of its enclosing group.
type Command<'d> = (usize, Mode, &'d Doc);

struct Printer {
    out: String,
    /// Characters on the current line (indentation included, written or not).
    column: usize,
    /// The indentation of the current line, written lazily so empty lines stay empty.
    pending_indent: Option<usize>,
    /// A line comment was written: the next text must start a new line.
    after_line_comment: bool,
}

/// Renders `doc`; lines carry no trailing whitespace.
pub fn print(doc: &Doc) -> String {
    let mut printer = Printer {
        out: String::new(),
        column: 0,
        pending_indent: None,
        after_line_comment: false,
    };
    let mut stack: Vec<Command> = vec![(0, Mode::Broken, doc)];
    while let Some((level, mode, doc)) = stack.pop() {
        match doc {
            Doc::Nil | Doc::BreakParent => {}
            Doc::Text(text) => printer.text(text, level),
            Doc::Line => match mode {
                Mode::Flat if !printer.after_line_comment => printer.text(" ", level),
                Mode::Flat => {}
                Mode::Broken => printer.newline(level),
            },
            Doc::SoftLine => {
                if mode == Mode::Broken {
                    printer.newline(level);
                }
            }
            Doc::HardLine => printer.newline(level),
            Doc::Concat(parts) => {
                stack.extend(parts.iter().rev().map(|part| (level, mode, part)));
            }
            Doc::Indent(inner) => {
                let deeper = if mode == Mode::Broken {
                    level + 1
                } else {
                    level
                };
                stack.push((deeper, mode, inner));
            }
            Doc::Group { doc: inner, broken } => {
                let chosen = if mode == Mode::Flat && !broken {
                    Mode::Flat
                } else if *broken {
                    Mode::Broken
                } else if fits(
                    inner,
                    &stack,
                    WIDTH.saturating_sub(printer.column_at(level)),
                ) {
                    Mode::Flat
                } else {
                    Mode::Broken
                };
                stack.push((level, chosen, inner));
            }
            Doc::Block(inner) => stack.push((level, Mode::Broken, inner)),
            Doc::IfBreak { broken, flat } => {
                let chosen = if mode == Mode::Broken { broken } else { flat };
                stack.push((level, mode, chosen));
            }
            Doc::LineComment(text) => {
                printer.text(text, level);
                printer.after_line_comment = true;
            }
        }
    }
    printer.out
}

impl Printer {
    fn text(&mut self, text: &str, level: usize) {
        if text.is_empty() {
            return;
        }
        if self.after_line_comment {
            self.newline(level);
        }
        if let Some(indent) = self.pending_indent.take() {
            for _ in 0..indent {
                self.out.push_str(INDENT);
            }
        }
        self.out.push_str(text);
        match text.rfind('\n') {
            Some(last) => self.column = width(&text[last + 1..]),
            None => self.column += width(text),
        }
    }

    /// The column where text at `level` would be written next: after a line comment, that text
    /// starts a new line.
    fn column_at(&self, level: usize) -> usize {
        if self.after_line_comment {
            level * INDENT.len()
        } else {
            self.column
        }
    }

    fn newline(&mut self, level: usize) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        self.pending_indent = Some(level);
        self.column = level * INDENT.len();
        self.after_line_comment = false;
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Whether `group` written flat, followed by the rest of the line, fits in `remaining` columns.
fn fits(group: &Doc, rest: &[Command], remaining: usize) -> bool {
    let mut remaining = remaining as isize;
    let mut work: Vec<(Mode, &Doc)> = vec![(Mode::Flat, group)];
    let mut rest_index = rest.len();
    loop {
        let (mode, doc) = match work.pop() {
            Some(next) => next,
            None => match rest_index.checked_sub(1) {
                Some(index) => {
                    rest_index = index;
                    match rest.get(index) {
                        Some((_, mode, doc)) => (*mode, *doc),
                        None => return true,
                    }
                }
                None => return true,
            },
        };
        match doc {
            Doc::Nil | Doc::BreakParent => {}
            Doc::Text(text) => match text.find('\n') {
                Some(first) => return remaining >= width(&text[..first]) as isize,
                None => remaining -= width(text) as isize,
            },
            Doc::Line if mode == Mode::Flat => remaining -= 1,
            Doc::Line | Doc::SoftLine if mode == Mode::Broken => return true,
            Doc::Line | Doc::SoftLine => {}
            Doc::HardLine => return true,
            Doc::Concat(parts) => work.extend(parts.iter().rev().map(|part| (mode, part))),
            Doc::Indent(inner) => work.push((mode, inner)),
            // Groups not decided yet are taken flat (cli §6.3); forced ones are broken.
            Doc::Group { doc: inner, broken } => {
                let chosen = if *broken { Mode::Broken } else { Mode::Flat };
                work.push((chosen, inner));
            }
            Doc::Block(inner) => work.push((Mode::Broken, inner)),
            Doc::IfBreak { broken, flat } => {
                work.push((mode, if mode == Mode::Broken { broken } else { flat }));
            }
            Doc::LineComment(text) => return remaining >= width(text) as isize,
        }
        if remaining < 0 {
            return false;
        }
    }
}
