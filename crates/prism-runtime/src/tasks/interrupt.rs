//! User interruption (Ctrl-C, cli §4.2): the host sets an [`Interrupt`] from its signal handler;
//! the run notices it at the next poll — the backends poll with the run deadline, the scheduler
//! before each step and while it sleeps — and ends with the uncatchable `R0812` after cancelling
//! every task (language §12.4).
//!
//! A handle rather than a process-wide flag, so that runs sharing a process (tests, an embedding
//! host) are interrupted one at a time.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A cloneable, thread-safe interruption request for one run.
#[derive(Clone, Debug, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Asks the run to stop; safe to call from a signal-handling thread.
    pub fn request(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_requested(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether `interrupt` (if any) has been requested.
pub fn requested(interrupt: Option<&Interrupt>) -> bool {
    interrupt.is_some_and(Interrupt::is_requested)
}
