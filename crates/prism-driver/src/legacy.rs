//! The legacy Parallax mode (runtime §15): before the script runs, every selected agent is called
//! once (§15.3) and the answers become the host names `agentResults`, `successfulResults`, … of
//! §15.4. Those names are bound when the program is loaded, so `agentResults` and
//! `successfulResults` are arrays created empty and filled by the prologue: a runner-compiled
//! program that the pattern file depends on, so it runs in the main task before the pattern's
//! own code, where the calls can suspend like any call (language §14). No source text of the
//! user's is generated; the values are real Prism values.

use std::cell::RefCell;

use prism_runtime::builtins::{Args, Builtin, Machine, Mode};
use prism_runtime::ops::get_member;
use prism_runtime::{Inner, ObjectData, Thrown, Value};

/// The host name the prologue program calls.
pub(crate) const PROLOGUE: &str = "__prismParallaxCalls";

/// The prologue's source.
pub(crate) const PROLOGUE_SOURCE: &str = "__prismParallaxCalls()\n";

/// The Parallax host scope of one run (runtime §15.4).
#[derive(Clone)]
pub(crate) struct ParallaxScope {
    pub agent_results: Value,
    pub successful_results: Value,
    pub agent_count: Value,
    pub agent_list: Value,
    pub workspace: Value,
}

impl ParallaxScope {
    /// The value of a Parallax host name.
    pub(crate) fn global(&self, name: &str) -> Option<Value> {
        Some(match name {
            "agentResults" => self.agent_results.clone(),
            "successfulResults" => self.successful_results.clone(),
            "agentCount" => self.agent_count.clone(),
            "agentList" => self.agent_list.clone(),
            "workspace" => self.workspace.clone(),
            PROLOGUE => Value::from_inner(Inner::Builtin(&PROLOGUE_BUILTIN)),
            _ => return crate::legacy_helpers::helper_value(name),
        })
    }
}

/// What the prologue needs: the selected agents and the call's inputs.
struct Calls {
    agents: Vec<Value>,
    input: Value,
    timeout_ms: u64,
    min_confidence: Option<f64>,
    scope: ParallaxScope,
}

thread_local! {
    static CALLS: RefCell<Option<Calls>> = const { RefCell::new(None) };
}

/// Builds the scope of §15.4 for `agents` (selection order) and prepares the prologue.
pub(crate) fn prepare(
    agents: Vec<Value>,
    input: &Value,
    timeout_ms: u64,
    min_confidence: Option<f64>,
) -> ParallaxScope {
    let agent_list = agents
        .iter()
        .map(|agent| {
            let metadata = property(agent, "metadata");
            let historical = metadata
                .as_object()
                .and_then(|object| object.borrow().get("historicalConfidence").cloned())
                .unwrap_or(Value::NULL);
            Value::object_from([
                ("id", property(agent, "name")),
                ("name", property(agent, "displayName")),
                ("capabilities", property(agent, "capabilities")),
                ("expertise", expertise(agent)),
                ("historicalConfidence", historical),
            ])
        })
        .collect();
    let scope = ParallaxScope {
        agent_results: Value::array(Vec::new()),
        successful_results: Value::array(Vec::new()),
        agent_count: Value::number(agents.len() as f64),
        agent_list: Value::array(agent_list),
        workspace: input_key(input, "workspace").unwrap_or(Value::NULL),
    };
    CALLS.with(|calls| {
        *calls.borrow_mut() = Some(Calls {
            agents,
            input: input.clone(),
            timeout_ms,
            min_confidence,
            scope: scope.clone(),
        });
    });
    scope
}

/// Forgets the run's prologue state.
pub(crate) fn finish() {
    CALLS.with(|calls| *calls.borrow_mut() = None);
}

fn property(agent: &Value, key: &str) -> Value {
    get_member(agent, key).unwrap_or(Value::NULL)
}

fn expertise(agent: &Value) -> Value {
    let value = property(agent, "expertise");
    if value.is_null() {
        Value::number(0.7)
    } else {
        value
    }
}

/// `input[key]` when `input` is an object that has it.
fn input_key(input: &Value, key: &str) -> Option<Value> {
    input.as_object()?.borrow().get(key).cloned()
}

/// §15.3: `T` is a truthy `input.task`, else `"analyze"`; `D` a truthy `input.data`, else `input`.
fn task_value(input: &Value) -> Value {
    let truthy = |key| input_key(input, key).filter(Value::truthy);
    Value::object_from([
        (
            "task",
            truthy("task").unwrap_or_else(|| Value::string("analyze")),
        ),
        ("data", truthy("data").unwrap_or_else(|| input.clone())),
    ])
}

static PROLOGUE_BUILTIN: Builtin = Builtin {
    name: PROLOGUE,
    mode: Mode::None,
    min_args: 0,
    body: call_agents,
    members: &[],
};

/// Calls every selected agent concurrently, waits for all, and fills `agentResults` and
/// `successfulResults` in selection order.
fn call_agents(machine: &mut dyn Machine, _: &Args<'_>) -> Result<Value, Thrown> {
    let Some(calls) = CALLS.with(|calls| calls.borrow_mut().take()) else {
        return Ok(Value::NULL);
    };
    let task = task_value(&calls.input);
    let options = Value::object_from([
        ("timeout", Value::number(calls.timeout_ms as f64)),
        ("full", Value::TRUE),
    ]);
    let mut started = Vec::with_capacity(calls.agents.len());
    for agent in &calls.agents {
        let call = get_member(agent, "call")?;
        started.push(machine.spawn(&call, vec![task.clone(), options.clone()]));
    }
    let mut entries = Vec::with_capacity(calls.agents.len());
    for (agent, task) in calls.agents.iter().zip(started) {
        let outcome = task.and_then(|task| machine.suspend_on(&task));
        let timestamp = Value::number(machine.now_ms());
        entries.push(entry(agent, outcome, timestamp));
    }
    let successful: Vec<Value> = entries
        .iter()
        .filter(|entry| {
            let confidence = number_key(entry, "confidence");
            confidence > 0.0 && calls.min_confidence.is_none_or(|min| confidence >= min)
        })
        .cloned()
        .collect();
    if let Some(array) = calls.scope.agent_results.as_array() {
        array.borrow_mut().extend(entries);
    }
    if let Some(array) = calls.scope.successful_results.as_array() {
        array.borrow_mut().extend(successful);
    }
    Ok(Value::NULL)
}

fn number_key(entry: &Value, key: &str) -> f64 {
    entry
        .as_object()
        .and_then(|object| object.borrow().get(key).and_then(Value::as_number))
        .unwrap_or(0.0)
}

/// One entry of `agentResults` (the table of §15.3).
fn entry(agent: &Value, outcome: Result<Value, Thrown>, timestamp: Value) -> Value {
    let mut data = ObjectData::new();
    data.insert("agentId", property(agent, "name"));
    data.insert("agentName", property(agent, "displayName"));
    data.insert("capabilities", property(agent, "capabilities"));
    data.insert("expertise", expertise(agent));
    match outcome {
        Ok(full) => {
            let field = |key| input_key(&full, key).unwrap_or(Value::NULL);
            let reasoning = field("reasoning");
            data.insert("result", field("value"));
            data.insert("confidence", Value::number(number_key(&full, "confidence")));
            data.insert(
                "reasoning",
                if reasoning.is_null() {
                    Value::string("")
                } else {
                    reasoning
                },
            );
            data.insert("timestamp", timestamp);
            data.insert("metadata", property(agent, "metadata"));
        }
        Err(thrown) => {
            let message = thrown.to_diagnostic().message;
            data.insert("result", Value::NULL);
            data.insert("confidence", Value::number(0.0));
            data.insert("reasoning", Value::string("Agent failed to respond"));
            data.insert("timestamp", timestamp);
            data.insert("metadata", property(agent, "metadata"));
            data.insert("error", Value::string(&message));
        }
    }
    Value::object(data)
}
