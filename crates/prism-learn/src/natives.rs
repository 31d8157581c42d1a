//! The natives of `std/learn`; the module's Prism source checks and documents the arguments,
//! these bodies check them again (they are reachable only from that module).
//!
//! * `learnRecord(key, config, success, quality)` → `null`
//! * `learnBest(key, minRuns, minSuccessRate)` → `{ config, runs, successes, successRate,
//!   meanQuality }` or `null`
//! * `learnStats(key)` → `{ runs, successes, successRate, meanQuality, configs: [...] }`
//!
//! A database that cannot be opened or written is the runtime error `R0906` of kind
//! `LearnError` ("learning store '{path}': {detail}").
use prism_runtime::agents::value_from_json;
use prism_runtime::builtins::{Args, Builtin, Machine, Mode};
use prism_runtime::{to_json, Thrown, Value};

use crate::store::{Outcome, Stats};

fn store_error(error: rusqlite::Error) -> Thrown {
    let store = crate::current();
    let message = format!("learning store '{}': {error}", store.path().display());
    Thrown::runtime("R0906", "LearnError", message)
}

fn record(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let key = args.string(0)?;
    let config = to_json(&args.get(1).to_plain());
    let success = args.boolean(2)?;
    let quality = if args.is_default(3) {
        None
    } else {
        let quality = args.number(3)?;
        if !(0.0..=1.0).contains(&quality) {
            return Err(args.out_of_range(3, "a number in [0, 1]"));
        }
        Some(quality)
    };
    crate::current()
        .record(key, &config, Outcome { success, quality })
        .map_err(store_error)?;
    Ok(Value::NULL)
}

fn stats_value(stats: &Stats, with_config: bool) -> Value {
    let mut pairs: Vec<(&str, Value)> = Vec::new();
    if with_config {
        pairs.push(("config", value_from_json(&stats.config)));
    }
    pairs.push(("runs", Value::number(stats.runs as f64)));
    pairs.push(("successes", Value::number(stats.successes as f64)));
    pairs.push(("successRate", Value::number(stats.success_rate())));
    let quality = stats.mean_quality.map_or(Value::NULL, Value::number);
    pairs.push(("meanQuality", quality));
    Value::object_from(pairs)
}

fn best(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let key = args.string(0)?;
    let min_runs = args.number(1)?;
    let min_rate = args.number(2)?;
    let best = crate::current()
        .best(key, min_runs.max(0.0).ceil() as u64, min_rate)
        .map_err(store_error)?;
    Ok(best.map_or(Value::NULL, |stats| stats_value(&stats, true)))
}

fn stats(_: &mut dyn Machine, args: &Args<'_>) -> Result<Value, Thrown> {
    let key = args.string(0)?;
    let store = crate::current();
    let totals = store.totals(key).map_err(store_error)?;
    let configs = store.configs(key).map_err(store_error)?;
    let totals = totals.unwrap_or(Stats {
        config: serde_json::Value::Null,
        runs: 0,
        successes: 0,
        mean_quality: None,
    });
    let summary = stats_value(&totals, false);
    let list = configs.iter().map(|s| stats_value(s, true)).collect();
    if let Some(object) = summary.as_object() {
        object.borrow_mut().insert("configs", Value::array(list));
    }
    Ok(summary)
}

static RECORD: Builtin = Builtin {
    name: "learnRecord",
    mode: Mode::None,
    min_args: 3,
    body: record,
    members: &[],
};
static BEST: Builtin = Builtin {
    name: "learnBest",
    mode: Mode::None,
    min_args: 3,
    body: best,
    members: &[],
};
static STATS: Builtin = Builtin {
    name: "learnStats",
    mode: Mode::None,
    min_args: 1,
    body: stats,
    members: &[],
};

/// The natives of `std/learn`.
pub static NATIVES: &[&Builtin] = &[&RECORD, &BEST, &STATS];

/// The native named `name`, as a function value.
pub fn native(name: &str) -> Option<Value> {
    NATIVES
        .iter()
        .find(|builtin| builtin.name == name)
        .map(|builtin| Value::builtin(builtin))
}
