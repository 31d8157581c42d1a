//! Byte offsets to protocol positions and back, in the negotiated position encoding (cli §8:
//! `utf-8` when the client offers it, otherwise `utf-16`). Out-of-range positions are clamped to
//! the document, and offsets always land on character boundaries.

use lsp_types::{Position, Range};
use prism_span::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// One document's text with its line index, seen in one encoding.
#[derive(Clone, Copy)]
pub struct LineMap<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub encoding: Encoding,
}

impl LineMap<'_> {
    pub fn position(&self, offset: u32) -> Position {
        let offset = floor_boundary(self.text, offset);
        match self.encoding {
            Encoding::Utf16 => {
                let (line, character) = self.lines.utf16_position(self.text, offset);
                Position::new(line, character)
            }
            Encoding::Utf8 => {
                let line = self.lines.line_of(offset);
                let start = self.lines.line_start(line);
                Position::new(line as u32, offset.saturating_sub(start))
            }
        }
    }

    pub fn offset(&self, position: Position) -> u32 {
        match self.encoding {
            Encoding::Utf16 => {
                self.lines
                    .offset_of_utf16(self.text, position.line, position.character)
            }
            Encoding::Utf8 => {
                let line = position.line as usize;
                if line >= self.lines.line_count() {
                    return self.text.len() as u32;
                }
                let start = self.lines.line_start(line);
                let length = self.lines.line_text(self.text, line).len() as u32;
                floor_boundary(self.text, start + position.character.min(length))
            }
        }
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The span of a range; a reversed range is read in order.
    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        Span::new(start.min(end), start.max(end))
    }

    /// The length of `span` in code units of the encoding (semantic tokens).
    pub fn length(&self, span: Span) -> u32 {
        let text = span.text(self.text);
        match self.encoding {
            Encoding::Utf8 => text.len() as u32,
            Encoding::Utf16 => text.encode_utf16().count() as u32,
        }
    }

    /// A byte range inside `label` (signature help parameters) in code units of the encoding.
    pub fn label_offsets(&self, label: &str, (start, end): (u32, u32)) -> [u32; 2] {
        let units = |end: u32| match self.encoding {
            Encoding::Utf8 => end,
            Encoding::Utf16 => label
                .get(..floor_boundary(label, end) as usize)
                .map_or(0, |prefix| prefix.encode_utf16().count() as u32),
        };
        [units(start), units(end)]
    }
}

/// The largest character boundary at or before `offset`, within the text.
pub fn floor_boundary(text: &str, offset: u32) -> u32 {
    let mut offset = (offset as usize).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map<'a>(text: &'a str, lines: &'a LineIndex, encoding: Encoding) -> LineMap<'a> {
        LineMap {
            text,
            lines,
            encoding,
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let text = "let a = 1\n/* 🙂 */ let é = a\n";
        let lines = LineIndex::new(text);
        let offset = text.find("é").expect("é") as u32;
        let utf16 = map(text, &lines, Encoding::Utf16);
        assert_eq!(utf16.position(offset), Position::new(1, 13));
        assert_eq!(utf16.offset(Position::new(1, 13)), offset);
        let utf8 = map(text, &lines, Encoding::Utf8);
        assert_eq!(utf8.position(offset), Position::new(1, 15));
        assert_eq!(utf8.offset(Position::new(1, 15)), offset);
        assert_eq!(utf16.length(Span::new(offset, offset + 2)), 1);
        assert_eq!(utf8.length(Span::new(offset, offset + 2)), 2);
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let text = "ab\n🙂\n";
        let lines = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let map = map(text, &lines, encoding);
            assert_eq!(map.offset(Position::new(0, 99)), 2);
            assert_eq!(map.offset(Position::new(99, 0)), text.len() as u32);
            // Inside the emoji: a character boundary (its start in bytes, its end in utf-16,
            // where the line index rounds up).
            let inside = map.offset(Position::new(1, 1));
            assert_eq!(inside, if encoding == Encoding::Utf8 { 3 } else { 7 });
            assert_eq!(map.position(5), Position::new(1, 0));
        }
    }
}
