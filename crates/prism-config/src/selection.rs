//! Agent selection for `pattern.selectedAgents` (runtime §3.6) and the `E0804` check.

use prism_diagnostics::Diagnostic;

use crate::header::{Requirements, SortBy};
use crate::model::AgentConfig;

/// What selection needs to know about one registered agent.
#[derive(Clone, Debug, PartialEq)]
pub struct AgentFacts<'a> {
    pub name: &'a str,
    pub capabilities: &'a [String],
    pub expertise: Option<f64>,
    /// `metadata.historicalConfidence`, when it is a number.
    pub historical_confidence: Option<f64>,
}

impl<'a> From<&'a AgentConfig> for AgentFacts<'a> {
    fn from(agent: &'a AgentConfig) -> Self {
        AgentFacts {
            name: &agent.name,
            capabilities: &agent.capabilities,
            expertise: agent.expertise,
            historical_confidence: agent
                .metadata
                .get("historicalConfidence")
                .and_then(|v| v.as_f64()),
        }
    }
}

/// The indices into `agents` of the selected agents, in selection order (runtime §3.6 steps
/// 1–3): agents with every required capability, ordered by `sortBy` (stable, missing values
/// last), truncated to `maxAgents`. Without requirements every agent is selected in registry order.
/// `agents.select` (runtime §5.3) is the same computation.
pub fn select_agents(requirements: Option<&Requirements>, agents: &[AgentFacts<'_>]) -> Vec<usize> {
    let Some(requirements) = requirements else {
        return (0..agents.len()).collect();
    };
    let mut selected: Vec<usize> = agents
        .iter()
        .enumerate()
        .filter(|(_, agent)| {
            requirements
                .capabilities
                .iter()
                .all(|c| agent.capabilities.contains(c))
        })
        .map(|(index, _)| index)
        .collect();
    let key = |index: &usize| -> Option<f64> {
        let agent = agents.get(*index)?;
        match requirements.sort_by {
            SortBy::Registry => None,
            SortBy::Expertise => agent.expertise,
            SortBy::HistoricalConfidence => agent.historical_confidence,
        }
    };
    if requirements.sort_by != SortBy::Registry {
        // Descending; agents without a value go last; `sort_by` is stable.
        selected.sort_by(|a, b| match (key(a), key(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    if let Some(max) = requirements.max_agents {
        selected.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    }
    selected
}

/// `E0804` when fewer than `minAgents` agents were selected (runtime §3.6, §15.2).
pub fn check_min_agents(
    pattern: &str,
    requirements: Option<&Requirements>,
    selected: usize,
    parallax: bool,
) -> Result<(), Box<Diagnostic>> {
    let Some(requirements) = requirements else {
        return Ok(());
    };
    let min = requirements.min_agents_or_default(parallax);
    if (selected as u64) < min {
        return Err(Box::new(Diagnostic::error(
            "E0804",
            format!(
                "not enough agents for pattern '{pattern}': required {min}, available {selected}"
            ),
        )));
    }
    Ok(())
}
