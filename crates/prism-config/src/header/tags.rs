//! Splitting the header text into the summary and tags (runtime §3.1), keeping byte offsets so
//! that diagnostics point at the tag inside the comment.

use prism_span::Span;

/// One `@tag value` of the header, before its value is typed.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTag {
    pub name: String,
    /// The span of `@name`.
    pub name_span: Span,
    /// The value: continuation lines joined with a line feed, trimmed.
    pub value: String,
    /// The span of the trimmed value (empty, just after the name, when the value is empty).
    pub value_span: Span,
}

/// The summary (the lines before the first tag) and the tags in header order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RawHeader {
    pub summary: String,
    pub tags: Vec<RawTag>,
}

/// A piece of one line of the comment: its byte offset in the file and its text.
type Segment<'a> = (usize, &'a str);

/// Splits the header comment at `span` of `source` (`/**` … `*/` included).
pub fn split_header(source: &str, span: Span) -> RawHeader {
    let body_start = span.start as usize + 3;
    let body_end = (span.end as usize).saturating_sub(2).max(body_start);
    let body = source.get(body_start..body_end).unwrap_or("");

    let mut summary: Vec<Segment<'_>> = Vec::new();
    let mut tags: Vec<(String, Span, Vec<Segment<'_>>)> = Vec::new();
    for (line_start, line) in lines(body) {
        let (offset, content) = strip_decoration(body_start + line_start, line);
        match tag_name(content) {
            Some(name) => {
                let name_end = offset + 1 + name.len();
                let rest = content.get(1 + name.len()..).unwrap_or("");
                let name_span = Span::from_range(offset..name_end);
                tags.push((name.to_owned(), name_span, vec![(name_end, rest)]));
            }
            None => match tags.last_mut() {
                Some((_, _, segments)) => segments.push((offset, content)),
                None => summary.push((offset, content)),
            },
        }
    }
    RawHeader {
        summary: joined(&summary, 0).0,
        tags: tags
            .into_iter()
            .map(|(name, name_span, segments)| {
                let (value, value_span) = joined(&segments, name_span.end as usize);
                RawTag {
                    name,
                    name_span,
                    value,
                    value_span,
                }
            })
            .collect(),
    }
}

/// The lines of `text` with their byte offsets; LF, CR LF and a lone CR end a line.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes.get(index) {
            Some(b'\n') => {
                out.push((start, text.get(start..index).unwrap_or("")));
                start = index + 1;
            }
            Some(b'\r') => {
                out.push((start, text.get(start..index).unwrap_or("")));
                if bytes.get(index + 1) == Some(&b'\n') {
                    index += 1;
                }
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    out.push((start, text.get(start..).unwrap_or("")));
    out
}

/// Removes leading whitespace, then one `*`, then one space (runtime §3.1).
fn strip_decoration(offset: usize, line: &str) -> Segment<'_> {
    let trimmed = line.trim_start();
    let trimmed = trimmed.strip_prefix('*').unwrap_or(trimmed);
    let trimmed = trimmed.strip_prefix(' ').unwrap_or(trimmed);
    (offset + line.len() - trimmed.len(), trimmed)
}

/// The tag name of a line that starts a tag: `@` then `[A-Za-z][A-Za-z0-9_]*`.
fn tag_name(content: &str) -> Option<&str> {
    let rest = content.strip_prefix('@')?;
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    rest.get(..end)
}

/// Joins segments with line feeds and trims; the span covers the trimmed text in the file.
fn joined(segments: &[Segment<'_>], empty_at: usize) -> (String, Span) {
    let text: Vec<&str> = segments.iter().map(|(_, text)| *text).collect();
    let value = text.join("\n").trim().to_owned();
    let first = segments.iter().find(|(_, text)| !text.trim().is_empty());
    let last = segments
        .iter()
        .rev()
        .find(|(_, text)| !text.trim().is_empty());
    let span = match (first, last) {
        (Some((start, first)), Some((end, last))) => Span::from_range(
            start + first.len() - first.trim_start().len()..end + last.trim_end().len(),
        ),
        _ => Span::from_range(empty_at..empty_at),
    };
    (value, span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::locate::find_header;

    fn split(source: &str) -> RawHeader {
        split_header(source, find_header(source).expect("a header"))
    }

    #[test]
    fn summary_tags_and_continuations() {
        let source =
            "/**\n * Routes a question.\n * @name cheap-first\n * @input {\"a\":\n *   1}\n */";
        let header = split(source);
        assert_eq!(header.summary, "Routes a question.");
        assert_eq!(header.tags.len(), 2);
        let input = &header.tags[1];
        assert_eq!(input.name, "input");
        assert_eq!(input.value, "{\"a\":\n  1}");
        assert_eq!(input.value_span.text(source), "{\"a\":\n *   1}");
        assert_eq!(header.tags[0].name_span.text(source), "@name");
    }

    #[test]
    fn single_line_header() {
        let source = "/** @timeout 5 */";
        let header = split(source);
        assert_eq!(header.tags[0].value, "5");
        assert_eq!(header.tags[0].value_span.text(source), "5");
    }

    #[test]
    fn at_sign_without_letter_continues() {
        let header = split("/**\n * @description a\n * @ b\n * @1\n */");
        assert_eq!(header.tags.len(), 1);
        assert_eq!(header.tags[0].value, "a\n@ b\n@1");
    }

    #[test]
    fn crlf_and_empty_value() {
        let source = "/**\r\n * @name\r\n */";
        let header = split(source);
        assert_eq!(header.tags[0].value, "");
        assert!(header.tags[0].value_span.is_empty());
    }
}
