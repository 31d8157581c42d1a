//! The text form of a diagnostic (cli §3.2), optionally coloured (cli §2.4).
//!
//! The layout is normative, so it is produced here rather than by a general-purpose renderer (see
//! `docs/decisions.md`). Rendering works in three steps: the labels are grouped by file (the primary
//! label's file first), each group becomes a list of shown source lines with the labels starting on
//! them, and every shown line is drawn as the source line, one marker line and the connector and
//! message lines of cli §3.2. Colour is applied while writing and only ever wraps characters in
//! escape sequences, so the text without colour is exactly the text with it, escapes removed.
//!
//! A runtime error's stack (cli §3.4) is written here, as notes after the diagnostic's own notes;
//! producers put frames in [`Diagnostic::stack`] only.

use prism_span::{FileId, SourceMap};

use crate::{Diagnostic, Label, Severity, StackFrame};

/// At most this many stack frames are written as notes (cli §3.4).
const MAX_FRAMES_SHOWN: usize = 16;

/// Renders one diagnostic, ending with the empty line that separates it from the next.
pub fn render(diagnostic: &Diagnostic, files: &SourceMap, color: bool) -> String {
    let paint = Painter {
        enabled: color,
        severity: diagnostic.severity,
    };
    let mut out = String::new();
    let title = format!("{}[{}]", diagnostic.severity.as_str(), diagnostic.code);
    out.push_str(&paint.severity(&title));
    out.push_str(": ");
    out.push_str(&diagnostic.message);
    out.push('\n');
    let Some(primary) = diagnostic.primary() else {
        // A diagnostic without a file has only its first line (cli §3.2).
        out.push('\n');
        return out;
    };

    let blocks = file_blocks(diagnostic, primary, files);
    let width = blocks
        .iter()
        .flat_map(|block| block.lines.iter())
        .map(|line| digits(line.number))
        .max()
        .unwrap_or(1);
    let gutter = Gutter {
        width,
        paint: &paint,
    };

    for (index, block) in blocks.iter().enumerate() {
        let arrow = if index == 0 { "-->" } else { ":::" };
        let location = format!("{}:{}:{}", block.name, block.line, block.column);
        push_line(
            &mut out,
            format!("{}{} {location}", " ".repeat(width), paint.gutter(arrow)),
        );
        push_line(&mut out, gutter.empty(""));
        write_block(&mut out, block, &gutter, &paint);
    }

    let notes = stack_notes(&diagnostic.stack, files);
    let notes = diagnostic
        .notes
        .iter()
        .cloned()
        .chain(notes)
        .collect::<Vec<_>>();
    if !notes.is_empty() || !diagnostic.help.is_empty() {
        push_line(&mut out, gutter.empty(""));
        let pad = " ".repeat(width + 1);
        for note in &notes {
            push_line(&mut out, format!("{pad}{} note: {note}", paint.gutter("=")));
        }
        for help in &diagnostic.help {
            push_line(&mut out, format!("{pad}{} help: {help}", paint.gutter("=")));
        }
    }
    out.push('\n');
    out
}

/// The notes of cli §3.4 for a runtime error's stack, innermost frame first.
fn stack_notes(stack: &[StackFrame], files: &SourceMap) -> Vec<String> {
    let mut notes = stack
        .iter()
        .take(MAX_FRAMES_SHOWN)
        .map(|frame| {
            let (line, column) = position(files, frame.at.file, frame.at.span.start);
            format!(
                "at {} ({}:{line}:{column})",
                frame.function,
                files.name(frame.at.file)
            )
        })
        .collect::<Vec<_>>();
    if stack.len() > MAX_FRAMES_SHOWN {
        notes.push(format!("… {} more frames", stack.len() - MAX_FRAMES_SHOWN));
    }
    notes
}

/// The 1-based line and character column of `offset` in `file`.
pub(crate) fn position(files: &SourceMap, file: FileId, offset: u32) -> (u32, u32) {
    match files.get(file) {
        Some(source) => {
            let at = source.lines.line_col(&source.text, offset);
            (at.line, at.column)
        }
        None => (1, 1),
    }
}

/// The labels of one file and the source lines they start on.
struct Block<'a> {
    name: &'a str,
    /// Position of the block's first label: the primary label for the first block.
    line: u32,
    column: u32,
    lines: Vec<ShownLine<'a>>,
}

struct ShownLine<'a> {
    /// 1-based line number.
    number: usize,
    /// The source line with tabs expanded and trailing whitespace removed.
    text: String,
    /// The labels starting on this line, sorted by start column.
    labels: Vec<Placed<'a>>,
}

/// A label placed on its shown line, in display columns (0-based, tabs expanded).
struct Placed<'a> {
    start: usize,
    end: usize,
    primary: bool,
    message: &'a str,
}

fn file_blocks<'a>(
    diagnostic: &'a Diagnostic,
    primary: &'a Label,
    files: &'a SourceMap,
) -> Vec<Block<'a>> {
    let mut order = vec![primary.at.file];
    for label in &diagnostic.labels {
        if !order.contains(&label.at.file) {
            order.push(label.at.file);
        }
    }
    order
        .into_iter()
        .map(|file| {
            let labels = diagnostic
                .labels
                .iter()
                .filter(|label| label.at.file == file);
            let first = if file == primary.at.file {
                primary.at.span.start
            } else {
                labels
                    .clone()
                    .map(|label| label.at.span.start)
                    .min()
                    .unwrap_or(0)
            };
            let (line, column) = position(files, file, first);
            Block {
                name: files.name(file),
                line,
                column,
                lines: shown_lines(labels, file, files),
            }
        })
        .collect()
}

fn shown_lines<'a>(
    labels: impl Iterator<Item = &'a Label>,
    file: FileId,
    files: &'a SourceMap,
) -> Vec<ShownLine<'a>> {
    let (text, index) = match files.get(file) {
        Some(source) => (source.text.as_str(), Some(&source.lines)),
        None => ("", None),
    };
    let mut lines: Vec<ShownLine<'a>> = Vec::new();
    for label in labels {
        let span = label.at.span;
        let (line, raw, line_start) = match index {
            Some(index) => {
                let line = index.line_of(span.start);
                (
                    line,
                    index.line_text(text, line),
                    index.line_start(line) as usize,
                )
            }
            None => (0, "", 0),
        };
        let shown = expand_tabs(raw).trim_end().to_string();
        let start = display_column(raw, (span.start as usize).saturating_sub(line_start));
        let ends_on_line = (span.end as usize).saturating_sub(line_start) <= raw.len();
        let end = if ends_on_line {
            display_column(raw, (span.end as usize).saturating_sub(line_start))
        } else {
            display_width(&shown)
        };
        let placed = Placed {
            start,
            end: end.max(start + 1),
            primary: label.primary,
            message: &label.message,
        };
        match lines
            .iter_mut()
            .find(|shown_line| shown_line.number == line + 1)
        {
            Some(existing) => existing.labels.push(placed),
            None => lines.push(ShownLine {
                number: line + 1,
                text: shown,
                labels: vec![placed],
            }),
        }
    }
    lines.sort_by_key(|line| line.number);
    for line in &mut lines {
        line.labels.sort_by_key(|label| (label.start, label.end));
    }
    lines
}

fn write_block(out: &mut String, block: &Block<'_>, gutter: &Gutter<'_>, paint: &Painter) {
    let mut previous: Option<usize> = None;
    for line in &block.lines {
        if previous.is_some_and(|number| number + 1 < line.number) {
            push_line(
                out,
                format!("{}{}", " ".repeat(gutter.width), paint.gutter("...")),
            );
        }
        previous = Some(line.number);
        let number = format!("{:>width$} |", line.number, width = gutter.width);
        push_line(out, format!("{} {}", paint.gutter(&number), line.text));
        write_labels(out, &line.labels, gutter, paint);
    }
}

/// The marker line, then the connector and message lines of every earlier label (cli §3.2).
fn write_labels(out: &mut String, labels: &[Placed<'_>], gutter: &Gutter<'_>, paint: &Painter) {
    let width = labels.iter().map(|label| label.end).max().unwrap_or(0);
    let mut canvas = vec![' '; width];
    // Secondary markers first so that the primary label's markers win where they overlap.
    for label in labels
        .iter()
        .filter(|label| !label.primary)
        .chain(labels.iter().filter(|label| label.primary))
    {
        let marker = if label.primary { '^' } else { '-' };
        for cell in canvas.iter_mut().take(label.end).skip(label.start) {
            *cell = marker;
        }
    }
    let mut markers = paint.markers(&canvas);
    if let Some(last) = labels.last().filter(|label| !label.message.is_empty()) {
        markers.push(' ');
        markers.push_str(last.message);
    }
    push_line(out, gutter.empty(&markers));

    for (index, label) in labels.iter().enumerate().rev().skip(1) {
        if label.message.is_empty() {
            continue;
        }
        let bars = |count: usize| {
            let mut line = vec![' '; label.start];
            for earlier in labels.iter().take(count) {
                if let Some(cell) = line.get_mut(earlier.start) {
                    *cell = '|';
                } else {
                    line.resize(earlier.start, ' ');
                    line.push('|');
                }
            }
            line.into_iter().collect::<String>()
        };
        push_line(out, gutter.empty(&bars(index + 1)));
        push_line(
            out,
            gutter.empty(&format!("{}{}", bars(index), label.message)),
        );
    }
}

/// Writes the empty gutter `{w+1 spaces}| ` followed by `content`.
struct Gutter<'a> {
    width: usize,
    paint: &'a Painter,
}

impl Gutter<'_> {
    fn empty(&self, content: &str) -> String {
        format!(
            "{}{} {content}",
            " ".repeat(self.width + 1),
            self.paint.gutter("|")
        )
    }
}

/// Adds a line, trimming trailing whitespace (an empty source line leaves `3 |`, not `3 | `).
fn push_line(out: &mut String, line: String) {
    out.push_str(line.trim_end());
    out.push('\n');
}

fn digits(number: usize) -> usize {
    number.to_string().len()
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}

fn display_width(text: &str) -> usize {
    display_column(text, text.len())
}

/// The display column (tabs as four) of byte `offset` in `line`; an offset inside a character
/// counts that character, so a span never loses its last marker.
fn display_column(line: &str, offset: usize) -> usize {
    line.char_indices()
        .take_while(|(byte, _)| *byte < offset)
        .map(|(_, ch)| if ch == '\t' { 4 } else { 1 })
        .sum()
}

/// Colour of cli §2.4, or none.
struct Painter {
    enabled: bool,
    severity: Severity,
}

const RESET: &str = "\x1b[0m";
const BOLD_BLUE: &str = "\x1b[1;34m";

impl Painter {
    fn severity_style(&self) -> &'static str {
        match self.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        }
    }

    fn wrap(&self, style: &str, text: &str) -> String {
        if self.enabled && !text.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, text: &str) -> String {
        self.wrap(self.severity_style(), text)
    }

    fn gutter(&self, text: &str) -> String {
        self.wrap(BOLD_BLUE, text)
    }

    /// The marker canvas, with runs of `^` in the severity's colour and runs of `-` in blue.
    fn markers(&self, canvas: &[char]) -> String {
        let mut out = String::new();
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String| {
            match run.chars().next() {
                Some('^') => out.push_str(&self.severity(run)),
                Some('-') => out.push_str(&self.gutter(run)),
                _ => out.push_str(run),
            }
            run.clear();
        };
        for &cell in canvas {
            if run.chars().next().is_some_and(|first| first != cell) {
                flush(&mut run, &mut out);
            }
            run.push(cell);
        }
        flush(&mut run, &mut out);
        out
    }
}
