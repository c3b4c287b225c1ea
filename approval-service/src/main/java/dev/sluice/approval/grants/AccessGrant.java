package dev.sluice.approval.grants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One JIT access grant: while ACTIVE, policy-service treats its requester as a member of {@link #group()} on
 * {@link #connection()} until {@link #expiresAt()}. Every transition changes the row and so its {@link Version}: of
 * two racing transitions only one commits, the other is retried against the new state.
 */
@Entity
@Table(schema = "approval", name = "access_grants")
public class AccessGrant {
    @Id
    private UUID id;
    @Version
    private long version;
    @Enumerated(EnumType.STRING)
    private GrantState state;
    @Column(name = "requester_subject")
    private String requesterSubject;
    @Column(name = "requester_kind")
    private String requesterKind;
    @Column(name = "connection_name")
    private String connection;
    @Column(name = "group_name")
    private String group;
    @Column(name = "duration_seconds")
    private long durationSeconds;
    private String justification;
    @Column(name = "reviewer_groups")
    private String reviewerGroups;
    @Column(name = "min_approvals")
    private int minApprovals;
    private int approvals;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "activated_at")
    private Instant activatedAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decision_comment")
    private String decisionComment;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "ended_by")
    private String endedBy;
    @Column(name = "end_comment")
    private String endComment;

    protected AccessGrant() {
        // for JPA
    }

    /** A new pending grant request. */
    public AccessGrant(UUID id, String requesterSubject, String requesterKind, String connection, String group,
            Duration duration, String justification, List<String> reviewers, int minApprovals, Instant now) {
        this.id = id;
        this.state = GrantState.PENDING;
        this.requesterSubject = requesterSubject;
        this.requesterKind = requesterKind;
        this.connection = connection;
        this.group = group;
        this.durationSeconds = duration.toSeconds();
        this.justification = justification;
        this.reviewerGroups = String.join("\n", reviewers);
        this.minApprovals = minApprovals;
        this.createdAt = now;
    }

    /** Records an approving vote; active from {@code now} for the requested duration once enough agreed. */
    void approve(String reviewer, String comment, Instant now) {
        approvals++;
        if (approvals >= minApprovals) {
            state = GrantState.ACTIVE;
            activatedAt = now;
            expiresAt = now.plusSeconds(durationSeconds);
            decide(reviewer, comment, now);
        }
    }

    /** A reviewer refused it. */
    void deny(String reviewer, String comment, Instant now) {
        state = GrantState.DENIED;
        decide(reviewer, comment, now);
    }

    /** Ends a pending (CANCELLED) or active (REVOKED, EXPIRED) grant. */
    void end(GrantState finalState, String by, String comment, Instant now) {
        state = finalState;
        endedAt = now;
        endedBy = by;
        endComment = comment;
    }

    private void decide(String by, String comment, Instant now) {
        decidedAt = now;
        decidedBy = by;
        decisionComment = comment;
    }

    /** Whether the grant is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return state == GrantState.ACTIVE && now.isBefore(expiresAt);
    }

    public UUID id() {
        return id;
    }

    public GrantState state() {
        return state;
    }

    public String requesterSubject() {
        return requesterSubject;
    }

    public String requesterKind() {
        return requesterKind;
    }

    public String connection() {
        return connection;
    }

    public String group() {
        return group;
    }

    public Duration duration() {
        return Duration.ofSeconds(durationSeconds);
    }

    public String justification() {
        return justification;
    }

    public List<String> reviewers() {
        return reviewerGroups == null || reviewerGroups.isEmpty() ? List.of()
                : Arrays.asList(reviewerGroups.split("\n"));
    }

    public int minApprovals() {
        return minApprovals;
    }

    public int approvals() {
        return approvals;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public String decidedBy() {
        return decidedBy;
    }

    public String decisionComment() {
        return decisionComment;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public String endedBy() {
        return endedBy;
    }

    public String endComment() {
        return endComment;
    }
}
