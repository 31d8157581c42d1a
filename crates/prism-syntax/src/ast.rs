//! The syntax tree (language §3). Every node carries the [`Span`] of the source it came from.
//!
//! The tree follows the node list of cli §11 (`prism ast`), with two additions the JSON form does
//! not show: [`ExprKind::Paren`] keeps parentheses (they end optional chains, language §6.4.2, and the
//! formatter preserves them), and patterns used as assignment targets may hold member/index
//! expressions as leaves. Nodes where error recovery skipped input are `Error` variants.

use prism_span::Span;
use smol_str::SmolStr;

pub use crate::token::Quote;

/// A name with its span (identifiers, property names, import names).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: SmolStr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub body: Vec<Stmt>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Statements (language §3.2)

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    VarDecl(VarDecl),
    FunctionDecl(Box<Function>),
    If {
        test: Expr,
        consequent: Box<Stmt>,
        alternate: Option<Box<Stmt>>,
        parenthesized: bool,
    },
    While {
        test: Expr,
        body: Box<Stmt>,
        parenthesized: bool,
    },
    DoWhile {
        body: Box<Stmt>,
        test: Expr,
    },
    For(Box<ForStmt>),
    ForIn(Box<ForInStmt>),
    Uncertain(Box<Uncertain>),
    Return(Option<Expr>),
    Throw(Expr),
    Break,
    Continue,
    Empty,
    Try(Box<TryStmt>),
    Context(Box<ContextStmt>),
    Agents(Vec<AgentDecl>),
    Import(Box<Import>),
    Export(Box<Export>),
    Block(Block),
    Expr(Expr),
    /// Input skipped by error recovery.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclKind {
    Let,
    Const,
}

impl DeclKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclKind::Let => "let",
            DeclKind::Const => "const",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct VarDecl {
    pub kind: DeclKind,
    pub declarators: Vec<Declarator>,
    pub span: Span,
}

/// `target [~> threshold] [= init]`. A threshold on a pattern target is a whole-pattern threshold
/// (language §11.3).
#[derive(Clone, Debug, PartialEq)]
pub struct Declarator {
    pub target: Pattern,
    pub threshold: Option<Expr>,
    pub init: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForStmt {
    pub init: Option<ForInit>,
    pub test: Option<Expr>,
    pub update: Option<Expr>,
    pub body: Stmt,
    pub parenthesized: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ForInit {
    VarDecl(VarDecl),
    Expr(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForInKeyword {
    In,
    Of,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForInStmt {
    pub decl_kind: Option<DeclKind>,
    pub target: Pattern,
    /// The second binding of `for x, i in e` (an identifier or `_`).
    pub index: Option<Pattern>,
    pub keyword: ForInKeyword,
    pub iterable: Expr,
    pub body: Stmt,
    pub parenthesized: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UncertainForm {
    If,
    While,
    For,
}

/// `uncertain if/while/for … { high {…} medium {…} low {…} default {…} }` (language §8.7).
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    pub form: UncertainForm,
    pub init: Option<ForInit>,
    pub test: Option<Expr>,
    pub update: Option<Expr>,
    pub branches: Vec<Branch>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BranchName {
    High,
    Medium,
    Low,
    Default,
}

impl BranchName {
    pub fn as_str(self) -> &'static str {
        match self {
            BranchName::High => "high",
            BranchName::Medium => "medium",
            BranchName::Low => "low",
            BranchName::Default => "default",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub name: BranchName,
    pub name_span: Span,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TryStmt {
    pub block: Block,
    pub param: Option<Pattern>,
    pub handler: Option<Block>,
    pub finalizer: Option<Block>,
}

/// `in context Name { … } [-> Next]` (language §8.10).
#[derive(Clone, Debug, PartialEq)]
pub struct ContextStmt {
    pub name: ContextName,
    pub body: Block,
    pub shift: Option<ContextName>,
}

/// A context name: an identifier used as its text, or a string literal.
#[derive(Clone, Debug, PartialEq)]
pub struct ContextName {
    pub text: SmolStr,
    pub is_string: bool,
    pub span: Span,
}

/// `name: [Agent] { … }` inside an `agents` block (language §8.11).
#[derive(Clone, Debug, PartialEq)]
pub struct AgentDecl {
    pub name: Name,
    /// The span of the optional `Agent` word (information I0302).
    pub agent_word: Option<Span>,
    pub object: Expr,
    pub span: Span,
}

/// A string literal as used by import/export sources.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    pub value: SmolStr,
    pub quote: Quote,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub source: StrLit,
    pub default: Option<Name>,
    pub namespace: Option<Name>,
    pub names: Vec<ImportSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportSpec {
    /// The exported name (any property name, including `default`).
    pub imported: Name,
    pub local: Name,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// `export let/const/function/agents …`.
    pub declaration: Option<Stmt>,
    /// `export default e`.
    pub default: Option<Expr>,
    pub specifiers: Vec<ExportSpec>,
    pub source: Option<StrLit>,
    /// `export * from "m"`.
    pub all: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportSpec {
    pub local: Name,
    pub exported: Name,
}

// ---------------------------------------------------------------------------------------------
// Functions (language §10)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnKeyword {
    Function,
    Fn,
}

/// A function declaration or function expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    pub name: Option<Name>,
    pub is_async: bool,
    pub keyword: FnKeyword,
    pub params: Vec<Param>,
    /// `function f() ~> c { … }`.
    pub confidence: Option<Expr>,
    pub body: Block,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lambda {
    pub is_async: bool,
    pub params: Vec<Param>,
    pub body: LambdaBody,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LambdaBody {
    Block(Block),
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub rest: bool,
    pub target: Pattern,
    pub threshold: Option<Expr>,
    pub default: Option<Expr>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Binding and assignment patterns (language §3.3, §11)

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    Ident(Name),
    /// `_`: the value is discarded.
    Discard,
    Array {
        elements: Vec<Option<PatternElem>>,
        rest: Option<Box<Pattern>>,
    },
    Object {
        properties: Vec<ObjectPatternProp>,
        rest: Option<Box<Pattern>>,
    },
    /// A whole-pattern threshold `[a, b] ~> t` (language §11.3).
    Threshold {
        pattern: Box<Pattern>,
        threshold: Box<Expr>,
    },
    /// A member or index expression as an assignment-pattern leaf (language §11.2).
    Target(Box<Expr>),
    Error,
}

/// An element of an array pattern: `target [~> threshold] [= default]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternElem {
    pub target: Pattern,
    pub threshold: Option<Expr>,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectPatternProp {
    pub key: PropKey,
    pub target: Pattern,
    pub threshold: Option<Expr>,
    pub default: Option<Expr>,
    pub shorthand: bool,
    pub span: Span,
}

/// An object key (language §3.4 `PropKey`).
#[derive(Clone, Debug, PartialEq)]
pub struct PropKey {
    pub kind: PropKeyKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PropKeyKind {
    /// An identifier, `_` or keyword.
    Name(SmolStr),
    String(SmolStr),
    Number(f64),
    Computed(Box<Expr>),
}

// ---------------------------------------------------------------------------------------------
// Expressions (language §3.4)

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(f64),
    String(StrLit),
    Template(Box<Template>),
    Bool(bool),
    /// `null`, or `undefined` when `undefined` is true.
    Null {
        undefined: bool,
    },
    Placeholder,
    Ident(SmolStr),
    Array(Vec<ArrayElem>),
    Object(Vec<Property>),
    Unary {
        op: UnaryOp,
        argument: Box<Expr>,
    },
    Update {
        op: UpdateOp,
        prefix: bool,
        argument: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Pipeline {
        op: PipeOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Conditional {
        confident: bool,
        test: Box<Expr>,
        consequent: Box<Expr>,
        alternate: Box<Expr>,
    },
    Assign {
        op: AssignOp,
        target: Box<Pattern>,
        value: Box<Expr>,
    },
    Member {
        object: Box<Expr>,
        access: MemberAccess,
        property: Name,
    },
    Index {
        object: Box<Expr>,
        optional: bool,
        index: Box<Expr>,
    },
    Call {
        callee: Box<Expr>,
        optional: bool,
        arguments: Vec<ArrayElem>,
    },
    Lambda(Box<Lambda>),
    Function(Box<Function>),
    Match(Box<Match>),
    /// A parenthesised expression.
    Paren(Box<Expr>),
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub quote: Quote,
    /// The literal parts, unescaped; always one more than `expressions`.
    pub quasis: Vec<SmolStr>,
    pub expressions: Vec<Expr>,
}

/// An element of an array literal or an argument list: `e` or `...e`.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayElem {
    pub spread: bool,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub kind: PropertyKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PropertyKind {
    KeyValue {
        key: PropKey,
        value: Expr,
    },
    /// `{ x }`.
    Shorthand(Name),
    /// `{ x ~> t }` or `{ x = d }`: only valid once the literal becomes a pattern (E0220).
    ShorthandPattern {
        name: Name,
        threshold: Option<Box<Expr>>,
        default: Option<Box<Expr>>,
    },
    Spread(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    /// `~x`: strip the confidence.
    Strip,
    /// `<~x`: read the confidence.
    Confidence,
    Typeof,
    Await,
}

impl UnaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
            UnaryOp::Strip => "~",
            UnaryOp::Confidence => "<~",
            UnaryOp::Typeof => "typeof",
            UnaryOp::Await => "await",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOp {
    Increment,
    Decrement,
}

impl UpdateOp {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateOp::Increment => "++",
            UpdateOp::Decrement => "--",
        }
    }
}

macro_rules! op_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }
    };
}

op_enum! {
    /// Binary operators of levels 4–13 (language §3.6).
    BinaryOp {
        Annotate => "~>", Chain => "~~",
        Or => "||", ConfOr => "~||", ConfSelect => "~||>", ConfEscalate => "~@>",
        Nullish => "??", ConfCoalesce => "~??",
        And => "&&", ConfAnd => "~&&",
        Eq => "==", NotEq => "!=", StrictEq => "===", StrictNotEq => "!==",
        ConfEq => "~==", ConfNotEq => "~!=",
        Lt => "<", LtEq => "<=", Gt => ">", GtEq => ">=",
        ConfLt => "~<", ConfLtEq => "~<=", ConfGtEq => "~>=", Instanceof => "instanceof",
        Add => "+", Sub => "-", ConfAdd => "~+", ConfSub => "~-",
        Mul => "*", Div => "/", Rem => "%", ConfMul => "~*", ConfDiv => "~/",
        Pow => "**",
    }
}

op_enum! {
    /// Pipeline operators (language §6.13, §7.3).
    PipeOp { Pipe => "|>", ConfPipe => "~|>", Gate => "~?>", }
}

op_enum! {
    /// Assignment operators (language §6.11).
    AssignOp {
        Assign => "=", Add => "+=", Sub => "-=", Mul => "*=", Div => "/=", Rem => "%=",
        Pow => "**=", Nullish => "??=", Or => "||=", And => "&&=",
        ConfAdd => "~+=", ConfSub => "~-=", ConfMul => "~*=", ConfDiv => "~/=",
    }
}

impl AssignOp {
    /// The binary operator a compound assignment applies (`+=` → `+`); `None` for `=` and the
    /// logical assignments, which do not always store.
    pub fn binary(self) -> Option<BinaryOp> {
        Some(match self {
            AssignOp::Add => BinaryOp::Add,
            AssignOp::Sub => BinaryOp::Sub,
            AssignOp::Mul => BinaryOp::Mul,
            AssignOp::Div => BinaryOp::Div,
            AssignOp::Rem => BinaryOp::Rem,
            AssignOp::Pow => BinaryOp::Pow,
            AssignOp::ConfAdd => BinaryOp::ConfAdd,
            AssignOp::ConfSub => BinaryOp::ConfSub,
            AssignOp::ConfMul => BinaryOp::ConfMul,
            AssignOp::ConfDiv => BinaryOp::ConfDiv,
            AssignOp::Assign | AssignOp::Nullish | AssignOp::Or | AssignOp::And => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberAccess {
    /// `.`
    Dot,
    /// `?.`
    Optional,
    /// `~.`
    Confident,
}

impl MemberAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberAccess::Dot => ".",
            MemberAccess::Optional => "?.",
            MemberAccess::Confident => "~.",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Match (language §3.5, §6.14)

#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub scrutinee: Expr,
    pub arms: Vec<MatchArm>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    pub pattern: MatchPattern,
    pub threshold: Option<Expr>,
    pub guard: Option<Expr>,
    pub body: LambdaBody,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchPattern {
    pub kind: MatchPatternKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MatchPatternKind {
    Wildcard,
    Bind(Name),
    /// A literal: Number (possibly negated: a `Unary` `-` over a `Number`), String, Bool or Null.
    Literal(Expr),
    Array {
        elements: Vec<MatchElem>,
        rest: Option<MatchRest>,
    },
    Object {
        properties: Vec<MatchProp>,
        rest: Option<Name>,
    },
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchElem {
    pub pattern: MatchPattern,
    pub threshold: Option<Expr>,
    pub span: Span,
}

/// The rest of an array match pattern: `...name` or `..._` (binds nothing).
#[derive(Clone, Debug, PartialEq)]
pub enum MatchRest {
    Bind(Name),
    Discard(Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchProp {
    pub key: PropKey,
    /// `None` for the shorthand `{ k }`, which binds `k`.
    pub pattern: Option<MatchPattern>,
    pub threshold: Option<Expr>,
    pub span: Span,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// The expression with any parentheses removed.
    pub fn unparenthesized(&self) -> &Expr {
        let mut expr = self;
        while let ExprKind::Paren(inner) = &expr.kind {
            expr = inner;
        }
        expr
    }
}

impl Stmt {
    pub fn new(kind: StmtKind, span: Span) -> Stmt {
        Stmt { kind, span }
    }
}

impl Pattern {
    pub fn new(kind: PatternKind, span: Span) -> Pattern {
        Pattern { kind, span }
    }
}

// A 1 MB file makes about 18 MB of these nodes, which chumsky's rules move by value, so their
// sizes are part of the parser's speed (docs/benchmarks.md): a rare form keeps its payload
// behind a `Box` rather than widening every node of its type.
#[cfg(target_pointer_width = "64")]
const _: () = {
    use std::mem::size_of;
    assert!(size_of::<Expr>() == 56);
    assert!(size_of::<Stmt>() == 88);
    assert!(size_of::<Pattern>() == 48);
    assert!(size_of::<Property>() == 104);
    assert!(size_of::<ArrayElem>() == 72);
    assert!(size_of::<Declarator>() == 168);
};
