//! The parser (language §3), written with chumsky combinators over the lexer's token slice.
//!
//! Every grammar non-terminal of `grammar/prism.ebnf` (language §3.2–§3.5) is one function of the
//! same name returning a boxed chumsky parser, spread over the files of this module by area. The
//! recursive non-terminals (`Expression`, `Unary`, `Block`, `Statement`, `BindingTarget`,
//! `MatchPattern`) are declared once in [`Grammar`] and defined by [`grammar`].
//!
//! Design:
//! * The input is the lexer's `&[(Token, Span)]`; chumsky's spans are token-index ranges, which
//!   [`state::PState::byte_span`] turns into byte spans, and which index the bracket-pairing table
//!   the §3.7 lookaheads consult (`lookahead.rs`).
//! * Every choice is decided by a guard on the next tokens (`prims::when`, `prims::at`), as §3.7
//!   prescribes, so a rule never backtracks after it consumed input: once the first token of an
//!   optional part matched, the part must succeed (`prims::opt`, and the `not()` guards after each
//!   `repeated()`), and chumsky's furthest error is the error of §3.10.
//! * The rules every token goes through — Statement, Expression (Assignment down to Power) and
//!   Unary (down to Primary) — are `custom` parsers that peek at the next token and call the one
//!   rule it selects (`inp.parse`), instead of `choice`, `or_not` and `repeated`: chumsky records
//!   an error for every alternative that fails, even on the way to a success, and that
//!   bookkeeping was most of the parse time. An error they build after reading input goes through
//!   `prims::fail_here`, so that chumsky ranks it at the token where it arises.
//! * The error type ([`state::ParseError`]) carries the finished diagnostic; errors built by a rule
//!   win over chumsky's plain token mismatches at the same position.
//! * The state ([`state::PState`]) holds the diagnostics reported while parsing goes on (an
//!   invalid assignment target, a rest element that is not last, …), the one-error-per-statement
//!   flag of §3.9, the no-lambda flag of §3.7.6 and the nesting and chain budgets that keep every
//!   tree shallow enough for the recursive passes.
//! * Statement lists (`recovery.rs`) run the `Statement` parser in a loop; a statement that fails
//!   is reported, skipped up to a statement boundary (§3.9) and kept as `StmtKind::Error`.
//!   Interpolations (`template.rs`) report their errors at their own positions the same way.
//! * One decision depends on what was just read rather than on the next tokens, and goes through
//!   the state: whether another match arm may follow (`arm_follows`: after `,` or an arm with a
//!   Block body).
//! * Chumsky's combinators take several kilobytes of stack per nesting level in unoptimised
//!   builds, so the parse runs on a thread of its own (`PARSER_STACK`); [`MAX_NESTING`] bounds the
//!   depth, so the stack needed is bounded too.
//! * A large file without errors is parsed in chunks on several threads (`split.rs`), cut before
//!   top-level declarations; the result is the one-thread result, or the split is abandoned.
//! * The operator levels call the Unary rules directly (`UnaryRules::parse_in_place`),
//!   not through chumsky's recursive handle: an operand is read for almost every token, and an
//!   error is still ranked where chumsky's `custom` would rank it.
//!
//! Throughput (the `parse_bench` example, release build, 1 MB of typical Prism): about 108M
//! instructions per MB for the parse alone (288M before the peeking rules, 113M before the direct
//! Unary calls); allocation of the tree is about a sixth of it (see docs/benchmarks.md). The AST,
//! the diagnostics and the recovered trees are those of the recursive-descent parser this one
//! replaced (checked on the conformance corpus and about 130,000 mutations of it before that
//! parser was removed); the peeking rules and the direct Unary calls left them unchanged (checked
//! on the repository's `.prism` files and a few thousand mutations of them, with the
//! `front_end_digest` example and the `prism` binary).

mod control_flow;
mod cover;
mod expressions;
mod functions;
mod lookahead;
mod match_expr;
mod modules;
mod objects;
mod operators;
mod patterns;
mod primary;
mod prims;
mod recovery;
pub(crate) mod split;
mod state;
mod statements;
mod template;
mod uncertain;

pub(crate) use cover::is_hole;

use chumsky::prelude::*;
use chumsky::recursive::Direct;
use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};

use crate::ast::{Block, Expr, MatchPattern, Pattern, Program, Stmt};
use crate::token::Token;

/// Nesting depth (brackets, blocks, prefix operators) beyond which the parser gives up, so that no
/// input can exhaust the stack of the parser or of the recursive passes over the tree.
const MAX_NESTING: u32 = 100;
/// Depth of left-associative chains (`a + b + …`, `a.b.c…`) beyond which the parser gives up.
const MAX_CHAIN: u32 = 500;

/// One token with its byte span, as the lexer gives it.
pub(crate) type Tok = (Token, Span);
/// The parser's input.
pub(crate) type In<'src> = &'src [Tok];
/// Error, state and (no) context of every parser.
pub(crate) type Ex<'src> = extra::Full<state::ParseError, state::PState<'src>, ()>;
/// A rule: a boxed parser of `O`.
pub(crate) type Rule<'src, O> = Boxed<'src, 'src, In<'src>, O, Ex<'src>>;
pub(crate) type Rec<'src, O> = Recursive<Direct<'src, 'src, In<'src>, O, Ex<'src>>>;

/// The recursive non-terminals, as the rules that use them see them.
#[derive(Clone)]
pub(crate) struct Grammar<'src> {
    pub expression: Rec<'src, Expr>,
    pub unary: Rec<'src, Expr>,
    pub block: Rec<'src, Block>,
    pub statement: Rec<'src, Stmt>,
    pub binding_target: Rec<'src, Pattern>,
    pub match_pattern: Rec<'src, MatchPattern>,
}

/// The non-terminals known while the grammar is being built.
#[derive(Default)]
struct Handles<'src> {
    expression: Option<Rec<'src, Expr>>,
    unary: Option<Rec<'src, Expr>>,
    block: Option<Rec<'src, Block>>,
    statement: Option<Rec<'src, Stmt>>,
    binding_target: Option<Rec<'src, Pattern>>,
    match_pattern: Option<Rec<'src, MatchPattern>>,
}

impl<'src> Handles<'src> {
    fn grammar(&self) -> Grammar<'src> {
        const BUILT: &str = "grammar() sets every handle before it builds a rule";
        Grammar {
            expression: self.expression.clone().expect(BUILT),
            unary: self.unary.clone().expect(BUILT),
            block: self.block.clone().expect(BUILT),
            statement: self.statement.clone().expect(BUILT),
            binding_target: self.binding_target.clone().expect(BUILT),
            match_pattern: self.match_pattern.clone().expect(BUILT),
        }
    }
}

/// Builds the whole grammar.
///
/// The six non-terminals are nested `recursive` definitions: each one holds those defined inside
/// it strongly and itself and the enclosing ones weakly, so the grammar has no reference cycle
/// and is freed after the parse. (Declaring all six and defining them afterwards made each own
/// the others: a cycle that leaked the whole grammar, about 11 KB, on every parse — a leak per
/// keystroke in the language server. `tests/parser_memory.rs` holds the fix.)
fn grammar<'src>() -> Grammar<'src> {
    let mut h = Handles::default();
    let statement = recursive(|statement| {
        h.statement = Some(statement);
        let block = recursive(|block| {
            h.block = Some(block);
            let expression = recursive(|expression| {
                h.expression = Some(expression);
                let mut unary_rules = None;
                let unary = recursive(|unary| {
                    h.unary = Some(unary);
                    let binding_target = recursive(|binding_target| {
                        h.binding_target = Some(binding_target);
                        let match_pattern = recursive(|match_pattern| {
                            h.match_pattern = Some(match_pattern);
                            match_expr::match_pattern(&h.grammar())
                        });
                        h.match_pattern = Some(match_pattern);
                        patterns::binding_target(&h.grammar())
                    });
                    h.binding_target = Some(binding_target);
                    let (rule, rules) = expressions::unary(&h.grammar());
                    unary_rules = Some(rules);
                    rule
                });
                h.unary = Some(unary);
                let unary_rules = unary_rules.expect("the unary rule is built before expression");
                expressions::expression(&h.grammar(), unary_rules)
            });
            h.expression = Some(expression);
            statements::block(&h.grammar())
        });
        h.block = Some(block);
        statements::statement(&h.grammar())
    });
    h.statement = Some(statement);
    h.grammar()
}

/// `Program = { Statement } EOF ;`
fn program<'src>(g: &Grammar<'src>) -> Rule<'src, Vec<Stmt>> {
    recovery::statement_list(g, false)
}

/// Stack for the parse: chumsky's combinators take several kilobytes of stack per nesting level
/// in unoptimised builds, so the parse runs on a thread of its own whose stack holds
/// [`MAX_NESTING`] levels of any construct with a wide margin (the memory is reserved, and only
/// touched as deep as the input nests).
pub const PARSER_STACK: usize = 64 << 20;

thread_local! {
    /// Whether the current thread was declared to have [`PARSER_STACK`] bytes of stack to spare
    /// ([`parse_on_this_thread`]).
    static HAS_PARSER_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` with every parse inside it done on the calling thread instead of a thread of its
/// own, which saves starting a thread per file. The caller must have given this thread a stack
/// with at least [`PARSER_STACK`] bytes to spare beyond its own use (`prism run`'s thread, for
/// example, is started with 256 MB).
pub fn parse_on_this_thread<T>(work: impl FnOnce() -> T) -> T {
    /// Puts the flag back as it was, also when `work` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            HAS_PARSER_STACK.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(HAS_PARSER_STACK.with(|flag| flag.replace(true)));
    work()
}

/// Runs `parse` on a thread with a [`PARSER_STACK`] stack: the current one if it was declared to
/// have one (or if no thread can be started), otherwise a thread of its own.
fn on_parser_stack<T: Send>(parse: impl Fn() -> T + Sync) -> T {
    if has_parser_stack() {
        return parse();
    }
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("prism-parser".to_string())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, &parse);
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
            Err(_) => parse(),
        }
    })
}

/// Parses a token slice into a program (language §3.2 `Program`), appending parse errors.
///
/// A large file without errors is parsed in chunks on several threads (`split.rs`), with the
/// same result.
pub fn parse_tokens(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Program {
    parse_with(source, file, tokens, diagnostics, Threads::Any, false)
}

/// [`parse_tokens`] followed by [`crate::validate::validate`], whose diagnostics come after the
/// parse errors. Each top-level statement is validated as soon as it is parsed.
pub fn parse_and_validate_tokens(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Program {
    parse_with(source, file, tokens, diagnostics, Threads::Any, true)
}

/// [`parse_tokens`] on one thread (besides the thread with the parser's stack), whatever the
/// size of the file (for benchmarks and for tests that compare the two).
pub fn parse_tokens_on_one_thread(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Program {
    parse_with(source, file, tokens, diagnostics, Threads::One, false)
}

/// [`parse_and_validate_tokens`] on one thread.
pub(crate) fn parse_and_validate_tokens_on_one_thread(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Program {
    parse_with(source, file, tokens, diagnostics, Threads::One, true)
}

/// Whether a parse may spread a large file over several threads.
#[derive(Clone, Copy)]
enum Threads {
    One,
    Any,
}

fn parse_with(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
    threads: Threads,
    validate: bool,
) -> Program {
    let earlier: &[Diagnostic] = diagnostics;
    let split = match threads {
        Threads::Any => split::parse_in_chunks(source, file, tokens, earlier, validate),
        Threads::One => None,
    };
    let parsed = split.unwrap_or_else(|| {
        on_parser_stack(|| parse_program(source, file, tokens, earlier, validate))
    });
    diagnostics.extend(parsed.errors);
    diagnostics.extend(parsed.validation);
    let end = u32::try_from(source.len()).unwrap_or(u32::MAX);
    Program {
        body: parsed.body,
        span: Span::new(0, end),
    }
}

/// The statements of a program, the parse errors and (when asked) the diagnostics of
/// [`crate::validate::validate`] on the statements.
#[derive(Default)]
pub(crate) struct ParsedBody {
    pub(crate) body: Vec<Stmt>,
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) validation: Vec<Diagnostic>,
}

/// The statements of a token slice with no lexical error before it, parsed (and validated, with
/// `validate`) on the calling thread, which must have a [`PARSER_STACK`] stack.
pub(crate) fn parse_chunk(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    validate: bool,
) -> ParsedBody {
    parse_program(source, file, tokens, &[], validate)
}

/// Whether the calling thread was declared to have a [`PARSER_STACK`] stack.
pub(crate) fn has_parser_stack() -> bool {
    HAS_PARSER_STACK.with(std::cell::Cell::get)
}

fn parse_program(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    lexical: &[Diagnostic],
    validate: bool,
) -> ParsedBody {
    let mut state = state::PState::new(source, file, tokens, lexical);
    if validate {
        state.validation = Some(Vec::new());
    }
    let g = grammar();
    // The statement list never fails: errors become `StmtKind::Error` statements.
    let body = program(&g)
        .parse_with_state(tokens, &mut state)
        .into_output()
        .unwrap_or_default();
    ParsedBody {
        body,
        errors: state.diagnostics,
        validation: state.validation.unwrap_or_default(),
    }
}

/// Parses the tokens of one expression (for tools such as the REPL and tests); errors are appended
/// and leftover tokens are reported with E0202.
pub fn parse_expression_tokens(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Expr> {
    let lexical: &[Diagnostic] = diagnostics;
    let (expr, mut found) = on_parser_stack(|| parse_expression(source, file, tokens, lexical));
    diagnostics.append(&mut found);
    expr
}

/// One expression and the parse errors.
fn parse_expression(
    source: &str,
    file: FileId,
    tokens: &[(Token, Span)],
    lexical: &[Diagnostic],
) -> (Option<Expr>, Vec<Diagnostic>) {
    let mut state = state::PState::new(source, file, tokens, lexical);
    let g = grammar();
    let parser = g.expression.clone().then(choice((
        end().to(None),
        prims::fail(|state: &state::PState<'_>, index| {
            state.error_expected(index, "end of file", "expected end of file")
        }),
    )));
    let result = parser.parse_with_state(tokens, &mut state);
    let (output, errors) = result.into_output_errors();
    for error in errors {
        state.push_error(error);
    }
    (
        output.map(|(expr, _): (Expr, Option<()>)| expr),
        state.diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared() -> bool {
        HAS_PARSER_STACK.with(std::cell::Cell::get)
    }

    #[test]
    fn the_parser_stack_declaration_ends_with_its_scope_even_after_a_panic() {
        parse_on_this_thread(|| assert!(declared()));
        assert!(!declared());
        let result = std::panic::catch_unwind(|| parse_on_this_thread(|| panic!("inside")));
        assert!(result.is_err());
        assert!(!declared());
    }
}
