//! Where one attempt's fragments and outcome arrive, and how the waiting task is woken
//! (runtime §8.4; see [`super::provider`] for the asynchrony this serves).
use std::cell::RefCell;
use std::rc::Rc;

use super::provider::Outcome;
use crate::tasks::{Scheduler, Waker};

/// Why the pipeline stopped waiting for an attempt before its outcome arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// The attempt timeout expired (runtime §7.2).
    AttemptTimeout,
    /// The whole call's `total_timeout_ms` expired.
    TotalTimeout,
}

/// What a relaying delivery passes on (see [`Delivery::relay`]).
// Built once per attempt and moved straight into the relay: never stored, so boxing the
// outcome would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Relayed<'a> {
    Chunk(&'a str),
    Finish(Outcome),
}

type Relay = Rc<dyn Fn(Relayed<'_>, Option<&Scheduler>)>;

#[derive(Default)]
struct DeliveryState {
    /// Set for a delivery that hands everything to a wrapping provider instead of a task.
    relay: Option<Relay>,
    chunks: Vec<String>,
    outcome: Option<Outcome>,
    interrupted: Option<Interrupt>,
    waker: Option<Waker>,
    closed: bool,
}

/// Where one attempt's fragments and outcome arrive (see the module documentation).
#[derive(Clone, Default)]
pub struct Delivery(Rc<RefCell<DeliveryState>>);

impl Delivery {
    pub fn new() -> Delivery {
        Delivery::default()
    }

    /// A delivery that passes each fragment and the outcome to `relay` instead of keeping
    /// them: a provider that wraps another one (the `replay` recorder, runtime §9.2) starts
    /// the inner attempt with it to see the outcome before forwarding it.
    pub fn relay(relay: impl Fn(Relayed<'_>, Option<&Scheduler>) + 'static) -> Delivery {
        let state = DeliveryState {
            relay: Some(Rc::new(relay)),
            ..DeliveryState::default()
        };
        Delivery(Rc::new(RefCell::new(state)))
    }

    /// A streamed fragment (§8.4); dropped once the attempt is closed or finished.
    pub fn chunk(&self, scheduler: Option<&Scheduler>, text: &str) {
        let mut state = self.0.borrow_mut();
        if state.closed || state.outcome.is_some() {
            return;
        }
        if let Some(relay) = state.relay.clone() {
            drop(state);
            relay(Relayed::Chunk(text), scheduler);
            return;
        }
        state.chunks.push(text.to_owned());
        let waker = state.waker.clone();
        drop(state);
        if let (Some(waker), Some(scheduler)) = (waker, scheduler) {
            waker.wake(scheduler);
        }
    }

    /// The attempt's one outcome; later ones and those after cancellation are ignored.
    pub fn finish(&self, scheduler: Option<&Scheduler>, outcome: Outcome) {
        let mut state = self.0.borrow_mut();
        if state.closed || state.outcome.is_some() {
            return;
        }
        if let Some(relay) = state.relay.clone() {
            // Closed first: a relay hears exactly one outcome.
            state.closed = true;
            drop(state);
            relay(Relayed::Finish(outcome), scheduler);
            return;
        }
        state.outcome = Some(outcome);
        let waker = state.waker.take();
        drop(state);
        if let (Some(waker), Some(scheduler)) = (waker, scheduler) {
            waker.wake(scheduler);
        }
    }

    /// Wakes the waiting task without an outcome (a timeout timer fired). An outcome that
    /// arrived first wins: a response due at the same instant as the timeout is kept (§7.2).
    pub fn interrupt(&self, scheduler: &Scheduler, why: Interrupt) {
        let mut state = self.0.borrow_mut();
        if state.closed || state.outcome.is_some() || state.interrupted.is_some() {
            return;
        }
        state.interrupted = Some(why);
        let waker = state.waker.take();
        drop(state);
        if let Some(waker) = waker {
            waker.wake(scheduler);
        }
    }

    pub fn interrupted(&self) -> Option<Interrupt> {
        self.0.borrow().interrupted
    }

    /// Whether the waiting task has something to look at.
    pub fn is_ready(&self) -> bool {
        let state = self.0.borrow();
        state.outcome.is_some() || state.interrupted.is_some() || !state.chunks.is_empty()
    }

    /// Stops accepting anything (the attempt was cancelled or timed out).
    pub fn close(&self) {
        let mut state = self.0.borrow_mut();
        state.closed = true;
        state.waker = None;
    }

    pub fn is_finished(&self) -> bool {
        self.0.borrow().outcome.is_some()
    }

    pub fn set_waker(&self, waker: Waker) {
        self.0.borrow_mut().waker = Some(waker);
    }

    pub fn take_chunks(&self) -> Vec<String> {
        std::mem::take(&mut self.0.borrow_mut().chunks)
    }

    pub fn take_outcome(&self) -> Option<Outcome> {
        self.0.borrow_mut().outcome.take()
    }
}
