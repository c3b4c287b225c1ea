package dev.sluice.approval.service;

import dev.sluice.approval.metrics.ApprovalMetrics;
import dev.sluice.approval.store.ApprovalRepository;
import dev.sluice.approval.store.ApprovalRequest;
import dev.sluice.approval.store.ApprovalState;
import dev.sluice.approval.store.NewApproval;
import dev.sluice.approval.store.Vote;
import dev.sluice.approval.store.VoteRepository;
import dev.sluice.contracts.audit.AuditTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rules of approval requests: who may see, decide, cancel and consume them, and the transitions
 * {@code PENDING → APPROVED | DENIED | EXPIRED | CANCELLED}, {@code APPROVED → USED}. Each transition runs in its
 * own transaction against a versioned row; a transition that lost a race is retried against the state that won,
 * so racing clicks always leave exactly one final state. Committed transitions wake long-poll waiters and are
 * published to {@code sluice.audit}.
 */
public final class ApprovalService {
    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    private static final int MAX_ATTEMPTS = 8;

    private final ApprovalRepository approvals;
    private final VoteRepository votes;
    private final TransactionTemplate transactions;
    private final StateWaiters waiters;
    private final AuditPublisher audit;
    private final Clock clock;
    private final Duration useWithin;
    private final ApprovalMetrics metrics;
    private final PendingListener pendingListener;

    /** Told, inside the creating transaction, about a new pending request (reviewer notifications use it). */
    @FunctionalInterface
    public interface PendingListener {
        void pending(ApprovalRequest request);
    }

    public ApprovalService(ApprovalRepository approvals, VoteRepository votes, TransactionTemplate transactions,
            StateWaiters waiters, AuditPublisher audit, Clock clock, Duration useWithin, ApprovalMetrics metrics) {
        this(approvals, votes, transactions, waiters, audit, clock, useWithin, metrics, request -> { });
    }

    public ApprovalService(ApprovalRepository approvals, VoteRepository votes, TransactionTemplate transactions,
            StateWaiters waiters, AuditPublisher audit, Clock clock, Duration useWithin, ApprovalMetrics metrics,
            PendingListener pendingListener) {
        this.pendingListener = pendingListener;
        this.metrics = metrics;
        this.approvals = approvals;
        this.votes = votes;
        this.transactions = transactions;
        this.waiters = waiters;
        this.audit = audit;
        this.clock = clock;
        this.useWithin = useWithin;
    }

    /** A proxy holds a statement: a new pending request. */
    public ApprovalRequest create(Caller caller, NewApproval request) {
        if (!caller.isProxy()) {
            throw ApprovalException.forbidden("forbidden", "only the gateway may create approval requests");
        }
        ApprovalRequest created = transactions.execute(status -> {
            ApprovalRequest saved = approvals.save(new ApprovalRequest(UUID.randomUUID(), request, clock.instant()));
            // same transaction: the request and its notifications are committed together or not at all
            pendingListener.pending(saved);
            return saved;
        });
        log.info("approval {} created: {} on {} by rule {}", created.id(), created.requesterSubject(),
                created.connection(), created.ruleId());
        publish(created, "created", created.requesterSubject(), "");
        // nobody waits on a new id yet; this tells the reviewer UI's live updates
        waiters.transitioned(created.id());
        metrics.pendingChanged(approvals.countByState(ApprovalState.PENDING));
        return created;
    }

    /** One request, if the caller may see it; a pending request past its expiry is expired first. */
    public ApprovalRequest find(Caller caller, UUID id) {
        ApprovalRequest request = approvals.findById(id).orElseThrow(ApprovalException::notFound);
        requireVisible(caller, request);
        if (request.state() == ApprovalState.PENDING && !clock.instant().isBefore(request.expiresAt())) {
            return expire(id);
        }
        return request;
    }

    /** Recent requests the caller may see, newest first, optionally of one state. */
    public List<ApprovalRequest> list(Caller caller, ApprovalState state, int limit) {
        expireDue();
        return approvals.findRecent(state, PageRequest.of(0, 500)).stream()
                .filter(request -> visible(caller, request))
                .limit(limit)
                .toList();
    }

    /** The votes cast on a request, oldest first. */
    public List<Vote> votes(UUID id) {
        return votes.findByApprovalIdOrderByVotedAt(id);
    }

    /** A reviewer approves or denies. */
    public ApprovalRequest decide(Caller caller, UUID id, Vote.Choice choice, String comment) {
        String note = comment == null ? "" : comment;
        expireIfDue(id);
        ApprovalRequest decided = transition(id, request -> {
            if (caller.isProxy() || !caller.inAny(request.reviewers())) {
                throw ApprovalException.forbidden("not_a_reviewer",
                        "only members of " + request.reviewers() + " may decide this request");
            }
            if (!"human".equals(caller.kind())) {
                throw ApprovalException.forbidden("not_a_reviewer", "only human identities may review requests");
            }
            if (caller.subject().equals(request.requesterSubject())) {
                throw ApprovalException.forbidden("self_approval", "nobody may decide their own request");
            }
            Instant now = clock.instant();
            requirePending(request, now);
            if (votes.existsById(new Vote.Key(id, caller.subject()))) {
                throw ApprovalException.conflict("already_voted",
                        caller.subject() + " has already decided on this request; another reviewer must");
            }
            votes.save(new Vote(id, caller.subject(), choice, note, now));
            switch (choice) {
                case APPROVE -> request.approve(caller.subject(), note, now);
                case DENY -> request.decide(ApprovalState.DENIED, caller.subject(), note, now);
            }
            return request;
        });
        String action = switch (decided.state()) {
            case APPROVED -> "approved";
            case DENIED -> "denied";
            default -> "vote";
        };
        Map<String, Object> extra = Map.of("vote", choice.name().toLowerCase(java.util.Locale.ROOT),
                "approvals", decided.approvals(), "minApprovals", decided.minApprovals());
        publish(decided, action, caller.subject(), note, extra);
        return decided;
    }

    /** The requester or the gateway withdraws a pending request (client cancel or disconnect). */
    public ApprovalRequest cancel(Caller caller, UUID id, String reason) {
        String note = reason == null || reason.isBlank() ? "cancelled" : reason;
        expireIfDue(id);
        ApprovalRequest cancelled = transition(id, request -> {
            if (!caller.isProxy() && !caller.subject().equals(request.requesterSubject())) {
                throw ApprovalException.forbidden("forbidden", "only the requester or the gateway may cancel");
            }
            requirePending(request, clock.instant());
            request.decide(ApprovalState.CANCELLED, caller.subject(), note, clock.instant());
            return request;
        });
        publish(cancelled, "cancelled", caller.subject(), note);
        return cancelled;
    }

    /** The gateway releases an approved statement, exactly once and only for the statement that was approved. */
    public ApprovalRequest consume(Caller caller, UUID id, String bindingHash) {
        if (!caller.isProxy()) {
            throw ApprovalException.forbidden("forbidden", "only the gateway may use an approval");
        }
        expireIfDue(id);
        ApprovalRequest used = transition(id, request -> {
            if (!request.bindingHash().equals(bindingHash)) {
                throw ApprovalException.conflict("binding_mismatch",
                        "this approval was given for another statement, connection, requester or session");
            }
            Instant now = clock.instant();
            if (request.state() == ApprovalState.PENDING) {
                requirePending(request, now);
                throw ApprovalException.conflict("not_approved", "the request is still pending");
            }
            if (request.state() != ApprovalState.APPROVED) {
                throw ApprovalException.conflict("not_approved", "the request is " + stateName(request.state()));
            }
            if (now.isAfter(request.decidedAt().plus(useWithin))) {
                throw ApprovalException.conflict("approval_stale", "the approval was not used within " + useWithin);
            }
            request.use(now);
            return request;
        });
        publish(used, "used", used.requesterSubject(), "");
        return used;
    }

    /** Marks every pending request past its expiry as EXPIRED; returns how many. */
    public int expireDue() {
        List<UUID> due = approvals.findExpiredPending(clock.instant());
        for (UUID id : due) {
            expire(id);
        }
        return due.size();
    }

    private ApprovalRequest expire(UUID id) {
        boolean[] expiredNow = {false};
        ApprovalRequest request = transition(id, current -> {
            expiredNow[0] = false;
            if (current.state() == ApprovalState.PENDING && !clock.instant().isBefore(current.expiresAt())) {
                current.decide(ApprovalState.EXPIRED, "", "no decision before " + current.expiresAt(),
                        clock.instant());
                expiredNow[0] = true;
            }
            return current;
        });
        if (expiredNow[0]) {
            publish(request, "expired", "", "");
        }
        return request;
    }

    /** Records the expiry of {@code id} first if it is due, so that a refused transition still shows it. */
    private void expireIfDue(UUID id) {
        approvals.findById(id).ifPresent(request -> {
            if (request.state() == ApprovalState.PENDING && !clock.instant().isBefore(request.expiresAt())) {
                expire(id);
            }
        });
    }

    private static void requirePending(ApprovalRequest request, Instant now) {
        if (request.state() == ApprovalState.PENDING && !now.isBefore(request.expiresAt())) {
            // the sweep (or the next read) records the expiry; this transition must not happen
            throw ApprovalException.conflict("already_decided", "the request has expired");
        }
        if (request.state() != ApprovalState.PENDING) {
            throw ApprovalException.conflict("already_decided", "the request is already " + stateName(request.state()));
        }
    }

    /**
     * Runs one transition in its own transaction; a conflicting concurrent transition (version or duplicate vote)
     * makes it re-run against the fresh row. Waiters are woken after commit.
     */
    private ApprovalRequest transition(UUID id, Function<ApprovalRequest, ApprovalRequest> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                boolean[] wasPending = new boolean[1];
                ApprovalRequest result = transactions.execute(status -> {
                    ApprovalRequest request = approvals.findById(id).orElseThrow(ApprovalException::notFound);
                    wasPending[0] = request.state() == ApprovalState.PENDING;
                    ApprovalRequest changed = change.apply(request);
                    return approvals.saveAndFlush(changed);
                });
                waiters.transitioned(id);
                if (wasPending[0] && result.state() != ApprovalState.PENDING) {
                    metrics.finished(result.state().name(), Duration.between(result.createdAt(), clock.instant()));
                    metrics.pendingChanged(approvals.countByState(ApprovalState.PENDING));
                }
                return result;
            } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ApprovalException.conflict("conflict", "the request changed concurrently; try again");
                }
            }
        }
    }

    private void requireVisible(Caller caller, ApprovalRequest request) {
        if (!visible(caller, request)) {
            throw ApprovalException.forbidden("forbidden",
                    "only the requester, the gateway and members of " + request.reviewers() + " may see this request");
        }
    }

    private static boolean visible(Caller caller, ApprovalRequest request) {
        return caller.isProxy() || caller.subject().equals(request.requesterSubject())
                || caller.inAny(request.reviewers());
    }

    private static String stateName(ApprovalState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void publish(ApprovalRequest request, String action, String actor, String comment) {
        publish(request, action, actor, comment, Map.of());
    }

    private void publish(ApprovalRequest request, String action, String actor, String comment,
            Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("approvalId", request.id().toString());
        data.put("action", action);
        data.put("state", request.state().name());
        data.put("actor", actor);
        data.put("requester", request.requesterSubject());
        data.put("requesterKind", request.requesterKind());
        data.put("connection", request.connection());
        data.put("sessionId", request.sessionId());
        data.put("statement", request.statement());
        data.put("ruleId", request.ruleId());
        data.put("reviewers", request.reviewers());
        data.put("comment", comment);
        data.putAll(extra);
        audit.publish(AuditTypes.APPROVAL, request.requesterSubject(), data);
    }
}
