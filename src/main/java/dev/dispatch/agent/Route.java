package dev.dispatch.agent;

import dev.dispatch.session.BudgetCaps;

/**
 * One way to serve a call: a model through a provider built for one key, and that key's caps.
 *
 * @param keyId the configured key id, for the ledger, events and messages (never the secret)
 */
public record Route(ModelChoice model, String keyId, BudgetCaps caps) {}
