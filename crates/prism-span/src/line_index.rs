//! Byte offsets to 1-based lines and character columns (language §2.2).
//!
//! Line terminators are LF, CR LF and a lone CR. Columns count Unicode scalar values from the start
//! of the line, a tab counting as one. UTF-16 columns are offered for the language server.

/// A 1-based line and column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The start offsets of every line of a text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        // memchr scans for the two line-break bytes many at a time: a byte-by-byte loop was a
        // measurable part of every check of a large file.
        let mut breaks = memchr::memchr2_iter(b'\n', b'\r', bytes);
        while let Some(index) = breaks.next() {
            if bytes[index] == b'\r' && bytes.get(index + 1) == Some(&b'\n') {
                breaks.next();
                starts.push(index as u32 + 2);
            } else {
                starts.push(index as u32 + 1);
            }
        }
        LineIndex {
            starts,
            len: bytes.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that holds `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte offset where the 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The text of the 0-based `line` without its terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line) as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| *next as usize);
        let raw = text.get(start..end).unwrap_or("");
        raw.trim_end_matches(['\n', '\r'])
    }

    /// 1-based line and character column of `offset`.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let end = (offset.min(self.len) as usize).max(start);
        let column = text
            .get(start..end)
            .map_or(end - start, |prefix| prefix.chars().count());
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// 0-based line and UTF-16 column of `offset`, as the language server counts.
    pub fn utf16_position(&self, text: &str, offset: u32) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let end = (offset.min(self.len) as usize).max(start);
        let column = text
            .get(start..end)
            .map_or(0, |prefix| prefix.encode_utf16().count());
        (line as u32, column as u32)
    }

    /// The byte offset of a 0-based line and UTF-16 column, clamped to the line.
    pub fn offset_of_utf16(&self, text: &str, line: u32, column: u32) -> u32 {
        let line = line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.line_start(line) as usize;
        let line_text = self.line_text(text, line);
        let mut units = 0u32;
        for (byte, ch) in line_text.char_indices() {
            if units >= column {
                return (start + byte) as u32;
            }
            units += ch.len_utf16() as u32;
        }
        (start + line_text.len()) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_terminators_count_once() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, 7), LineCol { line: 4, column: 1 });
        assert_eq!(index.line_text(text, 1), "b");
    }

    #[test]
    fn breaks_at_the_end_and_in_a_row_start_lines() {
        for (text, starts) in [
            ("a\r", vec![0, 2]),
            ("\r\n\r\n", vec![0, 2, 4]),
            ("\n\r\r\n", vec![0, 1, 2, 4]),
            ("", vec![0]),
        ] {
            assert_eq!(LineIndex::new(text).starts, starts, "{text:?}");
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "é😀x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0) as u32;
        assert_eq!(index.line_col(text, x), LineCol { line: 1, column: 3 });
        assert_eq!(index.utf16_position(text, x), (0, 3));
        assert_eq!(index.offset_of_utf16(text, 0, 3), x);
    }
}
