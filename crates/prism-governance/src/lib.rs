//! Governance (runtime §12): a Rego policy (version 1 syntax and semantics) evaluated
//! in-process with the `regorus` interpreter before every checked action.
//!
//! Why a crate of its own: `regorus` is a sizeable dependency that only runs need, so the
//! runtime (and the language server built on it) does not compile it; the runtime sees only its
//! [`Governance`] trait, and the driver passes a [`RegoGovernance`] in `AgentSetup::governance`.
//!
//! [`RegoGovernance::load`] reads and compiles the policy files and data documents when the run
//! starts (`E0708`, `E0710`: compile-time failures). [`Governance::decide`] then interprets the
//! query's value as §12.4 says, fails closed on evaluation errors, writes a `policy` trace event
//! for every evaluation and never denies in `shadow` mode.
#![forbid(unsafe_code)]
// Loading fails at most once per run, with the project's one diagnostic type (a large value).
#![allow(clippy::result_large_err)]

mod decision;

use std::cell::RefCell;
use std::path::Path;

use prism_config::Governance as Settings;
use prism_diagnostics::Diagnostic;
use prism_runtime::agents::governance::{Decision, Governance};
use prism_runtime::trace::events;
use serde_json::Value as Json;

pub use decision::interpret;

/// The configured policy, compiled.
pub struct RegoGovernance {
    engine: RefCell<regorus::Engine>,
    query: String,
    /// The decision when the query is undefined (`default = "allow"`).
    default_allow: bool,
    shadow: bool,
    include_content: bool,
    actions: Vec<String>,
}

impl std::fmt::Debug for RegoGovernance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegoGovernance")
            .field("query", &self.query)
            .field("shadow", &self.shadow)
            .finish_non_exhaustive()
    }
}

impl RegoGovernance {
    /// Reads every policy and data file through `read` and compiles the policy: `E0708` for a
    /// file that cannot be read, `E0710` for a policy (or data document) that does not compile.
    pub fn load(
        settings: &Settings,
        read: &dyn Fn(&Path) -> Result<String, String>,
    ) -> Result<RegoGovernance, Diagnostic> {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        for path in &settings.policy {
            let text = read(path).map_err(|detail| cannot_read(path, &detail))?;
            engine
                .add_policy(path.display().to_string(), text)
                .map_err(|error| failed_to_compile(&error.to_string()))?;
        }
        for path in &settings.data {
            let text = read(path).map_err(|detail| cannot_read(path, &detail))?;
            let data = regorus::Value::from_json_str(&text)
                .map_err(|error| failed_to_compile(&format!("{}: {error}", path.display())))?;
            engine
                .add_data(data)
                .map_err(|error| failed_to_compile(&error.to_string()))?;
        }
        // Compile errors that only show when a query runs (unknown functions, conflicting
        // rules) are found now, before the program starts, with an empty input.
        engine.set_input(regorus::Value::new_object());
        if let Err(error) = engine.eval_query(settings.query.clone(), false) {
            return Err(failed_to_compile(&error.to_string()));
        }
        Ok(RegoGovernance {
            engine: RefCell::new(engine),
            query: settings.query.clone(),
            default_allow: settings.default == "allow",
            shadow: settings.mode == "shadow",
            include_content: settings.include_content,
            actions: settings.actions.clone(),
        })
    }

    /// The query's value for `input`: `Ok(None)` when undefined.
    fn evaluate(&self, input: &Json) -> Result<Option<Json>, String> {
        let input = regorus::Value::from_json_str(&input.to_string()).map_err(|e| e.to_string())?;
        let mut engine = self.engine.borrow_mut();
        engine.set_input(input);
        let results = engine
            .eval_query(self.query.clone(), false)
            .map_err(|error| error.to_string())?;
        let Some(value) = results
            .result
            .first()
            .and_then(|result| result.expressions.first())
            .map(|expression| expression.value.clone())
        else {
            return Ok(None);
        };
        if value == regorus::Value::Undefined {
            return Ok(None);
        }
        let text = value.to_json_str().map_err(|error| error.to_string())?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|error| error.to_string())
    }

    /// Without `include_content`, the prompts, tasks and inputs are withheld (§12.3).
    fn prepare(&self, input: &Json) -> Json {
        let mut input = input.clone();
        if !self.include_content {
            for pointer in [
                "/request/system",
                "/request/messages",
                "/request/task",
                "/run/input",
                "/run/child_input",
            ] {
                if let Some(slot) = input.pointer_mut(pointer) {
                    *slot = Json::Null;
                }
            }
        }
        input
    }
}

impl Governance for RegoGovernance {
    fn decide(&self, input: &Json) -> Decision {
        self.decide_call(None, input)
    }

    fn decide_call(&self, call: Option<&str>, input: &Json) -> Decision {
        let action = input.get("action").and_then(Json::as_str).unwrap_or("");
        if !self.actions.iter().any(|checked| checked == action) {
            return allowed();
        }
        let decision = interpret(self.evaluate(&self.prepare(input)), self.default_allow);
        let target = input
            .pointer("/target/name")
            .and_then(Json::as_str)
            .unwrap_or("");
        events::policy(&events::Policy {
            call,
            action,
            target,
            allow: decision.allow,
            reasons: &decision.reasons,
            audit: decision.audit,
            mode: if self.shadow { "shadow" } else { "enforce" },
        });
        if self.shadow {
            return allowed();
        }
        decision
    }
}

fn allowed() -> Decision {
    Decision {
        allow: true,
        reasons: Vec::new(),
        audit: false,
    }
}

fn cannot_read(path: &Path, detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E0708",
        format!("cannot read '{}': {detail}", path.display()),
    )
}

fn failed_to_compile(detail: &str) -> Diagnostic {
    Diagnostic::error(
        "E0710",
        format!("governance policy failed to compile: {detail}"),
    )
}
