//! What the generator knows about the program so far: the static type of every variable and
//! function it declared (kept simple and stable, so that the checker of language §15.5 never proves
//! an operation wrong), which variables may be assigned, and which functions may be called.

/// The types the generator tracks. A variable keeps one type for its whole life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Num,
    Str,
    Bool,
    /// `array<number>`.
    Nums,
    /// `array<string>`.
    Strs,
    /// `{ n: number, s: string, ok: boolean, xs: array<number> }`.
    Obj,
}

impl Ty {
    pub(crate) const ALL: [Ty; 6] = [Ty::Num, Ty::Str, Ty::Bool, Ty::Nums, Ty::Strs, Ty::Obj];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// `let`: may be assigned.
    Mutable,
    /// `const`, parameters of callbacks, loop counters: read only (the generator's own rule, so
    /// that loop bounds always hold).
    ReadOnly,
}

#[derive(Clone, Debug)]
pub(crate) struct Var {
    pub name: String,
    pub ty: Ty,
    pub access: Access,
}

/// A callable name: a function declaration or a `const` holding a lambda.
#[derive(Clone, Debug)]
pub(crate) struct Func {
    pub name: String,
    pub params: Vec<Ty>,
    pub ret: Ty,
    /// Estimated operations of one call, for the work budget.
    pub cost: u64,
    /// Uses only numbers and booleans and calls only such functions: the kind of function the
    /// JIT compiles (docs/jit.md).
    pub scalar: bool,
}

#[derive(Default)]
pub(crate) struct Scope {
    pub vars: Vec<Var>,
    pub funcs: Vec<Func>,
}

/// Nested scopes, innermost last.
#[derive(Default)]
pub(crate) struct Scopes {
    stack: Vec<Scope>,
    /// Scopes below this index are invisible (a scalar function sees only its own variables,
    /// so that it captures nothing).
    pub barrier: usize,
    /// Only scalar functions may be called.
    pub scalar_only: bool,
}

impl Scopes {
    pub(crate) fn push(&mut self) {
        self.stack.push(Scope::default());
    }

    pub(crate) fn depth(&self) -> usize {
        self.stack.len()
    }

    pub(crate) fn pop(&mut self) {
        self.stack.pop();
    }

    pub(crate) fn declare(&mut self, name: &str, ty: Ty, access: Access) {
        if let Some(scope) = self.stack.last_mut() {
            scope.vars.push(Var {
                name: name.to_owned(),
                ty,
                access,
            });
        }
    }

    pub(crate) fn declare_func(&mut self, func: Func) {
        if let Some(scope) = self.stack.last_mut() {
            scope.funcs.push(func);
        }
    }

    /// Every visible variable of type `ty` (mutable ones only when `mutable`).
    pub(crate) fn vars_of(&self, ty: Ty, mutable: bool) -> Vec<&Var> {
        self.stack
            .iter()
            .skip(self.barrier)
            .flat_map(|scope| scope.vars.iter())
            .filter(|var| var.ty == ty && (!mutable || var.access == Access::Mutable))
            .collect()
    }

    pub(crate) fn funcs_returning(&self, ty: Ty) -> Vec<&Func> {
        self.stack
            .iter()
            .flat_map(|scope| scope.funcs.iter())
            .filter(|func| func.ret == ty && (func.scalar || !self.scalar_only))
            .collect()
    }
}
