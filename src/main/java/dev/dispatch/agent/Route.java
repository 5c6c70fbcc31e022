package dev.dispatch.agent;

import dev.dispatch.session.BudgetCaps;

/**
 * One way to serve a call: a model through a provider built for one key, and that key's caps.
 *
 * @param keyId the configured key id, for the ledger, events and messages (never the secret)
 * @param fingerprint a hash of the key's entry and value: a key disabled for 401/403 under another
 *     fingerprint is tried again; null when unknown (then only the user re-enables it)
 */
public record Route(ModelChoice model, String keyId, BudgetCaps caps, String fingerprint) {
    public Route(ModelChoice model, String keyId, BudgetCaps caps) {
        this(model, keyId, caps, null);
    }
}
