//! Pattern headers (runtime §3): the first doc comment of a file, its tags, their diagnostics
//! (§3.3), the `header` object of `prism check --format json` (cli §5) and the `pattern` binding
//! (§3.5).

mod check;
pub mod locate;
pub mod tags;

use prism_diagnostics::Diagnostic;
use prism_span::{FileId, Span};
use serde_json::{json, Map, Value as Json};

pub use check::{is_semver, KNOWN_TAGS};
pub use locate::find_header;

/// The default `@version` (runtime §3.2).
pub const DEFAULT_VERSION: &str = "1.0.0";

/// How `selectedAgents` is ordered (runtime §3.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Registry,
    Expertise,
    HistoricalConfidence,
}

impl SortBy {
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Registry => "registry",
            SortBy::Expertise => "expertise",
            SortBy::HistoricalConfidence => "historicalConfidence",
        }
    }

    pub fn parse(text: &str) -> Option<SortBy> {
        match text {
            "registry" => Some(SortBy::Registry),
            "expertise" => Some(SortBy::Expertise),
            "historicalConfidence" => Some(SortBy::HistoricalConfidence),
            _ => None,
        }
    }
}

/// Agent requirements: `@agents` with the `@minAgents`/`@maxAgents` overrides (runtime §3.2).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Requirements {
    pub capabilities: Vec<String>,
    /// `None` when not given: 0 normally, 1 in Parallax mode with `@agents` (runtime §15.2).
    pub min_agents: Option<u64>,
    pub max_agents: Option<u64>,
    pub min_confidence: Option<f64>,
    pub sort_by: SortBy,
    /// Whether an `@agents` tag was present (as opposed to only `@minAgents`/`@maxAgents`).
    pub from_agents_tag: bool,
}

impl Requirements {
    /// `minAgents` with its default: 0, or 1 in Parallax mode when `@agents` gave none.
    pub fn min_agents_or_default(&self, parallax: bool) -> u64 {
        self.min_agents
            .unwrap_or(if parallax && self.from_agents_tag {
                1
            } else {
                0
            })
    }

    /// Reads the query of `agents.select(query)` (runtime §5.3): an object with the keys of
    /// `pattern.requirements`, or an array of strings as shorthand for `{ capabilities }`. `null`
    /// values mean "not given". The error names the offending key for the runtime's message.
    pub fn from_query(query: &Json) -> Result<Requirements, String> {
        let mut out = Requirements::default();
        let object = match query {
            Json::Array(_) => {
                out.capabilities = strings(query).ok_or("query must be an array of strings")?;
                return Ok(out);
            }
            Json::Object(object) => object,
            _ => return Err("query must be an object or an array of strings".to_owned()),
        };
        for (key, value) in object.iter().filter(|(_, value)| !value.is_null()) {
            let count = || {
                value
                    .as_u64()
                    .ok_or(format!("'{key}' must be an integer ≥ 0"))
            };
            match key.as_str() {
                "capabilities" => {
                    out.capabilities =
                        strings(value).ok_or("'capabilities' must be an array of strings")?
                }
                "minAgents" => out.min_agents = Some(count()?),
                "maxAgents" => out.max_agents = Some(count()?),
                "minConfidence" => {
                    let confidence = value.as_f64().filter(|c| (0.0..=1.0).contains(c));
                    out.min_confidence =
                        Some(confidence.ok_or("'minConfidence' must be a number in [0, 1]")?);
                }
                "sortBy" => {
                    let sort = value.as_str().and_then(SortBy::parse);
                    out.sort_by = sort.ok_or(
                        "'sortBy' must be \"registry\", \"expertise\" or \"historicalConfidence\"",
                    )?;
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// The object of runtime §3.5 (`pattern.requirements`), defaults applied.
    pub fn to_json(&self, parallax: bool) -> Json {
        json!({
            "capabilities": self.capabilities,
            "minAgents": self.min_agents_or_default(parallax),
            "maxAgents": self.max_agents,
            "minConfidence": self.min_confidence,
            "sortBy": self.sort_by.as_str(),
        })
    }
}

fn strings(value: &Json) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

/// A parsed header. Fields are `None` when their tag is absent or invalid (an invalid tag has
/// already been reported, and the file does not run).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Header {
    /// The span of the whole comment.
    pub span: Span,
    /// The lines before the first tag, joined with line feeds.
    pub summary: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// The `@input` schema (runtime §4.3).
    pub input: Option<Json>,
    pub requirements: Option<Requirements>,
    /// `@timeout`, the run deadline in ms (overridden by `--timeout`, cli §4.1).
    pub timeout: Option<u64>,
    /// Every tag's parsed value in header order (runtime §3.5 `tags`).
    pub tags: Map<String, Json>,
}

/// The header of one file and its diagnostics (`E06xx`, `W06xx`, runtime §3.3).
#[derive(Clone, Debug)]
pub struct HeaderResult {
    pub header: Option<Header>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the header of `source` (registered as `file`). Every file with a header gets its
/// diagnostics, modules included (runtime §3.3).
pub fn read_header(source: &str, file: FileId) -> HeaderResult {
    let Some(span) = find_header(source) else {
        return HeaderResult {
            header: None,
            diagnostics: Vec::new(),
        };
    };
    let raw = tags::split_header(source, span);
    let mut diagnostics = Vec::new();
    let header = check::check_header(raw, span, source, file, &mut diagnostics);
    HeaderResult {
        header: Some(header),
        diagnostics,
    }
}

/// The pattern name of a file without `@name`: its file name without `.prism` (runtime §3.2).
pub fn default_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.strip_suffix(".prism").unwrap_or(base).to_owned()
}

impl Header {
    /// The pattern name: `@name`, else the file name without `.prism`.
    pub fn name_or_default(&self, file_name: &str) -> String {
        self.name.clone().unwrap_or_else(|| default_name(file_name))
    }

    /// `@description`, else the summary, else `None`.
    pub fn description_or_summary(&self) -> Option<String> {
        self.description
            .clone()
            .or_else(|| (!self.summary.is_empty()).then(|| self.summary.clone()))
    }

    /// The `header` object of `prism check --format json` (cli §5): `name`, `version`,
    /// `description`, `input`, `requirements`, `timeout`, `tags`, defaults applied.
    pub fn to_json(&self, file_name: &str) -> Json {
        self.fields(file_name, false)
    }

    fn fields(&self, file_name: &str, parallax: bool) -> Json {
        json!({
            "name": self.name_or_default(file_name),
            "version": self.version.as_deref().unwrap_or(DEFAULT_VERSION),
            "description": self.description_or_summary(),
            "input": self.input,
            "requirements": self.requirements.as_ref().map(|r| r.to_json(parallax)),
            "timeout": self.timeout,
            "tags": self.tags,
        })
    }
}

/// Where a pattern runs: the values of `pattern` that do not come from the header (runtime §3.5).
#[derive(Clone, Debug, PartialEq)]
pub struct PatternPlace {
    /// The file path relative to the project root, with `/` separators.
    pub file: String,
    /// The node id, `ORG_1` for the root (runtime §11.6).
    pub node: String,
    pub depth: u64,
    /// The selected agents as the runtime wants them exposed (names, or agent values converted
    /// by the driver afterwards).
    pub selected_agents: Vec<Json>,
    pub parallax: bool,
}

/// The value of the `pattern` binding (runtime §3.5) as JSON, keys in the order of §3.5. For a
/// file without a header, `name` is the file name, `version` `"1.0.0"`, the other header fields
/// `null` and `tags` `{}`. The driver converts it to a read-only runtime object (and replaces the
/// `selectedAgents` entries by agent values).
pub fn pattern_binding(header: Option<&Header>, place: &PatternPlace) -> Json {
    let default = Header::default();
    let fields = header
        .unwrap_or(&default)
        .fields(&place.file, place.parallax);
    let mut object = match fields {
        Json::Object(object) => object,
        _ => Map::new(),
    };
    object.insert("file".to_owned(), Json::from(place.file.clone()));
    object.insert("node".to_owned(), Json::from(place.node.clone()));
    object.insert("depth".to_owned(), Json::from(place.depth));
    object.insert(
        "selectedAgents".to_owned(),
        Json::Array(place.selected_agents.clone()),
    );
    Json::Object(object)
}
