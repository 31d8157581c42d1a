//! Loops (language §8.4–§8.6), `uncertain` statements (§8.7), `try`/`catch`/`finally` (§12.3) and
//! context blocks (§8.10).
//!
//! `finally` is lowered by **duplication**: its block is lowered once on every path that leaves
//! the protected region — the normal exit, each `return`/`break`/`continue` that crosses it, and a
//! catch-all landing pad that ends in `Rethrow`. A `finally` that itself returns, throws, breaks or
//! continues therefore simply replaces the pending completion (§8.8, §12.3), and no pending-
//! completion register is needed. Context pops use the same mechanism.

use prism_checker::resolve::ScopeKind;
use prism_span::Span;
use prism_syntax::ast;

use crate::instr::{BinaryOp, Instr, IterItemInstr, Terminator};
use crate::ir::{BlockId, BranchSite, HandlerId, Reg};

use super::builder::{ActiveCleanup, Cleanup, LoopTargets};
use super::pattern::Mode;
use super::{Lowerer, Storage};

/// A region protected by a cleanup, from `begin_cleanup` to `end_cleanup`.
pub(crate) struct CleanupRegion {
    handler: HandlerId,
    outer_handler: Option<HandlerId>,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn begin_cleanup(&mut self, cleanup: Cleanup<'a>) -> CleanupRegion {
        let outer_handler = self.f().handler;
        let handler = self.f().add_handler(true);
        self.f().cleanups.push(ActiveCleanup {
            cleanup,
            outer_handler,
        });
        self.f().handler = Some(handler);
        let inside = self.f().new_block();
        self.f().jump_and_start(inside, Span::default());
        CleanupRegion {
            handler,
            outer_handler,
        }
    }

    /// Ends the region: the cleanup runs on the normal path and in the catch-all landing pad.
    pub(crate) fn end_cleanup(&mut self, region: CleanupRegion) {
        let Some(active) = self.f().cleanups.pop() else {
            return;
        };
        self.f().handler = region.outer_handler;
        let normal = self.f().new_block();
        self.f().jump_and_start(normal, Span::default());
        self.cleanup_code(active.cleanup);
        let after = self.f().new_block();
        self.f().jump(after, Span::default());
        let Some(handler) = self.f().handler_data(region.handler).cloned() else {
            return;
        };
        self.f().start(handler.landing);
        self.cleanup_code(active.cleanup);
        self.f()
            .terminate(Terminator::Rethrow(handler.slot), Span::default());
        self.f().start(after);
    }

    fn cleanup_code(&mut self, cleanup: Cleanup<'a>) {
        let watermark = self.f().next_reg;
        match cleanup {
            Cleanup::Finally(block) => self.block(block, None),
            Cleanup::PopContext => self.emit(Instr::PopContext, Span::default()),
            Cleanup::RestoreContext(mark) => {
                self.emit(Instr::ContextRestore { mark }, Span::default())
            }
        }
        self.f().next_reg = watermark;
    }

    /// Runs, innermost first, the cleanups above `depth` before a jump out of their regions.
    pub(crate) fn run_cleanups(&mut self, depth: usize, span: Span) {
        let all = self.f().cleanups.clone();
        if all.len() <= depth {
            return;
        }
        let loops = self.f().loops.clone();
        let handler = self.f().handler;
        for index in (depth..all.len()).rev() {
            let Some(active) = all.get(index).copied() else {
                continue;
            };
            self.f().cleanups.truncate(index);
            self.f()
                .loops
                .retain(|targets| targets.cleanup_depth <= index);
            self.f().handler = active.outer_handler;
            let block = self.f().new_block();
            self.f().jump_and_start(block, span);
            self.cleanup_code(active.cleanup);
        }
        self.f().cleanups = all;
        self.f().loops = loops;
        self.f().handler = handler;
    }

    fn with_loop(&mut self, break_to: BlockId, continue_to: BlockId, body: impl FnOnce(&mut Self)) {
        let cleanup_depth = self.f().cleanups.len();
        self.f().loops.push(LoopTargets {
            break_to,
            continue_to,
            cleanup_depth,
        });
        body(self);
        self.f().loops.pop();
    }

    pub(crate) fn while_loop(&mut self, test: &'a ast::Expr, body: &'a ast::Stmt, span: Span) {
        let header = self.f().new_block();
        let inside = self.f().new_block();
        let latch = self.f().new_block();
        let exit = self.f().new_block();
        self.f().jump_and_start(header, span);
        let cond = self.operand(test);
        self.f().branch(cond, inside, exit, test.span);
        self.f().start(inside);
        self.with_loop(exit, latch, |this| this.statement(body, None));
        self.f().jump_and_start(latch, span);
        self.emit(Instr::Tick, span);
        // The test is repeated at the bottom (loop inversion): one jump less per iteration.
        let cond = self.operand(test);
        self.f().branch(cond, inside, exit, test.span);
        self.f().start(exit);
    }

    pub(crate) fn do_while_loop(&mut self, body: &'a ast::Stmt, test: &'a ast::Expr, span: Span) {
        let inside = self.f().new_block();
        let latch = self.f().new_block();
        let exit = self.f().new_block();
        self.f().jump_and_start(inside, span);
        self.with_loop(exit, latch, |this| this.statement(body, None));
        self.f().jump_and_start(latch, span);
        self.emit(Instr::Tick, span);
        let cond = self.operand(test);
        self.f().branch(cond, inside, exit, test.span);
        self.f().start(exit);
    }

    fn for_init(&mut self, init: &'a Option<ast::ForInit>) {
        match init {
            Some(ast::ForInit::VarDecl(decl)) => self.var_decl(decl),
            Some(ast::ForInit::Expr(expr)) => self.expr_effect(expr),
            None => {}
        }
    }

    /// The per-iteration copies of the header's captured `let` variables (language §8.5.1).
    fn copy_header_cells(&mut self, statement_start: u32, span: Span) {
        let Some(scope) = self.res.scope_at(ScopeKind::ForHeader, statement_start) else {
            return;
        };
        let bindings = self
            .res
            .scope(scope)
            .map(|scope| scope.bindings.clone())
            .unwrap_or_default();
        for binding in bindings {
            if let Some(Storage::Cell(cell)) = self.storage.get(&binding).copied() {
                self.emit(Instr::CopyCell { cell }, span);
            }
        }
    }

    pub(crate) fn for_loop(&mut self, header: &'a ast::ForStmt, span: Span) {
        self.enter_scope(self.res.scope_at(ScopeKind::ForHeader, span.start), span);
        self.for_init(&header.init);
        let test_block = self.f().new_block();
        let inside = self.f().new_block();
        let latch = self.f().new_block();
        let exit = self.f().new_block();
        self.f().jump_and_start(test_block, span);
        if let Some(test) = &header.test {
            let cond = self.operand(test);
            self.f().branch(cond, inside, exit, test.span);
        } else {
            self.f().jump(inside, span);
        }
        self.f().start(inside);
        self.with_loop(exit, latch, |this| this.statement(&header.body, None));
        self.f().jump_and_start(latch, span);
        self.copy_header_cells(span.start, span);
        if let Some(update) = &header.update {
            self.expr_effect(update);
        }
        self.emit(Instr::Tick, span);
        match &header.test {
            Some(test) => {
                let cond = self.operand(test);
                self.f().branch(cond, inside, exit, test.span);
            }
            None => self.f().jump(inside, span),
        }
        self.f().start(exit);
    }

    pub(crate) fn for_in_loop(&mut self, header: &'a ast::ForInStmt, span: Span) {
        let source = self.reg();
        self.expr_into(&header.iterable, source);
        let prepared = self.reg();
        self.emit(
            Instr::IterPrepare {
                dst: prepared,
                src: source,
            },
            header.iterable.span,
        );
        let index = self.reg();
        self.emit(
            Instr::LoadNumber {
                dst: index,
                value: 0.0,
            },
            span,
        );
        let one = self.reg();
        self.emit(
            Instr::LoadNumber {
                dst: one,
                value: 1.0,
            },
            span,
        );
        let test_block = self.f().new_block();
        let inside = self.f().new_block();
        let latch = self.f().new_block();
        let exit = self.f().new_block();
        self.f().jump_and_start(test_block, span);
        let watermark = self.f().next_reg;
        let length = self.reg();
        self.emit(
            Instr::IterLength {
                dst: length,
                prepared,
            },
            span,
        );
        let more = self.reg();
        self.emit(
            Instr::Binary {
                dst: more,
                op: BinaryOp::Lt,
                lhs: index,
                rhs: length,
            },
            span,
        );
        self.f().branch(more, inside, exit, span);
        self.f().start(inside);
        self.enter_scope(self.res.scope_at(ScopeKind::ForIteration, span.start), span);
        let first = self.reg();
        let second = self.reg();
        self.emit(
            Instr::IterItem(Box::new(IterItemInstr {
                first,
                second,
                source,
                prepared,
                index,
            })),
            span,
        );
        self.bind_pattern(&header.target, first, None, Mode::Declare);
        if let Some(index_target) = &header.index {
            self.bind_pattern(index_target, second, None, Mode::Declare);
        }
        self.with_loop(exit, latch, |this| this.statement(&header.body, None));
        self.f().jump_and_start(latch, span);
        self.emit(
            Instr::Binary {
                dst: index,
                op: BinaryOp::Add,
                lhs: index,
                rhs: one,
            },
            span,
        );
        self.emit(Instr::Tick, span);
        self.f().jump(test_block, span);
        self.f().start(exit);
        self.f().next_reg = watermark;
    }

    /// `uncertain if/while/for` (language §8.7): a three-way switch on the level of a confidence.
    pub(crate) fn uncertain(
        &mut self,
        uncertain: &'a ast::Uncertain,
        span: Span,
        completion: Option<Reg>,
    ) {
        match uncertain.form {
            ast::UncertainForm::If => {
                let join = self.f().new_block();
                let value = match &uncertain.test {
                    Some(test) => self.operand(test),
                    None => self.true_reg(span),
                };
                self.select_branch(uncertain, value, join, join, completion, span);
                self.f().start(join);
            }
            ast::UncertainForm::While | ast::UncertainForm::For => {
                let is_for = uncertain.form == ast::UncertainForm::For;
                if is_for {
                    self.enter_scope(self.res.scope_at(ScopeKind::ForHeader, span.start), span);
                    self.for_init(&uncertain.init);
                }
                let test_block = self.f().new_block();
                let select = self.f().new_block();
                let latch = self.f().new_block();
                let exit = self.f().new_block();
                self.f().jump_and_start(test_block, span);
                let value = match &uncertain.test {
                    Some(test) => self.operand(test),
                    None => self.true_reg(span),
                };
                self.f().branch(value, select, exit, span);
                self.f().start(select);
                self.with_loop(exit, latch, |this| {
                    this.select_branch(uncertain, value, latch, exit, None, span)
                });
                self.f().start(latch);
                if is_for {
                    self.copy_header_cells(span.start, span);
                    if let Some(update) = &uncertain.update {
                        self.expr_effect(update);
                    }
                }
                self.emit(Instr::Tick, span);
                self.f().jump(test_block, span);
                self.f().start(exit);
                self.null_completion(completion, span);
            }
        }
    }

    fn true_reg(&mut self, span: Span) -> Reg {
        let reg = self.reg();
        self.emit(
            Instr::LoadBool {
                dst: reg,
                value: true,
            },
            span,
        );
        reg
    }

    /// Records the trace's description of an `uncertain` decision; its index.
    fn branch_site(&mut self, uncertain: &ast::Uncertain) -> u32 {
        let runs = |level: ast::BranchName| {
            let written = |wanted: ast::BranchName| {
                uncertain
                    .branches
                    .iter()
                    .find(|branch| branch.name == wanted)
            };
            written(level)
                .or_else(|| written(ast::BranchName::Default))
                .map(|branch| branch.name.as_str())
        };
        let form = match uncertain.form {
            ast::UncertainForm::If => "if",
            ast::UncertainForm::While => "while",
            ast::UncertainForm::For => "for",
        };
        self.branch_sites.push(BranchSite {
            form,
            branches: [
                runs(ast::BranchName::High),
                runs(ast::BranchName::Medium),
                runs(ast::BranchName::Low),
            ],
        });
        (self.branch_sites.len() - 1) as u32
    }

    /// Switches on the level of `value`; each selected branch continues at `after`, no branch
    /// at `none`.
    fn select_branch(
        &mut self,
        uncertain: &'a ast::Uncertain,
        value: Reg,
        after: BlockId,
        none: BlockId,
        completion: Option<Reg>,
        span: Span,
    ) {
        let level = self.reg();
        self.emit(
            Instr::Level {
                dst: level,
                src: value,
            },
            span,
        );
        let site = self.branch_site(uncertain);
        self.emit(Instr::TraceBranch { level, value, site }, span);
        let none_block = self.f().new_block();
        let mut targets = Vec::with_capacity(3);
        let mut bodies: Vec<(ast::BranchName, BlockId)> = Vec::new();
        for name in [
            ast::BranchName::High,
            ast::BranchName::Medium,
            ast::BranchName::Low,
        ] {
            let branch = uncertain
                .branches
                .iter()
                .find(|branch| branch.name == name)
                .or_else(|| {
                    uncertain
                        .branches
                        .iter()
                        .find(|branch| branch.name == ast::BranchName::Default)
                });
            let target = match branch {
                Some(branch) => {
                    match bodies.iter().find(|(existing, _)| *existing == branch.name) {
                        Some((_, block)) => *block,
                        None => {
                            let block = self.f().new_block();
                            bodies.push((branch.name, block));
                            block
                        }
                    }
                }
                None => none_block,
            };
            targets.push(target);
        }
        self.f()
            .terminate(Terminator::Switch { on: level, targets }, span);
        for (name, block) in bodies {
            let Some(branch) = uncertain.branches.iter().find(|branch| branch.name == name) else {
                continue;
            };
            self.f().start(block);
            let watermark = self.f().next_reg;
            self.block(&branch.body, completion);
            self.f().next_reg = watermark;
            self.f().jump(after, branch.body.span);
        }
        self.f().start(none_block);
        self.null_completion(completion, span);
        self.f().jump(none, span);
    }

    pub(crate) fn try_statement(
        &mut self,
        statement: &'a ast::TryStmt,
        span: Span,
        completion: Option<Reg>,
    ) {
        let finally = statement
            .finalizer
            .as_ref()
            .map(|block| self.begin_cleanup(Cleanup::Finally(block)));
        match &statement.handler {
            Some(handler_block) => {
                let outer = self.f().handler;
                let catch = self.f().add_handler(false);
                self.f().handler = Some(catch);
                let body = self.f().new_block();
                self.f().jump_and_start(body, span);
                self.block(&statement.block, completion);
                self.f().handler = outer;
                let after = self.f().new_block();
                self.f().jump(after, span);
                if let Some(data) = self.f().handler_data(catch).cloned() {
                    self.f().start(data.landing);
                    self.enter_scope(
                        self.res
                            .scope_at(ScopeKind::Catch, handler_block.span.start),
                        span,
                    );
                    if let Some(param) = &statement.param {
                        let thrown = self.reg();
                        self.emit(
                            Instr::LoadException {
                                dst: thrown,
                                slot: data.slot,
                            },
                            param.span,
                        );
                        self.bind_pattern(param, thrown, None, Mode::Declare);
                    }
                    self.block(handler_block, completion);
                }
                self.f().jump_and_start(after, span);
            }
            None => self.block(&statement.block, completion),
        }
        if let Some(region) = finally {
            self.end_cleanup(region);
        }
    }

    pub(crate) fn context(
        &mut self,
        context: &'a ast::ContextStmt,
        span: Span,
        completion: Option<Reg>,
    ) {
        let name = self.string(&context.name.text);
        self.emit(Instr::PushContext { name }, context.name.span);
        let region = self.begin_cleanup(Cleanup::PopContext);
        self.block(&context.body, completion);
        self.end_cleanup(region);
        if let Some(shift) = &context.shift {
            let name = self.string(&shift.text);
            self.emit(Instr::PushContext { name }, shift.span);
        }
        let _ = span;
    }
}
