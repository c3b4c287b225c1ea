package dev.sluice.proxy.postgres.command;

import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.proxy.approval.ApprovalGate;
import dev.sluice.proxy.core.CommandDecider;
import dev.sluice.proxy.core.ProxyMetrics;
import dev.sluice.proxy.core.ProxySession;
import dev.sluice.proxy.health.SessionLogContext;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.masking.MaskingSession;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.session.CancelSignal;
import dev.sluice.proxy.postgres.session.UpstreamConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay phase of a PostgreSQL session: the calling thread carries client → target, one more thread of the
 * same model carries target → client. Platform threads are the default: on these workloads a blocking relay on
 * virtual threads measured slower (docs/architecture.md).
 */
public final class SessionRelay {
    private static final Logger log = LoggerFactory.getLogger(SessionRelay.class);

    private SessionRelay() {}

    /**
     * Relays until either side ends the session.
     *
     * @param closeClient closes the client socket, to end the client read when the target goes away
     * @param masking     the session's masking state (idle until a command is decided MASK); closed here
     * @param approvals   holds statements that need an approval
     * @param watch       notices a client that leaves while a statement is held
     * @return why the session ended
     */
    public static String run(PgFrameReader client, ClientChannel channel, UpstreamConnection upstream,
            CommandDecider decider, ProxyMetrics metrics, ProxySession session, CancelSignal cancel,
            Thread.Builder threads, Runnable closeClient, MaskingSession masking, ApprovalGate approvals,
            ClientWatch watch)
            throws IOException {
        var tracker = new ResponseTracker(channel, command -> {
            var event = command.toEvent(session.id());
            event.maskedCounts().forEach(metrics::maskedValues);
            session.recorder().record(SessionEventType.COMMAND, event);
        });
        var backend = new BackendRelay(upstream.reader(), channel, tracker, masking);
        AtomicReference<String> upstreamEnd = new AtomicReference<>();
        Thread backendThread = threads.name("pg-target-" + session.id()).start(() -> {
            try (var logContext = SessionLogContext.open(session.id(), session.identity().subject())) {
                backend.run();
                upstreamEnd.compareAndSet(null, "upstream-closed");
            } catch (PgException e) {
                upstreamEnd.compareAndSet(null, "upstream-protocol-error");
                log.warn("session {}: target broke the protocol: {}", session.id(), e.getMessage());
                sendQuietly(channel, ErrorResponse.fatal(SqlState.CONNECTION_FAILURE,
                        "the target sent an invalid message; the session is closed"));
            } catch (IOException e) {
                upstreamEnd.compareAndSet(null, "upstream-closed");
            } finally {
                closeClient.run();
            }
        });
        String reason;
        try {
            reason = new FrontendRelay(client, upstream.output(), channel, tracker, decider, session, cancel, metrics,
                    masking, new ApprovalHold(approvals, channel, cancel, session, watch, metrics)).run();
        } catch (PgException e) {
            // Tell the client before the target's side closes the socket under us.
            sendQuietly(channel, ErrorResponse.fatal(e.sqlState(), e.getMessage()));
            reason = "protocol-error";
        } catch (IOException e) {
            reason = upstreamEnd.get() != null ? upstreamEnd.get() : "client-disconnect";
        } finally {
            upstreamEnd.compareAndSet(null, "client-ended");
            upstream.close();
            joinQuietly(backendThread);
            masking.close();
        }
        String fromUpstream = upstreamEnd.get();
        return reason.equals("client-disconnect") && fromUpstream != null && !fromUpstream.equals("client-ended")
                ? fromUpstream : reason;
    }

    private static void sendQuietly(ClientChannel channel, ErrorResponse error) {
        try {
            channel.send(error);
        } catch (IOException e) {
            // The client is gone as well.
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
