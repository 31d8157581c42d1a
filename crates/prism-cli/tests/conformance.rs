//! The conformance corpus (`tests/conformance`, format in its README.md) as one test per case.
//!
//! Each case runs the built `prism` exactly as the reference runner does: in the case's directory,
//! with `NO_COLOR=1`, without `PRISM_CONFIG`, `PRISM_PROVIDER` and `PRISM_TRACE`, as
//! `prism run|check --color never [--config F] [ARGS] NAME.prism`, standard input closed, at most
//! 10 s; then standard output, the exit status and the `[CODE]`s in standard error are compared.
//!
//! Cases listed in `tests/conformance-known-failures.txt` are reported as ignored (run them with
//! `--include-ignored` to see why they fail). The trial `known-failure list is current` runs them
//! all and fails when one passes, so the list only ever shrinks to what is really missing.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

const CASE_TIMEOUT: Duration = Duration::from_secs(10);
const KNOWN_DIRECTIVES: [&str; 8] = [
    "stdout",
    "exit",
    "error",
    "args",
    "arg",
    "config",
    "check-only",
    "skip",
];
/// Variables that would change how `prism` finds its configuration or provider.
const SCRUBBED_ENV: [&str; 3] = ["PRISM_CONFIG", "PRISM_PROVIDER", "PRISM_TRACE"];
const KNOWN_FAILURES: &str = "tests/conformance-known-failures.txt";

fn main() {
    let arguments = Arguments::from_args();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = workspace.join("tests/conformance");
    let known = match known_failures(&workspace.join(KNOWN_FAILURES)) {
        Ok(known) => known,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(101);
        }
    };
    let cases = find_cases(&corpus);
    let mut trials = Vec::new();
    for path in &cases {
        let name = relative_name(&corpus, path);
        let case = parse_case(path);
        let ignored = case.skip.is_some() || known.contains_key(&name);
        trials.push(
            Trial::test(name, move || run_case(&case).map_err(Failed::from))
                .with_ignored_flag(ignored),
        );
    }
    let names: Vec<String> = cases
        .iter()
        .map(|path| relative_name(&corpus, path))
        .collect();
    trials.push(Trial::test("known-failure list is current", move || {
        check_known_failures(&corpus, &names, &known).map_err(Failed::from)
    }));
    libtest_mimic::run(&arguments, trials).exit();
}

/// The known-failure list: `path reason…` per line, `#` comments and blank lines ignored.
fn known_failures(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let mut known = BTreeMap::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
    {
        let (name, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        known.insert(name.to_string(), reason.trim().to_string());
    }
    Ok(known)
}

/// Runs every listed case; a listed case that passes, or a line naming no case, is an error.
fn check_known_failures(
    corpus: &Path,
    names: &[String],
    known: &BTreeMap<String, String>,
) -> Result<(), String> {
    let mut problems = Vec::new();
    let listed: Vec<&String> = known.keys().collect();
    for name in listed.iter().filter(|name| !names.contains(name)) {
        problems.push(format!(
            "{name}: listed in {KNOWN_FAILURES} but is not a case of the corpus"
        ));
    }
    let runnable: Vec<Case> = listed
        .iter()
        .filter(|name| names.contains(name))
        .map(|name| parse_case(&corpus.join(name.as_str())))
        .filter(|case| case.skip.is_none())
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(2, |count| count.get())
        .max(1);
    let chunk_size = runnable.len().div_ceil(workers).max(1);
    let passing: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = runnable
            .chunks(chunk_size)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter(|case| run_case(case).is_ok())
                        .map(|case| relative_name(corpus, &case.path))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    for name in passing {
        problems.push(format!(
            "{name}: passes now; remove it from the known-failure list ({KNOWN_FAILURES})"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// One case and its expectations (the README's directives).
#[derive(Debug, Default)]
struct Case {
    path: PathBuf,
    stdout: Vec<String>,
    exit: i32,
    errors: Vec<String>,
    args: Vec<String>,
    config: Option<String>,
    check_only: bool,
    skip: Option<String>,
    problems: Vec<String>,
}

/// The file's text decoded as the reference runner does (invalid UTF-8 replaced).
fn read_lossy(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Python's `str.splitlines()`, which the reference runner uses on case files.
fn split_lines(text: &str) -> Vec<&str> {
    let is_break = |ch: char| {
        matches!(
            ch,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if is_break(ch) {
            lines.push(&text[start..index]);
            let mut end = index + ch.len_utf8();
            if ch == '\r' && chars.peek().map(|(_, next)| *next) == Some('\n') {
                chars.next();
                end += 1;
            }
            start = end;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

fn is_case_file(path: &Path) -> bool {
    let Some(text) = read_lossy(path) else {
        return false;
    };
    let lines = split_lines(&text);
    lines.first().is_some_and(|first| first.starts_with("// "))
        && lines.iter().any(|line| line.starts_with("//!"))
}

fn find_cases(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') {
                    pending.push(path);
                }
            } else if name.ends_with(".prism") && is_case_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn relative_name(corpus: &Path, path: &Path) -> String {
    path.strip_prefix(corpus)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn parse_case(path: &Path) -> Case {
    let mut case = Case {
        path: path.to_path_buf(),
        ..Case::default()
    };
    let text = read_lossy(path).unwrap_or_default();
    for (number, line) in split_lines(&text)
        .into_iter()
        .enumerate()
        .map(|(index, line)| (index + 1, line))
    {
        let Some(body) = line.strip_prefix("//!") else {
            continue;
        };
        let body = body.strip_prefix(' ').unwrap_or(body);
        let (name, value) = match body.split_once(':') {
            Some((name, value)) => (name.trim(), value.strip_prefix(' ').unwrap_or(value)),
            None => (body.trim(), ""),
        };
        if !KNOWN_DIRECTIVES.contains(&name) {
            case.problems
                .push(format!("line {number}: unknown directive {name:?}"));
            continue;
        }
        match name {
            "stdout" => case.stdout.push(value.to_string()),
            "exit" => match value.trim().parse() {
                Ok(code) => case.exit = code,
                Err(_) => case
                    .problems
                    .push(format!("line {number}: exit code is not an integer")),
            },
            "error" if value.trim().is_empty() => case
                .problems
                .push(format!("line {number}: empty error code")),
            "error" => case.errors.push(value.trim().to_string()),
            "args" => case
                .args
                .extend(value.split_whitespace().map(str::to_string)),
            "arg" => case.args.push(value.to_string()),
            "config" => case.config = Some(value.trim().to_string()),
            "check-only" => case.check_only = true,
            _ => {
                case.skip = Some(if value.trim().is_empty() {
                    "skipped".into()
                } else {
                    value.trim().into()
                })
            }
        }
    }
    case
}

/// Runs one case; the error lists every difference, as the reference runner prints them.
fn run_case(case: &Case) -> Result<(), String> {
    if !case.problems.is_empty() {
        return Err(case
            .problems
            .iter()
            .map(|problem| format!("malformed case: {problem}"))
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let name = case
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut command = Command::new(env!("CARGO_BIN_EXE_prism"));
    command
        .arg(if case.check_only { "check" } else { "run" })
        .args(["--color", "never"]);
    if let Some(config) = &case.config {
        command.args(["--config", config]);
    }
    command.args(&case.args).arg(&name);
    command.current_dir(case.path.parent().unwrap_or(Path::new(".")));
    for key in SCRUBBED_ENV {
        command.env_remove(key);
    }
    command
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so a timeout can end everything it started.
    command.process_group(0);
    let (status, stdout, stderr) = run_with_timeout(command)?;

    let mut details = Vec::new();
    let code = exit_code(status);
    if code != case.exit {
        details.push(format!("exit code: expected {}, got {code}", case.exit));
    }
    let missing: Vec<String> = case
        .errors
        .iter()
        .filter(|code| !stderr.contains(&format!("[{code}]")))
        .map(|code| format!("[{code}]"))
        .collect();
    if !missing.is_empty() {
        details.push(format!("missing in stderr: {}", missing.join(", ")));
    }
    let expected: String = case.stdout.iter().map(|line| format!("{line}\n")).collect();
    if stdout != expected {
        details.push("stdout differs:".to_string());
        details.push(format!("  expected: {expected:?}"));
        details.push(format!("  actual:   {stdout:?}"));
    }
    if details.is_empty() {
        return Ok(());
    }
    let tail: Vec<&str> = stderr.trim().lines().take(8).collect();
    if !tail.is_empty() {
        details.push("stderr (first lines):".to_string());
        details.extend(tail.iter().map(|line| format!("    {line}")));
    }
    Err(details.join("\n"))
}

/// The status as Python reports it: the exit code, or minus the signal that ended the process.
fn exit_code(status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status
        .code()
        .unwrap_or_else(|| -status.signal().unwrap_or(0))
}

fn run_with_timeout(mut command: Command) -> Result<(ExitStatus, String, String), String> {
    let mut child = command
        .spawn()
        .map_err(|error| format!("could not start prism: {error}"))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + CASE_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let group = format!("-{}", child.id());
                let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s", CASE_TIMEOUT.as_secs()));
            }
            Err(error) => return Err(format!("waiting for prism failed: {error}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok((status, stdout, stderr))
}
