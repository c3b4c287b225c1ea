package dev.sluice.approval.grants;

import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.AuditPublisher;
import dev.sluice.approval.service.Caller;
import dev.sluice.approval.store.Vote;
import dev.sluice.contracts.audit.AuditTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The rules of JIT access grants: what may be requested (configuration), who may see, decide and revoke them, and
 * the transitions {@code PENDING → ACTIVE | DENIED | CANCELLED}, {@code ACTIVE → EXPIRED | REVOKED}. Like approval
 * requests, each transition runs in its own transaction against a versioned row and is retried against the state
 * that won a race, so racing clicks leave exactly one final state. Committed transitions bump the {@link GrantFeed}
 * epoch (policy-service learns of them at once) and are published to {@code sluice.audit}.
 */
public final class GrantService {
    private static final Logger log = LoggerFactory.getLogger(GrantService.class);
    private static final int MAX_ATTEMPTS = 8;

    private final GrantRepository grants;
    private final GrantVoteRepository votes;
    private final TransactionTemplate transactions;
    private final GrantFeed feed;
    private final AuditPublisher audit;
    private final PendingGrantListener pendingListener;
    private final Clock clock;
    private final List<GrantProperties.Requestable> requestable;

    /** Told, inside the creating transaction, about a new pending grant (reviewer notifications use it). */
    @FunctionalInterface
    public interface PendingGrantListener {
        void pending(AccessGrant grant);
    }

    public GrantService(GrantRepository grants, GrantVoteRepository votes, TransactionTemplate transactions,
            GrantFeed feed, AuditPublisher audit, PendingGrantListener pendingListener, Clock clock,
            GrantProperties properties) {
        this.grants = grants;
        this.votes = votes;
        this.transactions = transactions;
        this.feed = feed;
        this.audit = audit;
        this.pendingListener = pendingListener;
        this.clock = clock;
        this.requestable = properties.requestable();
    }

    /** A person asks for {@code group} on {@code connection} for {@code duration}. */
    public AccessGrant request(Caller caller, String connection, String group, Duration duration,
            String justification) {
        if (caller.isProxy()) {
            throw ApprovalException.forbidden("forbidden", "grants are requested by people, not by the gateway");
        }
        if (caller.groups().contains(group)) {
            throw ApprovalException.badRequest(caller.subject() + " is already a member of " + group);
        }
        List<GrantProperties.Requestable> forGroup = requestable.stream()
                .filter(entry -> entry.group().equals(group) && entry.coversConnection(connection))
                .toList();
        if (forGroup.isEmpty()) {
            throw ApprovalException.forbidden("not_requestable",
                    "group " + group + " on connection " + connection + " cannot be requested");
        }
        GrantProperties.Requestable rule = forGroup.stream()
                .filter(entry -> entry.requesters().isEmpty() || caller.inAny(entry.requesters()))
                .findFirst()
                .orElseThrow(() -> ApprovalException.forbidden("not_requestable",
                        "only members of " + forGroup.getFirst().requesters() + " may request " + group));
        if (duration.compareTo(rule.maxDuration()) > 0) {
            throw ApprovalException.badRequest("duration must be at most " + rule.maxDuration() + " for group " + group);
        }
        Instant now = clock.instant();
        AccessGrant created = transactions.execute(status -> {
            if (grants.existsOpen(caller.subject(), connection, group, now)) {
                throw ApprovalException.conflict("duplicate",
                        caller.subject() + " already has a pending or active grant of " + group + " on " + connection);
            }
            AccessGrant grant = grants.save(new AccessGrant(UUID.randomUUID(), caller.subject(), caller.kind(),
                    connection, group, duration, justification, rule.reviewers(), rule.minApprovals(), now));
            pendingListener.pending(grant);
            return grant;
        });
        log.info("grant {} requested: {} for {} on {} ({})", created.id(), created.requesterSubject(),
                created.group(), created.connection(), created.duration());
        feed.changed();
        publish(created, "requested", caller.subject(), "", Map.of());
        return created;
    }

    /** One grant, if the caller may see it; an active grant past its expiry is expired first. */
    public AccessGrant find(Caller caller, UUID id) {
        AccessGrant grant = grants.findById(id).orElseThrow(GrantService::notFound);
        if (!visible(caller, grant)) {
            throw ApprovalException.forbidden("forbidden",
                    "only the requester and members of " + grant.reviewers() + " may see this grant");
        }
        return expireIfDue(grant);
    }

    /** Recent grants the caller may see, newest first, optionally of one state. */
    public List<AccessGrant> list(Caller caller, GrantState state, int limit) {
        expireDue();
        return grants.findRecent(state, PageRequest.of(0, 500)).stream()
                .filter(grant -> visible(caller, grant))
                .limit(limit)
                .toList();
    }

    /** The grants in force now, for policy-service. */
    public List<AccessGrant> active() {
        return grants.findActive(clock.instant());
    }

    /** The votes cast on a grant, oldest first. */
    public List<GrantVote> votes(UUID id) {
        return votes.findByGrantIdOrderByVotedAt(id);
    }

    /** A reviewer approves or denies a pending grant. */
    public AccessGrant decide(Caller caller, UUID id, Vote.Choice choice, String comment) {
        String note = comment == null ? "" : comment;
        AccessGrant decided = transition(id, grant -> {
            requireReviewer(caller, grant);
            if (caller.subject().equals(grant.requesterSubject())) {
                throw ApprovalException.forbidden("self_approval", "nobody may decide their own grant");
            }
            if (grant.state() != GrantState.PENDING) {
                throw ApprovalException.conflict("already_decided", "the grant is already " + name(grant.state()));
            }
            if (votes.existsById(new GrantVote.Key(id, caller.subject()))) {
                throw ApprovalException.conflict("already_voted",
                        caller.subject() + " has already decided on this grant; another reviewer must");
            }
            Instant now = clock.instant();
            votes.save(new GrantVote(id, caller.subject(), choice, note, now));
            switch (choice) {
                case APPROVE -> grant.approve(caller.subject(), note, now);
                case DENY -> grant.deny(caller.subject(), note, now);
            }
            return grant;
        });
        String action = switch (decided.state()) {
            case ACTIVE -> "approved";
            case DENIED -> "denied";
            default -> "vote";
        };
        publish(decided, action, caller.subject(), note, Map.of("vote", choice.name().toLowerCase(Locale.ROOT),
                "approvals", decided.approvals(), "minApprovals", decided.minApprovals()));
        return decided;
    }

    /**
     * Ends a grant early: the requester withdraws a pending request (CANCELLED) or gives up an active grant, or a
     * reviewer revokes an active grant (REVOKED).
     */
    public AccessGrant revoke(Caller caller, UUID id, String comment) {
        String note = comment == null ? "" : comment;
        boolean[] cancelled = {false};
        AccessGrant ended = transition(id, grant -> {
            boolean requester = !caller.isProxy() && caller.subject().equals(grant.requesterSubject());
            boolean reviewer = !caller.isProxy() && "human".equals(caller.kind()) && caller.inAny(grant.reviewers());
            if (!requester && !reviewer) {
                throw ApprovalException.forbidden("forbidden",
                        "only the requester or members of " + grant.reviewers() + " may revoke this grant");
            }
            Instant now = clock.instant();
            if (grant.state() == GrantState.ACTIVE && !grant.activeAt(now)) {
                grant.end(GrantState.EXPIRED, "", "expired at " + grant.expiresAt(), now);
                return grant;
            }
            switch (grant.state()) {
                case PENDING -> {
                    if (!requester) {
                        throw ApprovalException.conflict("not_active",
                                "a pending grant is denied with POST /v1/grants/{id}/decision, not revoked");
                    }
                    grant.end(GrantState.CANCELLED, caller.subject(), note, now);
                    cancelled[0] = true;
                }
                case ACTIVE -> grant.end(GrantState.REVOKED, caller.subject(), note, now);
                default -> throw ApprovalException.conflict("already_ended", "the grant is already " + name(grant.state()));
            }
            return grant;
        });
        if (ended.state() == GrantState.EXPIRED) {
            publish(ended, "expired", "", "", Map.of());
            throw ApprovalException.conflict("already_ended", "the grant has expired");
        }
        publish(ended, cancelled[0] ? "cancelled" : "revoked", caller.subject(), note, Map.of());
        return ended;
    }

    /** Marks every active grant past its expiry as EXPIRED; returns how many. */
    public int expireDue() {
        List<UUID> due = grants.findExpiredActive(clock.instant());
        due.forEach(id -> grants.findById(id).ifPresent(this::expireIfDue));
        return due.size();
    }

    private AccessGrant expireIfDue(AccessGrant grant) {
        if (grant.state() != GrantState.ACTIVE || grant.activeAt(clock.instant())) {
            return grant;
        }
        boolean[] expiredNow = {false};
        AccessGrant result = transition(grant.id(), current -> {
            expiredNow[0] = false;
            Instant now = clock.instant();
            if (current.state() == GrantState.ACTIVE && !current.activeAt(now)) {
                current.end(GrantState.EXPIRED, "", "expired at " + current.expiresAt(), now);
                expiredNow[0] = true;
            }
            return current;
        });
        if (expiredNow[0]) {
            publish(result, "expired", "", "", Map.of());
        }
        return result;
    }

    private static void requireReviewer(Caller caller, AccessGrant grant) {
        if (caller.isProxy() || !caller.inAny(grant.reviewers())) {
            throw ApprovalException.forbidden("not_a_reviewer",
                    "only members of " + grant.reviewers() + " may decide this grant");
        }
        if (!"human".equals(caller.kind())) {
            throw ApprovalException.forbidden("not_a_reviewer", "only human identities may review grants");
        }
    }

    /** Runs one transition in its own transaction, re-running it against the fresh row after a lost race. */
    private AccessGrant transition(UUID id, Function<AccessGrant, AccessGrant> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                GrantState[] before = new GrantState[1];
                AccessGrant result = transactions.execute(status -> {
                    AccessGrant grant = grants.findById(id).orElseThrow(GrantService::notFound);
                    before[0] = grant.state();
                    return grants.saveAndFlush(change.apply(grant));
                });
                if (result.state() != before[0]) {
                    feed.changed();
                }
                return result;
            } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw ApprovalException.conflict("conflict", "the grant changed concurrently; try again");
                }
            }
        }
    }

    private static boolean visible(Caller caller, AccessGrant grant) {
        return caller.isProxy() || caller.subject().equals(grant.requesterSubject()) || caller.inAny(grant.reviewers());
    }

    private static ApprovalException notFound() {
        return new ApprovalException(404, "not_found", "no such grant");
    }

    private static String name(GrantState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private void publish(AccessGrant grant, String action, String actor, String comment, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("grantId", grant.id().toString());
        data.put("action", action);
        data.put("state", grant.state().name());
        data.put("actor", actor);
        data.put("requester", grant.requesterSubject());
        data.put("requesterKind", grant.requesterKind());
        data.put("connection", grant.connection());
        data.put("group", grant.group());
        data.put("duration", grant.duration().toString());
        data.put("justification", grant.justification());
        data.put("reviewers", grant.reviewers());
        data.put("expiresAt", grant.expiresAt() == null ? "" : grant.expiresAt().toString());
        data.put("comment", comment);
        data.putAll(extra);
        audit.publish(AuditTypes.GRANT, grant.requesterSubject(), data);
    }
}
