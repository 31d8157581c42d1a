//! Ctrl-C (SIGINT) during `prism run` (cli §2.3, §4.2): the run is cancelled and ends with the
//! uncatchable `R0812`, exit code 130 — whether the program is computing or waiting.
#![cfg(unix)]

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `prism run -e CODE`, interrupts it after `after`, and returns (exit code, stdout,
/// stderr).
fn interrupt_run(code: &str, after: Duration) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(["run", "-e", code])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prism starts");
    std::thread::sleep(after);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -INT failed");
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("prism did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        pipe.read_to_string(&mut stdout).expect("stdout");
    }
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("stderr");
    }
    (exit.code(), stdout, stderr)
}

#[test]
fn ctrl_c_stops_a_busy_loop_with_r0812_and_exit_130() {
    let (code, stdout, stderr) = interrupt_run(
        "let n = 0\ntry { while (true) { n = n + 1 } } catch (e) { print(\"caught\") }",
        Duration::from_millis(500),
    );
    assert_eq!(code, Some(130), "stderr: {stderr}");
    assert!(stderr.contains("error[R0812]: interrupted"), "{stderr}");
    assert_eq!(stdout, "", "R0812 is not catchable");
}

#[test]
fn ctrl_c_stops_a_run_waiting_on_the_real_clock() {
    let (code, _, stderr) =
        interrupt_run("await sleep(600000)\nprint(1)", Duration::from_millis(500));
    assert_eq!(code, Some(130), "stderr: {stderr}");
    assert!(stderr.contains("R0812"), "{stderr}");
}
