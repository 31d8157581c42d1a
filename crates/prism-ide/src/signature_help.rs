//! Signature help (cli §8) for builtins, builtin methods, agent methods and user functions, with the
//! argument under the cursor. Like completion, it reads the tokens before the cursor, so an
//! unfinished call (`max(a, `) still gets help.

use prism_checker::types::builtin_signatures::{qualified_name, signature};
use prism_checker::types::members::method_signature;
use prism_checker::types::Type;
use prism_checker::BindingKind;
use prism_syntax::token::{Keyword, Punct, Token};

use crate::builtin_docs::builtin_doc;
use crate::labels::{builtin_label, Label};
use crate::{Analysis, ParameterInfo, SignatureHelp, SignatureInfo};

/// How far back the opening parenthesis is searched, in tokens.
const SCAN_LIMIT: usize = 2000;

impl Analysis {
    /// The signature of the call whose argument list holds `offset`, and the active argument.
    pub fn signature_help(&self, offset: u32) -> Option<SignatureHelp> {
        let (open, argument) = self.open_call(offset)?;
        let callee_index = open.checked_sub(1)?;
        let (Token::Ident(name), name_span) = self.tokens().get(callee_index)? else {
            return None;
        };
        let before = callee_index
            .checked_sub(1)
            .and_then(|index| self.tokens().get(index).map(|token| (index, token)));
        let (label, documentation) = match before {
            Some((_, (Token::Keyword(Keyword::Function | Keyword::Fn), _))) => return None,
            Some((
                dot_index,
                (Token::Punct(Punct::Dot | Punct::QuestionDot | Punct::TildeDot), dot),
            )) => {
                let receiver = self.receiver_type(dot_index, *dot);
                method_label(&receiver, name)?
            }
            _ => {
                let binding = self
                    .resolution()
                    .use_of(name_span.start)
                    .or_else(|| self.visible_named(name, name_span.start))
                    .and_then(|id| self.resolution().binding(id));
                match binding {
                    Some(binding) if !binding.kind.is_global() => {
                        let label = self.function_label(name, binding.span)?;
                        (label, self.doc_comment_before(binding.span.start))
                    }
                    Some(binding) if binding.kind == BindingKind::Host => return None,
                    _ => {
                        let sig = signature(name)?;
                        let label = builtin_label(name, sig, &Type::Unknown);
                        (label, builtin_doc(name).map(|doc| doc.markdown()))
                    }
                }
            }
        };
        let count = label.params.len() as u32;
        let active_parameter = if argument < count {
            Some(argument)
        } else if label.rest && count > 0 {
            Some(count - 1)
        } else {
            None
        };
        Some(SignatureHelp {
            signature: SignatureInfo {
                label: label.text,
                documentation,
                parameters: label
                    .params
                    .into_iter()
                    .map(|label| ParameterInfo { label })
                    .collect(),
            },
            active_parameter,
        })
    }

    /// The index of the unmatched `(` before `offset` and the number of commas between it and the
    /// cursor at its level. Brackets and braces left open on the way belong to one argument.
    fn open_call(&self, offset: u32) -> Option<(usize, u32)> {
        let end = self
            .tokens()
            .partition_point(|(_, span)| span.end <= offset);
        let mut depth = 0u32;
        let mut commas = 0u32;
        for index in (end.saturating_sub(SCAN_LIMIT)..end).rev() {
            let (token, _) = self.tokens().get(index)?;
            let Token::Punct(punct) = token else {
                continue;
            };
            match punct {
                Punct::RParen | Punct::RBracket | Punct::RBrace => depth += 1,
                Punct::LParen if depth == 0 => return Some((index, commas)),
                Punct::LBracket | Punct::LBrace if depth == 0 => commas = 0,
                Punct::LParen | Punct::LBracket | Punct::LBrace => depth -= 1,
                Punct::Comma if depth == 0 => commas += 1,
                Punct::Semi if depth == 0 => return None,
                _ => {}
            }
        }
        None
    }
}

/// The label of a method of `receiver`: builtin methods from the table, agent methods by hand.
fn method_label(receiver: &Type, name: &str) -> Option<(Label, Option<String>)> {
    if let Some((prefix, sig)) = method_signature(receiver, name) {
        let qualified = qualified_name(&format!("{prefix}.{name}"));
        let label = builtin_label(&qualified, sig, receiver);
        return Some((label, builtin_doc(&qualified).map(|doc| doc.markdown())));
    }
    if matches!(receiver, Type::Agent) && matches!(name, "ask" | "call") {
        let first = if name == "ask" { "prompt" } else { "task" };
        let text = format!("Agent.{name}({first}, opts = {{}}) -> any");
        let start = "Agent.".len() + name.len() + 1;
        let params = vec![
            (start as u32, (start + first.len()) as u32),
            (
                (start + first.len() + 2) as u32,
                (start + first.len() + 2 + "opts = {}".len()) as u32,
            ),
        ];
        let label = Label {
            text,
            params,
            rest: false,
        };
        return Some((label, builtin_doc("Agent.ask").map(|doc| doc.markdown())));
    }
    None
}
