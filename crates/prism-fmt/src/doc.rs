//! The document algebra the layout is built in (cli §6.3 "Groups and line breaking").
//!
//! A [`Doc`] is text with three kinds of line breaks (a space or a line break, nothing or a line
//! break, always a line break), indentation and groups. A group is printed flat or broken as a
//! whole; [`Doc::Block`] is a group that is always broken (function, lambda and match bodies) and
//! hides its contents from the "contains a line comment" rule, because a comment inside a body
//! belongs to the body's statements, not to the list the body sits in.

/// A layout document. Build it with the helper functions below.
#[derive(Clone, Debug)]
pub enum Doc {
    Nil,
    /// Text. It contains a line feed only when it is verbatim source (a fenced string, a template,
    /// a multi-line block comment); the line is then measured up to that line feed.
    Text(String),
    /// A space when the enclosing group is flat, a line break when it is broken.
    Line,
    /// Nothing when the enclosing group is flat, a line break when it is broken.
    SoftLine,
    /// Always a line break.
    HardLine,
    Concat(Vec<Doc>),
    /// One level deeper for the line breaks inside, when the enclosing group is broken.
    Indent(Box<Doc>),
    /// A group; `broken` is set when it must break (it contains a line comment or a comment that
    /// was on its own line).
    Group {
        doc: Box<Doc>,
        broken: bool,
    },
    /// An always-broken group that does not pass its forced breaks outwards.
    Block(Box<Doc>),
    /// `broken` when the enclosing group is broken, otherwise `flat`.
    IfBreak {
        broken: Box<Doc>,
        flat: Box<Doc>,
    },
    /// A `//` comment: nothing else may follow it on its line.
    LineComment(String),
    /// Forces every enclosing group (up to the nearest block) to break.
    BreakParent,
}

pub fn text(text: impl Into<String>) -> Doc {
    Doc::Text(text.into())
}

pub fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}

pub fn indent(doc: Doc) -> Doc {
    Doc::Indent(Box::new(doc))
}

pub fn block(doc: Doc) -> Doc {
    Doc::Block(Box::new(doc))
}

/// A group, broken when its contents force it (see [`Doc::Group`]).
pub fn group(doc: Doc) -> Doc {
    let broken = forces_break(&doc);
    Doc::Group {
        doc: Box::new(doc),
        broken,
    }
}

pub fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        broken: Box::new(broken),
        flat: Box::new(flat),
    }
}

/// Whether `doc` contains a line comment or a forced break outside any nested block. Nested
/// groups already know their answer, so each node is visited once per enclosing group level.
fn forces_break(doc: &Doc) -> bool {
    match doc {
        Doc::LineComment(_) | Doc::BreakParent => true,
        Doc::Group { broken, .. } => *broken,
        Doc::Concat(parts) => parts.iter().any(forces_break),
        Doc::Indent(inner) => forces_break(inner),
        Doc::IfBreak { broken, flat } => forces_break(broken) || forces_break(flat),
        Doc::Nil | Doc::Text(_) | Doc::Line | Doc::SoftLine | Doc::HardLine | Doc::Block(_) => {
            false
        }
    }
}
