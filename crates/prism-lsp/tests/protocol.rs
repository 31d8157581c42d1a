//! Every feature of the cli §8 table through the protocol: open a document, edit it incrementally,
//! ask, and compare with reviewed snapshots. Positions are utf-16 unless the test negotiates utf-8;
//! the document has non-ASCII text (an emoji) before identifiers so the two encodings differ.

mod support;

use serde_json::{json, Value};
use support::{at, position_of, Client, Setup};

const URI: &str = "file:///w/review.prism";

/// The document after the incremental edit of [`open_and_edit`].
const EDITED: &str = r#"/** How sure we must be. */
const threshold = 0.7
/** Scores a review. */
function score(text, weight) {
  return text.length * weight
}
let note = "🙂 fine"; let verdict = score(note.trim(), 2) ~> 0.8
agents {
  reviewer: { provider: "mock" }
}
uncertain if (verdict > threshold) {
  high {
    print(verdict)
  }
  low {
    print(-verdict ** 2)
  }
}
"#;

/// Opens the document with `score(note, 1)` and a misspelt `vrdict`, then fixes both with
/// incremental edits (the second edit's range is in utf-16, after the emoji).
fn open_and_edit(client: &mut Client) {
    let original = EDITED
        .replace("score(note.trim(), 2)", "score(note.trim(), 1)")
        .replace("print(verdict)", "print(vrdict)");
    client.open(URI, &original);
    let first = client.diagnostics(URI, 1);
    let codes: Vec<&Value> = first
        .as_array()
        .expect("array")
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert!(codes.contains(&&json!("E0301")), "{first:#}");
    let typo = position_of(&original, "vrdict", 0, 0);
    let one = position_of(&original, "1) ~>", 0, 0);
    let edit = |start: &Value, length: u64, text: &str| {
        let mut end = start.clone();
        end["character"] = json!(start["character"].as_u64().expect("a column") + length);
        json!({ "range": { "start": start, "end": end }, "text": text })
    };
    client.change(
        URI,
        2,
        json!([edit(&typo, 6, "verdict"), edit(&one, 1, "2")]),
    );
}

fn started() -> Client {
    let mut client = Client::start(Setup::default());
    open_and_edit(&mut client);
    client
}

#[test]
fn initialize_negotiates_the_encoding_and_lists_the_legend() {
    let utf16 = Client::start(Setup::default());
    let capabilities = &utf16.initialize_result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert!(capabilities.get("inlayHintProvider").is_none());
    insta::assert_json_snapshot!(utf16.initialize_result);
    assert_eq!(utf16.shutdown(), 0);

    let utf8 = Client::start(Setup {
        utf8: true,
        inlay_hints: true,
        ..Setup::default()
    });
    let capabilities = &utf8.initialize_result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-8");
    assert_eq!(capabilities["inlayHintProvider"], true);
    assert_eq!(utf8.shutdown(), 0);
}

#[test]
fn diagnostics_are_those_of_prism_check_after_incremental_edits() {
    let mut client = started();
    let published = client.diagnostics(URI, 2);
    assert_eq!(
        support::published_like_the_cli(&published),
        support::check_like_the_cli("review.prism", EDITED)
    );
    insta::assert_json_snapshot!(published);
    // A full replacement is checked too.
    client.change(URI, 3, json!([{ "text": "let x = \n" }]));
    let broken = client.diagnostics(URI, 3);
    assert_eq!(
        support::published_like_the_cli(&broken),
        support::check_like_the_cli("review.prism", "let x = \n")
    );
    assert_eq!(broken[0]["code"], "E0201", "{broken:#}");
    client.shutdown();
}

#[test]
fn hover_definition_references_and_rename_in_one_file() {
    let mut client = started();
    let verdict = position_of(EDITED, "verdict", 2, 1);
    let hover = client.request("textDocument/hover", at(URI, verdict.clone()));
    insta::assert_json_snapshot!("hover", hover);
    let definition = client.request("textDocument/definition", at(URI, verdict.clone()));
    assert_eq!(
        definition["range"]["start"],
        position_of(EDITED, "verdict", 0, 0)
    );
    // utf-16: `verdict` follows the emoji (two code units) on line 6.
    assert_eq!(
        definition["range"]["start"],
        json!({ "line": 6, "character": 26 })
    );
    let mut params = at(URI, verdict.clone());
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params);
    insta::assert_json_snapshot!("references", references);
    let prepared = client.request("textDocument/prepareRename", at(URI, verdict.clone()));
    assert_eq!(prepared["start"], position_of(EDITED, "verdict", 2, 0));
    let mut params = at(URI, verdict);
    params["newName"] = json!("outcome");
    let rename = client.request("textDocument/rename", params);
    insta::assert_json_snapshot!("rename", rename);
    // Builtins cannot be renamed.
    let mut params = at(URI, position_of(EDITED, "print", 0, 1));
    params["newName"] = json!("show");
    let id = client.send_request("textDocument/rename", params);
    let refused = client.response(&id).response_result.expect_err("refused");
    assert!(refused.message.contains("print"), "{refused:?}");
    // LSP 3.17: a well-formed request the server declines is `RequestFailed`, not `InvalidRequest`.
    assert_eq!(refused.code, lsp_server::ErrorCode::RequestFailed as i32);
    client.shutdown();
}

#[test]
fn completion_and_signature_help() {
    let mut client = started();
    // Members of a string after `note.`.
    let members = client.request(
        "textDocument/completion",
        at(URI, position_of(EDITED, "note.trim", 0, 5)),
    );
    let labels: Vec<&str> = members
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"length") && labels.contains(&"toUpperCase"),
        "{labels:?}"
    );
    // Names in scope at the start of an empty line inside the `high` branch.
    let scope = client.request(
        "textDocument/completion",
        at(URI, position_of(EDITED, "print(verdict)", 0, 0)),
    );
    let labels: Vec<&str> = scope
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["label"].as_str())
        .collect();
    for expected in ["verdict", "threshold", "score", "reviewer", "print", "let"] {
        assert!(
            labels.contains(&expected),
            "{expected} missing from {labels:?}"
        );
    }
    let first: Vec<&Value> = scope.as_array().expect("items").iter().take(4).collect();
    insta::assert_json_snapshot!("completion_first_items", first);
    let help = client.request(
        "textDocument/signatureHelp",
        at(URI, position_of(EDITED, "score(note.trim(), 2)", 0, 19)),
    );
    insta::assert_json_snapshot!("signature_help", help);
    assert_eq!(help["activeParameter"], 1);
    client.shutdown();
}

#[test]
fn symbols_formatting_semantic_tokens_and_code_actions() {
    let mut client = started();
    let document = json!({ "textDocument": { "uri": URI } });
    let symbols = client.request("textDocument/documentSymbol", document.clone());
    insta::assert_json_snapshot!("symbols", symbols);
    let mut params = document.clone();
    params["options"] = json!({ "tabSize": 2, "insertSpaces": true });
    let formatting = client.request("textDocument/formatting", params);
    let formatted = prism_fmt::format(EDITED).expect("formats");
    assert_eq!(formatting[0]["newText"], formatted);
    assert_eq!(
        formatting[0]["range"]["end"],
        json!({ "line": 18, "character": 0 })
    );
    let tokens = client.request("textDocument/semanticTokens/full", document);
    insta::assert_json_snapshot!("semantic_tokens", decode_tokens(&client, &tokens));
    // The W0410 fix for `-verdict ** 2`.
    let power = position_of(EDITED, "-verdict", 0, 0);
    let params = json!({
        "textDocument": { "uri": URI },
        "range": { "start": power, "end": power },
        "context": { "diagnostics": [] },
    });
    let actions = client.request("textDocument/codeAction", params);
    insta::assert_json_snapshot!("code_actions", actions);
    client.shutdown();
}

/// `[line, column, length, type name, modifier bits]` per token, absolute.
fn decode_tokens(client: &Client, tokens: &Value) -> Vec<String> {
    let legend = &client.initialize_result["capabilities"]["semanticTokensProvider"]["legend"];
    let data = tokens["data"].as_array().expect("data");
    let (mut line, mut column) = (0, 0);
    data.chunks(5)
        .map(|token| {
            let number = |index: usize| token[index].as_u64().expect("a number");
            if number(0) > 0 {
                column = 0;
            }
            line += number(0);
            column += number(1);
            let kind = legend["tokenTypes"][number(3) as usize]
                .as_str()
                .expect("a type");
            format!(
                "{line}:{column} len {} {kind} mods {}",
                number(2),
                number(4)
            )
        })
        .collect()
}

#[test]
fn inlay_hints_only_when_the_client_asks() {
    let mut client = Client::start(Setup {
        inlay_hints: true,
        ..Setup::default()
    });
    open_and_edit(&mut client);
    let params = json!({
        "textDocument": { "uri": URI },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 18, "character": 0 } },
    });
    let hints = client.request("textDocument/inlayHint", params);
    insta::assert_json_snapshot!("inlay_hints", hints);
    client.shutdown();
}

#[test]
fn utf8_positions_count_bytes() {
    let mut client = Client::start(Setup {
        utf8: true,
        ..Setup::default()
    });
    // The edits of `open_and_edit` are written in utf-16; here the text is opened as it is.
    client.open(URI, EDITED);
    // In utf-8 `verdict` on line 6 starts after the emoji's four bytes (two utf-16 units).
    let use_site = json!({ "line": 12, "character": 11 });
    let definition = client.request("textDocument/definition", at(URI, use_site));
    assert_eq!(
        definition["range"]["start"],
        json!({ "line": 6, "character": 28 })
    );
    let hover = client.request(
        "textDocument/hover",
        at(URI, json!({ "line": 6, "character": 30 })),
    );
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 6, "character": 28 })
    );
    client.shutdown();
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let mut client = started();
    let id = client.send_request("textDocument/hover", json!({ "nonsense": true }));
    let error = client
        .response(&id)
        .response_result
        .expect_err("invalid params");
    assert_eq!(error.code, -32602);
    let id = client.send_request("textDocument/unknown", json!({}));
    assert_eq!(
        client
            .response(&id)
            .response_result
            .expect_err("unknown")
            .code,
        -32601
    );
    let id = client.send_request(
        "textDocument/hover",
        at(
            "file:///w/not-open.prism",
            json!({ "line": 0, "character": 0 }),
        ),
    );
    assert!(client.response(&id).response_result.is_err());
    let hover = client.request(
        "textDocument/hover",
        at(URI, position_of(EDITED, "score(", 1, 1)),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .is_some_and(|text| text.contains("score")));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let (client, server) = lsp_server::Connection::memory();
    let handle =
        std::thread::spawn(move || prism_lsp::serve(server, prism_lsp::Options::default()));
    let exit = lsp_server::Notification::new("exit".into(), Value::Null);
    client.sender.send(exit.into()).expect("listening");
    assert_eq!(handle.join().expect("ends"), 1);
}

/// An isolated edit is checked at once; a burst of edits is checked after a pause of the debounce.
/// The burst is bounded from below only; the isolated edit from above by the whole debounce.
#[test]
fn an_isolated_edit_is_checked_at_once_and_a_burst_after_a_pause() {
    let debounce = std::time::Duration::from_secs(2);
    let mut client = Client::start(Setup {
        debounce,
        ..Setup::default()
    });
    let uri = "file:///debounce.prism";
    client.open(uri, "let a = 1\n");
    client.diagnostics(uri, 1);
    // Long after the opening: this edit is isolated and must not wait for the debounce.
    std::thread::sleep(debounce);
    let isolated = std::time::Instant::now();
    client.change(uri, 2, json!([{ "text": "let a = \n" }]));
    assert_eq!(client.diagnostics(uri, 2).as_array().map(Vec::len), Some(1));
    let isolated = isolated.elapsed();
    // Two more edits at once: the second is in a burst, so it waits for the pause.
    let burst = std::time::Instant::now();
    client.change(uri, 3, json!([{ "text": "let a = 3\n" }]));
    client.change(uri, 4, json!([{ "text": "let a = 4\n" }]));
    assert_eq!(client.diagnostics(uri, 4), json!([]));
    assert!(
        burst.elapsed() >= debounce,
        "the burst was checked before the pause"
    );
    // With the old trailing-only debounce this was at least `debounce`; checking a one-line file
    // takes milliseconds, so even a loaded machine stays far below it.
    assert!(isolated < debounce, "the isolated edit waited like a burst");
}
