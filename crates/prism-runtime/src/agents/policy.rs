//! Policies (runtime §11.1, §11.2): key-by-key resolution over the layers call → agent →
//! provider → `[policy]` → built-in default, and the backoff wait with jitter.
use prism_config::{Jitter, Policy};

/// The error kinds retried when `retry_on` is not set (runtime §11.1).
pub const DEFAULT_RETRY_ON: &[&str] = &[
    "timeout",
    "rate_limited",
    "server",
    "network",
    "unavailable",
];

/// The policy of one target, every key decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// Attempt timeout; 0 = none.
    pub timeout_ms: u64,
    pub total_timeout_ms: Option<u64>,
    pub retries: u64,
    pub backoff_ms: u64,
    pub backoff_factor: f64,
    pub backoff_max_ms: u64,
    pub jitter: Jitter,
    pub retry_on: Vec<String>,
    pub min_confidence: Option<f64>,
    pub fallback: Vec<String>,
}

impl Resolved {
    pub fn retries_on(&self, kind: &str) -> bool {
        self.retry_on.iter().any(|k| k == kind)
    }
}

/// Resolves the policy of a target from `layers`, most specific first. `provider_type` decides
/// the default of `retries` (2 for the HTTP model APIs, 0 otherwise).
pub fn resolve(layers: &[&Policy], provider_type: &str) -> Resolved {
    macro_rules! first {
        ($key:ident) => {
            layers.iter().find_map(|layer| layer.$key.clone())
        };
    }
    let default_retries = match provider_type {
        "openai" | "anthropic" | "gemini" => 2,
        _ => 0,
    };
    Resolved {
        timeout_ms: first!(timeout_ms).unwrap_or(60_000),
        total_timeout_ms: first!(total_timeout_ms),
        retries: first!(retries).unwrap_or(default_retries),
        backoff_ms: first!(backoff_ms).unwrap_or(500),
        backoff_factor: first!(backoff_factor).unwrap_or(2.0),
        backoff_max_ms: first!(backoff_max_ms).unwrap_or(30_000),
        jitter: first!(jitter).unwrap_or(Jitter::Full),
        retry_on: first!(retry_on)
            .unwrap_or_else(|| DEFAULT_RETRY_ON.iter().map(|k| (*k).to_owned()).collect()),
        min_confidence: first!(min_confidence),
        fallback: first!(fallback).unwrap_or_default(),
    }
}

/// The wait before retry number `n` (from 1) of a target (runtime §11.2), in whole
/// milliseconds. `u` is the next number of random stream 1, drawn by the caller only when the
/// jitter needs it (see [`needs_random`]).
pub fn backoff_ms(policy: &Resolved, n: u64, retry_after_ms: Option<u64>, u: f64) -> u64 {
    let exponent = i32::try_from(n.saturating_sub(1)).unwrap_or(i32::MAX);
    let grown = policy.backoff_ms as f64 * policy.backoff_factor.powi(exponent);
    let d = if grown.is_nan() {
        policy.backoff_max_ms as f64
    } else {
        grown.min(policy.backoff_max_ms as f64)
    };
    let jittered = match policy.jitter {
        Jitter::None => d,
        Jitter::Full => d * u,
        Jitter::Equal => d / 2.0 + d / 2.0 * u,
    };
    let wait = retry_after_ms.map_or(jittered, |after| jittered.max(after as f64));
    wait.max(0.0).floor() as u64
}

/// Whether the jitter draws from the random stream (so `"none"` leaves the stream untouched).
pub fn needs_random(policy: &Resolved) -> bool {
    policy.jitter != Jitter::None
}
