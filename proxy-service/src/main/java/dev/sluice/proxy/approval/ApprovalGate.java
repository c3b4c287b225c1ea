package dev.sluice.proxy.approval;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.proxy.core.ProxySession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one statement until its approval request is final, for any protocol: create the request, let the protocol
 * tell its client where to look, wait on approval-service's long-poll (each answer arrives the moment a reviewer
 * decides; the poll is only repeated when it times out), and consume the approval for exactly the statement it
 * was given for. Runs on the session's own thread, so a waiting session blocks no other.
 *
 * <p>Fails closed: a request that cannot be created, is gone, or cannot be consumed refuses the statement. While
 * waiting, an unreachable approval-service is retried with bounded backoff — the pending request lives in
 * approval-service's database, so the gateway re-attaches to it by id after a restart — until the request's
 * expiry has passed, then the statement is refused.
 */
public final class ApprovalGate {
    private static final Logger log = LoggerFactory.getLogger(ApprovalGate.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    /** Tells the client that its statement is held (a notice naming the URL); the client may be gone. */
    @FunctionalInterface
    public interface Notice {
        void send(ApprovalStatus pending, Duration timeout) throws IOException;
    }

    private final ApprovalClient client;

    public ApprovalGate(ApprovalClient client) {
        this.client = client;
    }

    /**
     * Holds a statement until it may run or must be refused.
     *
     * @param message    the protocol message that carried it ({@code Query}, {@code Parse})
     * @param parameters what the protocol knows of its parameters (see {@link BindingHash})
     * @param abort      completes with a reason when the client cancels or leaves; the request is then cancelled
     * @throws IOException when the notice cannot be sent: the client is gone (the request is cancelled first)
     */
    public ApprovalOutcome hold(ProxySession session, Decision decision, String message, String statement,
            List<String> parameters, Notice notice, CompletableFuture<String> abort) throws IOException {
        ApprovalSpec spec = decision.approval();
        if (spec == null || spec.reviewers().isEmpty() || spec.timeout() == null || spec.timeout().isNegative()
                || spec.timeout().isZero()) {
            return refused("the policy requires an approval but names no reviewers or timeout", "UNAVAILABLE");
        }
        var identity = session.identity();
        String binding = BindingHash.of(session.connection().name(), identity.subject(), session.id(), message,
                statement, parameters);
        ApprovalStatus pending;
        try {
            pending = client.create(new NewApprovalRequest(
                    new NewApprovalRequest.Requester(identity.subject(), identity.kind().name().toLowerCase(Locale.ROOT),
                            identity.groups()),
                    session.connection().name(), session.id(), statement, message, binding, decision.reason(),
                    decision.ruleId(), decision.policyVersion(),
                    new NewApprovalRequest.Spec(spec.reviewers(), Math.max(1, spec.minApprovals()),
                            spec.timeout().toSeconds())));
        } catch (ApprovalCallException e) {
            log.warn("session {}: approval request not created: {}", session.id(), e.getMessage());
            return refused(e.unreachable() ? "approval service unavailable (" + e.getMessage() + ")"
                    : "approval service refused the request (" + e.getMessage() + ")", "UNAVAILABLE");
        }
        log.info("session {}: statement held for approval {} (rule {})", session.id(), pending.id(), decision.ruleId());
        try {
            notice.send(pending, spec.timeout());
        } catch (IOException e) {
            cancelQuietly(session, pending.id(), "the client disconnected");
            throw e;
        }
        return await(session, pending, spec.timeout(), binding, abort);
    }

    private ApprovalOutcome await(ProxySession session, ApprovalStatus created, Duration timeout, String binding,
            CompletableFuture<String> abort) {
        String id = created.id();
        Instant expiresAt = created.expiresAt() != null ? created.expiresAt() : Instant.now().plus(timeout);
        // approval-service records the expiry itself; past it (and a margin for its sweep) we stop re-attaching
        Instant giveUp = expiresAt.plus(client.settings().maxBackoff()).plus(client.settings().requestTimeout());
        Duration backoff = FIRST_BACKOFF;
        ApprovalStatus last = created;
        while (true) {
            CompletableFuture<ApprovalStatus> poll = client.await(id, client.settings().longPoll());
            try {
                CompletableFuture.anyOf(poll, abort).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort.complete("the gateway is shutting down");
            } catch (ExecutionException e) {
                // the poll failed: looked at below
            }
            if (abort.isDone()) {
                poll.cancel(true);
                return cancel(session, last, abort.getNow("cancelled"));
            }
            ApprovalStatus status;
            try {
                status = poll.join();
            } catch (CompletionException e) {
                ApprovalCallException failure = e.getCause() instanceof ApprovalCallException call ? call
                        : ApprovalCallException.unreachable("approval-service is unreachable", e.getCause());
                if (!failure.unreachable()) {
                    return refused(failure.gone() ? "the approval request " + id + " no longer exists"
                            : "approval service refused to report request " + id + " (" + failure.getMessage() + ")",
                            "UNAVAILABLE", id);
                }
                if (Instant.now().isAfter(giveUp)) {
                    return refused("approval service unavailable until the request expired", "UNAVAILABLE", id);
                }
                log.debug("session {}: approval {} not reachable, re-attaching in {}", session.id(), id, backoff);
                if (pause(backoff, abort)) {
                    return cancel(session, last, abort.getNow("cancelled"));
                }
                backoff = min(backoff.multipliedBy(2), client.settings().maxBackoff());
                continue;
            }
            backoff = FIRST_BACKOFF;
            last = status;
            if (!status.pending()) {
                return decided(session, status, timeout, binding);
            }
        }
    }

    private ApprovalOutcome decided(ProxySession session, ApprovalStatus status, Duration timeout, String binding) {
        String who = status.decidedBy().isBlank() ? "" : " by " + status.decidedBy();
        String comment = status.comment().isBlank() ? "" : ": " + status.comment();
        log.info("session {}: approval {} ended {}", session.id(), status.id(), status.state());
        return switch (status.state()) {
            case "APPROVED" -> consume(status, binding);
            case "DENIED" -> new ApprovalOutcome.Refused("approval " + status.id() + " was denied" + who + comment,
                    ApprovalTrail.of(status, "DENIED"));
            case "EXPIRED" -> new ApprovalOutcome.Refused("approval " + status.id() + " expired after "
                    + human(timeout) + " without a decision", ApprovalTrail.of(status, "EXPIRED"));
            case "CANCELLED" -> new ApprovalOutcome.Refused("approval " + status.id() + " was cancelled" + who + comment,
                    ApprovalTrail.of(status, "CANCELLED"));
            // USED by someone else, or a state this gateway does not know: never run on it
            default -> new ApprovalOutcome.Refused("approval " + status.id() + " is " + status.state()
                    .toLowerCase(Locale.ROOT) + " and cannot release this statement", ApprovalTrail.of(status,
                    status.state()));
        };
    }

    private ApprovalOutcome consume(ApprovalStatus approved, String binding) {
        try {
            ApprovalStatus used = client.consume(approved.id(), binding);
            return new ApprovalOutcome.Approved(ApprovalTrail.of(used, "USED"));
        } catch (ApprovalCallException e) {
            return new ApprovalOutcome.Refused("approval " + approved.id() + " could not be used (" + e.getMessage()
                    + ")", ApprovalTrail.of(approved, "APPROVED"));
        }
    }

    private ApprovalOutcome cancel(ProxySession session, ApprovalStatus last, String reason) {
        ApprovalStatus cancelled = cancelQuietly(session, last.id(), reason);
        return new ApprovalOutcome.Cancelled(cancelled != null ? ApprovalTrail.of(cancelled, cancelled.state())
                : ApprovalTrail.of(last, "CANCELLED"));
    }

    private ApprovalStatus cancelQuietly(ProxySession session, String id, String reason) {
        try {
            return client.cancel(id, reason);
        } catch (ApprovalCallException e) {
            // Already final, or unreachable: the request expires on its own and can never be consumed by anyone
            // but this gateway, which has given up on it.
            log.info("session {}: approval {} not cancelled: {}", session.id(), id, e.getMessage());
            return null;
        }
    }

    /** Waits out a backoff; true when the client aborted meanwhile. */
    private static boolean pause(Duration backoff, CompletableFuture<String> abort) {
        try {
            abort.get(backoff.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static ApprovalOutcome refused(String reason, String state) {
        return refused(reason, state, "");
    }

    private static ApprovalOutcome refused(String reason, String state, String id) {
        return new ApprovalOutcome.Refused(reason, new ApprovalTrail(id, state, List.of(), ""));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** {@code 10m}, {@code 90s}, {@code 2h}: how the policy wrote it. */
    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
