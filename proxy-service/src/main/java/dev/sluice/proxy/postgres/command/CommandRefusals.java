package dev.sluice.proxy.postgres.command;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.proxy.postgres.command.ResponseTracker.Kind;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Answers a command that never reaches the target in the protocol's own terms (<a
 * href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY">protocol flow, 55.2.3</a>):
 * the ErrorResponse is placed at its point of the response stream; a simple query then gets the target's
 * ReadyForQuery (a Sync is sent in its place), while an extended-query batch is skipped up to the client's Sync,
 * as PostgreSQL itself does after an error. The SQLSTATE says why: 42501 for policy, 53400 for the identity's
 * statement rate, 57014 for a statement the client cancelled while it was held.
 */
final class CommandRefusals {
    /** The outcome of a statement cancelled while held; compared by identity. */
    static final Decision CANCELLED = Decision.gatewayDeny("gateway:cancelled",
            "cancelled by the client before it reached the target");

    /** Rule ids of statements refused by the identity's statement rate start with this; answered 53400. */
    static final String RATE_LIMIT_RULE = "limit:";

    /** A Sync message: after a denied simple query, the target's answer to it is the client's ReadyForQuery. */
    private static final byte[] SYNC = {PgConstants.SYNC, 0, 0, 0, 4};

    private final OutputStream upstream;
    private final ClientChannel channel;
    private final ResponseTracker tracker;
    private boolean skippingToSync;

    CommandRefusals(OutputStream upstream, ClientChannel channel, ResponseTracker tracker) {
        this.upstream = upstream;
        this.channel = channel;
        this.tracker = tracker;
    }

    /** Whether the rest of a refused extended-query batch is being discarded until the client's Sync. */
    boolean skippingToSync() {
        return skippingToSync;
    }

    /** The client's Sync arrived: messages are handled again. */
    void synced() {
        skippingToSync = false;
    }

    /** Refuses a command the gateway or the policy decided not to run. */
    void deny(Decision decision, String message, String text, boolean simple) throws IOException {
        if (decision.ruleId().startsWith(RATE_LIMIT_RULE)) {
            // Not a policy denial: the statement may run again once the rate allows (configuration_limit_exceeded).
            refuse(ErrorResponse.error(SqlState.CONFIGURATION_LIMIT_EXCEEDED, decision.reason()),
                    new PendingCommand(message, text, decision), simple);
            return;
        }
        if (decision == CANCELLED) {
            // The client cancelled while the proxy still held the statement: it never reached the target.
            refuse(ErrorResponse.error(SqlState.QUERY_CANCELED, "canceling statement due to user request"),
                    new PendingCommand(message, text, decision), simple);
            return;
        }
        String reason = decision.reason().isBlank() ? "denied by policy" : decision.reason();
        var error = ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                "Sluice denied this " + (message.equals("FunctionCall") ? "call" : "statement") + ": " + reason
                        + " (rule " + decision.ruleId() + ")");
        refuse(error, new PendingCommand(message, text, decision), simple);
    }

    /** Refuses one well-delimited message whose content could not be decoded. */
    void rejectUndecodable(PgException e, String message, boolean simple) throws IOException {
        // The frame itself was well delimited, so only this message is refused, as PostgreSQL does
        // ("invalid message format" is an ERROR there, not FATAL); it never reaches the target.
        var decision = Decision.gatewayDeny("gateway:undecodable", e.getMessage());
        refuse(ErrorResponse.error(e.sqlState(), "Sluice refused this statement: " + e.getMessage()),
                new PendingCommand(message, "", decision), simple);
    }

    /** Places {@code error} in the response stream for {@code command}, recorded as refused. */
    void refuse(ErrorResponse error, PendingCommand command, boolean simple) throws IOException {
        upstream.flush();
        channel.lock().lock();
        try {
            tracker.inject(error, command);
            if (simple) {
                tracker.expect(Kind.SYNC, null);
            }
        } finally {
            channel.lock().unlock();
        }
        if (simple) {
            upstream.write(SYNC);
            upstream.flush();
        } else {
            skippingToSync = true;
        }
    }
}
