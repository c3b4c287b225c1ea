package dev.sluice.proxy.postgres;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.event.SessionEnded;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.proxy.config.ProxyProperties.TargetConnection;
import dev.sluice.proxy.core.ProtocolConnection;
import dev.sluice.proxy.core.ProxySession;
import dev.sluice.proxy.core.RefusalKind;
import dev.sluice.proxy.core.RefusedException;
import dev.sluice.proxy.core.SessionRecorder;
import dev.sluice.proxy.credentials.CredentialException;
import dev.sluice.proxy.events.ConnectionAttempt;
import dev.sluice.proxy.events.ConnectionRefusals;
import dev.sluice.proxy.health.SessionLogContext;
import dev.sluice.proxy.identity.SessionGuard;
import dev.sluice.proxy.identity.VerifiedToken;
import dev.sluice.proxy.limits.IdentityLimits;
import dev.sluice.proxy.limits.LimitExceeded;
import dev.sluice.proxy.postgres.codec.FrontendDecoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.command.ClientChannel;
import dev.sluice.proxy.postgres.command.ClientWatch;
import dev.sluice.proxy.postgres.command.SessionRelay;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.masking.MaskingSession;
import dev.sluice.proxy.postgres.message.AuthenticationCleartextPassword;
import dev.sluice.proxy.postgres.message.AuthenticationOk;
import dev.sluice.proxy.postgres.message.BackendKeyData;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.ReadyForQuery;
import dev.sluice.proxy.postgres.message.StartupMessage;
import dev.sluice.proxy.postgres.session.CancelSignal;
import dev.sluice.proxy.postgres.session.StartupNegotiation;
import dev.sluice.proxy.postgres.session.UpstreamConnection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection speaking the PostgreSQL protocol 3.0
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html">message flow</a>): start-up with optional
 * TLS, a Sluice token as the cleartext password, a policy decision to connect, the target opened with the
 * proxy's own credential, then the decided relay.
 */
public final class PostgresConnection implements ProtocolConnection {
    private static final Logger log = LoggerFactory.getLogger(PostgresConnection.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final PostgresGateway gateway;
    private final StartupNegotiation negotiation;
    private ClientChannel channel;
    private PgFrameReader clientReader;
    private StartupMessage startup;
    private Identity identity;
    private TargetConnection target;
    private ProxySession session;
    private UpstreamConnection upstream;
    private BackendKeyData proxyKey;
    private CancelSignal cancelSignal;
    private String endReason = "client-disconnect";
    private VerifiedToken token;
    private SessionGuard.Watch watch;
    private IdentityLimits.Lease limits;
    private volatile String terminatedFor;
    /** Whether the client got ReadyForQuery: refusals before that are refused connection attempts. */
    private boolean clientReady;
    /** The connect decision that refused the session, for the audit feed. */
    private Decision refusingDecision;
    private String sessionId;
    /** Session id and subject on this thread's log lines from authorization to close. */
    private SessionLogContext logContext;

    public PostgresConnection(Socket socket, PostgresGateway gateway) {
        this.gateway = gateway;
        this.negotiation = new StartupNegotiation(socket, gateway.tls(), gateway.cancels(),
                gateway.properties().postgres().connectTimeout());
    }

    @Override
    public boolean startup() throws IOException {
        startup = negotiation.negotiate();
        if (startup == null) {
            return false;
        }
        channel = new ClientChannel(new BufferedOutputStream(negotiation.output(), BUFFER_SIZE));
        clientReader = new PgFrameReader(negotiation.input(),
                (int) gateway.properties().postgres().maxFrameLength().toBytes(), BUFFER_SIZE);
        negotiation.sendNegotiateProtocolVersionIfNeeded(startup, channel);
        return true;
    }

    @Override
    public void authenticate() throws IOException {
        if (!negotiation.encrypted() && !negotiation.fromLoopback()
                && gateway.properties().postgres().tls().requireForRemoteClients()) {
            throw new RefusedException(RefusalKind.TRANSPORT_SECURITY,
                    "Sluice accepts tokens only over TLS from remote clients: connect with sslmode=require");
        }
        channel.send(new AuthenticationCleartextPassword());
        if (!clientReader.readFrame()) {
            throw new java.io.EOFException("client left during authentication");
        }
        if (clientReader.type() != PgConstants.PASSWORD_MESSAGE) {
            throw new PgProtocolException("expected a password message");
        }
        var password = (PasswordMessage) FrontendDecoder.decode(clientReader.type(), clientReader.array(),
                clientReader.payloadOffset(), clientReader.payloadLength());
        try {
            token = gateway.tokens().verifyToken(password.cleartext());
            identity = token.identity();
        } catch (RefusedException e) {
            gateway.metrics().authenticationFailed("postgres", e.reasonCode());
            log.info("authentication refused for user \"{}\" from {}: {}", user(), negotiation.clientAddress(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void authorize() {
        String name = startup.parameters().getOrDefault("database", "");
        target = gateway.properties().connections().get(name);
        if (target == null || !"postgres".equals(target.protocol())) {
            throw new RefusedException(RefusalKind.UNKNOWN_CONNECTION,
                    "connection \"" + name + "\" is not configured in Sluice");
        }
        sessionId = UUID.randomUUID().toString();
        logContext = SessionLogContext.open(sessionId, identity.subject());
        var recorder = new SessionRecorder(sessionId, "sluice://proxy/" + gateway.properties().instanceId(),
                gateway.json(), gateway.events());
        session = new ProxySession(sessionId, identity, new ConnectionRef(name, "postgres", target.tags()),
                negotiation.clientAddress(), recorder);
        Decision decision = gateway.decider().decide(session, CommandType.CONNECT, "",
                Map.of("user", user(), "application_name", startup.parameters().getOrDefault("application_name", "")));
        if (decision.effect() != Effect.ALLOW) {
            session = null;
            refusingDecision = decision;
            throw new RefusedException(RefusalKind.AUTHORIZATION, "Sluice denied access to connection \"" + name
                    + "\": " + decision.reason() + " (rule " + decision.ruleId() + ")");
        }
        admit(decision);
        boolean recorded = recorder.record(SessionEventType.SESSION_STARTED, new SessionStarted(sessionId, identity,
                session.connection(), negotiation.clientAddress(),
                startup.parameters().getOrDefault("application_name", ""), gateway.properties().instanceId()));
        if (!recorded) {
            throw new RefusedException(RefusalKind.INTERNAL, "the session cannot be recorded; try again later");
        }
        gateway.metrics().sessionOpened("postgres", name);
        log.info("session {} started: {} ({}) to {} from {}", sessionId, identity.subject(), identity.kind(), name,
                negotiation.clientAddress());
    }

    /** Counts the session against the identity's limits, or refuses it (53300) before the target is opened. */
    private void admit(Decision decision) {
        switch (gateway.limits().open(identity.subject(), session.connection().name(), decision.limits())) {
            case IdentityLimits.Lease lease -> {
                limits = lease;
                session.limitedBy(lease);
            }
            case LimitExceeded exceeded -> {
                gateway.metrics().limitExceeded("postgres", exceeded.limit());
                session.recorder().limitExceeded(session, exceeded);
                log.info("session {} of {} refused: {}", session.id(), identity.subject(), exceeded.message());
                session = null;
                throw new RefusedException(RefusalKind.LIMIT, exceeded.limit(), exceeded.message());
            }
        }
    }

    @Override
    public void connectUpstream() {
        var postgres = gateway.properties().postgres();
        try {
            target = target.withPassword(gateway.credentials().password(session.connection().name(), target));
        } catch (CredentialException e) {
            // The message names the source (variable, file, store entry), never a value.
            log.warn("session {}: {}", session.id(), e.getMessage());
            throw new RefusedException(RefusalKind.UPSTREAM_UNAVAILABLE,
                    "the credential of connection \"" + session.connection().name() + "\" is not available");
        }
        try {
            upstream = UpstreamConnection.open(target, StartupNegotiation.forwardedParameters(startup),
                    postgres.connectTimeout(), (int) postgres.maxFrameLength().toBytes());
        } catch (IOException e) {
            throw new RefusedException(RefusalKind.UPSTREAM_UNAVAILABLE,
                    "cannot reach the target of connection \"" + session.connection().name() + "\"");
        }
    }

    @Override
    public void makeClientReady() throws IOException {
        var registration = gateway.cancels().register(target.host(), target.port(), upstream.backendKey());
        proxyKey = registration.proxyKey();
        cancelSignal = registration.signal();
        List<BackendMessage> ready = new ArrayList<>();
        ready.add(new AuthenticationOk());
        ready.addAll(upstream.parameters());
        ready.add(proxyKey);
        ready.add(new ReadyForQuery(upstream.transactionStatus()));
        channel.send(ready.toArray(BackendMessage[]::new));
        negotiation.endStartupTimeout();
        watch = gateway.tokens().guard().watch(token, this::terminate);
        clientReady = true;
    }

    /**
     * Ends a live session whose token expired or was revoked: a FATAL 57P01 (admin_shutdown, as for
     * pg_terminate_backend) with the reason, then both sockets closed, which ends the relay.
     */
    private void terminate(String reason) {
        terminatedFor = reason;
        log.info("session {} of {} terminated: {}", session.id(), identity.subject(), reason);
        try {
            channel.send(ErrorResponse.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection: " + reason));
        } catch (IOException | RuntimeException e) {
            // The client is gone already.
        }
        negotiation.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    @Override
    public void relay() throws IOException {
        var postgres = gateway.properties().postgres();
        endReason = SessionRelay.run(clientReader, channel, upstream, gateway.decider(), gateway.metrics(), session,
                cancelSignal,
                postgres.threadModel().builder("pg-target"), negotiation::close,
                new MaskingSession(gateway.masking(), () -> UpstreamConnection.open(target,
                        Map.of("application_name", "sluice-masking-catalog", "client_encoding", "UTF8"),
                        postgres.connectTimeout(),
                        (int) postgres.maxFrameLength().toBytes())), gateway.approvals(),
                new ClientWatch(clientReader, negotiation::readTimeout));
    }

    @Override
    public void refuse(Throwable failure) {
        ErrorResponse error = switch (failure) {
            case RefusedException refused -> ErrorResponse.fatal(sqlState(refused.kind()), refusalMessage(refused));
            case PgException pg -> ErrorResponse.fatal(pg.sqlState(), pg.getMessage());
            default -> {
                log.error("internal error in a PostgreSQL session", failure);
                yield ErrorResponse.fatal(SqlState.INTERNAL_ERROR, "internal gateway error");
            }
        };
        endReason = failure instanceof PgException ? "protocol-error" : "refused";
        if (!clientReady) {
            auditRefusal(failure, error);
        }
        try {
            if (channel != null) {
                channel.send(error);
            } else {
                negotiation.sendBeforeStartup(error);
            }
        } catch (IOException | RuntimeException e) {
            // The client is gone; nothing more to tell it.
        }
    }

    /** Every refused connection attempt reaches the audit feed, with what was known of it; never the token. */
    private void auditRefusal(Throwable failure, ErrorResponse error) {
        String name = startup == null ? null : startup.parameters().get("database");
        var attempt = new ConnectionAttempt("postgres", negotiation.clientAddress(), negotiation.encrypted(), name,
                identity, sessionId,
                refusingDecision == null ? null : refusingDecision.ruleId(),
                refusingDecision == null ? null : refusingDecision.policyVersion());
        var refusals = new ConnectionRefusals(gateway.properties().instanceId(), gateway.json(), gateway.events());
        switch (failure) {
            case RefusedException refused ->
                    refusals.refused(attempt, refused.kind().name(), refused.reasonCode(), refused.getMessage());
            case PgProtocolException broken -> refusals.refused(attempt, "protocol", "protocol-violation",
                    broken.getMessage());
            case PgException invalid -> refusals.refused(attempt, "protocol", "invalid-startup", invalid.getMessage());
            default -> refusals.refused(attempt, "internal", "internal", error.message());
        }
    }

    private String refusalMessage(RefusedException refused) {
        if (refused.kind() == RefusalKind.AUTHENTICATION) {
            // Phrased like PostgreSQL's own message so that clients classify it as a password failure.
            return "password authentication failed for user \"" + user() + "\": " + refused.getMessage();
        }
        return refused.getMessage();
    }

    private static String sqlState(RefusalKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> SqlState.INVALID_PASSWORD;
            case AUTHORIZATION, TRANSPORT_SECURITY -> SqlState.INVALID_AUTHORIZATION;
            case PROTOCOL -> SqlState.PROTOCOL_VIOLATION;
            case UPSTREAM_UNAVAILABLE -> SqlState.CONNECTION_FAILURE;
            case LIMIT -> SqlState.TOO_MANY_CONNECTIONS;
            case UNKNOWN_CONNECTION -> "3D000";
            case SHUTDOWN -> SqlState.ADMIN_SHUTDOWN;
            case INTERNAL -> SqlState.INTERNAL_ERROR;
        };
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (limits != null) {
            limits.close();
        }
        if (terminatedFor != null) {
            endReason = terminatedFor.contains("expired") ? "token-expired" : "identity-revoked";
        }
        gateway.cancels().unregister(proxyKey);
        if (upstream != null) {
            upstream.close();
        }
        negotiation.close();
        if (session != null) {
            gateway.metrics().sessionClosed("postgres", session.connection().name());
            session.recorder().record(SessionEventType.SESSION_ENDED,
                    new SessionEnded(session.id(), endReason, session.commands(), session.ageMillis()));
            log.info("session {} ended: {} after {} commands", session.id(), endReason, session.commands());
        }
        if (logContext != null) {
            logContext.close();
        }
    }

    private String user() {
        return startup == null ? "" : startup.parameters().getOrDefault("user", "");
    }
}
