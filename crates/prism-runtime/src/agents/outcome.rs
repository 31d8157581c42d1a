//! From a provider's answer to the call's result: structured output (runtime §11.3), the
//! confidence estimate (§10), the result value or `full` object (§6.5), and the errors a failed
//! call throws with their data (§11.7, §11.8).
use prism_config::Estimator;
use serde_json::Value as Json;

use super::estimate::{estimate, Estimate, Evidence, Source};
use super::fields::from_json;
use super::options::CallOptions;
use super::provider::{CallKind, ErrorKind, ProviderError, Response};
use super::request::{CallBase, Expect};
use super::runtime::AgentRuntime;
use super::targets::Target;
use crate::builtins::Machine;
use crate::error::{catalogue, Thrown};
use crate::value::{Inner, Value};

/// A successful attempt with its value and estimate.
pub struct Accepted {
    /// The inner value (plain).
    pub value: Value,
    pub estimate: Estimate,
    pub estimator: String,
    pub reasoning: Option<String>,
    pub content: String,
    pub response: Response,
    pub agent: Option<String>,
    pub provider: String,
    pub model: Option<String>,
    pub latency_ms: f64,
}

/// A provider's answer to one attempt, before parsing.
pub struct Answer {
    pub response: Response,
    pub expect: Expect,
    pub latency_ms: f64,
}

/// A failed attempt, as the final error describes it.
pub struct Failure {
    pub error: ProviderError,
    /// `agent 'x'` or `provider 'x'` (runtime §11.7).
    pub described: String,
    pub provider: String,
    pub model: Option<String>,
    pub agent: Option<String>,
    /// The attempt timeout, for the message of a timed-out call.
    pub timeout_ms: u64,
}

/// The default estimator of runtime §10.1.
fn default_estimator(kind: CallKind, provider_type: &str) -> Estimator {
    match provider_type {
        _ if kind == CallKind::Call => Estimator::named("self-report"),
        "mock" | "replay" | "command" => Estimator::named("self-report"),
        "openai" => Estimator {
            fallback: Some(Box::new(Estimator::named("fixed"))),
            ..Estimator::named("logprobs")
        },
        _ => Estimator::named("fixed"),
    }
}

fn parse_error(detail: impl Into<String>) -> ProviderError {
    ProviderError::new(ErrorKind::Parse, detail)
}

/// The structured value of a JSON answer: the provider's `value`, else the parsed content.
fn json_answer(response: &Response) -> Result<Json, ProviderError> {
    if let Some(value) = &response.value {
        return Ok(value.clone());
    }
    serde_json::from_str(response.content.trim()).map_err(|error| parse_error(error.to_string()))
}

/// Parses and estimates one answer. The inner `Err` is an unparsable answer (kind `parse`);
/// the outer one an error thrown by an extractor.
pub fn parse_output(
    machine: &mut dyn Machine,
    rt: &AgentRuntime,
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    answer: Answer,
) -> Result<Result<Accepted, ProviderError>, Thrown> {
    let Answer {
        response,
        expect,
        latency_ms,
    } = answer;
    let parsed = match expect {
        Expect::Text => None,
        Expect::TaskAnswer => response.value.clone(),
        Expect::Json => match json_answer(&response) {
            Ok(value) => {
                if let Some(schema) = &options.schema {
                    if let Err(violation) = prism_config::input::validate::validate(schema, &value)
                    {
                        let detail = format!("{} at {}", violation.detail, violation.path);
                        return Ok(Err(parse_error(detail)));
                    }
                }
                Some(value)
            }
            Err(error) => return Ok(Err(error)),
        },
        Expect::Envelope => match json_answer(&response) {
            Ok(value) if value.get("value").is_some() => Some(value),
            Ok(_) => {
                return Ok(Err(parse_error(
                    "the answer is not an object with a 'value' key",
                )))
            }
            Err(error) => return Ok(Err(error)),
        },
    };
    let provider_type = rt
        .provider(&target.provider)
        .map(|p| p.provider.provider_type().to_owned())
        .unwrap_or_default();
    let estimator = target
        .estimator
        .clone()
        .unwrap_or_else(|| default_estimator(base.kind, &provider_type));
    let mut content = response.content.clone();
    let json_evidence = matches!(expect, Expect::Json | Expect::Envelope)
        .then_some(())
        .and(parsed.as_ref());
    let evidence = Evidence {
        response: &response,
        parsed: json_evidence,
        fixed_default: rt.fixed_confidence,
    };
    let mut estimate = estimate(&estimator, &evidence, &mut content);
    let value = match (expect, &parsed) {
        (Expect::Text, _) | (Expect::TaskAnswer, None) => Value::string(&content),
        (Expect::Envelope, Some(parsed)) => from_json(parsed.get("value").unwrap_or(&Json::Null)),
        (_, Some(parsed)) => from_json(parsed),
        (_, None) => Value::NULL,
    };
    let reasoning = response.reasoning.clone().or_else(|| {
        let parsed = parsed.as_ref().filter(|_| expect == Expect::Envelope)?;
        parsed
            .get("reasoning")
            .and_then(Json::as_str)
            .map(str::to_owned)
    });
    let mut accepted = Accepted {
        value,
        estimate,
        estimator: estimator.name.clone(),
        reasoning,
        content,
        response,
        agent: base.agent.clone(),
        provider: target.provider.clone(),
        model: target.model.clone(),
        latency_ms,
    };
    if let Some(extractor) = &options.extractor {
        estimate = run_extractor(machine, base, extractor, &accepted)?;
        accepted.estimate = estimate;
        accepted.estimator = "extractor".to_owned();
    }
    Ok(Ok(accepted))
}

/// The `extractor` option (runtime §10.6), called in the calling task.
fn run_extractor(
    machine: &mut dyn Machine,
    base: &CallBase,
    extractor: &Value,
    accepted: &Accepted,
) -> Result<Estimate, Thrown> {
    let detail = detail_object(accepted, base, 0, accepted.response.confidence);
    if let Some(object) = detail.as_object() {
        let mut object = object.borrow_mut();
        let logprobs = accepted
            .response
            .logprobs
            .as_ref()
            .map_or(Value::NULL, |l| {
                Value::array(l.iter().map(|p| Value::number(*p)).collect())
            });
        object.insert("logprobs", logprobs);
        let prompt = base.prompt.as_ref().map_or(Value::NULL, |p| {
            Value::string(
                &p.messages
                    .iter()
                    .map(|m| m.content.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        });
        object.insert("prompt", prompt);
    }
    let returned = machine.call(extractor, &[detail])?;
    let number = match returned.inner() {
        _ if returned.is_confident() => Some(returned.conf()),
        Inner::Number(n) => Some(*n),
        Inner::Object(object) => object.borrow().get("confidence").and_then(Value::as_number),
        _ => None,
    };
    let func = base.kind.as_str();
    let Some(number) = number else {
        let message = format!(
            "{func}: option 'extractor' must return a number, got {}",
            returned.type_name()
        );
        return Err(Thrown::runtime("R0216", "TypeError", message));
    };
    if number.is_nan() {
        return Err(catalogue::confidence_nan());
    }
    Ok(Estimate {
        value: number.clamp(0.0, 1.0),
        source: Source::Extractor,
    })
}

/// The detail object of runtime §6.5 (`full: true`).
fn detail_object(
    accepted: &Accepted,
    base: &CallBase,
    attempts: u32,
    confidence: Option<f64>,
) -> Value {
    let text = |s: &Option<String>| s.as_deref().map_or(Value::NULL, Value::string);
    let usage = accepted.response.usage.unwrap_or_default();
    Value::object_from([
        ("value", accepted.value.clone()),
        ("confidence", confidence.map_or(Value::NULL, Value::number)),
        ("reasoning", text(&accepted.reasoning)),
        ("content", Value::string(&accepted.content)),
        ("agent", text(&accepted.agent)),
        ("provider", Value::string(&accepted.provider)),
        ("model", text(&accepted.model)),
        ("estimator", Value::string(&accepted.estimator)),
        ("source", Value::string(accepted.estimate.source.as_str())),
        (
            "usage",
            Value::object_from([
                ("inputTokens", Value::number(usage.input_tokens as f64)),
                ("outputTokens", Value::number(usage.output_tokens as f64)),
            ]),
        ),
        ("latencyMs", Value::number(accepted.latency_ms)),
        ("attempts", Value::number(f64::from(attempts))),
        ("finishReason", text(&accepted.response.finish_reason)),
        ("call", Value::string(&base.call_id)),
    ])
}

/// The call's result (runtime §6.4 step 5, §6.5): the value with its confidence, lowered to the
/// subject's confidence if the prompt or task was confident; or the `full` object.
pub fn finish(
    accepted: Accepted,
    subject: &Value,
    options: &CallOptions,
    base: &CallBase,
    attempts: u32,
) -> Value {
    let mut confidence = accepted.estimate.value;
    if let Some(cap) = subject.confidence() {
        confidence = confidence.min(cap);
    }
    if options.full {
        return detail_object(&accepted, base, attempts, Some(confidence));
    }
    accepted.value.with_conf(confidence)
}

/// The error a failed call throws (runtime §11.7) with the data of §11.8.
pub fn call_error(base: &CallBase, failure: &Failure, attempts: u32, tried: &[String]) -> Thrown {
    let text = |s: &Option<String>| s.as_deref().map_or(Value::NULL, Value::string);
    let kind = failure.error.kind.as_str();
    let data = Value::object_from([
        ("call", Value::string(&base.call_id)),
        ("kind", Value::string(kind)),
        ("provider", Value::string(&failure.provider)),
        ("model", text(&failure.model)),
        ("agent", text(&failure.agent)),
        (
            "status",
            failure.error.status.map_or(Value::NULL, Value::number),
        ),
        ("attempts", Value::number(f64::from(attempts))),
        (
            "targets",
            Value::array(tried.iter().map(|t| Value::string(t)).collect()),
        ),
    ]);
    let target = &failure.described;
    match failure.error.kind {
        ErrorKind::Timeout => {
            let thrown =
                catalogue::timed_out(&format!("call to {target}"), failure.timeout_ms as f64);
            with_data(thrown, data)
        }
        ErrorKind::Parse => catalogue::output_not_json(target, &failure.error.message, data),
        _ => catalogue::provider_failed(target, kind, &failure.error.message, data),
    }
}

/// Sets the `data` of a thrown error object.
pub fn with_data(thrown: Thrown, data: Value) -> Thrown {
    if let Some(object) = thrown.value().as_object() {
        object.borrow_mut().insert("data", data);
    }
    thrown
}
