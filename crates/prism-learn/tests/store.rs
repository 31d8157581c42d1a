//! The learning store: records, the choice of the best configuration, statistics, and
//! concurrent writers on one database file.

use prism_learn::{Outcome, Store};
use serde_json::json;

fn fresh(name: &str) -> (std::path::PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("prism-learn-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("nested").join("learn.db");
    (dir, Store::new(path))
}

fn ok(quality: f64) -> Outcome {
    Outcome {
        success: true,
        quality: Some(quality),
    }
}

#[test]
fn best_prefers_quality_then_success_rate_and_respects_the_minimums() {
    let (dir, store) = fresh("best");
    let fast = json!({ "strategy": "sequential", "tier": "cheap" });
    let careful = json!({ "tier": "premium", "strategy": "debate" });
    store.record("release", &fast, ok(0.6)).expect("record");
    store.record("release", &fast, ok(0.8)).expect("record");
    store.record("release", &careful, ok(0.9)).expect("record");
    let failed = Outcome {
        success: false,
        quality: None,
    };
    store.record("release", &careful, failed).expect("record");
    store.record("other", &fast, ok(1.0)).expect("record");

    let best = store.best("release", 1, 0.0).expect("best").expect("some");
    assert_eq!(
        best.config,
        json!({ "strategy": "debate", "tier": "premium" })
    );
    assert_eq!(
        (best.runs, best.successes, best.mean_quality),
        (2, 1, Some(0.9))
    );

    let best = store.best("release", 2, 0.75).expect("best").expect("some");
    assert_eq!(
        best.config,
        json!({ "strategy": "sequential", "tier": "cheap" })
    );
    assert_eq!(best.success_rate(), 1.0);
    assert!((best.mean_quality.expect("quality") - 0.7).abs() < 1e-12);

    assert_eq!(store.best("release", 3, 0.0).expect("best"), None);
    assert_eq!(store.best("unknown", 1, 0.0).expect("best"), None);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn configurations_with_keys_in_another_order_are_one_configuration() {
    let (dir, store) = fresh("canonical");
    store
        .record("k", &json!({ "a": 1, "b": { "y": 2, "x": 1 } }), ok(0.5))
        .expect("record");
    store
        .record("k", &json!({ "b": { "x": 1, "y": 2 }, "a": 1 }), ok(0.7))
        .expect("record");
    let configs = store.configs("k").expect("configs");
    assert_eq!(configs.len(), 1);
    assert_eq!(configs[0].runs, 2);
    let totals = store.totals("k").expect("totals").expect("some");
    assert_eq!((totals.runs, totals.successes), (2, 2));
    assert_eq!(store.totals("none").expect("totals"), None);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let (dir, store) = fresh("concurrent");
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let config = json!({ "writer": t });
                    let outcome = Outcome {
                        success: i % 5 != 0,
                        quality: Some(0.5),
                    };
                    store.record("shared", &config, outcome).expect("record");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("writer");
    }
    let totals = store.totals("shared").expect("totals").expect("some");
    assert_eq!((totals.runs, totals.successes), (100, 80));
    assert_eq!(store.configs("shared").expect("configs").len(), 4);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unusable_path_is_an_error_not_a_panic() {
    let (dir, _) = fresh("unusable");
    std::fs::create_dir_all(dir.join("is-a-directory")).expect("dir");
    let store = Store::new(dir.join("is-a-directory"));
    assert!(store.record("k", &json!(1), ok(0.5)).is_err());
    assert!(store.best("k", 1, 0.0).is_err());
    let _ = std::fs::remove_dir_all(dir);
}
