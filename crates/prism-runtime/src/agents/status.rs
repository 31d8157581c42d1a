//! Agent status for registries (issue #6; decision, the spec is silent): every agent reports
//! `"idle"`, `"busy"` or `"offline"` through the read-only property `agent.status`.
//!
//! * `busy`: at least one logical call (`ask`/`call`, runtime §6.4) of the agent is unfinished;
//! * `offline`: the last [`OFFLINE_AFTER`] logical calls of the agent all failed (threw), and no
//!   call has succeeded since. Calls to an offline agent are still made — each one is a
//!   **probe** — and the first one that succeeds brings the agent back;
//! * `idle`: otherwise.
//!
//! Busy wins over offline, so a probe in flight reads `busy`. A call ended by cancellation
//! counts neither as a success nor as a failure. The board is per run (it lives in the
//! [`super::AgentRuntime`]) and is keyed by agent name.
use std::cell::RefCell;
use std::collections::HashMap;

/// Consecutive failed calls after which an agent is offline.
pub const OFFLINE_AFTER: u32 = 3;

#[derive(Clone, Copy, Default)]
struct Entry {
    in_flight: u32,
    failures: u32,
}

/// The status of every agent of the run that has been called.
#[derive(Default)]
pub struct StatusBoard {
    entries: RefCell<HashMap<String, Entry>>,
}

/// How a logical call ended, as far as the status is concerned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CallEnd {
    Succeeded,
    Failed,
    Cancelled,
}

impl StatusBoard {
    /// The status of agent `name`: `"idle"`, `"busy"` or `"offline"`.
    pub fn status(&self, name: &str) -> &'static str {
        let entry = self.entries.borrow().get(name).copied().unwrap_or_default();
        if entry.in_flight > 0 {
            "busy"
        } else if entry.failures >= OFFLINE_AFTER {
            "offline"
        } else {
            "idle"
        }
    }

    /// A call of agent `name` starts.
    pub fn begin(&self, name: &str) {
        let mut entries = self.entries.borrow_mut();
        entries.entry(name.to_owned()).or_default().in_flight += 1;
    }

    /// A call of agent `name` that [`StatusBoard::begin`] announced has ended.
    pub fn end(&self, name: &str, end: CallEnd) {
        let mut entries = self.entries.borrow_mut();
        let entry = entries.entry(name.to_owned()).or_default();
        entry.in_flight = entry.in_flight.saturating_sub(1);
        match end {
            CallEnd::Succeeded => entry.failures = 0,
            CallEnd::Failed => entry.failures = entry.failures.saturating_add(1),
            CallEnd::Cancelled => {}
        }
    }
}

/// Marks a call of one agent as in flight until [`CallGuard::finish`] or until it is dropped,
/// which happens when the calling task is unwound by cancellation (language §14.5).
pub struct CallGuard<'a> {
    board: &'a StatusBoard,
    name: String,
    ended: bool,
}

impl<'a> CallGuard<'a> {
    pub fn begin(board: &'a StatusBoard, name: &str) -> CallGuard<'a> {
        board.begin(name);
        CallGuard {
            board,
            name: name.to_owned(),
            ended: false,
        }
    }

    pub fn finish(mut self, end: CallEnd) {
        self.ended = true;
        self.board.end(&self.name, end);
    }
}

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        if !self.ended {
            self.board.end(&self.name, CallEnd::Cancelled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_after_consecutive_failures_and_back_after_a_successful_probe() {
        let board = StatusBoard::default();
        assert_eq!(board.status("a"), "idle");
        for _ in 0..OFFLINE_AFTER - 1 {
            CallGuard::begin(&board, "a").finish(CallEnd::Failed);
        }
        assert_eq!(board.status("a"), "idle");
        CallGuard::begin(&board, "a").finish(CallEnd::Failed);
        assert_eq!(board.status("a"), "offline");
        let probe = CallGuard::begin(&board, "a");
        assert_eq!(board.status("a"), "busy");
        probe.finish(CallEnd::Succeeded);
        assert_eq!(board.status("a"), "idle");
    }

    #[test]
    fn a_cancelled_call_is_neither_success_nor_failure() {
        let board = StatusBoard::default();
        for _ in 0..OFFLINE_AFTER {
            board.begin("a");
            board.end("a", CallEnd::Failed);
        }
        drop(CallGuard::begin(&board, "a"));
        assert_eq!(board.status("a"), "offline");
        assert_eq!(board.status("b"), "idle");
    }
}
