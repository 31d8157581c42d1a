//! Checks that look at how a binding is used across the file (language §15.2): `W0404` (reading a
//! missing key of a constant object literal), `W0411` (unused local variables), and the table of
//! known functions behind `W0405`, `W0415` and the static types.

use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use prism_syntax::ast::{
    Expr, ExprKind, Function, Lambda, Param, Pattern, PatternKind, Program, PropKeyKind,
    PropertyKind, Stmt, StmtKind,
};
use smol_str::SmolStr;

use super::kinds::KindEngine;
use crate::visit::{walk_expr, walk_pattern, walk_program, walk_stmt, Visitor};
use crate::{BindingId, BindingKind, Resolution, ScopeKind};

/// A function whose parameters are known where it is called by name (`W0405`).
#[derive(Clone, Debug)]
pub(crate) struct Callable<'a> {
    pub name_span: Span,
    /// Parameters without default and not rest.
    pub required: usize,
    /// Parameters other than the rest parameter.
    pub params: usize,
    pub rest: bool,
    pub is_async_declaration: bool,
    pub node: CallableNode<'a>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum CallableNode<'a> {
    Function(&'a Function),
    Lambda(&'a Lambda),
}

/// Function declarations and constants initialised with a lambda or function expression.
#[derive(Default)]
pub(crate) struct Callables<'a> {
    by_binding: HashMap<BindingId, Callable<'a>>,
}

impl<'a> Callables<'a> {
    pub(crate) fn get(&self, binding: BindingId) -> Option<&Callable<'a>> {
        self.by_binding.get(&binding)
    }

    pub(crate) fn collect(
        program: &'a Program,
        resolution: &'a Resolution,
        kinds: &KindEngine<'a>,
    ) -> Callables<'a> {
        let mut callables = Callables::default();
        for (index, binding) in resolution.bindings.iter().enumerate() {
            let Ok(index) = u32::try_from(index) else {
                break;
            };
            let id = BindingId(index);
            if binding.kind != BindingKind::Const {
                continue;
            }
            let Some(init) = kinds.initialiser(id) else {
                continue;
            };
            let node = match &init.unparenthesized().kind {
                ExprKind::Lambda(lambda) => CallableNode::Lambda(lambda),
                ExprKind::Function(function) => CallableNode::Function(function),
                _ => continue,
            };
            callables
                .by_binding
                .insert(id, Callable::new(binding.span, node, false));
        }
        let mut declarations = DeclarationCollector {
            resolution,
            found: Vec::new(),
        };
        walk_program(&mut declarations, program);
        for (id, function) in declarations.found {
            let span = function
                .name
                .as_ref()
                .map_or(function.span, |name| name.span);
            callables.by_binding.insert(
                id,
                Callable::new(span, CallableNode::Function(function), function.is_async),
            );
        }
        callables
    }
}

impl<'a> Callable<'a> {
    fn new(name_span: Span, node: CallableNode<'a>, is_async_declaration: bool) -> Callable<'a> {
        let params: &[Param] = match node {
            CallableNode::Function(function) => &function.params,
            CallableNode::Lambda(lambda) => &lambda.params,
        };
        let rest = params.iter().any(|param| param.rest);
        Callable {
            name_span,
            required: params
                .iter()
                .filter(|param| !param.rest && param.default.is_none())
                .count(),
            params: params.iter().filter(|param| !param.rest).count(),
            rest,
            is_async_declaration,
            node,
        }
    }
}

struct DeclarationCollector<'a> {
    resolution: &'a Resolution,
    found: Vec<(BindingId, &'a Function)>,
}

impl<'a> Visitor<'a> for DeclarationCollector<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let StmtKind::FunctionDecl(function) = &stmt.kind {
            let binding = function
                .name
                .as_ref()
                .and_then(|name| self.resolution.decl_of(name.span.start));
            if let Some(binding) = binding {
                self.found.push((binding, function));
            }
        }
        walk_stmt(self, stmt);
    }
}

/// `W0411`: a local `let`/`const` that is never read (§15.2).
pub(crate) fn unused_variables(resolution: &Resolution, file: FileId) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for binding in &resolution.bindings {
        if !matches!(binding.kind, BindingKind::Let | BindingKind::Const)
            || binding.read
            || binding.name.starts_with('_')
        {
            continue;
        }
        let top_level = resolution
            .scope(binding.scope)
            .is_some_and(|scope| matches!(scope.kind, ScopeKind::File | ScopeKind::Session));
        if top_level {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning("W0411", format!("unused variable '{}'", binding.name))
                .with_primary(file, binding.span, "declared here and never read")
                .with_help(format!(
                    "remove it, or name it `_{}` if it is unused on purpose",
                    binding.name
                )),
        );
    }
    diagnostics
}

/// A `const` initialised with an object literal whose keys are all known, read only through
/// literal keys (`o.k`, `o?.k`, `o~.k`, `o["k"]`): nothing can change its keys or values, so a read
/// of a missing key is `null` (`W0404`) and the types of its members are exact (§15.5).
pub(crate) struct SealedObjects<'a> {
    pub objects: HashMap<BindingId, SealedObject<'a>>,
}

pub(crate) struct SealedObject<'a> {
    pub literal: &'a Expr,
    /// Each key with its value (`None` for a shorthand `{ x }`).
    pub keys: Vec<(SmolStr, Option<&'a Expr>)>,
}

/// One read of a literal key from an identifier.
struct KeyRead {
    object: Span,
    key: SmolStr,
    key_span: Span,
}

impl<'a> SealedObjects<'a> {
    pub(crate) fn collect(
        program: &'a Program,
        resolution: &'a Resolution,
        kinds: &KindEngine<'a>,
    ) -> (SealedObjects<'a>, Vec<Diagnostic>) {
        let mut reads = KeyReads {
            reads: Vec::new(),
            writes: HashSet::default(),
        };
        walk_program(&mut reads, program);
        let mut objects = HashMap::default();
        let mut read_counts: HashMap<BindingId, usize> = HashMap::default();
        for read in &reads.reads {
            if let Some(binding) = resolution.use_of(read.object.start) {
                *read_counts.entry(binding).or_default() += 1;
            }
        }
        let mut use_counts: HashMap<BindingId, usize> = HashMap::default();
        for record in &resolution.uses {
            if read_counts.contains_key(&record.binding) {
                *use_counts.entry(record.binding).or_default() += 1;
            }
        }
        for (&binding, &count) in &read_counts {
            let Some(info) = resolution.binding(binding) else {
                continue;
            };
            if info.kind != BindingKind::Const || use_counts.get(&binding) != Some(&count) {
                continue;
            }
            let Some(literal) = kinds.initialiser(binding) else {
                continue;
            };
            if let Some(keys) = literal_keys(literal) {
                objects.insert(binding, SealedObject { literal, keys });
            }
        }
        let sealed = SealedObjects { objects };
        let diagnostics = sealed.missing_keys(resolution, &reads.reads);
        (sealed, diagnostics)
    }

    fn missing_keys(&self, resolution: &Resolution, reads: &[KeyRead]) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for read in reads {
            let Some(binding) = resolution.use_of(read.object.start) else {
                continue;
            };
            let Some(object) = self.objects.get(&binding) else {
                continue;
            };
            if object.keys.iter().any(|(key, _)| *key == read.key) {
                continue;
            }
            let name = resolution
                .binding(binding)
                .map(|info| info.name.clone())
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::warning(
                    "W0404",
                    format!("'{name}' has no property '{}'; this reads null", read.key),
                )
                .with_primary(resolution.file, read.key_span, "no such key")
                .with_secondary(
                    resolution.file,
                    object.literal.span,
                    format!("'{name}' is defined here without '{}'", read.key),
                ),
            );
        }
        diagnostics
    }
}

/// The keys of an object literal without spreads or computed keys, with their values.
fn literal_keys(literal: &Expr) -> Option<Vec<(SmolStr, Option<&Expr>)>> {
    let ExprKind::Object(properties) = &literal.unparenthesized().kind else {
        return None;
    };
    let mut keys = Vec::new();
    for property in properties {
        match &property.kind {
            PropertyKind::KeyValue { key, value } => {
                let text = match &key.kind {
                    PropKeyKind::Name(text) | PropKeyKind::String(text) => text.clone(),
                    PropKeyKind::Number(number) => {
                        SmolStr::new(ryu_js::Buffer::new().format(*number))
                    }
                    PropKeyKind::Computed(_) => return None,
                };
                keys.push((text, Some(value)));
            }
            PropertyKind::Shorthand(name) => keys.push((name.text.clone(), None)),
            PropertyKind::ShorthandPattern { .. } | PropertyKind::Spread(_) => return None,
        }
    }
    Some(keys)
}

struct KeyReads {
    reads: Vec<KeyRead>,
    /// Member targets of assignments and `++`/`--`: not reads.
    writes: HashSet<Span>,
}

impl KeyReads {
    fn key_read(expr: &Expr) -> Option<KeyRead> {
        match &expr.kind {
            ExprKind::Member {
                object, property, ..
            } if matches!(object.kind, ExprKind::Ident(_)) => Some(KeyRead {
                object: object.span,
                key: property.text.clone(),
                key_span: property.span,
            }),
            ExprKind::Index { object, index, .. } if matches!(object.kind, ExprKind::Ident(_)) => {
                match &index.kind {
                    ExprKind::String(literal) => Some(KeyRead {
                        object: object.span,
                        key: literal.value.clone(),
                        key_span: index.span,
                    }),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

impl<'a> Visitor<'a> for KeyReads {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let ExprKind::Update { argument, .. } = &expr.kind {
            self.writes.insert(argument.unparenthesized().span);
        }
        if !self.writes.contains(&expr.span) {
            if let Some(read) = KeyReads::key_read(expr) {
                self.reads.push(read);
            }
        }
        walk_expr(self, expr);
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if let PatternKind::Target(target) = &pattern.kind {
            self.writes.insert(target.unparenthesized().span);
        }
        walk_pattern(self, pattern);
    }
}
