//! Policy resolution and backoff (runtime §11.1, §11.2).
use prism_config::{Jitter, Policy};

use super::super::policy::{backoff_ms, resolve};
use crate::builtins::RandomStreams;

fn policy(jitter: Jitter) -> super::super::policy::Resolved {
    let call = Policy {
        backoff_ms: Some(100),
        backoff_max_ms: Some(1000),
        jitter: Some(jitter),
        ..Policy::default()
    };
    resolve(&[&call], "mock")
}

#[test]
fn keys_resolve_layer_by_layer_with_type_defaults() {
    let call = Policy {
        retries: Some(5),
        ..Policy::default()
    };
    let provider = Policy {
        retries: Some(1),
        timeout_ms: Some(10),
        ..Policy::default()
    };
    let resolved = resolve(&[&call, &provider], "mock");
    assert_eq!((resolved.retries, resolved.timeout_ms), (5, 10));
    assert_eq!(resolve(&[], "openai").retries, 2);
    assert_eq!(resolve(&[], "mock").retries, 0);
    assert!(resolve(&[], "mock").retries_on("server"));
    assert!(!resolve(&[], "mock").retries_on("auth"));
}

#[test]
fn backoff_grows_by_the_factor_up_to_the_cap() {
    let none = policy(Jitter::None);
    let waits: Vec<u64> = (1..=5).map(|n| backoff_ms(&none, n, None, 0.0)).collect();
    assert_eq!(waits, [100, 200, 400, 800, 1000]);
    assert_eq!(backoff_ms(&none, 1, Some(2500), 0.0), 2500);
}

#[test]
fn jitter_stays_within_its_bounds_for_a_seeded_stream() {
    let mut random = RandomStreams::new(42);
    let full = policy(Jitter::Full);
    let equal = policy(Jitter::Equal);
    for n in 1..=6 {
        let d = backoff_ms(&policy(Jitter::None), n, None, 0.0);
        let u = random.next_f64(1);
        let f = backoff_ms(&full, n, None, u);
        assert!(f <= d, "full jitter {f} > {d}");
        let e = backoff_ms(&equal, n, None, u);
        assert!(
            e >= d / 2 && e <= d,
            "equal jitter {e} outside [{}, {d}]",
            d / 2
        );
    }
    // The same seed gives the same waits.
    let mut again = RandomStreams::new(42);
    let first = backoff_ms(&full, 3, None, again.next_f64(1));
    let mut once_more = RandomStreams::new(42);
    assert_eq!(first, backoff_ms(&full, 3, None, once_more.next_f64(1)));
}
