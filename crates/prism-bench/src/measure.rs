//! Timing child processes: wall time of whole runs (start-up, compilation and execution, as a user
//! sees them), medians over several runs, and peak memory through `/usr/bin/time`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished run of a command.
pub struct Run {
    pub wall: Duration,
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

pub fn run(program: &Path, args: &[&str]) -> Result<Run, String> {
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot start {}: {error}", program.display()))?;
    Ok(Run {
        wall: started.elapsed(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        success: output.status.success(),
    })
}

/// Runs the command `times` times; the median wall time and the output of the first run.
pub fn median_of(program: &Path, args: &[&str], times: usize) -> Result<(Duration, Run), String> {
    let first = run(program, args)?;
    let mut walls = vec![first.wall];
    for _ in 1..times.max(1) {
        walls.push(run(program, args)?.wall);
    }
    Ok((median(&mut walls), first))
}

pub fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    match values.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2,
    }
}

/// Peak resident memory of one run, in kilobytes, as GNU time's `%M` reports it.
pub fn peak_rss_kb(program: &Path, args: &[&str]) -> Result<u64, String> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Err("/usr/bin/time is not installed (apt-get install -y time)".into());
    }
    let mut full = vec!["-f", "peak-rss-kb=%M"];
    let program = program.to_string_lossy().into_owned();
    full.push(&program);
    full.extend_from_slice(args);
    let result = run(time, &full)?;
    result
        .stderr
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("peak-rss-kb="))
        .and_then(|kb| kb.trim().parse().ok())
        .ok_or_else(|| {
            format!(
                "no peak RSS in the output of time: {}",
                result.stderr.trim()
            )
        })
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(
            median(&mut [ms(4), ms(1), ms(2), ms(3)]),
            Duration::from_micros(2500)
        );
        assert_eq!(median(&mut []), Duration::ZERO);
    }
}
