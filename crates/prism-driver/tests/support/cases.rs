//! The programs the differential test runs: conformance cases (the directive format of
//! tests/conformance/README.md, read as crates/prism-cli/tests/conformance.rs reads it), the
//! examples, and generated programs. Each becomes the [`RunOptions`] that `prism run` would use.

use std::path::{Path, PathBuf};

use prism_driver::run::{ProgramSource, RunOptions};

/// The seed of runs that do not name one, so that seeded randomness is the same for both backends.
pub const DEFAULT_SEED: u64 = 1;

/// Options for a program file run as the corpus runs it, plus the virtual clock and a fixed seed.
pub fn file_options(path: &Path) -> RunOptions {
    let mut options = RunOptions::new(ProgramSource::File(path.to_path_buf()));
    options.virtual_clock = true;
    options.seed = Some(DEFAULT_SEED);
    // A safety net only: a run that hits it is reported as a failure (see `differential.rs`).
    options.timeout_ms = Some(20_000);
    options
}

/// Options for a generated program.
pub fn text_options(name: &str, code: String) -> RunOptions {
    let mut options = RunOptions::new(ProgramSource::Text {
        name: name.to_owned(),
        code,
    });
    options.virtual_clock = true;
    options.seed = Some(DEFAULT_SEED);
    options.timeout_ms = Some(20_000);
    options
}

/// Every `.prism` case of the corpus (first line `// `, at least one `//!` line), sorted.
pub fn conformance_cases(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "prism") && is_case(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn is_case(path: &Path) -> bool {
    let text = read_lossy(path);
    text.starts_with("// ") && text.lines().any(|line| line.starts_with("//!"))
}

fn read_lossy(path: &Path) -> String {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// The run options of a case, or why it is not a run (`check-only`, `skip`).
pub fn case_options(path: &Path) -> Result<RunOptions, String> {
    let mut options = file_options(path);
    let directory = path.parent().unwrap_or(Path::new("."));
    let mut args = Vec::new();
    for line in read_lossy(path).lines() {
        let Some(body) = line.strip_prefix("//!") else {
            continue;
        };
        let body = body.strip_prefix(' ').unwrap_or(body);
        let (name, value) = match body.split_once(':') {
            Some((name, value)) => (name.trim(), value.strip_prefix(' ').unwrap_or(value)),
            None => (body.trim(), ""),
        };
        match name {
            "check-only" => return Err("a check-only case runs nothing".into()),
            "skip" => return Err(format!("skipped by the corpus: {value}")),
            "config" => options.config = Some(directory.join(value.trim())),
            "args" => args.extend(value.split_whitespace().map(str::to_owned)),
            "arg" => args.push(value.to_owned()),
            _ => {}
        }
    }
    apply_args(&mut options, &args)?;
    Ok(options)
}

/// The `prism run` flags the corpus uses (cli §4.1). `--format` and `--backend` do not change
/// what is compared; an unknown flag is an error so that no case is compared under wrong options.
fn apply_args(options: &mut RunOptions, args: &[String]) -> Result<(), String> {
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--virtual-clock" => options.virtual_clock = true,
            "--seed" => {
                let seed = value()?;
                options.seed = Some(seed.parse().map_err(|_| format!("bad seed {seed}"))?);
            }
            "--timeout" => {
                let ms = value()?;
                options.timeout_ms = Some(ms.parse().map_err(|_| format!("bad timeout {ms}"))?);
            }
            "--input" => {
                let json = value()?;
                options.input =
                    Some(serde_json::from_str(&json).map_err(|e| format!("bad input: {e}"))?);
            }
            "--provider" => options.provider = Some(value()?),
            "--format" | "--backend" => {
                value()?;
            }
            "--deny-warnings" | "-W" | "--quiet" | "-q" => {}
            other => {
                return Err(format!(
                    "the differential test does not know the flag {other}"
                ))
            }
        }
    }
    Ok(())
}
