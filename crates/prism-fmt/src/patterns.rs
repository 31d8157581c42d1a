//! Binding patterns, parameter lists and match patterns (language §3.3, §3.5; cli §6.3: patterns
//! are groups like the literals they mirror).

use prism_syntax::ast::{
    MatchElem, MatchPattern, MatchPatternKind, MatchProp, MatchRest, Name, ObjectPatternProp,
    Param, Pattern, PatternElem, PatternKind,
};

use crate::doc::{concat, text, Doc};
use crate::lists::{Brackets, Element};
use crate::Formatter;

/// The name of a lambda's only parameter when it is a plain identifier (no default, threshold or
/// rest): such a lambda is written without parentheses (cli §6.3 "Lambdas").
pub fn bare_lambda_param(params: &[Param]) -> Option<&str> {
    let [param] = params else { return None };
    if param.rest || param.threshold.is_some() || param.default.is_some() {
        return None;
    }
    match &param.target.kind {
        PatternKind::Ident(name) => Some(name.text.as_str()),
        _ => None,
    }
}

/// An element of an array binding pattern.
enum ArrayItem<'a> {
    Element(Option<&'a PatternElem>),
    Rest(&'a Pattern),
}

/// An entry of an object binding pattern.
enum ObjectItem<'a> {
    Property(&'a ObjectPatternProp),
    Rest(&'a Pattern),
}

/// An element of an array match pattern.
enum MatchArrayItem<'a> {
    Element(&'a MatchElem),
    Rest(&'a MatchRest),
}

/// An entry of an object match pattern.
enum MatchObjectItem<'a> {
    Property(&'a MatchProp),
    Rest(&'a Name),
}

impl Formatter<'_> {
    pub fn pattern(&mut self, pattern: &Pattern) -> Doc {
        let leading = self.comments.leading(pattern.span.start);
        let doc = match &pattern.kind {
            PatternKind::Ident(name) => text(name.text.as_str()),
            PatternKind::Discard => text("_"),
            PatternKind::Array { elements, rest } => {
                let mut items: Vec<Element<ArrayItem>> = elements
                    .iter()
                    .map(|element| Element {
                        item: ArrayItem::Element(element.as_ref()),
                        span: element.as_ref().map(|element| element.span),
                        rest: false,
                    })
                    .collect();
                if let Some(rest) = rest {
                    items.push(Element {
                        item: ArrayItem::Rest(rest),
                        span: Some(rest.span),
                        rest: true,
                    });
                }
                let brackets = self.brackets_of("[", "]", false, pattern);
                self.group_list(&brackets, &items, |this, item| match item {
                    ArrayItem::Element(None) => Doc::Nil,
                    ArrayItem::Element(Some(element)) => {
                        let target = this.pattern(&element.target);
                        let threshold = this.threshold(element.threshold.as_ref());
                        let default = this.default(element.default.as_ref());
                        concat(vec![target, threshold, default])
                    }
                    ArrayItem::Rest(rest) => concat(vec![text("..."), this.pattern(rest)]),
                })
            }
            PatternKind::Object { properties, rest } => {
                let mut items: Vec<Element<ObjectItem>> = properties
                    .iter()
                    .map(|property| Element {
                        item: ObjectItem::Property(property),
                        span: Some(property.span),
                        rest: false,
                    })
                    .collect();
                if let Some(rest) = rest {
                    items.push(Element {
                        item: ObjectItem::Rest(rest),
                        span: Some(rest.span),
                        rest: true,
                    });
                }
                let brackets = self.brackets_of("{", "}", true, pattern);
                self.group_list(&brackets, &items, |this, item| match item {
                    ObjectItem::Property(property) => this.object_pattern_prop(property),
                    ObjectItem::Rest(rest) => concat(vec![text("..."), this.pattern(rest)]),
                })
            }
            PatternKind::Threshold { pattern, threshold } => {
                let pattern = self.pattern(pattern);
                concat(vec![pattern, self.threshold(Some(threshold))])
            }
            PatternKind::Target(expr) => self.expr(expr),
            PatternKind::Error => text(self.source_text(pattern.span).trim()),
        };
        leading.wrap(doc)
    }

    /// The brackets of a pattern whose span ends with its closing bracket.
    fn brackets_of(
        &self,
        open: &'static str,
        close: &'static str,
        spaced: bool,
        pattern: &Pattern,
    ) -> Brackets {
        Brackets {
            open,
            close,
            spaced,
            close_at: pattern.span.end.saturating_sub(1),
        }
    }

    fn object_pattern_prop(&mut self, property: &ObjectPatternProp) -> Doc {
        let head = if property.shorthand {
            self.pattern(&property.target)
        } else {
            let key = self.prop_key(&property.key);
            let target = self.pattern(&property.target);
            concat(vec![key, text(": "), target])
        };
        let threshold = self.threshold(property.threshold.as_ref());
        let default = self.default(property.default.as_ref());
        concat(vec![head, threshold, default])
    }

    /// A parameter list `(a, b = 1, ...rest)`; its `(` is the first one after `search_from`.
    pub fn params(&mut self, params: &[Param], search_from: u32) -> Doc {
        let open_at = self.find_after(search_from, b'(');
        let after_last = params.last().map_or(open_at + 1, |param| param.span.end);
        let close_at = self.find_after(after_last, b')');
        let brackets = Brackets {
            open: "(",
            close: ")",
            spaced: false,
            close_at,
        };
        let items: Vec<Element<&Param>> = params
            .iter()
            .map(|param| Element {
                item: param,
                span: Some(param.span),
                rest: param.rest,
            })
            .collect();
        self.group_list(&brackets, &items, |this, param| {
            let rest = if param.rest { text("...") } else { Doc::Nil };
            let target = this.pattern(&param.target);
            let threshold = this.threshold(param.threshold.as_ref());
            let default = this.default(param.default.as_ref());
            concat(vec![rest, target, threshold, default])
        })
    }

    pub fn match_pattern(&mut self, pattern: &MatchPattern) -> Doc {
        let leading = self.comments.leading(pattern.span.start);
        let close_at = pattern.span.end.saturating_sub(1);
        let doc = match &pattern.kind {
            MatchPatternKind::Wildcard => text("_"),
            MatchPatternKind::Bind(name) => text(name.text.as_str()),
            MatchPatternKind::Literal(expr) => self.expr(expr),
            MatchPatternKind::Array { elements, rest } => {
                let mut items: Vec<Element<MatchArrayItem>> = elements
                    .iter()
                    .map(|element| Element {
                        item: MatchArrayItem::Element(element),
                        span: Some(element.span),
                        rest: false,
                    })
                    .collect();
                if let Some(rest) = rest {
                    let span = match rest {
                        MatchRest::Bind(name) => name.span,
                        MatchRest::Discard(span) => *span,
                    };
                    items.push(Element {
                        item: MatchArrayItem::Rest(rest),
                        span: Some(span),
                        rest: true,
                    });
                }
                let brackets = Brackets {
                    open: "[",
                    close: "]",
                    spaced: false,
                    close_at,
                };
                self.group_list(&brackets, &items, |this, item| match item {
                    MatchArrayItem::Element(element) => {
                        let pattern = this.match_pattern(&element.pattern);
                        concat(vec![pattern, this.threshold(element.threshold.as_ref())])
                    }
                    MatchArrayItem::Rest(MatchRest::Bind(name)) => {
                        text(format!("...{}", name.text))
                    }
                    MatchArrayItem::Rest(MatchRest::Discard(_)) => text("..._"),
                })
            }
            MatchPatternKind::Object { properties, rest } => {
                let mut items: Vec<Element<MatchObjectItem>> = properties
                    .iter()
                    .map(|property| Element {
                        item: MatchObjectItem::Property(property),
                        span: Some(property.span),
                        rest: false,
                    })
                    .collect();
                if let Some(rest) = rest {
                    items.push(Element {
                        item: MatchObjectItem::Rest(rest),
                        span: Some(rest.span),
                        rest: true,
                    });
                }
                let brackets = Brackets {
                    open: "{",
                    close: "}",
                    spaced: true,
                    close_at,
                };
                self.group_list(&brackets, &items, |this, item| match item {
                    MatchObjectItem::Property(property) => {
                        let key = this.prop_key(&property.key);
                        let pattern = property.pattern.as_ref().map_or(Doc::Nil, |pattern| {
                            concat(vec![text(": "), this.match_pattern(pattern)])
                        });
                        let threshold = this.threshold(property.threshold.as_ref());
                        concat(vec![key, pattern, threshold])
                    }
                    MatchObjectItem::Rest(name) => text(format!("...{}", name.text)),
                })
            }
            MatchPatternKind::Error => text(self.source_text(pattern.span).trim()),
        };
        leading.wrap(doc)
    }

    /// The position of the first `byte` at or after `from` outside comments (the brackets of
    /// parameter and specifier lists, which have no span of their own).
    pub fn find_after(&self, from: u32, byte: u8) -> u32 {
        let bytes = self.source.as_bytes();
        let mut position = from as usize;
        while let Some(&current) = bytes.get(position) {
            if current == b'/' && bytes.get(position + 1) == Some(&b'/') {
                while bytes
                    .get(position)
                    .is_some_and(|&b| b != b'\n' && b != b'\r')
                {
                    position += 1;
                }
                continue;
            }
            if current == b'/' && bytes.get(position + 1) == Some(&b'*') {
                position += 2;
                while position < bytes.len()
                    && !(bytes.get(position) == Some(&b'*')
                        && bytes.get(position + 1) == Some(&b'/'))
                {
                    position += 1;
                }
                position += 2;
                continue;
            }
            if current == byte {
                return position as u32;
            }
            position += 1;
        }
        self.source.len() as u32
    }
}
