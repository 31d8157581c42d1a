//! The database behind `std/learn`: one table of recorded runs in an SQLite file.
//!
//! Concurrent runs (separate processes, or threads of one process) share the file safely:
//! every connection uses the write-ahead log (`journal_mode = WAL`, readers never block the
//! writer), waits up to [`BUSY_TIMEOUT`] for a lock instead of failing, and each write is one
//! `BEGIN IMMEDIATE` transaction, so a record is either fully stored or not at all.
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::Value as Json;

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    config TEXT NOT NULL,
    success INTEGER NOT NULL,
    quality REAL
);
CREATE INDEX IF NOT EXISTS runs_by_key ON runs (key, config);";

/// The outcome of one run of a composition.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub success: bool,
    /// In [0, 1], if the caller measured it.
    pub quality: Option<f64>,
}

/// What is known about one configuration (or about every configuration of a key).
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub config: Json,
    pub runs: u64,
    pub successes: u64,
    /// The mean of the recorded qualities; `None` when no run recorded one.
    pub mean_quality: Option<f64>,
}

impl Stats {
    pub fn success_rate(&self) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            self.successes as f64 / self.runs as f64
        }
    }
}

/// A learning store at a path; each operation opens its own connection.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    pub fn new(path: impl Into<PathBuf>) -> Store {
        Store { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        if let Some(parent) = self.path.parent() {
            if !parent.as_os_str().is_empty() {
                // A missing directory shows up as the open error below.
                let _ = std::fs::create_dir_all(parent);
            }
        }
        let connection = Connection::open(&self.path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        connection.execute_batch(SCHEMA)?;
        Ok(connection)
    }

    /// Stores one outcome of `config` (compared by its canonical JSON text) under `key`.
    pub fn record(&self, key: &str, config: &Json, outcome: Outcome) -> rusqlite::Result<()> {
        let mut connection = self.open()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "INSERT INTO runs (key, config, success, quality) VALUES (?1, ?2, ?3, ?4)",
            params![key, canonical(config), outcome.success, outcome.quality],
        )?;
        transaction.commit()
    }

    /// Every configuration recorded under `key`, in the order each was first recorded.
    pub fn configs(&self, key: &str) -> rusqlite::Result<Vec<Stats>> {
        let connection = self.open()?;
        let mut statement = connection.prepare(
            "SELECT config, COUNT(*), SUM(success), AVG(quality), MIN(id) FROM runs
             WHERE key = ?1 GROUP BY config ORDER BY MIN(id)",
        )?;
        let rows = statement.query_map(params![key], |row| {
            let text: String = row.get(0)?;
            Ok(Stats {
                config: serde_json::from_str(&text).unwrap_or(Json::Null),
                runs: row.get::<_, i64>(1)?.max(0) as u64,
                successes: row.get::<_, i64>(2)?.max(0) as u64,
                mean_quality: row.get(3)?,
            })
        })?;
        rows.collect()
    }

    /// The totals of `key` over all configurations (`config` is `null`), or `None` if nothing
    /// was recorded.
    pub fn totals(&self, key: &str) -> rusqlite::Result<Option<Stats>> {
        let connection = self.open()?;
        connection
            .query_row(
                "SELECT COUNT(*), SUM(success), AVG(quality) FROM runs WHERE key = ?1
                 HAVING COUNT(*) > 0",
                params![key],
                |row| {
                    Ok(Stats {
                        config: Json::Null,
                        runs: row.get::<_, i64>(0)?.max(0) as u64,
                        successes: row.get::<_, i64>(1)?.max(0) as u64,
                        mean_quality: row.get(2)?,
                    })
                },
            )
            .optional()
    }

    /// The best configuration of `key` with at least `min_runs` runs and a success rate of at
    /// least `min_success_rate`: the highest mean quality (a configuration without qualities
    /// counts as 0), then the highest success rate, then the most runs, then the earliest.
    pub fn best(
        &self,
        key: &str,
        min_runs: u64,
        min_success_rate: f64,
    ) -> rusqlite::Result<Option<Stats>> {
        let mut best: Option<Stats> = None;
        for stats in self.configs(key)? {
            if stats.runs < min_runs || stats.success_rate() < min_success_rate {
                continue;
            }
            if best.as_ref().is_none_or(|b| better(&stats, b)) {
                best = Some(stats);
            }
        }
        Ok(best)
    }
}

fn better(a: &Stats, b: &Stats) -> bool {
    let quality = |s: &Stats| s.mean_quality.unwrap_or(0.0);
    let keys_a = (quality(a), a.success_rate(), a.runs as f64);
    let keys_b = (quality(b), b.success_rate(), b.runs as f64);
    keys_a.partial_cmp(&keys_b) == Some(std::cmp::Ordering::Greater)
}

/// The JSON text with object keys sorted at every level, so that `{a, b}` and `{b, a}` are
/// the same configuration.
pub fn canonical(json: &Json) -> String {
    fn sorted(json: &Json) -> Json {
        match json {
            Json::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for key in keys {
                    out.insert(key.clone(), sorted(&map[key]));
                }
                Json::Object(out)
            }
            Json::Array(items) => Json::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(json).to_string()
}
