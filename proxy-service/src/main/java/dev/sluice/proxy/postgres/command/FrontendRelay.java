package dev.sluice.proxy.postgres.command;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.proxy.approval.ApprovalOutcome;
import dev.sluice.proxy.approval.ApprovalTrail;
import dev.sluice.proxy.core.CommandDecider;
import dev.sluice.proxy.core.ProxyMetrics;
import dev.sluice.proxy.core.ProxySession;
import dev.sluice.proxy.limits.LimitExceeded;
import dev.sluice.proxy.postgres.codec.FrontendDecoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.command.ResponseTracker.Kind;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.masking.MaskPlan;
import dev.sluice.proxy.postgres.masking.MaskedPortal;
import dev.sluice.proxy.postgres.masking.MaskedStatement;
import dev.sluice.proxy.postgres.masking.MaskingSession;
import dev.sluice.proxy.postgres.masking.ResultMasker;
import dev.sluice.proxy.postgres.masking.ResultShape;
import dev.sluice.proxy.postgres.message.Bind;
import dev.sluice.proxy.postgres.message.Close;
import dev.sluice.proxy.postgres.message.Describe;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.Execute;
import dev.sluice.proxy.postgres.message.Parse;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.session.CancelSignal;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client → target: every Query and every Parse is decided before it reaches the target; everything else is
 * forwarded unchanged as bytes, batched until no complete frame is buffered. A denial is answered in the
 * protocol's own terms: ErrorResponse 42501 at the right point of the response stream, then ReadyForQuery
 * for a simple query, or — in an extended-query batch — the rest of the batch is discarded up to Sync exactly
 * as PostgreSQL does after an error. The session stays usable.
 */
public final class FrontendRelay {
    /**
     * {@code masked}: the masking of its results, or null when they are forwarded as bytes; {@code approval}: the
     * approval that released its Parse, which covers one Bind; {@code bound}: whether that Bind happened.
     */
    private record Statement(String text, Decision decision, MaskedStatement masked, ApprovalTrail approval,
            boolean bound) {
        Statement(String text, Decision decision, MaskedStatement masked) {
            this(text, decision, masked, ApprovalTrail.NONE, false);
        }
    }

    private final PgFrameReader client;
    private final OutputStream upstream;
    private final ClientChannel channel;
    private final ResponseTracker tracker;
    private final CommandDecider decider;
    private final ProxySession session;
    private final CancelSignal cancel;
    private final ProxyMetrics metrics;
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, String> portals = new HashMap<>();
    private final Map<String, MaskedPortal> maskedPortals = new HashMap<>();
    private final MaskingSession masking;
    private final ApprovalHold approvals;
    private final CommandRefusals refusals;
    private String endReason = "client-disconnect";

    FrontendRelay(PgFrameReader client, OutputStream upstream, ClientChannel channel, ResponseTracker tracker,
            CommandDecider decider, ProxySession session, CancelSignal cancel, ProxyMetrics metrics,
            MaskingSession masking, ApprovalHold approvals) {
        this.masking = masking;
        this.approvals = approvals;
        this.client = client;
        this.upstream = upstream;
        this.channel = channel;
        this.tracker = tracker;
        this.decider = decider;
        this.session = session;
        this.cancel = cancel;
        this.metrics = metrics;
        this.refusals = new CommandRefusals(upstream, channel, tracker);
    }

    /** Relays until the client terminates or disconnects; returns why the session ended. */
    public String run() throws IOException {
        while (client.readFrame()) {
            byte type = client.type();
            if (refusals.skippingToSync() && type != PgConstants.SYNC && type != PgConstants.TERMINATE) {
                continue;
            }
            switch (type) {
                case PgConstants.QUERY -> onQuery();
                case PgConstants.PARSE -> onParse();
                case PgConstants.BIND -> onBind();
                case PgConstants.EXECUTE -> onExecute();
                case PgConstants.DESCRIBE -> onDescribe();
                case PgConstants.CLOSE -> onClose();
                case PgConstants.SYNC -> {
                    refusals.synced();
                    forward(Kind.SYNC, null);
                }
                case PgConstants.FLUSH, PgConstants.COPY_DATA, PgConstants.COPY_DONE, PgConstants.COPY_FAIL -> forwardRaw();
                case PgConstants.FUNCTION_CALL -> refusals.deny(Decision.gatewayDeny("gateway:function-call",
                        "the fast-path FunctionCall message is not allowed through Sluice; call the function in SQL"),
                        "FunctionCall", "", true);
                case PgConstants.TERMINATE -> {
                    forwardRaw();
                    upstream.flush();
                    return "client-terminate";
                }
                default -> throw new PgProtocolException(
                        "unexpected message type '" + printable(type) + "' from the client");
            }
        }
        return endReason;
    }

    private void onQuery() throws IOException {
        String sql;
        try {
            sql = ((Query) decodeCurrent()).sql();
        } catch (PgException e) {
            refusals.rejectUndecodable(e, "Query", true);
            return;
        }
        Decision decision = decide(sql, "Query");
        ApprovalTrail approval = ApprovalTrail.NONE;
        if (decision.effect() == Effect.REQUIRE_APPROVAL) {
            ApprovalOutcome outcome = approvals.hold(decision, "Query", sql, List.of());
            approval = outcome.trail();
            if (!(outcome instanceof ApprovalOutcome.Approved)) {
                refusals.refuse(ApprovalHold.error(outcome, decision, "Query"),
                        new PendingCommand("Query", sql, decision, null, approval), true);
                return;
            }
        }
        if (runs(decision, approval)) {
            MaskPlan plan = maskPlan(decision);
            ResultMasker masker = plan == null ? null : masking.forQuery(plan);
            forward(Kind.QUERY, new PendingCommand("Query", sql, decision, masker, approval));
        } else {
            refusals.deny(decision, "Query", sql, true);
        }
    }

    private void onParse() throws IOException {
        Parse parse;
        try {
            parse = (Parse) decodeCurrent();
        } catch (PgException e) {
            refusals.rejectUndecodable(e, "Parse", false);
            return;
        }
        Decision decision = decide(parse.sql(), "Parse");
        ApprovalTrail approval = ApprovalTrail.NONE;
        if (decision.effect() == Effect.REQUIRE_APPROVAL) {
            // The client's pipelined Bind/Describe/Execute/Sync stay unread behind the held Parse, so their order
            // is kept; the parameter values are not known yet (docs/approvals.md).
            ApprovalOutcome outcome = approvals.hold(decision, "Parse", parse.sql(),
                    Arrays.stream(parse.parameterTypes()).mapToObj(Integer::toString).toList());
            approval = outcome.trail();
            if (!(outcome instanceof ApprovalOutcome.Approved)) {
                refusals.refuse(ApprovalHold.error(outcome, decision, "Parse"),
                        new PendingCommand("Parse", parse.sql(), decision, null, approval), false);
                return;
            }
        }
        if (runs(decision, approval)) {
            MaskPlan plan = maskPlan(decision);
            statements.put(parse.statementName(), new Statement(parse.sql(), decision,
                    plan == null ? null : new MaskedStatement(plan, new ResultShape()), approval, false));
            forward(Kind.PARSE, null);
        } else {
            refusals.deny(decision, "Parse", parse.sql(), false);
        }
    }

    private void onBind() throws IOException {
        // Bind starts with the portal name and the statement name; the parameters pass through untouched.
        int offset = client.payloadOffset();
        int end = offset + client.payloadLength();
        int portalEnd = WireStrings.terminator(client.array(), offset, end);
        int statementEnd = WireStrings.terminator(client.array(), portalEnd + 1, end);
        String portal = WireStrings.utf8(client.array(), offset, portalEnd);
        String statementName = WireStrings.utf8(client.array(), portalEnd + 1, statementEnd);
        Statement statement = statements.get(statementName);
        if (statement != null && statement.approval().released()) {
            if (statement.bound()) {
                // An approval is used once: it released one execution of the prepared statement, not a loop.
                refusals.refuse(ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, "Sluice denied this execution: approval "
                        + statement.approval().id() + " covered one execution of this prepared statement; prepare "
                        + "it again to ask for a new approval (rule " + statement.decision().ruleId() + ")"),
                        new PendingCommand("Bind", statement.text(), statement.decision(), null, statement.approval()),
                        false);
                return;
            }
            statements.put(statementName, new Statement(statement.text(), statement.decision(), statement.masked(),
                    statement.approval(), true));
        }
        portals.put(portal, statementName);
        maskedPortals.remove(portal);
        if (masking.active()) {
            bindMasked(portal, statements.get(statementName));
        }
        forward(Kind.BIND, null);
    }

    private void onExecute() throws IOException {
        String portal = ((Execute) decodeCurrent()).portalName();
        String statementName = portals.get(portal);
        Statement statement = statementName == null ? null : statements.get(statementName);
        MaskedPortal masked = maskedPortals.get(portal);
        PendingCommand command = statement == null
                // The target will report the unknown portal; the transcript still shows the attempt.
                ? new PendingCommand("Execute", "", Decision.gatewayDeny("gateway:unknown-portal", "unknown portal"))
                : new PendingCommand("Execute", statement.text(), statement.decision(),
                        masked == null ? null : masking.forPortal(masked), statement.approval());
        if (statement != null) {
            session.countCommand();
            Decision limited = rateLimited();
            if (limited != null) {
                refusals.deny(limited, "Execute", statement.text(), false);
                return;
            }
        }
        forward(Kind.EXECUTE, command);
    }

    private void onClose() throws IOException {
        Close close = (Close) decodeCurrent();
        if (close.target() == PgConstants.TARGET_STATEMENT) {
            statements.remove(close.name());
        } else {
            portals.remove(close.name());
            maskedPortals.remove(close.name());
        }
        forward(Kind.CLOSE, null);
    }

    private Decision decide(String sql, String message) throws IOException {
        // Whatever is batched must reach the target before this thread may wait on a decision.
        upstream.flush();
        session.countCommand();
        if (!session.recorder().healthy()) {
            return Decision.gatewayDeny("gateway:recording-unavailable",
                    "the session can no longer be recorded, so no further commands may run");
        }
        // A Parse only prepares: the rate is taken when the statement runs (Query, Execute).
        Decision limited = message.equals("Query") ? rateLimited() : null;
        if (limited != null) {
            return limited;
        }
        cancel.hold();
        Decision decision = decider.decide(session, CommandType.QUERY, sql, Map.of("message", message));
        if (cancel.release()) {
            return CommandRefusals.CANCELLED;
        }
        metrics.command("postgres", decision.effect().name());
        return switch (decision.effect()) {
            case ALLOW, DENY -> decision;
            // Masking with nothing to mask is a broken policy: fail closed.
            case MASK -> decision.masks().isEmpty() ? Decision.gatewayDeny(decision.ruleId(),
                    "policy requires masking but names no masking rule") : decision;
            case REQUIRE_APPROVAL -> decision;
        };
    }

    /** Whether a decided statement goes to the target: allowed, masked, or approved and released. */
    private static boolean runs(Decision decision, ApprovalTrail approval) {
        return decision.effect() == Effect.ALLOW || decision.effect() == Effect.MASK || approval.released();
    }

    /**
     * The plan a forwarded statement's results are masked with: the decision's own masks (MASK, or an approved
     * REQUIRE_APPROVAL that carries masks), else the session's current plan once any statement was masked (a
     * FETCH or EXECUTE can return what a masked statement selected), else null for the byte-forwarding path.
     */
    private MaskPlan maskPlan(Decision decision) {
        return decision.masks().isEmpty() ? masking.current() : masking.plan(decision.masks());
    }

    private void bindMasked(String portal, Statement statement) {
        if (statement == null) {
            return; // the target reports the unknown statement
        }
        MaskedStatement masked = statement.masked() != null ? statement.masked()
                // Prepared before the session's first masked statement: masked with the current plan from now on.
                : new MaskedStatement(masking.current(), new ResultShape());
        var bind = (Bind) decodeCurrent();
        maskedPortals.put(portal, new MaskedPortal(masked, bind.resultFormats(), new ResultShape()));
    }

    private void onDescribe() throws IOException {
        ResultShape shape = null;
        if (masking.active()) {
            var describe = (Describe) decodeCurrent();
            if (describe.target() == PgConstants.TARGET_PORTAL) {
                MaskedPortal portal = maskedPortals.get(describe.name());
                shape = portal == null ? null : portal.shape();
            } else {
                Statement statement = statements.get(describe.name());
                shape = statement == null || statement.masked() == null ? null : statement.masked().shape();
            }
        }
        if (shape == null) {
            forward(Kind.DESCRIBE, null);
            return;
        }
        channel.lock().lock();
        try {
            tracker.expectDescribe(shape);
        } finally {
            channel.lock().unlock();
        }
        forwardRaw();
    }

    /** A gateway denial when the identity's statement rate is used up, else null; counted and audited. */
    private Decision rateLimited() {
        LimitExceeded exceeded = session.statementLimit();
        if (exceeded == null) {
            return null;
        }
        metrics.limitExceeded("postgres", exceeded.limit());
        if (exceeded.refused() > 0) {
            session.recorder().limitExceeded(session, exceeded);
        }
        return Decision.gatewayDeny(CommandRefusals.RATE_LIMIT_RULE + exceeded.ruleId(), exceeded.message());
    }

    private Object decodeCurrent() {
        return FrontendDecoder.decode(client.type(), client.array(), client.payloadOffset(), client.payloadLength());
    }

    private void forward(Kind kind, PendingCommand command) throws IOException {
        channel.lock().lock();
        try {
            tracker.expect(kind, command);
        } finally {
            channel.lock().unlock();
        }
        forwardRaw();
    }

    private void forwardRaw() throws IOException {
        upstream.write(client.array(), client.frameOffset(), client.frameLength());
        if (!client.hasCompleteFrameBuffered()) {
            upstream.flush();
        }
    }

    private static String printable(byte type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type);
    }
}
