//! The hook through which the trace (runtime §13.2) will observe calls: `call_start`,
//! `call_end`, `retry`, `fallback` and `budget` events. The tracing work implements
//! [`CallObserver`] and passes it in [`super::AgentSetup::observer`]; without one nothing is
//! recorded. Observers receive the data as the pipeline has it; redaction (§13.3) and the
//! `include_content` choice are theirs.
use super::estimate::Estimate;
use super::provider::{ProviderError, Request, Response, Usage};
use crate::error::Thrown;

/// The end of one attempt (`call_end`).
pub struct AttemptEnd<'a> {
    pub call: &'a str,
    pub attempt: u32,
    pub cancelled: bool,
    /// From sending the request to the end of the attempt, on the run clock.
    pub latency_ms: f64,
    pub usage: Usage,
    pub response: Option<&'a Response>,
    pub error: Option<&'a ProviderError>,
    /// The estimate and the estimator's name, for an attempt that produced a result.
    pub estimate: Option<(Estimate, &'a str)>,
}

/// Observes the call pipeline. Every method does nothing by default.
pub trait CallObserver {
    /// A request is about to be sent.
    fn call_start(&self, request: &Request) {
        let _ = request;
    }

    fn call_end(&self, end: &AttemptEnd<'_>) {
        let _ = end;
    }

    /// A retry of `call` will be attempt `next_attempt` after `delay_ms`; `reason` is an error
    /// kind, `"parse"` or `"low_confidence"`.
    fn retry(&self, call: &str, next_attempt: u32, reason: &str, delay_ms: u64) {
        let _ = (call, next_attempt, reason, delay_ms);
    }

    /// The call moves on from target `from` to `to`.
    fn fallback(&self, call: &str, from: &str, to: &str, reason: &str) {
        let _ = (call, from, to, reason);
    }

    /// A budget stopped a call; the error's `data` is `{ scope, unit, limit, used }`.
    fn budget_stopped(&self, error: &Thrown) {
        let _ = error;
    }
}
