//! Steps 2, 5 and 6 of the run lifecycle (runtime §1.2): the main file's header (§3), the input
//! prepared against `@input` (§4.3), agent selection (§3.6) and the `pattern` host binding (§3.5).
//! A failure here is a compile-time failure (exit code 2).

use std::path::Path;

use prism_config::header::{pattern_binding, read_header, Header, PatternPlace};
use prism_config::input::prepare_input;
use prism_config::selection::check_min_agents;
use prism_diagnostics::Diagnostic;
use prism_runtime::{ObjectData, Value};
use prism_span::{FileId, SourceMap};

use crate::run_host::from_json;

/// The node id of the root pattern (runtime §11.6).
const ROOT_NODE: &str = "ORG_1";

/// Reads the header of `file` (step 2); its `E06xx`/`W06xx` diagnostics go to `diagnostics`.
pub(crate) fn read_file_header(
    files: &SourceMap,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Header> {
    let result = read_header(files.text(file), file);
    diagnostics.extend(result.diagnostics);
    result.header
}

/// The values of the host scope of the main program: `input` and `pattern`.
pub(crate) struct HostScope {
    pub input: Value,
    pub pattern: Value,
}

/// Steps 5 and 6, after the agents are registered: the input with the schema's defaults applied
/// and validated (`E0803`), the selected agents (`E0804`) and the `pattern` object. `file` is the
/// main file's path relative to the project root.
pub(crate) fn host_scope(
    header: Option<&Header>,
    input: Option<serde_json::Value>,
    file: String,
) -> Result<HostScope, Box<Diagnostic>> {
    let schema = header.and_then(|header| header.input.as_ref());
    let input = prepare_input(input, schema).map_err(|violation| violation.to_diagnostic())?;
    let requirements = header.and_then(|header| header.requirements.as_ref());
    let selected = prism_runtime::agents::selected_agents(requirements);
    let name = header.map_or_else(
        || prism_config::header::default_name(&file),
        |header| header.name_or_default(&file),
    );
    check_min_agents(&name, requirements, selected.len(), false)?;
    let place = PatternPlace {
        file,
        node: ROOT_NODE.to_owned(),
        depth: 0,
        selected_agents: Vec::new(),
        parallax: false,
    };
    let mut data = ObjectData::new();
    if let serde_json::Value::Object(fields) = pattern_binding(header, &place) {
        for (key, value) in &fields {
            data.insert(key.as_str(), from_json(value));
        }
    }
    data.insert("selectedAgents", Value::array(selected));
    data.read_only = Some("pattern".into());
    let pattern = Value::object(data);
    Ok(HostScope {
        input: from_json(&input),
        pattern,
    })
}

/// The path of the main file relative to the project root, with `/` separators (runtime §3.5);
/// absolute when it lies outside the root.
pub(crate) fn relative_file(path: &Path, root: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    crate::loader::display_path(&cwd.join(path), &cwd.join(root))
}
