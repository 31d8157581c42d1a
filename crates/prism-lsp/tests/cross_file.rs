//! Definition, references and rename across the files of a project and into the bundled `std/`
//! modules, through the protocol (cli §8). The project lives in a temporary directory: `lib.prism`
//! exports `add`, `main.prism` (open in the editor) imports it and `std/legacy`'s `average`,
//! `other.prism` (only on disk) imports `add` under another name.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use support::{at, position_of, Client, Setup};

const LIB: &str = "/** Adds two numbers. */\nexport function add(a, b) {\n  return a + b\n}\n";
const MAIN: &str = "import { add } from \"./lib\"\nimport { average } from \"std/legacy\"\nlet total = add(1, 2)\nprint(average([total, 4]), add(total, 1))\n";
const OTHER: &str = "import { add as plus } from \"./lib.prism\"\nprint(plus(3, 4))\n";

struct Project {
    root: PathBuf,
}

impl Project {
    fn new(name: &str) -> Project {
        let root = std::env::temp_dir().join(format!("prism-lsp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("a project directory");
        for (file, text) in [
            ("lib.prism", LIB),
            ("main.prism", MAIN),
            ("other.prism", OTHER),
        ] {
            std::fs::write(root.join(file), text).expect("write");
        }
        Project { root }
    }

    fn uri(&self, file: &str) -> String {
        format!("file://{}", self.root.join(file).display())
    }

    fn client(&self) -> Client {
        let client = Client::start(Setup {
            root: Some(&self.root),
            ..Setup::default()
        });
        client.open(&self.uri("main.prism"), MAIN);
        client
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn range_of(text: &str, needle: &str, nth: usize) -> Value {
    let start = position_of(text, needle, nth, 0);
    let end = position_of(text, needle, nth, needle.len());
    json!({ "start": start, "end": end })
}

/// The locations as (file name, range), sorted, for order-free comparison.
fn located(locations: &Value) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = locations
        .as_array()
        .expect("locations")
        .iter()
        .map(|location| {
            let uri = location["uri"].as_str().expect("a uri");
            let file = Path::new(uri)
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            (file, location["range"].clone())
        })
        .collect();
    found.sort_by_key(|(file, range)| (file.clone(), range.to_string()));
    found
}

#[test]
fn definition_follows_imports_into_project_files_and_std_modules() {
    let project = Project::new("definition");
    let mut client = project.client();
    let main = project.uri("main.prism");

    // From a use of an imported name, and from the name in the import: the exporting declaration.
    for position in [
        position_of(MAIN, "add", 1, 1),
        position_of(MAIN, "add", 0, 0),
    ] {
        let definition = client.request("textDocument/definition", at(&main, position));
        assert_eq!(
            definition["uri"],
            project.uri("lib.prism"),
            "{definition:#}"
        );
        assert_eq!(definition["range"], range_of(LIB, "add", 0));
    }

    // Into the bundled module: a real file holding the same source as `std/legacy`.
    let position = position_of(MAIN, "average", 1, 2);
    let definition = client.request("textDocument/definition", at(&main, position));
    let uri = definition["uri"].as_str().expect("a location");
    assert!(uri.ends_with("/legacy.prism"), "{definition:#}");
    let path = uri.strip_prefix("file://").expect("a file uri");
    let source = std::fs::read_to_string(path).expect("the std module is on disk");
    assert_eq!(
        Some(source.as_str()),
        prism_project::std_modules::std_module("legacy")
    );
    assert_eq!(definition["range"], range_of(&source, "average", 0));
    assert!(source.contains("export function average("));
    client.shutdown();
}

#[test]
fn references_of_an_export_cover_every_importing_file() {
    let project = Project::new("references");
    let mut client = project.client();
    let main = project.uri("main.prism");
    let mut params = at(&main, position_of(MAIN, "add", 1, 0));
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params);
    let expected = vec![
        ("lib.prism".to_string(), range_of(LIB, "add", 0)),
        ("main.prism".to_string(), range_of(MAIN, "add", 0)),
        ("main.prism".to_string(), range_of(MAIN, "add", 1)),
        ("main.prism".to_string(), range_of(MAIN, "add", 2)),
        // `add as plus`: the imported name; uses of `plus` are references of another binding.
        ("other.prism".to_string(), range_of(OTHER, "add", 0)),
    ];
    let mut expected = expected;
    expected.sort_by_key(|(file, range)| (file.clone(), range.to_string()));
    assert_eq!(located(&references), expected);

    // References of a std export: the declaration in the bundled module and this file's uses.
    let mut params = at(&main, position_of(MAIN, "average", 1, 0));
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params);
    let found = located(&references);
    let in_main: Vec<&Value> = found
        .iter()
        .filter(|(file, _)| file == "main.prism")
        .map(|(_, range)| range)
        .collect();
    assert_eq!(
        in_main,
        [&range_of(MAIN, "average", 0), &range_of(MAIN, "average", 1)]
    );
    assert!(
        found.iter().any(|(file, _)| file == "legacy.prism"),
        "{found:?}"
    );
    client.shutdown();
}

#[test]
fn renaming_an_export_edits_every_importer_and_std_imports_rename_locally() {
    let project = Project::new("rename");
    let mut client = project.client();
    let lib = project.uri("lib.prism");
    client.open(&lib, LIB);
    let mut params = at(&lib, position_of(LIB, "add", 0, 1));
    params["newName"] = json!("combine");
    let edit = client.request("textDocument/rename", params);
    let changes = &edit["changes"];
    let texts = |uri: &str| -> Vec<(Value, String)> {
        let mut edits: Vec<(Value, String)> = changes[uri]
            .as_array()
            .unwrap_or_else(|| panic!("edits for {uri}: {edit:#}"))
            .iter()
            .map(|edit| {
                (
                    edit["range"].clone(),
                    edit["newText"].as_str().expect("text").to_string(),
                )
            })
            .collect();
        edits.sort_by_key(|(range, _)| range.to_string());
        edits
    };
    assert_eq!(
        texts(&lib),
        [(range_of(LIB, "add", 0), "combine".to_string())]
    );
    let mut in_main: Vec<(Value, String)> = (0..3)
        .map(|nth| (range_of(MAIN, "add", nth), "combine".to_string()))
        .collect();
    in_main.sort_by_key(|(range, _)| range.to_string());
    assert_eq!(texts(&project.uri("main.prism")), in_main);
    assert_eq!(
        texts(&project.uri("other.prism")),
        [(range_of(OTHER, "add", 0), "combine".to_string())]
    );
    assert_eq!(changes.as_object().expect("changes").len(), 3, "{edit:#}");

    // A name imported from a bundled module is renamed in this file only (the module is the
    // toolchain's), keeping the imported name.
    let main = project.uri("main.prism");
    let mut params = at(&main, position_of(MAIN, "average", 1, 0));
    params["newName"] = json!("avg");
    let edit = client.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.keys().collect::<Vec<_>>(), [&main], "{edit:#}");
    let mut renamed = MAIN.to_string();
    let mut edits: Vec<(u64, u64, String)> = changes[&main]
        .as_array()
        .expect("edits")
        .iter()
        .map(|edit| {
            let start = &edit["range"]["start"];
            (
                start["line"].as_u64().expect("line"),
                start["character"].as_u64().expect("character"),
                edit["newText"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    edits.sort();
    assert_eq!(edits.len(), 2, "{edits:?}");
    // Apply back to front (each edit replaces one `average`).
    for (line, character, text) in edits.into_iter().rev() {
        let line_start: usize = renamed
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let start = line_start + character as usize;
        renamed.replace_range(start..start + "average".len(), &text);
    }
    assert_eq!(
        renamed,
        MAIN.replace("import { average }", "import { average as avg }")
            .replace("print(average(", "print(avg(")
    );
    client.shutdown();
}
