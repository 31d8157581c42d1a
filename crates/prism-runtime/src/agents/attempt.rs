//! One attempt (runtime §6.4 step 3): a concurrency slot (§7.1), the request, the wait for
//! the outcome under the attempt and total timeouts (§7.2), streaming to `onChunk` (§6.6),
//! cancellation when the waiting task is cancelled (§7.3), and the usage it adds (§11.5).
use super::limits::SlotNeeds;
use super::observe::AttemptEnd;
use super::options::CallOptions;
use super::pipeline::{total_timeout, Progress};
use super::provider::{
    Capabilities, Delivery, ErrorKind, Interrupt, Outcome, ProviderError, Response, StartContext,
    Usage,
};
use super::request::{build, estimate_tokens, CallBase, Expect};
use super::runtime::AgentRuntime;
use super::targets::Target;
use super::wait::{acquire, now_ms, scheduler_of, until_ready};
use crate::builtins::Machine;
use crate::error::{catalogue, Thrown};
use crate::value::Value;

/// What one attempt produced, with the usage it added.
pub(super) struct Sent {
    pub outcome: Result<(Response, Expect), ProviderError>,
    pub usage: Usage,
}

/// Sends one attempt and waits for its outcome, streaming fragments to `onChunk` (§6.6).
#[allow(clippy::type_complexity)]
pub(super) fn send(
    machine: &mut dyn Machine,
    rt: &AgentRuntime,
    base: &CallBase,
    target: &Target,
    options: &CallOptions,
    progress: &Progress,
) -> Result<Sent, Thrown> {
    let Some(entry) = rt.provider(&target.provider) else {
        return Err(catalogue::no_provider(&target.provider));
    };
    let provider = entry.provider.clone();
    let capabilities = provider.capabilities();
    check_usable(machine, target, capabilities)?;
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
    if !acquire(machine, &rt.slots, &needs, progress.deadline_ms)? {
        return Err(total_timeout(base, target, progress));
    }
    let scheduler = scheduler_of(machine);
    if let Some(deadline) = progress.deadline_ms {
        if now_ms(machine) >= deadline {
            rt.slots.release(&needs, scheduler.as_ref());
            return Err(total_timeout(base, target, progress));
        }
    }
    if let Some(observer) = &rt.observer {
        observer.call_start(&request);
    }
    let sent_at = now_ms(machine);
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
            if let Some(observer) = &rt.observer {
                let cancelled =
                    ProviderError::new(ErrorKind::Cancelled, "the attempt was cancelled");
                observer.call_end(&AttemptEnd {
                    call: &base.call_id,
                    attempt: progress.attempts,
                    cancelled: true,
                    latency_ms: (now_ms(machine) - sent_at).max(0.0).floor(),
                    usage: Usage::default(),
                    response: None,
                    error: Some(&cancelled),
                    estimate: None,
                });
            }
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
    Ok(Sent {
        outcome: outcome.map(|response| (response, expect)),
        usage: Usage {
            input_tokens: input,
            output_tokens: output,
        },
    })
}

/// ConfigErrors of a target that no retry can fix: a provider that cannot run under the
/// virtual clock (`R0904`, runtime §7.4) or one without any model (`R0901`, §2.4).
fn check_usable(
    machine: &dyn Machine,
    target: &Target,
    capabilities: Capabilities,
) -> Result<(), Thrown> {
    let virtual_clock = machine
        .task_context()
        .is_some_and(|cx| cx.scheduler().clock_kind().is_virtual());
    if virtual_clock && !capabilities.virtual_clock {
        return Err(catalogue::provider_needs_real_clock(&target.provider));
    }
    if target.model.is_none() {
        let message = format!("provider '{}' has no model configured", target.provider);
        return Err(Thrown::runtime("R0901", "ConfigError", message));
    }
    Ok(())
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
