package dev.sluice.proxy.core;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Decides commands for sessions: from the {@link DecisionCache} when a decision for the same statement (or
 * its normalized form) under the same policy version is known, otherwise from policy-service.
 */
public final class CommandDecider {
    private final PolicyClient policy;
    private final DecisionCache cache;
    private final UnaryOperator<String> normalizer;
    private final ProxyMetrics metrics;

    public CommandDecider(PolicyClient policy, DecisionCache cache, UnaryOperator<String> normalizer,
            ProxyMetrics metrics) {
        this.policy = policy;
        this.cache = cache;
        this.normalizer = normalizer;
        this.metrics = metrics;
    }

    /** Decides one command of a session. Never null; failures are denials. */
    public Decision decide(ProxySession session, CommandType type, String text, Map<String, String> attributes) {
        long start = System.nanoTime();
        Decision cached = cached(session, type, text);
        if (cached != null) {
            metrics.decided(true, System.nanoTime() - start);
            return cached;
        }
        Decision decision = ask(session, type, text, attributes);
        metrics.decided(false, System.nanoTime() - start);
        return decision;
    }

    private Decision cached(ProxySession session, CommandType type, String text) {
        if (type != CommandType.QUERY || cache.version() == null) {
            return null;
        }
        var identity = session.identity();
        var exactKey = new DecisionCache.Key(identity.subject(), identity.groups(), identity.kind(),
                session.connection().name(), text);
        Decision hit = cache.lookup(exactKey, null);
        if (hit != null) {
            return hit;
        }
        String normalized = normalize(text);
        return normalized == null ? null : cache.lookup(exactKey, new DecisionCache.Key(identity.subject(),
                identity.groups(), identity.kind(), session.connection().name(), normalized));
    }

    private Decision ask(ProxySession session, CommandType type, String text, Map<String, String> attributes) {
        DecisionCache.Key exactKey = null;
        DecisionCache.Key normalizedKey = null;
        boolean cacheable = type == CommandType.QUERY && cache.version() != null;
        if (cacheable) {
            var identity = session.identity();
            String connection = session.connection().name();
            exactKey = new DecisionCache.Key(identity.subject(), identity.groups(), identity.kind(), connection, text);
            String normalized = normalize(text);
            if (normalized != null) {
                normalizedKey = new DecisionCache.Key(identity.subject(), identity.groups(), identity.kind(),
                        connection, normalized);
            }
        }
        Decision decision = policy.decide(new DecisionRequest(session.id(), session.identity(), session.connection(),
                new Command(type, text, attributes), session.clientAddress()));
        if (cacheable) {
            cache.store(exactKey, normalizedKey, decision);
        }
        return decision;
    }

    private String normalize(String text) {
        try {
            return normalizer.apply(text);
        } catch (RuntimeException e) {
            // An unnormalizable statement is simply not cached by its normalized form.
            return null;
        }
    }
}
