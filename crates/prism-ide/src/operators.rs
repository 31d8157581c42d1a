//! Hover text for the confidence operators, condensed from the confidence algebra of language
//! §7.3: what each one gives as value and as confidence.

use prism_syntax::token::{Punct, Token};

use crate::{Analysis, Hover};

/// `(operator, value, confidence)`; `a`, `b` are the operands, `c_a`, `c_b` their confidences.
const CONFIDENCE_OPERATORS: &[(&str, &str, &str)] = &[
    ("~>", "`a ~> c`: inner(a)", "clamp(inner(c)), replacing c_a"),
    ("<~", "`<~a`: c_a as a plain number", "plain"),
    ("~", "`~a`: inner(a)", "plain"),
    ("~+", "`a ~+ b`: as `+` on inner values", "always confident: min(c_a, c_b)"),
    ("~-", "`a ~- b`: as `-` on inner values", "always confident: min(c_a, c_b)"),
    ("~*", "`a ~* b`: as `*` on inner values", "always confident: min(c_a, c_b)"),
    ("~/", "`a ~/ b`: as `/` on inner values", "always confident: min(c_a, c_b)"),
    ("~==", "`a ~== b`: as `==`", "always confident: min(c_a, c_b)"),
    ("~!=", "`a ~!= b`: as `!=`", "always confident: min(c_a, c_b)"),
    ("~<", "`a ~< b`: as `<`", "always confident: min(c_a, c_b)"),
    ("~<=", "`a ~<= b`: as `<=`", "always confident: min(c_a, c_b)"),
    ("~>=", "`a ~>= b`: as `>=`", "always confident: min(c_a, c_b)"),
    ("~&&", "`a ~&& b`: a truthy and b truthy (both evaluated)", "always confident: min(c_a, c_b)"),
    ("~||", "`a ~|| b`: a truthy or b truthy (both evaluated)", "always confident: max(c_a, c_b)"),
    ("~~", "`a ~~ b`: inner(b); the value of a is discarded", "always confident: min(c_a, c_b)"),
    (
        "~??",
        "`a ~?? b`: a unchanged if inner(a) is not null and c_a ≥ 0.5, otherwise b unchanged (b lazy)",
        "the selected operand's own",
    ),
    (
        "~||>",
        "`a ~||> b`: the operand with the higher confidence, unchanged; a on a tie",
        "the selected operand's own",
    ),
    (
        "~@>",
        "`a ~@> b`: if c_a ≥ 0.7, b unchanged (b lazy); otherwise inner(a)",
        "b's own, or always confident with c_a × 0.5",
    ),
    (
        "~?>",
        "`a ~?> t`: inner(a) if c_a ≥ t, otherwise null; `a ~?> [t, d]`: otherwise d unchanged",
        "c_a when it passes, otherwise plain (or d's own)",
    ),
    (
        "~|>",
        "`a ~|> r`: as `a |> r`, with a evaluated once",
        "always confident: c_a, or min(conf(v), c_a) for a confident result v",
    ),
    (
        "~?",
        "`c ~? x : y`: inner of the branch chosen by the truthiness of c",
        "always confident: conf(c) × conf(branch)",
    ),
    (
        "~.",
        "`o~.k`: the property value, null-safe",
        "always confident: conf(o) × conf(value)",
    ),
    ("~+=", "`x ~+= e`: `x = x ~+ (e)`", "as `~+`"),
    ("~-=", "`x ~-= e`: `x = x ~- (e)`", "as `~-`"),
    ("~*=", "`x ~*= e`: `x = x ~* (e)`", "as `~*`"),
    ("~/=", "`x ~/= e`: `x = x ~/ (e)`", "as `~/`"),
];

impl Analysis {
    /// Hover on a confidence operator token at `offset`.
    pub(crate) fn hover_operator(&self, offset: u32) -> Option<Hover> {
        let index = self.token_index_at(offset);
        let (Token::Punct(punct), span) = self.tokens().get(index)? else {
            return None;
        };
        if !(span.start <= offset && offset <= span.end) {
            return None;
        }
        let text = punct.as_str();
        let confidence_operator = *punct == Punct::LtTilde || text.starts_with('~');
        if !confidence_operator {
            return None;
        }
        let (_, value, confidence) = CONFIDENCE_OPERATORS
            .iter()
            .find(|(operator, _, _)| *operator == text)?;
        let markdown = format!(
            "confidence operator `{text}` (language §7.3)\n\n* value: {value}\n* confidence: {confidence}"
        );
        Some(Hover {
            range: *span,
            markdown,
        })
    }
}

#[cfg(test)]
mod tests {
    use prism_syntax::token::Punct;

    use super::CONFIDENCE_OPERATORS;

    #[test]
    fn every_confidence_operator_is_described() {
        for punct in Punct::ALL {
            let text = punct.as_str();
            if *punct == Punct::LtTilde || text.starts_with('~') {
                assert!(
                    CONFIDENCE_OPERATORS.iter().any(|(op, _, _)| *op == text),
                    "{text}"
                );
            }
        }
    }
}
