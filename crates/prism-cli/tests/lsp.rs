//! `prism lsp` through the binary (cli §8): the protocol over standard input and output, a
//! diagnostic for an opened document, and a clean exit after `shutdown`. The features themselves
//! are tested in-process in crates/prism-lsp.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

fn send(stdin: &mut ChildStdin, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
    stdin.flush().expect("flush");
}

fn receive(stdout: &mut BufReader<ChildStdout>) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("header");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    stdout.read_exact(&mut body).expect("body");
    serde_json::from_slice(&body).expect("json")
}

/// Reads messages until one satisfies `wanted`.
fn receive_until(stdout: &mut BufReader<ChildStdout>, wanted: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..50 {
        let message = receive(stdout);
        if wanted(&message) {
            return message;
        }
    }
    panic!("the expected message never came");
}

fn start() -> (Child, ChildStdin, BufReader<ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("prism lsp starts");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    (child, stdin, stdout)
}

#[test]
fn prism_lsp_answers_initialize_publishes_diagnostics_and_exits_cleanly() {
    let (mut child, mut stdin, mut stdout) = start();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    let initialized = receive_until(&mut stdout, |message| message["id"] == 1);
    let capabilities = &initialized["result"]["capabilities"];
    assert!(
        capabilities["hoverProvider"] != Value::Null,
        "{initialized}"
    );
    assert!(
        capabilities["definitionProvider"] != Value::Null,
        "{initialized}"
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///tmp/lsp-cli-test.prism", "languageId": "prism", "version": 1,
            "text": "let score = 1\nprint(scroe)\n"}}}),
    );
    let published = receive_until(&mut stdout, |message| {
        message["method"] == "textDocument/publishDiagnostics"
    });
    let diagnostics = published["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert_eq!(diagnostics[0]["code"], "E0301");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 1);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    receive_until(&mut stdout, |message| message["id"] == 2);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    let status = child.wait().expect("exit");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn prism_lsp_rejects_unknown_options() {
    let output = Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(["lsp", "--tcp"])
        .output()
        .expect("prism runs");
    assert_eq!(output.status.code(), Some(64));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("usage: prism lsp [--stdio]"), "{stderr}");
}
