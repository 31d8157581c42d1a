//! The less frequent instructions (confidence helpers, literals, destructuring and match tests,
//! iteration, context stack, agents, modules), kept out of the body of the hot loop in `exec`.

use prism_ir::{Block, Instr, Reg};
use prism_runtime::ops;
use prism_runtime::{ObjectData, Value};
use prism_span::Span;
use smol_str::SmolStr;

use crate::exec::put;
use crate::unwind::Unwind;
use crate::vm::{ArgSource, Frame, Vm};

impl<'p> Vm<'p, '_> {
    #[cold]
    #[inline(never)]
    pub(crate) fn step_other(
        &mut self,
        frame: &Frame<'p>,
        instr: &Instr,
        block: &Block,
        index: usize,
    ) -> Result<(), Unwind> {
        let base = frame.base;
        let r = |reg: Reg| base + reg.index();
        match instr {
            Instr::ConfidentBranch { dst, cond, value } => {
                let result =
                    ops::conf_conditional(&self.stack[r(*cond)], self.stack[r(*value)].clone());
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::Escalate { dst, src } => {
                let result = ops::conf_escalate_fallback(&self.stack[r(*src)]);
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::ConfidentPipe { dst, left, result } => {
                let value =
                    ops::conf_pipe_result(&self.stack[r(*left)], self.stack[r(*result)].clone());
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::Level { dst, src } => {
                let levels = self.limits.levels;
                let level = ops::level(self.stack[r(*src)].conf(), levels.high, levels.medium);
                let index = match level {
                    ops::Level::High => 0.0,
                    ops::Level::Medium => 1.0,
                    ops::Level::Low => 2.0,
                };
                put(&mut self.stack[r(*dst)], Value::number(index));
            }
            Instr::TraceBranch { level, value, site } if prism_runtime::trace::active() => {
                let span = block.spans.get(index).copied().unwrap_or_default();
                self.trace_branch(
                    frame,
                    span,
                    *site,
                    &self.stack[r(*level)],
                    &self.stack[r(*value)],
                );
            }
            Instr::NewArray { dst } => put(&mut self.stack[r(*dst)], Value::array(Vec::new())),
            Instr::ArrayPush {
                array,
                value,
                spread,
            } => {
                let value = self.stack[r(*value)].clone();
                let mut items = Vec::new();
                if *spread {
                    ops::spread_into_array(&mut items, &value).map_err(Unwind::new)?;
                } else {
                    items.push(value);
                }
                if let Some(array) = self.stack[r(*array)].as_array() {
                    array.borrow_mut().extend(items);
                }
            }
            Instr::NewObject { dst } => {
                put(&mut self.stack[r(*dst)], Value::object(ObjectData::new()))
            }
            Instr::ObjectInsert { object, key, value } => {
                let key = ops::object_key(&self.stack[r(*key)]).map_err(Unwind::new)?;
                let value = self.stack[r(*value)].clone();
                if let Some(object) = self.stack[r(*object)].as_object() {
                    object.borrow_mut().insert(key, value);
                }
            }
            Instr::ObjectInsertNamed { object, key, value } => {
                let value = self.stack[r(*value)].clone();
                // The constant's own `SmolStr`: no new key string for each object.
                let key = match frame.program.ir.constants.get(key.index()) {
                    Some(prism_ir::Constant::String(text)) => text.clone(),
                    _ => SmolStr::default(),
                };
                if let Some(object) = self.stack[r(*object)].as_object() {
                    object.borrow_mut().insert(key, value);
                }
            }
            Instr::ObjectSpread { object, value } => {
                let mut copied = ObjectData::new();
                ops::spread_into_object(&mut copied, &self.stack[r(*value)])
                    .map_err(Unwind::new)?;
                if let Some(object) = self.stack[r(*object)].as_object() {
                    let mut target = object.borrow_mut();
                    for (key, value) in copied.map {
                        target.insert(key, value);
                    }
                }
            }
            Instr::Template(template) => {
                let values: Vec<Value> = template
                    .values
                    .iter()
                    .map(|reg| self.stack[r(*reg)].clone())
                    .collect();
                put(
                    &mut self.stack[r(template.dst)],
                    ops::interpolate(&template.quasis, &values),
                );
            }
            Instr::CallSpread(call) => {
                let callee = self.stack[r(call.callee)].clone();
                let mut values = Vec::with_capacity(call.args.len());
                for arg in &call.args {
                    let value = &self.stack[r(arg.reg)];
                    if arg.spread {
                        ops::spread_into_arguments(&mut values, value).map_err(Unwind::new)?;
                    } else {
                        values.push(value.clone());
                    }
                }
                let site = self.site_of(frame, block, index);
                let result = self.call_value(&callee, ArgSource::Slice(&values), site)?;
                put(&mut self.stack[r(call.dst)], result);
            }
            Instr::Await { dst, src } => {
                let value = self.stack[r(*src)].clone();
                let awaited = self.await_value(value)?;
                put(&mut self.stack[r(*dst)], awaited);
            }
            Instr::IterPrepare { dst, src } => {
                let prepared = ops::iter_prepare(&self.stack[r(*src)]).map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], prepared);
            }
            Instr::IterLength { dst, prepared } => {
                let length = ops::iter_length(&self.stack[r(*prepared)]);
                put(&mut self.stack[r(*dst)], Value::number(length as f64));
            }
            Instr::IterItem(item) => {
                let index = self.stack[r(item.index)].as_number().unwrap_or(0.0) as usize;
                let (first, second) = ops::iter_item(
                    &self.stack[r(item.source)],
                    &self.stack[r(item.prepared)],
                    index,
                );
                put(&mut self.stack[r(item.first)], first);
                put(&mut self.stack[r(item.second)], second);
            }
            Instr::ExpectArray { src } => {
                ops::check_array_pattern(&self.stack[r(*src)]).map_err(Unwind::new)?
            }
            Instr::ExpectNotNull { src } => {
                ops::check_object_pattern(&self.stack[r(*src)]).map_err(Unwind::new)?
            }
            Instr::ExpectObject { src } => {
                ops::expect_object(&self.stack[r(*src)]).map_err(Unwind::new)?
            }
            Instr::ElementAt { dst, array, index } => {
                let value = ops::array_pattern_element(&self.stack[r(*array)], *index as usize);
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::ArrayRest {
                dst,
                array,
                from,
                threshold,
            } => {
                let threshold = self.threshold(frame, *threshold)?;
                let value =
                    ops::array_pattern_rest(&self.stack[r(*array)], *from as usize, threshold);
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::ObjectRest(rest) => {
                let threshold = self.threshold(frame, rest.threshold)?;
                let listed: Vec<&str> = rest.excluded.iter().map(|key| key.as_str()).collect();
                let value =
                    ops::object_pattern_rest(&self.stack[r(rest.object)], &listed, threshold)
                        .map_err(Unwind::new)?;
                put(&mut self.stack[r(rest.dst)], value);
            }
            Instr::ApplyThreshold {
                dst,
                value,
                threshold,
            } => {
                let value = self.stack[r(*value)].clone();
                let result =
                    ops::apply_threshold(value, &self.stack[r(*threshold)]).map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], result);
            }
            Instr::ConfAtLeast {
                dst,
                value,
                threshold,
            } => {
                let flag = ops::conf_at_least(&self.stack[r(*value)], &self.stack[r(*threshold)])
                    .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], Value::bool(flag));
            }
            Instr::ArrayShape {
                dst,
                value,
                len,
                exact,
            } => {
                let flag = ops::array_shape(&self.stack[r(*value)], *len as usize, *exact);
                put(&mut self.stack[r(*dst)], Value::bool(flag));
            }
            Instr::HasKey { dst, object, key } => {
                let flag = ops::has_key(&self.stack[r(*object)], frame.program.ir.string(*key));
                put(&mut self.stack[r(*dst)], Value::bool(flag));
            }
            Instr::SameValueZero { dst, lhs, rhs } => {
                let flag = ops::same_value_zero(&self.stack[r(*lhs)], &self.stack[r(*rhs)])
                    .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], Value::bool(flag));
            }
            Instr::LoadException { dst, slot } => {
                let value = self
                    .exceptions
                    .get(frame.exc_base + slot.index())
                    .and_then(Option::as_ref)
                    .map(|unwind| unwind.thrown().value().clone())
                    .unwrap_or(Value::NULL);
                put(&mut self.stack[r(*dst)], value);
            }
            Instr::PushContext { name } => self.context.push(frame.program.ir.string(*name).into()),
            Instr::PopContext => {
                self.context.pop();
            }
            Instr::ContextMark { dst } => {
                self.stack[r(*dst)] = Value::number(self.context.len() as f64)
            }
            Instr::ContextRestore { mark } => {
                let depth = self.stack[r(*mark)].as_number().unwrap_or(0.0) as usize;
                self.context.truncate(depth);
            }
            Instr::DeclareAgent { dst, name, config } => {
                let config = self.stack[r(*config)].clone();
                let agent = self
                    .shared
                    .host
                    .borrow_mut()
                    .declare_agent(frame.program.ir.string(*name), &config)
                    .map_err(Unwind::new)?;
                put(&mut self.stack[r(*dst)], agent);
            }
            Instr::LoadImport { dst, import, name } => {
                self.stack[r(*dst)] =
                    self.import_value(frame.module, *import, frame.program.ir.string(*name));
            }
            Instr::LoadNamespace { dst, import } => {
                self.stack[r(*dst)] = self.namespace_value(frame.module, *import)
            }
            _ => {}
        }
        Ok(())
    }

    fn threshold(&self, frame: &Frame<'p>, threshold: Option<Reg>) -> Result<Option<f64>, Unwind> {
        match threshold {
            Some(reg) => ops::check_threshold(&self.stack[frame.base + reg.index()])
                .map(Some)
                .map_err(Unwind::new),
            None => Ok(None),
        }
    }

    /// The trace's `branch` event (runtime §13.2) for the decision at `span`.
    #[cold]
    fn trace_branch(&self, frame: &Frame<'p>, span: Span, site: u32, level: &Value, value: &Value) {
        let Some(site) = frame.program.ir.branch_sites.get(site as usize) else {
            return;
        };
        let index = level.as_number().unwrap_or(2.0) as usize;
        let level = ["high", "medium", "low"]
            .get(index)
            .copied()
            .unwrap_or("low");
        let taken = site.branches.get(index).copied().flatten();
        let position = frame
            .program
            .line_index
            .line_col(&frame.program.text, span.start);
        prism_runtime::trace::events::branch(
            site.form,
            position.line,
            position.column,
            value.conf(),
            level,
            taken,
        );
    }
}
