package dev.sluice.proxy.postgres.command;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.proxy.approval.ApprovalGate;
import dev.sluice.proxy.approval.ApprovalOutcome;
import dev.sluice.proxy.approval.ApprovalStatus;
import dev.sluice.proxy.core.ProxyMetrics;
import dev.sluice.proxy.core.ProxySession;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.NoticeFields;
import dev.sluice.proxy.postgres.message.NoticeResponse;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.session.CancelSignal;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL side of holding a statement for approval: a NoticeResponse naming the approval URL and the
 * policy's reason, flushed at once so that psql prints it while the statement waits (a notice may arrive at any
 * time, <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-ASYNC">asynchronous
 * operations</a>); a CancelRequest or a disconnect while waiting withdraws the request; refusals become
 * ErrorResponses.
 */
final class ApprovalHold {
    /** SQLSTATE of the notice: class 01, warning, as the statement has not run yet. */
    static final String NOTICE_STATE = "01000";

    private final ApprovalGate gate;
    private final ClientChannel channel;
    private final CancelSignal cancel;
    private final ProxySession session;
    private final ClientWatch watch;
    private final ProxyMetrics metrics;

    ApprovalHold(ApprovalGate gate, ClientChannel channel, CancelSignal cancel, ProxySession session,
            ClientWatch watch, ProxyMetrics metrics) {
        this.watch = watch;
        this.metrics = metrics;
        this.gate = gate;
        this.channel = channel;
        this.cancel = cancel;
        this.session = session;
    }

    /**
     * Holds the statement until it is approved or refused.
     *
     * @throws IOException when the client is gone (the request is cancelled)
     */
    ApprovalOutcome hold(Decision decision, String message, String sql, List<String> parameters) throws IOException {
        cancel.hold();
        // a cancel request and a disconnect both end the wait, through the same future
        var abort = cancel.requests();
        ClientWatch.Stop watching = watch.start(abort);
        try {
            ApprovalOutcome outcome = gate.hold(session, decision, message, sql, parameters,
                    (pending, timeout) -> channel.send(notice(decision, pending, timeout)), abort);
            metrics.held("postgres", outcome.trail().state().toLowerCase(java.util.Locale.ROOT));
            return outcome;
        } finally {
            watching.stop();
            cancel.release();
        }
    }

    /** The error a refused or cancelled statement gets. */
    static ErrorResponse error(ApprovalOutcome outcome, Decision decision, String message) {
        return switch (outcome) {
            case ApprovalOutcome.Cancelled cancelled ->
                    ErrorResponse.error(SqlState.QUERY_CANCELED, "canceling statement due to user request");
            case ApprovalOutcome.Refused refused -> ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE,
                    "Sluice denied this " + (message.equals("Parse") ? "prepared " : "") + "statement: "
                            + refused.reason() + " (rule " + decision.ruleId() + ")");
            case ApprovalOutcome.Approved approved ->
                    throw new IllegalArgumentException("an approved statement is not refused");
        };
    }

    private static NoticeResponse notice(Decision decision, ApprovalStatus pending, Duration timeout) {
        var fields = new java.util.LinkedHashMap<>(NoticeFields.basic("NOTICE", NOTICE_STATE,
                "Sluice is holding this statement until it is approved: " + pending.url()));
        String reason = decision.reason() == null || decision.reason().isBlank() ? "policy requires an approval"
                : decision.reason();
        fields.put(PgConstants.FIELD_DETAIL, reason + " (rule " + decision.ruleId() + "); it waits up to "
                + human(timeout) + ".");
        fields.put(PgConstants.FIELD_HINT, "Cancel the statement (Ctrl-C in psql) to withdraw the request.");
        return new NoticeResponse(fields);
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
