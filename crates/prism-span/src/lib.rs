//! Spans and source files (language §2.2).
//!
//! A [`Span`] is a half-open byte range `[start, end)` into one file, stored as two `u32`s so that it
//! is `Copy` and eight bytes wide. Which file a span belongs to is known from context (the AST of one
//! file, the tokens of one file); where it is not, a [`FileSpan`] pairs a span with its [`FileId`].
//! Lines and columns are computed only at the edges (rendering, JSON, the language server) through
//! [`LineIndex`].
#![forbid(unsafe_code)]

mod files;
mod line_index;

pub use files::{FileId, SourceFile, SourceMap};
pub use line_index::{LineCol, LineIndex};

/// A half-open byte range `[start, end)` in one source file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

const _: () = assert!(std::mem::size_of::<Span>() == 8);

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: u32) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub fn from_range(range: std::ops::Range<usize>) -> Span {
        Span {
            start: clamp_u32(range.start),
            end: clamp_u32(range.end),
        }
    }

    pub const fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn merge(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `offset` lies in the span (an empty span contains its own offset).
    pub fn contains(self, offset: u32) -> bool {
        (self.start <= offset && offset < self.end) || (self.is_empty() && offset == self.start)
    }

    pub fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text the span covers, or `""` when it does not fit `source`.
    pub fn text(self, source: &str) -> &str {
        source.get(self.range()).unwrap_or("")
    }

    pub fn in_file(self, file: FileId) -> FileSpan {
        FileSpan { file, span: self }
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Span {
        Span::from_range(range)
    }
}

/// A span together with the file it belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FileSpan {
    pub file: FileId,
    pub span: Span,
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_covers_both() {
        assert_eq!(Span::new(4, 6).merge(Span::new(1, 5)), Span::new(1, 6));
    }

    #[test]
    fn contains_is_half_open() {
        let span = Span::new(2, 4);
        assert!(span.contains(2) && span.contains(3) && !span.contains(4));
        assert!(Span::at(7).contains(7));
    }
}
