//! The timer queue (language §14.4): actions ordered by due time, then by the order in which
//! they were scheduled, so events due at the same time are delivered in scheduling order.
use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::Scheduler;

/// What a timer does when it fires.
pub type TimerAction = Box<dyn FnOnce(&Scheduler)>;

/// Identifies a scheduled timer, to remove it before it fires.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct TimerId {
    due: Due,
    seq: u64,
}

/// A due time in run milliseconds with a total order (never NaN: callers clamp).
#[derive(Clone, Copy, Debug)]
struct Due(f64);

impl PartialEq for Due {
    fn eq(&self, other: &Due) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Due) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Due) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[derive(Default)]
pub(crate) struct Timers {
    queue: BTreeMap<TimerId, TimerAction>,
    next_seq: u64,
}

impl Timers {
    /// Schedules `action` at run time `due`. A timer due at infinity never fires and is not
    /// kept: it is no pending event (so waiting only for it is a deadlock).
    pub(crate) fn add(&mut self, due: f64, action: TimerAction) -> TimerId {
        self.next_seq += 1;
        let due = if due.is_nan() { 0.0 } else { due };
        let id = TimerId {
            due: Due(due),
            seq: self.next_seq,
        };
        if due.is_finite() {
            self.queue.insert(id, action);
        }
        id
    }

    /// Removes a timer that has not fired; does nothing otherwise.
    pub(crate) fn remove(&mut self, id: TimerId) {
        self.queue.remove(&id);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// The due time of the earliest timer.
    pub(crate) fn next_due(&self) -> Option<f64> {
        self.queue.keys().next().map(|id| id.due.0)
    }

    /// Takes the earliest timer if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: f64) -> Option<TimerAction> {
        let first = *self.queue.keys().next()?;
        if first.due.0 > now {
            return None;
        }
        self.queue.remove(&first)
    }
}
