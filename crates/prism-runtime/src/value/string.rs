//! Strings (language §4.3).
use std::cell::OnceCell;

use smol_str::SmolStr;

/// An immutable string with its length in scalar values cached, so that `length` and `s[i]`
/// (language §4.3) do not rescan the text: ASCII strings index by byte; other strings build a
/// table of character offsets the first time they are indexed.
pub struct PStr {
    /// Short strings (most keys, characters, type names) are stored inline: one allocation per
    /// string value.
    text: SmolStr,
    chars: usize,
    ascii: bool,
    /// Byte offset of every character, for non-ASCII strings that have been indexed.
    starts: OnceCell<Box<[usize]>>,
}

/// Non-ASCII strings shorter than this are indexed by scanning; the offset table would cost
/// more than it saves.
const SCAN_LIMIT: usize = 32;

impl PStr {
    /// A string from an object key or other `SmolStr`, sharing its storage.
    pub fn from_smol(text: SmolStr) -> PStr {
        let ascii = text.is_ascii();
        let chars = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        PStr {
            text,
            chars,
            ascii,
            starts: OnceCell::new(),
        }
    }

    pub fn new(text: &str) -> PStr {
        let ascii = text.is_ascii();
        let chars = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        PStr {
            text: SmolStr::new(text),
            chars,
            ascii,
            starts: OnceCell::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text as an object key, without copying long strings.
    pub fn to_smol(&self) -> SmolStr {
        self.text.clone()
    }

    /// The number of Unicode scalar values (language §4.3: not UTF-16 units).
    pub fn char_count(&self) -> usize {
        self.chars
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The character at scalar position `index`, as a string slice.
    pub fn char_at(&self, index: usize) -> Option<&str> {
        if index >= self.chars {
            return None;
        }
        if self.ascii {
            return self.text.get(index..index + 1);
        }
        if self.chars < SCAN_LIMIT {
            let (start, ch) = self.text.char_indices().nth(index)?;
            return self.text.get(start..start + ch.len_utf8());
        }
        let starts = self
            .starts
            .get_or_init(|| self.text.char_indices().map(|(i, _)| i).collect());
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(self.text.len());
        self.text.get(start..end)
    }
}
