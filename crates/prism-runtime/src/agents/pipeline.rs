//! The call pipeline (runtime §6.4) and the attempt algorithm (§11.4): budgets, concurrency
//! slots, sending with the attempt timeout, retries with backoff, fallbacks, output parsing,
//! confidence estimation and the "best attempt wins" rule.
use std::rc::Rc;

use super::limits::check_budget;
use super::observe::AttemptEnd;
use super::options::CallOptions;
use super::outcome::{call_error, finish, parse_output, Accepted, Answer, Failure};
use super::policy::{backoff_ms, needs_random};
use super::provider::{CallKind, ErrorKind, ProviderError, RequestMetadata};
use super::request::{read_prompt, CallBase};
use super::runtime::{current, AgentRuntime};
use super::targets::{chain, Target};
use super::wait::{now_ms, sleep};
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
pub(super) struct Progress {
    pub attempts: u32,
    pub deadline_ms: Option<f64>,
    pub total_ms: u64,
    pub last_error: Option<Failure>,
    pub candidates: Vec<Accepted>,
    pub tried: Vec<String>,
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
    let mut previous: Option<(&str, String)> = None;
    for target in targets {
        if let (Some((from, reason)), Some(observer)) = (&previous, &rt.observer) {
            observer.fallback(&base.call_id, from, &target.name, reason);
        }
        super::governance::check(rt, base, target, options, now_ms(machine))?;
        progress.tried.push(target.name.clone());
        if target.default_provider {
            rt.note_default_use(&target.provider);
        }
        let retries = target.policy.retries;
        let mut n: u64 = 1;
        loop {
            if let Err(thrown) = check_budgets(rt, base, target) {
                if let Some(observer) = &rt.observer {
                    observer.budget_stopped(&thrown);
                }
                return Err(thrown);
            }
            progress.attempts += 1;
            let sent_at = now_ms(machine);
            let sent = super::attempt::send(machine, rt, base, target, options, progress)?;
            let latency_ms = (now_ms(machine) - sent_at).max(0.0).floor();
            let end = |response, error, estimate| AttemptEnd {
                call: &base.call_id,
                attempt: progress.attempts,
                cancelled: false,
                latency_ms,
                usage: sent.usage,
                response,
                error,
                estimate,
            };
            let failure = |error: ProviderError| Failure {
                error,
                described: described(base, target),
                provider: target.provider.clone(),
                model: target.model.clone(),
                agent: base.agent.clone(),
                timeout_ms: target.policy.timeout_ms,
            };
            let (kind, retry_after) = match sent.outcome {
                Err(error) => {
                    observe(rt, |o| o.call_end(&end(None, Some(&error), None)));
                    let kind = error.kind;
                    let after = error.retry_after_ms;
                    progress.last_error = Some(failure(error));
                    (kind.as_str(), after)
                }
                Ok((response, expect)) => {
                    let answer = Answer {
                        response,
                        expect,
                        latency_ms,
                    };
                    match parse_output(machine, rt, base, target, options, answer)? {
                        Err(error) => {
                            observe(rt, |o| o.call_end(&end(None, Some(&error), None)));
                            progress.last_error = Some(failure(error));
                            ("parse", None)
                        }
                        Ok(accepted) => {
                            let estimate = Some((accepted.estimate, accepted.estimator.as_str()));
                            observe(rt, |o| {
                                o.call_end(&end(Some(&accepted.response), None, estimate))
                            });
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
                    }
                }
            };
            // A cancelled attempt is never retried (runtime §8.3).
            let retry = n <= retries && kind != "cancelled" && target.policy.retries_on(kind);
            if !retry {
                previous = Some((&target.name, kind.to_owned()));
                break;
            }
            rt.note_retry();
            wait_backoff(machine, base, target, n, retry_after, kind, progress)?;
            n += 1;
        }
    }
    Ok(None)
}

fn observe(rt: &AgentRuntime, event: impl FnOnce(&dyn super::observe::CallObserver)) {
    if let Some(observer) = &rt.observer {
        event(observer.as_ref());
    }
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
    reason: &str,
    progress: &Progress,
) -> Result<(), Thrown> {
    let u = if needs_random(&target.policy) {
        machine.random().next_f64(JITTER_STREAM)
    } else {
        0.0
    };
    let wait = backoff_ms(&target.policy, n, retry_after, u);
    if let Some(observer) = &current().observer {
        observer.retry(&base.call_id, progress.attempts + 1, reason, wait);
    }
    if let Some(deadline) = progress.deadline_ms {
        let left = (deadline - now_ms(machine)).max(0.0);
        if wait as f64 >= left {
            sleep(machine, left as u64)?;
            return Err(total_timeout(base, target, progress));
        }
    }
    sleep(machine, wait)
}

pub(super) fn total_timeout(base: &CallBase, target: &Target, progress: &Progress) -> Thrown {
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
