//! Concurrency slots (runtime §7.1) and budgets (§11.5).
//!
//! An attempt needs a slot at the run, its provider and its agent. Waiting attempts form one
//! FIFO list; whenever a slot is released the list is examined in order and every attempt
//! whose slots are all free is granted them and woken.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use prism_config::Budget;

use crate::error::{catalogue, Thrown};
use crate::tasks::{Scheduler, Waker};
use crate::value::Value;

/// The slots one attempt needs.
#[derive(Clone, Debug, PartialEq)]
pub struct SlotNeeds {
    pub provider: String,
    pub provider_limit: Option<u64>,
    pub agent: Option<String>,
    pub agent_limit: Option<u64>,
}

struct Waiting {
    needs: SlotNeeds,
    granted: Rc<Cell<bool>>,
    waker: Waker,
}

/// In-flight counts and the waiting list.
pub struct Slots {
    run_limit: u64,
    run: Cell<u64>,
    providers: RefCell<HashMap<String, u64>>,
    agents: RefCell<HashMap<String, u64>>,
    waiting: RefCell<Vec<Waiting>>,
}

impl Slots {
    pub fn new(run_limit: u64) -> Slots {
        Slots {
            run_limit: run_limit.max(1),
            run: Cell::new(0),
            providers: RefCell::default(),
            agents: RefCell::default(),
            waiting: RefCell::default(),
        }
    }

    fn free(&self, needs: &SlotNeeds) -> bool {
        let below = |map: &RefCell<HashMap<String, u64>>, key: &str, limit: Option<u64>| {
            limit.is_none_or(|limit| map.borrow().get(key).copied().unwrap_or(0) < limit)
        };
        self.run.get() < self.run_limit
            && below(&self.providers, &needs.provider, needs.provider_limit)
            && needs
                .agent
                .as_deref()
                .is_none_or(|agent| below(&self.agents, agent, needs.agent_limit))
    }

    fn take(&self, needs: &SlotNeeds) {
        self.run.set(self.run.get() + 1);
        *self
            .providers
            .borrow_mut()
            .entry(needs.provider.clone())
            .or_default() += 1;
        if let Some(agent) = &needs.agent {
            *self.agents.borrow_mut().entry(agent.clone()).or_default() += 1;
        }
    }

    /// Takes the slots at once if nobody waits before us and they are free.
    pub fn try_acquire(&self, needs: &SlotNeeds) -> bool {
        if self.waiting.borrow().is_empty() && self.free(needs) {
            self.take(needs);
            return true;
        }
        false
    }

    /// Queues an attempt; `granted` becomes true when its slots are taken for it.
    pub fn enqueue(&self, needs: SlotNeeds, granted: Rc<Cell<bool>>, waker: Waker) {
        self.waiting.borrow_mut().push(Waiting {
            needs,
            granted,
            waker,
        });
    }

    /// Removes a waiting attempt that gave up (cancelled, total timeout).
    pub fn withdraw(&self, granted: &Rc<Cell<bool>>) {
        self.waiting
            .borrow_mut()
            .retain(|waiting| !Rc::ptr_eq(&waiting.granted, granted));
    }

    /// Releases an attempt's slots and starts the waiters that now fit.
    pub fn release(&self, needs: &SlotNeeds, scheduler: Option<&Scheduler>) {
        self.run.set(self.run.get().saturating_sub(1));
        let lower = |map: &RefCell<HashMap<String, u64>>, key: &str| {
            if let Some(count) = map.borrow_mut().get_mut(key) {
                *count = count.saturating_sub(1);
            }
        };
        lower(&self.providers, &needs.provider);
        if let Some(agent) = &needs.agent {
            lower(&self.agents, agent);
        }
        let mut woken = Vec::new();
        {
            let mut waiting = self.waiting.borrow_mut();
            let mut index = 0;
            while let Some(candidate) = waiting.get(index) {
                if self.free(&candidate.needs) {
                    self.take(&candidate.needs);
                    let started = waiting.remove(index);
                    started.granted.set(true);
                    woken.push(started.waker);
                } else {
                    index += 1;
                }
            }
        }
        if let Some(scheduler) = scheduler {
            for waker in woken {
                waker.wake(scheduler);
            }
        }
    }
}

/// Usage counted against a budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub calls: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Run and per-agent usage.
#[derive(Default)]
pub struct Budgets {
    pub run: Cell<Usage>,
    pub agents: RefCell<HashMap<String, Usage>>,
}

impl Budgets {
    /// Adds one finished attempt (a failed one adds a call and no tokens).
    pub fn add(&self, agents: &[&str], input_tokens: u64, output_tokens: u64) {
        let add = |usage: &mut Usage| {
            usage.calls += 1;
            usage.input_tokens += input_tokens;
            usage.output_tokens += output_tokens;
        };
        let mut run = self.run.get();
        add(&mut run);
        self.run.set(run);
        let mut map = self.agents.borrow_mut();
        for agent in agents {
            add(map.entry((*agent).to_owned()).or_default());
        }
    }

    pub fn agent_usage(&self, agent: &str) -> Usage {
        self.agents.borrow().get(agent).copied().unwrap_or_default()
    }
}

/// BudgetExceeded `R0808` if `usage` has already reached a limit of `budget` (runtime §11.5).
pub fn check_budget(scope: &str, budget: &Budget, usage: Usage) -> Result<(), Thrown> {
    let checks = [
        (budget.calls, usage.calls, "calls"),
        (
            budget.tokens,
            usage.input_tokens + usage.output_tokens,
            "tokens",
        ),
        (budget.input_tokens, usage.input_tokens, "input tokens"),
        (budget.output_tokens, usage.output_tokens, "output tokens"),
    ];
    for (limit, used, unit) in checks {
        if let Some(limit) = limit.filter(|limit| used >= *limit) {
            let mut thrown = catalogue::budget_exceeded(scope, &limit.to_string(), unit);
            attach_budget_data(&mut thrown, scope, unit, limit, used);
            return Err(thrown);
        }
    }
    Ok(())
}

/// `data` of BudgetExceeded: `{ scope, unit, limit, used }` (runtime §11.8).
fn attach_budget_data(thrown: &mut Thrown, scope: &str, unit: &str, limit: u64, used: u64) {
    let data = Value::object_from([
        ("scope", Value::string(scope)),
        ("unit", Value::string(unit)),
        ("limit", Value::number(limit as f64)),
        ("used", Value::number(used as f64)),
    ]);
    if let Some(object) = thrown.value().as_object() {
        object.borrow_mut().insert("data", data);
    }
}
