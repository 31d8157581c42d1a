# Workers may only be handed actions listed in their declared scope (agents.<name>.metadata.scope
# in prism.toml). Tasks without an `action` (heartbeats, negotiation) are always allowed: the
# policy guards what a worker is told to *do*, not what it is asked to discuss.
package prism

default decision := {"allow": true}

in_scope if {
	some allowed in input.agent.metadata.scope
	allowed == input.request.task.action
}

decision := {"allow": false, "reasons": [reason], "audit": true} if {
	input.request.task.action
	not in_scope
	reason := sprintf("'%s' is outside the scope of %s", [input.request.task.action, input.agent.name])
}
