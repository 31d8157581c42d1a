//! Module diagnostics (language §13) through the protocol: the server reads imports from open
//! buffers first, then the disk, and publishes what `prism check` reports with the same files
//! saved (cli §8).

mod support;

use serde_json::json;
use support::{check_with_files_like_the_cli, published_like_the_cli, Client, Setup};

const MAIN: &str = "file:///w/main.prism";
const LIB: &str = "file:///w/lib.prism";
const LIB_TEXT: &str = "export const known = 1\nexport default 2\n";

fn codes(published: &serde_json::Value) -> Vec<String> {
    published
        .as_array()
        .expect("an array")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_import_of_a_missing_module_is_e0501_as_in_prism_check() {
    let mut client = Client::start(Setup::default());
    let text = "import { known } from \"./nowhere\"\nprint(known)\n";
    client.open(MAIN, text);
    let published = client.diagnostics(MAIN, 1);
    assert_eq!(codes(&published), ["E0501"], "{published:#}");
    assert_eq!(
        published_like_the_cli(&published),
        check_with_files_like_the_cli("main.prism", text, &[])
    );
    client.shutdown();
}

#[test]
fn a_name_the_open_module_does_not_export_is_e0502_as_in_prism_check() {
    let mut client = Client::start(Setup::default());
    // Neither file exists on disk: the module is an unsaved buffer.
    client.open(LIB, LIB_TEXT);
    let text = "import d, { known, unknown } from \"./lib\"\nprint(d, known, unknown)\n";
    client.open(MAIN, text);
    let published = client.diagnostics(MAIN, 1);
    assert_eq!(codes(&published), ["E0502"], "{published:#}");
    assert_eq!(
        published_like_the_cli(&published),
        check_with_files_like_the_cli("main.prism", text, &[("lib.prism", LIB_TEXT)])
    );
    client.shutdown();
}

#[test]
fn an_unsaved_buffer_that_exports_the_name_satisfies_the_import_and_edits_to_it_recheck() {
    let mut client = Client::start(Setup::default());
    client.open(LIB, LIB_TEXT);
    let text = "import { known } from \"./lib.prism\"\nprint(known)\n";
    client.open(MAIN, text);
    let published = client.diagnostics(MAIN, 1);
    assert_eq!(published, json!([]));
    assert_eq!(
        check_with_files_like_the_cli("main.prism", text, &[("lib.prism", LIB_TEXT)]),
        Vec::<serde_json::Value>::new()
    );
    // Renaming the export in the module buffer re-checks the importer, unchanged itself.
    let renamed = LIB_TEXT.replace("known", "renamed");
    client.change(LIB, 2, json!([{ "text": renamed }]));
    let republished = client.diagnostics(MAIN, 1);
    assert_eq!(codes(&republished), ["E0502"], "{republished:#}");
    assert_eq!(
        published_like_the_cli(&republished),
        check_with_files_like_the_cli("main.prism", text, &[("lib.prism", &renamed)])
    );
    client.shutdown();
}

#[test]
fn cycles_duplicate_exports_and_standard_modules_match_prism_check() {
    let mut client = Client::start(Setup::default());
    let lib = "import { main } from \"./main\"\nexport const known = main\n";
    client.open(LIB, lib);
    let text = "import { known } from \"./lib\"\nimport { nope } from \"std/patterns\"\n\
                import \"std/unknown\"\nexport const main = 1\nexport { main }\nprint(known, nope)\n";
    client.open(MAIN, text);
    let published = client.diagnostics(MAIN, 1);
    assert_eq!(
        codes(&published),
        ["E0504", "E0502", "E0506", "E0505"],
        "{published:#}"
    );
    assert_eq!(
        published_like_the_cli(&published),
        check_with_files_like_the_cli("main.prism", text, &[("lib.prism", lib)])
    );
    client.shutdown();
}

/// The server reads the document's `prism.toml` (cli §8): its module paths resolve bare
/// specifiers and its Parallax mode defines the legacy globals, as `prism check` does there.
#[test]
fn the_project_settings_of_prism_toml_apply_to_open_documents() {
    let dir = std::env::temp_dir().join(format!("prism-lsp-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("lib")).expect("temp dir");
    let config = "[runtime]\ncompat = \"parallax\"\n[modules]\npaths = [\"lib\"]\n";
    std::fs::write(dir.join("prism.toml"), config).expect("write");
    std::fs::write(dir.join("lib/rules.prism"), "export const limit = 3\n").expect("write");
    let uri = format!("file://{}/main.prism", dir.display());
    let mut client = Client::start(Setup::default());
    client.open(
        &uri,
        "import { limit } from \"rules\"\nprint(limit, agentCount)\n",
    );
    assert_eq!(client.diagnostics(&uri, 1), json!([]));
    // Without the settings `agentCount` is undefined (and module errors wait for it, as in
    // `prism check`): proof that the settings were read.
    std::fs::remove_file(dir.join("prism.toml")).expect("remove");
    let text = "import { limit } from \"rules\"\nprint(limit, agentCount)\n";
    client.change(&uri, 2, json!([{ "text": text }]));
    let published = client.diagnostics(&uri, 2);
    assert_eq!(codes(&published), ["E0301"], "{published:#}");
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// `prism lsp --config PATH` (cli §2.1): the given file is every document's configuration, even
/// for a document whose own directory has no `prism.toml`.
#[test]
fn a_config_given_at_start_applies_to_every_document() {
    let dir = std::env::temp_dir().join(format!("prism-lsp-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("settings")).expect("temp dir");
    let config = dir.join("settings/parallax.toml");
    std::fs::write(&config, "[runtime]\ncompat = \"parallax\"\n").expect("write");
    let uri = format!("file://{}/main.prism", dir.display());
    let text = "print(agentCount)\n";

    let mut configured = Client::start(Setup {
        config: Some(&config),
        ..Setup::default()
    });
    configured.open(&uri, text);
    assert_eq!(configured.diagnostics(&uri, 1), json!([]));
    configured.shutdown();

    // Proof that the setting came from the file given: without it `agentCount` is undefined.
    let mut plain = Client::start(Setup::default());
    plain.open(&uri, text);
    assert_eq!(codes(&plain.diagnostics(&uri, 1)), ["E0301"]);
    plain.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}
