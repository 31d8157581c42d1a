//! The run clock (runtime §7.4): real wall-clock time, or a virtual clock that starts at
//! `clock_start_ms` and moves only when the scheduler jumps it to the earliest pending event
//! (language §14.4).
//!
//! Times inside the scheduler are milliseconds of run time since the run started (`f64`, so
//! fractional delays keep their order); [`Clock::now_ms`] adds the start to give the epoch
//! milliseconds `now()` reports.
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::interrupt::{requested, Interrupt};

/// How long a real-clock wait may go without looking at the user's interruption request.
pub(crate) const INTERRUPT_POLL_MS: f64 = 50.0;

/// The default start of the virtual clock: 2026-01-01T00:00:00Z (runtime §2.3 `clock_start_ms`).
pub const VIRTUAL_CLOCK_START_MS: f64 = 1_767_225_600_000.0;

/// Which clock a run uses (`[runtime] clock`, `--clock`, `--virtual-clock`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClockKind {
    Real,
    Virtual { start_ms: f64 },
}

impl ClockKind {
    /// The virtual clock with the default start.
    pub fn virtual_default() -> ClockKind {
        ClockKind::Virtual {
            start_ms: VIRTUAL_CLOCK_START_MS,
        }
    }

    pub fn is_virtual(self) -> bool {
        matches!(self, ClockKind::Virtual { .. })
    }
}

pub(crate) struct Clock {
    kind: ClockKind,
    /// Real clock: when the run started, and the epoch milliseconds at that instant.
    started: Instant,
    epoch_start_ms: f64,
    /// Virtual clock: run time reached so far.
    virtual_elapsed_ms: f64,
}

impl Clock {
    pub(crate) fn new(kind: ClockKind) -> Clock {
        let epoch_start_ms = match kind {
            ClockKind::Real => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |elapsed| elapsed.as_secs_f64() * 1000.0),
            ClockKind::Virtual { start_ms } => start_ms,
        };
        Clock {
            kind,
            started: Instant::now(),
            epoch_start_ms,
            virtual_elapsed_ms: 0.0,
        }
    }

    pub(crate) fn kind(&self) -> ClockKind {
        self.kind
    }

    /// Milliseconds of run time since the run started.
    pub(crate) fn elapsed_ms(&self) -> f64 {
        match self.kind {
            ClockKind::Real => self.started.elapsed().as_secs_f64() * 1000.0,
            ClockKind::Virtual { .. } => self.virtual_elapsed_ms,
        }
    }

    /// Sets the virtual clock back to its start; the real clock cannot go back.
    pub(crate) fn rewind(&mut self) -> bool {
        match self.kind {
            ClockKind::Virtual { .. } => {
                self.virtual_elapsed_ms = 0.0;
                true
            }
            ClockKind::Real => false,
        }
    }

    /// Milliseconds since 1970-01-01T00:00:00Z on the run clock.
    pub(crate) fn now_ms(&self) -> f64 {
        self.epoch_start_ms + self.elapsed_ms()
    }

    /// Moves to run time `target`: the virtual clock jumps there (never backwards); the real
    /// clock sleeps until then, in slices when the user may interrupt the run. False when an
    /// interruption cut the sleep short.
    pub(crate) fn advance_to(&mut self, target: f64, interrupt: Option<&Interrupt>) -> bool {
        match self.kind {
            ClockKind::Virtual { .. } => {
                if target > self.virtual_elapsed_ms {
                    self.virtual_elapsed_ms = target;
                }
                true
            }
            ClockKind::Real => loop {
                let remaining = target - self.elapsed_ms();
                if remaining <= 0.0 || !remaining.is_finite() {
                    return true;
                }
                if interrupt.is_none() {
                    std::thread::sleep(Duration::from_secs_f64(remaining / 1000.0));
                    return true;
                }
                if requested(interrupt) {
                    return false;
                }
                let slice = remaining.min(INTERRUPT_POLL_MS);
                std::thread::sleep(Duration::from_secs_f64(slice / 1000.0));
            },
        }
    }
}
