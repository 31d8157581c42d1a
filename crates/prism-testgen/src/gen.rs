//! The generator's state: the choice source, the text being written, the scopes, and the work
//! budget that keeps every generated program fast (loops multiply the cost of what they contain,
//! calls cost what their function's body cost).

use crate::scope::{Access, Func, Scopes, Ty};
use crate::source::Source;
use crate::Config;

/// Cost accounting for the function body (or program) being generated.
pub(crate) struct Frame {
    /// Estimated operations so far.
    pub cost: u64,
    /// How many times the code being generated now runs per call of this body.
    pub multiplier: u64,
    pub limit: u64,
    /// Enclosing loops of this body (`break`/`continue` need one; a function boundary resets it).
    pub loops: u32,
}

pub(crate) struct Gen<'s> {
    src: &'s mut dyn Source,
    pub config: Config,
    out: String,
    indent: usize,
    pub scopes: Scopes,
    pub frames: Vec<Frame>,
    counter: u32,
    /// Nesting of statements with blocks, bounded by `config.max_block_depth`.
    pub block_depth: u32,
    /// Lambdas are open: callbacks must not declare functions of their own.
    pub in_callback: u32,
    /// Generating a scalar function body (`scalar.rs`).
    pub scalar: bool,
}

impl<'s> Gen<'s> {
    pub(crate) fn new(src: &'s mut dyn Source, config: Config) -> Gen<'s> {
        let mut scopes = Scopes::default();
        scopes.push();
        Gen {
            src,
            config,
            out: String::new(),
            indent: 0,
            scopes,
            frames: vec![Frame {
                cost: 0,
                multiplier: 1,
                limit: config.work_budget,
                loops: 0,
            }],
            counter: 0,
            block_depth: 0,
            in_callback: 0,
            scalar: false,
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    // ---- choices ----

    pub(crate) fn below(&mut self, n: u32) -> u32 {
        self.src.below(n)
    }

    /// True with probability `percent`/100 (choice 0 means no).
    pub(crate) fn chance(&mut self, percent: u32) -> bool {
        self.below(100) >= 100 - percent.min(100)
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }

    /// An index into `weights`, chosen in proportion to the weights.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.below(total.max(1));
        for (index, weight) in weights.iter().enumerate() {
            if roll < *weight {
                return index;
            }
            roll -= weight;
        }
        0
    }

    pub(crate) fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    // ---- text ----

    pub(crate) fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Writes `text` (ending in `{`) and indents what follows.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    /// Ends an indented block with `text` (starting with `}`).
    pub(crate) fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.line(text);
    }

    /// Indents again after a `close` that also opened (`} else {`).
    pub(crate) fn reopen(&mut self) {
        self.indent += 1;
    }

    // ---- scopes ----

    pub(crate) fn declare(&mut self, name: &str, ty: Ty, access: Access) {
        self.scopes.declare(name, ty, access);
    }

    pub(crate) fn declare_func(&mut self, func: Func) {
        self.scopes.declare_func(func);
    }

    /// A visible variable of `ty`, if any.
    pub(crate) fn var_of(&mut self, ty: Ty, mutable: bool) -> Option<String> {
        let names: Vec<String> = self
            .scopes
            .vars_of(ty, mutable)
            .into_iter()
            .map(|var| var.name.clone())
            .collect();
        if names.is_empty() {
            return None;
        }
        let index = self.below(names.len() as u32) as usize;
        names.into_iter().nth(index)
    }

    /// Runs `body` in a nested scope.
    pub(crate) fn scoped<T>(&mut self, body: impl FnOnce(&mut Self) -> T) -> T {
        self.scopes.push();
        let result = body(self);
        self.scopes.pop();
        result
    }

    // ---- work budget ----

    fn frame(&mut self) -> &mut Frame {
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    pub(crate) fn charge(&mut self, ops: u64) {
        let frame = self.frame();
        frame.cost = frame
            .cost
            .saturating_add(ops.saturating_mul(frame.multiplier));
    }

    pub(crate) fn affordable(&mut self, ops: u64) -> bool {
        let frame = self.frame();
        frame
            .cost
            .saturating_add(ops.saturating_mul(frame.multiplier))
            <= frame.limit
    }

    /// Runs `body` as code executed `times` times (a loop body, a callback).
    pub(crate) fn repeated<T>(&mut self, times: u64, body: impl FnOnce(&mut Self) -> T) -> T {
        self.frame().multiplier = self.frame().multiplier.saturating_mul(times.max(1));
        let result = body(self);
        self.frame().multiplier /= times.max(1);
        result
    }

    /// Runs `body` as a new function body with its own budget; returns its result and its cost.
    pub(crate) fn function_body<T>(&mut self, body: impl FnOnce(&mut Self) -> T) -> (T, u64) {
        self.frames.push(Frame {
            cost: 0,
            multiplier: 1,
            limit: self.config.function_budget,
            loops: 0,
        });
        let result = self.scoped(body);
        let cost = self.frames.pop().map_or(0, |frame| frame.cost);
        (result, cost.max(1))
    }

    pub(crate) fn loops(&mut self) -> u32 {
        self.frame().loops
    }

    pub(crate) fn in_loop<T>(&mut self, times: u64, body: impl FnOnce(&mut Self) -> T) -> T {
        self.frame().loops += 1;
        let result = self.repeated(times, body);
        self.frame().loops -= 1;
        result
    }
}
