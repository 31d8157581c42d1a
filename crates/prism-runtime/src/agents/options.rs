//! The options of `llm`, `agent.ask` and `agent.call` (runtime §6.1–§6.3). A wrong type or an
//! unknown name is `R0216`.
use prism_config::{Estimator, Policy};
use serde_json::{Map, Value as Json};

use super::fields::{object_json, read_estimator, read_param_key, read_policy_key};
use super::provider::Params;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// The options of one call, read from the `opts` object.
#[derive(Default)]
pub struct CallOptions {
    pub provider: Option<String>,
    pub model: Option<String>,
    pub system: Option<String>,
    pub params: Params,
    pub json: bool,
    pub schema: Option<Json>,
    pub logprobs: bool,
    pub estimator: Option<Estimator>,
    pub extractor: Option<Value>,
    pub policy: Policy,
    pub on_chunk: Option<Value>,
    pub full: bool,
    pub tags: Map<String, Json>,
}

/// Reads `opts` for the builtin `func` (`llm`, `ask`, `call`); `ask` and `call` have no
/// `provider` option.
pub fn read_options(func: &str, opts: &Value) -> Result<CallOptions, Thrown> {
    let mut options = CallOptions::default();
    let object = match opts.inner() {
        Inner::Null => return Ok(options),
        Inner::Object(object) => object,
        _ => {
            return Err(catalogue::bad_option(
                func,
                "opts",
                "an object",
                opts.type_name(),
            ))
        }
    };
    let fields: Vec<(String, Value)> = object
        .borrow()
        .map
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_plain()))
        .collect();
    for (key, value) in &fields {
        if value.is_null() {
            continue;
        }
        let wrong = |expected: &str| catalogue::bad_option(func, key, expected, value.type_name());
        let string = || {
            value
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| wrong("a string"))
        };
        let boolean = || match value.inner() {
            Inner::Bool(b) => Ok(*b),
            _ => Err(wrong("a boolean")),
        };
        let function = || {
            if value.inner().is_function() {
                Ok(value.clone())
            } else {
                Err(wrong("a function"))
            }
        };
        match key.as_str() {
            "provider" if func == "llm" => options.provider = Some(string()?),
            "model" => options.model = Some(string()?),
            "system" => options.system = Some(string()?),
            "json" => options.json = boolean()?,
            "schema" => {
                let schema = object_json(value).ok_or_else(|| wrong("an object"))?;
                options.schema = Some(Json::Object(schema));
            }
            "logprobs" => options.logprobs = boolean()?,
            "estimator" => options.estimator = Some(read_estimator(value).map_err(wrong)?),
            "extractor" => options.extractor = Some(function()?),
            "onChunk" => options.on_chunk = Some(function()?),
            "full" => options.full = boolean()?,
            "tags" => options.tags = object_json(value).ok_or_else(|| wrong("an object"))?,
            _ => {
                let known = read_policy_key(&mut options.policy, key, value)
                    .or_else(|| read_param_key(&mut options.params, key, value));
                match known {
                    Some(result) => result.map_err(wrong)?,
                    None => return Err(catalogue::unknown_option(func, key)),
                }
            }
        }
    }
    Ok(options)
}
