//! Suspending the calling task (language §14.3: provider calls are suspension points) while an
//! attempt is in flight, a concurrency slot is taken, or a backoff wait passes.
//!
//! Without a scheduler (a backend that runs code outside tasks) nothing can wait: providers
//! then deliver before `start` returns, slots are always granted and waits are skipped.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::limits::{SlotNeeds, Slots};
use super::provider::{Delivery, Interrupt};
use crate::builtins::Machine;
use crate::error::Thrown;
use crate::tasks::{Scheduler, Waker};

/// The run's scheduler, when the backend runs tasks.
pub fn scheduler_of(machine: &dyn Machine) -> Option<Scheduler> {
    machine.task_context().map(|cx| cx.scheduler().clone())
}

/// The run clock: the scheduler's when tasks run, else the machine's.
pub fn now_ms(machine: &dyn Machine) -> f64 {
    match machine.task_context() {
        Some(cx) => cx.scheduler().now_ms(),
        None => machine.now_ms(),
    }
}

/// Suspends until `delivery` has a fragment, an outcome or an interruption.
pub fn until_ready(machine: &mut dyn Machine, delivery: &Delivery) -> Result<(), Thrown> {
    while !delivery.is_ready() {
        let Some(cx) = machine.task_context() else {
            return Ok(());
        };
        cx.suspend_until(|waker| delivery.set_waker(waker))?;
    }
    Ok(())
}

/// Waits `ms` milliseconds of the run clock (backoff, runtime §11.2).
pub fn sleep(machine: &mut dyn Machine, ms: u64) -> Result<(), Thrown> {
    let Some(scheduler) = scheduler_of(machine) else {
        return Ok(());
    };
    let signal = Delivery::new();
    let timer = {
        let signal = signal.clone();
        scheduler.after(
            ms as f64,
            Box::new(move |scheduler: &Scheduler| {
                signal.interrupt(scheduler, Interrupt::AttemptTimeout)
            }),
        )
    };
    if let Err(thrown) = until_ready(machine, &signal) {
        scheduler.cancel_timer(timer);
        return Err(thrown);
    }
    Ok(())
}

/// Takes the slots of `needs`, waiting in FIFO order while they are busy (runtime §7.1). The
/// wait counts against the call's total timeout: `false` when `deadline_ms` (run clock) passed
/// before the slots were granted.
pub fn acquire(
    machine: &mut dyn Machine,
    slots: &Slots,
    needs: &SlotNeeds,
    deadline_ms: Option<f64>,
) -> Result<bool, Thrown> {
    if slots.try_acquire(needs) {
        return Ok(true);
    }
    let Some(scheduler) = scheduler_of(machine) else {
        // Nothing else runs without tasks, so nothing can release a slot.
        return Ok(true);
    };
    let granted = Rc::new(Cell::new(false));
    let latest: Rc<RefCell<Option<Waker>>> = Rc::default();
    let timer = deadline_ms.map(|deadline| {
        let latest = latest.clone();
        let wake = move |scheduler: &Scheduler| {
            if let Some(waker) = latest.borrow().clone() {
                waker.wake(scheduler);
            }
        };
        scheduler.after(deadline - scheduler.now_ms(), Box::new(wake))
    });
    let outcome = wait_for_grant(machine, slots, needs, &granted, &latest, deadline_ms);
    if let Some(timer) = timer {
        scheduler.cancel_timer(timer);
    }
    slots.withdraw(&granted);
    match outcome {
        Ok(()) if granted.get() => Ok(true),
        Ok(()) => Ok(false),
        Err(thrown) => {
            if granted.get() {
                slots.release(needs, Some(&scheduler));
            }
            Err(thrown)
        }
    }
}

fn wait_for_grant(
    machine: &mut dyn Machine,
    slots: &Slots,
    needs: &SlotNeeds,
    granted: &Rc<Cell<bool>>,
    latest: &Rc<RefCell<Option<Waker>>>,
    deadline_ms: Option<f64>,
) -> Result<(), Thrown> {
    while !granted.get() {
        if deadline_ms.is_some_and(|deadline| now_ms(machine) >= deadline) {
            return Ok(());
        }
        let Some(cx) = machine.task_context() else {
            return Ok(());
        };
        slots.withdraw(granted);
        cx.suspend_until(|waker| {
            *latest.borrow_mut() = Some(waker.clone());
            slots.enqueue(needs.clone(), granted.clone(), waker);
        })?;
    }
    Ok(())
}
