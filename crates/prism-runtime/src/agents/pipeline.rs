//! The call pipeline (runtime §6.4) and the attempt algorithm (§11.4): budgets, concurrency
//! slots, sending with the attempt timeout, retries with backoff, fallbacks, output parsing,
//! confidence estimation and the "best attempt wins" rule.
use std::rc::Rc;

use super::limits::{check_budget, SlotNeeds};
use super::options::CallOptions;
use super::outcome::{call_error, finish, parse_output, Accepted, Answer, Failure};
use super::policy::{backoff_ms, needs_random};
use super::provider::{
    CallKind, Delivery, ErrorKind, Interrupt, Outcome, ProviderError, RequestMetadata, StartContext,
};
use super::request::{build, estimate_tokens, read_prompt, CallBase};
use super::runtime::{current, AgentRuntime};
use super::targets::{chain, Target};
use super::wait::{acquire, now_ms, scheduler_of, sleep, until_ready};
use crate::builtins::Machine;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// The random stream of retry jitter (builtins §8).
const JITTER_STREAM: usize = 1;

/// One logical call as the builtins describe it.
pub struct CallSpec {
    pub kind: CallKind,
    /// The agent value for `ask` and `call`.
    pub agent: Option<Value>,
    /// The prompt (`llm`, `ask`) or the task (`call`), with its confidence.
    pub subject: Value,
    pub options: CallOptions,
}

/// What the attempt loop keeps across attempts.
struct Progress {
    attempts: u32,
    deadline_ms: Option<f64>,
    total_ms: u64,
    last_error: Option<Failure>,
    candidates: Vec<Accepted>,
    tried: Vec<String>,
}

/// Runs one logical call to its result (runtime §6.4).
pub fn run_call(machine: &mut dyn Machine, spec: CallSpec) -> Result<Value, Thrown> {
    let rt = current();
    let func = spec.kind.as_str();
    let original_agent = spec
        .agent
        .as_ref()
        .and_then(super::agent::entry_of)
        .map(|e| e.config.name.clone());
    let prompt = match spec.kind {
        CallKind::Call => None,
        _ => Some(read_prompt(func, &spec.subject.to_plain())?),
    };
    let targets = chain(&rt, spec.kind, spec.agent.as_ref(), &spec.options)?;
    let call_id = rt.next_call_id();
    let agent_metadata = spec
        .agent
        .as_ref()
        .and_then(super::agent::entry_of)
        .map(|e| e.config.metadata.clone())
        .unwrap_or_default();
    let base = CallBase {
        kind: spec.kind,
        call_id: call_id.clone(),
        agent: original_agent.clone(),
        prompt,
        task: (spec.kind == CallKind::Call).then(|| crate::to_json(&spec.subject.to_plain())),
        metadata: RequestMetadata {
            run_id: rt.run_id.clone(),
            node: rt.node.clone(),
            pattern: rt.pattern.clone(),
            context: machine.context_stack(),
            call: call_id,
            tags: spec.options.tags.clone(),
            agent_metadata,
        },
    };
    let total_ms = targets.first().and_then(|t| t.policy.total_timeout_ms);
    let started_ms = now_ms(machine);
    let mut progress = Progress {
        attempts: 0,
        deadline_ms: total_ms.map(|ms| started_ms + ms as f64),
        total_ms: total_ms.unwrap_or(0),
        last_error: None,
        candidates: Vec::new(),
        tried: Vec::new(),
    };
    let accepted = attempt_targets(machine, &rt, &base, &targets, &spec.options, &mut progress)?;
    let result = match accepted {
        Some(accepted) => accepted,
        None => match best(std::mem::take(&mut progress.candidates)) {
            Some(best) => best,
            None => return Err(final_error(&base, &progress)),
        },
    };
    Ok(finish(
        result,
        &spec.subject,
        &spec.options,
        &base,
        progress.attempts,
    ))
}

fn final_error(base: &CallBase, progress: &Progress) -> Thrown {
    let fallback = Failure {
        error: ProviderError::new(ErrorKind::Other, "no attempt was made"),
        described: progress.tried.last().cloned().unwrap_or_default(),
        provider: String::new(),
        model: None,
        agent: base.agent.clone(),
        timeout_ms: 0,
    };
    call_error(
        base,
        progress.last_error.as_ref().unwrap_or(&fallback),
        progress.attempts,
        &progress.tried,
    )
}

/// The highest confidence, the earliest on ties (runtime §11.3).
fn best(candidates: Vec<Accepted>) -> Option<Accepted> {
    let mut best: Option<Accepted> = None;
    for candidate in candidates {
        if best
            .as_ref()
            .is_none_or(|b| candidate.estimate.value > b.estimate.value)
        {
            best = Some(candidate);
        }
    }
    best
}

/// The loop of §11.4 over the chain; `Some` when a result was accepted.
fn attempt_targets(
    machine: &mut dyn Machine,
    rt: &Rc<AgentRuntime>,
    base: &CallBase,
    targets: &[Target],
    options: &CallOptions,
    progress: &mut Progress,
) -> Result<Option<Accepted>, Thrown> {
    for target in targets {
        progress.tried.push(target.name.clone());
        rt.note_use(&target.provider);
        let retries = target.policy.retries;
        let mut n: u64 = 1;
        loop {
            check_budgets(rt, base, target)?;
            progress.attempts += 1;
            let sent_at = now_ms(machine);
            let outcome = send(machine, rt, base, target, options, progress)?;
            let latency_ms = (now_ms(machine) - sent_at).max(0.0).floor();
            let retry = |kind: &str| n <= retries && target.policy.retries_on(kind);
            let failure = |error: ProviderError| Failure {
                error,
                described: described(base, target),
                provider: target.provider.clone(),
                model: target.model.clone(),
                agent: base.agent.clone(),
                timeout_ms: target.policy.timeout_ms,
            };
            let (kind, retry_after) = match outcome {
                Err(error) => {
                    let kind = error.kind;
                    let after = error.retry_after_ms;
                    progress.last_error = Some(failure(error));
                    (kind.as_str(), after)
                }
                Ok((response, expect)) => match parse_output(
                    machine,
                    rt,
                    base,
                    target,
                    options,
                    Answer {
                        response,
                        expect,
                        latency_ms,
                    },
                )? {
                    Err(error) => {
                        progress.last_error = Some(failure(error));
                        ("parse", None)
                    }
                    Ok(accepted) => {
                        let enough = target
                            .policy
                            .min_confidence
                            .is_none_or(|min| accepted.estimate.value >= min);
                        if enough {
                            return Ok(Some(accepted));
                        }
                        progress.candidates.push(accepted);
                        ("low_confidence", None)
                    }
                },
            };
            if !retry(kind) {
                break;
            }
            wait_backoff(machine, base, target, n, retry_after, progress)?;
            n += 1;
        }
    }
    Ok(None)
}

/// BudgetExceeded before an attempt (runtime §11.5): run, original agent, target agent.
fn check_budgets(rt: &AgentRuntime, base: &CallBase, target: &Target) -> Result<(), Thrown> {
    check_budget("run", &rt.run_budget, rt.budgets.run.get())?;
    let mut agents: Vec<(String, prism_config::Budget)> = Vec::new();
    if let Some(name) = &base.agent {
        if let Some(entry) = rt.agent(name).as_ref().and_then(super::agent::entry_of) {
            agents.push((name.clone(), entry.config.budget));
        }
    }
    if let Some(entry) = target
        .agent
        .as_ref()
        .and_then(|a| a.entry().map(|e| (e.config.name.clone(), e.config.budget)))
    {
        if !agents.iter().any(|(name, _)| *name == entry.0) {
            agents.push(entry);
        }
    }
    for (name, budget) in agents {
        check_budget(
            &format!("agent '{name}'"),
            &budget,
            rt.budgets.agent_usage(&name),
        )?;
    }
    Ok(())
}

/// The backoff before retry `n`, cut short (and the call ended) by the total timeout.
fn wait_backoff(
    machine: &mut dyn Machine,
    base: &CallBase,
    target: &Target,
    n: u64,
    retry_after: Option<u64>,
    progress: &Progress,
) -> Result<(), Thrown> {
    let u = if needs_random(&target.policy) {
        machine.random().next_f64(JITTER_STREAM)
    } else {
        0.0
    };
    let wait = backoff_ms(&target.policy, n, retry_after, u);
    if let Some(deadline) = progress.deadline_ms {
        let left = (deadline - now_ms(machine)).max(0.0);
        if wait as f64 >= left {
            sleep(machine, left as u64)?;
            return Err(total_timeout(base, target, progress));
        }
    }
    sleep(machine, wait)
}

fn total_timeout(base: &CallBase, target: &Target, progress: &Progress) -> Thrown {
    let what = format!("call to {}", described(base, target));
    catalogue::timed_out(&what, progress.total_ms as f64)
}

/// `provider 'x'` for `llm`, `agent 'x'` for `ask` and `call` (runtime §11.7), naming the
/// target: a fallback provider of an agent call keeps the agent's name.
pub fn described(base: &CallBase, target: &Target) -> String {
    match (&target.agent, &base.agent) {
        (Some(agent), _) => format!("agent '{}'", agent.name()),
        (None, Some(agent)) if base.kind != CallKind::Llm => format!("agent '{agent}'"),
        _ => format!("provider '{}'", target.provider),
    }
}

/// Sends one attempt and waits for its outcome, streaming fragments to `onChunk` (§6.6).
#[allow(clippy::type_complexity)]
fn send(
    machine: &mut dyn Machine,
    rt: &AgentRuntime,
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    progress: &Progress,
) -> Result<Result<(super::provider::Response, super::request::Expect), ProviderError>, Thrown> {
    let Some(entry) = rt.provider(&target.provider) else {
        return Err(catalogue::no_provider(&target.provider));
    };
    let provider = entry.provider.clone();
    let capabilities = provider.capabilities();
    let (mut request, expect) = build(base, target, options, capabilities.tasks, progress.attempts);
    request.stream &= capabilities.streaming;
    request.logprobs &= capabilities.logprobs;
    let needs = SlotNeeds {
        provider: target.provider.clone(),
        provider_limit: entry.config.as_ref().and_then(|c| c.concurrency),
        agent: target.agent.as_ref().map(|a| a.name()),
        agent_limit: target
            .agent
            .as_ref()
            .and_then(|a| a.entry().and_then(|e| e.config.concurrency)),
    };
    acquire(machine, &rt.slots, &needs)?;
    let scheduler = scheduler_of(machine);
    if let Some(deadline) = progress.deadline_ms {
        if now_ms(machine) >= deadline {
            rt.slots.release(&needs, scheduler.as_ref());
            return Err(total_timeout(base, target, progress));
        }
    }
    let delivery = Delivery::new();
    let in_flight = {
        let random = machine.random();
        let mut cx = StartContext {
            scheduler: scheduler.as_ref(),
            random,
        };
        provider.start(&request, &mut cx, delivery.clone())
    };
    let timer = scheduler.as_ref().and_then(|scheduler| {
        let attempt = (target.policy.timeout_ms > 0).then_some(target.policy.timeout_ms as f64);
        let total = progress
            .deadline_ms
            .map(|d| (d - scheduler.now_ms()).max(0.0));
        let (ms, why) = match (attempt, total) {
            (Some(a), Some(t)) if t < a => (t, Interrupt::TotalTimeout),
            (Some(a), _) => (a, Interrupt::AttemptTimeout),
            (None, Some(t)) => (t, Interrupt::TotalTimeout),
            (None, None) => return None,
        };
        let delivery = delivery.clone();
        Some(scheduler.after(
            ms,
            Box::new(move |s: &crate::tasks::Scheduler| delivery.interrupt(s, why)),
        ))
    });
    let settled = wait_outcome(
        machine,
        &delivery,
        options,
        progress.attempts,
        capabilities.streaming,
    );
    if let (Some(timer), Some(scheduler)) = (timer, scheduler.as_ref()) {
        scheduler.cancel_timer(timer);
    }
    let outcome = match settled {
        Ok(Some(outcome)) => outcome,
        Ok(None) => {
            in_flight.cancel(scheduler.as_ref());
            let message = format!("attempt timed out after {} ms", target.policy.timeout_ms);
            Err(ProviderError::new(ErrorKind::Timeout, message))
        }
        Err(thrown) => {
            in_flight.cancel(scheduler.as_ref());
            delivery.close();
            rt.slots.release(&needs, scheduler.as_ref());
            rt.budgets.add(&budget_agents(base, target), 0, 0);
            return Err(thrown);
        }
    };
    rt.slots.release(&needs, scheduler.as_ref());
    let (input, output) = match &outcome {
        Ok(response) => response.usage.map_or_else(
            || {
                (
                    estimate_tokens(&request.text()),
                    estimate_tokens(&response.content),
                )
            },
            |usage| (usage.input_tokens, usage.output_tokens),
        ),
        Err(_) => (0, 0),
    };
    rt.budgets.add(&budget_agents(base, target), input, output);
    if delivery.interrupted() == Some(Interrupt::TotalTimeout) && outcome.is_err() {
        return Err(total_timeout(base, target, progress));
    }
    Ok(outcome.map(|response| (response, expect)))
}

/// The agents whose budgets an attempt counts against.
fn budget_agents<'a>(base: &'a CallBase, target: &'a Target) -> Vec<&'a str> {
    let mut agents: Vec<&str> = base.agent.as_deref().into_iter().collect();
    if let Some(agent) = target.agent.as_ref().and_then(|a| a.entry()) {
        let name = agent.config.name.as_str();
        if !agents.contains(&name) {
            agents.push(name);
        }
    }
    agents
}

/// Waits for the attempt's outcome; `None` when a timeout interrupted it. Fragments go to
/// `onChunk` as they arrive; a provider that cannot stream gives its content as one fragment.
fn wait_outcome(
    machine: &mut dyn Machine,
    delivery: &Delivery,
    options: &CallOptions,
    attempt: u32,
    streams: bool,
) -> Result<Option<Outcome>, Thrown> {
    loop {
        until_ready(machine, delivery)?;
        for chunk in delivery.take_chunks() {
            chunk_callback(machine, options, &chunk, attempt)?;
        }
        if let Some(outcome) = delivery.take_outcome() {
            if let (Ok(response), false) = (&outcome, streams) {
                chunk_callback(machine, options, &response.content, attempt)?;
            }
            return Ok(Some(outcome));
        }
        if delivery.interrupted().is_some() {
            return Ok(None);
        }
        if machine.task_context().is_none() {
            // Nothing more can arrive without a scheduler.
            let error = ProviderError::new(ErrorKind::Protocol, "the provider gave no answer");
            return Ok(Some(Err(error)));
        }
    }
}

fn chunk_callback(
    machine: &mut dyn Machine,
    options: &CallOptions,
    text: &str,
    attempt: u32,
) -> Result<(), Thrown> {
    if let Some(callback) = &options.on_chunk {
        machine.call(
            callback,
            &[Value::string(text), Value::number(f64::from(attempt))],
        )?;
    }
    Ok(())
}
